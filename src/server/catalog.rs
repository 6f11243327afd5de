//! A supplier's products: reads and writes behind the catalog screens. Callers have passed the
//! supplier guard for `company_id`; every query here is also scoped to that company, so an id
//! from another catalog is simply "not found".

use super::db::{Arg, Backend, Db, Sql, is_unique_violation};
use super::{media, now};
use crate::domain::form::FormValues;
use crate::domain::image::MediaPurpose;
use crate::domain::product::{
    Customization, MAX_IMAGES, ProductInput, ProductStatus, Shipping, Sku, Unit, VariantInput,
};
use crate::domain::slug::MAX_SLUG_LEN;
use crate::domain::terms::{LeadTime, PriceTier, Sample, TradeTerms};
use crate::domain::{CompanyId, Country, Currency, Money, ProductId, Slug, UserId, VariantId};
use crate::error::{AppError, FieldError, Invalid};
use crate::model::catalog::{
    CatalogPage, CatalogQuery, CatalogRow, CatalogSort, CategoryOption, PAGE_SIZE, ProductDetail, ProductEditor,
    VariantStock, VariantView,
};
use crate::model::session::CategoryLink;
use sqlx::Any;
use std::collections::HashMap;

/// The whole taxonomy as pickable options, each with its path and the specification keys
/// suggested for it (a category without keys of its own inherits its parent's).
pub async fn categories(db: &Db) -> Result<Vec<CategoryOption>, AppError> {
    let rows: Vec<(i64, Option<i64>, String, String, String)> =
        sqlx::query_as("SELECT id, parent_id, slug, name, spec_keys FROM categories ORDER BY position, name")
            .fetch_all(db.pool())
            .await?;
    // Ancestors first, so the list reads as a tree: top level, then its children, and theirs.
    let mut options = Vec::with_capacity(rows.len());
    fn walk(
        parent: Option<i64>,
        prefix: &str,
        inherited: &str,
        rows: &[(i64, Option<i64>, String, String, String)],
        out: &mut Vec<CategoryOption>,
    ) {
        for (id, _, slug, name, keys) in rows.iter().filter(|r| r.1 == parent) {
            let path = if prefix.is_empty() { name.clone() } else { format!("{prefix} › {name}") };
            let keys = if keys.is_empty() { inherited } else { keys.as_str() };
            out.push(CategoryOption {
                slug: slug.clone(),
                path: path.clone(),
                spec_keys: keys.split('|').filter(|k| !k.is_empty()).map(str::to_string).collect(),
            });
            walk(Some(*id), &path, keys, rows, out);
        }
    }
    walk(None, "", "", &rows, &mut options);
    Ok(options)
}

/// A category and those above it, top first (the taxonomy has three levels), without reading
/// the whole taxonomy: product pages ask for it on every view.
pub async fn category_trail(db: &Db, slug: &str) -> Result<Vec<CategoryLink>, AppError> {
    // The category's slug and name, then its parent's and the top one's where there are.
    type TrailRow = (String, String, Option<String>, Option<String>, Option<String>, Option<String>);
    let trail: Option<TrailRow> = sqlx::query_as(
        "SELECT c.slug, c.name, p.slug, p.name, g.slug, g.name FROM categories c \
         LEFT JOIN categories p ON p.id = c.parent_id LEFT JOIN categories g ON g.id = p.parent_id WHERE c.slug = $1",
    )
    .bind(slug)
    .fetch_optional(db.pool())
    .await?;
    Ok(trail
        .map(|(slug, name, parent_slug, parent, top_slug, top)| {
            let link = |slug: Option<String>, name: Option<String>| Some(CategoryLink { slug: slug?, name: name? });
            [link(top_slug, top), link(parent_slug, parent), link(Some(slug), Some(name))]
                .into_iter()
                .flatten()
                .collect()
        })
        .unwrap_or_default())
}

/// The whole taxonomy (a few hundred rows), for walking it in memory.
pub struct Taxonomy(Vec<CategoryRow>);

pub struct CategoryRow {
    pub id: i64,
    pub parent: Option<i64>,
    pub slug: String,
    pub name: String,
}

impl Taxonomy {
    pub fn rows(&self) -> &[CategoryRow] {
        &self.0
    }

    pub async fn load(db: &Db) -> Result<Taxonomy, AppError> {
        let rows: Vec<(i64, Option<i64>, String, String)> =
            sqlx::query_as("SELECT id, parent_id, slug, name FROM categories ORDER BY position, name")
                .fetch_all(db.pool())
                .await?;
        Ok(Taxonomy(rows.into_iter().map(|(id, parent, slug, name)| CategoryRow { id, parent, slug, name }).collect()))
    }

    pub fn by_slug(&self, slug: &str) -> Option<&CategoryRow> {
        self.0.iter().find(|c| c.slug == slug)
    }

    pub fn by_id(&self, id: i64) -> Option<&CategoryRow> {
        self.0.iter().find(|c| c.id == id)
    }

    pub fn subtree(&self, id: i64) -> Vec<i64> {
        let mut ids = vec![id];
        let mut n = 0;
        while n < ids.len() {
            let parent = ids[n];
            ids.extend(self.0.iter().filter(|c| c.parent == Some(parent)).map(|c| c.id));
            n += 1;
        }
        ids
    }

    /// The category and those above it, top first.
    pub fn trail(&self, id: i64) -> Vec<&CategoryRow> {
        let mut trail: Vec<&CategoryRow> = Vec::new();
        let mut next = self.by_id(id);
        while let Some(row) = next {
            trail.insert(0, row);
            next = row.parent.and_then(|p| self.by_id(p));
        }
        trail
    }

    /// Of `id` and those above it, the one directly under `parent` (a top-level one for `None`).
    pub fn ancestor_under(&self, id: i64, parent: Option<i64>) -> Option<&CategoryRow> {
        self.trail(id).into_iter().find(|c| c.parent == parent)
    }
}

