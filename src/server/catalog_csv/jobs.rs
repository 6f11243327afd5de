//! Imports as jobs: a checked file waits for the supplier's choice; applying it runs in the
//! background, product by product, each in its own transaction, with progress in the database
//! so any app server can report it.

use super::plan::{Planned, plan};
use crate::domain::{CompanyId, UserId};
use crate::error::AppError;
use crate::model::catalog::{ImportError, ImportJob, ImportStatus};
use crate::server::catalog::{self, Tx};
use crate::server::db::{Db, Json, to_json};
use crate::server::now;

/// Products applied between two progress updates.
const PROGRESS_EVERY: usize = 50;

/// Writes one planned product in one transaction: its listing, counted stock and status.
async fn apply_one(db: &Db, company_id: CompanyId, user: UserId, planned: &Planned) -> Result<(), AppError> {
    let mut tx: Tx = db.begin_write().await?;
    let existing = match planned.existing {
        Some(id) => {
            let version: i64 = sqlx::query_scalar("SELECT version FROM products WHERE id = $1 AND company_id = $2")
                .bind(id)
                .bind(company_id)
                .fetch_one(&mut *tx)
                .await?;
            Some((id, version))
        }
        None => None,
    };
    let id = catalog::write_in(&mut tx, company_id, user, existing, &planned.input, None).await?;
    for (sku, stock) in &planned.stocks {
        sqlx::query("UPDATE product_variants SET stock = $1 WHERE company_id = $2 AND sku = $3")
            .bind(*stock as i64)
            .bind(company_id)
            .bind(sku.as_str())
            .execute(&mut *tx)
            .await?;
    }
    if let Some(status) = planned.status {
        catalog::set_status_in(&mut tx, company_id, &[id], status).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Checks an uploaded file and records it as an import waiting for the supplier's choice.
pub async fn check(db: &Db, company_id: CompanyId, user: UserId, file_name: &str, text: &str) -> Result<i64, AppError> {
    let plan = plan(db, company_id, text).await?;
    if plan.rows == 0 && plan.errors.is_empty() {
        return Err(AppError::field("file", "The file has no product rows: fill in the template below the header."));
    }
    let errors = to_json(&plan.errors)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO catalog_imports (company_id, created_by, file_name, content, status, total_rows, valid_rows, \
         errors, error_count, created_at) VALUES ($1, $2, $3, $4, 'checked', $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(company_id)
    .bind(user)
    .bind(file_name.chars().take(200).collect::<String>())
    .bind(text)
    .bind(plan.rows as i64)
    .bind(plan.valid_rows() as i64)
    .bind(errors)
    .bind(plan.error_count as i64)
    .bind(now())
    .fetch_one(db.pool())
    .await?;
    Ok(id)
}

/// Starts applying a checked import (its valid products) in the background.
pub async fn start(db: &Db, company_id: CompanyId, user: UserId, job: i64) -> Result<(), AppError> {
    let text: Option<String> = sqlx::query_scalar(
        "UPDATE catalog_imports SET status = 'running', processed_rows = 0, heartbeat_at = $3 WHERE id = $1 \
         AND company_id = $2 AND status = 'checked' RETURNING content",
    )
    .bind(job)
    .bind(company_id)
    .bind(now())
    .fetch_optional(db.pool())
    .await?;
    let text = text.ok_or_else(|| AppError::Conflict("This import has started or ended already.".into()))?;
    let db = db.clone();
    tokio::spawn(async move {
        if let Err(error) = run(&db, company_id, user, job, &text).await {
            tracing::error!(job, %error, "catalog import failed");
            let _ = sqlx::query(
                "UPDATE catalog_imports SET status = 'failed', message = $1, content = '', finished_at = $2 WHERE id = $3",
            )
            .bind(error.to_string())
            .bind(now())
            .bind(job)
            .execute(db.pool())
            .await;
        }
    });
    Ok(())
}

/// Applies the file as checked again now (the catalog may have changed since), recording
/// progress as it goes.
pub async fn run(db: &Db, company_id: CompanyId, user: UserId, job: i64, text: &str) -> Result<(), AppError> {
    let plan = plan(db, company_id, text).await?;
    let (mut created, mut updated, mut unchanged, mut processed) = (0i64, 0i64, 0i64, 0usize);
    for (n, planned) in plan.products.iter().enumerate() {
        match (planned.unchanged, planned.existing) {
            (true, _) => unchanged += 1,
            (false, None) => {
                apply_one(db, company_id, user, planned).await?;
                created += 1;
            }
            (false, Some(_)) => {
                apply_one(db, company_id, user, planned).await?;
                updated += 1;
            }
        }
        processed += planned.lines.len();
        if (n + 1) % PROGRESS_EVERY == 0 {
            sqlx::query("UPDATE catalog_imports SET processed_rows = $1, heartbeat_at = $2 WHERE id = $3")
                .bind(processed as i64)
                .bind(now())
                .bind(job)
                .execute(db.pool())
                .await?;
        }
    }
    sqlx::query(
        "UPDATE catalog_imports SET status = 'done', processed_rows = $1, created = $2, updated = $3, unchanged = $4, \
         skipped_rows = $5, content = '', finished_at = $6 WHERE id = $7",
    )
    .bind(processed as i64)
    .bind(created)
    .bind(updated)
    .bind(unchanged)
    .bind((plan.rows - processed) as i64)
    .bind(now())
    .bind(job)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Drops a checked import without writing anything.
pub async fn discard(db: &Db, company_id: CompanyId, job: i64) -> Result<(), AppError> {
    let done = sqlx::query(
        "UPDATE catalog_imports SET status = 'discarded', content = '', finished_at = $1 \
         WHERE id = $2 AND company_id = $3 AND status = 'checked'",
    )
    .bind(now())
    .bind(job)
    .bind(company_id)
    .execute(db.pool())
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::Conflict("This import has started or ended already.".into()));
    }
    Ok(())
}

/// How long a running import may stay silent before it counts as interrupted.
const SILENCE_SECS: i64 = 600;

/// Imports whose server stopped while they ran are reported as interrupted (running the same
/// file again finishes them: products are matched by SKU, nothing is doubled).
async fn recover_interrupted(db: &Db, company_id: CompanyId) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE catalog_imports SET status = 'failed', content = '', finished_at = $1, \
         message = 'The import was interrupted (the server restarted). Import the file again to finish it: \
         products already imported are matched by SKU, not doubled.' \
         WHERE company_id = $2 AND status = 'running' AND heartbeat_at < $3",
    )
    .bind(now())
    .bind(company_id)
    .bind(now() - SILENCE_SECS)
    .execute(db.pool())
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct JobRow {
    id: i64,
    file_name: String,
    #[sqlx(try_from = "String")]
    status: ImportStatus,
    total_rows: i64,
    valid_rows: i64,
    #[sqlx(try_from = "String")]
    errors: Json<Vec<ImportError>>,
    error_count: i64,
    processed_rows: i64,
    created: i64,
    updated: i64,
    unchanged: i64,
    skipped_rows: i64,
    message: String,
    created_at: i64,
}

const JOB_COLUMNS: &str = "id, file_name, status, total_rows, valid_rows, errors, error_count, processed_rows, created, \
                           updated, unchanged, skipped_rows, message, created_at";

fn job_from(row: JobRow, with_errors: bool) -> ImportJob {
    let count = |n: i64| n.max(0) as u64;
    ImportJob {
        id: row.id,
        file_name: row.file_name,
        status: row.status,
        total_rows: count(row.total_rows),
        valid_rows: count(row.valid_rows),
        errors: if with_errors { row.errors.0 } else { Vec::new() },
        error_count: count(row.error_count),
        processed_rows: count(row.processed_rows),
        created: count(row.created),
        updated: count(row.updated),
        unchanged: count(row.unchanged),
        skipped_rows: count(row.skipped_rows),
        message: row.message,
        created_at: row.created_at,
    }
}

pub async fn job(db: &Db, company_id: CompanyId, job: i64) -> Result<ImportJob, AppError> {
    recover_interrupted(db, company_id).await?;
    let row: Option<JobRow> =
        sqlx::query_as(&format!("SELECT {JOB_COLUMNS} FROM catalog_imports WHERE id = $1 AND company_id = $2"))
            .bind(job)
            .bind(company_id)
            .fetch_optional(db.pool())
            .await?;
    row.map(|r| job_from(r, true)).ok_or_else(|| AppError::not_found("import"))
}

pub async fn recent_jobs(db: &Db, company_id: CompanyId) -> Result<Vec<ImportJob>, AppError> {
    recover_interrupted(db, company_id).await?;
    let rows: Vec<JobRow> = sqlx::query_as(&format!(
        "SELECT {JOB_COLUMNS} FROM catalog_imports WHERE company_id = $1 ORDER BY id DESC LIMIT 10"
    ))
    .bind(company_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|r| job_from(r, false)).collect())
}
