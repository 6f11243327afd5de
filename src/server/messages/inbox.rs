//! The inbox (a company's threads, filtered and searched), the header's unread count, and
//! suppliers' measured response times.

use crate::domain::message::median;
use crate::domain::paging::{Cursor, PAGE_SIZE, page_of};
use crate::domain::quote::{Negotiator, QuoteStatus};
use crate::domain::{CompanyId, ProductId, ThreadId};
use crate::error::AppError;
use crate::model::messages::{Inbox, InboxFilter, ThreadSummary};
use crate::model::session::SessionUser;
use crate::server::db::{Choice, Db, push_ids};
use crate::server::market::contains_pattern;
use crate::server::now;
use sqlx::QueryBuilder;
use std::collections::HashMap;

/// Conversations with news for the person in the outer query's `u`, a member of `m.company_id`:
/// how many threads hold a message from the other side they have not read (the header's
/// count, read with who is signed in).
pub const UNREAD_THREADS: &str = "(SELECT COUNT(*) FROM threads t \
     LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = u.id \
     WHERE (t.buyer_id = m.company_id AND t.last_supplier_message > COALESCE(r.last_read, 0)) \
     OR (t.supplier_id = m.company_id AND t.last_buyer_message > COALESCE(r.last_read, 0)))";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: ThreadId,
    buyer_id: CompanyId,
    subject: String,
    product: Option<String>,
    last_message_at: i64,
    last_buyer_message: i64,
    last_supplier_message: i64,
    newest: i64,
    last_read: Option<i64>,
    counterparty: String,
    body: Option<String>,
    #[sqlx(try_from = "String")]
    quote: Choice<QuoteStatus>,
}

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: ProductId,
    title: String,
}

/// A thread's newest message id, either side's: the inbox's order (ids order messages even
/// within one second).
const NEWEST: &str =
    "CASE WHEN t.last_buyer_message > t.last_supplier_message THEN t.last_buyer_message ELSE t.last_supplier_message END";

