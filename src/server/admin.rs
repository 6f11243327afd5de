//! Read models for the platform admin area.

use super::db::Db;
use crate::error::AppError;
use crate::model::admin::{AdminCompany, AdminOverview, AdminUser, OutboxMail};

pub async fn overview(db: &Db) -> Result<AdminOverview, AppError> {
    let (users, buyer_companies, supplier_companies, open_invitations): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM users), \
           (SELECT COUNT(*) FROM companies WHERE kind IN ('buyer', 'both')), \
           (SELECT COUNT(*) FROM companies WHERE kind IN ('supplier', 'both')), \
           (SELECT COUNT(*) FROM invitations WHERE accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1)",
    )
    .bind(super::now())
    .fetch_one(db.pool())
    .await?;
    let companies: Vec<(String, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT c.name, c.slug, c.kind, c.country, (SELECT COUNT(*) FROM memberships m WHERE m.company_id = c.id), c.created_at \
         FROM companies c ORDER BY c.created_at DESC, c.id DESC LIMIT 50",
    )
    .fetch_all(db.pool())
    .await?;
    let users_rows: Vec<(String, String, Option<String>, i64, i64)> = sqlx::query_as(
        "SELECT u.name, u.email, c.name, u.is_admin, u.created_at FROM users u \
         LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN companies c ON c.id = m.company_id \
         ORDER BY u.created_at DESC, u.id DESC LIMIT 50",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(AdminOverview {
        users,
        buyer_companies,
        supplier_companies,
        open_invitations,
        recent_companies: companies
            .into_iter()
            .map(|(name, slug, kind, country, members, created_at)| {
                Ok(AdminCompany {
                    name,
                    slug,
                    kind: kind.parse().map_err(|_| AppError::Internal)?,
                    country_name: super::market::country_name(&country),
                    members,
                    created_at,
                })
            })
            .collect::<Result<_, AppError>>()?,
        recent_users: users_rows
            .into_iter()
            .map(|(name, email, company, is_admin, created_at)| AdminUser {
                name,
                email,
                company,
                is_admin: is_admin != 0,
                created_at,
            })
            .collect(),
    })
}

pub async fn outbox(db: &Db) -> Result<Vec<OutboxMail>, AppError> {
    let rows: Vec<(String, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT to_email, subject, body_text, created_at, sent_at FROM mail_outbox ORDER BY created_at DESC, id DESC LIMIT 100",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(to, subject, body, created_at, sent_at)| OutboxMail {
            to,
            subject,
            body,
            created_at,
            sent: sent_at.is_some(),
        })
        .collect())
}
