//! Inquiries: a buyer's first message to a supplier, about one of its products or its
//! business, which opens a thread between the two companies.

use super::company_of;
use super::post::{THREADS_PER_HOUR, message_text, notify_company, post, rate_limit, user_company_name};
use crate::domain::form::FieldErrors;
use crate::domain::product::Unit;
use crate::domain::quote::Negotiator;
use crate::domain::terms::MAX_QUANTITY;
use crate::domain::text::clean_text;
use crate::domain::{CompanyId, ProductId, ThreadId};
use crate::error::AppError;
use crate::model::messages::InquiryTarget;
use crate::model::session::SessionUser;
use crate::server::db::Db;
use crate::server::{AppState, invalid_form, now};

#[derive(sqlx::FromRow)]
struct SupplierRow {
    id: CompanyId,
    name: String,
}

#[derive(sqlx::FromRow)]
struct ProductRow {
    company_id: CompanyId,
    supplier_name: String,
    id: ProductId,
    title: String,
    #[sqlx(try_from = "String")]
    unit: Unit,
    #[sqlx(try_from = "i64")]
    moq: u64,
}

/// Who an inquiry goes to: the supplier of a published product, or a supplier by its address.
pub async fn inquiry_target(db: &Db, product: Option<ProductId>, supplier: &str) -> Result<InquiryTarget, AppError> {
    let not_found = || AppError::not_found("supplier");
    match product {
        Some(product) => {
            let row: ProductRow = sqlx::query_as(
                "SELECT c.id AS company_id, c.name AS supplier_name, p.id, p.title, p.unit, p.moq FROM products p \
                 JOIN companies c ON c.id = p.company_id WHERE p.id = $1 AND p.status = 'published'",
            )
            .bind(product)
            .fetch_optional(db.pool())
            .await?
            .ok_or_else(not_found)?;
            Ok(InquiryTarget {
                supplier: row.company_id,
                supplier_name: row.supplier_name,
                product: Some((row.id, row.title)),
                unit: row.unit,
                moq: Some(row.moq),
            })
        }
        None => {
            let row: SupplierRow =
                sqlx::query_as("SELECT id, name FROM companies WHERE slug = $1 AND kind IN ('supplier', 'both')")
                    .bind(supplier.trim())
                    .fetch_optional(db.pool())
                    .await?
                    .ok_or_else(not_found)?;
            Ok(InquiryTarget { supplier: row.id, supplier_name: row.name, product: None, unit: Unit::Piece, moq: None })
        }
    }
}

pub struct InquiryForm {
    pub supplier: CompanyId,
    pub product: Option<ProductId>,
    pub subject: String,
    pub quantity: String,
    pub message: String,
}

pub async fn start_inquiry(state: &AppState, user: &SessionUser, form: &InquiryForm) -> Result<ThreadId, AppError> {
    let buyer = company_of(user)?;
    let target = inquiry_target(&state.db, form.product, "").await;
    let target = match (form.product, target) {
        (Some(_), Ok(t)) if t.supplier == form.supplier => t,
        (Some(_), _) => return Err(AppError::not_found("product")),
        (None, _) => {
            let slug: Option<String> =
                sqlx::query_scalar("SELECT slug FROM companies WHERE id = $1 AND kind IN ('supplier', 'both')")
                    .bind(form.supplier)
                    .fetch_optional(state.db.pool())
                    .await?;
            inquiry_target(&state.db, None, &slug.ok_or_else(|| AppError::not_found("supplier"))?).await?
        }
    };
    if target.supplier == buyer {
        return Err(AppError::form("This is your own company."));
    }
    let mut errors = FieldErrors::new();
    let quantity = match form.quantity.replace([',', ' ', '_'], "").as_str() {
        "" => None,
        text => match text.parse::<u64>() {
            Ok(q) if (1..=MAX_QUANTITY).contains(&q) => Some(q),
            _ => {
                errors.add("quantity", "Enter a whole number of units, or leave it empty.");
                None
            }
        },
    };
    let body = match message_text(&form.message) {
        Ok(b) if b.is_empty() => {
            errors.add("message", "Write your message: what you need, specifications, destination.");
            b
        }
        Ok(b) => b,
        Err(e) => {
            errors.add("message", e.field_message("body").unwrap_or_default());
            String::new()
        }
    };
    let subject = match clean_text(&form.subject, 120, false) {
        Ok(s) if s.is_empty() => target
            .product
            .as_ref()
            .map(|(_, title)| title.clone())
            .unwrap_or_else(|| format!("Inquiry to {}", target.supplier_name)),
        Ok(s) => s,
        Err(e) => {
            errors.add("subject", e);
            String::new()
        }
    };
    if !errors.is_empty() {
        return Err(invalid_form(
            errors.into_vec(),
            &serde_json::json!({"subject": form.subject, "quantity": form.quantity, "message": form.message}),
        ));
    }
    rate_limit(
        &state.db,
        "SELECT created_at FROM threads WHERE created_by = $1 AND created_at > $2 ORDER BY created_at DESC LIMIT $3",
        user.id,
        3600,
        THREADS_PER_HOUR,
    )
    .await?;
    let mut tx = state.db.begin_write().await?;
    let at = now();
    let thread: ThreadId = sqlx::query_scalar(
        "INSERT INTO threads (buyer_id, supplier_id, product_id, subject, quantity, unit, created_by, created_at, last_message_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(buyer)
    .bind(target.supplier)
    .bind(target.product.as_ref().map(|(p, _)| *p))
    .bind(&subject)
    .bind(quantity.map(|q| q as i64))
    .bind(target.unit.as_str())
    .bind(user.id)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    let opening = match quantity {
        Some(q) => format!("Quantity of interest: {}\n\n{body}", target.unit.quantity(q)),
        None => body,
    };
    post(&mut tx, thread, Some(user), Some((buyer, Negotiator::Buyer)), &opening, None).await?;
    notify_company(&mut tx, &state.config.public_url(), thread, target.supplier, &user_company_name(user), &subject)
        .await?;
    tx.commit().await?;
    Ok(thread)
}
