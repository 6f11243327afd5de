//! The buyer accepting a supplier's version: one order with exactly its terms, the card
//! charged first (outside any transaction), and, for an RFQ's offer, the RFQ awarded and the
//! other suppliers' offers closed — all in one transaction, or nothing and the payment given
//! back.

use super::{OpenVersion, closed_rfq, latest_is, offer_of, refused, thread_of, versions};
use crate::domain::cart::LineKind;
use crate::domain::order::{OrderStatus, PaymentMethod, order_number};
use crate::domain::quote::{QuoteAction, QuoteError, QuoteStatus};
use crate::domain::{OrderId, QuoteId, RfqId, ThreadId};
use crate::error::AppError;
use crate::model::checkout::CardFields;
use crate::model::session::SessionUser;
use crate::server::checkout::{self, CardRefusal, NewLine, NewOrder};
use crate::server::db::Db;
use crate::server::payments::attempts;
use crate::server::{AppState, messages, now};
use sqlx::{Any, Transaction};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AcceptForm {
    pub ship_to: String,
    pub po_number: String,
    pub card_number: String,
    pub card_expiry: String,
    pub card_cvc: String,
    pub card_token: String,
}

impl AcceptForm {
    fn card_fields(&self) -> CardFields<'_> {
        CardFields {
            number: &self.card_number,
            expiry: &self.card_expiry,
            cvc: &self.card_cvc,
            tokens: &self.card_token,
        }
    }
}

impl checkout::CardForm for AcceptForm {
    fn echo(&self) -> Vec<(String, String)> {
        vec![("ship_to".to_string(), self.ship_to.clone()), ("po_number".to_string(), self.po_number.clone())]
    }
}

/// What the checkout key of a quote's acceptance starts with (its quote id follows).
pub const QUOTE_KEY_PREFIX: &str = "quote-";

/// The order an accepted version became.
async fn order_of(db: &Db, quote: QuoteId) -> Result<Option<OrderId>, AppError> {
    let order: Option<Option<OrderId>> =
        sqlx::query_scalar("SELECT order_id FROM quotes WHERE id = $1 AND status = 'accepted'")
            .bind(quote)
            .fetch_optional(db.pool())
            .await?;
    Ok(order.flatten())
}

