//! Sign-in throttling, counted in the database so that every app server sees the same count.
//! Each failure is one row with the account tried and the client's address, counted three
//! ways: one account from one address (that pair locks after a few: someone guessing one
//! person's password), one address (it locks after many: one client trying many accounts), and
//! one account from anywhere (attempts slow down with growing waits but never lock, so a
//! stranger cannot keep the owner out). The owner is mailed a reset link when their account is
//! being guessed at.

use super::db::Db;
use super::{mail, now};
use crate::error::AppError;
use sqlx::{Any, QueryBuilder};

pub const WINDOW_SECS: i64 = 15 * 60;
/// Failures for one account from one address before that address is locked out of it.
pub const PAIR_LIMIT: i64 = 5;
/// Failures from one address, whatever the accounts, before the address is locked out.
pub const ADDRESS_LIMIT: i64 = 30;
/// Failures for one account from anywhere before each attempt must wait, and its owner is told.
pub const ACCOUNT_SLOW_AFTER: i64 = 10;
/// The longest wait between attempts on one account.
pub const ACCOUNT_MAX_DELAY_SECS: i64 = 60;

/// Which failures a count takes in.
enum Counted<'a> {
    Pair { account: &'a str, client: &'a str },
    Address(&'a str),
    Account(&'a str),
}

#[derive(sqlx::FromRow)]
struct Tally {
    failures: i64,
    /// The `limit`-th latest failure (for a lock) or the latest (for a wait).
    at: Option<i64>,
}

impl Counted<'_> {
    fn push_filter(&self, sql: &mut QueryBuilder<'_, Any>, since: i64) {
        match *self {
            Counted::Pair { account, client } => {
                sql.push("account = ").push_bind(account.to_string()).push(" AND client = ").push_bind(client.to_string())
            }
            Counted::Address(client) => sql.push("client = ").push_bind(client.to_string()),
            Counted::Account(account) => sql.push("account = ").push_bind(account.to_string()),
        };
        sql.push(" AND failed_at > ").push_bind(since);
    }
}

/// How many failures of `counted` are in the window, and when the `nth` latest was.
async fn tally(db: &Db, counted: Counted<'_>, nth: i64) -> Result<Tally, AppError> {
    let since = now() - WINDOW_SECS;
    let mut sql = QueryBuilder::new("SELECT COUNT(*) AS failures, (SELECT failed_at FROM sign_in_failures WHERE ");
    counted.push_filter(&mut sql, since);
    sql.push(" ORDER BY failed_at DESC LIMIT 1 OFFSET ").push_bind(nth - 1);
    sql.push(") AS at FROM sign_in_failures WHERE ");
    counted.push_filter(&mut sql, since);
    Ok(db.fetch_one(&mut sql).await?)
}

/// Refuses the attempt while this address is locked out of the account or of signing in, or
/// while the account's growing wait since its last failure runs.
pub async fn check_login(db: &Db, account: &str, client: &str) -> Result<(), AppError> {
    let locks = [(Counted::Pair { account, client }, PAIR_LIMIT), (Counted::Address(client), ADDRESS_LIMIT)];
    for (counted, limit) in locks {
        if let Some(nth_latest) = tally(db, counted, limit).await?.at {
            tracing::warn!(account, client, "sign-in refused: locked out");
            let retry_after_secs = (nth_latest + WINDOW_SECS - now()).max(1) as u64;
            return Err(AppError::RateLimited { retry_after_secs });
        }
    }
    let Tally { failures, at } = tally(db, Counted::Account(account), 1).await?;
    if let (Some(last), Some(delay)) = (at, account_delay(failures)) {
        let wait = last + delay - now();
        if wait > 0 {
            tracing::warn!(account, failures, "sign-in slowed down: the account is being guessed at");
            return Err(AppError::RateLimited { retry_after_secs: wait as u64 });
        }
    }
    Ok(())
}

