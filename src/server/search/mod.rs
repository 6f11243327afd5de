//! Buyers' product search over published products, native to each backend behind this one
//! interface: SQLite FTS5 ranked by BM25, PostgreSQL `tsvector` with a GIN index ranked by
//! `ts_rank_cd`, and for misspellings the FTS5 vocabulary or a trigram index over the indexed
//! words. Triggers (migration 0010) keep the index in step with every product write.
//!
//! A search is two queries. The facet query evaluates the matching products once (a
//! materialized CTE) and counts every facet from it, each facet counted under all the other
//! filters but not its own, so a buyer sees what each choice would leave. The page query
//! orders and cuts the filtered set to one page of ids; only those are then read in full.
//!
//! [`plan`] writes the two queries (every value bound), [`facets`] reads the counts,
//! [`spelling`] corrects and suggests; what the backends spell differently is the dialect's.
//!
//! That is the database path. The [`engine`] answers the same searches from an index of its
//! own, the same on both backends and much faster; searches take the database path only while
//! a server's index is being built.

pub mod engine;
mod facets;
mod plan;
mod spelling;
pub mod synonyms;

pub use engine::Engine;
pub use spelling::suggest;

use super::catalog::{Taxonomy, main_images};
use super::db::{Db, push_ids};
use super::market::country_name;
use crate::domain::links;
use crate::domain::product::Unit;
use crate::domain::search::{MAX_PAGE, PAGE_SIZE, ProductSearch, SearchSort, clip_query};
use crate::domain::{Currency, Money};
use crate::error::AppError;
use crate::model::search::{SearchHit, SearchResults};
use facets::{FacetRow, facets};
use plan::Plan;
use sqlx::QueryBuilder;
use std::collections::HashMap;

/// Runs a search, with the engine when it is ready; where nothing matches the text, tries the
/// nearest spelling the index knows.
pub async fn run(db: &Db, engine: Option<&Engine>, search: ProductSearch) -> Result<SearchResults, AppError> {
    let taxonomy = Taxonomy::load(db).await?;
    let results = run_once(db, engine, &taxonomy, search).await?;
    if results.total > 0 || results.search.terms().is_empty() {
        return Ok(results);
    }
    let corrected = match engine {
        Some(engine) => engine.correct(&results.search.terms()).await?,
        None => spelling::correct(db, &results.search.terms()).await?,
    };
    let Some(corrected) = corrected else {
        return Ok(results);
    };
    let typed = results.search.q.clone();
    let retry = run_once(db, engine, &taxonomy, ProductSearch { q: corrected, ..results.search.clone() }).await?;
    if retry.total == 0 {
        return Ok(results);
    }
    Ok(SearchResults { corrected_from: Some(typed), ..retry })
}

async fn run_once(
    db: &Db,
    engine: Option<&Engine>,
    taxonomy: &Taxonomy,
    mut search: ProductSearch,
) -> Result<SearchResults, AppError> {
    search.q = clip_query(&search.q);
    if let Some(engine) = engine {
        return run_in_engine(db, engine, taxonomy, search).await;
    }
    let dialect = db.dialect();
    let plan = Plan::new(&search, dialect, taxonomy);
    // The page's ids are asked for beside the facets, on a second connection, unless the
    // page's order needs what the facets find (the main currency, for a price sort).
    let price_sort = matches!(search.sort, SearchSort::PriceLow | SearchSort::PriceHigh);
    let (rows, early_ids) = if price_sort && search.currency.is_none() {
        (facet_rows(db, &plan).await?, None)
    } else {
        let (rows, ids) = tokio::try_join!(facet_rows(db, &plan), page_ids(db, &plan, search.currency))?;
        (rows, Some(ids))
    };
    let facets = facets(&search, taxonomy, &rows);
    let total: u64 = rows.iter().filter(|r| r.facet == "category").map(|r| r.n.max(0) as u64).sum();
    let pages = total.div_ceil(u64::from(PAGE_SIZE)).min(u64::from(MAX_PAGE)) as u32;
    let ids = match early_ids {
        Some(ids) if search.page <= pages.max(1) => ids,
        _ => {
            // Past the last page, the last page is shown.
            search.page = search.page.min(pages.max(1));
            page_ids(db, &Plan::new(&search, dialect, taxonomy), facets.price_currency).await?
        }
    };
    let plan = Plan::new(&search, dialect, taxonomy);
    let hits = hits(db, &plan, taxonomy, &ids).await?;
    Ok(SearchResults { search, hits, total, pages, facets, corrected_from: None })
}

