//! Paying a checkout by card: the card (or the provider's tokens) read from the form, one
//! payment per currency charged through `payments::attempts`, why a card could not pay, and
//! the form kept for the provider's word when the buyer's bank asks them to confirm.

use crate::domain::payment::{Card, read_card};
use crate::domain::{Currency, Money};
use crate::error::{AppError, FieldError, Invalid, OrInternal};
use crate::model::checkout::{CardElement, CardFields, OrderForm};
use crate::model::session::SessionUser;
use crate::server::payments::{PaymentSource, attempts};
use crate::server::{AppState, now};

/// The provider's card element for a page taking a card, when it collects the card itself.
pub fn card_element(state: &AppState) -> Option<CardElement> {
    state.payments.browser().map(|keys| CardElement { js_url: keys.js_url, publishable_key: keys.publishable_key })
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

/// A card checked against this month.
pub fn card_now(number: &str, expiry: &str, cvc: &str) -> Result<Card, Vec<FieldError>> {
    let (year, month, _) = crate::domain::date::civil_date(now());
    read_card(number, expiry, cvc, (year as u32, month))
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
pub(super) const PAYING_ELSEWHERE: &str =
    "This order is being paid in another tab or window: look at your orders in a moment.";

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
