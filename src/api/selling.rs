//! A supplier's selling terms: shipping zones and rates, bank details for transfers, and net
//! terms granted to buyer companies.
// Server functions take one argument per form field (so errors name the fields).
#![allow(clippy::too_many_arguments)]

use crate::domain::CompanyId;
#[cfg(feature = "ssr")]
use crate::domain::links::with_notice;
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
use crate::error::AppError;
pub use crate::model::selling::*;
use leptos::prelude::*;

#[server(endpoint = "selling/settings", input = server_fn::codec::GetUrl)]
pub async fn get_selling_settings(company_id: CompanyId) -> Result<SellingSettings, AppError> {
    use crate::server::{auth, payouts, selling, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    Ok(SellingSettings {
        terms: selling::terms(&state.db, company_id).await?,
        credit: selling::credit_lines(&state.db, company_id).await?,
        payout_account: payouts::connect::payout_account(&state, company_id).await?,
    })
}

#[server(endpoint = "selling/zone/add")]
pub async fn add_shipping_zone(
    company_id: CompanyId,
    name: String,
    #[server(default)] countries: String,
    currency: String,
    #[server(default)] charge: String,
    #[server(default)] price: String,
    #[server(default)] bands: String,
    #[server(default)] free_above: String,
) -> Result<(), AppError> {
    use crate::domain::shipping::ZoneForm;
    use crate::server::{auth, selling, state};
    let zone = ZoneForm { name, countries, currency, charge, price, bands, free_above };
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    selling::add_zone(&state.db, company_id, &zone).await?;
    crate::server::request::redirect(&with_notice("/supplier/selling", Notice::ShippingSaved));
    Ok(())
}

#[server(endpoint = "selling/zone/remove")]
pub async fn remove_shipping_zone(company_id: CompanyId, index: usize) -> Result<(), AppError> {
    use crate::server::{auth, selling, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    selling::remove_zone(&state.db, company_id, index).await?;
    crate::server::request::redirect(&with_notice("/supplier/selling", Notice::ZoneRemoved));
    Ok(())
}

/// Changes the bank details printed on proforma invoices: owners only, with their password.
#[server(endpoint = "selling/bank")]
pub async fn save_bank_details(
    company_id: CompanyId,
    bank_details: String,
    #[server(default)] password: String,
) -> Result<(), AppError> {
    use crate::server::{auth, selling, state};
    let state = state()?;
    let (owner, membership) = auth::require_company_owner(&state, company_id).await?;
    if !membership.kind.sells() {
        return Err(AppError::Forbidden);
    }
    selling::save_bank_details(&state, &owner, company_id, &bank_details, &password)
        .await
        .map_err(|e| e.with_echo([("bank_details", bank_details.as_str())]))?;
    crate::server::request::redirect(&with_notice("/supplier/selling", Notice::BankDetailsSaved));
    Ok(())
}

/// Grants net terms to the buyer company whose address (slug) is `buyer`. Only owners may.
#[server(endpoint = "selling/credit/grant")]
pub async fn grant_credit(
    company_id: CompanyId,
    buyer: String,
    net_days: String,
    limit: String,
    currency: String,
) -> Result<(), AppError> {
    use crate::server::{auth, selling, state};
    let state = state()?;
    let (_, membership) = auth::require_company_owner(&state, company_id).await?;
    if !membership.kind.sells() {
        return Err(AppError::Forbidden);
    }
    selling::grant(&state.db, company_id, &buyer, &net_days, &limit, &currency).await?;
    crate::server::request::redirect(&with_notice("/supplier/selling", Notice::TermsGranted));
    Ok(())
}

#[server(endpoint = "selling/credit/revoke")]
pub async fn revoke_credit(company_id: CompanyId, buyer: CompanyId) -> Result<(), AppError> {
    use crate::server::{auth, selling, state};
    let state = state()?;
    let (_, membership) = auth::require_company_owner(&state, company_id).await?;
    if !membership.kind.sells() {
        return Err(AppError::Forbidden);
    }
    selling::revoke(&state.db, company_id, buyer).await?;
    crate::server::request::redirect(&with_notice("/supplier/selling", Notice::TermsRevoked));
    Ok(())
}

/// Opens (or continues) the supplier's payout account at the payment provider and sends the
/// owner to the provider's onboarding pages: owners only, with their password.
#[server(endpoint = "selling/payout-account")]
pub async fn start_payout_account(company_id: CompanyId, #[server(default)] password: String) -> Result<(), AppError> {
    use crate::server::{auth, payouts, state};
    let state = state()?;
    let (owner, membership) = auth::require_company_owner(&state, company_id).await?;
    if !membership.kind.sells() {
        return Err(AppError::Forbidden);
    }
    let link = payouts::connect::onboarding_link(&state, &owner, company_id, &password).await?;
    crate::server::request::redirect(&link);
    Ok(())
}
