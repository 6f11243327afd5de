//! Checkout as the buyer sees it (orders per supplier, shipping quotes, payment choices) and
//! the form it posts.

use crate::domain::order::PaymentMethod;
use crate::domain::{AddressId, CompanyId, Currency, Money};
use crate::model::addresses::SavedAddress;
use crate::model::cart::CartView;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One supplier's part of the checkout, quoted to the chosen address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderQuote {
    pub supplier: CompanyId,
    pub supplier_name: String,
    pub currency: Currency,
    pub subtotal: Money,
    /// The supplier's shipping to the address, or why it cannot ship there.
    pub shipping: Result<Money, String>,
    /// Net terms this supplier grants the buyer: days, and the credit still available.
    pub on_account: Option<(u32, Money)>,
}

impl OrderQuote {
    pub fn total(&self) -> Option<Money> {
        self.shipping.as_ref().ok().and_then(|s| self.subtotal.checked_add(*s).ok())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutView {
    pub cart: CartView,
    pub addresses: Vec<SavedAddress>,
    pub ship_to: Option<AddressId>,
    pub quotes: Vec<OrderQuote>,
    /// A fresh key for this page's order form.
    pub idempotency_key: String,
    /// The payment provider's card element, when it collects the card itself.
    pub card_element: Option<CardElement>,
}

/// The payment provider's script and publishable key: the card is typed into its element and
/// goes to the provider, never to Caravan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardElement {
    pub js_url: String,
    pub publishable_key: String,
}

impl CheckoutView {
    /// Grand totals per currency (when every supplier ships to the address).
    pub fn totals(&self) -> Vec<Money> {
        let mut totals: Vec<Money> = Vec::new();
        for total in self.quotes.iter().filter_map(OrderQuote::total) {
            match totals.iter_mut().find(|t| t.currency() == total.currency()) {
                Some(sum) => *sum = sum.checked_add(total).unwrap_or(*sum),
                None => totals.push(total),
            }
        }
        totals
    }

    /// The currencies paid in: a card payment each.
    pub fn currencies(&self) -> Vec<Currency> {
        let mut currencies: Vec<Currency> = self.quotes.iter().map(|q| q.currency).collect();
        currencies.sort_by_key(|c| c.code());
        currencies.dedup();
        currencies
    }

    /// Net terms are offered when every supplier in the cart grants them.
    pub fn on_account_offered(&self) -> bool {
        !self.quotes.is_empty() && self.quotes.iter().all(|q| q.on_account.is_some())
    }
}

/// What the checkout form sends. Prices and totals are not part of it: the server prices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderForm {
    pub idempotency_key: String,
    pub ship_to: String,
    #[serde(default)]
    pub bill_to: String,
    pub payment: String,
    #[serde(default)]
    pub card_number: String,
    #[serde(default)]
    pub card_expiry: String,
    #[serde(default)]
    pub card_cvc: String,
    /// The provider's card tokens (one per currency), comma-separated, when its element
    /// collects the card.
    #[serde(default)]
    pub card_token: String,
    /// Purchase-order numbers and notes by supplier id.
    #[serde(default)]
    pub po: HashMap<String, String>,
    #[serde(default)]
    pub note: HashMap<String, String>,
}

impl OrderForm {
    pub fn method(&self) -> Option<PaymentMethod> {
        self.payment.parse().ok()
    }

    pub fn card_fields(&self) -> CardFields<'_> {
        CardFields {
            number: &self.card_number,
            expiry: &self.card_expiry,
            cvc: &self.card_cvc,
            tokens: &self.card_token,
        }
    }
}

/// A form's card: typed details, or the provider's tokens for them.
#[derive(Debug, Clone, Copy)]
pub struct CardFields<'a> {
    pub number: &'a str,
    pub expiry: &'a str,
    pub cvc: &'a str,
    pub tokens: &'a str,
}
