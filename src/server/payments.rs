//! Card payments behind one interface. The sandbox provider ships with Caravan so the whole
//! checkout runs locally with documented test cards; a hosted provider (Stripe or similar)
//! is another implementation of [`PaymentProvider`], paying from a token its own script
//! collected in the browser instead of card details.

use crate::domain::Money;
use crate::domain::payment::Card;
use async_trait::async_trait;
use std::time::{Duration, Instant};

/// How the buyer pays: card details (sandbox) or a hosted provider's token for them.
#[derive(Debug, Clone)]
pub enum PaymentSource {
    Card(Card),
    Token(String),
}

#[derive(Debug, Clone)]
pub struct ChargeRequest {
    pub amount: Money,
    pub source: PaymentSource,
    /// The same key for a retried charge: providers charge it once.
    pub idempotency_key: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charged {
    /// The provider's id for the charge (refunds name it).
    pub reference: String,
    /// "Visa ending 4242": what receipts show.
    pub card_summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    #[error("Your card was declined. Try another card or pay by bank transfer.")]
    Declined,
    #[error("Your card was declined for insufficient funds. Try another card or pay by bank transfer.")]
    InsufficientFunds,
    #[error("This payment method cannot be used here.")]
    Unsupported,
    #[error("The payment service did not answer. Nothing was charged; please try again.")]
    Unavailable,
}

#[async_trait]
pub trait PaymentProvider: std::fmt::Debug + Send + Sync {
    /// What payment records name the provider by.
    fn name(&self) -> &'static str;
    /// Whether charges move real money: pages say "test mode" when not, and a server in
    /// production mode refuses to start.
    fn moves_real_money(&self) -> bool;
    async fn charge(&self, request: &ChargeRequest) -> Result<Charged, PaymentError>;
    async fn refund(&self, reference: &str, amount: Money) -> Result<(), PaymentError>;
}

/// Test cards: every other number that passes the card checks is approved.
pub const DECLINED_CARD: &str = "4000000000000002";
pub const INSUFFICIENT_FUNDS_CARD: &str = "4000000000009995";

/// Approves or declines by card number, moves no real money. Like a real provider it
/// remembers each idempotency key's outcome for a day (Stripe's window): the same key gets
/// the same answer, and a long-running demo server does not keep every key forever.
#[derive(Debug, Default)]
pub struct Sandbox {
    outcomes: std::sync::Mutex<std::collections::HashMap<String, (Instant, Result<Charged, PaymentError>)>>,
}

/// How long the sandbox remembers an idempotency key.
const KEY_LIFETIME: Duration = Duration::from_secs(24 * 3600);

#[async_trait]
impl PaymentProvider for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn moves_real_money(&self) -> bool {
        false
    }

    async fn charge(&self, request: &ChargeRequest) -> Result<Charged, PaymentError> {
        let PaymentSource::Card(card) = &request.source else { return Err(PaymentError::Unsupported) };
        let mut outcomes = self.outcomes.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        outcomes.retain(|_, (at, _)| now.duration_since(*at) < KEY_LIFETIME);
        let (_, outcome) = outcomes.entry(request.idempotency_key.clone()).or_insert_with(|| {
            let outcome = match card.number.digits() {
                DECLINED_CARD => Err(PaymentError::Declined),
                INSUFFICIENT_FUNDS_CARD => Err(PaymentError::InsufficientFunds),
                _ => Ok(Charged {
                    reference: format!("sandbox_{}", uuid::Uuid::new_v4().simple()),
                    card_summary: card.number.summary(),
                }),
            };
            (now, outcome)
        });
        outcome.clone()
    }

    async fn refund(&self, _reference: &str, _amount: Money) -> Result<(), PaymentError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;
    use crate::domain::payment::read_card;

    fn request(number: &str) -> ChargeRequest {
        ChargeRequest {
            amount: Money::from_minor(1_000, Currency::Usd),
            source: PaymentSource::Card(read_card(number, "12/40", "123", (2026, 1)).unwrap()),
            idempotency_key: "k".into(),
            description: "test".into(),
        }
    }

    #[tokio::test]
    async fn the_sandbox_answers_by_test_card() {
        let sandbox = Sandbox::default();
        let charged = sandbox.charge(&request("4242 4242 4242 4242")).await.unwrap();
        assert!(charged.reference.starts_with("sandbox_"));
        assert_eq!(charged.card_summary, "Visa ending 4242");
        let other = |number: &str| ChargeRequest { idempotency_key: number.into(), ..request(number) };
        assert_eq!(sandbox.charge(&other(DECLINED_CARD)).await, Err(PaymentError::Declined));
        assert_eq!(sandbox.charge(&other(INSUFFICIENT_FUNDS_CARD)).await, Err(PaymentError::InsufficientFunds));
        let token = ChargeRequest { source: PaymentSource::Token("tok".into()), ..request(DECLINED_CARD) };
        assert_eq!(Sandbox::default().charge(&token).await, Err(PaymentError::Unsupported));
    }

    #[tokio::test]
    async fn the_sandbox_answers_a_key_as_it_answered_it_first() {
        let sandbox = Sandbox::default();
        let declined = ChargeRequest { idempotency_key: "same".into(), ..request(DECLINED_CARD) };
        assert_eq!(sandbox.charge(&declined).await, Err(PaymentError::Declined));
        let good = ChargeRequest { idempotency_key: "same".into(), ..request("4242 4242 4242 4242") };
        assert_eq!(sandbox.charge(&good).await, Err(PaymentError::Declined));
        let fresh = ChargeRequest { idempotency_key: "other".into(), ..request("4242 4242 4242 4242") };
        let first = sandbox.charge(&fresh).await.unwrap();
        assert_eq!(sandbox.charge(&fresh).await, Ok(first));
    }
}
