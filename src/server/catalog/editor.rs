//! The product editor: what it shows, and writing a product from it (or from an import, or a
//! duplicate), all or nothing, refusing a save made on an older version.

use super::images::images;
use super::rows::{StoredTier, load};
use super::taxonomy::{categories, category_id, category_trail};
use crate::domain::form::{FieldErrors, FormValues};
use crate::domain::links;
use crate::domain::product::{MAX_TITLE_CHARS, ProductInput, ProductStatus, Sku};
use crate::domain::slug::MAX_SLUG_LEN;
use crate::domain::{CompanyId, ProductId, Slug, UserId};
use crate::error::{AppError, OrInternal};
use crate::model::catalog::{ProductDetail, ProductEditor, VariantView};
use crate::server::db::{Db, is_unique_violation, to_json};
use crate::server::{markdown, media, now};
use sqlx::Any;

pub type Tx = sqlx::Transaction<'static, Any>;

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
        public_href: links::product(&meta.slug, product.get()),
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

/// Creates or updates a product from its form, all or nothing. Answers the product's id.
pub async fn save(
    db: &Db,
    company_id: CompanyId,
    user: UserId,
    product: Option<ProductId>,
    version: i64,
    form: &FormValues,
) -> Result<ProductId, AppError> {
    let input = ProductInput::from_form(form).map_err(AppError::invalid)?;
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

/// The columns both statements write, in the order their values are bound.
const COLUMNS: [&str; 22] = [
    "slug",
    "title",
    "description",
    "category_id",
    "unit",
    "origin",
    "currency",
    "moq",
    "order_increment",
    "tiers",
    "lead_times",
    "sample_price",
    "sample_max",
    "specs",
    "customization",
    "packaging",
    "weight_grams",
    "length_mm",
    "width_mm",
    "height_mm",
    "price_from",
    "updated_by",
];

/// `$1, $2 …` for `count` values from `first`.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

/// `UPDATE products SET …`: the product's columns, then its id, company and the time.
fn update_statement() -> String {
    let n = COLUMNS.len();
    let set: Vec<String> = COLUMNS.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 1)).collect();
    format!(
        "UPDATE products SET {}, updated_at = ${at}, version = version + 1 WHERE id = ${id} AND company_id = ${company} \
         RETURNING id",
        set.join(", "),
        id = n + 1,
        company = n + 2,
        at = n + 3,
    )
}

/// `INSERT INTO products …`: the product's columns, then its company and the time (created
/// and updated), as a draft.
fn insert_statement() -> String {
    let n = COLUMNS.len();
    format!(
        "INSERT INTO products ({}, company_id, created_at, updated_at, status) VALUES ({}, ${company}, ${at}, ${at}, \
         'draft') RETURNING id",
        COLUMNS.join(", "),
        placeholders(1, n),
        company = n + 1,
        at = n + 2,
    )
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
    let category = category_id(&mut **tx, &input.category)
        .await?
        .ok_or_else(|| AppError::field("category", "Choose a category from the list."))?;
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
    let sample = input.terms.sample;
    let opt = |v: Option<u64>| v.map(|v| v as i64);
    let sql = match existing {
        Some(_) => update_statement(),
        None => insert_statement(),
    };
    let columns = sqlx::query_scalar(&sql)
        .bind(slug.to_string())
        .bind(&input.title)
        .bind(&input.description)
        .bind(category)
        .bind(input.unit.as_str())
        .bind(input.origin.code())
        .bind(input.terms.currency.code())
        .bind(input.terms.moq as i64)
        .bind(input.terms.increment as i64)
        .bind(to_json(&StoredTier::of(&input.terms.tiers))?)
        .bind(to_json(&input.terms.lead_times)?)
        .bind(sample.map(|s| s.price.minor()))
        .bind(sample.map(|s| s.max_quantity as i64))
        .bind(to_json(&input.specs)?)
        .bind(input.customization.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" "))
        .bind(&input.packaging)
        .bind(opt(input.shipping.weight_grams))
        .bind(opt(input.shipping.length_mm))
        .bind(opt(input.shipping.width_mm))
        .bind(opt(input.shipping.height_mm))
        .bind(input.price_from().minor())
        .bind(user.get());
    let columns = match existing {
        Some((product, _)) => columns.bind(product.get()).bind(company_id.get()),
        None => columns.bind(company_id.get()),
    };
    let id: ProductId = columns.bind(now()).fetch_one(&mut **tx).await?;
    write_variants(tx, company_id, id, input).await?;
    if let Some(original) = copy_images_of {
        sqlx::query(
            "INSERT INTO product_images (product_id, media_id, position) \
             SELECT $1, media_id, position FROM product_images WHERE product_id = $2",
        )
        .bind(id)
        .bind(original)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

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
    let base = match Slug::from_name(&input.title) {
        Some(slug) => slug,
        None => Slug::parse("product").or_internal()?,
    };
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
        let candidate = base.with_suffix(u32::try_from(n).or_internal()?);
        if taken(candidate.to_string()).fetch_one(&mut **tx).await? == 0 {
            return Ok(candidate);
        }
    }
    Err(AppError::field("slug", "Choose an address for this product."))
}

