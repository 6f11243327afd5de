//! Writing an order: its lines, stock reserved (never below zero), first timeline events
//! and proforma invoice, shared by a cart's checkout and a quote's acceptance.

use crate::domain::address::PostalAddress;
use crate::domain::cart::LineKind;
use crate::domain::order::{Action, Actor, InvoiceKind, OrderStatus, PaymentMethod, initial_payment};
use crate::domain::product::Unit;
use crate::domain::{CompanyId, Currency, Money, OrderId, QuoteId, VariantId};
use crate::error::{AppError, OrInternal};
use crate::model::cart::CartLine;
use crate::model::session::SessionUser;
use crate::server::db::to_json;
use crate::server::invoices::{Party, issue_invoice};
use crate::server::now;
use crate::server::orders::read::PLACED;
use crate::server::orders::{next_number, record_event};
use sqlx::{Any, Transaction};

/// One line of an order about to be written.
pub struct NewLine {
    /// The catalog variant whose stock it takes (none for a quoted free-text item).
    pub variant: Option<VariantId>,
    pub kind: LineKind,
    pub title: String,
    pub sku: String,
    pub variant_name: String,
    pub unit: Unit,
    pub quantity: u64,
    pub unit_price: Money,
    pub tier_from: Option<i64>,
    pub total: Money,
    pub weight_grams: u64,
}

pub(super) fn cart_line(line: &CartLine) -> Result<NewLine, AppError> {
    // Checkout runs only on a cart whose every line is priced.
    let priced = line.outcome.or_internal()?;
    let tier_from = match line.kind {
        LineKind::Bulk => {
            line.terms.tier_at(line.quantity).and_then(|t| line.terms.tiers.get(t)).map(|t| t.min_quantity as i64)
        }
        LineKind::Sample => None,
    };
    Ok(NewLine {
        variant: Some(line.variant),
        kind: line.kind,
        title: line.title.clone(),
        sku: line.sku.clone(),
        variant_name: line.variant_name.clone(),
        unit: line.unit,
        quantity: line.quantity,
        unit_price: priced.unit,
        tier_from,
        total: priced.total,
        weight_grams: line.unit_weight_grams.saturating_mul(line.quantity),
    })
}

/// One supplier's order as it is about to be written.
pub struct NewOrder {
    pub supplier: CompanyId,
    pub supplier_name: String,
    pub currency: Currency,
    pub subtotal: Money,
    pub shipping: Money,
    pub total: Money,
    pub method: PaymentMethod,
    pub net_days: Option<i64>,
    pub lead_days: Option<u32>,
    /// The accepted quote it comes from.
    pub quote: Option<QuoteId>,
    pub po: String,
    pub note: String,
    pub ship_to: PostalAddress,
    pub bill_to: PostalAddress,
    pub lines: Vec<NewLine>,
}

/// An order as written.
pub struct Written {
    pub id: OrderId,
    pub total: Money,
}

/// Writes one order with its lines, reserving catalog stock (never below zero), its first
/// timeline event(s) and its proforma invoice. `status` is `Placed` for a checkout and
/// `Confirmed` for an accepted quote (the supplier agreed to those terms already).
pub async fn write_order(
    tx: &mut Transaction<'static, Any>,
    checkout_id: i64,
    user: &SessionUser,
    buyer: CompanyId,
    draft: &NewOrder,
    status: OrderStatus,
) -> Result<Written, AppError> {
    for line in &draft.lines {
        let Some(variant) = line.variant else { continue };
        let taken = sqlx::query("UPDATE product_variants SET stock = stock - $1 WHERE id = $2 AND stock >= $1")
            .bind(line.quantity as i64)
            .bind(variant)
            .execute(&mut **tx)
            .await?;
        if taken.rows_affected() == 0 {
            return Err(AppError::Conflict(format!(
                "{} sold out before your order went through: nothing was ordered or charged.",
                line.title
            )));
        }
    }
    let supplier = draft.supplier;
    let commission_bps = i64::from(crate::server::admin::commission_bps(&mut **tx).await?);
    let number = next_number(tx, supplier, "order").await?;
    let at = now();
    let order: OrderId = sqlx::query_scalar(
        "INSERT INTO orders (checkout_id, supplier_id, buyer_id, placed_by, number, status, payment_method, payment_status, \
         currency, subtotal, shipping, total, po_number, note, ship_to, bill_to, net_days, commission_bps, lead_days, quote_id, \
         created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21) RETURNING id",
    )
    .bind(checkout_id)
    .bind(supplier)
    .bind(buyer)
    .bind(user.id)
    .bind(number)
    .bind(status.as_str())
    .bind(draft.method.as_str())
    .bind(initial_payment(draft.method).as_str())
    .bind(draft.currency.code())
    .bind(draft.subtotal.minor())
    .bind(draft.shipping.minor())
    .bind(draft.total.minor())
    .bind(&draft.po)
    .bind(&draft.note)
    .bind(to_json(&draft.ship_to)?)
    .bind(to_json(&draft.bill_to)?)
    .bind(draft.net_days)
    .bind(commission_bps)
    .bind(draft.lead_days.map(i64::from))
    .bind(draft.quote)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    for (position, line) in draft.lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO order_lines (order_id, product_id, variant_id, kind, title, sku, variant_name, unit, quantity, \
             unit_price, tier_from, total, weight_grams, position) \
             VALUES ($1, (SELECT product_id FROM product_variants WHERE id = $2), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(order)
        .bind(line.variant)
        .bind(line.kind.as_str())
        .bind(&line.title)
        .bind(&line.sku)
        .bind(&line.variant_name)
        .bind(line.unit.as_str())
        .bind(line.quantity as i64)
        .bind(line.unit_price.minor())
        .bind(line.tier_from)
        .bind(line.total.minor())
        .bind(line.weight_grams as i64)
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
    }
    record_event(tx, order, Actor::Buyer, Some(user.id), PLACED, OrderStatus::Placed, "").await?;
    if status == OrderStatus::Confirmed {
        let note = "The supplier's quote set these terms.";
        let confirm = Action::Confirm.as_str();
        record_event(tx, order, Actor::Supplier, None, confirm, OrderStatus::Confirmed, note).await?;
    }
    let seller = Party::of_company(&mut **tx, supplier, None).await?;
    let buyer_party = Party::of_company(&mut **tx, buyer, Some(&draft.bill_to)).await?;
    issue_invoice(tx, order, supplier, InvoiceKind::Proforma, None, &seller, &buyer_party).await?;
    Ok(Written { id: order, total: draft.total })
}