/// The ids of a category and everything under it (none for an unknown one).
pub async fn category_subtree(db: &Db, slug: &str) -> Result<Vec<i64>, AppError> {
    let taxonomy = Taxonomy::load(db).await?;
    Ok(taxonomy.by_slug(slug).map(|c| taxonomy.subtree(c.id)).unwrap_or_default())
}

// id, title, status, category name, price from, currency, moq, unit, updated, takedown reason
type ListRow = (i64, String, String, String, i64, String, i64, String, i64, String);

pub async fn list(db: &Db, company_id: CompanyId, query: CatalogQuery) -> Result<CatalogPage, AppError> {
    let mut filter = Sql::default();
    filter.push(" FROM products p WHERE p.company_id = ").bind(Arg::Int(company_id.get()));
    if let Some(status) = query.status {
        filter.push(" AND p.status = ").bind(Arg::Text(status.as_str().to_string()));
    }
    let q = query.q.trim();
    if !q.is_empty() {
        let pattern = format!("%{}%", q.replace(['%', '_'], " "));
        // Case-insensitive matching without lower-casing every row: SQLite's LIKE already is.
        let like = match db.backend() {
            Backend::Sqlite => "LIKE",
            Backend::Postgres => "ILIKE",
        };
        // The SKU match is one pass over the company's variants, not one lookup per product.
        filter.push(&format!(" AND (p.title {like} ")).bind(Arg::Text(pattern.clone()));
        filter
            .push(" OR p.id IN (SELECT v.product_id FROM product_variants v WHERE v.company_id = ")
            .bind(Arg::Int(company_id.get()))
            .push(&format!(" AND v.sku {like} "))
            .bind(Arg::Text(pattern))
            .push("))");
    }
    if !query.category.is_empty() {
        let ids = category_subtree(db, &query.category).await?;
        // Integers from the database: listing them inline is injection-free.
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        filter.push(&format!(" AND p.category_id IN ({})", if list.is_empty() { "0".to_string() } else { list }));
    }
    if query.low_stock {
        filter
            .push(
                " AND p.id IN (SELECT v.product_id FROM product_variants v JOIN products q ON q.id = v.product_id \
             WHERE v.company_id = ",
            )
            .bind(Arg::Int(company_id.get()))
            .push(" AND v.stock < q.moq)");
    }
    let order = match query.sort {
        CatalogSort::Updated => "p.updated_at DESC, p.id DESC",
        CatalogSort::Title => "LOWER(p.title), p.id",
        CatalogSort::PriceLow => "p.price_from, p.id",
        CatalogSort::PriceHigh => "p.price_from DESC, p.id",
        CatalogSort::Stock => "(SELECT MIN(v.stock) FROM product_variants v WHERE v.product_id = p.id), p.id",
    };
    // Counted apart: a window count would make the database read every match before the
    // index-ordered first page.
    let count = Sql { text: format!("SELECT COUNT(*){}", filter.text), args: filter.args.clone() };
    let (total,): (i64,) = count.query_as().fetch_one(db.pool()).await?;
    let pages = (total as u64).div_ceil(PAGE_SIZE as u64).max(1) as u32;
    // A page past the end (the catalog shrank since the link was made) shows the last one.
    let page = query.page.clamp(1, pages);
    let page_sql = Sql {
        text: format!(
            "SELECT p.id, p.title, p.status, (SELECT c.name FROM categories c WHERE c.id = p.category_id), \
             p.price_from, p.currency, p.moq, p.unit, p.updated_at, p.takedown_reason{} \
             ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET {}",
            filter.text,
            (page - 1) * PAGE_SIZE
        ),
        args: filter.args,
    };
    let rows: Vec<ListRow> = page_sql.query_as().fetch_all(db.pool()).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut variants = variant_stock(db, &ids).await?;
    let images = main_images(db, &ids).await?;
    let catalog_size = catalog_size(db, company_id).await?;
    let rows = rows
        .into_iter()
        .map(|(id, title, status, category, price_from, currency, moq, unit, updated_at, takedown_reason)| {
            let variants = variants.remove(&id).unwrap_or_default();
            let moq = moq as u64;
            CatalogRow {
                id: ProductId::new(id).expect("database ids are positive"),
                title,
                status: status.parse().unwrap_or(ProductStatus::Draft),
                category,
                price_from: Money::from_minor(price_from, currency.parse().unwrap_or(Currency::Usd)),
                moq,
                unit: unit.parse().unwrap_or(Unit::Piece),
                low_stock: variants.iter().any(|v| v.stock < moq),
                variants,
                updated_at,
                image: images.get(&id).cloned(),
                takedown_reason,
            }
        })
        .collect();
    let categories = categories(db).await?;
    // The filter offers the categories in use, with the ones above them.
    let used: Vec<String> = sqlx::query_scalar(
        "SELECT slug FROM categories WHERE id IN (SELECT DISTINCT category_id FROM products WHERE company_id = $1)",
    )
    .bind(company_id.get())
    .fetch_all(db.pool())
    .await?;
    let used_paths: Vec<&str> = categories.iter().filter(|c| used.contains(&c.slug)).map(|c| c.path.as_str()).collect();
    let filter_categories = categories
        .iter()
        .filter(|c| used_paths.iter().any(|p| *p == c.path || p.starts_with(&format!("{} › ", c.path))))
        .cloned()
        .collect();
    Ok(CatalogPage {
        company_id,
        query: CatalogQuery { page, ..query },
        rows,
        total: total as u64,
        catalog_size,
        categories,
        filter_categories,
    })
}

/// How many products the company has, whatever their status.
pub async fn catalog_size(db: &Db, company_id: CompanyId) -> Result<u64, AppError> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE company_id = $1")
        .bind(company_id.get())
        .fetch_one(db.pool())
        .await?;
    Ok(count as u64)
}

