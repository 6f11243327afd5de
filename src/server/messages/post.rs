//! Writing messages: a person's (or Caravan's note), with read marks and the thread's
//! counters, rate limits against spam, and one mail to the other company per unread stretch.

use super::{access, company_of};
use crate::domain::message::MAX_MESSAGE_CHARS;
use crate::domain::quote::Negotiator;
use crate::domain::text::clean_text;
use crate::domain::{CompanyId, MessageId, QuoteId, ThreadId, UserId};
use crate::error::AppError;
use crate::model::session::SessionUser;
use crate::server::attachments::{self, Owner, Upload};
use crate::server::db::Db;
use crate::server::mail::{self, Message};
use crate::server::{AppState, now};
use sqlx::{Any, Transaction};

/// New inquiries one person may open per hour, and messages they may send per ten minutes.
pub const THREADS_PER_HOUR: i64 = 10;
pub const MESSAGES_PER_10_MIN: i64 = 60;

/// Refuses when `user` did `what` `limit` times within `window` seconds: `sql` selects the
/// times of their recent ones (bound: the user, since when, the limit).
pub(super) async fn rate_limit(db: &Db, sql: &str, user: UserId, window: i64, limit: i64) -> Result<(), AppError> {
    let since = now() - window;
    let recent: Vec<i64> = sqlx::query_scalar(sql).bind(user).bind(since).bind(limit).fetch_all(db.pool()).await?;
    if recent.len() as i64 >= limit {
        let oldest = recent.iter().copied().min().unwrap_or(since);
        return Err(AppError::RateLimited { retry_after_secs: (oldest + window - now()).max(1) as u64 });
    }
    Ok(())
}

pub(super) fn message_text(raw: &str) -> Result<String, AppError> {
    clean_text(raw, MAX_MESSAGE_CHARS, true).map_err(|e| AppError::field("body", e))
}

pub(super) fn user_company_name(user: &SessionUser) -> String {
    user.company.as_ref().map(|m| m.company_name.clone()).unwrap_or_default()
}

/// Writes a message (a person's, or Caravan's note when `from` is `None`) and moves the
/// thread's counters; the author has read the thread up to it.
pub async fn post(
    tx: &mut Transaction<'static, Any>,
    thread: ThreadId,
    author: Option<&SessionUser>,
    from: Option<(CompanyId, Negotiator)>,
    body: &str,
    quote: Option<QuoteId>,
) -> Result<MessageId, AppError> {
    let at = now();
    let id: MessageId = sqlx::query_scalar(
        "INSERT INTO messages (thread_id, author_id, company_id, body, quote_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         RETURNING id",
    )
    .bind(thread)
    .bind(author.map(|u| u.id))
    .bind(from.map(|(c, _)| c))
    .bind(body)
    .bind(quote)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    let update = match from.map(|(_, side)| side) {
        Some(Negotiator::Buyer) => "UPDATE threads SET last_buyer_message = $1, last_message_at = $2 WHERE id = $3",
        // The first answer to a buyer's inquiry sets the supplier's response time.
        Some(Negotiator::Supplier) => {
            "UPDATE threads SET last_supplier_message = $1, last_message_at = $2, \
             first_reply_at = CASE WHEN first_reply_at IS NULL AND rfq_id IS NULL THEN $2 ELSE first_reply_at END WHERE id = $3"
        }
        None => "UPDATE threads SET last_message_at = $2 WHERE id = $3 AND $1 > 0",
    };
    sqlx::query(update).bind(id).bind(at).bind(thread).execute(&mut **tx).await?;
    if let Some(author) = author {
        mark_read(&mut **tx, thread, author.id, id).await?;
    }
    Ok(id)
}

/// `user` has read `thread` up to message `last` (a mark never moves back).
pub(super) async fn mark_read<'c, E>(
    executor: E,
    thread: ThreadId,
    user: UserId,
    last: MessageId,
) -> Result<(), AppError>
where
    E: sqlx::Executor<'c, Database = Any>,
{
    sqlx::query(
        "INSERT INTO thread_reads (thread_id, user_id, last_read, read_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (thread_id, user_id) DO UPDATE SET last_read = excluded.last_read, read_at = excluded.read_at \
         WHERE thread_reads.last_read < excluded.last_read",
    )
    .bind(thread)
    .bind(user)
    .bind(last)
    .bind(now())
    .execute(executor)
    .await?;
    Ok(())
}

/// Mails the members of `company` that a thread has news, once per unread stretch: while
/// they have not read the previous message, they are not written to again.
pub async fn notify_company(
    tx: &mut Transaction<'static, Any>,
    base: &str,
    thread: ThreadId,
    company: CompanyId,
    from: &str,
    subject: &str,
) -> Result<(), AppError> {
    let unread: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM messages m WHERE m.thread_id = $1 AND (m.company_id IS NULL OR m.company_id <> $2) \
         AND m.id > COALESCE((SELECT MAX(r.last_read) FROM thread_reads r JOIN memberships ms ON ms.user_id = r.user_id \
         WHERE r.thread_id = $1 AND ms.company_id = $2), 0)",
    )
    .bind(thread)
    .bind(company)
    .fetch_one(&mut **tx)
    .await?;
    if unread > 1 {
        return Ok(());
    }
    let emails: Vec<String> = sqlx::query_scalar(
        "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.company_id = $1 ORDER BY u.id",
    )
    .bind(company)
    .fetch_all(&mut **tx)
    .await?;
    for to in emails {
        let body = format!(
            "{from} wrote to you about “{subject}”.\n\nRead and reply at {base}/messages/{thread}.\n\n— Caravan"
        );
        mail::enqueue(tx, Message { to: &to, subject: format!("New message from {from}: {subject}"), body }).await?;
    }
    Ok(())
}

/// A message from the caller, with files.
pub async fn send(
    state: &AppState,
    user: &SessionUser,
    thread: ThreadId,
    body: &str,
    files: Vec<Upload>,
) -> Result<MessageId, AppError> {
    let (row, side) = access(state.db.pool(), user, thread).await?;
    let company = company_of(user)?;
    let body = message_text(body)?;
    if body.is_empty() && files.is_empty() {
        return Err(AppError::field("body", "Write a message or attach a file."));
    }
    let files = attachments::check(files)?;
    rate_limit(
        &state.db,
        "SELECT created_at FROM messages WHERE author_id = $1 AND created_at > $2 ORDER BY created_at DESC LIMIT $3",
        user.id,
        600,
        MESSAGES_PER_10_MIN,
    )
    .await?;
    attachments::store_files(state, &files).await?;
    let mut tx = state.db.begin_write().await?;
    let message = post(&mut tx, thread, Some(user), Some((company, side)), &body, None).await?;
    attachments::record(&mut tx, Owner::Message(message), company, &files).await?;
    notify_company(
        &mut tx,
        &state.config.public_url(),
        thread,
        row.other(side),
        &user_company_name(user),
        &row.subject,
    )
    .await?;
    tx.commit().await?;
    state.live.notify(thread);
    Ok(message)
}