/// The buyer accepts the supplier's open version: one order with exactly its lines, prices,
/// shipping, lead time and payment terms, confirmed at once (the supplier set those terms).
/// Accepting again answers with the same order.
pub async fn accept(
    state: &AppState,
    user: &SessionUser,
    quote: QuoteId,
    form: &AcceptForm,
) -> Result<OrderId, AppError> {
    let thread = thread_of(&state.db, quote).await?;
    let (row, side) = messages::access(state.db.pool(), user, thread).await?;
    let versions = versions(&state.db, thread).await?;
    let latest = latest_is(&versions, quote)?;
    match offer_of(latest).apply(Some(side), QuoteAction::Accept, now()) {
        Ok(_) => {}
        Err(QuoteError::Accepted) => {
            return order_of(&state.db, quote).await?.ok_or_else(|| refused(QuoteError::Accepted));
        }
        Err(e) => return Err(refused(e)),
    }
    let (buyer, supplier) = (row.buyer_id, row.supplier_id);
    let terms = &latest.terms;
    let (_, ship_to, bill_to) = checkout::delivery(&state.db, buyer, &form.ship_to, "").await?;
    let sources = match terms.payment.method() {
        PaymentMethod::Escrow => Some(
            checkout::card_sources(state, &form.card_fields(), 1)
                .map_err(|fields| CardRefusal::Invalid(fields).into_error(form))?,
        ),
        _ => None,
    };
    let mut lines = Vec::with_capacity(terms.lines.len());
    for line in &terms.lines {
        let shipped = match line.variant {
            Some(v) => sqlx::query_as(
                "SELECT v.sku, COALESCE(p.weight_grams, 0) AS weight_grams FROM product_variants v \
                 JOIN products p ON p.id = v.product_id WHERE v.id = $1 AND p.company_id = $2",
            )
            .bind(v)
            .bind(supplier)
            .fetch_optional(state.db.pool())
            .await?
            .ok_or_else(|| {
                AppError::Conflict(format!("{} is no longer in the supplier's catalog.", line.description))
            })?,
            None => ShippedVariant { sku: String::new(), weight_grams: 0 },
        };
        lines.push(NewLine {
            variant: line.variant,
            kind: LineKind::Bulk,
            title: line.description.clone(),
            sku: shipped.sku,
            variant_name: String::new(),
            unit: line.unit,
            quantity: line.quantity,
            unit_price: line.unit_price,
            tier_from: None,
            total: line.total(),
            weight_grams: (shipped.weight_grams.max(0) as u64).saturating_mul(line.quantity),
        });
    }
    let supplier_name: String = sqlx::query_scalar("SELECT name FROM companies WHERE id = $1")
        .bind(supplier)
        .fetch_one(state.db.pool())
        .await?;
    let draft = NewOrder {
        supplier,
        supplier_name,
        currency: terms.currency,
        subtotal: terms.subtotal(),
        shipping: terms.shipping,
        total: terms.landed_total(),
        method: terms.payment.method(),
        net_days: terms.payment.net_days().map(i64::from),
        lead_days: Some(terms.lead_days),
        quote: Some(quote),
        po: checkout::clean_field(&form.po_number, 40),
        note: format!("Quote version {}: {}", latest.version, terms.shipping_method).chars().take(500).collect(),
        ship_to,
        bill_to,
        lines,
    };
    let key = format!("{QUOTE_KEY_PREFIX}{quote}");
    // Charged before anything is written, outside any transaction; the order is then
    // written in one that captures the payment, or the payment is given back.
    let paid = match sources {
        Some(sources) => match checkout::pay_by_card(state, user, &key, sources, &[draft.total]).await {
            Ok(paid) => paid,
            Err(refusal @ CardRefusal::Refused(attempts::Refusal::RequiresAction { .. })) => {
                let kept = AcceptForm {
                    card_number: String::new(),
                    card_expiry: String::new(),
                    card_cvc: String::new(),
                    ..form.clone()
                };
                checkout::keep_for_provider(state, user, &key, &kept).await?;
                return Err(refusal.into_error(form));
            }
            Err(refusal) => return Err(refusal.into_error(form)),
        },
        None => Vec::new(),
    };
    let write = async {
        let mut tx = state.db.begin_write().await?;
        let Some(checkout_id) = checkout::open_checkout(&mut tx, user, buyer, &key).await? else {
            drop(tx);
            return order_of(&state.db, quote)
                .await?
                .map(|order| (order, Vec::new()))
                .ok_or_else(|| AppError::internal(format_args!("quote {quote}'s checkout holds no order")));
        };
        // An RFQ's offer claims the RFQ first, in one statement that also checks it is still
        // open: a concurrent acceptance of another supplier's offer waits here, then is refused.
        let claimed = match row.rfq_id {
            Some(rfq) => claim_rfq(&mut tx, rfq).await?,
            None => true,
        };
        let taken = claimed
            && sqlx::query("UPDATE quotes SET status = 'accepted' WHERE id = $1 AND status = 'open'")
                .bind(quote)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
        if !taken {
            // Accepted by a colleague a moment ago, closed meanwhile, or its RFQ awarded.
            drop(tx);
            if let Some(order) = order_of(&state.db, quote).await? {
                return Ok((order, Vec::new()));
            }
            if let Some(rfq) = row.rfq_id
                && let Some(closed) = closed_rfq(state.db.pool(), rfq, false).await?
            {
                return Err(closed);
            }
            return Err(AppError::Conflict("The offer changed meanwhile: reload the conversation.".into()));
        }
        if draft.method == PaymentMethod::BankTransfer {
            crate::server::orders::ensure_room_for_unpaid(&mut tx, buyer, 1, "").await?;
        }
        let written = checkout::write_order(&mut tx, checkout_id, user, buyer, &draft, OrderStatus::Confirmed).await?;
        sqlx::query("UPDATE quotes SET order_id = $1 WHERE id = $2")
            .bind(written.id)
            .bind(quote)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE threads SET order_id = $1 WHERE id = $2")
            .bind(written.id)
            .bind(thread)
            .execute(&mut *tx)
            .await?;
        let number: i64 =
            sqlx::query_scalar("SELECT number FROM orders WHERE id = $1").bind(written.id).fetch_one(&mut *tx).await?;
        let body = format!("Accepted version {}: order {} is confirmed.", latest.version, order_number(number));
        messages::post(&mut tx, thread, Some(user), Some((buyer, side)), &body, None).await?;
        let passed_over = match row.rfq_id {
            Some(rfq) => decline_others(&mut tx, rfq, thread).await?,
            None => Vec::new(),
        };
        let totals = [(written.id, written.total)];
        attempts::capture(&mut tx, checkout_id, buyer, state.payments.name(), &paid, &totals).await?;
        crate::server::orders::notify_new_order(&mut tx, &state.config.public_url(), written.id).await?;
        tx.commit().await?;
        Ok((written.id, passed_over))
    };
    let (order, passed_over) = attempts::settle_or_give_back(state, &paid, write).await?;
    for thread in std::iter::once(thread).chain(passed_over) {
        state.live.notify(thread);
    }
    Ok(order)
}

#[derive(sqlx::FromRow)]
struct ShippedVariant {
    sku: String,
    weight_grams: i64,
}

/// Marks an RFQ awarded, if it is neither awarded nor cancelled yet: answers whether it was.
async fn claim_rfq(tx: &mut Transaction<'static, Any>, rfq: RfqId) -> Result<bool, AppError> {
    let awarded = sqlx::query("UPDATE rfqs SET awarded_at = $1 WHERE id = $2 AND awarded_at IS NULL AND cancelled = 0")
        .bind(now())
        .bind(rfq)
        .execute(&mut **tx)
        .await?;
    Ok(awarded.rows_affected() == 1)
}

/// Closes the other suppliers' open offers on an RFQ awarded to `winner`, telling each
/// thread. Returns those threads.
async fn decline_others(
    tx: &mut Transaction<'static, Any>,
    rfq: RfqId,
    winner: ThreadId,
) -> Result<Vec<ThreadId>, AppError> {
    let open: Vec<OpenVersion> = sqlx::query_as(
        "SELECT q.id, q.thread_id, q.version FROM quotes q JOIN threads t ON t.id = q.thread_id \
         WHERE t.rfq_id = $1 AND t.id <> $2 AND q.status = 'open'",
    )
    .bind(rfq)
    .bind(winner)
    .fetch_all(&mut **tx)
    .await?;
    let mut threads = Vec::with_capacity(open.len());
    for OpenVersion { id, thread_id, version } in open {
        sqlx::query("UPDATE quotes SET status = $1 WHERE id = $2")
            .bind(QuoteStatus::Declined.as_str())
            .bind(id)
            .execute(&mut **tx)
            .await?;
        let note =
            format!("The buyer accepted another supplier's offer for this request: version {version} is closed.");
        messages::post(tx, thread_id, None, None, &note, None).await?;
        threads.push(thread_id);
    }
    Ok(threads)
}
