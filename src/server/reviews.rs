//! Buyers' reviews of suppliers, one per order whose goods arrived. Each supplier's totals
//! are kept on its company row, written with the review, for cards and the rating sort.

use super::db::Db;
use super::mail::{self, Message};
use super::orders::notify::{OrderFacts, order_facts, recipients};
use super::orders::{actor_for, load};
use super::{AppState, now};
use crate::domain::OrderId;
use crate::domain::order::Actor;
use crate::domain::review::{MAX_COMMENT_CHARS, Stars, reviewable};
use crate::error::AppError;
use crate::model::orders::ReviewView;
use crate::model::session::SessionUser;

/// The buyer's review of `order`: `stars` 1 to 5 and an optional comment.
pub async fn submit(
    state: &AppState,
    user: &SessionUser,
    order: OrderId,
    stars: &str,
    comment: &str,
) -> Result<(), AppError> {
    let row = load(&state.db, order).await?;
    if actor_for(user, &row)? != Actor::Buyer {
        return Err(AppError::Forbidden);
    }
    let status = row.state().status;
    if !reviewable(status) {
        return Err(AppError::Conflict(format!(
            "This order is {}: you can review the supplier once the goods have arrived.",
            status.label().to_lowercase()
        )));
    }
    let stars = Stars::parse(stars).map_err(|m| AppError::field("stars", m))?;
    let comment =
        crate::domain::text::clean_text(comment, MAX_COMMENT_CHARS, true).map_err(|m| AppError::field("comment", m))?;
    let (supplier, buyer) = (row.supplier_id, row.buyer_id);
    let mut tx = state.db.begin_write().await?;
    let added = sqlx::query(
        "INSERT INTO reviews (order_id, supplier_id, buyer_id, author_id, stars, comment, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (order_id) DO NOTHING",
    )
    .bind(order)
    .bind(supplier)
    .bind(buyer)
    .bind(user.id)
    .bind(i64::from(stars.get()))
    .bind(&comment)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    if added.rows_affected() == 0 {
        return Err(AppError::Conflict("You have already reviewed this order.".into()));
    }
    sqlx::query("UPDATE companies SET review_stars = review_stars + $1, review_count = review_count + 1 WHERE id = $2")
        .bind(i64::from(stars.get()))
        .bind(supplier)
        .execute(&mut *tx)
        .await?;
    let OrderFacts { number, buyer: buyer_name, .. } = order_facts(&mut tx, order).await?;
    let base = state.config.public_url();
    for to in recipients(&mut tx, order, false).await? {
        let quoted = if comment.is_empty() { String::new() } else { format!("\n\n“{comment}”") };
        let body = format!(
            "{buyer_name} reviewed order {number}: {} ({}).{quoted}\n\nSee it at {base}/supplier/orders/{order}.\n\n— Caravan",
            stars.title(),
            stars.meaning().to_lowercase()
        );
        mail::enqueue(&mut tx, Message { to: &to, subject: format!("New review on order {number}"), body }).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    #[sqlx(try_from = "i64")]
    stars: Stars,
    comment: String,
    author: Option<String>,
    buyer: String,
    created_at: i64,
}

/// The review of an order, if it has one.
pub async fn of_order(db: &Db, order: OrderId) -> Result<Option<ReviewView>, AppError> {
    let row: Option<ReviewRow> = sqlx::query_as(
        "SELECT r.stars, r.comment, u.name AS author, b.name AS buyer, r.created_at FROM reviews r \
         JOIN companies b ON b.id = r.buyer_id LEFT JOIN users u ON u.id = r.author_id WHERE r.order_id = $1",
    )
    .bind(order)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|r| ReviewView {
        stars: r.stars,
        comment: r.comment,
        author: r.author.unwrap_or_default(),
        buyer: r.buyer,
        created_at: r.created_at,
    }))
}
