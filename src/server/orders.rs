//! Orders after checkout: who sees them, how they move (the shared state machine decides,
//! this applies it in one transaction with its money, stock, invoices, timeline and mail),
//! sequential numbers, and the automatic release of held funds.

use super::db::Db;
use super::mail::{self, Message};
use super::{AppState, ledger, now};
use crate::domain::address::PostalAddress;
use crate::domain::cart::LineKind;
use crate::domain::image::ImageRef;
use crate::domain::ledger::Entry;
use crate::domain::order::{
    Action, Actor, InvoiceKind, OrderState, OrderStatus, Settlement, TransitionError, invoice_number, order_number,
};
use crate::domain::product::market_href;
use crate::domain::{CompanyId, Currency, Money, OrderId, UserId};
use crate::error::AppError;
use crate::model::orders::{
    DisputeView, InvoiceRef, OrderDetail, OrderLineView, OrderList, OrderSummary, Side, TimelineEvent,
};
use crate::model::session::SessionUser;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

/// The next number of `kind` for `supplier`, taken inside the transaction that uses it, so
/// numbers have no gaps (a rolled-back order gives its number back).
pub async fn next_number(tx: &mut Transaction<'static, Any>, supplier: CompanyId, kind: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO number_sequences (supplier_id, kind, last_number) VALUES ($1, $2, 1) \
         ON CONFLICT (supplier_id, kind) DO UPDATE SET last_number = number_sequences.last_number + 1 \
         RETURNING last_number",
    )
    .bind(supplier.get())
    .bind(kind)
    .fetch_one(&mut **tx)
    .await?)
}

/// A company as an invoice names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub name: String,
    pub lines: Vec<String>,
}

impl Party {
    /// The company (in a transaction, or from the pool), with `address` or its city and country.
    pub async fn of_company<'c, E>(
        executor: E,
        company: CompanyId,
        address: Option<&PostalAddress>,
    ) -> Result<Party, AppError>
    where
        E: sqlx::Executor<'c, Database = Any>,
    {
        let (name, city, country): (String, String, String) =
            sqlx::query_as("SELECT name, city, country FROM companies WHERE id = $1")
                .bind(company.get())
                .fetch_one(executor)
                .await?;
        Ok(Party::from_parts(name, city, country, address))
    }

    fn from_parts(name: String, city: String, country: String, address: Option<&PostalAddress>) -> Party {
        let lines = match address {
            Some(a) => a.lines(),
            None => {
                let country = crate::domain::Country::parse(&country).map(|c| c.name().to_string()).unwrap_or(country);
                [city, country].into_iter().filter(|l| !l.is_empty()).collect()
            }
        };
        Party { name, lines }
    }
}

