//! Reading a thread: its messages as the caller sees them, who has read what, its quotes and
//! the actions they allow, and the long poll that waits for new messages.

use super::post::mark_read;
use super::{ThreadRow, access};
use crate::domain::links;
use crate::domain::order::{OrderStatus, order_number};
use crate::domain::quote::{Negotiator, QuoteAction};
use crate::domain::{CompanyId, MessageId, OrderId, QuoteId, RfqId, ThreadId, UserId};
use crate::error::AppError;
use crate::model::messages::{MessageView, Participant, ThreadUpdate, ThreadView};
use crate::model::session::SessionUser;
use crate::server::db::Db;
use crate::server::{AppState, addresses, attachments, now, quotes};
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::broadcast;

/// How long a long poll waits for news, and how often it looks at the database meanwhile
/// (another app server may have written the message).
const POLL_WAIT: Duration = Duration::from_secs(20);
const POLL_RECHECK: Duration = Duration::from_secs(2);

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: MessageId,
    author_id: Option<UserId>,
    company_id: Option<CompanyId>,
    body: String,
    quote_id: Option<QuoteId>,
    created_at: i64,
    author_name: Option<String>,
}

/// Messages a thread page shows at once; earlier ones are a link away.
pub const THREAD_PAGE: usize = 100;

const MESSAGE_COLUMNS: &str = "SELECT m.id, m.author_id, m.company_id, m.body, m.quote_id, m.created_at, \
     u.name AS author_name FROM messages m LEFT JOIN users u ON u.id = m.author_id WHERE m.thread_id = $1";

/// Messages of a thread after `after`, oldest first, as `viewer` sees them.
async fn messages_after(
    db: &Db,
    row: &ThreadRow,
    viewer: &SessionUser,
    after: i64,
) -> Result<Vec<MessageView>, AppError> {
    let rows: Vec<MessageRow> = sqlx::query_as(&format!("{MESSAGE_COLUMNS} AND m.id > $2 ORDER BY m.id LIMIT 500"))
        .bind(row.id)
        .bind(after)
        .fetch_all(db.pool())
        .await?;
    views(db, row, viewer, rows).await
}

/// The page of a thread's messages just before message `before` (the newest page without
/// it), oldest first, and where the page before it starts, if there is one.
async fn messages_before(
    db: &Db,
    row: &ThreadRow,
    viewer: &SessionUser,
    before: Option<MessageId>,
) -> Result<(Vec<MessageView>, Option<MessageId>), AppError> {
    let mut rows: Vec<MessageRow> =
        sqlx::query_as(&format!("{MESSAGE_COLUMNS} AND m.id < $2 ORDER BY m.id DESC LIMIT $3"))
            .bind(row.id)
            .bind(before.map_or(i64::MAX, MessageId::get))
            .bind(THREAD_PAGE as i64 + 1)
            .fetch_all(db.pool())
            .await?;
    let more = rows.len() > THREAD_PAGE;
    rows.truncate(THREAD_PAGE);
    rows.reverse();
    let earlier = if more { rows.first().map(|m| m.id) } else { None };
    Ok((views(db, row, viewer, rows).await?, earlier))
}

