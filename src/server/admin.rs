//! The platform admin's service: the overview, the mail outbox, moderation of listings, and
//! the platform's settings (commission, buyer-protection period) with the dispute queue.

use super::db::Db;
use super::market::country_name;
use super::{mail, now};
use crate::domain::form::FieldErrors;
use crate::domain::links;
use crate::domain::order::{order_number, release_due};
use crate::domain::text::clean_text;
use crate::domain::{CompanyId, CompanyKind, Currency, Money, OrderId, ProductId};
use crate::error::{AppError, OrInternal};
use crate::model::admin::{
    AdminCompany, AdminOverview, AdminUser, Delivery, DisputeRow, Listing, OutboxMail, PlatformSettings, ReleaseRow,
};
use sqlx::Any;

#[derive(sqlx::FromRow)]
struct Counts {
    users: i64,
    buyer_companies: i64,
    supplier_companies: i64,
    open_invitations: i64,
}

#[derive(sqlx::FromRow)]
struct CompanyRow {
    name: String,
    slug: String,
    #[sqlx(try_from = "String")]
    kind: CompanyKind,
    country: String,
    members: i64,
    created_at: i64,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    name: String,
    email: String,
    company: Option<String>,
    is_admin: i64,
    created_at: i64,
}

pub async fn overview(db: &Db) -> Result<AdminOverview, AppError> {
    let counts: Counts = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM users) AS users, \
           (SELECT COUNT(*) FROM companies WHERE kind IN ('buyer', 'both')) AS buyer_companies, \
           (SELECT COUNT(*) FROM companies WHERE kind IN ('supplier', 'both')) AS supplier_companies, \
           (SELECT COUNT(*) FROM invitations WHERE accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1) \
           AS open_invitations",
    )
    .bind(now())
    .fetch_one(db.pool())
    .await?;
    let companies: Vec<CompanyRow> = sqlx::query_as(
        "SELECT c.name, c.slug, c.kind, c.country, (SELECT COUNT(*) FROM memberships m WHERE m.company_id = c.id) \
         AS members, c.created_at FROM companies c ORDER BY c.created_at DESC, c.id DESC LIMIT 50",
    )
    .fetch_all(db.pool())
    .await?;
    let users: Vec<UserRow> = sqlx::query_as(
        "SELECT u.name, u.email, c.name AS company, u.is_admin, u.created_at FROM users u \
         LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN companies c ON c.id = m.company_id \
         ORDER BY u.created_at DESC, u.id DESC LIMIT 50",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(AdminOverview {
        users: counts.users,
        buyer_companies: counts.buyer_companies,
        supplier_companies: counts.supplier_companies,
        open_invitations: counts.open_invitations,
        recent_companies: companies
            .into_iter()
            .map(|c| AdminCompany {
                name: c.name,
                slug: c.slug,
                kind: c.kind,
                country_name: country_name(&c.country),
                members: c.members,
                created_at: c.created_at,
            })
            .collect(),
        recent_users: users
            .into_iter()
            .map(|u| AdminUser {
                name: u.name,
                email: u.email,
                company: u.company,
                is_admin: u.is_admin != 0,
                created_at: u.created_at,
            })
            .collect(),
    })
}

#[derive(sqlx::FromRow)]
struct OutboxRow {
    to_email: String,
    subject: String,
    body_text: String,
    created_at: i64,
    sent_at: Option<i64>,
    attempts: i64,
    failed_at: Option<i64>,
    last_error: Option<String>,
}

