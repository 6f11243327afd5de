//! Read models for the public marketplace pages.

use super::db::{Arg, Db, Sql};
use super::{media, profiles};
use crate::domain::message::Responsiveness;
use crate::domain::product::{Unit, market_href};
use crate::domain::review::SupplierRating;
use crate::domain::{CompanyId, Country, Currency, Money};
use crate::error::AppError;
use crate::model::compare::SupplierSummary;
use crate::model::market::{
    CategoryPage, CategoryTile, CompanyProfile, CountryCount, HomeData, MarketStats, ProductCard, ProductList,
    ProductPage, SupplierCard, SupplierFilters, SupplierSearch, YEARS_IN_BUSINESS,
};
use crate::model::session::CategoryLink;
use std::collections::HashMap;

const SELLERS: &str = "c.kind IN ('supplier', 'both')";
const SUMMARY_CHARS: usize = 160;
const SEARCH_LIMIT: i64 = 60;

pub async fn top_categories(db: &Db) -> Result<Vec<CategoryLink>, AppError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT slug, name FROM categories WHERE parent_id IS NULL ORDER BY position, name")
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(|(slug, name)| CategoryLink { slug, name }).collect())
}

type CardRow = (i64, String, String, String, String, String, i64, Option<i64>);

const CARD_COLUMNS: &str = "c.id, c.name, c.slug, c.country, c.city, c.description, c.created_at, c.verified_at";

/// Turns company rows into cards, fetching all their categories in one query.
async fn cards(db: &Db, rows: Vec<CardRow>) -> Result<Vec<SupplierCard>, AppError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    // The ids come from the database as integers, so listing them inline is injection-free.
    let ids = rows.iter().map(|r| r.0.to_string()).collect::<Vec<_>>().join(",");
    let category_rows: Vec<(i64, String)> = sqlx::query_as(&format!(
        "SELECT cc.company_id, cat.name FROM company_categories cc JOIN categories cat ON cat.id = cc.category_id \
         WHERE cc.company_id IN ({ids}) ORDER BY cat.position, cat.name"
    ))
    .fetch_all(db.pool())
    .await?;
    let mut categories: HashMap<i64, Vec<String>> = HashMap::new();
    for (company_id, name) in category_rows {
        categories.entry(company_id).or_default().push(name);
    }
    Ok(rows
        .into_iter()
        .map(|(id, name, slug, country, city, description, created_at, verified_at)| SupplierCard {
            name,
            slug,
            country_name: country_name(&country),
            country_code: country,
            city,
            summary: summarise(&description),
            categories: categories.remove(&id).unwrap_or_default(),
            member_since: created_at,
            verified: verified_at.is_some(),
        })
        .collect())
}

/// A country's name from its stored code (the code itself if it is unknown).
pub fn country_name(code: &str) -> String {
    Country::parse(code).map(|c| c.name().to_string()).unwrap_or_else(|_| code.to_string())
}

/// The first sentence-ish of a description, cut at a word boundary.
fn summarise(description: &str) -> String {
    let first_paragraph = description.split("\n\n").next().unwrap_or_default().trim();
    if first_paragraph.chars().count() <= SUMMARY_CHARS {
        return first_paragraph.to_string();
    }
    let cut: String = first_paragraph.chars().take(SUMMARY_CHARS).collect();
    let at_word = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", at_word.trim_end_matches([',', '.', ';', ':']))
}

