//! Stripe's webhook: the signature is checked (`Stripe-Signature`, within a tolerance of its
//! timestamp), each event is handled once (its id is stored before it is handled), and events
//! Caravan does not act on are acknowledged and ignored. It acts on payment intents that
//! succeed or fail (a 3-D Secure check finished: the checkout is placed even when the buyer's
//! browser never comes back), refunds made at Stripe, chargebacks, and connected accounts
//! that became able (or unable) to receive payouts. It sits above the payment, checkout and
//! payout services it drives.

mod external;

use crate::domain::{QuoteId, UserId};
use crate::error::{AppError, OrInternal};
use crate::model::checkout::OrderForm;
use crate::server::payments::attempts;
use crate::server::payouts;
use crate::server::quotes::{AcceptForm, QUOTE_KEY_PREFIX};
use crate::server::{AppState, now};
use crate::server::{accounts, checkout, quotes};
use external::Chargeback;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

/// How old a signed event may be: a replayed old request is refused.
pub const TOLERANCE_SECS: i64 = 300;

/// Why a webhook request was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Rejected {
    #[error("the Stripe-Signature header is missing or malformed")]
    Malformed,
    #[error("no signature matches")]
    BadSignature,
    #[error("the signature is too old or from the future")]
    OutsideTolerance,
}

/// Checks `header` (`t=…,v1=…[,v1=…]`) for `payload` with the endpoint's secret at `at`.
pub fn verify(payload: &[u8], header: &str, secret: &str, at: i64) -> Result<(), Rejected> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", signature)) => signatures.extend(hex::decode(signature).ok()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(Rejected::Malformed)?;
    if signatures.is_empty() {
        return Err(Rejected::Malformed);
    }
    let matches = signatures.iter().any(|signature| {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else { return false };
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(payload);
        mac.verify_slice(signature).is_ok()
    });
    if !matches {
        return Err(Rejected::BadSignature);
    }
    if (at - timestamp).abs() > TOLERANCE_SECS {
        return Err(Rejected::OutsideTolerance);
    }
    Ok(())
}