pub async fn outbox(db: &Db) -> Result<Vec<OutboxMail>, AppError> {
    let rows: Vec<OutboxRow> = sqlx::query_as(
        "SELECT to_email, subject, body_text, created_at, sent_at, attempts, failed_at, last_error FROM mail_outbox \
         ORDER BY created_at DESC, id DESC LIMIT 100",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OutboxMail {
            to: r.to_email,
            subject: r.subject,
            body: r.body_text,
            created_at: r.created_at,
            delivery: match (r.sent_at, r.failed_at) {
                (Some(_), _) => Delivery::Sent,
                (None, Some(_)) => Delivery::Failed {
                    attempts: r.attempts.max(0) as u32,
                    reason: r.last_error.unwrap_or_default(),
                },
                (None, None) => Delivery::Waiting { attempts: r.attempts.max(0) as u32, last_error: r.last_error },
            },
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct TakenDown {
    company_id: CompanyId,
    title: String,
}

/// A platform admin takes a published listing down; the supplier sees why, beside the
/// listing and in a mail to its owners.
pub async fn take_down(db: &Db, public_url: &str, product: ProductId, reason: &str) -> Result<(), AppError> {
    let reason = clean_text(reason, 1000, true).map_err(|m| AppError::field("reason", m))?;
    if reason.is_empty() {
        return Err(AppError::field("reason", "Tell the supplier why the listing is taken down."));
    }
    let mut tx = db.begin_write().await?;
    let taken: Option<TakenDown> = sqlx::query_as(
        "UPDATE products SET status = 'draft', takedown_reason = $1, version = version + 1, updated_at = $2 \
         WHERE id = $3 AND status = 'published' RETURNING company_id, title",
    )
    .bind(&reason)
    .bind(now())
    .bind(product.get())
    .fetch_optional(&mut *tx)
    .await?;
    let TakenDown { company_id, title } = taken.ok_or_else(|| AppError::not_found("published product"))?;
    let owners = super::accounts::owner_emails(&mut tx, company_id).await?;
    let link = format!("{}{}", public_url.trim_end_matches('/'), links::product_editor(product));
    let subject = format!("Your listing “{title}” was taken down");
    let body = format!(
        "Hello,\n\nWe took your listing “{title}” off the marketplace:\n\n{reason}\n\n\
         It is back to draft. Correct it, then publish it again here:\n{link}\n"
    );
    for to in &owners {
        mail::enqueue(&mut tx, mail::Message { to, subject: subject.clone(), body: body.clone() }).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ListingRow {
    id: ProductId,
    title: String,
    supplier_name: String,
    supplier_slug: String,
    category: String,
    updated_at: i64,
}

/// Published listings across suppliers for moderation, newest first.
pub async fn published_listings(db: &Db, q: &str) -> Result<Vec<Listing>, AppError> {
    let pattern = format!("%{}%", q.trim().replace(['%', '_'], " ").to_lowercase());
    let rows: Vec<ListingRow> = sqlx::query_as(
        "SELECT p.id, p.title, co.name AS supplier_name, co.slug AS supplier_slug, c.name AS category, p.updated_at \
         FROM products p JOIN companies co ON co.id = p.company_id JOIN categories c ON c.id = p.category_id \
         WHERE p.status = 'published' AND (LOWER(p.title) LIKE $1 OR LOWER(co.name) LIKE $1) \
         ORDER BY p.updated_at DESC, p.id DESC LIMIT 100",
    )
    .bind(pattern)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Listing {
            id: r.id,
            title: r.title,
            supplier_name: r.supplier_name,
            supplier_slug: r.supplier_slug,
            category: r.category,
            updated_at: r.updated_at,
        })
        .collect())
}

/// A platform setting, as the type it holds.
async fn setting<'c, T>(executor: impl sqlx::Executor<'c, Database = Any>, key: &str) -> Result<T, AppError>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let value: Option<String> = sqlx::query_scalar("SELECT value FROM platform_settings WHERE key = $1")
        .bind(key)
        .fetch_optional(executor)
        .await?;
    value.ok_or_else(|| AppError::internal(format_args!("platform setting {key} missing")))?.parse().or_internal()
}

/// The platform's cut of each order, in basis points (in a transaction, or from the pool).
pub async fn commission_bps<'c>(executor: impl sqlx::Executor<'c, Database = Any>) -> Result<u32, AppError> {
    setting(executor, "commission_bps").await
}

/// Days after delivery before held funds go to the supplier by themselves.
pub async fn auto_release_days<'c>(executor: impl sqlx::Executor<'c, Database = Any>) -> Result<u32, AppError> {
    setting(executor, "auto_release_days").await
}

#[derive(sqlx::FromRow)]
struct DisputeListRow {
    id: OrderId,
    number: i64,
    supplier: String,
    buyer: String,
    reason: String,
    #[sqlx(try_from = "String")]
    currency: Currency,
    total: i64,
    opened_at: i64,
    resolution: Option<String>,
}

/// The platform's commission, protection period and disputes (open ones first).
pub async fn platform_settings(db: &Db) -> Result<PlatformSettings, AppError> {
    let rows: Vec<DisputeListRow> = sqlx::query_as(
        "SELECT o.id, o.number, s.name AS supplier, b.name AS buyer, d.reason, o.currency, o.total, d.opened_at, \
         d.resolution FROM disputes d JOIN orders o ON o.id = d.order_id JOIN companies s ON s.id = o.supplier_id \
         JOIN companies b ON b.id = o.buyer_id ORDER BY d.resolution IS NOT NULL, d.opened_at DESC LIMIT 200",
    )
    .fetch_all(db.pool())
    .await?;
    let disputes = rows
        .into_iter()
        .map(|r| DisputeRow {
            order: r.id,
            number: order_number(r.number),
            supplier: r.supplier,
            buyer: r.buyer,
            reason: r.reason,
            total: Money::from_minor(r.total, r.currency),
            opened_at: r.opened_at,
            resolution: r.resolution,
        })
        .collect();
    let days = auto_release_days(db.pool()).await?;
    Ok(PlatformSettings {
        commission_bps: commission_bps(db.pool()).await?,
        auto_release_days: days,
        unpaid_hold_days: unpaid_hold_days(db.pool()).await?,
        max_unpaid_orders: max_unpaid_orders(db.pool()).await?,
        disputes,
        releases: releases(db, days).await?,
    })
}

