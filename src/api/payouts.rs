//! Payouts: a supplier's balances, payouts and monthly statements; the admins' list of
//! suppliers to pay and the record of a bank transfer sent.

use crate::domain::CompanyId;
#[cfg(feature = "ssr")]
use crate::domain::links::with_notice;
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
use crate::error::AppError;
pub use crate::model::payouts::*;
use leptos::prelude::*;

/// The supplier's money page for the month `period` ("2026-11"; this month when blank).
#[server(endpoint = "payouts/mine", input = server_fn::codec::GetUrl)]
pub async fn get_supplier_money(
    company_id: CompanyId,
    #[server(default)] period: String,
) -> Result<SupplierMoney, AppError> {
    use crate::domain::payout::Period;
    use crate::server::{auth, now, payouts, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    let period = match period.trim() {
        "" => Period::of(now()),
        text => Period::parse(text).ok_or_else(|| AppError::BadRequest("a month such as 2026-11".into()))?,
    };
    payouts::supplier_money(&state.db, company_id, period).await
}

#[server(endpoint = "admin/payouts")]
pub async fn get_payable() -> Result<Vec<PayableSupplier>, AppError> {
    use crate::server::{auth, payouts, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    payouts::payable(&state.db).await
}

/// An admin records a bank transfer sent to a supplier.
#[server(endpoint = "admin/payouts/record")]
pub async fn record_payout(
    supplier: CompanyId,
    currency: String,
    #[server(default)] amount: String,
    #[server(default)] reference: String,
) -> Result<(), AppError> {
    use crate::server::{auth, payouts, state};
    let state = state()?;
    let admin = auth::require_admin(&state).await?;
    payouts::record_payout(&state, &admin, supplier, &currency, &amount, &reference).await?;
    crate::server::request::redirect(&with_notice("/admin/payouts", Notice::PayoutRecorded));
    Ok(())
}
