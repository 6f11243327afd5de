//! The supplier's product list: its filters, sorts and pages, each row with its variants'
//! stock and its main picture.

use super::images::main_images;
use super::taxonomy::{categories, category_subtree};
use crate::domain::product::{ProductStatus, Unit};
use crate::domain::{CompanyId, Currency, Money, ProductId, VariantId};
use crate::error::AppError;
use crate::model::catalog::{CatalogPage, CatalogQuery, CatalogRow, CatalogSort, PAGE_SIZE, VariantStock};
use crate::server::db::{Db, Dialect, push_ids};
use sqlx::{Any, QueryBuilder};
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct ListRow {
    id: ProductId,
    title: String,
    #[sqlx(try_from = "String")]
    status: ProductStatus,
    category: String,
    price_from: i64,
    #[sqlx(try_from = "String")]
    currency: Currency,
    #[sqlx(try_from = "i64")]
    moq: u64,
    #[sqlx(try_from = "String")]
    unit: Unit,
    updated_at: i64,
    takedown_reason: String,
}

/// The list's `FROM … WHERE …`: the company's products the query's filters keep.
fn push_filter(
    sql: &mut QueryBuilder<'_, Any>,
    dialect: Dialect,
    company_id: CompanyId,
    query: &CatalogQuery,
    categories: Option<&[i64]>,
) {
    sql.push(" FROM products p WHERE p.company_id = ").push_bind(company_id.get());
    if let Some(status) = query.status {
        sql.push(" AND p.status = ").push_bind(status.as_str());
    }
    let q = query.q.trim();
    if !q.is_empty() {
        let pattern = format!("%{}%", q.replace(['%', '_'], " "));
        // Case-insensitive matching without lower-casing every row; the SKU match is one
        // pass over the company's variants, not one lookup per product.
        let like = dialect.ilike();
        sql.push(format!(" AND (p.title {like} ")).push_bind(pattern.clone());
        sql.push(" OR p.id IN (SELECT v.product_id FROM product_variants v WHERE v.company_id = ")
            .push_bind(company_id.get())
            .push(format!(" AND v.sku {like} "))
            .push_bind(pattern)
            .push("))");
    }
    if let Some(ids) = categories {
        sql.push(" AND p.category_id IN ");
        push_ids(sql, ids);
    }
    if query.low_stock {
        sql.push(
            " AND p.id IN (SELECT v.product_id FROM product_variants v JOIN products q ON q.id = v.product_id \
             WHERE v.company_id = ",
        )
        .push_bind(company_id.get())
        .push(" AND v.stock < q.moq)");
    }
}

pub async fn list(db: &Db, company_id: CompanyId, query: CatalogQuery) -> Result<CatalogPage, AppError> {
    let subtree = match query.category.as_str() {
        "" => None,
        slug => Some(category_subtree(db, slug).await?),
    };
    let dialect = db.dialect();
    // Counted apart: a window count would make the database read every match before the
    // index-ordered first page.
    let mut count = QueryBuilder::new("SELECT COUNT(*)");
    push_filter(&mut count, dialect, company_id, &query, subtree.as_deref());
    let total: i64 = db.fetch_scalar(&mut count).await?;
    let pages = (total as u64).div_ceil(PAGE_SIZE as u64).max(1) as u32;
    // A page past the end (the catalog shrank since the link was made) shows the last one.
    let page = query.page.clamp(1, pages);
    let order = match query.sort {
        CatalogSort::Updated => "p.updated_at DESC, p.id DESC",
        CatalogSort::Title => "LOWER(p.title), p.id",
        CatalogSort::PriceLow => "p.price_from, p.id",
        CatalogSort::PriceHigh => "p.price_from DESC, p.id",
        CatalogSort::Stock => "(SELECT MIN(v.stock) FROM product_variants v WHERE v.product_id = p.id), p.id",
    };
    let mut rows = QueryBuilder::new(
        "SELECT p.id, p.title, p.status, (SELECT c.name FROM categories c WHERE c.id = p.category_id) AS category, \
         p.price_from, p.currency, p.moq, p.unit, p.updated_at, p.takedown_reason",
    );
    push_filter(&mut rows, dialect, company_id, &query, subtree.as_deref());
    rows.push(format!(" ORDER BY {order} LIMIT "))
        .push_bind(i64::from(PAGE_SIZE))
        .push(" OFFSET ")
        .push_bind(i64::from((page - 1) * PAGE_SIZE));
    let rows: Vec<ListRow> = db.fetch_all(&mut rows).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id.get()).collect();
    let mut variants = variant_stock(db, &ids).await?;
    let images = main_images(db, &ids).await?;
    let catalog_size = catalog_size(db, company_id).await?;
    let rows = rows
        .into_iter()
        .map(|row| {
            let variants = variants.remove(&row.id).unwrap_or_default();
            CatalogRow {
                id: row.id,
                title: row.title,
                status: row.status,
                category: row.category,
                price_from: Money::from_minor(row.price_from, row.currency),
                moq: row.moq,
                unit: row.unit,
                low_stock: variants.iter().any(|v| v.stock < row.moq),
                variants,
                updated_at: row.updated_at,
                image: images.get(&row.id.get()).cloned(),
                takedown_reason: row.takedown_reason,
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

#[derive(sqlx::FromRow)]
struct StockRow {
    product_id: ProductId,
    id: VariantId,
    sku: String,
    name: String,
    stock: i64,
}

async fn variant_stock(db: &Db, product_ids: &[i64]) -> Result<HashMap<ProductId, Vec<VariantStock>>, AppError> {
    if product_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut sql =
        QueryBuilder::new("SELECT product_id, id, sku, name, stock FROM product_variants WHERE product_id IN ");
    push_ids(&mut sql, product_ids);
    sql.push(" ORDER BY product_id, position");
    let rows: Vec<StockRow> = db.fetch_all(&mut sql).await?;
    let mut by_product: HashMap<ProductId, Vec<VariantStock>> = HashMap::new();
    for row in rows {
        by_product.entry(row.product_id).or_default().push(VariantStock {
            id: row.id,
            sku: row.sku,
            name: row.name,
            stock: row.stock.max(0) as u64,
        });
    }
    Ok(by_product)
}
