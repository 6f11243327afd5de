//! Quotes in a thread: versions with their terms and what changed, counter-offers, closing a
//! version (declined, withdrawn, expired), and acceptance ([`accept`]), which makes one order
//! with exactly the quoted terms through the checkout's order, stock, payment, ledger and
//! invoice code.

mod accept;

pub use accept::{AcceptForm, QUOTE_KEY_PREFIX, accept};

use super::db::{Db, Json, to_json};
use super::messages::{self, ThreadRow};
use super::{AppState, now};
use crate::domain::form::FieldErrors;
use crate::domain::form::FormValues;
use crate::domain::product::Unit;
use crate::domain::quote::{Negotiator, Offer, QuoteAction, QuoteError, QuoteStatus, QuoteTerms, diff};
use crate::domain::{CompanyId, OrderId, ProductId, QuoteId, RfqId, ThreadId, VariantId};
use crate::error::AppError;
use crate::model::messages::{CatalogChoice, QuoteVersion};
use crate::model::session::SessionUser;
use sqlx::{Any, Transaction};

#[derive(sqlx::FromRow)]
struct VersionRow {
    id: QuoteId,
    version: i64,
    #[sqlx(try_from = "String")]
    author: Negotiator,
    #[sqlx(try_from = "String")]
    status: QuoteStatus,
    #[sqlx(try_from = "String")]
    terms: Json<QuoteTerms>,
    created_at: i64,
    order_id: Option<OrderId>,
}

/// Every version of a thread's quote, oldest first, each with what changed from the one before.
pub async fn versions(db: &Db, thread: ThreadId) -> Result<Vec<QuoteVersion>, AppError> {
    let rows: Vec<VersionRow> = sqlx::query_as(
        "SELECT id, version, author, status, terms, created_at, order_id FROM quotes WHERE thread_id = $1 ORDER BY version",
    )
    .bind(thread)
    .fetch_all(db.pool())
    .await?;
    let mut out: Vec<QuoteVersion> = Vec::with_capacity(rows.len());
    for row in rows {
        let terms = row.terms.0;
        let changes = out.last().map(|before| diff(&before.terms, &terms)).unwrap_or_default();
        out.push(QuoteVersion {
            id: row.id,
            version: row.version,
            author: row.author,
            status: row.status,
            terms,
            changes,
            created_at: row.created_at,
            order: row.order_id,
        });
    }
    Ok(out)
}

pub fn offer_of(version: &QuoteVersion) -> Offer {
    Offer { status: version.status, author: version.author, valid_until: version.terms.valid_until }
}

#[derive(sqlx::FromRow)]
struct ChoiceRow {
    id: VariantId,
    title: String,
    name: String,
    sku: String,
    #[sqlx(try_from = "String")]
    unit: Unit,
}

