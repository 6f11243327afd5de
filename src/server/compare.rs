//! The comparison's cookie and the products it names.

use super::catalog::{self, main_images};
use super::db::{Db, push_ids};
use super::market::supplier_summaries;
use super::request::{request_cookie, set_cookie};
use crate::domain::compare::{COOKIE, Selection};
use crate::domain::links;
use crate::domain::{CompanyId, ProductId};
use crate::error::AppError;
use crate::model::compare::CompareColumn;
use sqlx::QueryBuilder;

/// The selection in the request's cookie (empty without one).
pub fn selection() -> Selection {
    request_cookie(COOKIE).map(|value| Selection::parse(&value)).unwrap_or_default()
}

/// Sets the cookie on the response (for 30 days).
pub fn store(selection: &Selection) {
    set_cookie(COOKIE, &selection.cookie_value(), if selection.ids().is_empty() { 0 } else { 30 });
}

#[derive(sqlx::FromRow)]
struct ComparedRow {
    id: ProductId,
    company_id: CompanyId,
    slug: String,
}

/// The published products among `ids`, in that order.
pub async fn columns(db: &Db, ids: &[i64]) -> Result<Vec<CompareColumn>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = QueryBuilder::new("SELECT id, company_id, slug FROM products WHERE status = 'published' AND id IN ");
    push_ids(&mut sql, ids);
    let rows: Vec<ComparedRow> = db.fetch_all(&mut sql).await?;
    let suppliers = supplier_summaries(db, &rows.iter().map(|r| r.company_id.get()).collect::<Vec<_>>()).await?;
    let mut images = main_images(db, ids).await?;
    let mut columns = Vec::with_capacity(rows.len());
    for id in ids {
        let Some(row) = rows.iter().find(|r| r.id.get() == *id) else { continue };
        let detail = catalog::detail(db, row.company_id, row.id).await?;
        let Some(supplier) = suppliers.get(&row.company_id.get()).cloned() else { continue };
        columns.push(CompareColumn {
            product_id: *id,
            href: links::product(&row.slug, *id),
            title: detail.title,
            image: images.remove(id),
            unit: detail.unit,
            terms: detail.terms,
            supplier,
        });
    }
    Ok(columns)
}