/// SKUs are unique across the supplier's catalog: name the row that clashes.
async fn check_skus(tx: &mut Tx, company_id: CompanyId, own_id: i64, input: &ProductInput) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
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
            errors.add(&format!("variants.{n}.sku"), format!("Your product “{title}” already uses this SKU."));
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
    errors.finish(()).map_err(AppError::invalid)
}

async fn write_variants(
    tx: &mut Tx,
    company_id: CompanyId,
    product: ProductId,
    input: &ProductInput,
) -> Result<(), AppError> {
    let stored: Vec<i64> = sqlx::query_scalar("SELECT id FROM product_variants WHERE product_id = $1")
        .bind(product)
        .fetch_all(&mut **tx)
        .await?;
    for gone in stored.into_iter().filter(|id| !input.variants.iter().any(|v| v.id == Some(*id))) {
        sqlx::query("DELETE FROM product_variants WHERE id = $1").bind(gone).execute(&mut **tx).await?;
    }
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

/// A draft copy of a product with new SKUs (suffixed `-COPY`) and no stock.
pub async fn duplicate(
    db: &Db,
    company_id: CompanyId,
    user: UserId,
    product: ProductId,
) -> Result<ProductId, AppError> {
    let (mut input, _, _) = load(db, company_id, product).await?;
    input.title = format!("{} (copy)", input.title).chars().take(MAX_TITLE_CHARS).collect();
    input.slug = None;
    for variant in &mut input.variants {
        variant.id = None;
        variant.stock_change = 0;
        let base: String = variant.sku.as_str().chars().take(34).collect();
        variant.sku = Sku::parse(&format!("{base}-COPY")).or_internal()?;
    }
    write(db, company_id, user, None, &input, Some(product)).await.map_err(|e| match e {
        AppError::Invalid(_) => {
            AppError::Conflict("A copy of this product exists already: rename its SKUs first.".into())
        }
        other => other,
    })
}

#[derive(sqlx::FromRow)]
struct SupplierRow {
    name: String,
    slug: String,
    verified_at: Option<i64>,
}

/// A product as buyers will see it, for the supplier's preview.
pub async fn detail(db: &Db, company_id: CompanyId, product: ProductId) -> Result<ProductDetail, AppError> {
    let (input, meta, stocks) = load(db, company_id, product).await?;
    let supplier: SupplierRow = sqlx::query_as("SELECT name, slug, verified_at FROM companies WHERE id = $1")
        .bind(company_id.get())
        .fetch_one(db.pool())
        .await?;
    let category_trail = category_trail(db, &input.category).await?;
    Ok(ProductDetail {
        id: product,
        title: input.title,
        status: meta.status,
        description_html: markdown::to_safe_html(&input.description),
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
        supplier_name: supplier.name,
        supplier_slug: supplier.slug,
        supplier_verified: supplier.verified_at.is_some(),
    })
}