pub async fn home(db: &Db) -> Result<HomeData, AppError> {
    let categories: Vec<(i64, Option<i64>, String, String)> = sqlx::query_as(
        // Parents first, so every child finds its tile.
        "SELECT id, parent_id, slug, name FROM categories \
             WHERE parent_id IS NULL OR parent_id IN (SELECT id FROM categories WHERE parent_id IS NULL) \
             ORDER BY CASE WHEN parent_id IS NULL THEN 0 ELSE 1 END, position, name",
    )
    .fetch_all(db.pool())
    .await?;
    // Suppliers per top-level category, counting those listed under any of its children too.
    let counts: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT COALESCE(cat.parent_id, cat.id) AS top, COUNT(DISTINCT cc.company_id) FROM company_categories cc \
         JOIN categories cat ON cat.id = cc.category_id GROUP BY COALESCE(cat.parent_id, cat.id)",
    )
    .fetch_all(db.pool())
    .await?;
    let counts: HashMap<i64, i64> = counts.into_iter().collect();
    let mut tiles: Vec<CategoryTile> = Vec::new();
    let mut tile_index: HashMap<i64, usize> = HashMap::new();
    for (id, parent, slug, name) in categories {
        let link = CategoryLink { slug, name };
        match parent {
            None => {
                tile_index.insert(id, tiles.len());
                tiles.push(CategoryTile {
                    category: link,
                    children: Vec::new(),
                    supplier_count: counts.get(&id).copied().unwrap_or(0),
                });
            }
            Some(parent) => {
                if let Some(&i) = tile_index.get(&parent) {
                    tiles[i].children.push(link);
                }
            }
        }
    }
    let rows: Vec<CardRow> = sqlx::query_as(&format!(
        "SELECT {CARD_COLUMNS} FROM companies c WHERE {SELLERS} ORDER BY c.created_at DESC, c.id DESC LIMIT 8"
    ))
    .fetch_all(db.pool())
    .await?;
    let (suppliers, buyers, countries): (i64, i64, i64) = sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM companies WHERE kind IN ('supplier', 'both')), \
           (SELECT COUNT(*) FROM companies WHERE kind IN ('buyer', 'both')), \
           (SELECT COUNT(DISTINCT country) FROM companies)",
    )
    .fetch_one(db.pool())
    .await?;
    let verified: Vec<CardRow> = sqlx::query_as(&format!(
        "SELECT {CARD_COLUMNS} FROM companies c WHERE {SELLERS} AND c.verified_at IS NOT NULL \
         ORDER BY c.verified_at DESC, c.id DESC LIMIT 4"
    ))
    .fetch_all(db.pool())
    .await?;
    // Each verified supplier's newest product: a showcase without one seller filling it.
    let featured = product_cards(
        db,
        "s.product_id IN (SELECT MAX(v.product_id) FROM search_facts v WHERE v.verified = 1 GROUP BY v.company_id)",
        8,
        0,
    )
    .await?;
    let newest = product_cards(db, "1 = 1", 8, 0).await?;
    Ok(HomeData {
        tiles,
        featured_products: featured,
        new_products: newest,
        verified_suppliers: cards(db, verified).await?,
        new_suppliers: cards(db, rows).await?,
        stats: MarketStats { suppliers, buyers, countries },
    })
}

/// Suppliers listed in a category page: the verified first.
const CATEGORY_SUPPLIERS: i64 = 12;

pub async fn category(db: &Db, public_url: &str, slug: &str) -> Result<CategoryPage, AppError> {
    let id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM categories WHERE slug = $1").bind(slug).fetch_optional(db.pool()).await?;
    let id = id.ok_or_else(|| AppError::not_found("category"))?;
    let trail = super::catalog::category_trail(db, slug).await?;
    let category = trail.last().cloned().ok_or(AppError::Internal)?;
    let children: Vec<(String, String)> =
        sqlx::query_as("SELECT slug, name FROM categories WHERE parent_id = $1 ORDER BY position, name")
            .bind(id)
            .fetch_all(db.pool())
            .await?;
    // Ids from the database, listed inline.
    let subtree =
        super::catalog::category_subtree(db, slug).await?.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let listed = format!(
        "{SELLERS} AND c.id IN (SELECT cc.company_id FROM company_categories cc WHERE cc.category_id IN ({subtree}))"
    );
    let supplier_total: i64 =
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM companies c WHERE {listed}")).fetch_one(db.pool()).await?;
    let rows: Vec<CardRow> = sqlx::query_as(&format!(
        "SELECT {CARD_COLUMNS} FROM companies c WHERE {listed} ORDER BY c.verified_at IS NULL, c.name LIMIT {CATEGORY_SUPPLIERS}"
    ))
    .fetch_all(db.pool())
    .await?;
    let mut steps = vec![(format!("{public_url}/"), "Caravan".to_string())];
    steps.extend(trail.iter().map(|c| (format!("{public_url}/c/{}", c.slug), c.name.clone())));
    Ok(CategoryPage {
        category,
        children: children.into_iter().map(|(slug, name)| CategoryLink { slug, name }).collect(),
        suppliers: cards(db, rows).await?,
        supplier_total: supplier_total.max(0) as u64,
        json_ld: super::seo::script_text(&super::seo::breadcrumbs(&steps)),
    })
}

