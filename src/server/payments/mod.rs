//! Card payments behind one interface, in the shape hosted providers use: an intent to charge
//! an amount is created first (no money moves), then confirmed from the buyer's card, and may
//! ask the buyer to authenticate (3-D Secure) before it succeeds. The sandbox ships with
//! Caravan so the whole checkout runs locally with documented test cards; Stripe collects
//! the card in its own element in the browser, so no card number reaches Caravan.
//!
//! [`attempts`] keeps every provider call out of database transactions: an attempt is
//! recorded and committed before the provider hears of it, its outcome recorded after, and
//! a sweep settles attempts a crash left half-done.

pub mod attempts;
mod sandbox;
pub mod stripe;

pub use sandbox::{DECLINED_CARD, INSUFFICIENT_FUNDS_CARD, Sandbox};

use crate::domain::payment::Card;
use crate::domain::{CompanyId, Money};
use crate::server::config::Config;
use async_trait::async_trait;
use std::sync::Arc;

/// The provider the configuration names.
pub fn configured(config: &Config) -> Result<Arc<dyn PaymentProvider>, String> {
    match config.payments.trim() {
        "sandbox" => Ok(Arc::new(Sandbox::default())),
        "stripe" => Ok(Arc::new(stripe::Stripe::new(&config.stripe)?)),
        other => Err(format!("CARAVAN_PAYMENTS is `{other}`: choose sandbox or stripe")),
    }
}

/// How the buyer pays: card details (sandbox) or a hosted provider's token for them.
#[derive(Debug, Clone)]
pub enum PaymentSource {
    Card(Card),
    Token(String),
}

#[derive(Debug, Clone)]
pub struct ChargeRequest {
    pub amount: Money,
    /// The same key for a retried call: providers create one intent for it.
    pub idempotency_key: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charged {
    /// The provider's id for the payment (refunds name it).
    pub reference: String,
    /// "Visa ending 4242": what receipts show.
    pub card_summary: String,
}

/// Where an intent stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntentStatus {
    Succeeded(Charged),
    /// The buyer's bank wants them to authenticate: the browser's provider script completes
    /// it with this secret.
    RequiresAction {
        client_secret: String,
    },
    /// Declined, failed authentication, cancelled, or never confirmed.
    Failed(PaymentError),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    #[error("Your card was declined. Try another card or pay by bank transfer.")]
    Declined,
    #[error("Your card was declined for insufficient funds. Try another card or pay by bank transfer.")]
    InsufficientFunds,
    #[error("Your bank could not confirm it was you. Try again or use another card.")]
    AuthenticationFailed,
    #[error("This payment method cannot be used here.")]
    Unsupported,
    #[error("Enter your card in the card form (it needs JavaScript), or pay by bank transfer.")]
    CardMissing,
    #[error("The payment was not completed. Nothing was charged; please try again.")]
    NotCompleted,
    #[error("The payment service did not answer. Nothing was charged; please try again.")]
    Unavailable,
}

/// What the browser needs to collect a card through the provider's own script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserKeys {
    pub js_url: String,
    pub publishable_key: String,
}

#[async_trait]
pub trait PaymentProvider: std::fmt::Debug + Send + Sync {
    /// What payment records name the provider by.
    fn name(&self) -> &'static str;
    /// Whether charges move real money: pages say "test mode" when not, and a server in
    /// production mode refuses to start.
    fn moves_real_money(&self) -> bool;
    /// The provider's card element for the browser; `None` when Caravan's own card fields
    /// are used (the sandbox).
    fn browser(&self) -> Option<BrowserKeys>;
    /// Creates the intent to charge (no money moves) and answers its id.
    async fn create(&self, request: &ChargeRequest) -> Result<String, PaymentError>;
    /// Charges the intent from the buyer's card.
    async fn confirm(&self, intent: &str, source: &PaymentSource) -> Result<IntentStatus, PaymentError>;
    /// Where the intent stands now (after the buyer authenticated, or after a crash).
    async fn status(&self, intent: &str) -> Result<IntentStatus, PaymentError>;
    /// Cancels an intent that has not succeeded (an abandoned authentication).
    async fn cancel(&self, intent: &str) -> Result<(), PaymentError>;
    /// Gives back `amount` of a succeeded intent; the same key refunds once.
    async fn refund(&self, intent: &str, amount: Money, idempotency_key: &str) -> Result<(), PaymentError>;
    /// Paying suppliers through the provider, where it offers that and it is turned on.
    fn connect(&self) -> Option<&dyn Connect> {
        None
    }
}

/// Paying suppliers out through the provider (Stripe Connect): each supplier onboards an
/// account of its own at the provider's pages, and Caravan transfers what it owes there.
#[async_trait]
pub trait Connect: Send + Sync {
    /// Opens an account for the supplier (nothing can be sent to it before onboarding).
    async fn create_account(&self, email: &str, supplier: CompanyId) -> Result<String, PaymentError>;
    /// The provider's onboarding page for the account: the supplier comes back to
    /// `return_url` when done, or to `refresh_url` when the link has expired.
    async fn onboarding_link(&self, account: &str, return_url: &str, refresh_url: &str)
    -> Result<String, PaymentError>;
    /// Whether the account can receive transfers yet.
    async fn payouts_enabled(&self, account: &str) -> Result<bool, PaymentError>;
    /// Sends `amount` from the platform's balance to the account and answers the transfer's
    /// id; the same key transfers once.
    async fn transfer(
        &self,
        account: &str,
        amount: Money,
        idempotency_key: &str,
        description: &str,
    ) -> Result<String, PaymentError>;
}
