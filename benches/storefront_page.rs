//! Load figures for a published storefront page: requests per second and p50/p99 latency of
//! the server-rendered `/s/{slug}` with 12 blocks, served over HTTP on loopback by the real
//! server stack on SQLite, with a fixed number of keep-alive connections (like `wrk`).
//!
//! Run: `cargo bench --bench storefront_page --features ssr` (options: CONCURRENCY, REQUESTS).

use axum::body::Body;
use axum::http::{Request, header};
use caravan::domain::storefront::{BlockKind, PageKind};
use caravan::domain::{CompanyId, UserId};
use caravan::server::config::Config;
use caravan::server::db::Db;
use caravan::server::{AppState, http, seed, storefronts};
use http_body_util::BodyExt;
use hyper_util::rt::TokioIo;
use leptos::config::LeptosOptions;
use std::time::{Duration, Instant};

const SLUG: &str = "huayu-textiles";

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let concurrency = env_number("CONCURRENCY", 32);
    let requests = env_number("REQUESTS", 5_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let db = Db::connect(&url).await.expect("database");
    db.migrate().await.expect("migrations");
    let mut config = Config::for_database(&url);
    config.data_dir = dir.path().to_path_buf();
    let options = LeptosOptions::builder().output_name("caravan").site_root("target/site").build();
    let state = AppState::new(db.clone(), config, options);
    seed::demo(&db, &state.media, false).await.expect("demo data");
    let blocks = grow_storefront(&db).await;
    let app = http::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("server") });

    let page_bytes = connection(addr).await.get().await;
    let started = Instant::now();
    let per_worker = requests.div_ceil(concurrency);
    // Collected, so that every connection starts now (an iterator would spawn them one by one).
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            tokio::spawn(async move {
                let mut client = connection(addr).await;
                let mut latencies = Vec::with_capacity(per_worker);
                for _ in 0..per_worker {
                    let start = Instant::now();
                    client.get().await;
                    latencies.push(start.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = Vec::with_capacity(requests);
    for worker in workers {
        latencies.extend(worker.await.expect("worker"));
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    let percentile = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!("storefront page /s/{SLUG}: {blocks} blocks, {page_bytes} bytes of HTML");
    println!("concurrency {concurrency}, {} requests in {:.2} s", latencies.len(), elapsed.as_secs_f64());
    println!("requests per second: {:.0}", latencies.len() as f64 / elapsed.as_secs_f64());
    println!("latency p50: {:.2} ms, p99: {:.2} ms", ms(percentile(0.50)), ms(percentile(0.99)));
}

/// One keep-alive HTTP/1.1 connection to the server.
struct Connection {
    sender: hyper::client::conn::http1::SendRequest<Body>,
}

async fn connection(addr: std::net::SocketAddr) -> Connection {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.expect("handshake");
    tokio::spawn(conn);
    Connection { sender }
}

impl Connection {
    /// Requests the storefront and reads the whole page; returns its size.
    async fn get(&mut self) -> usize {
        let request = Request::get(format!("/s/{SLUG}"))
            .header(header::HOST, "127.0.0.1")
            .header(header::ACCEPT, "text/html")
            .body(Body::empty())
            .expect("request");
        self.sender.ready().await.expect("connection ready");
        let response = self.sender.send_request(request).await.expect("response");
        assert!(response.status().is_success(), "the storefront answers {}", response.status());
        response.into_body().collect().await.expect("body").to_bytes().len()
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

/// Brings the demo supplier's home page to 12 blocks and publishes it.
async fn grow_storefront(db: &Db) -> usize {
    let (company, user): (i64, i64) = sqlx::query_as(
        "SELECT c.id, m.user_id FROM companies c JOIN memberships m ON m.company_id = c.id \
         WHERE c.slug = $1 AND m.role = 'owner'",
    )
    .bind(SLUG)
    .fetch_one(db.pool())
    .await
    .expect("demo supplier");
    let (company, user) = (CompanyId::new(company).unwrap(), UserId::new(user).unwrap());
    let kinds = [
        BlockKind::Testimonials,
        BlockKind::Faq,
        BlockKind::Certifications,
        BlockKind::RichText,
        BlockKind::ContactCta,
    ];
    let builder = storefronts::builder(db, company).await.expect("builder");
    let mut revision = builder.revision;
    let mut count = builder.doc.page(PageKind::Home).map(|p| p.blocks.len()).unwrap_or(0);
    for kind in kinds.iter().cycle() {
        if count >= 12 {
            break;
        }
        revision = storefronts::edit(db, company, user, revision, |doc| doc.add_block(PageKind::Home, *kind))
            .await
            .expect("add block")
            .1;
        count += 1;
    }
    storefronts::publish(db, company, user, revision).await.expect("publish");
    count
}
