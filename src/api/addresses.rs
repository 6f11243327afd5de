//! The buying company's address book (shipping and billing addresses for checkout).
// Server functions take one argument per form field (so errors name the fields).
#![allow(clippy::too_many_arguments)]

use crate::domain::AddressId;
#[cfg(feature = "ssr")]
use crate::domain::links::with_notice;
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
use crate::error::AppError;
pub use crate::model::addresses::*;
use leptos::prelude::*;

/// The caller's company, when it buys: addresses belong to it.
#[cfg(feature = "ssr")]
pub(crate) async fn buying_company(
    state: &crate::server::AppState,
) -> Result<(crate::model::session::SessionUser, crate::domain::CompanyId), AppError> {
    let user = crate::server::auth::require_user(state).await?;
    match &user.company {
        Some(m) if m.kind.buys() => {
            let company = m.company_id;
            Ok((user, company))
        }
        _ => Err(AppError::Forbidden),
    }
}

#[server(endpoint = "addresses", input = server_fn::codec::GetUrl)]
pub async fn get_addresses() -> Result<Vec<SavedAddress>, AppError> {
    use crate::server::{addresses, state};
    let state = state()?;
    let (_, company) = buying_company(&state).await?;
    addresses::list(&state.db, company).await
}

/// Adds an address, then goes back to `back` (the address book or checkout).
#[server(endpoint = "addresses/add")]
pub async fn add_address(
    label: String,
    recipient: String,
    line1: String,
    #[server(default)] line2: String,
    city: String,
    #[server(default)] region: String,
    #[server(default)] postal_code: String,
    country: String,
    #[server(default)] phone: String,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    use crate::domain::address::AddressForm;
    use crate::server::{addresses, state};
    let form = AddressForm { label, recipient, line1, line2, city, region, postal_code, country, phone };
    let back = crate::domain::links::local_return_or(&back, "/account/addresses");
    let state = state()?;
    let (_, company) = buying_company(&state).await?;
    let id = addresses::add(&state.db, company, &form).await?;
    let sep = if back.contains('?') { '&' } else { '?' };
    crate::server::request::redirect(&with_notice(&format!("{back}{sep}address={id}"), Notice::AddressAdded));
    Ok(())
}

#[server(endpoint = "addresses/remove")]
pub async fn remove_address(address: AddressId) -> Result<(), AppError> {
    use crate::server::{addresses, state};
    let state = state()?;
    let (_, company) = buying_company(&state).await?;
    addresses::archive(&state.db, company, address).await?;
    crate::server::request::redirect(&with_notice("/account/addresses", Notice::AddressRemoved));
    Ok(())
}
