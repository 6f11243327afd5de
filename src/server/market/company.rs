//! A supplier's public profile, and the summaries buyers compare suppliers by.

//! Read models for the public marketplace pages.

use super::{LinkRow, SELLERS, country_name};
use crate::domain::date::iso_date;
use crate::domain::links;
use crate::domain::message::Responsiveness;
use crate::domain::profile::{BusinessType, ResponseTime};
use crate::domain::review::SupplierRating;
use crate::domain::{CompanyId, CompanyKind};
use crate::error::AppError;
use crate::model::compare::SupplierSummary;
use crate::model::market::CompanyProfile;
use crate::model::session::CategoryLink;
use crate::server::db::{Choice, Db, push_ids};
use crate::server::profiles::{self, FactsRow};
use crate::server::{media, messages, now};
use sqlx::QueryBuilder;
use std::collections::HashMap;

/// How a company is looked up for its public profile.
pub enum CompanyRef<'a> {
    Slug(&'a str),
    Id(CompanyId),
}

/// The `companies` columns of a public profile.
#[derive(sqlx::FromRow)]
struct CompanyRow {
    id: CompanyId,
    name: String,
    slug: String,
    #[sqlx(try_from = "String")]
    kind: CompanyKind,
    country: String,
    created_at: i64,
    logo_media: Option<i64>,
    banner_media: Option<i64>,
    verified_at: Option<i64>,
    review_stars: i64,
    review_count: i64,
    #[sqlx(flatten)]
    facts: FactsRow,
}

/// A selling company's public profile (with its row id), or `None` when there is no such
/// supplier.
pub async fn find_company(db: &Db, by: CompanyRef<'_>) -> Result<Option<(CompanyId, CompanyProfile)>, AppError> {
    let condition = match by {
        CompanyRef::Slug(_) => "c.slug = $1",
        CompanyRef::Id(_) => "c.id = $1",
    };
    let sql = format!(
        "SELECT c.id, c.name, c.slug, c.kind, c.country, c.created_at, c.logo_media, c.banner_media, c.verified_at, \
         c.review_stars, c.review_count, {} FROM companies c WHERE {SELLERS} AND {condition}",
        profiles::FACT_COLUMNS
    );
    let query = sqlx::query_as(&sql);
    let row: Option<CompanyRow> = match by {
        CompanyRef::Slug(slug) => query.bind(slug),
        CompanyRef::Id(id) => query.bind(id.get()),
    }
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let id = row.id;
    let categories: Vec<LinkRow> = sqlx::query_as(
        "SELECT cat.slug, cat.name FROM company_categories cc JOIN categories cat ON cat.id = cc.category_id \
         WHERE cc.company_id = $1 ORDER BY cat.position, cat.name",
    )
    .bind(id.get())
    .fetch_all(db.pool())
    .await?;
    let facts = profiles::facts_from(db, id, row.facts, categories.len()).await?;
    let (logo, banner) = (row.logo_media, row.banner_media);
    let mut images = media::find_many(db, &[logo, banner].into_iter().flatten().collect::<Vec<_>>()).await?;
    let profile = CompanyProfile {
        name: row.name,
        slug: row.slug,
        kind: row.kind,
        country_name: country_name(&row.country),
        country_code: row.country,
        member_since: row.created_at,
        categories: categories.into_iter().map(CategoryLink::from).collect(),
        facts,
        certifications: profiles::certifications(db, id).await?,
        today: iso_date(now()),
        logo: logo.and_then(|id| images.get(&id).map(|i| i.image.clone())),
        banner: banner.and_then(|id| images.remove(&id).map(|i| i.image)),
        verified_since: row.verified_at,
        measured_response_secs: messages::response_times(db, &[id.get()]).await?.remove(&id.get()),
        rating: SupplierRating::from_totals(row.review_stars, row.review_count),
    };
    Ok(Some((id, profile)))
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    name: String,
    slug: String,
    country: String,
    verified_at: Option<i64>,
    year_established: Option<i64>,
    #[sqlx(try_from = "String")]
    business_type: Choice<BusinessType>,
    #[sqlx(try_from = "String")]
    response_time: Choice<ResponseTime>,
    review_stars: i64,
    review_count: i64,
}

/// Cards of suppliers by company id: what buyers judge them by.
pub async fn supplier_summaries(db: &Db, company_ids: &[i64]) -> Result<HashMap<i64, SupplierSummary>, AppError> {
    if company_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut sql = QueryBuilder::new(
        "SELECT id, name, slug, country, verified_at, year_established, business_type, response_time, review_stars, \
         review_count FROM companies WHERE id IN ",
    );
    push_ids(&mut sql, company_ids);
    let rows: Vec<SummaryRow> = db.fetch_all(&mut sql).await?;
    let measured = messages::response_times(db, company_ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            (
                row.id,
                SupplierSummary {
                    name: row.name,
                    href: links::storefront(&row.slug),
                    country: country_name(&row.country),
                    verified: row.verified_at.is_some(),
                    year_established: row.year_established,
                    business_type: row.business_type.0,
                    response: Responsiveness {
                        measured_secs: measured.get(&row.id).copied(),
                        stated: row.response_time.0,
                    },
                    rating: SupplierRating::from_totals(row.review_stars, row.review_count),
                },
            )
        })
        .collect())
}