pub async fn record_event(
    tx: &mut Transaction<'static, Any>,
    order: OrderId,
    actor: Actor,
    user: Option<UserId>,
    action: &str,
    status: &str,
    note: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO order_events (order_id, actor, user_id, action, status, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(order.get())
    .bind(actor.as_str())
    .bind(user.map(UserId::get))
    .bind(action)
    .bind(status)
    .bind(note)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn issue_invoice(
    tx: &mut Transaction<'static, Any>,
    order: OrderId,
    supplier: CompanyId,
    kind: InvoiceKind,
    due_at: Option<i64>,
    seller: &Party,
    buyer: &Party,
) -> Result<(), AppError> {
    let number = next_number(tx, supplier, kind.as_str()).await?;
    let json = |p: &Party| serde_json::to_string(p).map_err(|_| AppError::Internal);
    sqlx::query(
        "INSERT INTO invoices (order_id, supplier_id, kind, number, issued_at, due_at, seller, buyer) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(order.get())
    .bind(supplier.get())
    .bind(kind.as_str())
    .bind(number)
    .bind(now())
    .bind(due_at)
    .bind(json(seller)?)
    .bind(json(buyer)?)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The row every order operation starts from.
#[derive(sqlx::FromRow)]
pub(super) struct OrderRow {
    id: i64,
    checkout_id: i64,
    supplier_id: i64,
    buyer_id: i64,
    number: i64,
    status: String,
    payment_method: String,
    payment_status: String,
    currency: String,
    subtotal: i64,
    shipping: i64,
    total: i64,
    po_number: String,
    note: String,
    ship_to: String,
    bill_to: String,
    net_days: Option<i64>,
    carrier: String,
    tracking_number: String,
    shipped_at: Option<i64>,
    delivered_at: Option<i64>,
    due_at: Option<i64>,
    commission_bps: i64,
    version: i64,
    created_at: i64,
}

const ORDER_SELECT: &str = "SELECT id, checkout_id, supplier_id, buyer_id, number, status, payment_method, payment_status, \
     currency, subtotal, shipping, total, po_number, note, ship_to, bill_to, net_days, carrier, tracking_number, \
     shipped_at, delivered_at, due_at, commission_bps, version, created_at FROM orders";

impl OrderRow {
    pub(super) fn state(&self) -> Result<OrderState, AppError> {
        Ok(OrderState {
            status: self.status.parse().map_err(|_| AppError::Internal)?,
            payment: self.payment_status.parse().map_err(|_| AppError::Internal)?,
        })
    }
    fn currency(&self) -> Result<Currency, AppError> {
        self.currency.parse().map_err(|_| AppError::Internal)
    }
    fn money(&self, minor: i64) -> Result<Money, AppError> {
        Ok(Money::from_minor(minor, self.currency()?))
    }
    pub(super) fn ids(&self) -> Result<(OrderId, CompanyId, CompanyId), AppError> {
        let bad = |_| AppError::Internal;
        Ok((
            OrderId::new(self.id).map_err(bad)?,
            CompanyId::new(self.supplier_id).map_err(bad)?,
            CompanyId::new(self.buyer_id).map_err(bad)?,
        ))
    }
}

pub(super) async fn load(db: &Db, order: OrderId) -> Result<OrderRow, AppError> {
    sqlx::query_as::<_, OrderRow>(&format!("{ORDER_SELECT} WHERE id = $1"))
        .bind(order.get())
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| AppError::not_found("order"))
}

/// How the caller stands to an order: its buyer, its supplier, or a platform admin.
/// Anyone else is told it does not exist.
pub(super) fn actor_for(user: &SessionUser, row: &OrderRow) -> Result<Actor, AppError> {
    let company = user.company.as_ref().map(|m| m.company_id.get());
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

fn side_of(actor: Actor) -> Option<Side> {
    match actor {
        Actor::Buyer => Some(Side::Buying),
        Actor::Supplier => Some(Side::Selling),
        Actor::Admin | Actor::System => None,
    }
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    number: i64,
    counterparty: String,
    status: String,
    payment_status: String,
    currency: String,
    total: i64,
    created_at: i64,
    po_number: String,
}

#[derive(sqlx::FromRow)]
struct LineRow {
    title: String,
    sku: String,
    variant_name: String,
    kind: String,
    unit: String,
    quantity: i64,
    unit_price: i64,
    tier_from: Option<i64>,
    total: i64,
    product_id: Option<i64>,
    slug: Option<String>,
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

pub async fn list(
    state: &AppState,
    user: &SessionUser,
    side: Side,
    status: Option<OrderStatus>,
) -> Result<OrderList, AppError> {
    let membership = user.company.as_ref().ok_or(AppError::Forbidden)?;
    let (own, other) = match side {
        Side::Buying if membership.kind.buys() => ("buyer_id", "supplier_id"),
        Side::Selling if membership.kind.sells() => ("supplier_id", "buyer_id"),
        _ => return Err(AppError::Forbidden),
    };
    let filter = if status.is_some() { " AND o.status = $2" } else { "" };
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "SELECT o.id, o.number, c.name AS counterparty, o.status, o.payment_status, o.currency, o.total, o.created_at, o.po_number \
         FROM orders o JOIN companies c ON c.id = o.{other} WHERE o.{own} = $1{filter} ORDER BY o.created_at DESC, o.id DESC LIMIT 200"
    ))
    .bind(membership.company_id.get())
    .bind(status.map(|s| s.as_str()).unwrap_or_default())
    .fetch_all(state.db.pool())
    .await?;
    let orders = rows
        .into_iter()
        .map(|r| {
            let currency: Currency = r.currency.parse().map_err(|_| AppError::Internal)?;
            Ok(OrderSummary {
                id: OrderId::new(r.id).map_err(|_| AppError::Internal)?,
                number: order_number(r.number),
                counterparty: r.counterparty,
                status: r.status.parse().map_err(|_| AppError::Internal)?,
                payment: r.payment_status.parse().map_err(|_| AppError::Internal)?,
                total: Money::from_minor(r.total, currency),
                placed_at: r.created_at,
                po_number: r.po_number,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let balances = match side {
        Side::Selling => ledger::supplier_balances(&state.db, membership.company_id).await?,
        Side::Buying => Vec::new(),
    };
    Ok(OrderList { side, orders, status, balances })
}

pub async fn detail(state: &AppState, user: &SessionUser, order: OrderId) -> Result<OrderDetail, AppError> {
    let row = load(&state.db, order).await?;
    let actor = actor_for(user, &row)?;
    let db = &state.db;
    let (_, supplier, buyer) = row.ids()?;
    let (supplier_name, supplier_slug): (String, String) =
        sqlx::query_as("SELECT name, slug FROM companies WHERE id = $1")
            .bind(supplier.get())
            .fetch_one(db.pool())
            .await?;
    let buyer_name: String =
        sqlx::query_scalar("SELECT name FROM companies WHERE id = $1").bind(buyer.get()).fetch_one(db.pool()).await?;
    let line_rows: Vec<LineRow> = sqlx::query_as(
        "SELECT l.title, l.sku, l.variant_name, l.kind, l.unit, l.quantity, l.unit_price, l.tier_from, l.total, \
             p.id AS product_id, CASE WHEN p.status = 'published' THEN p.slug END AS slug FROM order_lines l \
             LEFT JOIN products p ON p.id = l.product_id WHERE l.order_id = $1 ORDER BY l.position",
    )
    .bind(order.get())
    .fetch_all(db.pool())
    .await?;
    let mut lines = Vec::with_capacity(line_rows.len());
    for l in line_rows {
        lines.push(OrderLineView {
            sample: l.kind == LineKind::Sample.as_str(),
            unit: l.unit.parse().unwrap_or(crate::domain::product::Unit::Piece),
            quantity: l.quantity as u64,
            unit_price: row.money(l.unit_price)?,
            tier_from: l.tier_from.map(|t| t as u64),
            total: row.money(l.total)?,
            product_href: l.product_id.zip(l.slug).map(|(id, slug)| market_href(&slug, id)),
            title: l.title,
            sku: l.sku,
            variant_name: l.variant_name,
        });
    }
    let events: Vec<(i64, String, Option<String>, String, String, String)> = sqlx::query_as(
        "SELECT e.at, e.actor, u.name, e.action, e.status, e.note FROM order_events e \
         LEFT JOIN users u ON u.id = e.user_id WHERE e.order_id = $1 ORDER BY e.id",
    )
    .bind(order.get())
    .fetch_all(db.pool())
    .await?;
    let timeline = events
        .into_iter()
        .map(|(at, actor, who, action, status, note)| {
            let actor: Actor = actor.parse().map_err(|_| AppError::Internal)?;
            let action =
                action.parse::<Action>().map(|a| a.label().to_string()).unwrap_or_else(|_| "Order placed".into());
            Ok(TimelineEvent {
                at,
                actor,
                who: who.unwrap_or_else(|| actor.label().to_string()),
                action,
                status: status.parse().map_err(|_| AppError::Internal)?,
                note,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let invoice_rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT kind, number FROM invoices WHERE order_id = $1 ORDER BY id")
            .bind(order.get())
            .fetch_all(db.pool())
            .await?;
    let invoices = invoice_rows
        .into_iter()
        .filter_map(|(kind, number)| {
            let kind: InvoiceKind = kind.parse().ok()?;
            Some(InvoiceRef { kind, number: invoice_number(kind, number) })
        })
        .collect();
    let dispute: Option<DisputeRecord> = sqlx::query_as(
        "SELECT reason, details, opened_at, resolution, refund_amount, resolution_note FROM disputes WHERE order_id = $1",
    )
    .bind(order.get())
    .fetch_optional(db.pool())
    .await?;
    let evidence: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, variants FROM dispute_evidence WHERE order_id = $1 ORDER BY id")
            .bind(order.get())
            .fetch_all(db.pool())
            .await?;
    let evidence: Vec<ImageRef> = evidence
        .into_iter()
        .filter_map(|(id, json)| Some(ImageRef { id, variants: serde_json::from_str(&json).ok()? }))
        .collect();
    let dispute = match dispute {
        Some(d) => Some(DisputeView {
            evidence,
            refund: d.refund_amount.map(|r| row.money(r)).transpose()?,
            reason: d.reason,
            details: d.details,
            opened_at: d.opened_at,
            resolution: d.resolution,
            note: d.resolution_note,
        }),
        None => None,
    };
    let card: Option<String> =
        sqlx::query_scalar("SELECT card_summary FROM payments WHERE checkout_id = $1 AND currency = $2")
            .bind(row.checkout_id)
            .bind(&row.currency)
            .fetch_optional(db.pool())
            .await?;
    let address = |json: &str| serde_json::from_str::<PostalAddress>(json).map_err(|_| AppError::Internal);
    let order_state = row.state()?;
    let review = super::reviews::of_order(db, order).await?;
    let can_review = actor == Actor::Buyer && review.is_none() && crate::domain::review::reviewable(order_state.status);
    Ok(OrderDetail {
        id: order,
        number: order_number(row.number),
        version: row.version,
        side: side_of(actor),
        supplier,
        supplier_name,
        supplier_slug,
        buyer_name,
        status: order_state.status,
        method: row.payment_method.parse().map_err(|_| AppError::Internal)?,
        payment: order_state.payment,
        currency: row.currency()?,
        subtotal: row.money(row.subtotal)?,
        shipping: row.money(row.shipping)?,
        total: row.money(row.total)?,
        po_number: row.po_number.clone(),
        note: row.note.clone(),
        ship_to: address(&row.ship_to)?,
        bill_to: address(&row.bill_to)?,
        net_days: row.net_days.map(|d| d as u32),
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
        actions: order_state.actions(actor),
        card,
        protection_days: super::admin::auto_release_days(db.pool()).await?,
        buyer,
        review,
        can_review,
    })
}

/// What some actions need besides the order.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    pub reason: String,
    pub details: String,
    pub carrier: String,
    pub tracking_number: String,
    pub refund: String,
}

fn required(field: &str, value: &str, max: usize, message: &str) -> Result<String, AppError> {
    let cleaned = crate::domain::text::clean_text(value, max, true).map_err(|m| AppError::field(field, m))?;
    if cleaned.is_empty() { Err(AppError::field(field, message)) } else { Ok(cleaned) }
}

fn refused(error: TransitionError) -> AppError {
    match error {
        TransitionError::NotYours => AppError::Forbidden,
        other => AppError::Conflict(other.to_string()),
    }
}

/// Applies `action` by `user` to `order`; answers which side the caller is on.
pub async fn act(
    state: &AppState,
    user: &SessionUser,
    order: OrderId,
    action: Action,
    version: i64,
    input: &ActionInput,
) -> Result<Option<Side>, AppError> {
    let row = load(&state.db, order).await?;
    let actor = actor_for(user, &row)?;
    apply(state, &row, actor, Some(user.id), action, version, input).await?;
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
    input: &ActionInput,
) -> Result<(), AppError> {
    let transition = row.state()?.apply(actor, action).map_err(refused)?;
    if version != row.version {
        return Err(AppError::Conflict(
            "This order changed since you opened it. Reload the page and try again.".into(),
        ));
    }
    let (order, supplier, buyer) = row.ids()?;
    let currency = row.currency()?;
    let mut note = String::new();
    let (mut carrier, mut tracking) = (row.carrier.clone(), row.tracking_number.clone());
    let mut refund: Option<Money> = None;
    match action {
        Action::Reject | Action::Cancel => {
            note = required("reason", &input.reason, 500, "Say why, for the other side.")?
        }
        Action::Ship => {
            carrier = required("carrier", &input.carrier, 80, "Name the carrier.")?;
            tracking = required("tracking_number", &input.tracking_number, 80, "Give the tracking number.")?;
        }
        Action::OpenDispute => {
            note = required("reason", &input.reason, 200, "Say what is wrong.")?;
            required("details", &input.details, 4_000, "Describe what arrived and what you expected.")?;
        }
        Action::RefundPart => {
            let amount = Money::parse(&input.refund, currency)
                .ok()
                .filter(|m| m.minor() > 0 && m.minor() < row.total)
                .ok_or_else(|| AppError::field("refund", "Give a refund above zero and below the order total."))?;
            refund = Some(amount);
            note = format!("{amount} refunded");
        }
        _ => {}
    }
    let at = now();
    let mut tx = state.db.begin_write().await?;
    let shipped_at = if action == Action::Ship { Some(at) } else { row.shipped_at };
    let delivered_at = if action == Action::MarkDelivered { Some(at) } else { row.delivered_at };
    let due_at = match (action, row.net_days) {
        (Action::Ship, Some(days)) => Some(at + days * 86_400),
        _ => row.due_at,
    };
    let updated = sqlx::query(
        "UPDATE orders SET status = $1, payment_status = $2, carrier = $3, tracking_number = $4, shipped_at = $5, \
         delivered_at = $6, due_at = $7, version = version + 1, updated_at = $8 WHERE id = $9 AND version = $10",
    )
    .bind(transition.to.status.as_str())
    .bind(transition.to.payment.as_str())
    .bind(&carrier)
    .bind(&tracking)
    .bind(shipped_at)
    .bind(delivered_at)
    .bind(due_at)
    .bind(at)
    .bind(order.get())
    .bind(version)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::Conflict(
            "This order changed since you opened it. Reload the page and try again.".into(),
        ));
    }
    let bps = row.commission_bps as u32;
    let total = row.money(row.total)?;
    let money_error = |_| AppError::Internal;
    let mut provider_refund: Option<Money> = None;
    match transition.settlement {
        Settlement::None => {}
        Settlement::Release => {
            let held = ledger::escrow_held(&mut tx, order, currency).await?;
            let entry = Entry::release(order, supplier, held, bps).map_err(money_error)?;
            ledger::record(&mut tx, Some(order), "Escrow released to the supplier, less commission", &entry).await?;
        }
        Settlement::RefundEscrow => {
            let held = ledger::escrow_held(&mut tx, order, currency).await?;
            let entry = Entry::refund(order, buyer, held).map_err(money_error)?;
            ledger::record(&mut tx, Some(order), "Escrow refunded to the buyer", &entry).await?;
            provider_refund = Some(held);
        }
        Settlement::SplitEscrow => {
            let held = ledger::escrow_held(&mut tx, order, currency).await?;
            let amount = Money::from_minor(refund.map_or(held.minor(), Money::minor).min(held.minor()), currency);
            let rest = held.checked_sub(amount).map_err(|_| AppError::Internal)?;
            ledger::record(
                &mut tx,
                Some(order),
                "Part of the escrow refunded",
                &Entry::refund(order, buyer, amount).map_err(money_error)?,
            )
            .await?;
            ledger::record(
                &mut tx,
                Some(order),
                "Rest of the escrow released",
                &Entry::release(order, supplier, rest, bps).map_err(money_error)?,
            )
            .await?;
            provider_refund = Some(amount);
        }
        Settlement::RecordDirectPayment => {
            let entry = Entry::direct_payment(buyer, supplier, total, bps).map_err(money_error)?;
            ledger::record(&mut tx, Some(order), "Payment received by the supplier", &entry).await?;
        }
        Settlement::ReverseDirectPayment => {
            let entry = Entry::reverse_direct_payment(buyer, supplier, total, bps).map_err(money_error)?;
            ledger::record(&mut tx, Some(order), "Payment returned by the supplier", &entry).await?;
        }
    }
    if transition.releases_stock {
        let lines: Vec<(Option<i64>, i64)> =
            sqlx::query_as("SELECT variant_id, quantity FROM order_lines WHERE order_id = $1")
                .bind(order.get())
                .fetch_all(&mut *tx)
                .await?;
        for (variant, quantity) in lines {
            if let Some(variant) = variant {
                sqlx::query("UPDATE product_variants SET stock = stock + $1 WHERE id = $2")
                    .bind(quantity)
                    .bind(variant)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    match action {
        Action::Ship => {
            let seller = Party::of_company(&mut *tx, supplier, None).await?;
            let bill_to: PostalAddress = serde_json::from_str(&row.bill_to).map_err(|_| AppError::Internal)?;
            let buyer_party = Party::of_company(&mut *tx, buyer, Some(&bill_to)).await?;
            issue_invoice(&mut tx, order, supplier, InvoiceKind::Commercial, due_at, &seller, &buyer_party).await?;
            note = format!("{carrier}, tracking {tracking}");
        }
        Action::OpenDispute => {
            sqlx::query(
                "INSERT INTO disputes (order_id, reason, details, opened_by, opened_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(order.get())
            .bind(&note)
            .bind(input.details.trim())
            .bind(user.map(UserId::get))
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        Action::ReleaseFunds | Action::RefundPart | Action::RefundAll => {
            sqlx::query(
                "UPDATE disputes SET resolution = $1, refund_amount = $2, resolution_note = $3, resolved_by = $4, \
                 resolved_at = $5 WHERE order_id = $6",
            )
            .bind(action.label())
            .bind(match action {
                Action::RefundAll => Some(total.minor()),
                _ => refund.map(Money::minor),
            })
            .bind(input.reason.trim())
            .bind(user.map(UserId::get))
            .bind(at)
            .bind(order.get())
            .execute(&mut *tx)
            .await?;
        }
        _ => {}
    }
    record_event(&mut tx, order, actor, user, action.as_str(), transition.to.status.as_str(), &note).await?;
    notify_transition(&mut tx, &state.config.public_url(), order, actor, action, transition.to.status, &note).await?;
    if let Some(amount) = provider_refund.filter(|m| m.minor() > 0) {
        let reference: Option<String> =
            sqlx::query_scalar("SELECT reference FROM payments WHERE checkout_id = $1 AND currency = $2")
                .bind(row.checkout_id)
                .bind(&row.currency)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(reference) = reference {
            state.payments.refund(&reference, amount).await.map_err(|e| AppError::Conflict(e.to_string()))?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Releases held funds of orders delivered more than the protection period ago without a
/// dispute. Answers how many were released.
pub async fn auto_release(state: &AppState, at: i64) -> Result<usize, AppError> {
    let days = i64::from(super::admin::auto_release_days(state.db.pool()).await?);
    let due: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM orders WHERE status = 'delivered' AND delivered_at <= $1 ORDER BY id")
            .bind(at - days * 86_400)
            .fetch_all(state.db.pool())
            .await?;
    let mut released = 0;
    for id in due {
        let row = load(&state.db, OrderId::new(id).map_err(|_| AppError::Internal)?).await?;
        let version = row.version;
        // An order that moved meanwhile (a dispute, a confirmation) is simply skipped.
        match apply(state, &row, Actor::System, None, Action::AutoRelease, version, &ActionInput::default()).await {
            Ok(()) => released += 1,
            Err(AppError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(released)
}

/// Puts an order's lines (still for sale) into the caller's cart at today's terms.
pub async fn reorder(state: &AppState, user: &SessionUser, order: OrderId) -> Result<(), AppError> {
    let row = load(&state.db, order).await?;
    if actor_for(user, &row)? != Actor::Buyer {
        return Err(AppError::not_found("order"));
    }
    let lines: Vec<(Option<i64>, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT l.product_id, l.kind, l.quantity, (SELECT COUNT(*) FROM product_variants v WHERE v.product_id = l.product_id AND v.position < \
         (SELECT position FROM product_variants WHERE id = l.variant_id)) FROM order_lines l WHERE l.order_id = $1 ORDER BY l.position",
    )
    .bind(order.get())
    .fetch_all(state.db.pool())
    .await?;
    let mut added = 0;
    for (product, kind, quantity, position) in lines {
        let (Some(product), Some(position)) = (product, position) else { continue };
        let kind = LineKind::parse(&kind).unwrap_or(LineKind::Bulk);
        // A line that cannot be bought as before today is left out; the cart shows the rest.
        if super::cart::add(state, product, position as usize, kind, &quantity.to_string()).await.is_ok() {
            added += 1;
        }
    }
    if added == 0 {
        return Err(AppError::Conflict("None of these products can be ordered as before any more.".into()));
    }
    Ok(())
}

/// The people to write to about an order: the buyer who placed it, the supplier's team.
pub(super) async fn recipients(
    tx: &mut Transaction<'static, Any>,
    order: OrderId,
    to_buyer: bool,
) -> Result<Vec<String>, AppError> {
    let query = if to_buyer {
        "SELECT u.email FROM orders o JOIN users u ON u.id = o.placed_by WHERE o.id = $1"
    } else {
        "SELECT u.email FROM orders o JOIN memberships m ON m.company_id = o.supplier_id JOIN users u ON u.id = m.user_id \
         WHERE o.id = $1 ORDER BY u.id"
    };
    Ok(sqlx::query_scalar(query).bind(order.get()).fetch_all(&mut **tx).await?)
}

pub(super) async fn order_facts(
    tx: &mut Transaction<'static, Any>,
    order: OrderId,
) -> Result<(String, String, String, String), AppError> {
    let (number, supplier, buyer, currency, total): (i64, String, String, String, i64) = sqlx::query_as(
        "SELECT o.number, s.name, b.name, o.currency, o.total FROM orders o JOIN companies s ON s.id = o.supplier_id \
         JOIN companies b ON b.id = o.buyer_id WHERE o.id = $1",
    )
    .bind(order.get())
    .fetch_one(&mut **tx)
    .await?;
    let currency: Currency = currency.parse().map_err(|_| AppError::Internal)?;
    Ok((order_number(number), supplier, buyer, Money::from_minor(total, currency).to_string()))
}

pub async fn notify_new_order(tx: &mut Transaction<'static, Any>, base: &str, order: OrderId) -> Result<(), AppError> {
    let (number, supplier, buyer, total) = order_facts(tx, order).await?;
    for to in recipients(tx, order, true).await? {
        let body = format!(
            "Your order {number} with {supplier} ({total}) is placed.\n\n{supplier} will confirm it; you can follow it at {base}/orders/{order}.\n\n— Caravan"
        );
        mail::enqueue(tx, Message { to: &to, subject: format!("Order {number} placed with {supplier}"), body }).await?;
    }
    for to in recipients(tx, order, false).await? {
        let body = format!(
            "{buyer} placed order {number} ({total}).\n\nConfirm or reject it at {base}/supplier/orders/{order}.\n\n— Caravan"
        );
        mail::enqueue(tx, Message { to: &to, subject: format!("New order {number} from {buyer}"), body }).await?;
    }
    Ok(())
}

async fn notify_transition(
    tx: &mut Transaction<'static, Any>,
    base: &str,
    order: OrderId,
    actor: Actor,
    action: Action,
    status: OrderStatus,
    note: &str,
) -> Result<(), AppError> {
    let (number, supplier, buyer, _) = order_facts(tx, order).await?;
    let status = status.label().to_lowercase();
    let who = match actor {
        Actor::Buyer => buyer.clone(),
        Actor::Supplier => supplier.clone(),
        Actor::Admin | Actor::System => "Caravan".to_string(),
    };
    let detail = if note.is_empty() { String::new() } else { format!("\n\n{note}") };
    // Both sides hear of what the other side or Caravan did.
    for (to_buyer, path) in [(true, "/orders"), (false, "/supplier/orders")] {
        if (to_buyer && actor == Actor::Buyer) || (!to_buyer && actor == Actor::Supplier) {
            continue;
        }
        for to in recipients(tx, order, to_buyer).await? {
            let body = format!(
                "{who}: {} on order {number} ({supplier} → {buyer}). The order is now {status}.{detail}\n\nSee it at {base}{path}/{order}.\n\n— Caravan",
                action.label().to_lowercase()
            );
            mail::enqueue(tx, Message { to: &to, subject: format!("Order {number}: {status}"), body }).await?;
        }
    }
    Ok(())
}

/// Most photos one dispute holds.
pub const MAX_EVIDENCE: i64 = 6;

/// Fails unless `buyer` placed `order`, its dispute is open, and it has room for a photo.
pub async fn ensure_room_for_evidence(db: &Db, buyer: CompanyId, order: OrderId) -> Result<(), AppError> {
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM dispute_evidence e WHERE e.order_id = d.order_id) FROM disputes d \
         JOIN orders o ON o.id = d.order_id WHERE d.order_id = $1 AND o.buyer_id = $2 AND d.resolution IS NULL",
    )
    .bind(order.get())
    .bind(buyer.get())
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
    variants: Vec<crate::domain::image::ImageVariant>,
) -> Result<ImageRef, AppError> {
    let json = serde_json::to_string(&variants).map_err(|_| AppError::Internal)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO dispute_evidence (order_id, variants, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(order.get())
    .bind(json)
    .bind(user.get())
    .bind(now())
    .fetch_one(db.pool())
    .await?;
    Ok(ImageRef { id, variants })
}
