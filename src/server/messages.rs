//! Threads and messages: who may read and write a thread (the members of its two companies,
//! nobody else), inquiries, the inbox, read marks, rate limits against spam, live delivery
//! of new messages, and suppliers' measured response times.

use super::attachments::{self, Owner, Upload};
use super::db::{Backend, Db};
use super::mail::{self, Message};
use super::{AppState, now};
use crate::domain::message::MAX_MESSAGE_CHARS;
use crate::domain::product::Unit;
use crate::domain::quote::Negotiator;
use crate::domain::text::clean_text;
use crate::domain::{CompanyId, MessageId, ProductId, QuoteId, ThreadId, UserId};
use crate::error::AppError;
use crate::model::messages::{
    Inbox, InboxFilter, InquiryTarget, MessageView, Participant, ThreadSummary, ThreadUpdate, ThreadView,
};
use crate::model::session::SessionUser;
use sqlx::{Any, Transaction};
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::broadcast;

/// New inquiries one person may open per hour, and messages they may send per ten minutes.
pub const THREADS_PER_HOUR: i64 = 10;
pub const MESSAGES_PER_10_MIN: i64 = 60;
/// How long a long poll waits for news, and how often it looks at the database meanwhile
/// (another app server may have written the message).
const POLL_WAIT: Duration = Duration::from_secs(20);
const POLL_RECHECK: Duration = Duration::from_secs(2);

/// Wakes long polls of a thread when it gets a message on this app server.
#[derive(Debug, Clone)]
pub struct Live(broadcast::Sender<i64>);

impl Default for Live {
    fn default() -> Self {
        Live(broadcast::channel(1024).0)
    }
}

impl Live {
    pub fn notify(&self, thread: ThreadId) {
        // Nobody listening is fine.
        let _ = self.0.send(thread.get());
    }

    fn subscribe(&self) -> broadcast::Receiver<i64> {
        self.0.subscribe()
    }
}

/// A thread as access checks need it.
#[derive(sqlx::FromRow)]
pub struct ThreadRow {
    pub id: i64,
    pub buyer_id: i64,
    pub supplier_id: i64,
    pub product_id: Option<i64>,
    pub rfq_id: Option<i64>,
    pub subject: String,
    pub quantity: Option<i64>,
    pub unit: String,
    pub order_id: Option<i64>,
    pub last_buyer_message: i64,
    pub last_supplier_message: i64,
}

/// The caller's company and side in a thread: anyone else is told it does not exist.
pub async fn access<'c, E>(
    executor: E,
    user: &SessionUser,
    thread: ThreadId,
) -> Result<(ThreadRow, Negotiator), AppError>
where
    E: sqlx::Executor<'c, Database = Any>,
{
    let not_found = || AppError::not_found("conversation");
    let company = user.company.as_ref().map(|m| m.company_id.get()).ok_or_else(not_found)?;
    let row: ThreadRow = sqlx::query_as(
        "SELECT id, buyer_id, supplier_id, product_id, rfq_id, subject, quantity, unit, order_id, last_buyer_message, \
         last_supplier_message FROM threads WHERE id = $1 AND (buyer_id = $2 OR supplier_id = $2)",
    )
    .bind(thread.get())
    .bind(company)
    .fetch_optional(executor)
    .await?
    .ok_or_else(not_found)?;
    let side = if row.buyer_id == company { Negotiator::Buyer } else { Negotiator::Supplier };
    Ok((row, side))
}

/// The caller's company: conversations, requests and quotes are between companies.
pub fn company_of(user: &SessionUser) -> Result<CompanyId, AppError> {
    user.company
        .as_ref()
        .map(|m| m.company_id)
        .ok_or_else(|| AppError::form("Join or create a company first: trade on Caravan is between companies."))
}

/// Refuses when `user` did `what` `limit` times within `window` seconds.
async fn rate_limit(db: &Db, sql: &str, user: UserId, window: i64, limit: i64) -> Result<(), AppError> {
    let since = now() - window;
    let recent: Vec<i64> =
        sqlx::query_scalar(sql).bind(user.get()).bind(since).bind(limit).fetch_all(db.pool()).await?;
    if recent.len() as i64 >= limit {
        let oldest = recent.iter().copied().min().unwrap_or(since);
        return Err(AppError::RateLimited { retry_after_secs: (oldest + window - now()).max(1) as u64 });
    }
    Ok(())
}