/// The header Stripe would send for `payload` at `timestamp` (tests sign their events so).
pub fn sign(payload: &[u8], secret: &str, timestamp: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    format!("t={timestamp},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Handles a verified event once: its id is stored first, so a replay (or the same event
/// delivered twice at once) finds it and does nothing; an event whose handling fails is
/// forgotten again, so Stripe's retry handles it. Answers whether it was new.
pub async fn handle(state: &AppState, event: &Value) -> Result<bool, AppError> {
    let (Some(id), Some(kind)) = (event["id"].as_str(), event["type"].as_str()) else {
        return Err(AppError::BadRequest("an event needs an id and a type".into()));
    };
    let stored = sqlx::query(
        "INSERT INTO provider_events (provider, id, kind, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(state.payments.name())
    .bind(id)
    .bind(kind)
    .bind(now())
    .execute(state.db.pool())
    .await?;
    if stored.rows_affected() == 0 {
        return Ok(false);
    }
    let object = &event["data"]["object"];
    let handled = match (kind, object["id"].as_str()) {
        ("payment_intent.succeeded", Some(intent)) => match attempts::provider_says(state, intent, true).await {
            Ok(()) => place_paid(state, intent).await,
            Err(e) => Err(e),
        },
        ("payment_intent.payment_failed" | "payment_intent.canceled", Some(intent)) => {
            attempts::provider_says(state, intent, false).await
        }
        ("charge.refunded", _) => match (object["payment_intent"].as_str(), object["amount_refunded"].as_i64()) {
            (Some(intent), Some(total)) => external::refunded(state, intent, total).await,
            _ => Ok(()),
        },
        (kind @ ("charge.dispute.created" | "charge.dispute.closed"), _) => {
            match (object["payment_intent"].as_str(), object["amount"].as_i64()) {
                (Some(intent), Some(amount)) => {
                    let step = match (kind, object["status"].as_str()) {
                        ("charge.dispute.created", _) => {
                            Chargeback::Opened { reason: object["reason"].as_str().unwrap_or("general").to_string() }
                        }
                        (_, Some("lost")) => Chargeback::Lost,
                        _ => Chargeback::Won,
                    };
                    external::chargeback(state, intent, amount, step).await
                }
                _ => Ok(()),
            }
        }
        ("account.updated", Some(account)) => payouts::connect::refresh(state, account).await.map(|_| ()),
        _ => Ok(()),
    };
    if let Err(e) = handled {
        sqlx::query("DELETE FROM provider_events WHERE provider = $1 AND id = $2")
            .bind(state.payments.name())
            .bind(id)
            .execute(state.db.pool())
            .await?;
        return Err(e);
    }
    Ok(true)
}

/// A buyer authenticated a payment at their bank but their browser never came back (a tab
/// closed): the provider's word that it succeeded places the checkout, or accepts the quote,
/// with the form they sent, exactly as the browser's return would (once, by its key). One
/// that can no longer be placed (the cart changed meanwhile) leaves the payment to the
/// sweep, which gives it back.
async fn place_paid(state: &AppState, intent: &str) -> Result<(), AppError> {
    let kept: Option<(UserId, String, String)> = sqlx::query_as(
        "SELECT user_id, checkout_key, checkout_form FROM card_payments WHERE provider = $1 AND intent = $2 \
         AND state = 'succeeded' AND checkout_form IS NOT NULL",
    )
    .bind(state.payments.name())
    .bind(intent)
    .fetch_optional(state.db.pool())
    .await?;
    let Some((user, key, form)) = kept else { return Ok(()) };
    let Some(accounts::SessionLoad { user, .. }) = accounts::load_session_user(&state.db, user).await? else {
        return Ok(());
    };
    let placed = match key.strip_prefix(QUOTE_KEY_PREFIX).map(str::parse::<QuoteId>) {
        Some(Ok(quote)) => {
            let form: AcceptForm = serde_json::from_str(&form).or_internal()?;
            quotes::accept(state, &user, quote, &form).await.map(|_| ())
        }
        Some(Err(_)) => Err(AppError::internal(format_args!("checkout key {key}"))),
        None => {
            let Some(buyer) = user.company.as_ref().filter(|m| m.kind.buys()).map(|m| m.company_id) else {
                return Ok(());
            };
            let form: OrderForm = serde_json::from_str(&form).or_internal()?;
            checkout::place(state, &user, buyer, &form).await.map(|_| ())
        }
    };
    if let Err(e) = placed {
        tracing::warn!(intent, error = ?e, "a payment authenticated without the browser's return placed nothing; the sweep gives it back");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_checked_within_the_tolerance() {
        let payload = br#"{"id":"evt_1"}"#;
        let header = sign(payload, "whsec_test", 1_000);
        assert_eq!(verify(payload, &header, "whsec_test", 1_000), Ok(()));
        assert_eq!(verify(payload, &header, "whsec_test", 1_000 + TOLERANCE_SECS), Ok(()));
        assert_eq!(verify(payload, &header, "whsec_test", 1_001 + TOLERANCE_SECS), Err(Rejected::OutsideTolerance));
        assert_eq!(verify(payload, &header, "whsec_other", 1_000), Err(Rejected::BadSignature));
        assert_eq!(verify(br#"{"id":"evt_2"}"#, &header, "whsec_test", 1_000), Err(Rejected::BadSignature));
        assert_eq!(verify(payload, "v1=00", "whsec_test", 1_000), Err(Rejected::Malformed));
        assert_eq!(verify(payload, "t=1000", "whsec_test", 1_000), Err(Rejected::Malformed));
        // A rotated secret: Stripe sends one signature per secret.
        let both = format!("{header},v1={}", "ab".repeat(32));
        assert_eq!(verify(payload, &both, "whsec_test", 1_000), Ok(()));
    }
}