async fn variant_stock(db: &Db, product_ids: &[i64]) -> Result<HashMap<i64, Vec<VariantStock>>, AppError> {
    if product_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let list = product_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let rows: Vec<(i64, i64, String, String, i64)> = sqlx::query_as(&format!(
        "SELECT product_id, id, sku, name, stock FROM product_variants WHERE product_id IN ({list}) ORDER BY product_id, position"
    ))
    .fetch_all(db.pool())
    .await?;
    let mut by_product: HashMap<i64, Vec<VariantStock>> = HashMap::new();
    for (product, id, sku, name, stock) in rows {
        by_product.entry(product).or_default().push(VariantStock {
            id: VariantId::new(id).expect("database ids are positive"),
            sku,
            name,
            stock: stock.max(0) as u64,
        });
    }
    Ok(by_product)
}

pub async fn main_images(
    db: &Db,
    product_ids: &[i64],
) -> Result<HashMap<i64, crate::domain::image::ImageRef>, AppError> {
    if product_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let list = product_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let rows: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT product_id, media_id FROM product_images WHERE product_id IN ({list}) AND position = 0"
    ))
    .fetch_all(db.pool())
    .await?;
    let found = media::find_many(db, &rows.iter().map(|r| r.1).collect::<Vec<_>>()).await?;
    Ok(rows.into_iter().filter_map(|(product, media)| Some((product, found.get(&media)?.image.clone()))).collect())
}

/// The stored facts of a product that are not part of its input.
pub struct ProductMeta {
    pub version: i64,
    pub status: ProductStatus,
    pub slug: String,
    pub takedown_reason: String,
    pub updated_at: i64,
}

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    title: String,
    slug: String,
    description: String,
    category: String,
    unit: String,
    origin: String,
    #[sqlx(flatten)]
    terms: TermsRow,
    specs: String,
    customization: String,
    packaging: String,
    weight_grams: Option<i64>,
    length_mm: Option<i64>,
    width_mm: Option<i64>,
    height_mm: Option<i64>,
    version: i64,
    status: String,
    takedown_reason: String,
    updated_at: i64,
}

/// A product's trade terms as stored (the columns of `products` that [`TermsRow::terms`] reads).
#[derive(sqlx::FromRow)]
pub struct TermsRow {
    currency: String,
    moq: i64,
    order_increment: i64,
    tiers: String,
    lead_times: String,
    sample_price: Option<i64>,
    sample_max: Option<i64>,
}

impl TermsRow {
    pub const COLUMNS: &str =
        "p.currency, p.moq, p.order_increment, p.tiers, p.lead_times, p.sample_price, p.sample_max";

