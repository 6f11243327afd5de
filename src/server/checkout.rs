//! Placing orders from the cart: everything is priced again here, and one transaction
//! reserves stock (conditional decrements, never below zero), writes the orders, their lines,
//! timelines, proforma invoices, the card payment and its ledger entries, and empties the
//! cart — or writes nothing. A declined card rolls it all back.

use super::db::{Db, is_unique_violation};
use super::orders::{Party, next_number, notify_new_order, platform_setting};
use super::payments::{ChargeRequest, Charged, PaymentSource};
use super::{AppState, addresses, cart, ledger, now, selling};
use crate::api::checkout::{CheckoutView, OrderForm, OrderQuote};
use crate::api::session::SessionUser;
use crate::domain::address::PostalAddress;
use crate::domain::ledger::Entry;
use crate::domain::order::{InvoiceKind, PaymentMethod, initial_payment};
use crate::domain::payment::read_card;
use crate::domain::shipping;
use crate::domain::{AddressId, CompanyId, Currency, Money, OrderId};
use crate::error::{AppError, Invalid};
use sqlx::{Any, Transaction};

/// The checkout page: the cart priced now, and each supplier's order quoted to `ship_to`
/// (or the first address in the book).
pub async fn view(state: &AppState, buyer: CompanyId, ship_to: Option<AddressId>) -> Result<CheckoutView, AppError> {
    let cart = cart::view(state).await?;
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
    Ok(CheckoutView { cart, addresses, ship_to: chosen, quotes, idempotency_key: uuid::Uuid::new_v4().to_string() })
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
            .bind(user.id.get())
            .bind(key)
            .fetch_optional(db.pool())
            .await?;
    let Some(checkout) = checkout else { return Ok(None) };
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM orders WHERE checkout_id = $1 ORDER BY id")
        .bind(checkout)
        .fetch_all(db.pool())
        .await?;
    let orders =
        ids.into_iter().map(|id| OrderId::new(id).map_err(|_| AppError::Internal)).collect::<Result<_, _>>()?;
    Ok(Some(Placed { checkout, orders }))
}

fn card_invalid(fields: Vec<crate::error::FieldError>, form: &OrderForm) -> AppError {
    // The card number and code are never sent back into the page.
    AppError::Invalid(Invalid {
        fields,
        echo: vec![("payment".into(), form.payment.clone()), ("card_expiry".into(), form.card_expiry.clone())],
    })
}

/// One supplier's order as it is about to be written.
struct Draft<'a> {
    quote: &'a OrderQuote,
    lines: &'a [crate::api::cart::CartLine],
    total: Money,
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
        // (and so emptied the cart this submission found empty): answer with those.
        Err(error) => placed_before(&state.db, user, key).await?.ok_or(error),
    }
}

