//! Read models for the public marketplace pages.

mod cards;
mod company;
mod directory;
mod products;

use super::catalog::{category_subtree, category_trail};
use super::db::{Db, push_ids};
use super::seo;
use crate::domain::Country;
use crate::domain::links;
use crate::error::AppError;
use crate::model::market::{CategoryPage, CategoryTile, HomeData, MarketStats};
use crate::model::session::CategoryLink;
use cards::{CARD_COLUMNS, CardRow, cards};
pub use company::{CompanyRef, find_company, supplier_summaries};
pub use directory::{contains_pattern, search_suppliers};
use products::{Cards, product_cards};
pub use products::{GRID_PAGE_SIZE, Showing, product_address, product_list, product_page};
use sqlx::{Any, QueryBuilder};
use std::collections::HashMap;

const SELLERS: &str = "c.kind IN ('supplier', 'both')";

#[derive(sqlx::FromRow)]
struct LinkRow {
    slug: String,
    name: String,
}

impl From<LinkRow> for CategoryLink {
    fn from(row: LinkRow) -> CategoryLink {
        CategoryLink { slug: row.slug, name: row.name }
    }
}

pub async fn top_categories(db: &Db) -> Result<Vec<CategoryLink>, AppError> {
    let rows: Vec<LinkRow> =
        sqlx::query_as("SELECT slug, name FROM categories WHERE parent_id IS NULL ORDER BY position, name")
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(CategoryLink::from).collect())
}

/// A country's name from its stored code (the code itself if it is unknown).
pub fn country_name(code: &str) -> String {
    Country::parse(code).map(|c| c.name().to_string()).unwrap_or_else(|_| code.to_string())
}

#[derive(sqlx::FromRow)]
struct TileRow {
    id: i64,
    parent_id: Option<i64>,
    slug: String,
    name: String,
}

#[derive(sqlx::FromRow)]
struct TopCount {
    top: i64,
    suppliers: i64,
}

#[derive(sqlx::FromRow)]
struct StatsRow {
    suppliers: i64,
    buyers: i64,
    countries: i64,
}

pub async fn home(db: &Db) -> Result<HomeData, AppError> {
    let categories: Vec<TileRow> = sqlx::query_as(
        // Parents first, so every child finds its tile.
        "SELECT id, parent_id, slug, name FROM categories \
             WHERE parent_id IS NULL OR parent_id IN (SELECT id FROM categories WHERE parent_id IS NULL) \
             ORDER BY CASE WHEN parent_id IS NULL THEN 0 ELSE 1 END, position, name",
    )
    .fetch_all(db.pool())
    .await?;
    // Suppliers per top-level category, counting those listed under any of its children too.
    let counts: Vec<TopCount> = sqlx::query_as(
        "SELECT COALESCE(cat.parent_id, cat.id) AS top, COUNT(DISTINCT cc.company_id) AS suppliers \
         FROM company_categories cc JOIN categories cat ON cat.id = cc.category_id \
         GROUP BY COALESCE(cat.parent_id, cat.id)",
    )
    .fetch_all(db.pool())
    .await?;
    let counts: HashMap<i64, i64> = counts.into_iter().map(|c| (c.top, c.suppliers)).collect();
    let mut tiles: Vec<CategoryTile> = Vec::new();
    let mut tile_index: HashMap<i64, usize> = HashMap::new();
    for row in categories {
        let link = CategoryLink { slug: row.slug, name: row.name };
        match row.parent_id {
            None => {
                tile_index.insert(row.id, tiles.len());
                tiles.push(CategoryTile {
                    category: link,
                    children: Vec::new(),
                    supplier_count: counts.get(&row.id).copied().unwrap_or(0),
                });
            }
            Some(parent) => {
                if let Some(&i) = tile_index.get(&parent) {
                    tiles[i].children.push(link);
                }
            }
        }
    }
    let newest_suppliers: Vec<CardRow> = sqlx::query_as(&format!(
        "SELECT {CARD_COLUMNS} FROM companies c WHERE {SELLERS} ORDER BY c.created_at DESC, c.id DESC LIMIT 8"
    ))
    .fetch_all(db.pool())
    .await?;
    let stats: StatsRow = sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM companies WHERE kind IN ('supplier', 'both')) AS suppliers, \
           (SELECT COUNT(*) FROM companies WHERE kind IN ('buyer', 'both')) AS buyers, \
           (SELECT COUNT(DISTINCT country) FROM companies) AS countries",
    )
    .fetch_one(db.pool())
    .await?;
    let verified: Vec<CardRow> = sqlx::query_as(&format!(
        "SELECT {CARD_COLUMNS} FROM companies c WHERE {SELLERS} AND c.verified_at IS NOT NULL \
         ORDER BY c.verified_at DESC, c.id DESC LIMIT 4"
    ))
    .fetch_all(db.pool())
    .await?;
    Ok(HomeData {
        tiles,
        featured_products: product_cards(db, &Cards::VerifiedShowcase, 8, 0).await?,
        new_products: product_cards(db, &Cards::All, 8, 0).await?,
        verified_suppliers: cards(db, verified).await?,
        new_suppliers: cards(db, newest_suppliers).await?,
        stats: MarketStats { suppliers: stats.suppliers, buyers: stats.buyers, countries: stats.countries },
    })
}

/// Suppliers listed in a category page: the verified first.
const CATEGORY_SUPPLIERS: i64 = 12;

/// The selling companies listed in any of `categories`.
fn push_listed_in(sql: &mut QueryBuilder<'_, Any>, categories: &[i64]) {
    sql.push(format!(
        " FROM companies c WHERE {SELLERS} AND c.id IN (SELECT cc.company_id FROM company_categories cc \
         WHERE cc.category_id IN "
    ));
    push_ids(sql, categories);
    sql.push(")");
}

pub async fn category(db: &Db, public_url: &str, slug: &str) -> Result<CategoryPage, AppError> {
    let id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM categories WHERE slug = $1").bind(slug).fetch_optional(db.pool()).await?;
    let id = id.ok_or_else(|| AppError::not_found("category"))?;
    let trail = category_trail(db, slug).await?;
    let category =
        trail.last().cloned().ok_or_else(|| AppError::internal(format_args!("category {slug} has no trail")))?;
    let children: Vec<LinkRow> =
        sqlx::query_as("SELECT slug, name FROM categories WHERE parent_id = $1 ORDER BY position, name")
            .bind(id)
            .fetch_all(db.pool())
            .await?;
    let subtree = category_subtree(db, slug).await?;
    let mut count = QueryBuilder::new("SELECT COUNT(*)");
    push_listed_in(&mut count, &subtree);
    let supplier_total: i64 = db.fetch_scalar(&mut count).await?;
    let mut listed = QueryBuilder::new(format!("SELECT {CARD_COLUMNS}"));
    push_listed_in(&mut listed, &subtree);
    listed.push(" ORDER BY c.verified_at IS NULL, c.name LIMIT ").push_bind(CATEGORY_SUPPLIERS);
    let rows: Vec<CardRow> = db.fetch_all(&mut listed).await?;
    let mut steps = vec![(format!("{public_url}/"), "Caravan".to_string())];
    steps.extend(trail.iter().map(|c| (format!("{public_url}{}", links::category(&c.slug)), c.name.clone())));
    Ok(CategoryPage {
        category,
        children: children.into_iter().map(CategoryLink::from).collect(),
        suppliers: cards(db, rows).await?,
        supplier_total: supplier_total.max(0) as u64,
        json_ld: seo::script_text(&seo::breadcrumbs(&steps)),
    })
}
