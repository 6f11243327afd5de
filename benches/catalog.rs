//! Catalog figures: how fast a CSV import of 10,000 new products is checked and applied
//! (rows per second), and requests per second with p50/p99 latency of the supplier's product
//! list page once the catalog holds those 10,000 products (HTTP on loopback, SQLite).
//!
//! Run: `cargo bench --bench catalog --features ssr` (options: ROWS, CONCURRENCY, REQUESTS).

use caravan::domain::{CompanyId, UserId};
use caravan::http;
use caravan::server::db::Db;
use caravan::server::{catalog_csv, seed};
use std::time::Instant;
use support::env_number;

mod support;

const OWNER: &str = "li.wei@huayu-textiles.example";

#[tokio::main]
async fn main() {
    let rows = env_number("ROWS", 10_000);
    let concurrency = env_number("CONCURRENCY", 32);
    let requests = env_number("REQUESTS", 2_000);
    let (_dir, db, state) = support::demo_marketplace().await;
    let (company, user) = owner(&db).await;

    let csv = catalog_file(rows);
    let started = Instant::now();
    let job = catalog_csv::check(&db, company, user, "bench.csv", &csv).await.expect("check");
    let checked = started.elapsed();
    let started = Instant::now();
    catalog_csv::run(&db, company, user, job, &csv).await.expect("import");
    let applied = started.elapsed();
    println!("CSV import of {rows} new products ({} KB):", csv.len() / 1024);
    println!("  check: {:.2} s, {:.0} rows per second", checked.as_secs_f64(), rows as f64 / checked.as_secs_f64());
    println!("  apply: {:.2} s, {:.0} rows per second", applied.as_secs_f64(), rows as f64 / applied.as_secs_f64());

    let addr = support::serve(http::router(state)).await;
    let body = format!("email={}&password={}", OWNER.replace('@', "%40"), seed::DEMO_PASSWORD);
    let cookie = support::connection(addr).await.post_form("/api/login", &body).await.expect("a session");
    let bytes = support::connection(addr).await.get("/supplier/products", Some(&cookie)).await;
    println!("product list /supplier/products at {} products: {bytes} bytes of HTML", rows + 4);
    support::load(addr, "/supplier/products", Some(cookie.clone()), concurrency, requests).await;
    println!("searched by title or SKU, /supplier/products?q=model+07:");
    support::load(addr, "/supplier/products?q=model+07", Some(cookie), concurrency, requests).await;
}

async fn owner(db: &Db) -> (CompanyId, UserId) {
    let (company, user): (i64, i64) = sqlx::query_as(
        "SELECT m.company_id, m.user_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1",
    )
    .bind(OWNER)
    .fetch_one(db.pool())
    .await
    .expect("demo supplier");
    (CompanyId::new(company).unwrap(), UserId::new(user).unwrap())
}

/// `rows` products of one SKU each, with three price tiers, lead times and specifications.
fn catalog_file(rows: usize) -> String {
    let mut csv = String::from(
        "sku,title,status,category,unit,currency,moq,increment,tiers,lead_times,variant,stock,origin,specs\n",
    );
    for n in 0..rows {
        csv.push_str(&format!(
            "BENCH-{n:06},\"Poplin fabric model {n:05}\",published,cotton-fabric,metre,USD,500,100,\"500:1.38; 2500:1.26; 10000:1.17\",\
             \"2500:15; 10000:30\",White,{},CN,\"Material=Cotton; Width=150 cm\"\n",
            n % 5000
        ));
    }
    csv
}