#[derive(sqlx::FromRow)]
struct HeldOrderRow {
    id: OrderId,
    number: i64,
    supplier: String,
    buyer: String,
    #[sqlx(try_from = "String")]
    currency: Currency,
    total: i64,
    expected_delivery_at: i64,
    protection_extended: i64,
}

/// Shipped orders whose money is held, with the day each is released, soonest first.
async fn releases(db: &Db, protection_days: u32) -> Result<Vec<ReleaseRow>, AppError> {
    let rows: Vec<HeldOrderRow> = sqlx::query_as(
        "SELECT o.id, o.number, s.name AS supplier, b.name AS buyer, o.currency, o.total, o.expected_delivery_at, \
         o.protection_extended FROM orders o JOIN companies s ON s.id = o.supplier_id JOIN companies b ON b.id = o.buyer_id \
         WHERE o.payment_status = 'held' AND o.status IN ('shipped', 'delivered') AND o.expected_delivery_at IS NOT NULL \
         ORDER BY o.expected_delivery_at + $1 * o.protection_extended, o.id LIMIT 500",
    )
    .bind(i64::from(protection_days) * 86_400)
    .fetch_all(db.pool())
    .await?;
    let at = now();
    Ok(rows
        .into_iter()
        .map(|r| {
            let release_at = release_due(r.expected_delivery_at, protection_days, r.protection_extended != 0);
            ReleaseRow {
                order: r.id,
                number: order_number(r.number),
                supplier: r.supplier,
                buyer: r.buyer,
                total: Money::from_minor(r.total, r.currency),
                release_at,
                extended: r.protection_extended != 0,
                due: release_at <= at,
            }
        })
        .collect())
}

/// Days an order awaiting a bank transfer holds its stock before it cancels itself.
pub async fn unpaid_hold_days<'c>(executor: impl sqlx::Executor<'c, Database = Any>) -> Result<u32, AppError> {
    setting(executor, "unpaid_hold_days").await
}

/// Orders awaiting a bank transfer one buyer company may have at once.
pub async fn max_unpaid_orders<'c>(executor: impl sqlx::Executor<'c, Database = Any>) -> Result<u32, AppError> {
    setting(executor, "max_unpaid_orders").await
}

/// The settings form, as typed.
pub struct SettingsForm<'a> {
    pub commission: &'a str,
    pub auto_release_days: &'a str,
    pub unpaid_hold_days: &'a str,
    pub max_unpaid_orders: &'a str,
}

/// A whole number in `range`, or `message` beside `field`.
fn whole(errors: &mut FieldErrors, field: &str, value: &str, range: std::ops::RangeInclusive<u32>) -> u32 {
    let parsed = value.trim().parse().ok().filter(|n| range.contains(n));
    let message = format!("Give a whole number from {} to {}.", range.start(), range.end());
    errors.check(field, parsed.ok_or(message)).unwrap_or_default()
}

pub async fn save_platform_settings(db: &Db, form: &SettingsForm<'_>) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    // A percentage with up to two decimals, as basis points (2.5 % = 250).
    let bps = Money::parse(form.commission.trim().trim_end_matches('%'), Currency::Usd)
        .ok()
        .map(Money::minor)
        .filter(|bps| (0..=5_000).contains(bps))
        .ok_or("Give a percentage between 0 and 50, such as 2.5.");
    let bps = errors.check("commission", bps).unwrap_or_default();
    let values = [
        ("commission_bps", bps.to_string()),
        ("auto_release_days", whole(&mut errors, "auto_release_days", form.auto_release_days, 1..=90).to_string()),
        ("unpaid_hold_days", whole(&mut errors, "unpaid_hold_days", form.unpaid_hold_days, 1..=30).to_string()),
        ("max_unpaid_orders", whole(&mut errors, "max_unpaid_orders", form.max_unpaid_orders, 1..=100).to_string()),
    ];
    if !errors.is_empty() {
        return Err(errors.into_error());
    }
    let mut tx = db.begin_write().await?;
    for (key, value) in values {
        sqlx::query("UPDATE platform_settings SET value = $1 WHERE key = $2")
            .bind(value)
            .bind(key)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