/// `LIKE` pattern matching `text` anywhere, with the pattern characters in it taken literally.
pub fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(ch);
    }
    pattern.push('%');
    pattern
}

/// Suppliers whose name, city, description or categories contain every word of the query.
pub async fn search_suppliers(db: &Db, filters: SupplierFilters) -> Result<SupplierSearch, AppError> {
    let SupplierFilters { q, country, category, verified, min_years, page } = filters;
    let query = crate::domain::search::clip_query(&q);
    let country = Country::parse(&country).ok();
    let words: Vec<String> =
        query.to_lowercase().split(' ').filter(|w| !w.is_empty()).take(8).map(contains_pattern).collect();
    let mut base = Sql::default();
    base.push(" FROM companies c WHERE ").push(SELLERS);
    for word in &words {
        base.push(" AND (LOWER(c.name) LIKE ")
            .bind(Arg::Text(word.clone()))
            .push(" ESCAPE '\\' OR LOWER(c.city) LIKE ");
        base.bind(Arg::Text(word.clone())).push(" ESCAPE '\\' OR LOWER(c.description) LIKE ");
        base.bind(Arg::Text(word.clone())).push(
            " ESCAPE '\\' OR EXISTS (SELECT 1 FROM company_categories cc JOIN categories cat ON cat.id = cc.category_id \
             WHERE cc.company_id = c.id AND LOWER(cat.name) LIKE ",
        );
        base.bind(Arg::Text(word.clone())).push(" ESCAPE '\\'))");
    }
    let categories = top_categories(db).await?;
    // Any category of the taxonomy, with everything under it; an unknown one filters nothing.
    let subtree =
        if category.is_empty() { Vec::new() } else { super::catalog::category_subtree(db, &category).await? };
    let category = if subtree.is_empty() { String::new() } else { category };
    if !subtree.is_empty() {
        // Ids from the database, listed inline.
        let ids = subtree.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        base.push(&format!(
            " AND EXISTS (SELECT 1 FROM company_categories cc WHERE cc.company_id = c.id AND cc.category_id IN ({ids}))"
        ));
    }
    // Country counts leave the country out, the other counts keep it: people can switch.
    let this_year = crate::domain::date::civil_date(super::now()).0;
    let established_by = |years: u32| this_year - i64::from(years);
    let years_condition = |years: Option<u32>| {
        years.map(|y| format!(" AND c.year_established <= {}", established_by(y))).unwrap_or_default()
    };
    let verified_condition = if verified { " AND c.verified_at IS NOT NULL" } else { "" };
    let facet = Sql {
        text: format!(
            "SELECT c.country, COUNT(*){}{verified_condition}{} GROUP BY c.country",
            base.text,
            years_condition(min_years)
        ),
        args: base.args.clone(),
    };
    let mut countries: Vec<CountryCount> = facet
        .query_as::<(String, i64)>()
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|(code, count)| CountryCount { name: country_name(&code), code, count })
        .collect();
    countries.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    let country_condition = country.map(|c| format!(" AND c.country = '{}'", c.code())).unwrap_or_default();
    let sums: String = YEARS_IN_BUSINESS
        .iter()
        .map(|y| {
            format!(
                ", SUM(CASE WHEN c.year_established <= {} {verified_condition} THEN 1 ELSE 0 END)",
                established_by(*y)
            )
        })
        .collect();
    let counts = Sql {
        text: format!(
            "SELECT COUNT(*), SUM(CASE WHEN c.verified_at IS NOT NULL {} THEN 1 ELSE 0 END){sums}{}{country_condition}",
            years_condition(min_years),
            base.text
        ),
        args: base.args.clone(),
    };
    let counts: (i64, Option<i64>, Option<i64>, Option<i64>, Option<i64>) =
        counts.query_as().fetch_one(db.pool()).await?;
    let filtered = format!("{}{country_condition}{verified_condition}{}", base.text, years_condition(min_years));
    let total: (i64,) = Sql { text: format!("SELECT COUNT(*){filtered}"), args: base.args.clone() }
        .query_as()
        .fetch_one(db.pool())
        .await?;
    let pages = (total.0.max(0) as u32).div_ceil(SEARCH_LIMIT as u32).max(1);
    let page = page.clamp(1, pages);
    let rows: Vec<CardRow> = Sql {
        text: format!(
            "SELECT {CARD_COLUMNS}{filtered} ORDER BY c.verified_at IS NULL, c.name, c.id LIMIT {SEARCH_LIMIT} OFFSET {}",
            i64::from(page - 1) * SEARCH_LIMIT
        ),
        args: base.args,
    }
    .query_as()
    .fetch_all(db.pool())
    .await?;
    let years = [counts.2, counts.3, counts.4];
    Ok(SupplierSearch {
        query,
        country: country.map(|c| c.code().to_string()),
        category,
        verified,
        min_years,
        results: cards(db, rows).await?,
        total: total.0.max(0) as u64,
        page,
        pages,
        countries,
        verified_count: counts.1.unwrap_or(0).max(0) as u64,
        years: YEARS_IN_BUSINESS.iter().zip(years).map(|(y, n)| (*y, n.unwrap_or(0).max(0) as u64)).collect(),
        categories,
    })
}