    pub fn terms(&self) -> Result<TradeTerms, AppError> {
        let currency: Currency = self.currency.parse().map_err(|_| AppError::Internal)?;
        let tiers: Vec<StoredTier> = serde_json::from_str(&self.tiers).map_err(|_| AppError::Internal)?;
        Ok(TradeTerms {
            currency,
            tiers: tiers
                .into_iter()
                .map(|t| PriceTier {
                    min_quantity: t.min_quantity,
                    unit_price: Money::from_minor(t.unit_price, currency),
                })
                .collect(),
            moq: self.moq as u64,
            increment: self.order_increment as u64,
            lead_times: serde_json::from_str::<Vec<LeadTime>>(&self.lead_times).map_err(|_| AppError::Internal)?,
            sample: self
                .sample_price
                .zip(self.sample_max)
                .map(|(price, max)| Sample { price: Money::from_minor(price, currency), max_quantity: max as u64 }),
        })
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredTier {
    min_quantity: u64,
    unit_price: i64,
}

const PRODUCT_SELECT: &str = "SELECT p.id, p.title, p.slug, p.description, c.slug AS category, p.unit, p.origin, \
     p.currency, p.moq, p.order_increment, p.tiers, p.lead_times, p.sample_price, p.sample_max, p.specs, p.customization, \
     p.packaging, p.weight_grams, p.length_mm, p.width_mm, p.height_mm, p.version, p.status, p.takedown_reason, \
     p.updated_at FROM products p JOIN categories c ON c.id = p.category_id";

// product, id, sku, name, own price, stock
type VariantRow = (i64, i64, String, String, Option<i64>, i64);
const VARIANT_SELECT: &str = "SELECT product_id, id, sku, name, price_override, stock FROM product_variants";

/// A product of `company_id` as its editor input (variant stock as their current stock).
pub async fn load(
    db: &Db,
    company_id: CompanyId,
    product: ProductId,
) -> Result<(ProductInput, ProductMeta, Vec<u64>), AppError> {
    let row: Option<ProductRow> = sqlx::query_as(&format!("{PRODUCT_SELECT} WHERE p.id = $1 AND p.company_id = $2"))
        .bind(product.get())
        .bind(company_id.get())
        .fetch_optional(db.pool())
        .await?;
    let row = row.ok_or_else(|| AppError::not_found("product"))?;
    let variants: Vec<VariantRow> =
        sqlx::query_as(&format!("{VARIANT_SELECT} WHERE product_id = $1 ORDER BY position"))
            .bind(product.get())
            .fetch_all(db.pool())
            .await?;
    assemble(row, variants)
}

/// A stored product as its input, with its status and each variant's stock.
pub struct Stored {
    pub id: ProductId,
    pub input: ProductInput,
    pub status: ProductStatus,
    pub stocks: Vec<u64>,
}

/// Every product of `company_id` (oldest first), as [`load`] reads one, in two queries.
pub async fn load_all(db: &Db, company_id: CompanyId) -> Result<Vec<Stored>, AppError> {
    let rows: Vec<ProductRow> = sqlx::query_as(&format!("{PRODUCT_SELECT} WHERE p.company_id = $1 ORDER BY p.id"))
        .bind(company_id.get())
        .fetch_all(db.pool())
        .await?;
    let variants: Vec<VariantRow> =
        sqlx::query_as(&format!("{VARIANT_SELECT} WHERE company_id = $1 ORDER BY product_id, position"))
            .bind(company_id.get())
            .fetch_all(db.pool())
            .await?;
    let mut by_product: HashMap<i64, Vec<VariantRow>> = HashMap::new();
    for variant in variants {
        by_product.entry(variant.0).or_default().push(variant);
    }
    rows.into_iter()
        .map(|row| {
            let variants = by_product.remove(&row.id).unwrap_or_default();
            let id = ProductId::new(row.id).map_err(|_| AppError::Internal)?;
            assemble(row, variants).map(|(input, meta, stocks)| Stored { id, input, status: meta.status, stocks })
        })
        .collect()
}

fn assemble(row: ProductRow, variants: Vec<VariantRow>) -> Result<(ProductInput, ProductMeta, Vec<u64>), AppError> {
    let terms = row.terms.terms()?;
    let currency = terms.currency;
    let stocks = variants.iter().map(|v| v.5.max(0) as u64).collect();
    let measure = |v: Option<i64>| v.map(|v| v as u64);
    let input = ProductInput {
        title: row.title,
        slug: Slug::parse(&row.slug).ok(),
        description: row.description,
        category: row.category,
        unit: row.unit.parse().unwrap_or(Unit::Piece),
        origin: Country::parse(&row.origin).map_err(|_| AppError::Internal)?,
        terms,
        variants: variants
            .into_iter()
            .filter_map(|(_, id, sku, name, price, _)| {
                Some(VariantInput {
                    id: Some(id),
                    sku: Sku::parse(&sku).ok()?,
                    name,
                    price: price.map(|p| Money::from_minor(p, currency)),
                    stock_change: 0,
                })
            })
            .collect(),
        specs: serde_json::from_str(&row.specs).map_err(|_| AppError::Internal)?,
        customization: row.customization.split_whitespace().filter_map(|c| c.parse::<Customization>().ok()).collect(),
        packaging: row.packaging,
        shipping: Shipping {
            weight_grams: measure(row.weight_grams),
            length_mm: measure(row.length_mm),
            width_mm: measure(row.width_mm),
            height_mm: measure(row.height_mm),
        },
    };
    let meta = ProductMeta {
        version: row.version,
        status: row.status.parse().unwrap_or(ProductStatus::Draft),
        slug: row.slug,
        takedown_reason: row.takedown_reason,
        updated_at: row.updated_at,
    };
    Ok((input, meta, stocks))
}

/// The images of a product in order (the first is the main one).
pub async fn images(db: &Db, product: ProductId) -> Result<Vec<crate::domain::image::ImageRef>, AppError> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT media_id FROM product_images WHERE product_id = $1 ORDER BY position")
            .bind(product.get())
            .fetch_all(db.pool())
            .await?;
    let found = media::find_many(db, &ids).await?;
    Ok(ids.iter().filter_map(|id| found.get(id).map(|i| i.image.clone())).collect())
}

pub async fn editor(db: &Db, company_id: CompanyId, product: Option<ProductId>) -> Result<ProductEditor, AppError> {
    let categories = categories(db).await?;
    let library = media::library(db, company_id).await?;
    let Some(product) = product else {
        return Ok(ProductEditor {
            company_id,
            product_id: None,
            version: 0,
            status: ProductStatus::Draft,
            public_href: String::new(),
            takedown_reason: String::new(),
            form: new_product_form(db, company_id).await?,
            categories,
            images: Vec::new(),
            library,
            updated_at: 0,
        });
    };
    let (input, meta, stocks) = load(db, company_id, product).await?;
    let mut form = input.to_form();
    // The editor shows each variant's current stock and remembers it, so a changed number is
    // saved as the difference.
    for (n, stock) in stocks.iter().enumerate() {
        form.insert(format!("variants.{n}.stock"), stock.to_string());
        form.insert(format!("variants.{n}.stock_seen"), stock.to_string());
    }
    Ok(ProductEditor {
        company_id,
        product_id: Some(product),
        version: meta.version,
        status: meta.status,
        public_href: crate::domain::product::market_href(&meta.slug, product.get()),
        takedown_reason: meta.takedown_reason,
        form,
        categories,
        images: images(db, product).await?,
        library,
        updated_at: meta.updated_at,
    })
}

/// Sensible starting values: the company's country of origin, one tier, one variant row.
async fn new_product_form(db: &Db, company_id: CompanyId) -> Result<FormValues, AppError> {
    let country: String = sqlx::query_scalar("SELECT country FROM companies WHERE id = $1")
        .bind(company_id.get())
        .fetch_one(db.pool())
        .await?;
    Ok([
        ("origin", country.as_str()),
        ("currency", "USD"),
        ("unit", "piece"),
        ("moq", "1"),
        ("increment", "1"),
        ("tiers.0.min_quantity", "1"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect())
}

fn invalid(fields: Vec<FieldError>) -> AppError {
    AppError::Invalid(Invalid { fields, echo: Vec::new() })
}

/// Creates or updates a product from its form, all or nothing. Answers the product's id.
pub async fn save(
    db: &Db,
    company_id: CompanyId,
    user: UserId,
    product: Option<ProductId>,
    version: i64,
    form: &FormValues,
) -> Result<ProductId, AppError> {
    let input = ProductInput::from_form(form).map_err(invalid)?;
    write(db, company_id, user, product.map(|p| (p, version)), &input, None).await
}

/// Writes a valid input: a new product (`existing` None) or a new version of one.
pub async fn write(
    db: &Db,
    company_id: CompanyId,
    user: UserId,
    existing: Option<(ProductId, i64)>,
    input: &ProductInput,
    copy_images_of: Option<ProductId>,
) -> Result<ProductId, AppError> {
    let mut tx = db.begin_write().await?;
    let id = write_in(&mut tx, company_id, user, existing, input, copy_images_of).await?;
    tx.commit().await?;
    Ok(id)
}

/// [`write`] inside a transaction of the caller's.
pub async fn write_in(
    tx: &mut Tx,
    company_id: CompanyId,
    user: UserId,
    existing: Option<(ProductId, i64)>,
    input: &ProductInput,
    copy_images_of: Option<ProductId>,
) -> Result<ProductId, AppError> {
    let category: Option<i64> = sqlx::query_scalar("SELECT id FROM categories WHERE slug = $1")
        .bind(&input.category)
        .fetch_optional(&mut **tx)
        .await?;
    let category = category.ok_or_else(|| AppError::field("category", "Choose a category from the list."))?;
    if let Some((product, version)) = existing {
        let stored: Option<i64> = sqlx::query_scalar("SELECT version FROM products WHERE id = $1 AND company_id = $2")
            .bind(product.get())
            .bind(company_id.get())
            .fetch_optional(&mut **tx)
            .await?;
        match stored {
            None => return Err(AppError::not_found("product")),
            Some(stored) if stored != version => {
                return Err(AppError::Conflict(
                    "This product was changed by someone else since you opened it. Reload the page to see the \
                     latest version, then make your changes again."
                        .to_string(),
                ));
            }
            Some(_) => {}
        }
    }
    let own_id = existing.map_or(0, |(p, _)| p.get());
    let slug = product_slug(tx, company_id, own_id, input).await?;
    check_skus(tx, company_id, own_id, input).await?;
    let tiers: Vec<StoredTier> = input
        .terms
        .tiers
        .iter()
        .map(|t| StoredTier { min_quantity: t.min_quantity, unit_price: t.unit_price.minor() })
        .collect();
    let tiers = serde_json::to_string(&tiers).map_err(|_| AppError::Internal)?;
    let lead_times = serde_json::to_string(&input.terms.lead_times).map_err(|_| AppError::Internal)?;
    let specs = serde_json::to_string(&input.specs).map_err(|_| AppError::Internal)?;
    let customization = input.customization.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" ");
    let sample = input.terms.sample;
    let at = now();
    let opt = |v: Option<u64>| v.map(|v| v as i64);
    let columns = "slug = $1, title = $2, description = $3, category_id = $4, unit = $5, origin = $6, currency = $7, \
                   moq = $8, order_increment = $9, tiers = $10, lead_times = $11, sample_price = $12, sample_max = $13, \
                   specs = $14, customization = $15, packaging = $16, weight_grams = $17, length_mm = $18, \
                   width_mm = $19, height_mm = $20, price_from = $21, updated_at = $22, updated_by = $25";
    let sql = match existing {
        Some(_) => format!("UPDATE products SET {columns}, version = version + 1 WHERE id = $23 AND company_id = $24 RETURNING id"),
        None => "INSERT INTO products (slug, title, description, category_id, unit, origin, currency, moq, order_increment, \
                 tiers, lead_times, sample_price, sample_max, specs, customization, packaging, weight_grams, length_mm, \
                 width_mm, height_mm, price_from, updated_at, created_at, company_id, updated_by, status) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, \
                 $23, $24, $25, 'draft') RETURNING id"
            .to_string(),
    };
    let id: i64 = sqlx::query_scalar(&sql)
        .bind(slug.to_string())
        .bind(&input.title)
        .bind(&input.description)
        .bind(category)
        .bind(input.unit.as_str())
        .bind(input.origin.code())
        .bind(input.terms.currency.code())
        .bind(input.terms.moq as i64)
        .bind(input.terms.increment as i64)
        .bind(tiers)
        .bind(lead_times)
        .bind(sample.map(|s| s.price.minor()))
        .bind(sample.map(|s| s.max_quantity as i64))
        .bind(specs)
        .bind(customization)
        .bind(&input.packaging)
        .bind(opt(input.shipping.weight_grams))
        .bind(opt(input.shipping.length_mm))
        .bind(opt(input.shipping.width_mm))
        .bind(opt(input.shipping.height_mm))
        .bind(input.price_from().minor())
        .bind(at)
        .bind(existing.map_or(at, |(p, _)| p.get()))
        .bind(company_id.get())
        .bind(user.get())
        .fetch_one(&mut **tx)
        .await?;
    write_variants(tx, company_id, id, input).await?;
    if let Some(original) = copy_images_of {
        sqlx::query(
            "INSERT INTO product_images (product_id, media_id, position) \
             SELECT $1, media_id, position FROM product_images WHERE product_id = $2",
        )
        .bind(id)
        .bind(original.get())
        .execute(&mut **tx)
        .await?;
    }
    Ok(ProductId::new(id).expect("database ids are positive"))
}

pub type Tx = sqlx::Transaction<'static, Any>;

/// The product's address: the one asked for (refused when taken), or one made from the title.
async fn product_slug(tx: &mut Tx, company_id: CompanyId, own_id: i64, input: &ProductInput) -> Result<Slug, AppError> {
    let taken = |slug: String| {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM products WHERE company_id = $1 AND slug = $2 AND id <> $3")
            .bind(company_id.get())
            .bind(slug)
            .bind(own_id)
    };
    if let Some(slug) = &input.slug {
        if taken(slug.to_string()).fetch_one(&mut **tx).await? > 0 {
            return Err(AppError::field("slug", "Another of your products has this address."));
        }
        return Ok(slug.clone());
    }
    let base = Slug::from_name(&input.title).unwrap_or_else(|| Slug::parse("product").expect("a valid slug"));
    if taken(base.to_string()).fetch_one(&mut **tx).await? == 0 {
        return Ok(base);
    }
    // Numbered on from how many addresses already start alike, so a free one is found in a
    // query or two however many similar titles the catalog holds. (Slugs are letters, digits
    // and hyphens: nothing in the pattern is a wildcard.)
    let stem: String = base.as_str().chars().take(MAX_SLUG_LEN - 8).collect();
    let alike: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE company_id = $1 AND slug LIKE $2")
        .bind(company_id.get())
        .bind(format!("{}%", stem.trim_end_matches('-')))
        .fetch_one(&mut **tx)
        .await?;
    for n in (alike.max(1) + 1)..(alike + 100) {
        let candidate = base.with_suffix(u32::try_from(n).map_err(|_| AppError::Internal)?);
        if taken(candidate.to_string()).fetch_one(&mut **tx).await? == 0 {
            return Ok(candidate);
        }
    }
    Err(AppError::field("slug", "Choose an address for this product."))
}

/// SKUs are unique across the supplier's catalog: name the row that clashes.
async fn check_skus(tx: &mut Tx, company_id: CompanyId, own_id: i64, input: &ProductInput) -> Result<(), AppError> {
    let mut errors = Vec::new();
    for (n, variant) in input.variants.iter().enumerate() {
        let other: Option<String> = sqlx::query_scalar(
            "SELECT p.title FROM product_variants v JOIN products p ON p.id = v.product_id \
             WHERE v.company_id = $1 AND v.sku = $2 AND v.product_id <> $3",
        )
        .bind(company_id.get())
        .bind(variant.sku.as_str())
        .bind(own_id)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(title) = other {
            errors.push(FieldError {
                field: format!("variants.{n}.sku"),
                message: format!("Your product “{title}” already uses this SKU."),
            });
        }
        if let Some(id) = variant.id {
            let mine: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM product_variants WHERE id = $1 AND product_id = $2")
                    .bind(id)
                    .bind(own_id)
                    .fetch_one(&mut **tx)
                    .await?;
            if mine == 0 {
                return Err(AppError::not_found("variant"));
            }
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(invalid(errors)) }
}

async fn write_variants(
    tx: &mut Tx,
    company_id: CompanyId,
    product: i64,
    input: &ProductInput,
) -> Result<(), AppError> {
    let kept: Vec<String> = input.variants.iter().filter_map(|v| v.id).map(|id| id.to_string()).collect();
    // Ids were checked to belong to this product: listing them inline is injection-free.
    sqlx::query(&format!(
        "DELETE FROM product_variants WHERE product_id = $1 AND id NOT IN ({})",
        if kept.is_empty() { "0".to_string() } else { kept.join(",") }
    ))
    .bind(product)
    .execute(&mut **tx)
    .await?;
    // SKUs may move between this product's variants: clear them first so the unique index
    // never sees a transient clash.
    sqlx::query("UPDATE product_variants SET sku = '~' || CAST(id AS TEXT) WHERE product_id = $1")
        .bind(product)
        .execute(&mut **tx)
        .await?;
    for (n, variant) in input.variants.iter().enumerate() {
        let price = variant.price.map(|p| p.minor());
        let result = match variant.id {
            Some(id) => {
                let done = sqlx::query(
                    "UPDATE product_variants SET sku = $1, name = $2, price_override = $3, position = $4, \
                     stock = stock + $5 WHERE id = $6 AND product_id = $7 AND stock + $5 >= 0",
                )
                .bind(variant.sku.as_str())
                .bind(&variant.name)
                .bind(price)
                .bind(n as i64)
                .bind(variant.stock_change)
                .bind(id)
                .bind(product)
                .execute(&mut **tx)
                .await;
                match done {
                    Ok(done) if done.rows_affected() == 0 => {
                        return Err(AppError::field(
                            &format!("variants.{n}.stock"),
                            "Stock cannot go below zero: units were sold since you opened the page. Reload to see the current stock.",
                        ));
                    }
                    other => other.map(|_| ()),
                }
            }
            None => sqlx::query(
                "INSERT INTO product_variants (product_id, company_id, sku, name, price_override, stock, position) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(product)
            .bind(company_id.get())
            .bind(variant.sku.as_str())
            .bind(&variant.name)
            .bind(price)
            .bind(variant.stock_change.max(0))
            .bind(n as i64)
            .execute(&mut **tx)
            .await
            .map(|_| ()),
        };
        match result {
            Err(e) if is_unique_violation(&e) => {
                return Err(AppError::field(&format!("variants.{n}.sku"), "Another of your products uses this SKU."));
            }
            other => other?,
        }
    }
    Ok(())
}

/// Moves products to `status`. Publishing clears an admin's takedown: the supplier has
/// answered it by editing the listing.
pub async fn set_status(
    db: &Db,
    company_id: CompanyId,
    products: &[ProductId],
    status: ProductStatus,
) -> Result<u64, AppError> {
    let mut tx = db.begin_write().await?;
    let changed = set_status_in(&mut tx, company_id, products, status).await?;
    tx.commit().await?;
    Ok(changed)
}

/// [`set_status`] inside a transaction of the caller's.
pub async fn set_status_in(
    tx: &mut Tx,
    company_id: CompanyId,
    products: &[ProductId],
    status: ProductStatus,
) -> Result<u64, AppError> {
    let published_at = if status == ProductStatus::Published { Some(now()) } else { None };
    each_product(tx, company_id, products, |product| {
        sqlx::query(
            "UPDATE products SET status = $1, version = version + 1, updated_at = $2, \
             published_at = COALESCE($3, published_at), \
             takedown_reason = CASE WHEN $1 = 'published' THEN '' ELSE takedown_reason END \
             WHERE id = $4 AND company_id = $5",
        )
        .bind(status.as_str())
        .bind(now())
        .bind(published_at)
        .bind(product)
    })
    .await
}

/// Runs a statement per product: `statement` binds everything but the product's company,
/// which is bound last. A product of another company is "not found" and undoes the lot
/// (the caller's transaction is dropped).
async fn each_product<'q>(
    tx: &mut Tx,
    company_id: CompanyId,
    products: &[ProductId],
    statement: impl Fn(i64) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
) -> Result<u64, AppError> {
    for product in products {
        let done = statement(product.get()).bind(company_id.get()).execute(&mut **tx).await?;
        if done.rows_affected() == 0 {
            return Err(AppError::not_found("product"));
        }
    }
    Ok(products.len() as u64)
}

/// Applies a list action to several products at once; answers the notice key of what was done.
pub async fn bulk(
    db: &Db,
    company_id: CompanyId,
    products: &[ProductId],
    action: &str,
    category: &str,
) -> Result<&'static str, AppError> {
    match action {
        "publish" => set_status(db, company_id, products, ProductStatus::Published).await.map(|_| "published"),
        "unpublish" => set_status(db, company_id, products, ProductStatus::Draft).await.map(|_| "unpublished"),
        "archive" => set_status(db, company_id, products, ProductStatus::Archived).await.map(|_| "archived"),
        "delete" => delete(db, company_id, products).await.map(|_| "deleted"),
        "category" => change_category(db, company_id, products, category).await.map(|_| "recategorised"),
        _ => Err(AppError::field("action", "Choose what to do with the ticked products.")),
    }
}

async fn delete(db: &Db, company_id: CompanyId, products: &[ProductId]) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    each_product(&mut tx, company_id, products, |product| {
        sqlx::query("DELETE FROM products WHERE id = $1 AND company_id = $2").bind(product)
    })
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn change_category(db: &Db, company_id: CompanyId, products: &[ProductId], slug: &str) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let category: Option<i64> =
        sqlx::query_scalar("SELECT id FROM categories WHERE slug = $1").bind(slug).fetch_optional(&mut *tx).await?;
    let category = category.ok_or_else(|| AppError::field("category", "Choose the new category."))?;
    each_product(&mut tx, company_id, products, |product| {
        sqlx::query(
            "UPDATE products SET category_id = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND company_id = $4",
        )
        .bind(category)
        .bind(now())
        .bind(product)
    })
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds `change` (negative to remove) to a variant's stock, atomically: concurrent changes
/// add up instead of overwriting each other, and stock never goes below zero.
pub async fn change_stock(db: &Db, company_id: CompanyId, variant: VariantId, change: i64) -> Result<u64, AppError> {
    let stock: Option<i64> = sqlx::query_scalar(
        "UPDATE product_variants SET stock = stock + $1 WHERE id = $2 AND company_id = $3 AND stock + $1 >= 0 RETURNING stock",
    )
    .bind(change)
    .bind(variant.get())
    .bind(company_id.get())
    .fetch_optional(db.pool())
    .await?;
    match stock {
        Some(stock) => Ok(stock as u64),
        None => {
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT stock FROM product_variants WHERE id = $1 AND company_id = $2")
                    .bind(variant.get())
                    .bind(company_id.get())
                    .fetch_optional(db.pool())
                    .await?;
            match exists {
                None => Err(AppError::not_found("variant")),
                Some(now) => Err(AppError::field(
                    "stock",
                    format!(
                        "Only {now} in stock now (units were sold since the page loaded): stock cannot go below zero."
                    ),
                )),
            }
        }
    }
}

/// A draft copy of a product with new SKUs (suffixed `-COPY`) and no stock.
pub async fn duplicate(
    db: &Db,
    company_id: CompanyId,
    user: UserId,
    product: ProductId,
) -> Result<ProductId, AppError> {
    let (mut input, _, _) = load(db, company_id, product).await?;
    input.title = format!("{} (copy)", input.title).chars().take(crate::domain::product::MAX_TITLE_CHARS).collect();
    input.slug = None;
    for variant in &mut input.variants {
        variant.id = None;
        variant.stock_change = 0;
        let base: String = variant.sku.as_str().chars().take(34).collect();
        variant.sku = Sku::parse(&format!("{base}-COPY")).map_err(|_| AppError::Internal)?;
    }
    write(db, company_id, user, None, &input, Some(product)).await.map_err(|e| match e {
        AppError::Invalid(_) => {
            AppError::Conflict("A copy of this product exists already: rename its SKUs first.".into())
        }
        other => other,
    })
}

/// A product as buyers will see it, for the supplier's preview.
pub async fn detail(db: &Db, company_id: CompanyId, product: ProductId) -> Result<ProductDetail, AppError> {
    let (input, meta, stocks) = load(db, company_id, product).await?;
    let (supplier_name, supplier_slug, verified_at): (String, String, Option<i64>) =
        sqlx::query_as("SELECT name, slug, verified_at FROM companies WHERE id = $1")
            .bind(company_id.get())
            .fetch_one(db.pool())
            .await?;
    let category_trail = category_trail(db, &input.category).await?;
    Ok(ProductDetail {
        id: product,
        title: input.title,
        status: meta.status,
        description_html: super::markdown::to_safe_html(&input.description),
        category_trail,
        images: images(db, product).await?,
        unit: input.unit,
        origin: input.origin.name().to_string(),
        variants: input
            .variants
            .into_iter()
            .zip(stocks)
            .map(|(v, stock)| VariantView { sku: v.sku.to_string(), name: v.name, price: v.price, stock })
            .collect(),
        terms: input.terms,
        specs: input.specs,
        customization: input.customization,
        packaging: input.packaging,
        shipping: input.shipping,
        supplier_name,
        supplier_slug,
        supplier_verified: verified_at.is_some(),
    })
}

/// One change to the order or set of a product's images.
pub enum ImageChange {
    Add(i64),
    MakeMain(i64),
    Earlier(i64),
    Remove(i64),
}

/// Fails when the product (of this company) has no room for another image.
pub async fn ensure_room_for_image(db: &Db, company_id: CompanyId, product: ProductId) -> Result<(), AppError> {
    let count: Option<i64> = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM product_images i WHERE i.product_id = p.id) FROM products p \
         WHERE p.id = $1 AND p.company_id = $2",
    )
    .bind(product.get())
    .bind(company_id.get())
    .fetch_optional(db.pool())
    .await?;
    match count {
        None => Err(AppError::not_found("product")),
        Some(n) if n as usize >= MAX_IMAGES => {
            Err(AppError::form(format!("A product has at most {MAX_IMAGES} images: remove one first.")))
        }
        Some(_) => Ok(()),
    }
}

