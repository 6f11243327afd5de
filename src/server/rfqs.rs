//! Requests for quotation: posting one (with files), who sees it (suppliers in a matching
//! category for an open RFQ, the invited ones otherwise, never after it closed), the
//! suppliers' feed, answering with a quote (a thread of its own per supplier), and the
//! buyer's side-by-side comparison of the quotes.

use super::attachments::{self, Owner, Upload};
use super::catalog::Taxonomy;
use super::db::{Db, Json, push_ids};
use super::messages::{self, company_of};
use super::{AppState, now};
use crate::domain::form::{FieldErrors, FormValues};
use crate::domain::product::Unit;
use crate::domain::quote::{Negotiator, PaymentTerms, QuoteStatus, QuoteTerms};
use crate::domain::rfq::RfqInput;
use crate::domain::{CompanyId, Country, Currency, Money, QuoteId, RfqId, ThreadId};
use crate::error::AppError;
use crate::model::messages::AttachmentView;
use crate::model::rfqs::{FeedFilter, QuoteComparison, RfqDetail, RfqFeed, RfqView};
use crate::model::session::SessionUser;
use sqlx::QueryBuilder;
use std::collections::HashMap;

/// RFQs one person may post per day.
pub const RFQS_PER_DAY: i64 = 20;

#[derive(sqlx::FromRow)]
struct SupplierRow {
    slug: String,
    name: String,
}

/// Suppliers a buyer can invite: every company that sells, by name (address, name).
pub async fn invitable_suppliers(db: &Db) -> Result<Vec<(String, String)>, AppError> {
    let rows: Vec<SupplierRow> =
        sqlx::query_as("SELECT slug, name FROM companies WHERE kind IN ('supplier', 'both') ORDER BY name LIMIT 300")
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(|r| (r.slug, r.name)).collect())
}

/// The form's problem with one field, as the page shows it beside the field.
fn refused(form: &FormValues, field: &str, message: &str) -> AppError {
    let mut errors = FieldErrors::new();
    errors.add(field, message);
    super::invalid_form(errors.into_vec(), form)
}