pub async fn inquiry_target(db: &Db, product: Option<ProductId>, supplier: &str) -> Result<InquiryTarget, AppError> {
    // supplier, name, product, title, unit, moq
    type Row = (i64, String, Option<i64>, Option<String>, Option<String>, Option<i64>);
    let row: Option<Row> = match product {
        Some(product) => sqlx::query_as(
            "SELECT c.id, c.name, p.id, p.title, p.unit, p.moq FROM products p JOIN companies c ON c.id = p.company_id \
                 WHERE p.id = $1 AND p.status = 'published'",
        )
        .bind(product.get())
        .fetch_optional(db.pool())
        .await?,
        None => sqlx::query_as(
            "SELECT id, name, NULL, NULL, NULL, NULL FROM companies WHERE slug = $1 AND kind IN ('supplier', 'both')",
        )
        .bind(supplier.trim())
        .fetch_optional(db.pool())
        .await?,
    };
    let (supplier, supplier_name, product, title, unit, moq) = row.ok_or_else(|| AppError::not_found("supplier"))?;
    Ok(InquiryTarget {
        supplier: CompanyId::new(supplier).map_err(|_| AppError::Internal)?,
        supplier_name,
        product: product.and_then(|p| Some((ProductId::new(p).ok()?, title?))),
        unit: unit.and_then(|u| u.parse().ok()).unwrap_or(Unit::Piece),
        moq: moq.map(|m| m as u64),
    })
}

pub struct InquiryForm {
    pub supplier: CompanyId,
    pub product: Option<ProductId>,
    pub subject: String,
    pub quantity: String,
    pub message: String,
}

fn message_text(raw: &str) -> Result<String, AppError> {
    clean_text(raw, MAX_MESSAGE_CHARS, true).map_err(|e| AppError::field("body", e))
}