/// How a company is looked up for its public profile.
pub enum CompanyRef<'a> {
    Slug(&'a str),
    Id(CompanyId),
}

/// The `companies` columns of a public profile.
#[derive(sqlx::FromRow)]
struct CompanyRow {
    id: i64,
    name: String,
    slug: String,
    kind: String,
    country: String,
    created_at: i64,
    logo_media: Option<i64>,
    banner_media: Option<i64>,
    verified_at: Option<i64>,
    review_stars: i64,
    review_count: i64,
    city: String,
    description: String,
    business_type: String,
    year_established: Option<i64>,
    employee_range: String,
    response_time: String,
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
    let CompanyRow { id, name, slug, kind, country, created_at, logo_media: logo, banner_media: banner, .. } = row;
    let fact_row =
        (row.city, row.description, row.business_type, row.year_established, row.employee_range, row.response_time);
    let categories: Vec<(String, String)> = sqlx::query_as(
        "SELECT cat.slug, cat.name FROM company_categories cc JOIN categories cat ON cat.id = cc.category_id \
         WHERE cc.company_id = $1 ORDER BY cat.position, cat.name",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let company_id = CompanyId::new(id).map_err(|_| AppError::Internal)?;
    let facts = profiles::facts_from(db, company_id, fact_row, categories.len()).await?;
    let mut images = media::find_many(db, &[logo, banner].into_iter().flatten().collect::<Vec<_>>()).await?;
    let profile = CompanyProfile {
        name,
        slug,
        kind: kind.parse().map_err(|_| AppError::Internal)?,
        country_name: country_name(&country),
        country_code: country,
        member_since: created_at,
        categories: categories.into_iter().map(|(slug, name)| CategoryLink { slug, name }).collect(),
        facts,
        certifications: profiles::certifications(db, company_id).await?,
        today: crate::domain::date::iso_date(super::now()),
        logo: logo.and_then(|id| images.get(&id).map(|i| i.image.clone())),
        banner: banner.and_then(|id| images.remove(&id).map(|i| i.image)),
        verified_since: row.verified_at,
        measured_response_secs: super::messages::response_times(db, &[id]).await?.remove(&id),
        rating: SupplierRating::from_totals(row.review_stars, row.review_count),
    };
    Ok(Some((company_id, profile)))
}

type SupplierRow = (i64, String, String, String, Option<i64>, Option<i64>, String, String, i64, i64);

/// Cards of suppliers by company id: what buyers judge them by.
pub async fn supplier_summaries(db: &Db, company_ids: &[i64]) -> Result<HashMap<i64, SupplierSummary>, AppError> {
    if company_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let ids = company_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let rows: Vec<SupplierRow> = sqlx::query_as(&format!(
        "SELECT id, name, slug, country, verified_at, year_established, business_type, response_time, review_stars, \
         review_count FROM companies WHERE id IN ({ids})"
    ))
    .fetch_all(db.pool())
    .await?;
    let measured = super::messages::response_times(db, company_ids).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, slug, country, verified_at, year, business_type, response_time, stars, reviews)| {
            (
                id,
                SupplierSummary {
                    name,
                    href: format!("/s/{slug}"),
                    country: country_name(&country),
                    verified: verified_at.is_some(),
                    year_established: year,
                    business_type: business_type.parse().ok(),
                    response: Responsiveness {
                        measured_secs: measured.get(&id).copied(),
                        stated: response_time.parse().ok(),
                    },
                    rating: SupplierRating::from_totals(stars, reviews),
                },
            )
        })
        .collect())
}