/// The wait after an account's `failures`th failure: none at first, then 2, 4, 8 … seconds, at
/// most [`ACCOUNT_MAX_DELAY_SECS`].
pub fn account_delay(failures: i64) -> Option<i64> {
    let over = failures - ACCOUNT_SLOW_AFTER;
    (over >= 0).then(|| 2i64.saturating_pow(over as u32 + 1).min(ACCOUNT_MAX_DELAY_SECS))
}

/// Counts a failed attempt on `account` from `client`. The failure that starts the account's
/// slow-down also mails its owner (when the account exists) a reset link.
pub async fn record_login_failure(db: &Db, account: &str, client: &str, public_url: &str) -> Result<(), AppError> {
    let at = now();
    let mut tx = db.begin_write().await?;
    sqlx::query("INSERT INTO sign_in_failures (account, client, failed_at) VALUES ($1, $2, $3)")
        .bind(account)
        .bind(client)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    let failures: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failures WHERE account = $1 AND failed_at > $2")
        .bind(account)
        .bind(at - WINDOW_SECS)
        .fetch_one(&mut *tx)
        .await?;
    // Only the failure that starts the slow-down looks for an owner to tell.
    let owner: Option<String> = if failures == ACCOUNT_SLOW_AFTER {
        sqlx::query_scalar("SELECT email FROM users WHERE email = $1").bind(account).fetch_optional(&mut *tx).await?
    } else {
        None
    };
    if let Some(owner) = owner {
        mail::enqueue(
            &mut tx,
            mail::Message {
                to: &owner,
                subject: "Someone is trying to sign in to your Caravan account".to_string(),
                body: format!(
                    "There have been {failures} failed attempts to sign in to your Caravan account in the last \
                     15 minutes. Further attempts now have to wait a little, but you can still sign in as usual.\n\n\
                     If this was not you, your password is safe as long as you use it nowhere else. To choose a \
                     new one (which also signs out every device), ask for a reset link here:\n{public_url}/forgot-password\n"
                ),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A successful sign-in forgives the account's failures from this address (the owner's own
/// typos), not other addresses' failures on it: a guesser stays locked out and slowed down.
pub async fn clear_account(db: &Db, account: &str, client: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE account = $1 AND client = $2")
        .bind(account)
        .bind(client)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// A password reset forgives every failure on the account: the guesses were at a password
/// that no longer exists.
pub async fn forgive(db: &Db, account: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE account = $1").bind(account).execute(db.pool()).await?;
    Ok(())
}

/// Counts one `kind` of action by `subject` (a client's address, an account), refusing it when
/// `limit` happened within the last `window_secs`.
pub async fn allow(db: &Db, kind: &str, subject: &str, limit: i64, window_secs: i64) -> Result<(), AppError> {
    let at = now();
    let oldest_counted: Option<i64> = sqlx::query_scalar(
        "SELECT at FROM rate_events WHERE kind = $1 AND subject = $2 AND at > $3 ORDER BY at DESC LIMIT 1 OFFSET $4",
    )
    .bind(kind)
    .bind(subject)
    .bind(at - window_secs)
    .bind(limit - 1)
    .fetch_optional(db.pool())
    .await?;
    if let Some(oldest) = oldest_counted {
        tracing::warn!(kind, subject, "refused: rate limit reached");
        return Err(AppError::RateLimited { retry_after_secs: (oldest + window_secs - at).max(1) as u64 });
    }
    sqlx::query("INSERT INTO rate_events (kind, subject, at) VALUES ($1, $2, $3)")
        .bind(kind)
        .bind(subject)
        .bind(at)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Drops failures too old to matter; run periodically.
pub async fn delete_stale(db: &Db) -> Result<u64, sqlx::Error> {
    let failures = sqlx::query("DELETE FROM sign_in_failures WHERE failed_at < $1")
        .bind(now() - WINDOW_SECS)
        .execute(db.pool())
        .await?;
    // No counted action looks further back than a day.
    let events = sqlx::query("DELETE FROM rate_events WHERE at < $1").bind(now() - 24 * 3600).execute(db.pool()).await?;
    Ok(failures.rows_affected() + events.rows_affected())
}