pub async fn start_inquiry(state: &AppState, user: &SessionUser, form: &InquiryForm) -> Result<ThreadId, AppError> {
    let buyer = company_of(user)?;
    let target = inquiry_target(&state.db, form.product, "").await;
    let target = match (form.product, target) {
        (Some(_), Ok(t)) if t.supplier == form.supplier => t,
        (Some(_), _) => return Err(AppError::not_found("product")),
        (None, _) => {
            let slug: Option<String> =
                sqlx::query_scalar("SELECT slug FROM companies WHERE id = $1 AND kind IN ('supplier', 'both')")
                    .bind(form.supplier.get())
                    .fetch_optional(state.db.pool())
                    .await?;
            inquiry_target(&state.db, None, &slug.ok_or_else(|| AppError::not_found("supplier"))?).await?
        }
    };
    if target.supplier == buyer {
        return Err(AppError::form("This is your own company."));
    }
    let mut fields = Vec::new();
    let quantity = match form.quantity.replace([',', ' ', '_'], "").as_str() {
        "" => None,
        text => match text.parse::<u64>() {
            Ok(q) if (1..=crate::domain::terms::MAX_QUANTITY).contains(&q) => Some(q),
            _ => {
                fields.push(field_error("quantity", "Enter a whole number of units, or leave it empty."));
                None
            }
        },
    };
    let body = match message_text(&form.message) {
        Ok(b) if b.is_empty() => {
            fields.push(field_error("message", "Write your message: what you need, specifications, destination."));
            b
        }
        Ok(b) => b,
        Err(e) => {
            fields.push(field_error("message", e.field_message("body").unwrap_or_default()));
            String::new()
        }
    };
    let subject = match clean_text(&form.subject, 120, false) {
        Ok(s) if s.is_empty() => target
            .product
            .as_ref()
            .map(|(_, title)| title.clone())
            .unwrap_or_else(|| format!("Inquiry to {}", target.supplier_name)),
        Ok(s) => s,
        Err(e) => {
            fields.push(field_error("subject", e));
            String::new()
        }
    };
    if !fields.is_empty() {
        return Err(super::invalid_form(
            fields,
            &serde_json::json!({"subject": form.subject, "quantity": form.quantity, "message": form.message}),
        ));
    }
    rate_limit(
        &state.db,
        "SELECT created_at FROM threads WHERE created_by = $1 AND created_at > $2 ORDER BY created_at DESC LIMIT $3",
        user.id,
        3600,
        THREADS_PER_HOUR,
    )
    .await?;
    let mut tx = state.db.begin_write().await?;
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO threads (buyer_id, supplier_id, product_id, subject, quantity, unit, created_by, created_at, last_message_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(buyer.get())
    .bind(target.supplier.get())
    .bind(target.product.as_ref().map(|(p, _)| p.get()))
    .bind(&subject)
    .bind(quantity.map(|q| q as i64))
    .bind(target.unit.as_str())
    .bind(user.id.get())
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    let thread = ThreadId::new(id).map_err(|_| AppError::Internal)?;
    let opening = match quantity {
        Some(q) => format!("Quantity of interest: {}\n\n{body}", target.unit.quantity(q)),
        None => body,
    };
    post(&mut tx, thread, Some(user), Some((buyer, Negotiator::Buyer)), &opening, None).await?;
    notify_company(&mut tx, &state.config.public_url(), thread, target.supplier, &user_company_name(user), &subject)
        .await?;
    tx.commit().await?;
    Ok(thread)
}

fn field_error(field: &str, message: impl std::fmt::Display) -> crate::error::FieldError {
    crate::error::FieldError { field: field.into(), message: message.to_string() }
}

fn user_company_name(user: &SessionUser) -> String {
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
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO messages (thread_id, author_id, company_id, body, quote_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         RETURNING id",
    )
    .bind(thread.get())
    .bind(author.map(|u| u.id.get()))
    .bind(from.map(|(c, _)| c.get()))
    .bind(body)
    .bind(quote.map(QuoteId::get))
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
    sqlx::query(update).bind(id).bind(at).bind(thread.get()).execute(&mut **tx).await?;
    if let Some(author) = author {
        mark_read(&mut **tx, thread, author.id, id).await?;
    }
    MessageId::new(id).map_err(|_| AppError::Internal)
}

async fn mark_read<'c, E>(executor: E, thread: ThreadId, user: UserId, last: i64) -> Result<(), AppError>
where
    E: sqlx::Executor<'c, Database = Any>,
{
    sqlx::query(
        "INSERT INTO thread_reads (thread_id, user_id, last_read, read_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (thread_id, user_id) DO UPDATE SET last_read = excluded.last_read, read_at = excluded.read_at \
         WHERE thread_reads.last_read < excluded.last_read",
    )
    .bind(thread.get())
    .bind(user.get())
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
    .bind(thread.get())
    .bind(company.get())
    .fetch_one(&mut **tx)
    .await?;
    if unread > 1 {
        return Ok(());
    }
    let emails: Vec<String> = sqlx::query_scalar(
        "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.company_id = $1 ORDER BY u.id",
    )
    .bind(company.get())
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
    let other = CompanyId::new(if side == Negotiator::Buyer { row.supplier_id } else { row.buyer_id })
        .map_err(|_| AppError::Internal)?;
    notify_company(&mut tx, &state.config.public_url(), thread, other, &user_company_name(user), &row.subject).await?;
    tx.commit().await?;
    state.live.notify(thread);
    Ok(message)
}

type MessageRow = (i64, Option<i64>, Option<i64>, String, Option<i64>, i64, Option<String>);

/// Messages of a thread after `after`, oldest first, as `viewer` sees them.
async fn messages_after(
    db: &Db,
    row: &ThreadRow,
    viewer: &SessionUser,
    after: i64,
) -> Result<Vec<MessageView>, AppError> {
    let rows: Vec<MessageRow> = sqlx::query_as(
        "SELECT m.id, m.author_id, m.company_id, m.body, m.quote_id, m.created_at, u.name FROM messages m \
         LEFT JOIN users u ON u.id = m.author_id WHERE m.thread_id = $1 AND m.id > $2 ORDER BY m.id LIMIT 500",
    )
    .bind(row.id)
    .bind(after)
    .fetch_all(db.pool())
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut files: HashMap<i64, Vec<_>> = HashMap::new();
    for (owner, file) in attachments::of(db, "message_id", &ids).await? {
        files.entry(owner).or_default().push(file);
    }
    rows.into_iter()
        .map(|(id, author, company, body, quote, at, name)| {
            let side = company.map(|c| if c == row.buyer_id { Negotiator::Buyer } else { Negotiator::Supplier });
            Ok(MessageView {
                id: MessageId::new(id).map_err(|_| AppError::Internal)?,
                author: name.unwrap_or_else(|| if side.is_some() { "Former member".into() } else { "Caravan".into() }),
                side,
                mine: author == Some(viewer.id.get()),
                body,
                at,
                attachments: files.remove(&id).unwrap_or_default(),
                quote: quote.and_then(|q| QuoteId::new(q).ok()),
            })
        })
        .collect()
}

pub async fn thread(state: &AppState, user: &SessionUser, id: ThreadId) -> Result<ThreadView, AppError> {
    let db = &state.db;
    let (row, side) = access(db.pool(), user, id).await?;
    let messages = messages_after(db, &row, user, 0).await?;
    let last_message = messages.last().map(|m| m.id.get()).unwrap_or_default();
    if last_message > 0 {
        mark_read(db.pool(), id, user.id, last_message).await?;
    }
    let (buyer_name, supplier_name, supplier_slug): (String, String, String) =
        sqlx::query_as("SELECT b.name, s.name, s.slug FROM companies b, companies s WHERE b.id = $1 AND s.id = $2")
            .bind(row.buyer_id)
            .bind(row.supplier_id)
            .fetch_one(db.pool())
            .await?;
    let product = match row.product_id {
        Some(p) => {
            let found: Option<(String, String, String)> = sqlx::query_as(
                "SELECT p.title, p.slug, c.slug FROM products p JOIN companies c ON c.id = p.company_id WHERE p.id = $1",
            )
            .bind(p)
            .fetch_optional(db.pool())
            .await?;
            found.map(|(title, slug, _)| (title, crate::domain::product::market_href(&slug, p)))
        }
        None => None,
    };
    let rfq = match row.rfq_id {
        Some(r) => {
            let title: String =
                sqlx::query_scalar("SELECT title FROM rfqs WHERE id = $1").bind(r).fetch_one(db.pool()).await?;
            Some((crate::domain::RfqId::new(r).map_err(|_| AppError::Internal)?, title))
        }
        None => None,
    };
    let participants: Vec<(String, i64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT u.name, ms.company_id, r.last_read, r.read_at FROM memberships ms JOIN users u ON u.id = ms.user_id \
         LEFT JOIN thread_reads r ON r.thread_id = $1 AND r.user_id = u.id \
         WHERE ms.company_id IN ($2, $3) ORDER BY ms.company_id = $2 DESC, u.name",
    )
    .bind(id.get())
    .bind(row.buyer_id)
    .bind(row.supplier_id)
    .fetch_all(db.pool())
    .await?;
    let participants = participants
        .into_iter()
        .map(|(name, company, last_read, read_at)| Participant {
            name,
            side: if company == row.buyer_id { Negotiator::Buyer } else { Negotiator::Supplier },
            last_read: last_read.and_then(|m| MessageId::new(m).ok()),
            read_at,
        })
        .collect();
    let quotes = super::quotes::versions(db, id).await?;
    let at = now();
    let actions = quotes.last().map(|q| super::quotes::offer_of(q).actions(side, at)).unwrap_or_default();
    let can_quote = side == Negotiator::Supplier
        && row.order_id.is_none()
        && quotes.last().is_none_or(|q| {
            super::quotes::offer_of(q).apply(Some(side), crate::domain::quote::QuoteAction::Counter, at).is_err()
        });
    let order = match row.order_id {
        Some(o) => {
            let (number, status): (i64, String) =
                sqlx::query_as("SELECT number, status FROM orders WHERE id = $1").bind(o).fetch_one(db.pool()).await?;
            Some((
                crate::domain::OrderId::new(o).map_err(|_| AppError::Internal)?,
                crate::domain::order::order_number(number),
                status.parse().map_err(|_| AppError::Internal)?,
            ))
        }
        None => None,
    };
    let supplier = CompanyId::new(row.supplier_id).map_err(|_| AppError::Internal)?;
    let catalog = if side == Negotiator::Supplier { super::quotes::catalog(db, supplier).await? } else { Vec::new() };
    let addresses = if side == Negotiator::Buyer {
        let buyer = CompanyId::new(row.buyer_id).map_err(|_| AppError::Internal)?;
        super::addresses::list(db, buyer).await?.into_iter().map(|a| (a.id, a.address.lines().join(", "))).collect()
    } else {
        Vec::new()
    };
    Ok(ThreadView {
        id,
        subject: row.subject.clone(),
        side,
        buyer_name,
        supplier_name,
        supplier_slug,
        product,
        rfq,
        quantity: row.quantity.map(|q| row.unit.parse::<Unit>().unwrap_or(Unit::Piece).quantity(q as u64)),
        messages,
        participants,
        quotes,
        actions,
        can_quote,
        order,
        catalog,
        addresses,
        last_message,
        now: at,
    })
}

/// New messages after `after`, waiting up to [`POLL_WAIT`] for the first one.
pub async fn wait_for_messages(
    state: &AppState,
    user: &SessionUser,
    thread: ThreadId,
    after: i64,
) -> Result<ThreadUpdate, AppError> {
    let (row, _) = access(state.db.pool(), user, thread).await?;
    // Subscribed before the first look: a message written in between still wakes us.
    let mut wake = state.live.subscribe();
    let deadline = tokio::time::Instant::now() + POLL_WAIT;
    loop {
        let messages = messages_after(&state.db, &row, user, after).await?;
        if let Some(last) = messages.last() {
            mark_read(state.db.pool(), thread, user.id, last.id.get()).await?;
            // Only the other side's moves (or Caravan's) change the page's forms: a person's own
            // offer arrives while their browser is already loading the page it redirects to.
            let changed = messages.iter().any(|m| !m.mine && (m.quote.is_some() || m.side.is_none()));
            return Ok(ThreadUpdate { messages, changed });
        }
        let now = tokio::time::Instant::now();
        if now >= deadline {
            return Ok(ThreadUpdate { messages, changed: false });
        }
        let until = (now + POLL_RECHECK).min(deadline);
        // Woken by this thread's message, or after a while to look again (other servers).
        loop {
            match tokio::time::timeout_at(until, wake.recv()).await {
                Ok(Ok(id)) if id != thread.get() => continue,
                Ok(Err(broadcast::error::RecvError::Closed)) => tokio::time::sleep_until(until).await,
                _ => {}
            }
            break;
        }
    }
}

/// Conversations with news for the caller: how many threads hold a message from the other
/// side they have not read.
pub async fn unread_count(db: &Db, user: &SessionUser) -> Result<u32, AppError> {
    let Some(company) = user.company.as_ref().map(|m| m.company_id.get()) else { return Ok(0) };
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM threads t LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = $2 \
         WHERE (t.buyer_id = $1 AND t.last_supplier_message > COALESCE(r.last_read, 0)) \
         OR (t.supplier_id = $1 AND t.last_buyer_message > COALESCE(r.last_read, 0))",
    )
    .bind(company)
    .bind(user.id.get())
    .fetch_one(db.pool())
    .await?;
    Ok(count as u32)
}

