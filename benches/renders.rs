//! How fast pages render against the cheapest possible answer: a product page, a search page
//! and a storefront page, each served (1) as a static file by this bench's own minimal server
//! (the same bytes, so the same transfer), (2) rendered afresh for a signed-in buyer, as every
//! signed-in buyer and supplier gets them, and (3) to anonymous visitors from the page cache.
//! Each figure is printed beside the static one as a ratio (our bar: fresh ≥ 0.10 of static,
//! cached ≥ 0.75), since this machine is shared and absolute figures drift from run to run.
//!
//! Run: `cargo bench --bench renders --features ssr` (options: CONCURRENCY, REQUESTS;
//! `BENCH_DATABASE_URL=postgres://…` also measures on PostgreSQL).

use axum::Router;
use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use caravan::http;
use caravan::server::db::Db;
use std::time::Duration;
use support::{Throughput, env_number};

mod support;

const STOREFRONT: &str = "/s/huayu-textiles";
const SEARCH: &str = "/search?q=cotton&sort=relevance";

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = format!("sqlite://{}", dir.path().join("renders.db").display());
    println!("== SQLite ==");
    measure(&sqlite, &dir).await;
    if let Ok(admin_url) = std::env::var("BENCH_DATABASE_URL") {
        println!("\n== PostgreSQL ==");
        let url = support::fresh_postgres(&admin_url, "caravan_bench_renders").await;
        let pg_dir = tempfile::tempdir().expect("temp dir");
        measure(&url, &pg_dir).await;
    }
}

async fn measure(url: &str, dir: &tempfile::TempDir) {
    let concurrency = env_number("CONCURRENCY", 32);
    let requests = env_number("REQUESTS", 5_000);
    let (db, state) = support::demo_marketplace_at(url, dir).await;
    while !state.search.is_ready() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let addr = support::serve(http::router(state.clone())).await;
    let buyer = support::connection(addr).await.signed_in_buyer(&db, 0).await;
    let product: &'static str = Box::leak(product_path(&db).await.into_boxed_str());
    for (label, path) in [("product page", product), ("search page", SEARCH), ("storefront page", STOREFRONT)] {
        let html = support::connection(addr).await.fetch(path, Some(&buyer)).await;
        println!("{label} {path} ({} bytes of HTML for a signed-in buyer):", html.len());
        let static_addr = support::serve(static_file(html)).await;
        println!(" static file, this bench's own server:");
        // The cheap answers get ten times the requests, so that their runs last long enough to time.
        let fixed = support::load_paths(static_addr, &[path], None, concurrency, requests * 10).await;
        println!(" rendered for a signed-in buyer:");
        let fresh = support::load_paths(addr, &[path], Some(buyer.clone()), concurrency, requests).await;
        println!(" anonymous visitors, page cache on:");
        let cached = support::load_paths(addr, &[path], None, concurrency, requests * 10).await;
        println!(
            " → rendered ÷ static {:.3} (bar 0.10), cached ÷ static {:.3} (bar 0.75)\n",
            ratio(&fresh, &fixed),
            ratio(&cached, &fixed)
        );
    }
    state.search.shut();
}

fn ratio(a: &Throughput, b: &Throughput) -> f64 {
    a.per_second / b.per_second.max(f64::EPSILON)
}

/// Answers every request with `html`, as a file server answers with a file.
fn static_file(html: Bytes) -> Router {
    Router::new().fallback(move || {
        let html = html.clone();
        async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response() }
    })
}

async fn product_path(db: &Db) -> String {
    let (id, slug): (i64, String) =
        sqlx::query_as("SELECT id, slug FROM products WHERE status = 'published' ORDER BY id LIMIT 1")
            .fetch_one(db.pool())
            .await
            .expect("a product");
    format!("/p/{slug}-{id}")
}
