//! Moving an order: the shared state machine decides what may happen; this applies it in
//! one transaction with its money, stock, invoices, timeline and mail. Also the automatic
//! release of held funds and reordering an order's lines.

use super::notify::notify_transition;
use super::read::side_of;
use super::{OrderRow, actor_for, load, record_event};
use crate::domain::cart::LineKind;
use crate::domain::date::format_date;
use crate::domain::order::{
    Action, ActionDetails, ActionForm, Actor, InvoiceKind, PaymentStatus, Settlement, TransitionError, release_due,
};
use crate::domain::quote::days;
use crate::domain::{CompanyId, Money, OrderId, ProductId, UserId, VariantId};
use crate::error::AppError;
use crate::model::orders::Side;
use crate::model::session::SessionUser;
use crate::server::invoices::{Party, issue_invoice};
use crate::server::ledger::{self, Settled};
use crate::server::payments::attempts;
use crate::server::payouts;
use crate::server::{AppState, admin, cart, now};

fn refused(error: TransitionError) -> AppError {
    match error {
        TransitionError::NotYours => AppError::Forbidden,
        other => AppError::Conflict(other.to_string()),
    }
}

fn changed_meanwhile() -> AppError {
    AppError::Conflict("This order changed since you opened it. Reload the page and try again.".into())
}

/// Applies `action` by `user` to `order`; answers which side the caller is on.
pub async fn act(
    state: &AppState,
    user: &SessionUser,
    order: OrderId,
    action: Action,
    version: i64,
    form: &ActionForm,
) -> Result<Option<Side>, AppError> {
    let row = load(&state.db, order).await?;
    let actor = actor_for(user, &row)?;
    apply(state, &row, actor, Some(user.id), action, version, form).await?;
    Ok(side_of(actor))
}