/// One pass over the index counts and places everything; the page's products are then read
/// from the database.
async fn run_in_engine(
    db: &Db,
    engine: &Engine,
    taxonomy: &Taxonomy,
    mut search: ProductSearch,
) -> Result<SearchResults, AppError> {
    let counts = engine.search(&search, taxonomy).await?;
    let facets = facets(&search, taxonomy, &counts.rows());
    let total = counts.total;
    let pages = total.div_ceil(u64::from(PAGE_SIZE)).min(u64::from(MAX_PAGE)) as u32;
    search.page = search.page.min(pages.max(1));
    let ids = counts.page(search.page, search.currency.or(facets.price_currency));
    let plan = Plan::new(&search, db.dialect(), taxonomy);
    let hits = hits(db, &plan, taxonomy, &ids).await?;
    Ok(SearchResults { search, hits, total, pages, facets, corrected_from: None })
}

async fn facet_rows(db: &Db, plan: &Plan<'_>) -> Result<Vec<FacetRow>, AppError> {
    Ok(db.fetch_all(&mut plan.facet_query()).await?)
}

async fn page_ids(db: &Db, plan: &Plan<'_>, price_currency: Option<Currency>) -> Result<Vec<i64>, AppError> {
    let rows: Vec<(i64,)> = db.fetch_all(&mut plan.page_query(price_currency)).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// A result as the page shows it.
#[derive(sqlx::FromRow)]
struct HitRow {
    id: i64,
    slug: String,
    title: String,
    #[sqlx(try_from = "String")]
    unit: Unit,
    #[sqlx(try_from = "i64")]
    moq: u64,
    #[sqlx(try_from = "String")]
    currency: Currency,
    price_from: i64,
    /// The unit price at the buyer's quantity, when one is given.
    price_at: Option<i64>,
    lead: Option<i64>,
    sample_price: Option<i64>,
    category_id: i64,
    supplier: String,
    supplier_slug: String,
    country: String,
    verified_at: Option<i64>,
}

/// The page's products in full, in the page's order.
async fn hits(db: &Db, plan: &Plan<'_>, taxonomy: &Taxonomy, ids: &[i64]) -> Result<Vec<SearchHit>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = QueryBuilder::new("SELECT p.id, p.slug, p.title, p.unit, p.moq, p.currency, p.price_from, ");
    if plan.search.quantity.is_some() {
        plan.push_price(&mut sql);
    } else {
        sql.push("NULL");
    }
    sql.push(" AS price_at, ");
    plan.push_lead(&mut sql);
    sql.push(
        " AS lead, p.sample_price, p.category_id, co.name AS supplier, co.slug AS supplier_slug, co.country, \
         co.verified_at FROM search_facts s JOIN products p ON p.id = s.product_id \
         JOIN companies co ON co.id = p.company_id WHERE s.product_id IN ",
    );
    push_ids(&mut sql, ids);
    let rows: Vec<HitRow> = db.fetch_all(&mut sql).await?;
    let mut images = main_images(db, ids).await?;
    let mut by_id: HashMap<i64, SearchHit> = HashMap::new();
    for row in rows {
        let currency = row.currency;
        let at_quantity = plan.search.quantity.zip(row.price_at).and_then(|(quantity, unit_price)| {
            let unit_price = Money::from_minor(unit_price, currency);
            Some((unit_price, unit_price.checked_mul(quantity).ok()?))
        });
        by_id.insert(
            row.id,
            SearchHit {
                product_id: row.id,
                href: links::product(&row.slug, row.id),
                title: row.title,
                image: images.remove(&row.id),
                category: taxonomy.by_id(row.category_id).map(|c| c.name.clone()).unwrap_or_default(),
                supplier: row.supplier,
                supplier_href: links::storefront(&row.supplier_slug),
                supplier_country: country_name(&row.country),
                verified: row.verified_at.is_some(),
                unit: row.unit,
                moq: row.moq,
                price_from: Money::from_minor(row.price_from, currency),
                at_quantity,
                lead_days: row.lead.and_then(|d| u32::try_from(d).ok()),
                sample: row.sample_price.is_some(),
            },
        );
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}
