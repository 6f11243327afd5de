//! Orders as their pages show them: a company's list (buying or selling) and one order with
//! its lines, timeline, invoices, dispute, payment and the actions the caller may take.

use super::{OrderRow, actor_for, load};
use crate::domain::cart::LineKind;
use crate::domain::form::UnknownChoice;
use crate::domain::image::{ImageRef, ImageVariant};
use crate::domain::links;
use crate::domain::paging::{Cursor, PAGE_SIZE, page_of};
use crate::domain::order::{Action, Actor, InvoiceKind, OrderStatus, PaymentStatus, invoice_number, order_number};
use crate::domain::product::Unit;
use crate::domain::review::reviewable;
use crate::domain::{Currency, Money, OrderId, ProductId};
use crate::error::AppError;
use crate::model::orders::{
    DisputeView, InvoiceRef, OrderDetail, OrderLineView, OrderList, OrderSummary, Side, TimelineEvent,
};
use crate::model::session::SessionUser;
use crate::server::db::Json;
use crate::server::{AppState, admin, ledger, reviews};
use sqlx::QueryBuilder;

pub(super) fn side_of(actor: Actor) -> Option<Side> {
    match actor {
        Actor::Buyer => Some(Side::Buying),
        Actor::Supplier => Some(Side::Selling),
        Actor::Admin | Actor::System => None,
    }
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: OrderId,
    number: i64,
    counterparty: String,
    #[sqlx(try_from = "String")]
    status: OrderStatus,
    #[sqlx(try_from = "String")]
    payment_status: PaymentStatus,
    #[sqlx(try_from = "String")]
    currency: Currency,
    total: i64,
    created_at: i64,
    po_number: String,
}

/// One page of a company's orders, newest first, from `before` on.
pub async fn list(
    state: &AppState,
    user: &SessionUser,
    side: Side,
    status: Option<OrderStatus>,
    before: Option<Cursor>,
) -> Result<OrderList, AppError> {
    let membership = user.company.as_ref().ok_or(AppError::Forbidden)?;
    let (own, other) = match side {
        Side::Buying if membership.kind.buys() => ("buyer_id", "supplier_id"),
        Side::Selling if membership.kind.sells() => ("supplier_id", "buyer_id"),
        _ => return Err(AppError::Forbidden),
    };
    let mut sql = QueryBuilder::new(format!(
        "SELECT o.id, o.number, c.name AS counterparty, o.status, o.payment_status, o.currency, o.total, o.created_at, o.po_number \
         FROM orders o JOIN companies c ON c.id = o.{other} WHERE o.{own} = "
    ));
    sql.push_bind(membership.company_id);
    if let Some(status) = status {
        sql.push(" AND o.status = ").push_bind(status.as_str());
    }
    if let Some(c) = before {
        sql.push(" AND (o.created_at < ").push_bind(c.at);
        sql.push(" OR (o.created_at = ").push_bind(c.at).push(" AND o.id < ").push_bind(c.id).push("))");
    }
    sql.push(" ORDER BY o.created_at DESC, o.id DESC LIMIT ").push_bind(PAGE_SIZE as i64 + 1);
    let rows: Vec<SummaryRow> = state.db.fetch_all(&mut sql).await?;
    let (rows, next) = page_of(rows, PAGE_SIZE, |r| Cursor { at: r.created_at, id: r.id.get() });
    let orders = rows
        .into_iter()
        .map(|r| OrderSummary {
            id: r.id,
            number: order_number(r.number),
            counterparty: r.counterparty,
            status: r.status,
            payment: r.payment_status,
            total: Money::from_minor(r.total, r.currency),
            placed_at: r.created_at,
            po_number: r.po_number,
        })
        .collect();
    let balances = match side {
        Side::Selling => ledger::supplier_balances(&state.db, membership.company_id).await?,
        Side::Buying => Vec::new(),
    };
    Ok(OrderList { side, orders, status, balances, next, older_page: before.is_some() })
}

