//! The built-in provider: approves or declines by test card number and moves no real money.

use super::{BrowserKeys, ChargeRequest, Charged, IntentStatus, PaymentError, PaymentProvider, PaymentSource};
use crate::domain::Money;
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Test cards: every other number that passes the card checks is approved.
pub const DECLINED_CARD: &str = "4000000000000002";
pub const INSUFFICIENT_FUNDS_CARD: &str = "4000000000009995";

/// Like a real provider it answers a repeated idempotency key with the intent it created for
/// it, and forgets both after a day (Stripe's window), so a long-running demo server does not
/// keep every intent forever.
#[derive(Debug, Default)]
pub struct Sandbox {
    book: Mutex<Book>,
}

#[derive(Debug, Default)]
struct Book {
    intents: HashMap<String, Intent>,
    keys: HashMap<String, String>,
}

#[derive(Debug)]
struct Intent {
    at: Instant,
    amount: Money,
    /// `None` until confirmed.
    status: Option<IntentStatus>,
    refunded: i64,
    refund_keys: Vec<String>,
}

/// How long the sandbox remembers an intent.
const LIFETIME: Duration = Duration::from_secs(24 * 3600);

impl Sandbox {
    fn book(&self) -> MutexGuard<'_, Book> {
        let mut book = self.book.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        book.intents.retain(|_, intent| now.duration_since(intent.at) < LIFETIME);
        let Book { intents, keys } = &mut *book;
        keys.retain(|_, id| intents.contains_key(id));
        book
    }

    /// What was refunded of an intent so far (tests read it).
    pub fn refunded(&self, intent: &str) -> i64 {
        self.book().intents.get(intent).map_or(0, |i| i.refunded)
    }
}