pub async fn post(
    state: &AppState,
    user: &SessionUser,
    form: &FormValues,
    files: Vec<Upload>,
) -> Result<RfqId, AppError> {
    let buyer = company_of(user)?;
    let input = RfqInput::read(form, now()).map_err(|fields| super::invalid_form(fields, form))?;
    let taxonomy = Taxonomy::load(&state.db).await?;
    let category = taxonomy
        .by_slug(input.category.as_str())
        .ok_or_else(|| refused(form, "category", "Choose a category from the list."))?;
    let mut shown_in: Vec<i64> = taxonomy.trail(category.id).iter().map(|c| c.id).collect();
    shown_in.extend(taxonomy.subtree(category.id));
    shown_in.sort_unstable();
    shown_in.dedup();
    let mut invited = Vec::with_capacity(input.invited.len());
    for slug in &input.invited {
        let id: Option<CompanyId> =
            sqlx::query_scalar("SELECT id FROM companies WHERE slug = $1 AND kind IN ('supplier', 'both')")
                .bind(slug)
                .fetch_optional(state.db.pool())
                .await?;
        match id {
            Some(id) if id != buyer => invited.push(id),
            _ => return Err(refused(form, "visibility", "Choose suppliers from the list.")),
        }
    }
    let files = attachments::check(files)?;
    let recent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rfqs WHERE created_by = $1 AND created_at > $2")
        .bind(user.id)
        .bind(now() - 86_400)
        .fetch_one(state.db.pool())
        .await?;
    if recent >= RFQS_PER_DAY {
        return Err(AppError::RateLimited { retry_after_secs: 3600 });
    }
    attachments::store_files(state, &files).await?;
    let mut tx = state.db.begin_write().await?;
    let rfq: RfqId = sqlx::query_scalar(
        "INSERT INTO rfqs (buyer_id, created_by, title, details, category_id, quantity, unit, currency, target_price, \
         deliver_by, destination, payment_terms, closes_at, visibility, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(buyer)
    .bind(user.id)
    .bind(&input.title)
    .bind(&input.details)
    .bind(category.id)
    .bind(input.quantity as i64)
    .bind(input.unit.as_str())
    .bind(input.currency.code())
    .bind(input.target_price.map(Money::minor))
    .bind(input.deliver_by)
    .bind(input.destination.code())
    .bind(input.payment_terms.as_str())
    .bind(input.closes_at)
    .bind(if invited.is_empty() { "open" } else { "invited" })
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    for category in shown_in {
        sqlx::query("INSERT INTO rfq_categories (rfq_id, category_id) VALUES ($1, $2)")
            .bind(rfq)
            .bind(category)
            .execute(&mut *tx)
            .await?;
    }
    for supplier in &invited {
        sqlx::query("INSERT INTO rfq_invitations (rfq_id, supplier_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(rfq)
            .bind(supplier)
            .execute(&mut *tx)
            .await?;
    }
    attachments::record(&mut tx, Owner::Rfq(rfq), buyer, &files).await?;
    let base = state.config.public_url();
    let emails: Vec<String> = sqlx::query_scalar(
        "SELECT u.email FROM rfq_invitations i JOIN memberships m ON m.company_id = i.supplier_id \
         JOIN users u ON u.id = m.user_id WHERE i.rfq_id = $1 ORDER BY u.id",
    )
    .bind(rfq)
    .fetch_all(&mut *tx)
    .await?;
    let from = user.company.as_ref().map(|m| m.company_name.clone()).unwrap_or_default();
    for to in emails {
        let body = format!(
            "{from} invites you to quote for “{}” ({}).\n\nSee the request and quote at {base}/supplier/rfqs/{rfq}.\n\n— Caravan",
            input.title,
            input.unit.quantity(input.quantity)
        );
        super::mail::enqueue(
            &mut tx,
            super::mail::Message { to: &to, subject: format!("Request for quotation: {}", input.title), body },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(rfq)
}

/// The condition under which the company bound to `$2` may see the RFQ `r`: it is invited,
/// or the RFQ is open and in one of its categories.
const VISIBLE_TO_2: &str = "(EXISTS (SELECT 1 FROM rfq_invitations i WHERE i.rfq_id = r.id AND i.supplier_id = $2) \
     OR (r.visibility = 'open' AND EXISTS (SELECT 1 FROM rfq_categories rc JOIN company_categories cc \
     ON cc.category_id = rc.category_id WHERE rc.rfq_id = r.id AND cc.company_id = $2)))";

/// May `company` see the RFQ: its buyer, an invited or matching supplier, or a supplier that
/// already answered it (its thread stays readable after the RFQ closes).
pub async fn visible_to(db: &Db, rfq: RfqId, company: CompanyId) -> Result<bool, AppError> {
    let seen: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM rfqs r WHERE r.id = $1 AND (r.buyer_id = $2 OR {VISIBLE_TO_2} \
         OR EXISTS (SELECT 1 FROM threads t WHERE t.rfq_id = r.id AND t.supplier_id = $2))"
    ))
    .bind(rfq)
    .bind(company)
    .fetch_one(db.pool())
    .await?;
    Ok(seen > 0)
}

const RFQ_COLUMNS: &str = "r.id, r.title, r.details, b.name AS buyer_name, b.country AS buyer_country, \
     cat.name AS category, r.quantity, r.unit, r.currency, r.target_price, r.deliver_by, r.destination, r.payment_terms, \
     r.closes_at, r.visibility, r.cancelled, r.awarded_at, r.created_at, (SELECT COUNT(*) FROM threads t WHERE t.rfq_id = r.id) AS quotes";
const RFQ_FROM: &str =
    " FROM rfqs r JOIN companies b ON b.id = r.buyer_id JOIN categories cat ON cat.id = r.category_id";

#[derive(sqlx::FromRow)]
struct RfqRow {
    id: RfqId,
    title: String,
    details: String,
    buyer_name: String,
    buyer_country: String,
    category: String,
    #[sqlx(try_from = "i64")]
    quantity: u64,
    #[sqlx(try_from = "String")]
    unit: Unit,
    #[sqlx(try_from = "String")]
    currency: Currency,
    target_price: Option<i64>,
    deliver_by: i64,
    #[sqlx(try_from = "String")]
    destination: Country,
    #[sqlx(try_from = "String")]
    payment_terms: PaymentTerms,
    closes_at: i64,
    visibility: String,
    cancelled: i64,
    awarded_at: Option<i64>,
    created_at: i64,
    quotes: i64,
}

async fn views(db: &Db, rows: Vec<RfqRow>) -> Result<Vec<RfqView>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id.get()).collect();
    let mut files: HashMap<i64, Vec<AttachmentView>> = HashMap::new();
    for (owner, file) in attachments::of(db, attachments::Owners::Rfqs, &ids).await? {
        files.entry(owner).or_default().push(file);
    }
    Ok(rows
        .into_iter()
        .map(|row| RfqView {
            id: row.id,
            title: row.title,
            details: row.details,
            buyer_name: row.buyer_name,
            buyer_country: super::market::country_name(&row.buyer_country),
            category: row.category,
            quantity: row.quantity,
            unit: row.unit,
            target_price: row.target_price.map(|p| Money::from_minor(p, row.currency)),
            deliver_by: row.deliver_by,
            destination: row.destination,
            payment_terms: row.payment_terms,
            closes_at: row.closes_at,
            invited_only: row.visibility == "invited",
            cancelled: row.cancelled != 0,
            awarded: row.awarded_at.is_some(),
            created_at: row.created_at,
            attachments: files.remove(&row.id.get()).unwrap_or_default(),
            quote_count: row.quotes as u32,
        })
        .collect())
}

