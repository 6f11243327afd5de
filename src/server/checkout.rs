//! Placing orders from the cart: everything is priced again here; a card is charged first,
//! outside any transaction (`payments::attempts`); then one transaction reserves stock
//! (conditional decrements, never below zero), writes the orders, their lines, timelines,
//! proforma invoices, captures the card payment with its ledger entries, and empties the
//! cart — or writes nothing, and the card payment is given back.

use super::db::{Db, is_unique_violation, to_json};
use super::invoices::{Party, issue_invoice};
use super::orders::read::PLACED;
use super::orders::{next_number, notify_new_order, record_event};
use super::payments::{PaymentSource, attempts};
use super::{AppState, addresses, cart, now, selling};
use crate::domain::address::PostalAddress;
use crate::domain::cart::LineKind;
use crate::domain::order::{Action, Actor, InvoiceKind, OrderStatus, PaymentMethod, initial_payment};
use crate::domain::payment::{Card, read_card};
use crate::domain::product::Unit;
use crate::domain::shipping;
use crate::domain::{AddressId, CompanyId, Currency, Money, OrderId, QuoteId, VariantId};
use crate::error::{AppError, FieldError, Invalid, OrInternal};
use crate::model::cart::CartLine;
use crate::model::checkout::{CardElement, CardFields, CheckoutView, OrderForm, OrderQuote};
use crate::model::session::SessionUser;
use sqlx::{Any, Transaction};

/// The checkout page: the cart priced now, and each supplier's order quoted to `ship_to`
/// (or the first address in the book).
pub async fn view(
    state: &AppState,
    user: &SessionUser,
    buyer: CompanyId,
    ship_to: Option<AddressId>,
) -> Result<CheckoutView, AppError> {
    let cart = cart::view_of(state, cart::owner_of(Some(user))).await?;
    let addresses = addresses::list(&state.db, buyer).await?;
    let chosen = ship_to.filter(|id| addresses.iter().any(|a| a.id == *id)).or(addresses.first().map(|a| a.id));
    let destination = chosen.and_then(|id| addresses.iter().find(|a| a.id == id)).map(|a| a.address.country);
    let mut quotes = Vec::with_capacity(cart.suppliers.len());
    for supplier in &cart.suppliers {
        let group = &supplier.group;
        let grams: u64 = group.lines.iter().map(|l| l.unit_weight_grams.saturating_mul(l.quantity)).sum();
        let zones = selling::zones(&state.db, group.supplier).await?;
        let shipping = match destination {
            None => Err("Add a delivery address to see shipping.".to_string()),
            Some(country) => shipping::quote(&zones, country, group.subtotal, grams).map_err(|e| e.to_string()),
        };
        let on_account = match selling::credit_terms(state.db.pool(), group.supplier, buyer).await? {
            Some((days, limit)) if limit.currency() == group.currency => {
                let used = selling::credit_used(state.db.pool(), group.supplier, buyer).await?;
                Some((days, Money::from_minor((limit.minor() - used).max(0), group.currency)))
            }
            _ => None,
        };
        quotes.push(OrderQuote {
            supplier: group.supplier,
            supplier_name: supplier.name.clone(),
            currency: group.currency,
            subtotal: group.subtotal,
            shipping,
            on_account,
        });
    }
    Ok(CheckoutView {
        cart,
        addresses,
        ship_to: chosen,
        quotes,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        card_element: card_element(state),
    })
}

/// The provider's card element for a page taking a card, when it collects the card itself.
pub fn card_element(state: &AppState) -> Option<CardElement> {
    state.payments.browser().map(|keys| CardElement { js_url: keys.js_url, publishable_key: keys.publishable_key })
}

/// What a placed checkout answers: its id and its orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub checkout: i64,
    pub orders: Vec<OrderId>,
}

