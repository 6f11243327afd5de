//! `caravan seed --demo`: a living demo marketplace with known logins. Idempotent: running it
//! again adds only what is missing. It refuses a database holding real companies unless forced.
//!
//! [`data`] holds the demo's tables; companies, people and memberships are written through the
//! accounts service, listings through the catalog's, storefronts as the builder would publish.

mod catalog;
mod data;
mod pictures;

pub use catalog::synthetic;

use super::accounts::{self, NewCompany};
use super::db::Db;
use super::media::Media;
use super::{now, password};
use crate::domain::{City, CompanyName, Country, Email, PersonName, Slug, UserId};
use crate::error::{AppError, OrInternal};
use data::{COMPANIES, DemoCompany};
use pictures::PictureCache;
use sqlx::{Any, Transaction};
use std::fmt::Write;

pub const DEMO_PASSWORD: &str = "caravan-demo";
pub const DEMO_ADMIN: &str = "admin@caravan.example";

const DAY: i64 = 86_400;

/// The account with `email`, made with the demo password (hashed once, as `hash`) if new.
async fn demo_user(
    tx: &mut Transaction<'static, Any>,
    email: &str,
    name: &str,
    hash: &str,
    is_admin: bool,
    at: i64,
) -> Result<UserId, AppError> {
    let email = Email::parse(email).or_internal()?;
    match accounts::find_user_id(&mut **tx, &email).await? {
        Some(id) => Ok(id),
        None => accounts::insert_user(
            tx,
            &email,
            &PersonName::parse(name).or_internal()?,
            hash,
            is_admin,
            at,
            accounts::Address::Confirmed,
        )
        .await?
        .ok_or_else(|| AppError::internal("a demo account was created meanwhile")),
    }
}

/// Writes one demo company with its profile, storefront, people and memberships.
async fn demo_company(
    tx: &mut Transaction<'static, Any>,
    media: &Media,
    pictures: &mut PictureCache,
    company: &DemoCompany,
    hash: &str,
    index: usize,
    created: i64,
) -> Result<(), AppError> {
    let new = NewCompany {
        kind: company.kind.parse().or_internal()?,
        name: CompanyName::parse(company.name).or_internal()?,
        country: Country::parse(company.country).or_internal()?,
        city: City::parse(company.city).or_internal()?.to_string(),
    };
    let company_id = accounts::insert_company(tx, &new, &Slug::parse(company.slug).or_internal()?, created).await?;
    sqlx::query("UPDATE companies SET description = $1 WHERE id = $2")
        .bind(company.description)
        .bind(company_id)
        .execute(&mut **tx)
        .await?;
    for slug in company.categories {
        sqlx::query(
            "INSERT INTO company_categories (company_id, category_id) SELECT $1, id FROM categories WHERE slug = $2 \
             ON CONFLICT DO NOTHING",
        )
        .bind(company_id)
        .bind(*slug)
        .execute(&mut **tx)
        .await?;
    }
    if let Some(profile) = &company.profile {
        sqlx::query(
            "UPDATE companies SET business_type = $1, year_established = $2, employee_range = $3, response_time = $4, \
             verified_at = $5 WHERE id = $6",
        )
        .bind(profile.business_type)
        .bind(profile.year)
        .bind(profile.employees)
        .bind(profile.response)
        // Two in three demo suppliers hold the Verified badge.
        .bind((!index.is_multiple_of(3)).then_some(created + 10 * DAY))
        .bind(company_id)
        .execute(&mut **tx)
        .await?;
        for region in profile.markets {
            sqlx::query("INSERT INTO company_export_markets (company_id, region) VALUES ($1, $2)")
                .bind(company_id)
                .bind(*region)
                .execute(&mut **tx)
                .await?;
        }
        pictures::publish_demo_storefront(tx, media, pictures, company_id, company, index, created).await?;
    }
    for (i, (name, email, role)) in company.people.iter().enumerate() {
        let joined = created + i as i64 * 7 * DAY;
        let user = demo_user(tx, email, name, hash, false, joined).await?;
        // Someone already in another company (a re-used address) stays where they are.
        accounts::add_member(tx, company_id, user, *role, joined).await?;
    }
    Ok(())
}

/// Seeds the demo marketplace and returns what to tell the operator.
pub async fn demo(db: &Db, media: &Media, force: bool) -> Result<String, AppError> {
    let demo_slugs: Vec<&str> = COMPANIES.iter().map(|c| c.slug).collect();
    let slugs: Vec<String> = sqlx::query_scalar("SELECT slug FROM companies").fetch_all(db.pool()).await?;
    let foreign = slugs.iter().filter(|s| !demo_slugs.contains(&s.as_str())).count();
    if foreign > 0 && !force {
        return Err(AppError::Conflict(format!(
            "This database already holds {foreign} compan{} that are not demo data. \
             Seeding would mix demo suppliers into it; re-run with --force if that is what you want.",
            if foreign == 1 { "y" } else { "ies" }
        )));
    }
    let hash = password::hash(DEMO_PASSWORD.to_string()).await?;
    let now = now();
    let mut added = 0;
    let mut pictures = PictureCache::new();
    let mut tx = db.begin_write().await?;
    for company in COMPANIES {
        if slugs.iter().any(|s| s == company.slug) {
            continue;
        }
        added += 1;
        let created = now - company.joined_days_ago * DAY;
        demo_company(&mut tx, media, &mut pictures, company, &hash, added, created).await?;
    }
    demo_user(&mut tx, DEMO_ADMIN, "Platform Admin", &hash, true, now).await?;
    tx.commit().await?;
    let products = catalog::demo_products(db).await?;

    let mut report = String::new();
    let _ = writeln!(
        report,
        "Demo marketplace ready: {added} companies added, {} already present.",
        COMPANIES.len() - added
    );
    let _ = writeln!(report, "{products} demo products added.");
    let _ = writeln!(report, "Sign in with password \"{DEMO_PASSWORD}\" as:");
    let _ = writeln!(report, "  supplier  li.wei@huayu-textiles.example      (owner, Zhejiang Huayu Textiles)");
    let _ = writeln!(report, "  buyer     emma.clarke@northwind-retail.example  (owner, Northwind Retail Group)");
    let _ = writeln!(report, "  admin     {DEMO_ADMIN}");
    Ok(report)
}
