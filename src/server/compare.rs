//! The comparison's cookie and the products it names.

use super::catalog::{self, main_images};
use super::db::Db;
use super::market::supplier_summaries;
use super::request::{request_cookie, set_cookie};
use crate::domain::compare::{COOKIE, Selection};
use crate::domain::product::market_href;
use crate::domain::{CompanyId, ProductId};
use crate::error::AppError;
use crate::model::compare::CompareColumn;

/// The selection in the request's cookie (empty without one).
pub fn selection() -> Selection {
    request_cookie(COOKIE).map(|value| Selection::parse(&value)).unwrap_or_default()
}

/// Sets the cookie on the response (for 30 days).
pub fn store(selection: &Selection) {
    set_cookie(COOKIE, &selection.cookie_value(), if selection.ids().is_empty() { 0 } else { 30 });
}

/// The published products among `ids`, in that order.
pub async fn columns(db: &Db, ids: &[i64]) -> Result<Vec<CompareColumn>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(&format!(
        "SELECT id, company_id, slug FROM products WHERE id IN ({list}) AND status = 'published'"
    ))
    .fetch_all(db.pool())
    .await?;
    let suppliers = supplier_summaries(db, &rows.iter().map(|r| r.1).collect::<Vec<_>>()).await?;
    let mut images = main_images(db, ids).await?;
    let mut columns = Vec::with_capacity(rows.len());
    for id in ids {
        let Some((_, company, slug)) = rows.iter().find(|r| r.0 == *id) else { continue };
        let company_id = CompanyId::new(*company).map_err(|_| AppError::Internal)?;
        let detail = catalog::detail(db, company_id, ProductId::new(*id).map_err(|_| AppError::Internal)?).await?;
        let Some(supplier) = suppliers.get(company).cloned() else { continue };
        columns.push(CompareColumn {
            product_id: *id,
            href: market_href(slug, *id),
            title: detail.title,
            image: images.remove(id),
            unit: detail.unit,
            terms: detail.terms,
            supplier,
        });
    }
    Ok(columns)
}
