//! Two-factor sign-in: after the password, a code from an authenticator app (TOTP, RFC 6238)
//! or one of ten one-time recovery codes. Any person may turn it on; platform admins must.
//! Each code works once (the newest accepted time step is kept), and codes are tried a few
//! times a quarter hour at most, so six digits cannot be guessed.

use super::db::Db;
use super::{accounts, mail, now, ratelimit, token_digest};
use crate::domain::UserId;
use crate::domain::form::FieldErrors;
use crate::error::AppError;
use crate::model::session::SessionUser;
use crate::model::two_factor::{TwoFactorSetup, TwoFactorStatus};
use rand::Rng;
use sqlx::{Any, Transaction};
use totp_rs::{Builder, Secret, Totp};

/// The name authenticator apps show beside the account.
const ISSUER: &str = "Caravan";
pub const RECOVERY_CODE_COUNT: usize = 10;
/// Codes one account may try in a window.
pub const ATTEMPTS_PER_WINDOW: i64 = 10;
pub const ATTEMPT_WINDOW_SECS: i64 = 900;
/// Recovery codes: ten characters that cannot be mistaken for one another (about 50 bits).
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

#[derive(sqlx::FromRow)]
struct Row {
    secret: String,
    enabled_at: Option<i64>,
    last_step: i64,
}

async fn row(db: &Db, user: UserId) -> Result<Option<Row>, AppError> {
    Ok(sqlx::query_as("SELECT secret, enabled_at, last_step FROM two_factor WHERE user_id = $1")
        .bind(user)
        .fetch_optional(db.pool())
        .await?)
}

fn totp(secret: &str, account: &str) -> Result<Totp, AppError> {
    let secret = Secret::try_from_base32(secret).map_err(AppError::internal)?;
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        // The otpauth label uses ':' as its separator.
        .with_account_name(account.replace(':', "_"))
        .build()
        .map_err(AppError::internal)
}

/// Whether the person must give a code after their password.
pub async fn enabled(db: &Db, user: UserId) -> Result<bool, AppError> {
    Ok(row(db, user).await?.is_some_and(|r| r.enabled_at.is_some()))
}

/// The settings page's view; `new_codes` are the recovery codes just made, if any.
pub async fn status(db: &Db, user: &SessionUser, new_codes: Vec<String>) -> Result<TwoFactorStatus, AppError> {
    let row = row(db, user.id).await?;
    let setup = match &row {
        Some(r) if r.enabled_at.is_none() => Some(TwoFactorSetup {
            secret: grouped(&r.secret),
            qr_png_base64: totp(&r.secret, &user.email)?.to_qr_base64().map_err(AppError::internal)?,
        }),
        _ => None,
    };
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
        .bind(user.id)
        .fetch_one(db.pool())
        .await?;
    Ok(TwoFactorStatus {
        enabled: row.is_some_and(|r| r.enabled_at.is_some()),
        required: user.is_admin,
        recovery_codes_left: left.max(0) as u32,
        setup,
        new_recovery_codes: new_codes,
    })
}

fn grouped(secret: &str) -> String {
    secret.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c)).collect::<Vec<_>>().join(" ")
}

/// Starts setting up with a new secret (replacing one set up before and never turned on).
pub async fn start(db: &Db, user: UserId) -> Result<(), AppError> {
    if enabled(db, user).await? {
        return Err(AppError::form("Two-factor sign-in is already on."));
    }
    let mut tx = db.begin_write().await?;
    if !put_secret(&mut tx, user, &Secret::generate().to_base32(), None).await? {
        return Err(AppError::form("Two-factor sign-in is already on."));
    }
    tx.commit().await?;
    Ok(())
}

