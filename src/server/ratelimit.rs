//! Sign-in lock-outs, counted in the database so that every app server sees the same count.
//! An account locks after a few failures (against guessing one person's password); an address
//! locks after many more (against one client trying many accounts).

use super::db::Db;
use super::now;
use crate::error::AppError;

pub const WINDOW_SECS: i64 = 15 * 60;
pub const ACCOUNT_LIMIT: i64 = 5;
pub const ADDRESS_LIMIT: i64 = 30;

const ACCOUNT: &str = "account";
const ADDRESS: &str = "address";

/// Refuses the attempt while the account or the address is locked out.
pub async fn check_login(db: &Db, email: &str, client: &str) -> Result<(), AppError> {
    for (scope, subject, limit) in [(ACCOUNT, email, ACCOUNT_LIMIT), (ADDRESS, client, ADDRESS_LIMIT)] {
        if let Some(retry_after_secs) = locked_for(db, scope, subject, limit).await? {
            tracing::warn!(scope, subject, "sign-in refused: locked out");
            return Err(AppError::RateLimited { retry_after_secs });
        }
    }
    Ok(())
}

/// Seconds until the `limit`-th most recent failure leaves the window, if that many exist.
async fn locked_for(db: &Db, scope: &str, subject: &str, limit: i64) -> Result<Option<u64>, AppError> {
    let now = now();
    let nth_latest: Option<i64> = sqlx::query_scalar(
        "SELECT failed_at FROM login_failures WHERE scope = $1 AND subject = $2 AND failed_at > $3 \
         ORDER BY failed_at DESC LIMIT 1 OFFSET $4",
    )
    .bind(scope)
    .bind(subject)
    .bind(now - WINDOW_SECS)
    .bind(limit - 1)
    .fetch_optional(db.pool())
    .await?;
    Ok(nth_latest.map(|at| (at + WINDOW_SECS - now).max(1) as u64))
}

pub async fn record_login_failure(db: &Db, email: &str, client: &str) -> Result<(), AppError> {
    let at = now();
    let mut tx = db.begin_write().await?;
    for (scope, subject) in [(ACCOUNT, email), (ADDRESS, client)] {
        sqlx::query("INSERT INTO login_failures (scope, subject, failed_at) VALUES ($1, $2, $3)")
            .bind(scope)
            .bind(subject)
            .bind(at)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A successful sign-in forgives the account's earlier failures (not the address's).
pub async fn clear_account(db: &Db, email: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM login_failures WHERE scope = $1 AND subject = $2")
        .bind(ACCOUNT)
        .bind(email)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Drops failures too old to matter; run periodically.
pub async fn delete_stale(db: &Db) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM login_failures WHERE failed_at < $1")
        .bind(now() - WINDOW_SECS)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}