/// The supplier's published and draft products, by variant, for quote lines.
pub async fn catalog(db: &Db, supplier: CompanyId) -> Result<Vec<CatalogChoice>, AppError> {
    let rows: Vec<ChoiceRow> = sqlx::query_as(
        "SELECT v.id, p.title, v.name, v.sku, p.unit FROM product_variants v JOIN products p ON p.id = v.product_id \
         WHERE p.company_id = $1 AND p.status <> 'archived' ORDER BY p.title, v.position LIMIT 500",
    )
    .bind(supplier)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let label = if r.name.is_empty() {
                format!("{} ({})", r.title, r.sku)
            } else {
                format!("{} — {} ({})", r.title, r.name, r.sku)
            };
            CatalogChoice { variant: r.id, label, unit: r.unit }
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct LineProductRow {
    id: ProductId,
    title: String,
    name: String,
    #[sqlx(try_from = "String")]
    unit: Unit,
}

/// Reads a quote form and ties its catalog lines to the supplier's products (a line naming
/// another company's variant is refused).
pub async fn read_terms(db: &Db, supplier: CompanyId, form: &FormValues) -> Result<QuoteTerms, AppError> {
    let mut terms = QuoteTerms::read(form, now()).map_err(|fields| super::invalid_form(fields, form))?;
    for (n, line) in terms.lines.iter_mut().enumerate() {
        let Some(variant) = line.variant else { continue };
        let found: Option<LineProductRow> = sqlx::query_as(
            "SELECT p.id, p.title, v.name, p.unit FROM product_variants v JOIN products p ON p.id = v.product_id \
             WHERE v.id = $1 AND p.company_id = $2",
        )
        .bind(variant)
        .bind(supplier)
        .fetch_optional(db.pool())
        .await?;
        let Some(found) = found else {
            let mut errors = FieldErrors::new();
            errors.add(&format!("line.{n}.variant"), "Choose one of the supplier's products.");
            return Err(super::invalid_form(errors.into_vec(), form));
        };
        line.product = Some(found.id);
        line.unit = found.unit;
        if line.description.is_empty() {
            line.description =
                if found.name.is_empty() { found.title } else { format!("{} — {}", found.title, found.name) };
        }
    }
    Ok(terms)
}

/// The newest version, checked to be the one acted on.
fn latest_is(versions: &[QuoteVersion], quote: QuoteId) -> Result<&QuoteVersion, AppError> {
    let latest = versions.last().ok_or_else(|| AppError::not_found("quote"))?;
    if latest.id == quote {
        Ok(latest)
    } else if versions.iter().any(|v| v.id == quote) {
        Err(AppError::Conflict(QuoteError::Replaced.to_string()))
    } else {
        Err(AppError::not_found("quote"))
    }
}

fn refused(error: QuoteError) -> AppError {
    AppError::Conflict(error.to_string())
}

/// Writes the next version by `side`, closing the open one it answers (which must still be
/// open: two counters at once, the second is refused), with its message in the thread.
pub async fn insert_version(
    state: &AppState,
    tx: &mut Transaction<'static, Any>,
    user: &SessionUser,
    row: &ThreadRow,
    side: Negotiator,
    answering: Option<QuoteId>,
    terms: &QuoteTerms,
) -> Result<QuoteId, AppError> {
    let thread = row.id;
    if let Some(rfq) = row.rfq_id
        && let Some(closed) = closed_rfq(&mut **tx, rfq, answering.is_none()).await?
    {
        return Err(closed);
    }
    if let Some(previous) = answering {
        let closed = sqlx::query("UPDATE quotes SET status = 'countered' WHERE id = $1 AND status = 'open'")
            .bind(previous)
            .execute(&mut **tx)
            .await?;
        if closed.rows_affected() == 0 {
            return Err(AppError::Conflict("The offer changed meanwhile: reload the conversation.".into()));
        }
    } else {
        // A new quote only where none is open.
        let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM quotes WHERE thread_id = $1 AND status = 'open'")
            .bind(thread)
            .fetch_one(&mut **tx)
            .await?;
        if open > 0 {
            return Err(AppError::Conflict("An offer is open in this conversation: counter it instead.".into()));
        }
    }
    let version: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM quotes WHERE thread_id = $1")
        .bind(thread)
        .fetch_one(&mut **tx)
        .await?;
    let quote: QuoteId = sqlx::query_scalar(
        "INSERT INTO quotes (thread_id, version, author, author_user, status, terms, currency, landed_total, valid_until, created_at) \
         VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(thread)
    .bind(version)
    .bind(side.as_str())
    .bind(user.id)
    .bind(to_json(terms)?)
    .bind(terms.currency.code())
    .bind(terms.landed_total().minor())
    .bind(terms.valid_until)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    let what = if answering.is_some() { "Counter-offer" } else { "Quote" };
    let body = format!(
        "{what} (version {version}): {} landed, {} lead time, valid until {}.",
        terms.landed_total(),
        crate::domain::quote::days(terms.lead_days),
        crate::domain::date::format_date(terms.valid_until)
    );
    messages::post(tx, thread, Some(user), Some((row.company(side), side)), &body, Some(quote)).await?;
    let from = user.company.as_ref().map(|m| m.company_name.clone()).unwrap_or_default();
    messages::notify_company(tx, &state.config.public_url(), thread, row.other(side), &from, &row.subject).await?;
    Ok(quote)
}

/// A supplier's new quote, or either side's counter to the open version.
pub async fn send(
    state: &AppState,
    user: &SessionUser,
    thread: ThreadId,
    form: &FormValues,
) -> Result<QuoteId, AppError> {
    let (row, side) = messages::access(state.db.pool(), user, thread).await?;
    if row.order_id.is_some() {
        return Err(AppError::Conflict("This conversation's quote became an order already.".into()));
    }
    let supplier = row.supplier_id;
    let versions = versions(&state.db, thread).await?;
    let open = versions.last().filter(|v| v.status == QuoteStatus::Open);
    let answering = match open {
        Some(v) => {
            offer_of(v).apply(Some(side), QuoteAction::Counter, now()).map_err(refused)?;
            Some(v.id)
        }
        None if side == Negotiator::Supplier => None,
        None => return Err(AppError::Conflict("There is no open offer to counter: ask the supplier for one.".into())),
    };
    let terms = read_terms(&state.db, supplier, form).await?;
    if let Some(open) = open
        && open.terms == terms
    {
        return Err(AppError::form("Change at least one term: this is the offer as it stands."));
    }
    let mut tx = state.db.begin_write().await?;
    let quote = insert_version(state, &mut tx, user, &row, side, answering, &terms).await?;
    tx.commit().await?;
    state.live.notify(thread);
    Ok(quote)
}

/// The supplier takes the buyer's counter-offer as its own version, for the buyer to accept.
pub async fn agree(state: &AppState, user: &SessionUser, quote: QuoteId) -> Result<ThreadId, AppError> {
    let thread = thread_of(&state.db, quote).await?;
    let (row, side) = messages::access(state.db.pool(), user, thread).await?;
    let versions = versions(&state.db, thread).await?;
    let latest = latest_is(&versions, quote)?;
    if side != Negotiator::Supplier || latest.author != Negotiator::Buyer {
        return Err(refused(QuoteError::NotYours));
    }
    offer_of(latest).apply(Some(side), QuoteAction::Counter, now()).map_err(refused)?;
    let mut tx = state.db.begin_write().await?;
    insert_version(state, &mut tx, user, &row, side, Some(quote), &latest.terms).await?;
    tx.commit().await?;
    state.live.notify(thread);
    Ok(thread)
}

async fn thread_of(db: &Db, quote: QuoteId) -> Result<ThreadId, AppError> {
    let thread: Option<ThreadId> =
        sqlx::query_scalar("SELECT thread_id FROM quotes WHERE id = $1").bind(quote).fetch_optional(db.pool()).await?;
    thread.ok_or_else(|| AppError::not_found("quote"))
}

/// Declines (the other side) or withdraws (its author) the open version.
pub async fn close(
    state: &AppState,
    user: &SessionUser,
    quote: QuoteId,
    action: QuoteAction,
) -> Result<ThreadId, AppError> {
    if !matches!(action, QuoteAction::Decline | QuoteAction::Withdraw) {
        return Err(AppError::BadRequest("only declining or withdrawing closes an offer".into()));
    }
    let thread = thread_of(&state.db, quote).await?;
    let (row, side) = messages::access(state.db.pool(), user, thread).await?;
    let versions = versions(&state.db, thread).await?;
    let latest = latest_is(&versions, quote)?;
    let status = offer_of(latest).apply(Some(side), action, now()).map_err(refused)?;
    let mut tx = state.db.begin_write().await?;
    let changed = sqlx::query("UPDATE quotes SET status = $1 WHERE id = $2 AND status = 'open'")
        .bind(status.as_str())
        .bind(quote)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::Conflict("The offer changed meanwhile: reload the conversation.".into()));
    }
    let body = format!("{} version {}.", status.label(), latest.version);
    messages::post(&mut tx, thread, Some(user), Some((row.company(side), side)), &body, None).await?;
    tx.commit().await?;
    state.live.notify(thread);
    Ok(thread)
}

