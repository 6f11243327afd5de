//! Verification requests: submitted by a supplier's members, decided by platform admins.

use super::db::{Db, push_ids};
use super::media::StoredImage;
use super::{AppState, mail, now};
use crate::domain::image::ImageRef;
use crate::domain::links;
use crate::domain::text::clean_text;
use crate::domain::{CompanyId, UserId};
use crate::error::AppError;
use crate::model::verification::{
    MAX_DOCUMENTS, MAX_NOTE_CHARS, VerificationCase, VerificationOverview, VerificationRequest, VerificationStatus,
};
use sqlx::QueryBuilder;
use std::collections::HashMap;

const MAX_REASON_CHARS: usize = 500;
/// Documents uploaded but not yet sent, oldest first.
const UNSENT: &str = "SELECT id, variants FROM media WHERE company_id = $1 AND purpose = 'verification' \
     AND id NOT IN (SELECT media_id FROM verification_documents) ORDER BY id";

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    company_id: CompanyId,
    #[sqlx(try_from = "String")]
    status: VerificationStatus,
    note: String,
    submitted_at: i64,
    submitted_by: Option<String>,
    decided_at: Option<i64>,
    reason: String,
}

const REQUEST_COLUMNS: &str =
    "r.id, r.company_id, r.status, r.note, r.submitted_at, u.name AS submitted_by, r.decided_at, r.reason";

#[derive(sqlx::FromRow)]
struct DocumentRow {
    request_id: i64,
    #[sqlx(flatten)]
    image: StoredImage,
}

async fn unsent<'c>(
    executor: impl sqlx::Executor<'c, Database = sqlx::Any>,
    company_id: CompanyId,
) -> Result<Vec<StoredImage>, AppError> {
    Ok(sqlx::query_as(UNSENT).bind(company_id).fetch_all(executor).await?)
}

/// Requests matching `condition` (on `r`, with `$1` the company where one is given), with
/// their documents.
async fn requests(
    db: &Db,
    condition: &str,
    company: Option<CompanyId>,
) -> Result<Vec<(CompanyId, VerificationRequest)>, AppError> {
    let sql = format!(
        "SELECT {REQUEST_COLUMNS} FROM verification_requests r LEFT JOIN users u ON u.id = r.submitted_by WHERE {condition}"
    );
    let query = sqlx::query_as::<_, RequestRow>(&sql);
    let rows = match company {
        Some(company) => query.bind(company),
        None => query,
    }
    .fetch_all(db.pool())
    .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = QueryBuilder::new(
        "SELECT d.request_id, m.id, m.variants FROM verification_documents d JOIN media m ON m.id = d.media_id \
         WHERE d.request_id IN ",
    );
    push_ids(&mut sql, &rows.iter().map(|r| r.id).collect::<Vec<_>>());
    sql.push(" ORDER BY m.id");
    let docs: Vec<DocumentRow> = db.fetch_all(&mut sql).await?;
    let mut by_request: HashMap<i64, Vec<ImageRef>> = HashMap::new();
    for doc in docs {
        by_request.entry(doc.request_id).or_default().push(doc.image.into());
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let request = VerificationRequest {
                id: row.id,
                status: row.status,
                note: row.note,
                submitted_at: row.submitted_at,
                submitted_by: row.submitted_by,
                decided_at: row.decided_at,
                reason: row.reason,
                documents: by_request.remove(&row.id).unwrap_or_default(),
            };
            (row.company_id, request)
        })
        .collect())
}

