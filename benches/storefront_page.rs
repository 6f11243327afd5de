//! Load figures for a published storefront: requests per second and p50/p99 latency of the
//! server-rendered home page (12 blocks, featured products) and products page (grid) of a
//! supplier with 50 published products, served over HTTP on loopback by the real server stack
//! on SQLite, with a fixed number of keep-alive connections (like `wrk`).
//!
//! Run: `cargo bench --bench storefront_page --features ssr` (options: CONCURRENCY, REQUESTS).

use caravan::domain::form::FormValues;
use caravan::domain::product::{ProductInput, ProductStatus};
use caravan::domain::storefront::{BlockKind, PageKind};
use caravan::domain::{CompanyId, UserId};
use caravan::http;
use caravan::server::db::Db;
use caravan::server::{catalog, storefronts};
use support::env_number;

mod support;

const SLUG: &str = "huayu-textiles";
const PATH: &str = "/s/huayu-textiles";
const PRODUCTS_PATH: &str = "/s/huayu-textiles/products";
const PRODUCTS: usize = 50;

#[tokio::main]
async fn main() {
    let concurrency = env_number("CONCURRENCY", 32);
    let requests = env_number("REQUESTS", 5_000);
    let (_dir, db, state) = support::demo_marketplace().await;
    let blocks = grow_storefront(&db).await;
    let products = grow_catalog(&db, PRODUCTS).await;
    let addr = support::serve(http::router(state)).await;
    for path in [PATH, PRODUCTS_PATH] {
        let page_bytes = support::connection(addr).await.get(path, None).await;
        println!(
            "storefront page {path}: {blocks} blocks on the home page, {products} published products, {page_bytes} bytes of HTML"
        );
        support::load(addr, path, None, concurrency, requests).await;
    }
}

/// Lists products until the supplier has `target` published ones; answers how many it has.
async fn grow_catalog(db: &Db, target: usize) -> usize {
    let (company, user) = owner(db).await;
    let published: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE company_id = $1 AND status = 'published'")
            .bind(company.get())
            .fetch_one(db.pool())
            .await
            .expect("count");
    for n in published as usize..target {
        let form: FormValues = [
            ("title", format!("Cotton poplin, design {n:02}")),
            ("category", "cotton-fabric".to_string()),
            ("unit", "metre".to_string()),
            ("origin", "CN".to_string()),
            ("currency", "USD".to_string()),
            ("moq", "500".to_string()),
            ("tiers.0.min_quantity", "500".to_string()),
            ("tiers.0.price", "1.45".to_string()),
            ("tiers.1.min_quantity", "5000".to_string()),
            ("tiers.1.price", "1.30".to_string()),
            ("variants.0.sku", format!("POP-{n:03}")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let input = ProductInput::from_form(&form).expect("a valid product");
        let id = catalog::write(db, company, user, None, &input, None).await.expect("listed");
        catalog::set_status(db, company, &[id], ProductStatus::Published).await.expect("published");
    }
    target.max(published as usize)
}

async fn owner(db: &Db) -> (CompanyId, UserId) {
    let (company, user): (i64, i64) = sqlx::query_as(
        "SELECT c.id, m.user_id FROM companies c JOIN memberships m ON m.company_id = c.id \
         WHERE c.slug = $1 AND m.role = 'owner'",
    )
    .bind(SLUG)
    .fetch_one(db.pool())
    .await
    .expect("demo supplier");
    (CompanyId::new(company).unwrap(), UserId::new(user).unwrap())
}

/// Brings the demo supplier's home page to 12 blocks and publishes it.
async fn grow_storefront(db: &Db) -> usize {
    let (company, user) = owner(db).await;
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