/// The checkout already placed with this key by this person, if any.
async fn placed_before(db: &Db, user: &SessionUser, key: &str) -> Result<Option<Placed>, AppError> {
    let checkout: Option<i64> =
        sqlx::query_scalar("SELECT id FROM checkouts WHERE user_id = $1 AND idempotency_key = $2")
            .bind(user.id)
            .bind(key)
            .fetch_optional(db.pool())
            .await?;
    let Some(checkout) = checkout else { return Ok(None) };
    let orders: Vec<OrderId> = sqlx::query_scalar("SELECT id FROM orders WHERE checkout_id = $1 ORDER BY id")
        .bind(checkout)
        .fetch_all(db.pool())
        .await?;
    Ok(Some(Placed { checkout, orders }))
}

pub async fn place(
    state: &AppState,
    user: &SessionUser,
    buyer: CompanyId,
    form: &OrderForm,
) -> Result<Placed, AppError> {
    let key = form.idempotency_key.trim();
    if key.is_empty() || key.len() > 100 {
        return Err(AppError::BadRequest("the order form is incomplete; reload the page".into()));
    }
    if let Some(placed) = placed_before(&state.db, user, key).await? {
        return Ok(placed);
    }
    match place_once(state, user, buyer, form, key).await {
        Ok(placed) => Ok(placed),
        // The same form, submitted at the same time, may have placed the orders meanwhile
        // (and so emptied the cart this submission found empty), or be paying for them now:
        // answer with those orders, waiting briefly for a payment under way.
        Err(not_placed) => {
            let paying = matches!(not_placed, NotPlaced::PayingElsewhere);
            for _ in 0..if paying { 40 } else { 1 } {
                if let Some(placed) = placed_before(&state.db, user, key).await? {
                    return Ok(placed);
                }
                if paying {
                    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
                }
            }
            Err(match not_placed {
                NotPlaced::PayingElsewhere => AppError::Conflict(PAYING_ELSEWHERE.into()),
                NotPlaced::Refused(error) => error,
            })
        }
    }
}

/// Why one try at placing a checkout placed nothing.
enum NotPlaced {
    /// Another submission of the same checkout is paying for it at this moment.
    PayingElsewhere,
    Refused(AppError),
}

impl From<AppError> for NotPlaced {
    fn from(error: AppError) -> Self {
        NotPlaced::Refused(error)
    }
}