async fn place_once(
    state: &AppState,
    user: &SessionUser,
    buyer: CompanyId,
    form: &OrderForm,
    key: &str,
) -> Result<Placed, AppError> {
    let method = form.method().ok_or_else(|| AppError::field("payment", "Choose how to pay."))?;
    let address = |text: &str| -> Result<AddressId, AppError> {
        text.parse().map_err(|_| AppError::field("ship_to", "Choose a delivery address."))
    };
    let ship_to_id = address(&form.ship_to)?;
    let ship_to = addresses::find(&state.db, buyer, ship_to_id)
        .await
        .map_err(|_| AppError::field("ship_to", "Choose a delivery address."))?
        .address;
    let bill_to = match form.bill_to.trim() {
        "" => ship_to.clone(),
        id => {
            let id = id.parse().map_err(|_| AppError::field("bill_to", "Choose a billing address."))?;
            addresses::find(&state.db, buyer, id)
                .await
                .map_err(|_| AppError::field("bill_to", "Choose a billing address."))?
                .address
        }
    };
    let card = match method {
        PaymentMethod::Escrow => {
            let (year, month, _) = crate::domain::date::civil_date(now());
            let today = (year as u32, month);
            Some(
                read_card(&form.card_number, &form.card_expiry, &form.card_cvc, today)
                    .map_err(|f| card_invalid(f, form))?,
            )
        }
        _ => None,
    };
    let checkout = view(state, buyer, Some(ship_to_id)).await?;
    if checkout.cart.suppliers.is_empty() {
        return Err(AppError::form("Your cart is empty."));
    }
    if !checkout.cart.ready() {
        return Err(AppError::Conflict(
            "Your cart changed since you opened checkout (a price, stock or listing). Review it, then place the order."
                .into(),
        ));
    }
    if method == PaymentMethod::OnAccount && !checkout.on_account_offered() {
        return Err(AppError::field("payment", "Not every supplier in your cart has granted your company terms."));
    }
    let mut drafts = Vec::with_capacity(checkout.quotes.len());
    for (quote, supplier) in checkout.quotes.iter().zip(&checkout.cart.suppliers) {
        let total = match (&quote.shipping, quote.total()) {
            (Ok(_), Some(total)) => total,
            (Err(why), _) => return Err(AppError::field("ship_to", format!("{}: {why}", quote.supplier_name))),
            _ => return Err(AppError::Internal),
        };
        drafts.push(Draft { quote, lines: &supplier.group.lines, total });
    }
    let commission_bps: u32 = platform_setting(&state.db, "commission_bps").await?.parse().unwrap_or(0);
    let buyer_party = Party::of_company(state.db.pool(), buyer, Some(&bill_to)).await?;

    let mut tx = state.db.begin_write().await?;
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO checkouts (user_id, buyer_id, idempotency_key, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user.id.get())
    .bind(buyer.get())
    .bind(key)
    .bind(now())
    .fetch_one(&mut *tx)
    .await;
    let checkout_id = match inserted {
        Ok(id) => id,
        // The same form submitted twice at once: the other submission placed it.
        Err(e) if is_unique_violation(&e) => {
            drop(tx);
            return placed_before(&state.db, user, key).await?.ok_or(AppError::Internal);
        }
        Err(e) => return Err(e.into()),
    };
    let mut orders: Vec<(OrderId, Currency, Money, CompanyId)> = Vec::with_capacity(drafts.len());
    for draft in &drafts {
        let id = write_order(
            &mut tx,
            checkout_id,
            user,
            buyer,
            &buyer_party,
            draft,
            method,
            commission_bps,
            &ship_to,
            &bill_to,
            form,
        )
        .await?;
        orders.push((id, draft.quote.currency, draft.total, draft.quote.supplier));
    }
    let mut charges: Vec<(Charged, Money)> = Vec::new();
    if let Some(card) = card {
        let mut currencies: Vec<Currency> = orders.iter().map(|o| o.1).collect();
        currencies.dedup();
        for currency in currencies {
            let minor: i64 = orders.iter().filter(|o| o.1 == currency).map(|o| o.2.minor()).sum();
            let amount = Money::from_minor(minor, currency);
            let request = ChargeRequest {
                amount,
                source: PaymentSource::Card(card.clone()),
                idempotency_key: format!("{key}-{}", currency.code()),
                description: format!("Caravan checkout {checkout_id}"),
            };
            let charged = match state.payments.charge(&request).await {
                Ok(charged) => charged,
                Err(declined) => {
                    drop(tx);
                    refund_all(state, &charges).await;
                    return Err(card_invalid(
                        vec![crate::error::FieldError { field: "card_number".into(), message: declined.to_string() }],
                        form,
                    ));
                }
            };
            sqlx::query(
                "INSERT INTO payments (checkout_id, provider, reference, currency, amount, card_summary, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(checkout_id)
            .bind(state.payments.name())
            .bind(&charged.reference)
            .bind(currency.code())
            .bind(amount.minor())
            .bind(&charged.card_summary)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            for (order, _, total, _) in orders.iter().filter(|o| o.1 == currency) {
                let entry = Entry::capture(*order, buyer, *total).map_err(|_| AppError::Internal)?;
                ledger::record(&mut tx, Some(*order), "Card payment held in escrow", &entry).await?;
            }
            charges.push((charged, amount));
        }
    }
    sqlx::query("DELETE FROM cart_lines WHERE user_id = $1").bind(user.id.get()).execute(&mut *tx).await?;
    for (order, ..) in &orders {
        notify_new_order(&mut tx, &state.config.public_url(), *order).await?;
    }
    if let Err(e) = tx.commit().await {
        refund_all(state, &charges).await;
        return Err(e.into());
    }
    Ok(Placed { checkout: checkout_id, orders: orders.into_iter().map(|o| o.0).collect() })
}

/// Gives back card charges of a checkout that did not happen.
async fn refund_all(state: &AppState, charges: &[(Charged, Money)]) {
    for (charged, amount) in charges {
        if let Err(e) = state.payments.refund(&charged.reference, *amount).await {
            tracing::error!(reference = %charged.reference, error = %e, "refund of an abandoned checkout failed");
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn write_order(
    tx: &mut Transaction<'static, Any>,
    checkout_id: i64,
    user: &SessionUser,
    buyer: CompanyId,
    buyer_party: &Party,
    draft: &Draft<'_>,
    method: PaymentMethod,
    commission_bps: u32,
    ship_to: &PostalAddress,
    bill_to: &PostalAddress,
    form: &OrderForm,
) -> Result<OrderId, AppError> {
    let quote = draft.quote;
    let supplier = quote.supplier;
    for line in draft.lines {
        let taken = sqlx::query("UPDATE product_variants SET stock = stock - $1 WHERE id = $2 AND stock >= $1")
            .bind(line.quantity as i64)
            .bind(line.variant.get())
            .execute(&mut **tx)
            .await?;
        if taken.rows_affected() == 0 {
            return Err(AppError::Conflict(format!(
                "{} sold out before your order went through: nothing was ordered or charged. Review your cart.",
                line.title
            )));
        }
    }
    let net_days = match (method, quote.on_account) {
        (PaymentMethod::OnAccount, Some((days, _))) => {
            let (_, limit) = selling::credit_terms(&mut **tx, supplier, buyer).await?.ok_or_else(|| {
                AppError::field("payment", format!("{} no longer grants your company terms.", quote.supplier_name))
            })?;
            let used = selling::credit_used(&mut **tx, supplier, buyer).await?;
            if used.saturating_add(draft.total.minor()) > limit.minor() {
                return Err(AppError::field(
                    "payment",
                    format!(
                        "This order would take you past your credit limit with {} ({} available). Pay by card or transfer instead.",
                        quote.supplier_name,
                        Money::from_minor((limit.minor() - used).max(0), limit.currency())
                    ),
                ));
            }
            Some(i64::from(days))
        }
        _ => None,
    };
    let number = next_number(tx, supplier, "order").await?;
    let supplier_key = supplier.get().to_string();
    let field = |map: &std::collections::HashMap<String, String>, max: usize| {
        map.get(&supplier_key)
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
            .chars()
            .take(max)
            .collect::<String>()
    };
    let snapshot = |a: &PostalAddress| serde_json::to_string(a).map_err(|_| AppError::Internal);
    let shipping = quote.shipping.clone().map_err(|_| AppError::Internal)?;
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO orders (checkout_id, supplier_id, buyer_id, placed_by, number, status, payment_method, payment_status, \
         currency, subtotal, shipping, total, po_number, note, ship_to, bill_to, net_days, commission_bps, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'placed', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) RETURNING id",
    )
    .bind(checkout_id)
    .bind(supplier.get())
    .bind(buyer.get())
    .bind(user.id.get())
    .bind(number)
    .bind(method.as_str())
    .bind(initial_payment(method).as_str())
    .bind(quote.currency.code())
    .bind(quote.subtotal.minor())
    .bind(shipping.minor())
    .bind(draft.total.minor())
    .bind(field(&form.po, 40))
    .bind(field(&form.note, 500))
    .bind(snapshot(ship_to)?)
    .bind(snapshot(bill_to)?)
    .bind(net_days)
    .bind(i64::from(commission_bps))
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    let order = OrderId::new(id).map_err(|_| AppError::Internal)?;
    for (position, line) in draft.lines.iter().enumerate() {
        let priced = line.outcome.map_err(|_| AppError::Internal)?;
        let tier_from = match line.kind {
            crate::domain::cart::LineKind::Bulk => {
                line.terms.tier_at(line.quantity).and_then(|t| line.terms.tiers.get(t)).map(|t| t.min_quantity as i64)
            }
            crate::domain::cart::LineKind::Sample => None,
        };
        sqlx::query(
            "INSERT INTO order_lines (order_id, product_id, variant_id, kind, title, sku, variant_name, unit, quantity, \
             unit_price, tier_from, total, weight_grams, position) \
             VALUES ($1, (SELECT product_id FROM product_variants WHERE id = $2), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(id)
        .bind(line.variant.get())
        .bind(line.kind.as_str())
        .bind(&line.title)
        .bind(&line.sku)
        .bind(&line.variant_name)
        .bind(line.unit.as_str())
        .bind(line.quantity as i64)
        .bind(priced.unit.minor())
        .bind(tier_from)
        .bind(priced.total.minor())
        .bind(line.unit_weight_grams.saturating_mul(line.quantity) as i64)
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
    }
    super::orders::record_event(tx, order, crate::domain::order::Actor::Buyer, Some(user.id), "place", "placed", "")
        .await?;
    let seller = Party::of_company(&mut **tx, supplier, None).await?;
    super::orders::issue_invoice(tx, order, supplier, InvoiceKind::Proforma, None, &seller, buyer_party).await?;
    Ok(order)
}