/// One page of the caller's company's conversations, newest message first, from `before` on.
pub async fn inbox(db: &Db, user: &SessionUser, filter: InboxFilter, before: Option<Cursor>) -> Result<Inbox, AppError> {
    let membership = user.company.as_ref().ok_or_else(|| AppError::not_found("company: you are not part of one"))?;
    let company = membership.company_id;
    let mut sql = QueryBuilder::new(format!(
        "SELECT t.id, t.buyer_id, t.subject, p.title AS product, t.last_message_at, t.last_buyer_message, \
         t.last_supplier_message, {NEWEST} AS newest, r.last_read, other.name AS counterparty, \
         (SELECT m.body FROM messages m WHERE m.thread_id = t.id ORDER BY m.id DESC LIMIT 1) AS body, \
         COALESCE((SELECT q.status FROM quotes q WHERE q.thread_id = t.id ORDER BY q.version DESC LIMIT 1), '') AS quote \
         FROM threads t JOIN companies other ON other.id = CASE WHEN t.buyer_id = "
    ));
    sql.push_bind(company)
        .push(" THEN t.supplier_id ELSE t.buyer_id END LEFT JOIN products p ON p.id = t.product_id ")
        .push("LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = ")
        .push_bind(user.id);
    match filter.side.as_str() {
        "buying" => sql.push(" WHERE t.buyer_id = ").push_bind(company),
        "selling" => sql.push(" WHERE t.supplier_id = ").push_bind(company),
        _ => sql
            .push(" WHERE (t.buyer_id = ")
            .push_bind(company)
            .push(" OR t.supplier_id = ")
            .push_bind(company)
            .push(")"),
    };
    // The other side's newest message, compared with the reader's mark or with mine.
    match filter.show.as_str() {
        "unread" => {
            sql.push(" AND CASE WHEN t.buyer_id = ")
                .push_bind(company)
                .push(" THEN t.last_supplier_message ELSE t.last_buyer_message END > COALESCE(r.last_read, 0)");
        }
        "awaiting" => {
            sql.push(" AND CASE WHEN t.buyer_id = ")
                .push_bind(company)
                .push(" THEN t.last_supplier_message - t.last_buyer_message ELSE t.last_buyer_message - t.last_supplier_message END > 0");
        }
        _ => {}
    }
    if let Some(product) = filter.product {
        sql.push(" AND t.product_id = ").push_bind(product);
    }
    let like = db.dialect().ilike();
    let company_filter = filter.company.trim().chars().take(80).collect::<String>();
    if !company_filter.is_empty() {
        sql.push(format!(" AND other.name {like} ")).push_bind(contains_pattern(&company_filter)).push(" ESCAPE '\\'");
    }
    let q = filter.q.trim().chars().take(100).collect::<String>();
    if !q.is_empty() {
        let pattern = contains_pattern(&q);
        sql.push(format!(" AND (t.subject {like} "))
            .push_bind(pattern.clone())
            .push(format!(
                " ESCAPE '\\' OR EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = t.id AND m.body {like} "
            ))
            .push_bind(pattern)
            .push(" ESCAPE '\\'))");
    }
    if let Some(c) = before {
        sql.push(format!(" AND ({NEWEST} < ")).push_bind(c.at);
        sql.push(format!(" OR ({NEWEST} = ")).push_bind(c.at).push(" AND t.id < ").push_bind(c.id).push("))");
    }
    sql.push(format!(" ORDER BY {NEWEST} DESC, t.id DESC LIMIT ")).push_bind(PAGE_SIZE as i64 + 1);
    let rows: Vec<SummaryRow> = db.fetch_all(&mut sql).await?;
    let (rows, next) = page_of(rows, PAGE_SIZE, |r| Cursor { at: r.newest, id: r.id.get() });
    let threads = rows
        .into_iter()
        .map(|row| {
            let side = if row.buyer_id == company { Negotiator::Buyer } else { Negotiator::Supplier };
            let (theirs, mine) = match side {
                Negotiator::Buyer => (row.last_supplier_message, row.last_buyer_message),
                Negotiator::Supplier => (row.last_buyer_message, row.last_supplier_message),
            };
            ThreadSummary {
                id: row.id,
                subject: row.subject,
                side,
                counterparty: row.counterparty,
                product: row.product,
                snippet: row.body.unwrap_or_default().chars().take(140).collect(),
                last_message_at: row.last_message_at,
                unread: theirs > row.last_read.unwrap_or(0),
                awaiting_me: theirs > mine,
                quote: row.quote.0,
            }
        })
        .collect();
    let products: Vec<ProductRow> = sqlx::query_as(
        "SELECT DISTINCT p.id, p.title FROM threads t JOIN products p ON p.id = t.product_id \
         WHERE t.buyer_id = $1 OR t.supplier_id = $1 ORDER BY p.title LIMIT 200",
    )
    .bind(company)
    .fetch_all(db.pool())
    .await?;
    Ok(Inbox {
        threads,
        filter,
        next,
        older_page: before.is_some(),
        products: products.into_iter().map(|p| (p.id, p.title)).collect(),
        kind: membership.kind,
    })
}

#[derive(sqlx::FromRow)]
struct ReplyRow {
    supplier_id: i64,
    seconds: i64,
}

/// Suppliers' median time to first reply to inquiries opened in the last 90 days, in
/// seconds (suppliers without an answered inquiry are left out).
pub async fn response_times(db: &Db, suppliers: &[i64]) -> Result<HashMap<i64, i64>, AppError> {
    if suppliers.is_empty() {
        return Ok(HashMap::new());
    }
    let mut sql = QueryBuilder::new(
        "SELECT supplier_id, first_reply_at - created_at AS seconds FROM threads WHERE rfq_id IS NULL \
         AND first_reply_at IS NOT NULL AND created_at > ",
    );
    sql.push_bind(now() - 90 * 86_400).push(" AND supplier_id IN ");
    push_ids(&mut sql, suppliers);
    let rows: Vec<ReplyRow> = db.fetch_all(&mut sql).await?;
    let mut by_supplier: HashMap<i64, Vec<i64>> = HashMap::new();
    for row in rows {
        by_supplier.entry(row.supplier_id).or_default().push(row.seconds.max(0));
    }
    Ok(by_supplier.into_iter().map(|(s, mut times)| (s, median(&mut times))).collect())
}