async fn place_once(
    state: &AppState,
    user: &SessionUser,
    buyer: CompanyId,
    form: &OrderForm,
    key: &str,
) -> Result<Placed, NotPlaced> {
    let method = form.method().ok_or_else(|| AppError::field("payment", "Choose how to pay."))?;
    let (ship_to_id, ship_to, bill_to) = delivery(&state.db, buyer, &form.ship_to, &form.bill_to).await?;
    let checkout = view(state, user, buyer, Some(ship_to_id)).await?;
    let sources = match method {
        PaymentMethod::Escrow => Some(
            card_sources(state, &form.card_fields(), checkout.currencies().len())
                .map_err(|fields| CardRefusal::Invalid(fields).into_error(form))?,
        ),
        _ => None,
    };
    if checkout.cart.suppliers.is_empty() {
        return Err(AppError::form("Your cart is empty.").into());
    }
    if !checkout.cart.ready() {
        return Err(AppError::Conflict(
            "Your cart changed since you opened checkout (a price, stock or listing). Review it, then place the order."
                .into(),
        )
        .into());
    }
    if method == PaymentMethod::OnAccount && !checkout.on_account_offered() {
        return Err(
            AppError::field("payment", "Not every supplier in your cart has granted your company terms.").into()
        );
    }
    let mut drafts = Vec::with_capacity(checkout.quotes.len());
    for (quote, supplier) in checkout.quotes.iter().zip(&checkout.cart.suppliers) {
        let (shipping, total) = match (&quote.shipping, quote.total()) {
            (Ok(shipping), Some(total)) => (*shipping, total),
            (Err(why), _) => return Err(AppError::field("ship_to", format!("{}: {why}", quote.supplier_name)).into()),
            _ => return Err(AppError::internal(format_args!("{}'s order has no total", quote.supplier_name)).into()),
        };
        let supplier_key = quote.supplier.get().to_string();
        let field = |map: &std::collections::HashMap<String, String>, max: usize| {
            map.get(&supplier_key).map(|v| clean_field(v, max)).unwrap_or_default()
        };
        let lines = supplier.group.lines.iter().map(cart_line).collect::<Result<Vec<_>, _>>()?;
        drafts.push(NewOrder {
            supplier: quote.supplier,
            supplier_name: quote.supplier_name.clone(),
            currency: quote.currency,
            subtotal: quote.subtotal,
            shipping,
            total,
            method,
            net_days: None,
            lead_days: None,
            quote: None,
            po: field(&form.po, 40),
            note: field(&form.note, 500),
            ship_to: ship_to.clone(),
            bill_to: bill_to.clone(),
            lines,
        });
    }
    let on_account: Vec<Option<(u32, Money)>> = checkout.quotes.iter().map(|q| q.on_account).collect();
    // The card is charged before anything is written, outside any transaction; the orders
    // are then written in one that captures the payment, or the payment is given back.
    let paid = match sources {
        Some(sources) => {
            let totals: Vec<Money> = drafts.iter().map(|d| d.total).collect();
            match pay_by_card(state, user, key, sources, &totals).await {
                Ok(paid) => paid,
                Err(CardRefusal::Refused(attempts::Refusal::InProgress)) => return Err(NotPlaced::PayingElsewhere),
                Err(refusal @ CardRefusal::Refused(attempts::Refusal::RequiresAction { .. })) => {
                    let kept = OrderForm {
                        card_number: String::new(),
                        card_expiry: String::new(),
                        card_cvc: String::new(),
                        ..form.clone()
                    };
                    keep_for_provider(state, user, key, &kept).await?;
                    return Err(refusal.into_error(form).into());
                }
                Err(refusal) => return Err(refusal.into_error(form).into()),
            }
        }
        None => Vec::new(),
    };
    let write = async {
        let mut tx = state.db.begin_write().await?;
        let checkout_id = match open_checkout(&mut tx, user, buyer, key).await? {
            Some(id) => id,
            // The same form submitted twice at once: the other submission placed it.
            None => {
                drop(tx);
                return placed_before(&state.db, user, key)
                    .await?
                    .ok_or_else(|| AppError::internal(format_args!("checkout {key} taken but not found")));
            }
        };
        if method == PaymentMethod::BankTransfer {
            super::orders::ensure_room_for_unpaid(&mut tx, buyer, drafts.len(), "payment").await?;
        }
        let mut orders = Vec::with_capacity(drafts.len());
        for (draft, offered) in drafts.iter_mut().zip(on_account) {
            if method == PaymentMethod::OnAccount {
                draft.net_days = Some(within_credit(&mut tx, buyer, draft, offered).await?);
            }
            orders.push(write_order(&mut tx, checkout_id, user, buyer, draft, OrderStatus::Placed).await?);
        }
        let totals: Vec<(OrderId, Money)> = orders.iter().map(|o| (o.id, o.total)).collect();
        attempts::capture(&mut tx, checkout_id, buyer, state.payments.name(), &paid, &totals).await?;
        sqlx::query("DELETE FROM cart_lines WHERE user_id = $1").bind(user.id).execute(&mut *tx).await?;
        for order in &orders {
            notify_new_order(&mut tx, &state.config.public_url(), order.id).await?;
        }
        tx.commit().await?;
        Ok(Placed { checkout: checkout_id, orders: orders.into_iter().map(|o| o.id).collect() })
    };
    Ok(attempts::settle_or_give_back(state, &paid, write).await?)
}