/// A published product's page: the product, its supplier, where it sits in the taxonomy,
/// and more from the same category and the same supplier.
pub async fn product_page(db: &Db, public_url: &str, id: i64) -> Result<ProductPage, AppError> {
    let row: Option<(i64, String, i64)> =
        sqlx::query_as("SELECT company_id, slug, category_id FROM products WHERE id = $1 AND status = 'published'")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    let (company, slug, category) = row.ok_or_else(|| AppError::not_found("product"))?;
    let company_id = CompanyId::new(company).map_err(|_| AppError::Internal)?;
    let product_id = crate::domain::ProductId::new(id).map_err(|_| AppError::Internal)?;
    let detail = super::catalog::detail(db, company_id, product_id).await?;
    let supplier = supplier_summaries(db, &[company]).await?.remove(&company).ok_or(AppError::Internal)?;
    let same_category =
        product_cards(db, &format!("s.category_id = {category} AND s.product_id <> {id}"), 6, 0).await?;
    let same_supplier = product_cards(db, &format!("s.company_id = {company} AND s.product_id <> {id}"), 6, 0).await?;
    let href = market_href(&slug, id);
    let json_ld = super::seo::product_json_ld(public_url, &href, &detail, &supplier);
    Ok(ProductPage {
        canonical_url: format!("{public_url}{href}"),
        href,
        detail,
        supplier,
        same_category,
        same_supplier,
        json_ld,
        compared: false,
    })
}

/// Where a product's old storefront address (`/s/{supplier}/p/{product}`) now lives.
pub async fn product_address(db: &Db, supplier: &str, product: &str) -> Result<String, AppError> {
    let found: Option<(i64, String)> = sqlx::query_as(
        "SELECT p.id, p.slug FROM products p JOIN companies c ON c.id = p.company_id \
         WHERE c.slug = $1 AND p.slug = $2 AND p.status = 'published'",
    )
    .bind(supplier)
    .bind(product)
    .fetch_optional(db.pool())
    .await?;
    found.map(|(id, slug)| market_href(&slug, id)).ok_or_else(|| AppError::not_found("product"))
}

/// Products shown on a storefront page.
pub enum Showing<'a> {
    /// A featured block: its hand-picked products, else the newest (of a category).
    Featured { category: &'a str, count: u8, picks: &'a [i64] },
    /// A product grid: a page of all products, optionally of one category.
    Grid(&'a crate::model::storefront::GridQuery),
}

pub const GRID_PAGE_SIZE: u32 = 24;

