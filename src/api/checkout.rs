//! Checkout: one order per supplier from the cart, shipping quoted from each supplier's
//! rates to the chosen address, and payment by card (held until receipt), bank transfer or
//! net terms. Placing is idempotent: the page carries a key, and a repeated submission gets
//! the orders the first one placed.
// Server functions take one argument per form field (so errors name the fields).
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
use crate::domain::links::with_notice;
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
use crate::domain::{AddressId, OrderId};
use crate::error::AppError;
pub use crate::model::checkout::*;
use leptos::prelude::*;
use std::collections::HashMap;

#[server(endpoint = "checkout", input = server_fn::codec::GetUrl)]
pub async fn get_checkout(#[server(default)] ship_to: Option<AddressId>) -> Result<CheckoutView, AppError> {
    use crate::server::{checkout, state};
    let state = state()?;
    let (user, company) = crate::api::addresses::buying_company(&state).await?;
    checkout::view(&state, &user, company, ship_to).await
}

#[server(endpoint = "checkout/place")]
pub async fn place_order(
    idempotency_key: String,
    #[server(default)] ship_to: String,
    #[server(default)] bill_to: String,
    #[server(default)] payment: String,
    #[server(default)] card_number: String,
    #[server(default)] card_expiry: String,
    #[server(default)] card_cvc: String,
    #[server(default)] card_token: String,
    #[server(default)] po: HashMap<String, String>,
    #[server(default)] note: HashMap<String, String>,
) -> Result<Vec<OrderId>, AppError> {
    use crate::server::{checkout, state};
    let state = state()?;
    let (user, company) = crate::api::addresses::buying_company(&state).await?;
    let user = crate::server::auth::require_confirmed(user)?;
    let order = OrderForm {
        idempotency_key,
        ship_to,
        bill_to,
        payment,
        card_number,
        card_expiry,
        card_cvc,
        card_token,
        po,
        note,
    };
    let placed = checkout::place(&state, &user, company, &order).await?;
    crate::server::request::redirect(&with_notice(&format!("/orders?placed={}", placed.checkout), Notice::OrderPlaced));
    Ok(placed.orders)
}