pub async fn mine(db: &Db, user: &SessionUser) -> Result<Vec<RfqView>, AppError> {
    let buyer = company_of(user)?;
    let rows: Vec<RfqRow> =
        sqlx::query_as(&format!("SELECT {RFQ_COLUMNS}{RFQ_FROM} WHERE r.buyer_id = $1 ORDER BY r.id DESC LIMIT 200"))
            .bind(buyer)
            .fetch_all(db.pool())
            .await?;
    views(db, rows).await
}

async fn load(db: &Db, rfq: RfqId) -> Result<RfqView, AppError> {
    let rows: Vec<RfqRow> = sqlx::query_as(&format!("SELECT {RFQ_COLUMNS}{RFQ_FROM} WHERE r.id = $1"))
        .bind(rfq)
        .fetch_all(db.pool())
        .await?;
    views(db, rows).await?.pop().ok_or_else(|| AppError::not_found("request for quotation"))
}

pub async fn detail(db: &Db, user: &SessionUser, rfq: RfqId) -> Result<RfqDetail, AppError> {
    let company = company_of(user).map_err(|_| AppError::not_found("request for quotation"))?;
    if !visible_to(db, rfq, company).await? {
        return Err(AppError::not_found("request for quotation"));
    }
    let buyer = buyer_of(db, rfq).await?;
    let view = load(db, rfq).await?;
    let is_buyer = buyer == company;
    if !is_buyer {
        let my_thread = thread_of(db, rfq, company).await?;
        return Ok(RfqDetail { rfq: view, quotes: Vec::new(), my_thread, is_buyer, now: now() });
    }
    Ok(RfqDetail { rfq: view, quotes: compare(db, rfq).await?, my_thread: None, is_buyer, now: now() })
}

async fn buyer_of(db: &Db, rfq: RfqId) -> Result<CompanyId, AppError> {
    Ok(sqlx::query_scalar("SELECT buyer_id FROM rfqs WHERE id = $1").bind(rfq).fetch_one(db.pool()).await?)
}

