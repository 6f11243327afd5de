//! What the load benchmarks share: keep-alive HTTP/1.1 connections to the real server stack,
//! a fixed number of concurrent clients (like `wrk`), and latency percentiles.
// Each benchmark compiles this module on its own and uses part of it.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, header};
use caravan::server::config::Config;
use caravan::server::db::Db;
use caravan::server::{AppState, seed};
use http_body_util::BodyExt;
use hyper_util::rt::TokioIo;
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The demo marketplace on a fresh SQLite database in a temporary directory (kept while the
/// returned handle lives).
pub async fn demo_marketplace() -> (tempfile::TempDir, Db, AppState) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let (db, state) = demo_marketplace_at(&url, &dir).await;
    (dir, db, state)
}

/// The demo marketplace on the (empty) database at `url`, media under `dir`.
pub async fn demo_marketplace_at(url: &str, dir: &tempfile::TempDir) -> (Db, AppState) {
    demo_marketplace_with(url, dir, |_| {}).await
}

/// [`demo_marketplace_at`] with settings of the benchmark's own (a payment provider).
pub async fn demo_marketplace_with(
    url: &str,
    dir: &tempfile::TempDir,
    configure: impl Fn(&mut Config),
) -> (Db, AppState) {
    let db = Db::connect(url).await.expect("database");
    db.migrate().await.expect("migrations");
    let mut config = Config::for_database(url);
    config.data_dir = dir.path().to_path_buf();
    // Benchmarks sign up many buyers from one address.
    config.signups_per_hour = i64::MAX;
    configure(&mut config);
    let options = LeptosOptions::builder().output_name("caravan").site_root("target/site").build();
    let state = AppState::new(db.clone(), config, options).expect("a complete configuration");
    seed::demo(&db, &state.media, false).await.expect("demo data");
    (db, state)
}

/// An empty database `name` of its own on the PostgreSQL server of `admin_url`.
pub async fn fresh_postgres(admin_url: &str, name: &str) -> String {
    use sqlx::{Connection, Executor};
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(admin_url).await.expect("BENCH_DATABASE_URL answers");
    admin.execute(format!("DROP DATABASE IF EXISTS {name}").as_str()).await.expect("drop the old bench database");
    admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create the bench database");
    let (base, _) = admin_url.rsplit_once('/').expect("a database URL");
    format!("{base}/{name}")
}

/// Serves `app` on a free loopback port.
pub async fn serve(app: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = listener.local_addr().expect("address");
    let service = app.into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await.expect("server") });
    addr
}

/// One keep-alive HTTP/1.1 connection to the server.
pub struct Connection {
    sender: hyper::client::conn::http1::SendRequest<Body>,
}

pub async fn connection(addr: SocketAddr) -> Connection {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.expect("handshake");
    tokio::spawn(conn);
    Connection { sender }
}

impl Connection {
    /// Requests a page (with the session `cookie`, if any) and reads it whole; returns its size.
    pub async fn get(&mut self, path: &str, cookie: Option<&str>) -> usize {
        self.fetch(path, cookie).await.len()
    }

    /// Requests a page (with the session `cookie`, if any); answers its body.
    pub async fn fetch(&mut self, path: &str, cookie: Option<&str>) -> axum::body::Bytes {
        let mut request = Request::get(path).header(header::HOST, "127.0.0.1").header(header::ACCEPT, "text/html");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.sender.ready().await.expect("connection ready");
        let response = self.sender.send_request(request.body(Body::empty()).expect("request")).await.expect("response");
        assert!(response.status().is_success(), "{path} answers {}", response.status());
        response.into_body().collect().await.expect("body").to_bytes()
    }

    /// Posts a form; returns the session cookie the server sets.
    pub async fn post_form(&mut self, path: &str, body: &str) -> Option<String> {
        let request = Request::post(path)
            .header(header::HOST, "127.0.0.1")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, "http://127.0.0.1")
            .body(Body::from(body.to_string()))
            .expect("request");
        self.sender.ready().await.expect("connection ready");
        let response = self.sender.send_request(request).await.expect("response");
        assert!(response.status().is_success(), "{path} answers {}", response.status());
        let cookie = response.headers().get(header::SET_COOKIE)?.to_str().ok()?.split(';').next()?.to_string();
        Some(cookie)
    }
}

