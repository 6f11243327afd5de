//! Getting back into an account: a reset link by mail (a single-use token, stored as its
//! digest, valid for an hour) that sets a new password and ends every session. Asking for a
//! link answers the same whether or not the address has an account.

use super::db::Db;
use super::{mail, new_token, now, password, ratelimit, token_digest};
use crate::domain::{Email, NewPassword, UserId};
use crate::domain::form::FieldErrors;
use crate::error::AppError;

/// How long a reset link works.
pub const RESET_VALID_SECS: i64 = 3600;
/// Reset mails one account receives per hour: a stranger cannot flood someone's inbox.
pub const RESETS_PER_HOUR: i64 = 3;

/// The reset page's address for `token`.
pub fn reset_link(public_url: &str, token: &str) -> String {
    format!("{public_url}/reset-password/{token}")
}

/// Mails a reset link to the account with `email`, if there is one (and it has not had its
/// hourly share already). The answer is the same either way: only a malformed address is
/// refused, beside the field.
pub async fn request_reset(db: &Db, email: &str, public_url: &str) -> Result<(), AppError> {
    let email = Email::parse(email).map_err(|e| AppError::field("email", e).with_echo([("email", email)]))?;
    let mut tx = db.begin_write().await?;
    let Some(user) = super::accounts::find_user_id(&mut *tx, &email).await? else { return Ok(()) };
    let recent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM password_resets WHERE user_id = $1 AND created_at > $2")
        .bind(user)
        .bind(now() - 3600)
        .fetch_one(&mut *tx)
        .await?;
    if recent >= RESETS_PER_HOUR {
        tracing::warn!(user = user.get(), "password reset not sent: hourly limit reached");
        return Ok(());
    }
    let (token, digest) = new_token();
    sqlx::query("INSERT INTO password_resets (user_id, token_digest, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(user)
        .bind(&digest)
        .bind(now())
        .bind(now() + RESET_VALID_SECS)
        .execute(&mut *tx)
        .await?;
    mail::enqueue(
        &mut tx,
        mail::Message {
            to: email.as_str(),
            subject: "Reset your Caravan password".to_string(),
            body: format!(
                "Someone (we hope you) asked to reset the password of your Caravan account.\n\n\
                 Choose a new password here within the next hour:\n{}\n\n\
                 The link works once. If you did not ask for it, ignore this mail: your password stays as it is.\n",
                reset_link(public_url, &token)
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The account a reset link opens, while it is unused and not expired.
pub async fn open_reset(db: &Db, token: &str) -> Result<Option<UserId>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT user_id FROM password_resets WHERE token_digest = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_digest(token))
    .bind(now())
    .fetch_optional(db.pool())
    .await?)
}

/// Sets the new password through a reset link, once: the link and every other open link of the
/// account are used up, the account's sign-in failures forgiven, and every session ended
/// (the password epoch moves).
pub async fn reset_password(db: &Db, token: &str, new: &str, repeat: &str) -> Result<(), AppError> {
    let invalid = || AppError::form("This reset link has expired or was already used. Ask for a new one.");
    let user = open_reset(db, token).await?.ok_or_else(invalid)?;
    let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(db.pool())
        .await?;
    let mut v = FieldErrors::new();
    let new_password = v.check("new_password", NewPassword::parse(new, Some(&email)));
    if v.is_empty() && new != repeat {
        v.add("confirm_password", "The two new passwords do not match.");
    }
    let (Some(new_password), true) = (new_password, v.is_empty()) else {
        return Err(v.into_error());
    };
    let hash = password::hash(new_password.expose().to_string()).await?;
    let mut tx = db.begin_write().await?;
    // Claimed first: of two requests with one link, only one sets a password.
    let claimed = sqlx::query(
        "UPDATE password_resets SET used_at = $1 WHERE token_digest = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now())
    .bind(token_digest(token))
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() == 0 {
        return Err(invalid());
    }
    sqlx::query("UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(now())
        .bind(user)
        .execute(&mut *tx)
        .await?;
    // Epochs are seconds; a change within the same second as the last must still differ.
    sqlx::query(
        "UPDATE users SET password_hash = $1, \
         password_changed_at = CASE WHEN password_changed_at >= $2 THEN password_changed_at + 1 ELSE $2 END \
         WHERE id = $3",
    )
    .bind(hash)
    .bind(now())
    .bind(user)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    ratelimit::forgive(db, &email).await
}
