//! Read models for the public marketplace pages.

use super::catalog::{category_subtree, category_trail, detail, main_images};
use super::db::{Choice, Db, push_ids};
use super::profiles::{self, FactsRow};
use super::{media, messages, now, seo};
use crate::domain::date::{civil_date, iso_date};
use crate::domain::links;
use crate::domain::message::Responsiveness;
use crate::domain::product::Unit;
use crate::domain::profile::{BusinessType, ResponseTime};
use crate::domain::review::SupplierRating;
use crate::domain::search::clip_query;
use crate::domain::{CompanyId, CompanyKind, Country, Currency, Money, ProductId};
use crate::error::AppError;
use crate::model::compare::SupplierSummary;
use crate::model::market::{
    CategoryPage, CategoryTile, CompanyProfile, CountryCount, HomeData, MarketStats, ProductCard, ProductList,
    ProductPage, SupplierCard, SupplierFilters, SupplierSearch, YEARS_IN_BUSINESS,
};
use crate::model::session::CategoryLink;
use crate::model::storefront::GridQuery;
use sqlx::{Any, QueryBuilder};
use std::collections::HashMap;

const SELLERS: &str = "c.kind IN ('supplier', 'both')";
const SUMMARY_CHARS: usize = 160;
const SEARCH_LIMIT: i64 = 60;

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

/// A supplier as its card shows it, read with [`CARD_COLUMNS`].
#[derive(sqlx::FromRow)]
struct CardRow {
    id: i64,
    name: String,
    slug: String,
    country: String,
    city: String,
    description: String,
    created_at: i64,
    verified_at: Option<i64>,
}

const CARD_COLUMNS: &str = "c.id, c.name, c.slug, c.country, c.city, c.description, c.created_at, c.verified_at";

#[derive(sqlx::FromRow)]
struct CompanyCategory {
    company_id: i64,
    name: String,
}

