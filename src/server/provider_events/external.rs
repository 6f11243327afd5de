//! What the provider reports that Caravan did not do itself: refunds made at its dashboard,
//! and chargebacks the buyer's bank opens and settles. Each shows on the orders the payment
//! was for (a timeline entry) and in the ledger, in one transaction per event.

use crate::domain::ledger::Entry;
use crate::domain::order::{Actor, OrderStatus};
use crate::domain::{CompanyId, Currency, Money, OrderId};
use crate::error::{AppError, OrInternal};
use crate::server::orders::{PROVIDER_EVENT, record_event};
use crate::server::{AppState, ledger, now};
use sqlx::{Any, Transaction};

#[derive(sqlx::FromRow)]
struct PaidOrder {
    id: OrderId,
    buyer_id: CompanyId,
    supplier_id: CompanyId,
    #[sqlx(try_from = "String")]
    status: OrderStatus,
}

/// The orders a provider payment paid for, the payment's row locked against a concurrent
/// event about it; `None` for a payment Caravan does not know.
async fn paid_orders(
    tx: &mut Transaction<'static, Any>,
    provider: &str,
    intent: &str,
) -> Result<Option<(Currency, Vec<PaidOrder>)>, AppError> {
    let payment: Option<(i64, String)> = sqlx::query_as(
        "UPDATE payments SET amount = amount WHERE provider = $1 AND reference = $2 RETURNING checkout_id, currency",
    )
    .bind(provider)
    .bind(intent)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((checkout, currency)) = payment else { return Ok(None) };
    let orders = sqlx::query_as(
        "SELECT id, buyer_id, supplier_id, status FROM orders WHERE checkout_id = $1 AND currency = $2 ORDER BY id",
    )
    .bind(checkout)
    .bind(&currency)
    .fetch_all(&mut **tx)
    .await?;
    Ok(Some((currency.parse().or_internal()?, orders)))
}

/// Gives `amount` back to the buyer for these orders in the ledger — from their escrow first,
/// then from what the supplier was paid — and records it as a refund already made.
async fn record_refund(
    tx: &mut Transaction<'static, Any>,
    provider: &str,
    intent: &str,
    orders: &[PaidOrder],
    amount: Money,
    origin: &str,
    note: &str,
) -> Result<(), AppError> {
    let currency = amount.currency();
    let mut left = amount.minor();
    for (n, order) in orders.iter().enumerate() {
        let held = ledger::escrow_held(tx, order.id, currency).await?.minor();
        // What escrow cannot cover (it was paid out) comes from the last order's supplier.
        let from_escrow = left.min(held);
        let from_supplier = if n + 1 == orders.len() { left - from_escrow } else { 0 };
        if from_escrow + from_supplier == 0 {
            continue;
        }
        if from_escrow > 0 {
            let entry =
                Entry::refund(order.id, order.buyer_id, Money::from_minor(from_escrow, currency)).or_internal()?;
            ledger::record(tx, Some(order.id), note, &entry).await?;
        }
        if from_supplier > 0 {
            let taken = Money::from_minor(from_supplier, currency);
            let entry = Entry::clawback(order.supplier_id, order.buyer_id, taken).or_internal()?;
            ledger::record(tx, Some(order.id), &format!("{note} (from the supplier's balance)"), &entry).await?;
        }
        let refunded = Money::from_minor(from_escrow + from_supplier, currency);
        sqlx::query(
            "INSERT INTO card_refunds (order_id, provider, reference, currency, amount, origin, created_at, sent_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(order.id)
        .bind(provider)
        .bind(intent)
        .bind(currency.code())
        .bind(refunded.minor())
        .bind(origin)
        .bind(now())
        .execute(&mut **tx)
        .await?;
        record_event(tx, order.id, Actor::System, None, PROVIDER_EVENT, order.status, &format!("{note}: {refunded}."))
            .await?;
        left -= from_escrow + from_supplier;
    }
    Ok(())
}

/// The provider says `refunded_total` of the payment has been refunded so far: what is more
/// than the refunds Caravan made or owes is a refund made at the provider, recorded now.
pub async fn refunded(state: &AppState, intent: &str, refunded_total: i64) -> Result<(), AppError> {
    let provider = state.payments.name();
    let mut tx = state.db.begin_write().await?;
    let Some((currency, orders)) = paid_orders(&mut tx, provider, intent).await? else { return Ok(()) };
    let known: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(amount) AS BIGINT) FROM card_refunds WHERE provider = $1 AND reference = $2 \
         AND origin IN ('caravan', 'provider')",
    )
    .bind(provider)
    .bind(intent)
    .fetch_one(&mut *tx)
    .await?;
    let new = refunded_total - known.unwrap_or(0);
    if new > 0 && !orders.is_empty() {
        let amount = Money::from_minor(new, currency);
        record_refund(&mut tx, provider, intent, &orders, amount, "provider", "Refunded at the card provider").await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A chargeback: opened (the automatic release waits), or closed — won, or lost, when the
/// disputed amount went back to the buyer's card.
pub enum Chargeback {
    Opened { reason: String },
    Won,
    Lost,
}

pub async fn chargeback(state: &AppState, intent: &str, amount: i64, step: Chargeback) -> Result<(), AppError> {
    let provider = state.payments.name();
    let mut tx = state.db.begin_write().await?;
    let Some((currency, orders)) = paid_orders(&mut tx, provider, intent).await? else { return Ok(()) };
    let disputed = Money::from_minor(amount, currency);
    let open = i64::from(matches!(step, Chargeback::Opened { .. }));
    for order in &orders {
        sqlx::query("UPDATE orders SET chargeback_open = $1 WHERE id = $2")
            .bind(open)
            .bind(order.id)
            .execute(&mut *tx)
            .await?;
    }
    match step {
        Chargeback::Opened { reason } => {
            let note = format!(
                "The buyer's bank opened a chargeback ({}) for {disputed}: held funds are not released automatically until it is settled.",
                reason.replace('_', " ")
            );
            for order in &orders {
                record_event(&mut tx, order.id, Actor::System, None, PROVIDER_EVENT, order.status, &note).await?;
            }
        }
        Chargeback::Won => {
            let note = format!("The chargeback for {disputed} was decided for the supplier.");
            for order in &orders {
                record_event(&mut tx, order.id, Actor::System, None, PROVIDER_EVENT, order.status, &note).await?;
            }
        }
        Chargeback::Lost => {
            record_refund(
                &mut tx,
                provider,
                intent,
                &orders,
                disputed,
                "chargeback",
                "Chargeback lost: returned to the buyer's card",
            )
            .await?
        }
    }
    tx.commit().await?;
    Ok(())
}