/// An open version, with its thread.
#[derive(sqlx::FromRow)]
struct OpenVersion {
    id: QuoteId,
    thread_id: ThreadId,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct RfqStanding {
    cancelled: i64,
    awarded_at: Option<i64>,
    closes_at: i64,
}

/// Why an RFQ takes no more offers or acceptances on any of its threads (awarded or
/// cancelled), or, for a `fresh_quote` (not a counter-offer), no more after its closing date.
async fn closed_rfq<'c>(
    executor: impl sqlx::Executor<'c, Database = Any>,
    rfq: RfqId,
    fresh_quote: bool,
) -> Result<Option<AppError>, AppError> {
    let standing: RfqStanding = sqlx::query_as("SELECT cancelled, awarded_at, closes_at FROM rfqs WHERE id = $1")
        .bind(rfq)
        .fetch_one(executor)
        .await?;
    let why = if standing.awarded_at.is_some() {
        "This request was awarded: its offers can no longer be sent or accepted."
    } else if standing.cancelled != 0 {
        "The buyer cancelled this request: its offers can no longer be sent or accepted."
    } else if fresh_quote && now() > standing.closes_at {
        "This request is closed: it takes no more quotes."
    } else {
        return Ok(None);
    };
    Ok(Some(AppError::Conflict(why.into())))
}

/// Expires open versions past their validity date, noting it in their threads.
pub async fn expire_due(state: &AppState, at: i64) -> Result<usize, AppError> {
    let due: Vec<OpenVersion> = sqlx::query_as(
        "SELECT id, thread_id, version FROM quotes WHERE status = 'open' AND valid_until < $1 LIMIT 500",
    )
    .bind(at)
    .fetch_all(state.db.pool())
    .await?;
    let mut expired = 0;
    for OpenVersion { id, thread_id: thread, version } in due {
        let mut tx = state.db.begin_write().await?;
        let changed =
            sqlx::query("UPDATE quotes SET status = 'expired' WHERE id = $1 AND status = 'open' AND valid_until < $2")
                .bind(id)
                .bind(at)
                .execute(&mut *tx)
                .await?;
        if changed.rows_affected() == 1 {
            messages::post(&mut tx, thread, None, None, &format!("Version {version} expired."), None).await?;
            expired += 1;
        }
        tx.commit().await?;
        state.live.notify(thread);
    }
    Ok(expired)
}