/// Keeps the form of a checkout (or quote acceptance) whose payment waits for the buyer's
/// bank, its card fields blanked, so the provider's word that it succeeded can place it when
/// the buyer's browser does not come back (`provider_events`).
pub(crate) async fn keep_for_provider(
    state: &AppState,
    user: &SessionUser,
    key: &str,
    form: &impl serde::Serialize,
) -> Result<(), AppError> {
    // Only where the provider sends word of its own (the sandbox sends none).
    if state.payments.browser().is_none() {
        return Ok(());
    }
    sqlx::query(
        "UPDATE card_payments SET checkout_form = $1 WHERE user_id = $2 AND checkout_key = $3 \
         AND state = 'requires_action'",
    )
    .bind(serde_json::to_string(form).or_internal()?)
    .bind(user.id)
    .bind(key)
    .execute(state.db.pool())
    .await?;
    Ok(())
}

/// The delivery address chosen from the company's book, and the billing one (the delivery
/// address when none is chosen).
pub async fn delivery(
    db: &Db,
    buyer: CompanyId,
    ship_to: &str,
    bill_to: &str,
) -> Result<(AddressId, PostalAddress, PostalAddress), AppError> {
    let ship_to_id: AddressId =
        ship_to.parse().map_err(|_| AppError::field("ship_to", "Choose a delivery address."))?;
    let ship_to = addresses::find(db, buyer, ship_to_id)
        .await
        .map_err(|_| AppError::field("ship_to", "Choose a delivery address."))?
        .address;
    let bill_to = match bill_to.trim() {
        "" => ship_to.clone(),
        id => {
            let id = id.parse().map_err(|_| AppError::field("bill_to", "Choose a billing address."))?;
            addresses::find(db, buyer, id)
                .await
                .map_err(|_| AppError::field("bill_to", "Choose a billing address."))?
                .address
        }
    };
    Ok((ship_to_id, ship_to, bill_to))
}

/// A card checked against this month.
pub fn card_now(number: &str, expiry: &str, cvc: &str) -> Result<Card, Vec<FieldError>> {
    let (year, month, _) = crate::domain::date::civil_date(now());
    read_card(number, expiry, cvc, (year as u32, month))
}

/// Whitespace folded, cut to `max` characters: PO numbers and notes.
pub fn clean_field(text: &str, max: usize) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(max).collect()
}