#[derive(sqlx::FromRow)]
struct LineRow {
    title: String,
    sku: String,
    variant_name: String,
    #[sqlx(try_from = "String")]
    kind: LineKind,
    #[sqlx(try_from = "String")]
    unit: Unit,
    #[sqlx(try_from = "i64")]
    quantity: u64,
    unit_price: i64,
    tier_from: Option<i64>,
    total: i64,
    product_id: Option<ProductId>,
    slug: Option<String>,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    at: i64,
    #[sqlx(try_from = "String")]
    actor: Actor,
    who: Option<String>,
    #[sqlx(try_from = "String")]
    action: EventAction,
    #[sqlx(try_from = "String")]
    status: OrderStatus,
    note: String,
}

/// An event's action: one of the order's actions, placing the order, or something the card
/// provider reported (a refund made there, a chargeback), none of which an action names.
enum EventAction {
    Placed,
    Provider,
    Took(Action),
}

/// How checkout records placing an order.
pub const PLACED: &str = "place";
/// How a card provider's report is recorded.
pub const PROVIDER_EVENT: &str = "provider";

impl TryFrom<String> for EventAction {
    type Error = UnknownChoice;
    fn try_from(text: String) -> Result<Self, UnknownChoice> {
        match text.as_str() {
            PLACED => Ok(EventAction::Placed),
            PROVIDER_EVENT => Ok(EventAction::Provider),
            _ => text.parse().map(EventAction::Took),
        }
    }
}

#[derive(sqlx::FromRow)]
struct InvoiceRow {
    #[sqlx(try_from = "String")]
    kind: InvoiceKind,
    number: i64,
}

#[derive(sqlx::FromRow)]
struct DisputeRecord {
    reason: String,
    details: String,
    opened_at: i64,
    resolution: Option<String>,
    refund_amount: Option<i64>,
    resolution_note: String,
}

#[derive(sqlx::FromRow)]
struct EvidenceRow {
    id: i64,
    #[sqlx(try_from = "String")]
    variants: Json<Vec<ImageVariant>>,
}

#[derive(sqlx::FromRow)]
struct SupplierRow {
    name: String,
    slug: String,
}

