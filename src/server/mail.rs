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
}

/// Messages sent per pass, so a large backlog goes out in steady batches.
const BATCH: i64 = 50;

/// Sends what the outbox holds unsent; answers how many went. Several app servers may run
/// it: each message is claimed (marked sent) before sending and released if sending fails.
pub async fn deliver_pending(db: &Db, transport: &Transport, from: &str) -> Result<usize, AppError> {
    if matches!(transport, Transport::Outbox) {
        return Ok(0);
    }
    let from: lettre::message::Mailbox =
        from.parse().map_err(|e| AppError::internal(format_args!("CARAVAN_MAIL_FROM is not a mail address: {e}")))?;
    let pending: Vec<PendingMail> = sqlx::query_as(
        "SELECT id, to_email, subject, body_text FROM mail_outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1",
    )
    .bind(BATCH)
    .fetch_all(db.pool())
    .await?;
    let mut sent = 0;
    for PendingMail { id, to_email: to, subject, body_text: body } in pending {
        let claimed = sqlx::query("UPDATE mail_outbox SET sent_at = $1 WHERE id = $2 AND sent_at IS NULL")
            .bind(now())
            .bind(id)
            .execute(db.pool())
            .await?;
        if claimed.rows_affected() == 0 {
            continue;
        }
        let message = to.parse().map_err(|e| format!("{e}")).and_then(|to| {
            lettre::Message::builder()
                .from(from.clone())
                .to(to)
                .subject(subject)
                .header(ContentType::TEXT_PLAIN)
                .body(body)
                .map_err(|e| e.to_string())
        });
        let outcome = match message {
            Ok(message) => match transport {
                Transport::File(file) => file.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
                Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
                Transport::Outbox => Ok(()),
            },
            Err(e) => Err(e),
        };
        match outcome {
            Ok(()) => sent += 1,
            Err(error) => {
                tracing::warn!(id, %error, "mail not sent; it stays in the outbox for the next pass");
                sqlx::query("UPDATE mail_outbox SET sent_at = NULL WHERE id = $1").bind(id).execute(db.pool()).await?;
                break;
            }
        }
    }
    Ok(sent)
}