#[async_trait]
impl PaymentProvider for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn moves_real_money(&self) -> bool {
        false
    }

    fn browser(&self) -> Option<BrowserKeys> {
        None
    }

    async fn create(&self, request: &ChargeRequest) -> Result<String, PaymentError> {
        let mut book = self.book();
        if let Some(id) = book.keys.get(&request.idempotency_key) {
            return Ok(id.clone());
        }
        let id = format!("sandbox_{}", uuid::Uuid::new_v4().simple());
        let intent =
            Intent { at: Instant::now(), amount: request.amount, status: None, refunded: 0, refund_keys: Vec::new() };
        book.intents.insert(id.clone(), intent);
        book.keys.insert(request.idempotency_key.clone(), id.clone());
        Ok(id)
    }

    async fn confirm(&self, intent: &str, source: &PaymentSource) -> Result<IntentStatus, PaymentError> {
        let PaymentSource::Card(card) = source else { return Err(PaymentError::Unsupported) };
        let mut book = self.book();
        let intent_row = book.intents.get_mut(intent).ok_or(PaymentError::NotCompleted)?;
        // A confirmed intent answers as it answered first.
        let status = intent_row.status.get_or_insert_with(|| match card.number.digits() {
            DECLINED_CARD => IntentStatus::Failed(PaymentError::Declined),
            INSUFFICIENT_FUNDS_CARD => IntentStatus::Failed(PaymentError::InsufficientFunds),
            _ => {
                IntentStatus::Succeeded(Charged { reference: intent.to_string(), card_summary: card.number.summary() })
            }
        });
        Ok(status.clone())
    }

    async fn status(&self, intent: &str) -> Result<IntentStatus, PaymentError> {
        let book = self.book();
        Ok(match book.intents.get(intent).and_then(|i| i.status.clone()) {
            Some(status) => status,
            None => IntentStatus::Failed(PaymentError::NotCompleted),
        })
    }

    async fn cancel(&self, intent: &str) -> Result<(), PaymentError> {
        if let Some(intent) = self.book().intents.get_mut(intent)
            && !matches!(intent.status, Some(IntentStatus::Succeeded(_)))
        {
            intent.status = Some(IntentStatus::Failed(PaymentError::NotCompleted));
        }
        Ok(())
    }

    async fn refund(&self, intent: &str, amount: Money, idempotency_key: &str) -> Result<(), PaymentError> {
        let mut book = self.book();
        let intent = book.intents.get_mut(intent).ok_or(PaymentError::Unsupported)?;
        if intent.refund_keys.iter().any(|k| k == idempotency_key) {
            return Ok(());
        }
        let succeeded = matches!(intent.status, Some(IntentStatus::Succeeded(_)));
        if !succeeded
            || amount.currency() != intent.amount.currency()
            || intent.refunded + amount.minor() > intent.amount.minor()
        {
            return Err(PaymentError::Unsupported);
        }
        intent.refunded += amount.minor();
        intent.refund_keys.push(idempotency_key.to_string());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;
    use crate::domain::payment::read_card;

    fn card(number: &str) -> PaymentSource {
        PaymentSource::Card(read_card(number, "12/40", "123", (2026, 1)).unwrap())
    }

    fn request(key: &str) -> ChargeRequest {
        ChargeRequest {
            amount: Money::from_minor(1_000, Currency::Usd),
            idempotency_key: key.into(),
            description: "test".into(),
        }
    }

    #[tokio::test]
    async fn the_sandbox_answers_by_test_card() {
        let sandbox = Sandbox::default();
        let intent = sandbox.create(&request("a")).await.unwrap();
        let IntentStatus::Succeeded(charged) = sandbox.confirm(&intent, &card("4242 4242 4242 4242")).await.unwrap()
        else {
            panic!("a good card is charged")
        };
        assert_eq!(charged, Charged { reference: intent.clone(), card_summary: "Visa ending 4242".into() });
        for (key, number, error) in [
            ("b", DECLINED_CARD, PaymentError::Declined),
            ("c", INSUFFICIENT_FUNDS_CARD, PaymentError::InsufficientFunds),
        ] {
            let other = sandbox.create(&request(key)).await.unwrap();
            assert_eq!(sandbox.confirm(&other, &card(number)).await, Ok(IntentStatus::Failed(error)));
        }
        let other = sandbox.create(&request("d")).await.unwrap();
        assert_eq!(sandbox.confirm(&other, &PaymentSource::Token("tok".into())).await, Err(PaymentError::Unsupported));
        assert_eq!(sandbox.status(&other).await, Ok(IntentStatus::Failed(PaymentError::NotCompleted)));
    }

    #[tokio::test]
    async fn a_key_names_one_intent_and_an_intent_answers_as_it_answered_first() {
        let sandbox = Sandbox::default();
        let intent = sandbox.create(&request("same")).await.unwrap();
        assert_eq!(sandbox.create(&request("same")).await.unwrap(), intent);
        let declined = sandbox.confirm(&intent, &card(DECLINED_CARD)).await.unwrap();
        assert_eq!(sandbox.confirm(&intent, &card("4242 4242 4242 4242")).await.unwrap(), declined);
        assert_eq!(sandbox.status(&intent).await.unwrap(), declined);
    }

    #[tokio::test]
    async fn refunds_are_once_per_key_and_never_more_than_was_paid() {
        let sandbox = Sandbox::default();
        let intent = sandbox.create(&request("r")).await.unwrap();
        let part = Money::from_minor(600, Currency::Usd);
        assert_eq!(sandbox.refund(&intent, part, "1").await, Err(PaymentError::Unsupported));
        sandbox.confirm(&intent, &card("4242 4242 4242 4242")).await.unwrap();
        sandbox.refund(&intent, part, "1").await.unwrap();
        sandbox.refund(&intent, part, "1").await.unwrap();
        assert_eq!(sandbox.refunded(&intent), 600);
        assert_eq!(sandbox.refund(&intent, part, "2").await, Err(PaymentError::Unsupported));
        assert_eq!(sandbox.cancel(&intent).await, Ok(()));
        assert!(matches!(sandbox.status(&intent).await, Ok(IntentStatus::Succeeded(_))));
    }
}