#[allow(clippy::too_many_arguments)]
async fn apply(
    state: &AppState,
    row: &OrderRow,
    actor: Actor,
    user: Option<UserId>,
    action: Action,
    version: i64,
    form: &ActionForm,
) -> Result<(), AppError> {
    let transition = row.state().apply(actor, action).map_err(refused)?;
    if version != row.version {
        return Err(changed_meanwhile());
    }
    let details = &form.read(action, row.money(row.total))?;
    let order = row.id;
    let at = now();
    let (carrier, tracking, expected_delivery_at) = match details {
        ActionDetails::Shipment { carrier, tracking, transit_days } => {
            (carrier.clone(), tracking.clone(), Some(at + i64::from(*transit_days) * 86_400))
        }
        _ => (row.carrier.clone(), row.tracking_number.clone(), row.expected_delivery_at),
    };
    let mut tx = state.db.begin_write().await?;
    let shipped_at = if action == Action::Ship { Some(at) } else { row.shipped_at };
    let delivered_at = if action == Action::MarkDelivered { Some(at) } else { row.delivered_at };
    let due_at = match (action, row.net_days) {
        (Action::Ship, Some(days)) => Some(at + days * 86_400),
        _ => row.due_at,
    };
    let updated = sqlx::query(
        "UPDATE orders SET status = $1, payment_status = $2, carrier = $3, tracking_number = $4, shipped_at = $5, \
         delivered_at = $6, due_at = $7, expected_delivery_at = $8, protection_extended = $9, version = version + 1, \
         updated_at = $10 WHERE id = $11 AND version = $12",
    )
    .bind(transition.to.status.as_str())
    .bind(transition.to.payment.as_str())
    .bind(&carrier)
    .bind(&tracking)
    .bind(shipped_at)
    .bind(delivered_at)
    .bind(due_at)
    .bind(expected_delivery_at)
    .bind(i64::from(transition.to.protection_extended))
    .bind(at)
    .bind(order)
    .bind(version)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(changed_meanwhile());
    }
    let total = row.money(row.total);
    let part_refund = match details {
        ActionDetails::Resolution { refund, .. } => *refund,
        _ => None,
    };
    let order_parties = Settled {
        order,
        supplier: row.supplier_id,
        buyer: row.buyer_id,
        total,
        commission_bps: row.commission_bps.clamp(0, i64::from(u32::MAX)) as u32,
    };
    let provider_refund = ledger::settle(&mut tx, &order_parties, transition.settlement, part_refund).await?;
    if transition.releases_stock {
        release_stock(&mut tx, order).await?;
    }
    match details {
        ActionDetails::Shipment { .. } => {
            let seller = Party::of_company(&mut *tx, row.supplier_id, None).await?;
            let buyer = Party::of_company(&mut *tx, row.buyer_id, Some(&row.bill_to.0)).await?;
            issue_invoice(&mut tx, order, row.supplier_id, InvoiceKind::Commercial, due_at, &seller, &buyer).await?;
        }
        ActionDetails::Dispute { reason, details } => {
            sqlx::query(
                "INSERT INTO disputes (order_id, reason, details, opened_by, opened_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(order)
            .bind(reason)
            .bind(details)
            .bind(user)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        ActionDetails::Resolution { refund, note } => {
            sqlx::query(
                "UPDATE disputes SET resolution = $1, refund_amount = $2, resolution_note = $3, resolved_by = $4, \
                 resolved_at = $5 WHERE order_id = $6",
            )
            .bind(action.label())
            .bind(match action {
                Action::RefundAll => Some(total.minor()),
                _ => refund.map(Money::minor),
            })
            .bind(note)
            .bind(user)
            .bind(at)
            .bind(order)
            .execute(&mut *tx)
            .await?;
        }
        ActionDetails::Bare | ActionDetails::Reason(_) => {}
    }
    let note = timeline_note(&mut tx, action, details, transition.to.payment, total, expected_delivery_at).await?;
    record_event(&mut tx, order, actor, user, action.as_str(), transition.to.status, &note).await?;
    notify_transition(&mut tx, &state.config.public_url(), order, actor, action, transition.to.status, &note).await?;
    let refund = provider_refund.filter(|m| m.minor() > 0);
    if let Some(amount) = refund {
        attempts::owe_refund(&mut tx, order, row.checkout_id, amount).await?;
    }
    tx.commit().await?;
    // Sent once the move is committed; one the provider does not take now is sent by the
    // sweep (the buyer's money is owed either way, and recorded so).
    if refund.is_some()
        && let Err(e) = attempts::send_refunds(state).await
    {
        tracing::warn!(order = %order, error = %e, "a card refund is left for the sweep");
    }
    // Released money goes on to the supplier's provider account, where it has one.
    if matches!(transition.settlement, Settlement::Release | Settlement::SplitEscrow)
        && let Err(e) = payouts::connect::transfer_owed(state, row.supplier_id).await
    {
        tracing::warn!(order = %order, error = %e, "a payout transfer is left for the sweep");
    }
    Ok(())
}

/// What the timeline and the other side's mail say about a move: the form's note, or what
/// the move means for the money and the dates.
async fn timeline_note(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    action: Action,
    details: &ActionDetails,
    payment: PaymentStatus,
    total: Money,
    expected_delivery_at: Option<i64>,
) -> Result<String, AppError> {
    let note = match (action, expected_delivery_at) {
        (Action::ExtendProtection, Some(expected)) => {
            let release = release_due(expected, admin::auto_release_days(&mut **tx).await?, true);
            format!("Held funds now go to the supplier on {}.", format_date(release))
        }
        (Action::ExpireUnpaid, _) => format!(
            "Not paid within {}: the order is cancelled and its stock is back on sale.",
            days(admin::unpaid_hold_days(&mut **tx).await?)
        ),
        _ => details.note(),
    };
    if payment != PaymentStatus::RefundDue {
        return Ok(note);
    }
    let owed = format!("The supplier owes the buyer a refund of {total} and confirms here once it is sent.");
    Ok(if note.is_empty() { owed } else { format!("{note}\n{owed}") })
}

#[derive(sqlx::FromRow)]
struct ReservedLine {
    variant_id: Option<VariantId>,
    quantity: i64,
}

/// Puts an order's reserved units back on sale.
async fn release_stock(tx: &mut sqlx::Transaction<'static, sqlx::Any>, order: OrderId) -> Result<(), AppError> {
    let lines: Vec<ReservedLine> = sqlx::query_as("SELECT variant_id, quantity FROM order_lines WHERE order_id = $1")
        .bind(order)
        .fetch_all(&mut **tx)
        .await?;
    for line in lines {
        if let Some(variant) = line.variant_id {
            sqlx::query("UPDATE product_variants SET stock = stock + $1 WHERE id = $2")
                .bind(line.quantity)
                .bind(variant)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

/// Completes shipped orders whose protection period has passed since their expected
/// delivery (twice the period where the buyer extended it), releasing held funds, unless
/// the buyer confirmed receipt or opened a dispute first. Answers how many it completed.
pub async fn auto_release(state: &AppState, at: i64) -> Result<usize, AppError> {
    let period = i64::from(admin::auto_release_days(state.db.pool()).await?) * 86_400;
    let due: Vec<OrderId> = sqlx::query_scalar(
        "SELECT id FROM orders WHERE status IN ('shipped', 'delivered') AND expected_delivery_at IS NOT NULL \
         AND expected_delivery_at <= $1 - $2 * (1 + protection_extended) AND chargeback_open = 0 ORDER BY id",
    )
    .bind(at)
    .bind(period)
    .fetch_all(state.db.pool())
    .await?;
    system_moves(state, due, Action::AutoRelease).await
}

/// Orders still waiting for their bank transfer, and so holding stock unpaid.
const UNPAID: &str = "payment_status = 'awaiting' AND status IN ('placed', 'confirmed', 'in_production')";

/// Cancels orders still awaiting their bank transfer after the platform's hold period,
/// returning their stock and telling both sides. Answers how many it cancelled.
pub async fn expire_unpaid(state: &AppState, at: i64) -> Result<usize, AppError> {
    let hold = i64::from(admin::unpaid_hold_days(state.db.pool()).await?) * 86_400;
    let due: Vec<OrderId> =
        sqlx::query_scalar(&format!("SELECT id FROM orders WHERE {UNPAID} AND created_at <= $1 ORDER BY id"))
            .bind(at - hold)
            .fetch_all(state.db.pool())
            .await?;
    system_moves(state, due, Action::ExpireUnpaid).await
}

/// Applies a move of Caravan's own to each order; one that moved meanwhile (paid, disputed,
/// or moved by another app server) is passed by. Answers how many moved.
async fn system_moves(state: &AppState, orders: Vec<OrderId>, action: Action) -> Result<usize, AppError> {
    let mut moved = 0;
    for id in orders {
        let row = load(&state.db, id).await?;
        match apply(state, &row, Actor::System, None, action, row.version, &ActionForm::default()).await {
            Ok(()) => moved += 1,
            Err(AppError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(moved)
}

/// Refuses a bank-transfer checkout that would give the buyer company more unpaid orders than
/// the platform allows (the message beside `field`, or above the form for ""). Locks the company's row first (a no-op UPDATE: PostgreSQL's row lock;
/// SQLite serialises writers already), so concurrent checkouts count each other.
pub async fn ensure_room_for_unpaid(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    buyer: CompanyId,
    adding: usize,
    field: &str,
) -> Result<(), AppError> {
    sqlx::query("UPDATE companies SET kind = kind WHERE id = $1").bind(buyer).execute(&mut **tx).await?;
    let max = admin::max_unpaid_orders(&mut **tx).await?;
    let unpaid: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM orders WHERE buyer_id = $1 AND {UNPAID}"))
        .bind(buyer)
        .fetch_one(&mut **tx)
        .await?;
    if unpaid.max(0) as usize + adding > max as usize {
        return Err(AppError::field(
            field,
            format!(
                "Your company has {unpaid} {} awaiting a bank transfer and may have {max} at once; this would add {adding}. \
                 Pay those first, or pay by card.",
                if unpaid == 1 { "order" } else { "orders" }
            ),
        ));
    }
    Ok(())
}

/// A line of an order as reordering reads it: the product, and the option's place among its
/// options (gone when the product or option was deleted).
#[derive(sqlx::FromRow)]
struct ReorderLine {
    product_id: Option<ProductId>,
    #[sqlx(try_from = "String")]
    kind: LineKind,
    quantity: i64,
    position: Option<i64>,
}

/// Puts an order's lines (still for sale) into the caller's cart at today's terms.
pub async fn reorder(state: &AppState, user: &SessionUser, order: OrderId) -> Result<(), AppError> {
    let row = load(&state.db, order).await?;
    if actor_for(user, &row)? != Actor::Buyer {
        return Err(AppError::not_found("order"));
    }
    let lines: Vec<ReorderLine> = sqlx::query_as(
        "SELECT l.product_id, l.kind, l.quantity, (SELECT COUNT(*) FROM product_variants v WHERE v.product_id = l.product_id \
         AND v.position < (SELECT position FROM product_variants WHERE id = l.variant_id)) AS position \
         FROM order_lines l WHERE l.order_id = $1 ORDER BY l.position",
    )
    .bind(order)
    .fetch_all(state.db.pool())
    .await?;
    let mut added = 0;
    for line in lines {
        let (Some(product), Some(position)) = (line.product_id, line.position) else { continue };
        // A line that cannot be bought as before today is left out; the cart shows the rest.
        let quantity = line.quantity.to_string();
        if cart::add(state, product.get(), position.max(0) as usize, line.kind, &quantity).await.is_ok() {
            added += 1;
        }
    }
    if added == 0 {
        return Err(AppError::Conflict("None of these products can be ordered as before any more.".into()));
    }
    Ok(())
}
