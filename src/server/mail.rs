//! Outgoing mail is written to an outbox table inside the transaction that causes it, so a
//! message exists exactly when its cause committed. A delivery worker (SMTP) reads the outbox;
//! until one is configured, platform admins read it at /admin/outbox.

use super::now;
use crate::error::AppError;
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
