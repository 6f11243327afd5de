//! Buyer discovery at scale: a marketplace of 100,000 synthetic products (`caravan seed
//! --synthetic`), on SQLite and, when `BENCH_DATABASE_URL` names a PostgreSQL server, on
//! PostgreSQL too. Prints server-side search latency (p50/p95/p99) for a fixed list of 50
//! queries with and without facets, then requests per second with p50/p99 for a product
//! page and a search page under concurrent load (HTTP on loopback), rendered for every
//! request and as anonymous visitors get them from the page cache.
//!
//! Run: `cargo bench --bench search --features ssr` (options: PRODUCTS, CONCURRENCY, REQUESTS,
//! ROUNDS). The generated databases are kept under the target directory and reused.

use caravan::domain::search::ProductSearch;
use caravan::http;
use caravan::server::config::Config;
use caravan::server::db::Db;
use caravan::server::{AppState, search, seed};
use leptos::config::LeptosOptions;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use support::{env_number, ms};

mod support;

/// What buyers type: products, materials, specifications, suppliers, prefixes and typos.
const QUERIES: [&str; 50] = [
    "cotton",
    "poplin fabric",
    "denim",
    "stretch denim",
    "t-shirt",
    "hoodie",
    "workwear",
    "coverall",
    "fabric 150",
    "steel",
    "stainless steel",
    "hex bolts",
    "bolt m12",
    "steel plate",
    "aluminium",
    "pipe",
    "valve",
    "bearing",
    "ceramic",
    "tile",
    "porcelain",
    "glass",
    "bottle",
    "pet bottles",
    "container",
    "packaging",
    "carton",
    "box",
    "led",
    "cable",
    "solar",
    "lamp",
    "furniture",
    "chair",
    "table",
    "wood",
    "bamboo",
    "organic",
    "recycled",
    "premium",
    "eco",
    "industrial",
    "model 7",
    "a100",
    "polyster",
    "stainles",
    "huayu",
    "premium cotton poplin",
    "heavy-duty steel",
    "zz",
];

/// The facets a buyer adds on top of the text.
const FACETS: &str = "qty=1000&moq_max=1000&lead_max=30&verified=1&sort=price";

#[tokio::main]
async fn main() {
    let products = env_number("PRODUCTS", 100_000);
    let mut backends = vec![("SQLite", sqlite_url(products))];
    if let Ok(url) = std::env::var("BENCH_DATABASE_URL")
        && !url.trim().is_empty()
    {
        backends.push(("PostgreSQL", postgres_url(url.trim(), products).await));
    }
    for (name, url) in backends {
        println!("== {name}, {products} synthetic products (plus the demo catalog)");
        let db = prepared(&url, products).await;
        measure(db, &url).await;
    }
}

fn sqlite_url(products: usize) -> String {
    let dir = std::env::var("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from("target"));
    let dir = dir.join("bench-data");
    std::fs::create_dir_all(&dir).expect("bench data directory");
    format!("sqlite://{}", dir.join(format!("search-{products}.db")).display())
}

/// A database of its own on the server, named after the catalog size.
async fn postgres_url(admin_url: &str, products: usize) -> String {
    use sqlx::{Connection, Executor};
    sqlx::any::install_default_drivers();
    let name = format!("caravan_bench_search_{products}");
    let mut admin = sqlx::AnyConnection::connect(admin_url).await.expect("BENCH_DATABASE_URL answers");
    let exists: Option<(i32,)> = sqlx::query_as(&format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"))
        .fetch_optional(&mut admin)
        .await
        .expect("list databases");
    if exists.is_none() {
        admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create the bench database");
    }
    let (base, _) = admin_url.rsplit_once('/').expect("a database URL");
    format!("{base}/{name}")
}

/// The database with the demo marketplace and `products` synthetic products, generated once.
async fn prepared(url: &str, products: usize) -> Db {
    let db = Db::connect(url).await.expect("database");
    db.migrate().await.expect("migrations");
    let synthetic: i64 =
        sqlx::query_scalar("SELECT COUNT(DISTINCT product_id) FROM product_variants WHERE sku LIKE 'SYN-%'")
            .fetch_one(db.pool())
            .await
            .expect("count");
    let missing = products.saturating_sub(synthetic as usize);
    if missing > 0 {
        let dir = tempfile::tempdir().expect("media directory");
        let media = caravan::server::media::Media::local(dir.path());
        seed::demo(&db, &media, true).await.expect("demo data");
        println!("generating {missing} synthetic products (kept for the next run)…");
        print!("{}", seed::synthetic(&db, missing).await.expect("synthetic catalog"));
    }
    db
}

fn percentiles(mut samples: Vec<Duration>) -> String {
    samples.sort_unstable();
    let at = |p: f64| ms(samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)]);
    format!("p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms ({} searches)", at(0.50), at(0.95), at(0.99), samples.len())
}

async fn measure(db: Db, url: &str) {
    let rounds = env_number("ROUNDS", 5);
    for (label, facets) in [("text only", ""), ("text + facets", FACETS)] {
        let mut samples = Vec::new();
        let mut hits = 0;
        // Per query: its slowest time and how many results it has.
        let mut per_query: Vec<(Duration, &str, u64)> = QUERIES.iter().map(|q| (Duration::ZERO, *q, 0)).collect();
        for round in 0..=rounds {
            for (n, q) in QUERIES.iter().enumerate() {
                let search = ProductSearch::from_query(&format!("q={}&{facets}", urlencoding::encode(q)));
                let started = Instant::now();
                let results = search::run(&db, search).await.expect("search");
                // The first round warms the caches and is not counted.
                if round > 0 {
                    let took = started.elapsed();
                    samples.push(took);
                    hits += results.total;
                    per_query[n].0 = per_query[n].0.max(took);
                    per_query[n].2 = results.total;
                }
            }
        }
        println!(
            "search, {label}: {} ({} results per search on average)",
            percentiles(samples),
            hits / (rounds as u64 * 50)
        );
        per_query.sort_by_key(|q| std::cmp::Reverse(q.0));
        let slowest: Vec<String> =
            per_query.iter().take(5).map(|(took, q, n)| format!("{q:?} {:.0} ms ({n} results)", ms(*took))).collect();
        println!("  slowest: {}", slowest.join(", "));
    }

    let concurrency = env_number("CONCURRENCY", 32);
    let requests = env_number("REQUESTS", 1_000);
    let (id, slug): (i64, String) =
        sqlx::query_as("SELECT id, slug FROM products WHERE status = 'published' ORDER BY id DESC LIMIT 1")
            .fetch_one(db.pool())
            .await
            .expect("a product");
    let dir = tempfile::tempdir().expect("data directory");
    let product: &'static str = Box::leak(format!("/p/{slug}-{id}").into_boxed_str());
    let search_page = "/search?q=steel&qty=1000&verified=1&sort=price";
    // Every request rendered (as for a signed-in buyer), then as anonymous visitors get them:
    // from the page cache, rendered once per cache period.
    for (label, cache_secs) in [("rendered every time", 0), ("anonymous visitors, page cache on", 10)] {
        let mut config = Config::for_database(url);
        config.data_dir = dir.path().to_path_buf();
        config.page_cache_secs = cache_secs;
        let options = LeptosOptions::builder().output_name("caravan").site_root("target/site").build();
        let addr =
            support::serve(http::router(AppState::new(db.clone(), config, options).expect("a complete configuration")))
                .await;
        println!("product page {product} ({label}):");
        support::load(addr, product, None, concurrency, requests).await;
        println!("search page {search_page} ({label}):");
        support::load(addr, search_page, None, concurrency, requests).await;
    }
}
