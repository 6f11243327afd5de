//! The platform admin area. Every function here starts with the admin guard.

use crate::domain::ProductId;
#[cfg(feature = "ssr")]
use crate::domain::links::with_notice;
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
use crate::error::AppError;
pub use crate::model::admin::*;
use leptos::prelude::*;

#[server(endpoint = "admin/overview")]
pub async fn get_admin_overview() -> Result<AdminOverview, AppError> {
    use crate::server::{admin, auth, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    admin::overview(&state.db).await
}

#[server(endpoint = "admin/outbox")]
pub async fn admin_outbox() -> Result<Vec<OutboxMail>, AppError> {
    use crate::server::{admin, auth, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    admin::outbox(&state.db).await
}

/// Published listings, newest first, optionally those whose title or supplier matches `q`.
#[server(endpoint = "admin/products")]
pub async fn admin_listings(#[server(default)] q: String) -> Result<Vec<Listing>, AppError> {
    use crate::server::{admin, auth, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    admin::published_listings(&state.db, &q).await
}

/// Takes a published listing down (back to draft) with a reason its supplier sees.
#[server(endpoint = "admin/products/takedown")]
pub async fn take_down_listing(product: ProductId, reason: String) -> Result<(), AppError> {
    use crate::server::{admin, auth, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    admin::take_down(&state.db, &state.config.public_url(), product, &reason)
        .await
        .map_err(|e| e.with_echo([("reason", reason.as_str())]))?;
    crate::server::request::redirect(&with_notice("/admin/products", Notice::ProductTakenDown));
    Ok(())
}

#[server(endpoint = "admin/disputes", input = server_fn::codec::GetUrl)]
pub async fn get_disputes() -> Result<PlatformSettings, AppError> {
    use crate::server::{admin, auth, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    admin::platform_settings(&state.db).await
}

/// Sets the commission (a percentage such as 2.5, taken at release on orders placed from now
/// on), the protection period, and how long and how many unpaid bank-transfer orders hold
/// stock.
#[server(endpoint = "admin/settings")]
pub async fn save_platform_settings(
    commission: String,
    auto_release_days: String,
    unpaid_hold_days: String,
    max_unpaid_orders: String,
) -> Result<(), AppError> {
    use crate::server::{admin, auth, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    let form = admin::SettingsForm {
        commission: &commission,
        auto_release_days: &auto_release_days,
        unpaid_hold_days: &unpaid_hold_days,
        max_unpaid_orders: &max_unpaid_orders,
    };
    admin::save_platform_settings(&state.db, &form).await?;
    crate::server::request::redirect(&with_notice("/admin/disputes", Notice::SettingsSaved));
    Ok(())
}
