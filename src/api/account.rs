//! Signing up, in and out, and the signed-in person's own settings.

#[cfg(feature = "ssr")]
use crate::domain::links::local_return_or;
#[cfg(feature = "ssr")]
use crate::domain::links::with_notice;
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "signup")]
pub async fn sign_up(
    // An unticked radio group sends nothing; validation then explains what to choose.
    #[server(default)] account_type: String,
    company_name: String,
    country: String,
    name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    use crate::server::{auth, signup, state};
    let state = state()?;
    let form = signup::SignUpForm { account_type, company_name, country, name, email, password };
    let client = auth::client_ip().await;
    signup::sign_up(&state.db, &form, &client.subject(), &state.config).await?;
    // The same answer whether or not the address had an account.
    crate::server::request::redirect(&with_notice("/signup", Notice::CheckInbox));
    Ok(())
}

/// Whether a confirmation link still works (its page says so before the button).
#[server(endpoint = "account/confirm/open")]
pub async fn confirm_link_open(token: String) -> Result<bool, AppError> {
    use crate::server::{signup, state};
    signup::link_open(&state()?.db, &token).await
}

/// Confirms the address through the mailed link and signs its owner in.
#[server(endpoint = "account/confirm")]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    use crate::server::{auth, signup, state};
    let state = state()?;
    let confirmed = signup::confirm(&state.db, &token).await?;
    let notice = if confirmed.moved { Notice::EmailChanged } else { Notice::Welcome };
    let next = auth::sign_in(&state, confirmed.user, confirmed.epoch, &with_notice("/account", notice)).await?;
    crate::server::request::redirect(&next);
    Ok(())
}

/// Mails a signed-in, unconfirmed person a new confirmation link.
#[server(endpoint = "account/confirm/resend")]
pub async fn resend_confirmation() -> Result<(), AppError> {
    use crate::server::{auth, signup, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    signup::resend(&state.db, &user, &state.config.public_url()).await?;
    crate::server::request::redirect(&with_notice("/account", Notice::ConfirmationSent));
    Ok(())
}

#[server(endpoint = "login")]
pub async fn log_in(email: String, password: String, #[server(default)] next: String) -> Result<(), AppError> {
    use crate::server::{accounts, auth, state};
    let state = state()?;
    let client = auth::client_ip().await;
    let (user_id, epoch) = accounts::authenticate(&state.db, &email, &password, &client.subject(), &state.config.public_url())
        .await?;
    let next = auth::sign_in(&state, user_id, epoch, &local_return_or(&next, "/account")).await?;
    crate::server::request::redirect(&next);
    Ok(())
}

/// Mails a reset link to the address's account, if it has one: the answer is the same.
#[server(endpoint = "account/forgot")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    use crate::server::{recovery, state};
    let state = state()?;
    recovery::request_reset(&state.db, &email, &state.config.public_url()).await?;
    crate::server::request::redirect(&with_notice("/forgot-password", Notice::ResetSent));
    Ok(())
}

/// Whether a reset link still works (the reset page says so before asking for a password).
#[server(endpoint = "account/reset/open")]
pub async fn reset_link_open(token: String) -> Result<bool, AppError> {
    use crate::server::{recovery, state};
    Ok(recovery::open_reset(&state()?.db, &token).await?.is_some())
}

/// Sets a new password through a reset link; every session of the account ends, this one too.
#[server(endpoint = "account/reset")]
pub async fn reset_password(token: String, new_password: String, confirm_password: String) -> Result<(), AppError> {
    use crate::server::{auth, recovery, state};
    let state = state()?;
    recovery::reset_password(&state.db, &token, &new_password, &confirm_password).await?;
    auth::log_out().await?;
    crate::server::request::redirect(&with_notice("/login", Notice::PasswordReset));
    Ok(())
}

#[server(endpoint = "logout")]
pub async fn log_out() -> Result<(), AppError> {
    crate::server::auth::log_out().await?;
    crate::server::request::redirect("/");
    Ok(())
}

#[server(endpoint = "account/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::server::{accounts, auth, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    if new_password != confirm_password {
        return Err(AppError::field("confirm_password", "The two new passwords do not match."));
    }
    let epoch = accounts::change_password(&state.db, user.id, &current_password, &new_password).await?;
    auth::refresh_epoch(epoch).await?;
    crate::server::request::redirect(&with_notice("/account", Notice::PasswordChanged));
    Ok(())
}

/// Moves the account to a new address once that address confirms through a mailed link.
#[server(endpoint = "account/email")]
pub async fn change_email(new_email: String, password: String) -> Result<(), AppError> {
    use crate::server::{auth, signup, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    signup::request_email_change(&state.db, &user, &new_email, &password, &state.config.public_url()).await?;
    crate::server::request::redirect(&with_notice("/account", Notice::EmailChangeSent));
    Ok(())
}

/// For a signed-in person who belongs to no company (they left one): start a new one.
#[server(endpoint = "account/company")]
pub async fn create_company(
    #[server(default)] account_type: String,
    company_name: String,
    country: String,
    #[server(default)] city: String,
) -> Result<(), AppError> {
    use crate::server::{accounts, auth, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    let form = accounts::CompanyForm { account_type, company_name, country, city };
    accounts::create_company_for(&state.db, &user, &form).await?;
    crate::server::request::redirect(&with_notice("/account", Notice::CompanyCreated));
    Ok(())
}