/// Turns company rows into cards, fetching all their categories in one query.
async fn cards(db: &Db, rows: Vec<CardRow>) -> Result<Vec<SupplierCard>, AppError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = QueryBuilder::new(
        "SELECT cc.company_id, cat.name FROM company_categories cc JOIN categories cat ON cat.id = cc.category_id \
         WHERE cc.company_id IN ",
    );
    push_ids(&mut sql, &rows.iter().map(|r| r.id).collect::<Vec<_>>());
    sql.push(" ORDER BY cat.position, cat.name");
    let category_rows: Vec<CompanyCategory> = db.fetch_all(&mut sql).await?;
    let mut categories: HashMap<i64, Vec<String>> = HashMap::new();
    for row in category_rows {
        categories.entry(row.company_id).or_default().push(row.name);
    }
    Ok(rows
        .into_iter()
        .map(|row| SupplierCard {
            name: row.name,
            slug: row.slug,
            country_name: country_name(&row.country),
            country_code: row.country,
            city: row.city,
            summary: summarise(&row.description),
            categories: categories.remove(&row.id).unwrap_or_default(),
            member_since: row.created_at,
            verified: row.verified_at.is_some(),
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

/// The supplier directory's conditions: the query's words (each in the name, city,
/// description or a category's name) and the category; the country, verification and years
/// each where asked, so every facet can be counted without its own.
struct DirectoryFilter {
    words: Vec<String>,
    categories: Option<Vec<i64>>,
    country: Option<Country>,
    verified: bool,
    established_by: Option<i64>,
}

/// Which of the optional conditions a statement applies.
#[derive(Clone, Copy)]
struct Applying {
    country: bool,
    verified: bool,
    years: bool,
}

impl DirectoryFilter {
    fn push(&self, sql: &mut QueryBuilder<'_, Any>, applying: Applying) {
        sql.push(format!(" FROM companies c WHERE {SELLERS}"));
        for word in &self.words {
            sql.push(" AND (LOWER(c.name) LIKE ").push_bind(word.clone());
            sql.push(" ESCAPE '\\' OR LOWER(c.city) LIKE ").push_bind(word.clone());
            sql.push(" ESCAPE '\\' OR LOWER(c.description) LIKE ").push_bind(word.clone());
            sql.push(
                " ESCAPE '\\' OR EXISTS (SELECT 1 FROM company_categories cc JOIN categories cat ON cat.id = cc.category_id \
                 WHERE cc.company_id = c.id AND LOWER(cat.name) LIKE ",
            )
            .push_bind(word.clone())
            .push(" ESCAPE '\\'))");
        }
        if let Some(ids) = &self.categories {
            sql.push(
                " AND EXISTS (SELECT 1 FROM company_categories cc WHERE cc.company_id = c.id AND cc.category_id IN ",
            );
            push_ids(sql, ids);
            sql.push(")");
        }
        if let Some(country) = self.country.filter(|_| applying.country) {
            sql.push(" AND c.country = ").push_bind(country.code());
        }
        if self.verified && applying.verified {
            sql.push(" AND c.verified_at IS NOT NULL");
        }
        if let Some(by) = self.established_by.filter(|_| applying.years) {
            sql.push(" AND c.year_established <= ").push_bind(by);
        }
    }
}

/// The directory's facet counts (`SUM` is NULL over no rows).
#[derive(sqlx::FromRow)]
struct DirectoryCounts {
    verified: Option<i64>,
    years_0: Option<i64>,
    years_1: Option<i64>,
    years_2: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct CountryRow {
    country: String,
    companies: i64,
}

/// Suppliers whose name, city, description or categories contain every word of the query.
pub async fn search_suppliers(db: &Db, filters: SupplierFilters) -> Result<SupplierSearch, AppError> {
    let SupplierFilters { q, country, category, verified, min_years, page } = filters;
    let query = clip_query(&q);
    let this_year = civil_date(now()).0;
    let established_by = |years: u32| this_year - i64::from(years);
    let categories = top_categories(db).await?;
    // Any category of the taxonomy, with everything under it; an unknown one filters nothing.
    let subtree = if category.is_empty() { Vec::new() } else { category_subtree(db, &category).await? };
    let category = if subtree.is_empty() { String::new() } else { category };
    let filter = DirectoryFilter {
        words: query.to_lowercase().split(' ').filter(|w| !w.is_empty()).take(8).map(contains_pattern).collect(),
        categories: (!subtree.is_empty()).then_some(subtree),
        country: Country::parse(&country).ok(),
        verified,
        established_by: min_years.map(established_by),
    };
    let all = Applying { country: true, verified: true, years: true };
    // Country counts leave the country out, the other counts keep it: people can switch.
    let mut facet = QueryBuilder::new("SELECT c.country, COUNT(*) AS companies");
    filter.push(&mut facet, Applying { country: false, ..all });
    facet.push(" GROUP BY c.country");
    let mut countries: Vec<CountryCount> = db
        .fetch_all::<CountryRow>(&mut facet)
        .await?
        .into_iter()
        .map(|r| CountryCount { name: country_name(&r.country), code: r.country, count: r.companies })
        .collect();
    countries.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    // The verified and years-in-business counts each leave their own condition out.
    let mut counts = QueryBuilder::new("SELECT SUM(CASE WHEN c.verified_at IS NOT NULL");
    if let Some(by) = filter.established_by {
        counts.push(" AND c.year_established <= ").push_bind(by);
    }
    counts.push(" THEN 1 ELSE 0 END) AS verified");
    for (n, years) in YEARS_IN_BUSINESS.iter().enumerate() {
        counts.push(", SUM(CASE WHEN c.year_established <= ").push_bind(established_by(*years));
        if verified {
            counts.push(" AND c.verified_at IS NOT NULL");
        }
        counts.push(format!(" THEN 1 ELSE 0 END) AS years_{n}"));
    }
    filter.push(&mut counts, Applying { verified: false, years: false, ..all });
    let counts: DirectoryCounts = db.fetch_one(&mut counts).await?;
    let mut total = QueryBuilder::new("SELECT COUNT(*)");
    filter.push(&mut total, all);
    let total: i64 = db.fetch_scalar(&mut total).await?;
    let pages = (total.max(0) as u32).div_ceil(SEARCH_LIMIT as u32).max(1);
    let page = page.clamp(1, pages);
    let mut rows = QueryBuilder::new(format!("SELECT {CARD_COLUMNS}"));
    filter.push(&mut rows, all);
    rows.push(" ORDER BY c.verified_at IS NULL, c.name, c.id LIMIT ")
        .push_bind(SEARCH_LIMIT)
        .push(" OFFSET ")
        .push_bind(i64::from(page - 1) * SEARCH_LIMIT);
    let rows: Vec<CardRow> = db.fetch_all(&mut rows).await?;
    Ok(SupplierSearch {
        query,
        country: filter.country.map(|c| c.code().to_string()),
        category,
        verified,
        min_years,
        results: cards(db, rows).await?,
        total: total.max(0) as u64,
        page,
        pages,
        countries,
        verified_count: counts.verified.unwrap_or(0).max(0) as u64,
        years: YEARS_IN_BUSINESS
            .iter()
            .zip([counts.years_0, counts.years_1, counts.years_2])
            .map(|(y, n)| (*y, n.unwrap_or(0).max(0) as u64))
            .collect(),
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

#[derive(sqlx::FromRow)]
struct PublishedRow {
    company_id: CompanyId,
    slug: String,
    category_id: i64,
}

/// A published product's page: the product, its supplier, where it sits in the taxonomy,
/// and more from the same category and the same supplier.
pub async fn product_page(db: &Db, public_url: &str, id: ProductId) -> Result<ProductPage, AppError> {
    let row: Option<PublishedRow> =
        sqlx::query_as("SELECT company_id, slug, category_id FROM products WHERE id = $1 AND status = 'published'")
            .bind(id.get())
            .fetch_optional(db.pool())
            .await?;
    let PublishedRow { company_id, slug, category_id } = row.ok_or_else(|| AppError::not_found("product"))?;
    let detail = detail(db, company_id, id).await?;
    let supplier = supplier_summaries(db, &[company_id.get()])
        .await?
        .remove(&company_id.get())
        .ok_or_else(|| AppError::internal(format_args!("supplier {company_id} of product {id} not found")))?;
    let same_category = product_cards(db, &Cards::InCategory { category_id, except: id }, 6, 0).await?;
    let same_supplier = product_cards(db, &Cards::OfSupplier { company_id, except: id }, 6, 0).await?;
    let href = links::product(&slug, id.get());
    let json_ld = seo::product_json_ld(public_url, &href, &detail, &supplier);
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

#[derive(sqlx::FromRow)]
struct AddressRow {
    id: i64,
    slug: String,
}

/// Where a product's old storefront address (`/s/{supplier}/p/{product}`) now lives.
pub async fn product_address(db: &Db, supplier: &str, product: &str) -> Result<String, AppError> {
    let found: Option<AddressRow> = sqlx::query_as(
        "SELECT p.id, p.slug FROM products p JOIN companies c ON c.id = p.company_id \
         WHERE c.slug = $1 AND p.slug = $2 AND p.status = 'published'",
    )
    .bind(supplier)
    .bind(product)
    .fetch_optional(db.pool())
    .await?;
    found.map(|r| links::product(&r.slug, r.id)).ok_or_else(|| AppError::not_found("product"))
}

/// Products shown on a storefront page.
pub enum Showing<'a> {
    /// A featured block: its hand-picked products, else the newest (of a category).
    Featured { category: &'a str, count: u8, picks: &'a [i64] },
    /// A product grid: a page of all products, optionally of one category.
    Grid(&'a GridQuery),
}

pub const GRID_PAGE_SIZE: u32 = 24;

/// Which published products a row of cards shows.
enum Cards<'a> {
    All,
    /// Each verified supplier's newest product: a showcase without one seller filling it.
    VerifiedShowcase,
    InCategory {
        category_id: i64,
        except: ProductId,
    },
    OfSupplier {
        company_id: CompanyId,
        except: ProductId,
    },
    /// A company's products: hand-picked ones, or those in any of some categories, or all.
    Company {
        company_id: CompanyId,
        picks: &'a [i64],
        categories: Option<&'a [i64]>,
    },
}

impl Cards<'_> {
    /// The condition on `s`, the search facts of published products.
    fn push(&self, sql: &mut QueryBuilder<'_, Any>) {
        match self {
            Cards::All => {
                sql.push("1 = 1");
            }
            Cards::VerifiedShowcase => {
                sql.push(
                    "s.product_id IN (SELECT MAX(v.product_id) FROM search_facts v WHERE v.verified = 1 \
                     GROUP BY v.company_id)",
                );
            }
            Cards::InCategory { category_id, except } => {
                sql.push("s.category_id = ")
                    .push_bind(*category_id)
                    .push(" AND s.product_id <> ")
                    .push_bind(except.get());
            }
            Cards::OfSupplier { company_id, except } => {
                sql.push("s.company_id = ")
                    .push_bind(company_id.get())
                    .push(" AND s.product_id <> ")
                    .push_bind(except.get());
            }
            Cards::Company { company_id, picks, categories } => {
                sql.push("s.company_id = ").push_bind(company_id.get());
                if !picks.is_empty() {
                    sql.push(" AND s.product_id IN ");
                    push_ids(sql, picks);
                } else if let Some(ids) = categories {
                    sql.push(" AND s.category_id IN ");
                    push_ids(sql, ids);
                }
            }
        }
    }
}

#[derive(sqlx::FromRow)]
struct CardProductRow {
    id: i64,
    slug: String,
    title: String,
    price_from: i64,
    #[sqlx(try_from = "String")]
    currency: Currency,
    #[sqlx(try_from = "i64")]
    moq: u64,
    #[sqlx(try_from = "String")]
    unit: Unit,
    category: String,
}

/// Cards of the newest published products `which` names, `limit` of them from `offset`. The
/// ids are picked from the narrow facts (by index where a company or category is named), and
/// only those rows of the products are read.
async fn product_cards(db: &Db, which: &Cards<'_>, limit: u32, offset: u32) -> Result<Vec<ProductCard>, AppError> {
    let mut sql = QueryBuilder::new(
        "SELECT p.id, p.slug, p.title, p.price_from, p.currency, p.moq, p.unit, c.name AS category \
         FROM (SELECT s.product_id, s.published_at FROM search_facts s WHERE ",
    );
    which.push(&mut sql);
    sql.push(" ORDER BY s.published_at DESC, s.product_id DESC LIMIT ")
        .push_bind(i64::from(limit))
        .push(" OFFSET ")
        .push_bind(i64::from(offset))
        .push(
            ") newest JOIN products p ON p.id = newest.product_id JOIN categories c ON c.id = p.category_id \
             ORDER BY newest.published_at DESC, newest.product_id DESC",
        );
    let rows: Vec<CardProductRow> = db.fetch_all(&mut sql).await?;
    let images = main_images(db, &rows.iter().map(|r| r.id).collect::<Vec<_>>()).await?;
    Ok(rows
        .into_iter()
        .map(|row| ProductCard {
            href: links::product(&row.slug, row.id),
            title: row.title,
            image: images.get(&row.id).cloned(),
            price_from: Money::from_minor(row.price_from, row.currency),
            moq: row.moq,
            unit: row.unit,
            category: row.category,
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
    let subtree =
        if picks.is_empty() && !category.is_empty() { Some(category_subtree(db, category).await?) } else { None };
    let which = Cards::Company { company_id, picks, categories: subtree.as_deref() };
    let mut count = QueryBuilder::new("SELECT COUNT(*) FROM search_facts s WHERE ");
    which.push(&mut count);
    let total: i64 = db.fetch_scalar(&mut count).await?;
    let pages = (total as u32).div_ceil(limit).max(1);
    let page = page.min(pages);
    let cards = product_cards(db, &which, limit, (page - 1) * limit).await?;
    // Only a grid offers a category filter: a featured block does without the query.
    let categories: Vec<LinkRow> = if is_grid {
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
        categories: categories.into_iter().map(CategoryLink::from).collect(),
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