/// Cards of the newest published products matching `filter` — a condition on `s`, the
/// search facts of published products, with values the caller typed or read from the database
/// — `limit` of them from `offset`. The ids are picked from the narrow facts (by index where
/// `filter` names a company or category), and only those rows of the products are read.
pub async fn product_cards(db: &Db, filter: &str, limit: u32, offset: u32) -> Result<Vec<ProductCard>, AppError> {
    // id, address, title, price from, currency, MOQ, unit, category name
    type ProductRow = (i64, String, String, i64, String, i64, String, String);
    let rows: Vec<ProductRow> = sqlx::query_as(&format!(
        "SELECT p.id, p.slug, p.title, p.price_from, p.currency, p.moq, p.unit, c.name \
         FROM (SELECT s.product_id, s.published_at FROM search_facts s WHERE {filter} \
               ORDER BY s.published_at DESC, s.product_id DESC LIMIT {limit} OFFSET {offset}) newest \
         JOIN products p ON p.id = newest.product_id JOIN categories c ON c.id = p.category_id \
         ORDER BY newest.published_at DESC, newest.product_id DESC"
    ))
    .fetch_all(db.pool())
    .await?;
    let images = super::catalog::main_images(db, &rows.iter().map(|r| r.0).collect::<Vec<_>>()).await?;
    Ok(rows
        .into_iter()
        .map(|(id, slug, title, price_from, currency, moq, unit, category)| ProductCard {
            href: market_href(&slug, id),
            title,
            image: images.get(&id).cloned(),
            price_from: Money::from_minor(price_from, currency.parse().unwrap_or(Currency::Usd)),
            moq: moq.max(0) as u64,
            unit: unit.parse().unwrap_or(Unit::Piece),
            category,
        })
        .collect())
}

/// The company's published products as cards. Drafts and archived products never show.
pub async fn product_list(db: &Db, company_id: CompanyId, showing: Showing<'_>) -> Result<ProductList, AppError> {
    let is_grid = matches!(showing, Showing::Grid(_));
    let (category, limit, page, picks) = match showing {
        Showing::Featured { category, count, picks } => (category, count.clamp(1, 12) as u32, 1, picks),
        Showing::Grid(query) => (query.category.as_str(), GRID_PAGE_SIZE, query.page.max(1), &[][..]),
    };
    // Ids are integers (from the database, or parsed as such): listing them inline is injection-free.
    let mut filter = format!("s.company_id = {}", company_id.get());
    if !picks.is_empty() {
        let ids = picks.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        filter.push_str(&format!(" AND s.product_id IN ({ids})"));
    } else if !category.is_empty() {
        let ids = super::catalog::category_subtree(db, category).await?;
        let ids =
            if ids.is_empty() { "0".to_string() } else { ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",") };
        filter.push_str(&format!(" AND s.category_id IN ({ids})"));
    }
    let total: i64 =
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM search_facts s WHERE {filter}")).fetch_one(db.pool()).await?;
    let pages = (total as u32).div_ceil(limit).max(1);
    let page = page.min(pages);
    let cards = product_cards(db, &filter, limit, (page - 1) * limit).await?;
    // Only a grid offers a category filter: a featured block does without the query.
    let categories: Vec<(String, String)> = if is_grid {
        sqlx::query_as(
            "SELECT c.slug, c.name FROM categories c \
             WHERE c.id IN (SELECT DISTINCT s.category_id FROM search_facts s WHERE s.company_id = $1) ORDER BY c.name",
        )
        .bind(company_id.get())
        .fetch_all(db.pool())
        .await?
    } else {
        Vec::new()
    };
    Ok(ProductList {
        cards,
        total: total as u64,
        page,
        pages,
        category: category.to_string(),
        categories: categories.into_iter().map(|(slug, name)| CategoryLink { slug, name }).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("steel"), "%steel%");
        assert_eq!(contains_pattern("100%_co\\"), "%100\\%\\_co\\\\%");
    }

    #[test]
    fn summaries_cut_at_words() {
        assert_eq!(summarise("Short.\n\nSecond paragraph."), "Short.");
        let long = "word ".repeat(60);
        let summary = summarise(&long);
        assert!(summary.ends_with('…') && summary.chars().count() <= SUMMARY_CHARS + 1);
        assert!(!summary.contains("wor…"));
    }
}