/// Stores a new secret in place of one never turned on; answers false (and stores nothing)
/// when two-factor sign-in is on, even if it was turned on a moment ago.
async fn put_secret(
    tx: &mut Transaction<'static, Any>,
    user: UserId,
    secret: &str,
    enabled_at: Option<i64>,
) -> Result<bool, AppError> {
    sqlx::query("DELETE FROM two_factor WHERE user_id = $1 AND enabled_at IS NULL").bind(user).execute(&mut **tx).await?;
    let stored = sqlx::query(
        "INSERT INTO two_factor (user_id, secret, enabled_at, last_step) VALUES ($1, $2, $3, 0) \
         ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user)
    .bind(secret)
    .bind(enabled_at)
    .execute(&mut **tx)
    .await?;
    Ok(stored.rows_affected() == 1)
}

/// Turns two-factor sign-in on once `code` shows the app holds the secret being set up;
/// answers the recovery codes, to be shown once.
pub async fn enable(db: &Db, user: &SessionUser, code: &str) -> Result<Vec<String>, AppError> {
    let Some(Row { secret, enabled_at: None, .. }) = row(db, user.id).await? else {
        return Err(AppError::form("Start setting up two-factor sign-in first."));
    };
    limit_attempts(db, user.id).await?;
    let step = totp(&secret, &user.email)?.check_current(&normalized(code)).ok_or_else(wrong_code)?;
    let mut tx = db.begin_write().await?;
    let turned_on = sqlx::query(
        "UPDATE two_factor SET enabled_at = $1, last_step = $2 WHERE user_id = $3 AND secret = $4 AND enabled_at IS NULL",
    )
    .bind(now())
    .bind(step as i64)
    .bind(user.id)
    .bind(&secret)
    .execute(&mut *tx)
    .await?;
    if turned_on.rows_affected() == 0 {
        return Err(AppError::form("Two-factor sign-in was changed meanwhile. Reload the page."));
    }
    let codes = replace_recovery_codes(&mut tx, user.id).await?;
    tell(&mut tx, &user.email, "Two-factor sign-in is on", "Two-factor sign-in is now on for your Caravan account: \
         after your password, we will ask for a code from your authenticator app.")
    .await?;
    tx.commit().await?;
    Ok(codes)
}

/// Sets up and turns on two-factor sign-in in one step for an account made on the command
/// line (a platform admin): answers the secret and the recovery codes for the operator, or
/// `None` when the account already uses it.
pub async fn enroll(db: &Db, user: UserId) -> Result<Option<(String, Vec<String>)>, AppError> {
    if enabled(db, user).await? {
        return Ok(None);
    }
    let secret = Secret::generate().to_base32();
    let mut tx = db.begin_write().await?;
    if !put_secret(&mut tx, user, &secret, Some(now())).await? {
        return Ok(None);
    }
    let codes = replace_recovery_codes(&mut tx, user).await?;
    tx.commit().await?;
    Ok(Some((secret, codes)))
}

/// The `otpauth://` address of a secret, for an operator to open in their app.
pub fn otpauth_url(secret: &str, account: &str) -> Result<String, AppError> {
    totp(secret, account)?.to_url().map_err(AppError::internal)
}

/// Checks the second step of a sign-in: a current code from the app not used before, or an
/// unused recovery code (used up now, and the owner told).
pub async fn verify(db: &Db, user: UserId, code: &str) -> Result<(), AppError> {
    let Some(Row { secret, enabled_at: Some(_), last_step }) = row(db, user).await? else {
        return Err(AppError::form("Two-factor sign-in is off for this account. Sign in again."));
    };
    limit_attempts(db, user).await?;
    let code = normalized(code);
    let email: String =
        sqlx::query_scalar("SELECT email FROM users WHERE id = $1").bind(user).fetch_one(db.pool()).await?;
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        let step = totp(&secret, &email)?.check_current(&code).filter(|&s| s as i64 > last_step);
        let Some(step) = step else { return Err(wrong_code()) };
        // Claimed: of two sign-ins with one code, one gets in.
        let claimed = sqlx::query("UPDATE two_factor SET last_step = $1 WHERE user_id = $2 AND last_step < $1")
            .bind(step as i64)
            .bind(user)
            .execute(db.pool())
            .await?;
        return if claimed.rows_affected() == 1 { Ok(()) } else { Err(wrong_code()) };
    }
    let mut tx = db.begin_write().await?;
    let used = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_digest = $3 AND used_at IS NULL",
    )
    .bind(now())
    .bind(user)
    .bind(token_digest(&code))
    .execute(&mut *tx)
    .await?;
    if used.rows_affected() == 0 {
        return Err(wrong_code());
    }
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
        .bind(user)
        .fetch_one(&mut *tx)
        .await?;
    tell(&mut tx, &email, "A recovery code was used to sign in", &format!(
        "Someone signed in to your Caravan account with one of your recovery codes; {left} are left. \
         If it was not you, change your password and make new recovery codes now."
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces the recovery codes after a code proves it is the person; answers the new ones.
pub async fn renew_recovery_codes(db: &Db, user: &SessionUser, code: &str) -> Result<Vec<String>, AppError> {
    verify(db, user.id, code).await?;
    let mut tx = db.begin_write().await?;
    let codes = replace_recovery_codes(&mut tx, user.id).await?;
    tx.commit().await?;
    Ok(codes)
}

/// Turns two-factor sign-in off after the password and a code; admins must keep it.
pub async fn disable(db: &Db, user: &SessionUser, password: &str, code: &str) -> Result<(), AppError> {
    if user.is_admin {
        return Err(AppError::form("Platform admins must keep two-factor sign-in on."));
    }
    let mut errors = FieldErrors::new();
    accounts::confirm_password(&mut errors, db, user.id, password).await?;
    if !errors.is_empty() {
        return Err(errors.into_error());
    }
    verify(db, user.id, code).await?;
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user.id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM two_factor WHERE user_id = $1").bind(user.id).execute(&mut *tx).await?;
    tell(&mut tx, &user.email, "Two-factor sign-in is off", "Two-factor sign-in was turned off for your Caravan \
         account. If it was not you, change your password and turn it on again.")
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn limit_attempts(db: &Db, user: UserId) -> Result<(), AppError> {
    ratelimit::allow(db, "two-factor", &user.get().to_string(), ATTEMPTS_PER_WINDOW, ATTEMPT_WINDOW_SECS).await
}

fn wrong_code() -> AppError {
    AppError::field(
        "code",
        "That code does not work. Enter the newest code from your app (each works once), or an unused recovery code.",
    )
}

/// A code as typed: spaces and dashes dropped, letters in lower case.
fn normalized(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_lowercase).collect()
}

async fn replace_recovery_codes(tx: &mut Transaction<'static, Any>, user: UserId) -> Result<Vec<String>, AppError> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user).execute(&mut **tx).await?;
    let mut codes = Vec::with_capacity(RECOVERY_CODE_COUNT);
    for _ in 0..RECOVERY_CODE_COUNT {
        let raw: String = {
            let mut rng = rand::rng();
            (0..10).map(|_| RECOVERY_ALPHABET[rng.random_range(0..RECOVERY_ALPHABET.len())] as char).collect()
        };
        sqlx::query("INSERT INTO recovery_codes (user_id, code_digest) VALUES ($1, $2)")
            .bind(user)
            .bind(token_digest(&raw))
            .execute(&mut **tx)
            .await?;
        codes.push(format!("{}-{}", &raw[..5], &raw[5..]));
    }
    Ok(codes)
}

async fn tell(tx: &mut Transaction<'static, Any>, to: &str, subject: &str, what: &str) -> Result<(), AppError> {
    mail::enqueue(tx, mail::Message { to, subject: subject.to_string(), body: format!("{what}\n") }).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_as_typed() {
        assert_eq!(normalized(" 123 456 "), "123456");
        assert_eq!(normalized("ABCDE-fghjk"), "abcdefghjk");
        assert_eq!(grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }
}
