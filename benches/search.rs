//! Buyer discovery at scale: a marketplace of 100,000 synthetic products (`caravan seed
//! --synthetic`; `PRODUCTS=1000000` for a million), on SQLite and, when `BENCH_DATABASE_URL`
//! names a PostgreSQL server, on PostgreSQL too. Prints:
//! - the search index's build time and size on disk;
//! - server-side search latency (p50/p95/p99) for a fixed list of 50 queries with and without
//!   facets, through the search engine and through the database path, with their ratio;
//! - pages per second with p50/p99 for the search page (rotating through the 50 queries with
//!   facets) and a product page under concurrent load (HTTP on loopback), rendered for every
//!   request and as anonymous visitors get them from the page cache, and the server's memory
//!   (RSS) after that load.
//!
//! Run: `cargo bench --bench search --features ssr` (options: PRODUCTS, CONCURRENCY, REQUESTS,
//! ROUNDS). The generated databases are kept under the target directory and reused.

use caravan::domain::search::ProductSearch;
use caravan::http;
use caravan::server::config::Config;
use caravan::server::db::Db;
use caravan::server::search::engine::{Engine, Location};
use caravan::server::{AppState, search, seed};
use leptos::config::LeptosOptions;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use support::{env_number, ms, rss_mb};

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

/// (p50, p95, p99) of `samples`.
fn percentiles(mut samples: Vec<Duration>) -> [Duration; 3] {
    samples.sort_unstable();
    [0.50, 0.95, 0.99].map(|p| samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)])
}

fn show(figures: [Duration; 3]) -> String {
    format!("p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms", ms(figures[0]), ms(figures[1]), ms(figures[2]))
}

/// Each query of `QUERIES` with `facets`, as a search.
fn searches(facets: &str) -> Vec<ProductSearch> {
    QUERIES.iter().map(|q| ProductSearch::from_query(&format!("q={}&{facets}", urlencoding::encode(q)))).collect()
}

/// Server-side latencies of the searches, through `engine` (or the database path), over
/// `rounds` rounds after one to warm up; and the results per search on average.
async fn latencies(db: &Db, engine: Option<&Engine>, searches: &[ProductSearch], rounds: usize) -> ([Duration; 3], u64) {
    let mut samples = Vec::new();
    let mut hits = 0;
    for round in 0..=rounds {
        for search in searches {
            let started = Instant::now();
            let results = search::run(db, engine, search.clone()).await.expect("search");
            if round > 0 {
                samples.push(started.elapsed());
                hits += results.total;
            }
        }
    }
    (percentiles(samples), hits / (rounds * searches.len()).max(1) as u64)
}

async fn measure(db: Db, url: &str) {
    let rounds = env_number("ROUNDS", 5);
    let index_dir = tempfile::tempdir().expect("index directory");
    let engine = Engine::open_at(&Location::Dir(index_dir.path().to_path_buf())).expect("an index");
    let (rss_before, started) = (rss_mb(), Instant::now());
    let documents = engine.rebuild(&db).await.expect("index build");
    let status = engine.status();
    println!(
        "index build: {documents} products in {:.2} s, {:.1} MB on disk ({} segments), RSS {:.0} → {:.0} MB",
        started.elapsed().as_secs_f64(),
        status.bytes_on_disk.unwrap_or(0) as f64 / 1e6,
        status.segments,
        rss_before,
        rss_mb()
    );
    for (label, facets) in [("text only", ""), ("text + facets", FACETS)] {
        let searches = searches(facets);
        let (indexed, hits) = latencies(&db, Some(&engine), &searches, rounds).await;
        let database_rounds = if documents > 200_000 { 1 } else { rounds };
        let (database, _) = latencies(&db, None, &searches, database_rounds).await;
        println!("search, {label} ({hits} results per search on average, {} searches):", searches.len() * rounds);
        println!("  engine:   {}", show(indexed));
        println!("  database: {}", show(database));
        println!(
            "  p95 database ÷ engine: {:.1}×",
            database[1].as_secs_f64() / indexed[1].as_secs_f64().max(f64::EPSILON)
        );
    }
    engine.shut();
    drop(engine);

    let concurrency = env_number("CONCURRENCY", 32);
    let requests = env_number("REQUESTS", 2_000);
    let (id, slug): (i64, String) =
        sqlx::query_as("SELECT id, slug FROM products WHERE status = 'published' ORDER BY id DESC LIMIT 1")
            .fetch_one(db.pool())
            .await
            .expect("a product");
    let dir = tempfile::tempdir().expect("data directory");
    let product: &'static str = Box::leak(format!("/p/{slug}-{id}").into_boxed_str());
    let search_pages: Vec<&'static str> = searches(FACETS)
        .iter()
        .map(|s| &*Box::leak(s.href().into_boxed_str()))
        .collect();
    // Every request rendered with every cache off, then as anonymous visitors get them: from
    // the page cache, rendered once per cache period.
    for (label, cache_secs) in [("rendered every time, caches off", 0), ("anonymous visitors, page cache on", 10)] {
        let mut config = Config::for_database(url);
        config.data_dir = dir.path().to_path_buf();
        config.page_cache_secs = cache_secs;
        config.search_index = dir.path().join(format!("index-{cache_secs}")).display().to_string();
        let options = LeptosOptions::builder().output_name("caravan").site_root("target/site").build();
        let state = AppState::new(db.clone(), config, options).expect("a complete configuration");
        while !state.search.is_ready() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let addr = support::serve(http::router(state.clone())).await;
        println!("search pages, {} queries with facets in turn ({label}):", search_pages.len());
        support::load_paths(addr, &search_pages, None, concurrency, requests).await;
        println!("product page {product} ({label}):");
        support::load(addr, product, None, concurrency, requests).await;
        println!("server RSS after the load: {:.0} MB", rss_mb());
        state.search.shut();
    }
}
