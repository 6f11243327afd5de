//! A product as stored: its row and its variants' rows, read back into the editor's input.

use crate::domain::form::UnknownChoice;
use crate::domain::product::{Customization, ProductInput, ProductStatus, Shipping, Sku, Unit, VariantInput};
use crate::domain::terms::{LeadTime, PriceTier, Sample, TradeTerms};
use crate::domain::{CompanyId, Country, Currency, Money, ProductId, Slug, VariantId};
use crate::error::AppError;
use crate::server::db::{Db, Json};
use std::collections::HashMap;

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
    id: ProductId,
    title: String,
    #[sqlx(try_from = "String")]
    slug: Slug,
    description: String,
    category: String,
    #[sqlx(try_from = "String")]
    unit: Unit,
    #[sqlx(try_from = "String")]
    origin: Country,
    #[sqlx(flatten)]
    terms: TermsRow,
    #[sqlx(try_from = "String")]
    specs: Json<Vec<(String, String)>>,
    #[sqlx(try_from = "String")]
    customization: Customizations,
    packaging: String,
    weight_grams: Option<i64>,
    length_mm: Option<i64>,
    width_mm: Option<i64>,
    height_mm: Option<i64>,
    version: i64,
    #[sqlx(try_from = "String")]
    status: ProductStatus,
    takedown_reason: String,
    updated_at: i64,
}

/// A product's trade terms as stored (the columns of `products` in [`TermsRow::COLUMNS`]).
#[derive(sqlx::FromRow)]
pub struct TermsRow {
    #[sqlx(try_from = "String")]
    currency: Currency,
    #[sqlx(try_from = "i64")]
    moq: u64,
    #[sqlx(try_from = "i64")]
    order_increment: u64,
    #[sqlx(try_from = "String")]
    tiers: Json<Vec<StoredTier>>,
    #[sqlx(try_from = "String")]
    lead_times: Json<Vec<LeadTime>>,
    sample_price: Option<i64>,
    sample_max: Option<i64>,
}

impl TermsRow {
    pub const COLUMNS: &str =
        "p.currency, p.moq, p.order_increment, p.tiers, p.lead_times, p.sample_price, p.sample_max";

    pub fn terms(self) -> TradeTerms {
        let currency = self.currency;
        TradeTerms {
            currency,
            tiers: self
                .tiers
                .0
                .into_iter()
                .map(|t| PriceTier {
                    min_quantity: t.min_quantity,
                    unit_price: Money::from_minor(t.unit_price, currency),
                })
                .collect(),
            moq: self.moq,
            increment: self.order_increment,
            lead_times: self.lead_times.0,
            sample: self.sample_price.zip(self.sample_max).map(|(price, max)| Sample {
                price: Money::from_minor(price, currency),
                max_quantity: max.max(0) as u64,
            }),
        }
    }
}

/// A price tier as the `tiers` column holds it (the currency is the product's).
#[derive(serde::Serialize, serde::Deserialize)]
pub struct StoredTier {
    pub min_quantity: u64,
    pub unit_price: i64,
}

impl StoredTier {
    pub fn of(tiers: &[PriceTier]) -> Vec<StoredTier> {
        tiers.iter().map(|t| StoredTier { min_quantity: t.min_quantity, unit_price: t.unit_price.minor() }).collect()
    }
}

/// The `customization` column: the customisations offered, space-separated.
pub struct Customizations(pub Vec<Customization>);

impl TryFrom<String> for Customizations {
    type Error = UnknownChoice;
    fn try_from(text: String) -> Result<Self, UnknownChoice> {
        text.split_whitespace().map(str::parse).collect::<Result<_, _>>().map(Customizations)
    }
}

const PRODUCT_SELECT: &str = "SELECT p.id, p.title, p.slug, p.description, c.slug AS category, p.unit, p.origin, \
     p.currency, p.moq, p.order_increment, p.tiers, p.lead_times, p.sample_price, p.sample_max, p.specs, p.customization, \
     p.packaging, p.weight_grams, p.length_mm, p.width_mm, p.height_mm, p.version, p.status, p.takedown_reason, \
     p.updated_at FROM products p JOIN categories c ON c.id = p.category_id";

#[derive(sqlx::FromRow)]
struct VariantRow {
    product_id: ProductId,
    id: VariantId,
    #[sqlx(try_from = "String")]
    sku: Sku,
    name: String,
    price_override: Option<i64>,
    stock: i64,
}

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
    Ok(assemble(row, variants))
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
    let mut by_product: HashMap<ProductId, Vec<VariantRow>> = HashMap::new();
    for variant in variants {
        by_product.entry(variant.product_id).or_default().push(variant);
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let id = row.id;
            let variants = by_product.remove(&id).unwrap_or_default();
            let (input, meta, stocks) = assemble(row, variants);
            Stored { id, input, status: meta.status, stocks }
        })
        .collect())
}

fn assemble(row: ProductRow, variants: Vec<VariantRow>) -> (ProductInput, ProductMeta, Vec<u64>) {
    let terms = row.terms.terms();
    let currency = terms.currency;
    let stocks = variants.iter().map(|v| v.stock.max(0) as u64).collect();
    let measure = |v: Option<i64>| v.map(|v| v.max(0) as u64);
    let input = ProductInput {
        title: row.title,
        slug: Some(row.slug.clone()),
        description: row.description,
        category: row.category,
        unit: row.unit,
        origin: row.origin,
        terms,
        variants: variants
            .into_iter()
            .map(|v| VariantInput {
                id: Some(v.id.get()),
                sku: v.sku,
                name: v.name,
                price: v.price_override.map(|p| Money::from_minor(p, currency)),
                stock_change: 0,
            })
            .collect(),
        specs: row.specs.0,
        customization: row.customization.0,
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
        status: row.status,
        slug: row.slug.to_string(),
        takedown_reason: row.takedown_reason,
        updated_at: row.updated_at,
    };
    (input, meta, stocks)
}
