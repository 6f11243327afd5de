//! Two-factor sign-in: setting it up, its recovery codes, and the code step of signing in.

#[cfg(feature = "ssr")]
use crate::domain::links::with_notice;
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
use crate::error::AppError;
use crate::model::two_factor::TwoFactorStatus;
use leptos::prelude::*;

/// Session key of recovery codes just made, shown once on the settings page.
#[cfg(feature = "ssr")]
const NEW_CODES_KEY: &str = "new_recovery_codes";
#[cfg(feature = "ssr")]
const SETTINGS: &str = "/account/two-factor";

#[server(endpoint = "account/two-factor")]
pub async fn get_two_factor_status() -> Result<TwoFactorStatus, AppError> {
    use crate::server::{auth, state, two_factor};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    let new_codes = auth::flash_take::<Vec<String>>(NEW_CODES_KEY).await?.unwrap_or_default();
    two_factor::status(&state.db, &user, new_codes).await
}

#[server(endpoint = "account/two-factor/start")]
pub async fn start_two_factor() -> Result<(), AppError> {
    use crate::server::{auth, state, two_factor};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    two_factor::start(&state.db, user.id).await?;
    crate::server::request::redirect(SETTINGS);
    Ok(())
}

#[server(endpoint = "account/two-factor/enable")]
pub async fn enable_two_factor(code: String) -> Result<(), AppError> {
    use crate::server::{auth, state, two_factor};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    let codes = two_factor::enable(&state.db, &user, &code).await?;
    auth::flash_put(NEW_CODES_KEY, &codes).await?;
    crate::server::request::redirect(&with_notice(SETTINGS, Notice::TwoFactorOn));
    Ok(())
}

#[server(endpoint = "account/two-factor/recovery-codes")]
pub async fn renew_recovery_codes(code: String) -> Result<(), AppError> {
    use crate::server::{auth, state, two_factor};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    let codes = two_factor::renew_recovery_codes(&state.db, &user, &code).await?;
    auth::flash_put(NEW_CODES_KEY, &codes).await?;
    crate::server::request::redirect(&with_notice(SETTINGS, Notice::RecoveryCodesRenewed));
    Ok(())
}

#[server(endpoint = "account/two-factor/disable")]
pub async fn disable_two_factor(password: String, code: String) -> Result<(), AppError> {
    use crate::server::{auth, state, two_factor};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    two_factor::disable(&state.db, &user, &password, &code).await?;
    crate::server::request::redirect(&with_notice(SETTINGS, Notice::TwoFactorOff));
    Ok(())
}

/// Whether this visitor has a sign-in waiting for its code.
#[server(endpoint = "login/two-factor/open")]
pub async fn two_factor_sign_in_open() -> Result<bool, AppError> {
    crate::server::auth::sign_in_pending().await
}

/// The code step of signing in.
#[server(endpoint = "login/two-factor")]
pub async fn finish_sign_in(code: String) -> Result<(), AppError> {
    use crate::server::{auth, state};
    let next = auth::finish_sign_in(&state()?, &code).await?;
    crate::server::request::redirect(&next);
    Ok(())
}