pub async fn overview(db: &Db, company_id: CompanyId) -> Result<VerificationOverview, AppError> {
    let verified_since: Option<i64> = sqlx::query_scalar("SELECT verified_at FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_one(db.pool())
        .await?;
    let unsent = unsent(db.pool(), company_id).await?;
    let requests = requests(db, "r.company_id = $1 ORDER BY r.id DESC LIMIT 20", Some(company_id)).await?;
    Ok(VerificationOverview {
        company_id,
        verified_since,
        unsent: unsent.into_iter().map(ImageRef::from).collect(),
        requests: requests.into_iter().map(|(_, r)| r).collect(),
    })
}

/// How many documents may still be uploaded before submitting.
pub async fn ensure_room_for_document(db: &Db, company_id: CompanyId) -> Result<(), AppError> {
    if unsent(db.pool(), company_id).await?.len() >= MAX_DOCUMENTS {
        return Err(AppError::field("file", format!("Send at most {MAX_DOCUMENTS} documents at a time.")));
    }
    Ok(())
}

pub async fn submit(db: &Db, company_id: CompanyId, user: UserId, note: &str) -> Result<i64, AppError> {
    let note = clean_text(note, MAX_NOTE_CHARS, true).map_err(|e| AppError::field("note", e))?;
    let mut tx = db.begin_write().await?;
    let pending: Option<i64> =
        sqlx::query_scalar("SELECT id FROM verification_requests WHERE company_id = $1 AND status = 'pending'")
            .bind(company_id)
            .fetch_optional(&mut *tx)
            .await?;
    if pending.is_some() {
        return Err(AppError::Conflict(
            "Your documents are already under review. We will tell you the outcome.".into(),
        ));
    }
    let unsent = unsent(&mut *tx, company_id).await?;
    if unsent.is_empty() {
        return Err(AppError::form("Upload at least one business document first."));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO verification_requests (company_id, status, note, submitted_at, submitted_by) \
         VALUES ($1, 'pending', $2, $3, $4) RETURNING id",
    )
    .bind(company_id)
    .bind(&note)
    .bind(now())
    .bind(user)
    .fetch_one(&mut *tx)
    .await?;
    for document in unsent {
        sqlx::query("INSERT INTO verification_documents (request_id, media_id) VALUES ($1, $2)")
            .bind(id)
            .bind(document.id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

pub async fn discard(db: &Db, company_id: CompanyId, document: i64) -> Result<(), AppError> {
    // Only the company's own, and only while unsent: sent documents are the review's record.
    let deleted = sqlx::query(
        "DELETE FROM media WHERE id = $1 AND company_id = $2 AND purpose = 'verification' \
         AND id NOT IN (SELECT media_id FROM verification_documents)",
    )
    .bind(document)
    .bind(company_id)
    .execute(db.pool())
    .await?;
    if deleted.rows_affected() == 0 {
        return Err(AppError::not_found("document"));
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct CaseCompany {
    id: CompanyId,
    name: String,
    slug: String,
    country: String,
    verified_at: Option<i64>,
}

/// Pending requests, oldest first.
pub async fn queue(db: &Db) -> Result<Vec<VerificationCase>, AppError> {
    let pending = requests(db, "r.status = 'pending' ORDER BY r.submitted_at, r.id LIMIT 100", None).await?;
    if pending.is_empty() {
        return Ok(Vec::new());
    }
    // Every company of the queue in one query.
    let mut sql = QueryBuilder::new("SELECT id, name, slug, country, verified_at FROM companies WHERE id IN ");
    push_ids(&mut sql, &pending.iter().map(|(company, _)| company.get()).collect::<Vec<_>>());
    let rows: Vec<CaseCompany> = db.fetch_all(&mut sql).await?;
    let mut companies: HashMap<CompanyId, CaseCompany> = rows.into_iter().map(|c| (c.id, c)).collect();
    pending
        .into_iter()
        .map(|(company_id, request)| {
            let company = companies
                .remove(&company_id)
                .ok_or_else(|| AppError::internal(format_args!("company {company_id} of a request not found")))?;
            Ok(VerificationCase {
                company_name: company.name,
                company_slug: company.slug,
                country_name: super::market::country_name(&company.country),
                verified_since: company.verified_at,
                request,
            })
        })
        .collect()
}

pub enum Decision {
    Approve,
    Refuse(String),
}

/// Decides a pending request and tells the company's owners by mail.
pub async fn decide(state: &AppState, request: i64, admin: UserId, decision: Decision) -> Result<(), AppError> {
    let (status, reason) = match &decision {
        Decision::Approve => ("approved", String::new()),
        Decision::Refuse(reason) => {
            let reason = clean_text(reason, MAX_REASON_CHARS, true).map_err(|e| AppError::field("reason", e))?;
            if reason.is_empty() {
                return Err(AppError::field("reason", "Tell the supplier why, so they can fix it."));
            }
            ("refused", reason)
        }
    };
    let mut tx = state.db.begin_write().await?;
    let company: Option<CompanyId> = sqlx::query_scalar(
        "UPDATE verification_requests SET status = $1, reason = $2, decided_at = $3, decided_by = $4 \
         WHERE id = $5 AND status = 'pending' RETURNING company_id",
    )
    .bind(status)
    .bind(&reason)
    .bind(now())
    .bind(admin)
    .bind(request)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(company) = company else {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM verification_requests WHERE id = $1")
            .bind(request)
            .fetch_optional(&mut *tx)
            .await?;
        return Err(match exists {
            Some(_) => AppError::Conflict("This request has already been decided.".into()),
            None => AppError::not_found("verification request"),
        });
    };
    if matches!(decision, Decision::Approve) {
        sqlx::query("UPDATE companies SET verified_at = $1 WHERE id = $2")
            .bind(now())
            .bind(company)
            .execute(&mut *tx)
            .await?;
    }
    let name: String =
        sqlx::query_scalar("SELECT name FROM companies WHERE id = $1").bind(company).fetch_one(&mut *tx).await?;
    let owners = super::accounts::owner_emails(&mut tx, company).await?;
    let link = format!("{}{}", state.config.public_url().trim_end_matches('/'), links::VERIFICATION);
    let (subject, body) = match decision {
        Decision::Approve => (
            format!("{name} is now a Verified supplier on Caravan"),
            format!(
                "Hello,\n\nWe checked your documents: {name} now shows the Verified badge on its storefront.\n\n{link}\n"
            ),
        ),
        Decision::Refuse(_) => (
            format!("Your verification for {name} needs another look"),
            format!(
                "Hello,\n\nWe could not verify {name} with the documents sent:\n\n{reason}\n\n\
                 You can upload new documents and send them again here:\n{link}\n"
            ),
        ),
    };
    for to in &owners {
        mail::enqueue(&mut tx, mail::Message { to, subject: subject.clone(), body: body.clone() }).await?;
    }
    tx.commit().await?;
    Ok(())
}