/// The supplier's thread answering the RFQ, if it answered.
async fn thread_of(db: &Db, rfq: RfqId, supplier: CompanyId) -> Result<Option<ThreadId>, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM threads WHERE rfq_id = $1 AND supplier_id = $2")
        .bind(rfq)
        .bind(supplier)
        .fetch_optional(db.pool())
        .await?)
}

/// Each answering supplier's newest version.
#[derive(sqlx::FromRow)]
struct ComparisonRow {
    quote_id: QuoteId,
    thread_id: ThreadId,
    supplier_id: i64,
    #[sqlx(try_from = "String")]
    terms: Json<QuoteTerms>,
    #[sqlx(try_from = "String")]
    status: QuoteStatus,
    version: i64,
}

/// Each answering supplier's newest version, cheapest landed total first.
async fn compare(db: &Db, rfq: RfqId) -> Result<Vec<QuoteComparison>, AppError> {
    let rows: Vec<ComparisonRow> = sqlx::query_as(
        "SELECT q.id AS quote_id, t.id AS thread_id, t.supplier_id, q.terms, q.status, q.version FROM threads t \
         JOIN quotes q ON q.thread_id = t.id AND q.version = (SELECT MAX(version) FROM quotes WHERE thread_id = t.id) \
         WHERE t.rfq_id = $1",
    )
    .bind(rfq)
    .fetch_all(db.pool())
    .await?;
    let suppliers: Vec<i64> = rows.iter().map(|r| r.supplier_id).collect();
    let mut summaries = super::market::supplier_summaries(db, &suppliers).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let terms = row.terms.0;
        let first = terms
            .lines
            .first()
            .ok_or_else(|| AppError::internal(format_args!("quote {} has no lines", row.quote_id)))?;
        out.push(QuoteComparison {
            quote: row.quote_id,
            thread: row.thread_id,
            supplier: summaries
                .remove(&row.supplier_id)
                .ok_or_else(|| AppError::internal(format_args!("supplier {} not found", row.supplier_id)))?,
            status: row.status,
            version: row.version,
            unit_price: first.unit_price,
            quantity: first.quantity,
            subtotal: terms.subtotal(),
            shipping: terms.shipping,
            landed_total: terms.landed_total(),
            lead_days: terms.lead_days,
            payment: terms.payment,
            valid_until: terms.valid_until,
        });
    }
    out.sort_by_key(|q| (q.status != QuoteStatus::Open, q.landed_total.currency().code(), q.landed_total.minor()));
    Ok(out)
}

pub async fn cancel(db: &Db, user: &SessionUser, rfq: RfqId) -> Result<(), AppError> {
    let buyer = company_of(user)?;
    let done = sqlx::query("UPDATE rfqs SET cancelled = 1 WHERE id = $1 AND buyer_id = $2")
        .bind(rfq)
        .bind(buyer)
        .execute(db.pool())
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::not_found("request for quotation"));
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct AnsweredRow {
    rfq_id: RfqId,
    id: ThreadId,
}