impl Connection {
    /// Buyer company `n` signed up as a browser does, its address confirmed as the mailed link
    /// would, then signed in: answers its session cookie.
    pub async fn signed_in_buyer(&mut self, db: &Db, n: usize) -> String {
        let email = format!("buyer{n}@bench.example");
        let signup = format!(
            "account_type=buyer&company_name=Bench+Buyer+{n}&country=DE&name=Bench+Buyer&email={email}\
             &password=correct+horse+battery"
        );
        self.post_form("/api/signup", &signup).await;
        sqlx::query("UPDATE users SET email_verified_at = created_at WHERE email = $1")
            .bind(&email)
            .execute(db.pool())
            .await
            .expect("address confirmed");
        self.post_form("/api/login", &format!("email={email}&password=correct+horse+battery"))
            .await
            .expect("a session")
    }
}

/// What a form post answered.
pub struct Reply {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

impl Connection {
    /// Posts a form as a signed-in browser script does (with the session `cookie`).
    pub async fn post(&mut self, path: &str, body: &str, cookie: &str) -> Reply {
        self.request("POST", path, Some(("application/x-www-form-urlencoded", body.as_bytes().to_vec())), cookie).await
    }

    /// Any request a signed-in browser script makes: `body` is (content type, bytes).
    pub async fn request(&mut self, method: &str, path: &str, body: Option<(&str, Vec<u8>)>, cookie: &str) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "127.0.0.1")
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, "http://127.0.0.1")
            .header(header::COOKIE, cookie);
        let body = match body {
            Some((content_type, bytes)) => {
                request = request.header(header::CONTENT_TYPE, content_type);
                Body::from(bytes)
            }
            None => Body::empty(),
        };
        let request = request.body(body).expect("request");
        self.sender.ready().await.expect("connection ready");
        let response = self.sender.send_request(request).await.expect("response");
        let status = response.status().as_u16();
        let location = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_string);
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        Reply { status, location, body: String::from_utf8_lossy(&bytes).into_owned() }
    }
}

/// The 50th and 99th percentiles of `latencies` (sorted here).
pub fn percentiles(latencies: &mut [Duration]) -> (Duration, Duration) {
    latencies.sort_unstable();
    let at = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    (at(0.50), at(0.99))
}

/// Requests `path` `requests` times over `concurrency` connections; prints the figures.
pub async fn load(addr: SocketAddr, path: &'static str, cookie: Option<String>, concurrency: usize, requests: usize) {
    load_paths(addr, &[path], cookie, concurrency, requests).await;
}

/// What a load run measured.
pub struct Throughput {
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
}

/// [`load`] over several addresses, taken in turn; prints and answers the figures.
pub async fn load_paths(
    addr: SocketAddr,
    paths: &[&'static str],
    cookie: Option<String>,
    concurrency: usize,
    requests: usize,
) -> Throughput {
    let per_worker = requests.div_ceil(concurrency);
    let paths: std::sync::Arc<Vec<&'static str>> = std::sync::Arc::new(paths.to_vec());
    let started = Instant::now();
    // Collected, so that every connection starts now (an iterator would spawn them one by one).
    let workers: Vec<_> = (0..concurrency)
        .map(|worker| {
            let cookie = cookie.clone();
            let paths = paths.clone();
            tokio::spawn(async move {
                let mut client = connection(addr).await;
                let mut latencies = Vec::with_capacity(per_worker);
                for n in 0..per_worker {
                    let start = Instant::now();
                    client.get(paths[(worker + n * 7) % paths.len()], cookie.as_deref()).await;
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
    let (p50, p99) = percentiles(&mut latencies);
    let per_second = latencies.len() as f64 / elapsed.as_secs_f64();
    println!("concurrency {concurrency}, {} requests in {:.2} s", latencies.len(), elapsed.as_secs_f64());
    println!("requests per second: {per_second:.0}");
    println!("latency p50: {:.2} ms, p99: {:.2} ms", ms(p50), ms(p99));
    Throughput { per_second, p50, p99 }
}

/// This process's resident memory, in megabytes.
pub fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}