pub async fn change_images(
    db: &Db,
    company_id: CompanyId,
    product: ProductId,
    change: ImageChange,
) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let owner: Option<i64> = sqlx::query_scalar("SELECT id FROM products WHERE id = $1 AND company_id = $2")
        .bind(product.get())
        .bind(company_id.get())
        .fetch_optional(&mut *tx)
        .await?;
    owner.ok_or_else(|| AppError::not_found("product"))?;
    let mut order: Vec<i64> =
        sqlx::query_scalar("SELECT media_id FROM product_images WHERE product_id = $1 ORDER BY position")
            .bind(product.get())
            .fetch_all(&mut *tx)
            .await?;
    let position =
        |order: &[i64], id: i64| order.iter().position(|m| *m == id).ok_or_else(|| AppError::not_found("image"));
    match change {
        ImageChange::Add(id) => {
            let library: Option<String> =
                sqlx::query_scalar("SELECT purpose FROM media WHERE id = $1 AND company_id = $2")
                    .bind(id)
                    .bind(company_id.get())
                    .fetch_optional(&mut *tx)
                    .await?;
            if library.as_deref() != Some(MediaPurpose::Library.as_str()) {
                return Err(AppError::field("add", "Choose one of your library images."));
            }
            if order.len() >= MAX_IMAGES {
                return Err(AppError::form(format!("A product has at most {MAX_IMAGES} images: remove one first.")));
            }
            if !order.contains(&id) {
                order.push(id);
            }
        }
        ImageChange::MakeMain(id) => {
            let at = position(&order, id)?;
            let image = order.remove(at);
            order.insert(0, image);
        }
        ImageChange::Earlier(id) => {
            let at = position(&order, id)?;
            order.swap(at, at.saturating_sub(1));
        }
        ImageChange::Remove(id) => {
            let at = position(&order, id)?;
            order.remove(at);
        }
    }
    sqlx::query("DELETE FROM product_images WHERE product_id = $1").bind(product.get()).execute(&mut *tx).await?;
    for (n, media) in order.iter().enumerate() {
        sqlx::query("INSERT INTO product_images (product_id, media_id, position) VALUES ($1, $2, $3)")
            .bind(product.get())
            .bind(media)
            .bind(n as i64)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE products SET updated_at = $1 WHERE id = $2")
        .bind(now())
        .bind(product.get())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A platform admin takes a published listing down; the supplier sees why, beside the
/// listing and in a mail to its owners.
pub async fn take_down(db: &Db, public_url: &str, product: ProductId, reason: &str) -> Result<(), AppError> {
    let reason = crate::domain::text::clean_text(reason, 1000, true).map_err(|m| AppError::field("reason", m))?;
    if reason.is_empty() {
        return Err(AppError::field("reason", "Tell the supplier why the listing is taken down."));
    }
    let mut tx = db.begin_write().await?;
    let taken: Option<(i64, String)> = sqlx::query_as(
        "UPDATE products SET status = 'draft', takedown_reason = $1, version = version + 1, updated_at = $2 \
         WHERE id = $3 AND status = 'published' RETURNING company_id, title",
    )
    .bind(&reason)
    .bind(now())
    .bind(product.get())
    .fetch_optional(&mut *tx)
    .await?;
    let (company, title) = taken.ok_or_else(|| AppError::not_found("published product"))?;
    let owners: Vec<String> = sqlx::query_scalar(
        "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.company_id = $1 AND m.role = 'owner'",
    )
    .bind(company)
    .fetch_all(&mut *tx)
    .await?;
    let link = format!("{}/supplier/products/{product}", public_url.trim_end_matches('/'));
    let subject = format!("Your listing “{title}” was taken down");
    let body = format!(
        "Hello,\n\nWe took your listing “{title}” off the marketplace:\n\n{reason}\n\n\
         It is back to draft. Correct it, then publish it again here:\n{link}\n"
    );
    for to in &owners {
        super::mail::enqueue(&mut tx, super::mail::Message { to, subject: subject.clone(), body: body.clone() })
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Published listings across suppliers for moderation, newest first.
pub async fn published_listings(db: &Db, q: &str) -> Result<Vec<crate::model::admin::Listing>, AppError> {
    let pattern = format!("%{}%", q.trim().replace(['%', '_'], " ").to_lowercase());
    let rows: Vec<(i64, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT p.id, p.title, co.name, co.slug, c.name, p.updated_at FROM products p \
         JOIN companies co ON co.id = p.company_id JOIN categories c ON c.id = p.category_id \
         WHERE p.status = 'published' AND (LOWER(p.title) LIKE $1 OR LOWER(co.name) LIKE $1) \
         ORDER BY p.updated_at DESC, p.id DESC LIMIT 100",
    )
    .bind(pattern)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, title, supplier_name, supplier_slug, category, updated_at)| crate::model::admin::Listing {
            id: ProductId::new(id).expect("database ids are positive"),
            title,
            supplier_name,
            supplier_slug,
            category,
            updated_at,
        })
        .collect())
}
