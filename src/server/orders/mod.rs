//! Orders after checkout: who sees them, how they move (the shared state machine decides,
//! this applies it in one transaction with its money, stock, invoices, timeline and mail),
//! sequential numbers, and the automatic release of held funds.
//!
//! [`read`] lists orders and shows one, [`act`] moves them, [`notify`] tells both sides,
//! [`evidence`] holds a dispute's photos. Invoices are written by the invoices service, and
//! a move's money is settled next to the ledger.

pub mod act;
pub mod evidence;
pub mod notify;
pub mod read;

pub use act::{act, auto_release, ensure_room_for_unpaid, expire_unpaid, reorder};
pub use evidence::{MAX_EVIDENCE, attach_evidence, ensure_room_for_evidence};
pub use notify::notify_new_order;
pub use read::{PROVIDER_EVENT, detail, list};

use crate::domain::address::PostalAddress;
use crate::domain::order::{Actor, OrderState, OrderStatus, PaymentMethod, PaymentStatus, release_due};
use crate::domain::{CompanyId, Currency, Money, OrderId, UserId};
use crate::error::AppError;
use crate::model::session::SessionUser;
use crate::server::db::{Db, Json};
use crate::server::now;
use sqlx::{Any, Transaction};

/// The next number of `kind` for `supplier`, taken inside the transaction that uses it, so
/// numbers have no gaps (a rolled-back order gives its number back).
pub async fn next_number(tx: &mut Transaction<'static, Any>, supplier: CompanyId, kind: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO number_sequences (supplier_id, kind, last_number) VALUES ($1, $2, 1) \
         ON CONFLICT (supplier_id, kind) DO UPDATE SET last_number = number_sequences.last_number + 1 \
         RETURNING last_number",
    )
    .bind(supplier)
    .bind(kind)
    .fetch_one(&mut **tx)
    .await?)
}

/// Writes a line of the order's timeline.
pub async fn record_event(
    tx: &mut Transaction<'static, Any>,
    order: OrderId,
    actor: Actor,
    user: Option<UserId>,
    action: &str,
    status: OrderStatus,
    note: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO order_events (order_id, actor, user_id, action, status, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(order)
    .bind(actor.as_str())
    .bind(user)
    .bind(action)
    .bind(status.as_str())
    .bind(note)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The row every order operation starts from.
#[derive(sqlx::FromRow)]
pub(super) struct OrderRow {
    id: OrderId,
    checkout_id: i64,
    pub(super) supplier_id: CompanyId,
    pub(super) buyer_id: CompanyId,
    number: i64,
    #[sqlx(try_from = "String")]
    status: OrderStatus,
    #[sqlx(try_from = "String")]
    payment_method: PaymentMethod,
    #[sqlx(try_from = "String")]
    payment_status: PaymentStatus,
    #[sqlx(try_from = "String")]
    currency: Currency,
    subtotal: i64,
    shipping: i64,
    total: i64,
    po_number: String,
    note: String,
    #[sqlx(try_from = "String")]
    ship_to: Json<PostalAddress>,
    #[sqlx(try_from = "String")]
    bill_to: Json<PostalAddress>,
    net_days: Option<i64>,
    carrier: String,
    tracking_number: String,
    shipped_at: Option<i64>,
    delivered_at: Option<i64>,
    due_at: Option<i64>,
    /// Shipment plus the transit days the supplier gave: the protection clock's start.
    expected_delivery_at: Option<i64>,
    protection_extended: i64,
    commission_bps: i64,
    version: i64,
    created_at: i64,
}

const ORDER_SELECT: &str = "SELECT id, checkout_id, supplier_id, buyer_id, number, status, payment_method, payment_status, \
     currency, subtotal, shipping, total, po_number, note, ship_to, bill_to, net_days, carrier, tracking_number, \
     shipped_at, delivered_at, due_at, expected_delivery_at, protection_extended, commission_bps, version, created_at \
     FROM orders";

impl OrderRow {
    pub(super) fn state(&self) -> OrderState {
        OrderState {
            status: self.status,
            payment: self.payment_status,
            protection_extended: self.protection_extended != 0,
        }
    }

    /// When held funds go to the supplier by themselves, once the order shipped.
    fn release_at(&self, protection_days: u32) -> Option<i64> {
        self.expected_delivery_at.map(|at| release_due(at, protection_days, self.protection_extended != 0))
    }

    fn money(&self, minor: i64) -> Money {
        Money::from_minor(minor, self.currency)
    }
}

pub(super) async fn load(db: &Db, order: OrderId) -> Result<OrderRow, AppError> {
    sqlx::query_as::<_, OrderRow>(&format!("{ORDER_SELECT} WHERE id = $1"))
        .bind(order)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| AppError::not_found("order"))
}

/// How the caller stands to an order: its buyer, its supplier, or a platform admin.
/// Anyone else is told it does not exist.
pub(super) fn actor_for(user: &SessionUser, row: &OrderRow) -> Result<Actor, AppError> {
    let company = user.company.as_ref().map(|m| m.company_id);
    if company == Some(row.supplier_id) {
        Ok(Actor::Supplier)
    } else if company == Some(row.buyer_id) {
        Ok(Actor::Buyer)
    } else if user.is_admin {
        Ok(Actor::Admin)
    } else {
        Err(AppError::not_found("order"))
    }
}
