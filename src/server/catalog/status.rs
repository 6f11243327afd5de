//! Changes to several products at once (publish, unpublish, archive, delete, move to another
//! category) and to a variant's stock.

use super::editor::Tx;
use super::taxonomy::category_id;
use crate::domain::notice::Notice;
use crate::domain::product::ProductStatus;
use crate::domain::{CompanyId, ProductId, VariantId};
use crate::error::AppError;
use crate::server::db::Db;
use crate::server::now;
use sqlx::Any;

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

/// Applies a list action to several products at once; answers what the list confirms.
pub async fn bulk(
    db: &Db,
    company_id: CompanyId,
    products: &[ProductId],
    action: &str,
    category: &str,
) -> Result<Notice, AppError> {
    match action {
        "publish" => {
            set_status(db, company_id, products, ProductStatus::Published).await.map(|_| Notice::BulkPublished)
        }
        "unpublish" => {
            set_status(db, company_id, products, ProductStatus::Draft).await.map(|_| Notice::BulkUnpublished)
        }
        "archive" => set_status(db, company_id, products, ProductStatus::Archived).await.map(|_| Notice::BulkArchived),
        "delete" => delete(db, company_id, products).await.map(|_| Notice::BulkDeleted),
        "category" => change_category(db, company_id, products, category).await.map(|_| Notice::BulkRecategorised),
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
    let category =
        category_id(&mut *tx, slug).await?.ok_or_else(|| AppError::field("category", "Choose the new category."))?;
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
    if let Some(stock) = stock {
        return Ok(stock.max(0) as u64);
    }
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
            format!("Only {now} in stock now (units were sold since the page loaded): stock cannot go below zero."),
        )),
    }
}
