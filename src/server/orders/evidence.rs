//! Photos a buyer adds to an open dispute.

use crate::domain::image::{ImageRef, ImageVariant};
use crate::domain::{CompanyId, OrderId, UserId};
use crate::error::AppError;
use crate::server::db::{Db, to_json};
use crate::server::now;

/// Most photos one dispute holds.
pub const MAX_EVIDENCE: i64 = 6;

/// Fails unless `buyer` placed `order`, its dispute is open, and it has room for a photo.
pub async fn ensure_room_for_evidence(db: &Db, buyer: CompanyId, order: OrderId) -> Result<(), AppError> {
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM dispute_evidence e WHERE e.order_id = d.order_id) FROM disputes d \
         JOIN orders o ON o.id = d.order_id WHERE d.order_id = $1 AND o.buyer_id = $2 AND d.resolution IS NULL",
    )
    .bind(order)
    .bind(buyer)
    .fetch_optional(db.pool())
    .await?;
    match open {
        None => Err(AppError::not_found("open dispute")),
        Some(n) if n >= MAX_EVIDENCE => Err(AppError::field("file", "A dispute holds at most 6 photos.")),
        Some(_) => Ok(()),
    }
}

pub async fn attach_evidence(
    db: &Db,
    order: OrderId,
    user: UserId,
    variants: Vec<ImageVariant>,
) -> Result<ImageRef, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO dispute_evidence (order_id, variants, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(order)
    .bind(to_json(&variants)?)
    .bind(user)
    .bind(now())
    .fetch_one(db.pool())
    .await?;
    Ok(ImageRef { id, variants })
}
