//! Placing orders from the cart: everything is priced again here; a card is charged first,
//! outside any transaction (`payments::attempts`); then one transaction reserves stock
//! (conditional decrements, never below zero), writes the orders, their lines, timelines,
//! proforma invoices, captures the card payment with its ledger entries, and empties the
//! cart — or writes nothing, and the card payment is given back.

use super::db::{Db, is_unique_violation};
use super::orders::notify_new_order;
use super::payments::attempts;
use super::{AppState, addresses, cart, now, selling};
use crate::domain::address::PostalAddress;
use crate::domain::order::{OrderStatus, PaymentMethod};
use crate::domain::shipping;
use crate::domain::{AddressId, CompanyId, Money, OrderId};
use crate::error::AppError;
use crate::model::checkout::{CheckoutView, OrderForm, OrderQuote};
use crate::model::session::SessionUser;
use sqlx::{Any, Transaction};

mod card;
mod write;

use card::PAYING_ELSEWHERE;
pub(crate) use card::keep_for_provider;
pub use card::{CardForm, CardRefusal, card_element, card_now, card_sources, pay_by_card};
use write::cart_line;
pub use write::{NewLine, NewOrder, Written, write_order};

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