type SummaryRow =
    (i64, i64, String, Option<String>, i64, i64, i64, Option<i64>, String, Option<String>, Option<String>);

pub async fn inbox(db: &Db, user: &SessionUser, filter: InboxFilter) -> Result<Inbox, AppError> {
    let membership = user.company.as_ref().ok_or_else(|| AppError::not_found("company: you are not part of one"))?;
    let company = membership.company_id.get();
    let mut sql = super::db::Sql::default();
    use super::db::Arg;
    sql.push(
        "SELECT t.id, t.buyer_id, t.subject, p.title, t.last_message_at, t.last_buyer_message, t.last_supplier_message, \
         r.last_read, other.name, \
         (SELECT m.body FROM messages m WHERE m.thread_id = t.id ORDER BY m.id DESC LIMIT 1), \
         (SELECT q.status FROM quotes q WHERE q.thread_id = t.id ORDER BY q.version DESC LIMIT 1) \
         FROM threads t JOIN companies other ON other.id = CASE WHEN t.buyer_id = ",
    )
    .bind(Arg::Int(company))
    .push(" THEN t.supplier_id ELSE t.buyer_id END LEFT JOIN products p ON p.id = t.product_id ")
    .push("LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = ")
    .bind(Arg::Int(user.id.get()));
    match filter.side.as_str() {
        "buying" => sql.push(" WHERE t.buyer_id = ").bind(Arg::Int(company)),
        "selling" => sql.push(" WHERE t.supplier_id = ").bind(Arg::Int(company)),
        _ => sql
            .push(" WHERE (t.buyer_id = ")
            .bind(Arg::Int(company))
            .push(" OR t.supplier_id = ")
            .bind(Arg::Int(company))
            .push(")"),
    };
    // The other side's newest message, compared with the reader's mark or with mine.
    let theirs = format!("CASE WHEN t.buyer_id = {company} THEN t.last_supplier_message ELSE t.last_buyer_message END");
    let mine = format!("CASE WHEN t.buyer_id = {company} THEN t.last_buyer_message ELSE t.last_supplier_message END");
    match filter.show.as_str() {
        "unread" => sql.push(&format!(" AND {theirs} > COALESCE(r.last_read, 0)")),
        "awaiting" => sql.push(&format!(" AND {theirs} > {mine}")),
        _ => &mut sql,
    };
    if let Some(product) = filter.product {
        sql.push(" AND t.product_id = ").bind(Arg::Int(product.get()));
    }
    let like = match db.backend() {
        Backend::Sqlite => "LIKE",
        Backend::Postgres => "ILIKE",
    };
    let company_filter = filter.company.trim().chars().take(80).collect::<String>();
    if !company_filter.is_empty() {
        sql.push(&format!(" AND other.name {like} "))
            .bind(Arg::Text(super::market::contains_pattern(&company_filter)))
            .push(" ESCAPE '\\'");
    }
    let q = filter.q.trim().chars().take(100).collect::<String>();
    if !q.is_empty() {
        let pattern = super::market::contains_pattern(&q);
        sql.push(&format!(" AND (t.subject {like} "))
            .bind(Arg::Text(pattern.clone()))
            .push(&format!(
                " ESCAPE '\\' OR EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = t.id AND m.body {like} "
            ))
            .bind(Arg::Text(pattern))
            .push(" ESCAPE '\\'))");
    }
    // Newest message first (ids order messages even within one second).
    sql.push(
        " ORDER BY CASE WHEN t.last_buyer_message > t.last_supplier_message THEN t.last_buyer_message \
         ELSE t.last_supplier_message END DESC LIMIT 100",
    );
    let rows: Vec<SummaryRow> = sql.query_as().fetch_all(db.pool()).await?;
    let threads = rows
        .into_iter()
        .filter_map(|(id, buyer, subject, product, at, last_buyer, last_supplier, read, other, body, quote)| {
            let side = if buyer == company { Negotiator::Buyer } else { Negotiator::Supplier };
            let (theirs, mine) =
                if side == Negotiator::Buyer { (last_supplier, last_buyer) } else { (last_buyer, last_supplier) };
            Some(ThreadSummary {
                id: ThreadId::new(id).ok()?,
                subject,
                side,
                counterparty: other,
                product,
                snippet: body.unwrap_or_default().chars().take(140).collect(),
                last_message_at: at,
                unread: theirs > read.unwrap_or(0),
                awaiting_me: theirs > mine,
                quote: quote.and_then(|q| q.parse().ok()),
            })
        })
        .collect();
    let products: Vec<(i64, String)> = sqlx::query_as(
        "SELECT DISTINCT p.id, p.title FROM threads t JOIN products p ON p.id = t.product_id \
         WHERE t.buyer_id = $1 OR t.supplier_id = $1 ORDER BY p.title LIMIT 200",
    )
    .bind(company)
    .fetch_all(db.pool())
    .await?;
    Ok(Inbox {
        threads,
        filter,
        products: products.into_iter().filter_map(|(id, title)| Some((ProductId::new(id).ok()?, title))).collect(),
        kind: membership.kind,
    })
}

/// Suppliers' median time to first reply to inquiries opened in the last 90 days, in
/// seconds (suppliers without an answered inquiry are left out).
pub async fn response_times(db: &Db, suppliers: &[i64]) -> Result<HashMap<i64, i64>, AppError> {
    if suppliers.is_empty() {
        return Ok(HashMap::new());
    }
    // Integers only, so listing them inline is injection-free.
    let list = suppliers.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let rows: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT supplier_id, first_reply_at - created_at FROM threads WHERE supplier_id IN ({list}) \
         AND rfq_id IS NULL AND first_reply_at IS NOT NULL AND created_at > $1"
    ))
    .bind(now() - 90 * 86_400)
    .fetch_all(db.pool())
    .await?;
    let mut by_supplier: HashMap<i64, Vec<i64>> = HashMap::new();
    for (supplier, secs) in rows {
        by_supplier.entry(supplier).or_default().push(secs.max(0));
    }
    Ok(by_supplier.into_iter().map(|(s, mut times)| (s, crate::domain::message::median(&mut times))).collect())
}
