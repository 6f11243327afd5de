//! Load figures for a published storefront page: requests per second and p50/p99 latency of
//! the server-rendered `/s/{slug}` with 12 blocks, served over HTTP on loopback by the real
//! server stack on SQLite, with a fixed number of keep-alive connections (like `wrk`).
//!
//! Run: `cargo bench --bench storefront_page --features ssr` (options: CONCURRENCY, REQUESTS).

use caravan::domain::storefront::{BlockKind, PageKind};
use caravan::domain::{CompanyId, UserId};
use caravan::server::config::Config;
use caravan::server::db::Db;
use caravan::server::{AppState, http, seed, storefronts};
use leptos::config::LeptosOptions;
use support::env_number;

mod support;

const SLUG: &str = "huayu-textiles";
const PATH: &str = "/s/huayu-textiles";

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
    let addr = support::serve(http::router(state)).await;
    let page_bytes = support::connection(addr).await.get(PATH, None).await;
    println!("storefront page {PATH}: {blocks} blocks, {page_bytes} bytes of HTML");
    support::load(addr, PATH, None, concurrency, requests).await;
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