/// Open RFQs the caller's company may answer, with its own thread where it answered.
pub async fn feed(db: &Db, user: &SessionUser, filter: FeedFilter) -> Result<RfqFeed, AppError> {
    let membership = user.company.as_ref().filter(|m| m.kind.sells()).ok_or(AppError::Forbidden)?;
    let company = membership.company_id;
    let mut sql = QueryBuilder::new(format!(
        "SELECT {RFQ_COLUMNS}{RFQ_FROM} WHERE r.cancelled = 0 AND r.awarded_at IS NULL AND r.closes_at >= "
    ));
    sql.push_bind(now())
        .push(" AND r.buyer_id <> ")
        .push_bind(company)
        .push(" AND (EXISTS (SELECT 1 FROM rfq_invitations i WHERE i.rfq_id = r.id AND i.supplier_id = ")
        .push_bind(company)
        .push(
            ") OR (r.visibility = 'open' AND EXISTS (SELECT 1 FROM rfq_categories rc JOIN company_categories cc \
             ON cc.category_id = rc.category_id WHERE rc.rfq_id = r.id AND cc.company_id = ",
        )
        .push_bind(company)
        .push(")))");
    let category = filter.category.trim();
    if !category.is_empty() {
        let taxonomy = Taxonomy::load(db).await?;
        let ids = taxonomy.by_slug(category).map(|c| taxonomy.subtree(c.id)).unwrap_or_default();
        sql.push(" AND r.category_id IN ");
        push_ids(&mut sql, &ids);
    }
    if let Ok(country) = Country::parse(&filter.country) {
        sql.push(" AND r.destination = ").push_bind(country.code());
    }
    let number = |text: &str| text.replace([',', ' ', '_'], "").parse::<i64>().ok();
    if let Some(min) = number(&filter.min_quantity) {
        sql.push(" AND r.quantity >= ").push_bind(min);
    }
    if let Some(max) = number(&filter.max_quantity) {
        sql.push(" AND r.quantity <= ").push_bind(max);
    }
    sql.push(if filter.sort == "closing" { " ORDER BY r.closes_at, r.id" } else { " ORDER BY r.id DESC" });
    sql.push(" LIMIT 100");
    let rows: Vec<RfqRow> = db.fetch_all(&mut sql).await?;
    let rfqs = views(db, rows).await?;
    let answered: Vec<AnsweredRow> =
        sqlx::query_as("SELECT rfq_id, id FROM threads WHERE supplier_id = $1 AND rfq_id IS NOT NULL")
            .bind(company)
            .fetch_all(db.pool())
            .await?;
    let answered: HashMap<RfqId, ThreadId> = answered.into_iter().map(|a| (a.rfq_id, a.id)).collect();
    Ok(RfqFeed {
        rfqs: rfqs
            .into_iter()
            .map(|r| {
                let thread = answered.get(&r.id).copied();
                (r, thread)
            })
            .collect(),
        filter,
        categories: super::catalog::categories(db).await?,
    })
}

/// A supplier's quote for an RFQ opens its thread with the buyer (one per supplier).
pub async fn answer(state: &AppState, user: &SessionUser, rfq: RfqId, form: &FormValues) -> Result<ThreadId, AppError> {
    let membership = user.company.as_ref().filter(|m| m.kind.sells()).ok_or(AppError::Forbidden)?;
    let supplier = membership.company_id;
    if !visible_to(&state.db, rfq, supplier).await? {
        return Err(AppError::not_found("request for quotation"));
    }
    let view = load(&state.db, rfq).await?;
    let buyer = buyer_of(&state.db, rfq).await?;
    if buyer == supplier {
        return Err(AppError::not_found("request for quotation"));
    }
    if let Some(thread) = thread_of(&state.db, rfq, supplier).await? {
        // Answered before: a further quote goes in that thread.
        super::quotes::send(state, user, thread, form).await?;
        return Ok(thread);
    }
    if !view.open_at(now()) {
        return Err(AppError::Conflict("This request is closed: it takes no more quotes.".into()));
    }
    let terms = super::quotes::read_terms(&state.db, supplier, form).await?;
    let mut tx = state.db.begin_write().await?;
    let at = now();
    let inserted = sqlx::query_scalar::<_, ThreadId>(
        "INSERT INTO threads (buyer_id, supplier_id, rfq_id, subject, quantity, unit, created_by, created_at, last_message_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(buyer)
    .bind(supplier)
    .bind(rfq)
    .bind(&view.title)
    .bind(view.quantity as i64)
    .bind(view.unit.as_str())
    .bind(user.id)
    .bind(at)
    .fetch_one(&mut *tx)
    .await;
    let thread = match inserted {
        Ok(thread) => thread,
        Err(e) if super::db::is_unique_violation(&e) => {
            return Err(AppError::Conflict("Your company answered this request a moment ago.".into()));
        }
        Err(e) => return Err(e.into()),
    };
    let row = messages::access(&mut *tx, user, thread).await?.0;
    super::quotes::insert_version(state, &mut tx, user, &row, Negotiator::Supplier, None, &terms).await?;
    tx.commit().await?;
    Ok(thread)
}