pub async fn detail(state: &AppState, user: &SessionUser, order: OrderId) -> Result<OrderDetail, AppError> {
    let row = load(&state.db, order).await?;
    let actor = actor_for(user, &row)?;
    let db = &state.db;
    let supplier: SupplierRow = sqlx::query_as("SELECT name, slug FROM companies WHERE id = $1")
        .bind(row.supplier_id)
        .fetch_one(db.pool())
        .await?;
    let buyer_name: String =
        sqlx::query_scalar("SELECT name FROM companies WHERE id = $1").bind(row.buyer_id).fetch_one(db.pool()).await?;
    let line_rows: Vec<LineRow> = sqlx::query_as(
        "SELECT l.title, l.sku, l.variant_name, l.kind, l.unit, l.quantity, l.unit_price, l.tier_from, l.total, \
             p.id AS product_id, CASE WHEN p.status = 'published' THEN p.slug END AS slug FROM order_lines l \
             LEFT JOIN products p ON p.id = l.product_id WHERE l.order_id = $1 ORDER BY l.position",
    )
    .bind(order)
    .fetch_all(db.pool())
    .await?;
    let lines = line_rows
        .into_iter()
        .map(|l| OrderLineView {
            sample: l.kind == LineKind::Sample,
            unit: l.unit,
            quantity: l.quantity,
            unit_price: row.money(l.unit_price),
            tier_from: l.tier_from.map(|t| t.max(0) as u64),
            total: row.money(l.total),
            product_href: l.product_id.zip(l.slug).map(|(id, slug)| links::product(&slug, id.get())),
            title: l.title,
            sku: l.sku,
            variant_name: l.variant_name,
        })
        .collect();
    let events: Vec<EventRow> = sqlx::query_as(
        "SELECT e.at, e.actor, u.name AS who, e.action, e.status, e.note FROM order_events e \
         LEFT JOIN users u ON u.id = e.user_id WHERE e.order_id = $1 ORDER BY e.id",
    )
    .bind(order)
    .fetch_all(db.pool())
    .await?;
    let timeline = events
        .into_iter()
        .map(|e| TimelineEvent {
            at: e.at,
            actor: e.actor,
            who: e.who.unwrap_or_else(|| e.actor.label().to_string()),
            action: match e.action {
                EventAction::Placed => "Order placed".to_string(),
                EventAction::Provider => "Reported by the card provider".to_string(),
                EventAction::Took(action) => action.label().to_string(),
            },
            status: e.status,
            note: e.note,
        })
        .collect();
    let invoices: Vec<InvoiceRow> = sqlx::query_as("SELECT kind, number FROM invoices WHERE order_id = $1 ORDER BY id")
        .bind(order)
        .fetch_all(db.pool())
        .await?;
    let invoices =
        invoices.into_iter().map(|i| InvoiceRef { kind: i.kind, number: invoice_number(i.kind, i.number) }).collect();
    let dispute: Option<DisputeRecord> = sqlx::query_as(
        "SELECT reason, details, opened_at, resolution, refund_amount, resolution_note FROM disputes WHERE order_id = $1",
    )
    .bind(order)
    .fetch_optional(db.pool())
    .await?;
    let evidence: Vec<EvidenceRow> =
        sqlx::query_as("SELECT id, variants FROM dispute_evidence WHERE order_id = $1 ORDER BY id")
            .bind(order)
            .fetch_all(db.pool())
            .await?;
    let dispute = dispute.map(|d| DisputeView {
        evidence: evidence.into_iter().map(|e| ImageRef { id: e.id, variants: e.variants.0 }).collect(),
        refund: d.refund_amount.map(|r| row.money(r)),
        reason: d.reason,
        details: d.details,
        opened_at: d.opened_at,
        resolution: d.resolution,
        note: d.resolution_note,
    });
    let card: Option<String> =
        sqlx::query_scalar("SELECT card_summary FROM payments WHERE checkout_id = $1 AND currency = $2")
            .bind(row.checkout_id)
            .bind(row.currency.code())
            .fetch_optional(db.pool())
            .await?;
    let state_now = row.state();
    let review = reviews::of_order(db, order).await?;
    let can_review = actor == Actor::Buyer && review.is_none() && reviewable(state_now.status);
    let OrderRow { ship_to, bill_to, .. } = &row;
    Ok(OrderDetail {
        id: order,
        number: order_number(row.number),
        version: row.version,
        side: side_of(actor),
        supplier: row.supplier_id,
        supplier_name: supplier.name,
        supplier_slug: supplier.slug,
        buyer_name,
        status: state_now.status,
        method: row.payment_method,
        payment: state_now.payment,
        currency: row.currency,
        subtotal: row.money(row.subtotal),
        shipping: row.money(row.shipping),
        total: row.money(row.total),
        po_number: row.po_number.clone(),
        note: row.note.clone(),
        ship_to: ship_to.0.clone(),
        bill_to: bill_to.0.clone(),
        net_days: row.net_days.map(|d| d.max(0) as u32),
        carrier: row.carrier.clone(),
        tracking_number: row.tracking_number.clone(),
        placed_at: row.created_at,
        shipped_at: row.shipped_at,
        delivered_at: row.delivered_at,
        due_at: row.due_at,
        lines,
        timeline,
        invoices,
        dispute,
        actions: state_now.actions(actor),
        card,
        pay_by: match state_now.payment {
            PaymentStatus::Awaiting if !state_now.status.is_final() => {
                Some(row.created_at + i64::from(admin::unpaid_hold_days(db.pool()).await?) * 86_400)
            }
            _ => None,
        },
        release_at: match state_now.payment {
            PaymentStatus::Held => row.release_at(admin::auto_release_days(db.pool()).await?),
            _ => None,
        },
        buyer: row.buyer_id,
        review,
        can_review,
    })
}
