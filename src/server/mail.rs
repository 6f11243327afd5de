//! Outgoing mail is written to an outbox table inside the transaction that causes it, so a
//! message exists exactly when its cause committed. A delivery worker sends the outbox by the
//! configured transport (SMTP, or .eml files); without one, platform admins read it at
//! /admin/outbox.

use super::db::Db;
use super::now;
use crate::error::AppError;
use lettre::message::header::ContentType;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sqlx::{Any, Transaction};

pub struct Message<'a> {
    pub to: &'a str,
    pub subject: String,
    pub body: String,
}

pub async fn enqueue(tx: &mut Transaction<'static, Any>, message: Message<'_>) -> Result<(), AppError> {
    sqlx::query("INSERT INTO mail_outbox (to_email, subject, body_text, created_at) VALUES ($1, $2, $3, $4)")
        .bind(message.to)
        .bind(message.subject)
        .bind(message.body)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// How the outbox leaves.
#[derive(Clone)]
pub enum Transport {
    /// Kept in the outbox for admins to read.
    Outbox,
    File(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl Transport {
    /// Reads `outbox`, `file:DIR` or an SMTP URL (see `Config::mail_transport`).
    pub fn from_setting(setting: &str) -> Result<Transport, String> {
        let setting = setting.trim();
        if setting.is_empty() || setting == "outbox" {
            Ok(Transport::Outbox)
        } else if let Some(dir) = setting.strip_prefix("file:") {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create the mail directory {dir}: {e}"))?;
            Ok(Transport::File(AsyncFileTransport::new(dir)))
        } else if setting.starts_with("smtp://") || setting.starts_with("smtps://") {
            AsyncSmtpTransport::<Tokio1Executor>::from_url(setting)
                .map(|builder| Transport::Smtp(builder.build()))
                .map_err(|e| format!("the SMTP address is not valid: {e}"))
        } else {
            Err("give outbox, file:DIR, or an smtp:// or smtps:// address".to_string())
        }
    }
}

#[derive(sqlx::FromRow)]
struct PendingMail {
    id: i64,
    to_email: String,
    subject: String,
    body_text: String,
    attempts: i64,
}

/// Messages sent per pass, so a large backlog goes out in steady batches.
const BATCH: i64 = 50;
/// Attempts at a message before it is marked failed.
pub const MAX_ATTEMPTS: i64 = 8;

/// The wait after a message's `attempts`th failed attempt: a minute, doubling, at most six hours.
pub fn retry_delay_secs(attempts: i64) -> i64 {
    (60i64 << attempts.clamp(1, 20).saturating_sub(1)).min(6 * 3600)
}

/// Why a message was not sent, and whether trying again can help.
enum Failure {
    /// The message itself is wrong (an address that is not one): it never will be sent.
    Permanent(String),
    /// The relay refused or could not be reached: worth another try later.
    Transient(String),
}

/// Sends what the outbox holds due (unsent, not failed, its next attempt reached); answers how
/// many went. Several app servers may run it: each message is claimed (marked sent) before
/// sending and released if sending fails. A failing message waits for its next attempt and
/// never holds up the others.
pub async fn deliver_pending(db: &Db, transport: &Transport, from: &str) -> Result<usize, AppError> {
    if matches!(transport, Transport::Outbox) {
        return Ok(0);
    }
    let from: lettre::message::Mailbox =
        from.parse().map_err(|e| AppError::internal(format_args!("CARAVAN_MAIL_FROM is not a mail address: {e}")))?;
    let pending: Vec<PendingMail> = sqlx::query_as(
        "SELECT id, to_email, subject, body_text, attempts FROM mail_outbox \
         WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2",
    )
    .bind(now())
    .bind(BATCH)
    .fetch_all(db.pool())
    .await?;
    let mut sent = 0;
    for PendingMail { id, to_email: to, subject, body_text: body, attempts } in pending {
        let claimed = sqlx::query("UPDATE mail_outbox SET sent_at = $1 WHERE id = $2 AND sent_at IS NULL")
            .bind(now())
            .bind(id)
            .execute(db.pool())
            .await?;
        if claimed.rows_affected() == 0 {
            continue;
        }
        let message = to.parse().map_err(|e| Failure::Permanent(format!("the address {to:?} is not valid: {e}"))).and_then(|to| {
            lettre::Message::builder()
                .from(from.clone())
                .to(to)
                .subject(subject)
                .header(ContentType::TEXT_PLAIN)
                .body(body)
                .map_err(|e| Failure::Permanent(e.to_string()))
        });
        let outcome = match message {
            Ok(message) => match transport {
                Transport::File(file) => file.send(message).await.map(|_| ()).map_err(|e| Failure::Transient(e.to_string())),
                Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| {
                    if e.is_permanent() { Failure::Permanent(e.to_string()) } else { Failure::Transient(e.to_string()) }
                }),
                Transport::Outbox => Ok(()),
            },
            Err(e) => Err(e),
        };
        match outcome {
            Ok(()) => sent += 1,
            Err(failure) => record_failure(db, id, attempts + 1, failure).await?,
        }
    }
    Ok(sent)
}

/// Releases a claimed message after a failed attempt: due again after its back-off, or failed
/// for good after the last attempt or a permanent refusal.
async fn record_failure(db: &Db, id: i64, attempts: i64, failure: Failure) -> Result<(), AppError> {
    let (error, permanent) = match failure {
        Failure::Permanent(error) => (error, true),
        Failure::Transient(error) => (error, false),
    };
    let failed = permanent || attempts >= MAX_ATTEMPTS;
    if failed {
        tracing::error!(id, attempts, %error, "mail failed for good; the admin outbox shows why");
    } else {
        tracing::warn!(id, attempts, %error, "mail not sent; it is tried again later");
    }
    let error: String = error.chars().take(500).collect();
    sqlx::query(
        "UPDATE mail_outbox SET sent_at = NULL, attempts = $1, next_attempt_at = $2, failed_at = $3, last_error = $4 \
         WHERE id = $5",
    )
    .bind(attempts)
    .bind(now() + retry_delay_secs(attempts))
    .bind(failed.then(now))
    .bind(error)
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}
