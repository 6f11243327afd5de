//! Quotes inside a thread: a supplier quotes, either side counters with a new version, the
//! other side agrees, declines or (the author) withdraws, and the buyer accepts a supplier's
//! version into an order.
// Server functions take one argument per form field (so errors name the fields).
#![allow(clippy::too_many_arguments)]

use crate::domain::form::FormValues;
#[cfg(feature = "ssr")]
use crate::domain::links::{self, with_notice};
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
use crate::domain::{QuoteId, ThreadId};
use crate::error::AppError;
use leptos::prelude::*;

/// A new version of the thread's quote: a supplier's first quote or either side's counter.
#[server(endpoint = "quotes/send")]
pub async fn send_quote(thread: ThreadId, #[server(default)] terms: FormValues) -> Result<(), AppError> {
    use crate::server::{auth, quotes, state};
    let state = state()?;
    let user = auth::require_confirmed_user(&state).await?;
    quotes::send(&state, &user, thread, &terms).await?;
    crate::server::request::redirect(&with_notice(&format!("{}#latest", links::thread(thread)), Notice::QuoteSent));
    Ok(())
}

/// A supplier agrees to the buyer's counter-offer: it comes back as the supplier's version,
/// for the buyer to accept.
#[server(endpoint = "quotes/agree")]
pub async fn agree_to_quote(quote: QuoteId) -> Result<(), AppError> {
    use crate::server::{auth, quotes, state};
    let state = state()?;
    let user = auth::require_confirmed_user(&state).await?;
    let thread = quotes::agree(&state, &user, quote).await?;
    crate::server::request::redirect(&with_notice(&format!("{}#latest", links::thread(thread)), Notice::QuoteSent));
    Ok(())
}

/// Declines (the other side) or withdraws (the author) a version.
#[server(endpoint = "quotes/close")]
pub async fn close_quote(quote: QuoteId, action: String) -> Result<(), AppError> {
    use crate::server::{auth, quotes, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    let action = action.parse().map_err(|_| AppError::BadRequest("unknown action".into()))?;
    let thread = quotes::close(&state, &user, quote, action).await?;
    crate::server::request::redirect(&format!("{}#latest", links::thread(thread)));
    Ok(())
}

/// The buyer accepts a supplier's version: one order with exactly its terms.
#[server(endpoint = "quotes/accept")]
pub async fn accept_quote(
    quote: QuoteId,
    #[server(default)] ship_to: String,
    #[server(default)] po_number: String,
    #[server(default)] card_number: String,
    #[server(default)] card_expiry: String,
    #[server(default)] card_cvc: String,
    #[server(default)] card_token: String,
) -> Result<(), AppError> {
    use crate::server::{auth, quotes, state};
    let state = state()?;
    let user = auth::require_confirmed_user(&state).await?;
    let form = quotes::AcceptForm { ship_to, po_number, card_number, card_expiry, card_cvc, card_token };
    let order = quotes::accept(&state, &user, quote, &form).await?;
    crate::server::request::redirect(&with_notice(&links::order(order), Notice::QuoteAccepted));
    Ok(())
}