async fn views(db: &Db, row: &ThreadRow, viewer: &SessionUser, rows: Vec<MessageRow>) -> Result<Vec<MessageView>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id.get()).collect();
    let mut files: HashMap<i64, Vec<_>> = HashMap::new();
    for (owner, file) in attachments::of(db, attachments::Owners::Messages, &ids).await? {
        files.entry(owner).or_default().push(file);
    }
    Ok(rows
        .into_iter()
        .map(|m| {
            let side = m.company_id.map(|c| row.side_of(c));
            MessageView {
                id: m.id,
                author: m
                    .author_name
                    .unwrap_or_else(|| if side.is_some() { "Former member".into() } else { "Caravan".into() }),
                side,
                mine: m.author_id == Some(viewer.id),
                body: m.body,
                at: m.created_at,
                attachments: files.remove(&m.id.get()).unwrap_or_default(),
                quote: m.quote_id,
            }
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct NamesRow {
    buyer_name: String,
    supplier_name: String,
    supplier_slug: String,
}

#[derive(sqlx::FromRow)]
struct ProductRow {
    title: String,
    slug: String,
}

#[derive(sqlx::FromRow)]
struct ParticipantRow {
    name: String,
    company_id: CompanyId,
    last_read: Option<MessageId>,
    read_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct OrderRow {
    number: i64,
    #[sqlx(try_from = "String")]
    status: OrderStatus,
}

/// A thread with its newest messages, or with the page of earlier ones before `before`
/// (which marks nothing read).
pub async fn thread(
    state: &AppState,
    user: &SessionUser,
    id: ThreadId,
    before: Option<MessageId>,
) -> Result<ThreadView, AppError> {
    let db = &state.db;
    let (row, side) = access(db.pool(), user, id).await?;
    let (messages, earlier) = messages_before(db, &row, user, before).await?;
    let last_message = messages.last().map(|m| m.id);
    if let (Some(last), None) = (last_message, before) {
        mark_read(db.pool(), id, user.id, last).await?;
    }
    let names: NamesRow = sqlx::query_as(
        "SELECT b.name AS buyer_name, s.name AS supplier_name, s.slug AS supplier_slug FROM companies b, companies s \
         WHERE b.id = $1 AND s.id = $2",
    )
    .bind(row.buyer_id)
    .bind(row.supplier_id)
    .fetch_one(db.pool())
    .await?;
    let product = match row.product_id {
        Some(p) => {
            let found: Option<ProductRow> = sqlx::query_as("SELECT title, slug FROM products WHERE id = $1")
                .bind(p)
                .fetch_optional(db.pool())
                .await?;
            found.map(|f| (f.title, links::product(&f.slug, p.get())))
        }
        None => None,
    };
    let rfq: Option<(RfqId, String)> = match row.rfq_id {
        Some(r) => {
            let title: String =
                sqlx::query_scalar("SELECT title FROM rfqs WHERE id = $1").bind(r).fetch_one(db.pool()).await?;
            Some((r, title))
        }
        None => None,
    };
    let participants: Vec<ParticipantRow> = sqlx::query_as(
        "SELECT u.name, ms.company_id, r.last_read, r.read_at FROM memberships ms JOIN users u ON u.id = ms.user_id \
         LEFT JOIN thread_reads r ON r.thread_id = $1 AND r.user_id = u.id \
         WHERE ms.company_id IN ($2, $3) ORDER BY ms.company_id = $2 DESC, u.name",
    )
    .bind(id)
    .bind(row.buyer_id)
    .bind(row.supplier_id)
    .fetch_all(db.pool())
    .await?;
    let participants = participants
        .into_iter()
        .map(|p| Participant {
            name: p.name,
            side: row.side_of(p.company_id),
            last_read: p.last_read,
            read_at: p.read_at,
        })
        .collect();
    let quotes = quotes::versions(db, id).await?;
    let at = now();
    let actions = quotes.last().map(|q| quotes::offer_of(q).actions(side, at)).unwrap_or_default();
    let can_quote = side == Negotiator::Supplier
        && row.order_id.is_none()
        && quotes.last().is_none_or(|q| quotes::offer_of(q).apply(Some(side), QuoteAction::Counter, at).is_err());
    let order: Option<(OrderId, String, OrderStatus)> = match row.order_id {
        Some(o) => {
            let order: OrderRow =
                sqlx::query_as("SELECT number, status FROM orders WHERE id = $1").bind(o).fetch_one(db.pool()).await?;
            Some((o, order_number(order.number), order.status))
        }
        None => None,
    };
    let catalog = if side == Negotiator::Supplier { quotes::catalog(db, row.supplier_id).await? } else { Vec::new() };
    let addresses = if side == Negotiator::Buyer {
        addresses::list(db, row.buyer_id).await?.into_iter().map(|a| (a.id, a.address.lines().join(", "))).collect()
    } else {
        Vec::new()
    };
    Ok(ThreadView {
        id,
        subject: row.subject.clone(),
        side,
        buyer_name: names.buyer_name,
        supplier_name: names.supplier_name,
        supplier_slug: names.supplier_slug,
        product,
        rfq,
        quantity: row.quantity.map(|q| row.unit.quantity(q.max(0) as u64)),
        messages,
        participants,
        quotes,
        actions,
        can_quote,
        order,
        catalog,
        addresses,
        card_element: crate::server::checkout::card_element(state),
        last_message: last_message.map_or(0, MessageId::get),
        earlier,
        older_page: before.is_some(),
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
    // Past a person's cap of open polls, this one looks once and answers at once.
    let slot = state.live.hold(user.id);
    let deadline = tokio::time::Instant::now() + if slot.is_some() { POLL_WAIT } else { Duration::ZERO };
    loop {
        let messages = messages_after(&state.db, &row, user, after).await?;
        if let Some(last) = messages.last() {
            mark_read(state.db.pool(), thread, user.id, last.id).await?;
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
                Ok(Ok(id)) if id != thread => continue,
                Ok(Err(broadcast::error::RecvError::Closed)) => tokio::time::sleep_until(until).await,
                _ => {}
            }
            break;
        }
    }
}