/// Records a checkout (a cart's placement, or a quote's acceptance) under its idempotency
/// key; `None` when that key was placed already.
pub async fn open_checkout(
    tx: &mut Transaction<'static, Any>,
    user: &SessionUser,
    buyer: CompanyId,
    key: &str,
) -> Result<Option<i64>, AppError> {
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO checkouts (user_id, buyer_id, idempotency_key, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user.id)
    .bind(buyer)
    .bind(key)
    .bind(now())
    .fetch_one(&mut **tx)
    .await;
    match inserted {
        Ok(id) => Ok(Some(id)),
        Err(e) if is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The net days of an on-account order that fits the buyer's credit with its supplier.
async fn within_credit(
    tx: &mut Transaction<'static, Any>,
    buyer: CompanyId,
    draft: &NewOrder,
    offered: Option<(u32, Money)>,
) -> Result<i64, AppError> {
    let no_terms =
        || AppError::field("payment", format!("{} no longer grants your company terms.", draft.supplier_name));
    offered.ok_or_else(no_terms)?;
    let (days, limit) = selling::lock_credit_terms(tx, draft.supplier, buyer).await?.ok_or_else(no_terms)?;
    let used = selling::credit_used(&mut **tx, draft.supplier, buyer).await?;
    if used.saturating_add(draft.total.minor()) > limit.minor() {
        return Err(AppError::field(
            "payment",
            format!(
                "This order would take you past your credit limit with {} ({} available). Pay by card or transfer instead.",
                draft.supplier_name,
                Money::from_minor((limit.minor() - used).max(0), limit.currency())
            ),
        ));
    }
    Ok(i64::from(days))
}

/// The card sources for a checkout paying `currencies` currencies: the typed card (the
/// sandbox), or the tokens the provider's element made in the browser, one per currency
/// (none when the form is sent again after the buyer's bank confirmed the payment).
pub fn card_sources(
    state: &AppState,
    card: &CardFields,
    currencies: usize,
) -> Result<Vec<Option<PaymentSource>>, Vec<FieldError>> {
    if state.payments.browser().is_none() {
        let card = card_now(card.number, card.expiry, card.cvc)?;
        return Ok(vec![Some(PaymentSource::Card(card)); currencies]);
    }
    let mut tokens = card.tokens.split(',').map(str::trim).filter(|t| !t.is_empty() && t.len() <= 255);
    Ok((0..currencies).map(|_| tokens.next().map(|t| PaymentSource::Token(t.to_string()))).collect())
}

/// Another submission of the same checkout is paying at this moment (a double click).
const PAYING_ELSEWHERE: &str = "This order is being paid in another tab or window: look at your orders in a moment.";

/// Why a card could not pay: what the page shows against the card.
pub enum CardRefusal {
    Invalid(Vec<FieldError>),
    Refused(attempts::Refusal),
}

impl CardRefusal {
    /// The error for a form: the card's problem against it, the typed card number and
    /// code never sent back, and the secret the provider's script completes an
    /// authentication with.
    pub fn into_error<F: CardForm>(self, form: &F) -> AppError {
        let mut echo = form.echo();
        let fields = match self {
            CardRefusal::Invalid(fields) => fields,
            CardRefusal::Refused(attempts::Refusal::Failed(error)) => {
                vec![FieldError { field: "card_number".into(), message: error.to_string() }]
            }
            CardRefusal::Refused(attempts::Refusal::InProgress) => return AppError::Conflict(PAYING_ELSEWHERE.into()),
            CardRefusal::Refused(attempts::Refusal::RequiresAction { client_secret }) => {
                echo.push(("card_action".into(), client_secret));
                let message = "Your bank asks you to confirm this payment: follow its steps, and the order is placed.";
                vec![FieldError { field: "card_number".into(), message: message.into() }]
            }
        };
        AppError::Invalid(Invalid { fields, echo })
    }
}

/// A form that pays by card: what it echoes back when the card is refused.
pub trait CardForm {
    fn echo(&self) -> Vec<(String, String)>;
}

impl CardForm for OrderForm {
    /// Everything but the card number and code, the submission's key among it: the form
    /// sent again after the buyer's bank confirmed the card takes the payment already made.
    fn echo(&self) -> Vec<(String, String)> {
        let mut echo = vec![
            ("idempotency_key".into(), self.idempotency_key.clone()),
            ("payment".into(), self.payment.clone()),
            ("card_expiry".into(), self.card_expiry.clone()),
            ("bill_to".into(), self.bill_to.clone()),
        ];
        echo.extend(self.po.iter().map(|(supplier, po)| (format!("po[{supplier}]"), po.clone())));
        echo.extend(self.note.iter().map(|(supplier, note)| (format!("note[{supplier}]"), note.clone())));
        echo
    }
}

/// Charges one payment per total's currency (the totals of a currency summed) under the
/// checkout's key.
pub async fn pay_by_card(
    state: &AppState,
    user: &SessionUser,
    key: &str,
    sources: Vec<Option<PaymentSource>>,
    totals: &[Money],
) -> Result<Vec<attempts::Paid>, CardRefusal> {
    let mut currencies: Vec<Currency> = totals.iter().map(|t| t.currency()).collect();
    currencies.sort_by_key(|c| c.code());
    currencies.dedup();
    let amounts: Vec<(Money, Option<PaymentSource>)> = currencies
        .into_iter()
        .zip(sources)
        .map(|(currency, source)| {
            let minor = totals.iter().filter(|t| t.currency() == currency).map(|t| t.minor()).sum();
            (Money::from_minor(minor, currency), source)
        })
        .collect();
    attempts::pay(state, user, key, &amounts).await.map_err(CardRefusal::Refused)
}

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

fn cart_line(line: &CartLine) -> Result<NewLine, AppError> {
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
    let commission_bps = i64::from(super::admin::commission_bps(&mut **tx).await?);
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
