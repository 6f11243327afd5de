//! A supplier's selling terms: shipping zones, bank details for transfers, and the net terms
//! and credit limits it grants buyer companies.

use super::db::{Db, Json, to_json};
use super::mail::{self, Message};
use super::{AppState, accounts, now};
use crate::domain::form::FieldErrors;
use crate::domain::shipping::{self, MAX_ZONES, Zone, ZoneForm};
use crate::domain::text::clean_text;
use crate::domain::{CompanyId, CompanyKind, Currency, Money};
use crate::error::AppError;
use crate::model::selling::{CreditLine, SellingTerms};
use crate::model::session::SessionUser;

#[derive(sqlx::FromRow)]
struct TermsRow {
    #[sqlx(try_from = "String")]
    shipping_zones: Json<Vec<Zone>>,
    bank_details: String,
}

/// The supplier's terms; none set yet reads as no zones and no bank details.
pub async fn terms(db: &Db, supplier: CompanyId) -> Result<SellingTerms, AppError> {
    let row: Option<TermsRow> =
        sqlx::query_as("SELECT shipping_zones, bank_details FROM supplier_terms WHERE company_id = $1")
            .bind(supplier)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map_or_else(
        || SellingTerms { zones: Vec::new(), bank_details: String::new() },
        |r| SellingTerms { zones: r.shipping_zones.0, bank_details: r.bank_details },
    ))
}

pub async fn store<'c>(
    executor: impl sqlx::Executor<'c, Database = sqlx::Any>,
    supplier: CompanyId,
    terms: &SellingTerms,
) -> Result<(), AppError> {
    let zones = to_json(&terms.zones)?;
    sqlx::query(
        "INSERT INTO supplier_terms (company_id, shipping_zones, bank_details, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (company_id) DO UPDATE SET shipping_zones = excluded.shipping_zones, \
         bank_details = excluded.bank_details, updated_at = excluded.updated_at",
    )
    .bind(supplier)
    .bind(zones)
    .bind(&terms.bank_details)
    .bind(now())
    .execute(executor)
    .await?;
    Ok(())
}

pub async fn add_zone(db: &Db, supplier: CompanyId, form: &ZoneForm) -> Result<(), AppError> {
    let zone = form.read().map_err(|fields| super::invalid_form(fields, form))?;
    let mut terms = terms(db, supplier).await?;
    if terms.zones.len() >= MAX_ZONES {
        return Err(AppError::form("Use at most 20 shipping zones: remove one first."));
    }
    terms.zones.push(zone);
    // The rules across zones (one "everywhere else" per currency, a country in one zone)
    // are checked on the whole list; the new zone is the one at fault.
    if let Err(errors) = shipping::validate(&terms.zones) {
        let last = format!("zones.{}.", terms.zones.len() - 1);
        let fields = errors
            .into_iter()
            .map(|e| crate::error::FieldError {
                field: e
                    .field
                    .strip_prefix(&last)
                    .map(|f| f.split('.').next().unwrap_or(f).to_string())
                    .unwrap_or_default(),
                message: e.message,
            })
            .collect();
        return Err(super::invalid_form(fields, form));
    }
    store(db.pool(), supplier, &terms).await
}

pub async fn remove_zone(db: &Db, supplier: CompanyId, index: usize) -> Result<(), AppError> {
    let mut terms = terms(db, supplier).await?;
    if index >= terms.zones.len() {
        return Err(AppError::not_found("shipping zone"));
    }
    terms.zones.remove(index);
    store(db.pool(), supplier, &terms).await
}

/// Changes where buyers send bank transfers: only an owner, after re-entering their
/// password (a stolen session alone cannot redirect payments). Invoices already issued keep
/// the details they were issued with. The company's owners, and every buyer with an invoice
/// still to pay, are told of the change.
pub async fn save_bank_details(
    state: &AppState,
    owner: &SessionUser,
    supplier: CompanyId,
    text: &str,
    password: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    let bank_details = errors.check("bank_details", clean_text(text, 1_000, true));
    accounts::confirm_password(&mut errors, &state.db, owner.id, password).await?;
    let Some(bank_details) = bank_details.filter(|_| errors.is_empty()) else {
        return Err(errors.into_error());
    };
    let mut terms = terms(&state.db, supplier).await?;
    if terms.bank_details == bank_details {
        return Ok(());
    }
    terms.bank_details = bank_details;
    let mut tx = state.db.begin_write().await?;
    store(&mut *tx, supplier, &terms).await?;
    tell_of_bank_change(&mut tx, &state.config.public_url(), supplier, &owner.name).await?;
    tx.commit().await?;
    Ok(())
}

/// A buyer to tell, and its company's name.
#[derive(sqlx::FromRow)]
struct Recipient {
    email: String,
    company: String,
}

/// Mails the supplier's owners and the buyers who still owe it on an invoice that its bank
/// details changed, and how to make sure the change is genuine.
async fn tell_of_bank_change(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    base: &str,
    supplier: CompanyId,
    changed_by: &str,
) -> Result<(), AppError> {
    let name: String =
        sqlx::query_scalar("SELECT name FROM companies WHERE id = $1").bind(supplier).fetch_one(&mut **tx).await?;
    let owners = accounts::owner_emails(tx, supplier).await?;
    for owner in owners {
        let body = format!(
            "{changed_by} changed the bank details buyers of {name} pay to. If that was not you or a colleague, \
             change them back at {base}/supplier/selling and change your password.\n\n— Caravan"
        );
        let subject = "Your bank details for payments were changed".to_string();
        mail::enqueue(tx, Message { to: &owner, subject, body }).await?;
    }
    let buyers: Vec<Recipient> = sqlx::query_as(
        "SELECT DISTINCT u.email, b.name AS company FROM orders o JOIN memberships m ON m.company_id = o.buyer_id \
         JOIN users u ON u.id = m.user_id JOIN companies b ON b.id = o.buyer_id \
         WHERE o.supplier_id = $1 AND o.payment_status IN ('awaiting', 'due') \
         AND o.status NOT IN ('rejected', 'cancelled', 'refunded') ORDER BY u.email",
    )
    .bind(supplier)
    .fetch_all(&mut **tx)
    .await?;
    for buyer in buyers {
        let body = format!(
            "{name} changed the bank details it is paid to. The invoices {} has from {name} keep the details \
             they were issued with. Before paying to new details, confirm them with {name} by a channel you \
             already trust.\n\n— Caravan",
            buyer.company
        );
        let subject = format!("{name} changed its bank details");
        mail::enqueue(tx, Message { to: &buyer.email, subject, body }).await?;
    }
    Ok(())
}

/// The supplier's zones, for quoting shipping.
pub async fn zones(db: &Db, supplier: CompanyId) -> Result<Vec<Zone>, AppError> {
    Ok(terms(db, supplier).await?.zones)
}

#[derive(sqlx::FromRow)]
struct CreditRow {
    #[sqlx(try_from = "i64")]
    net_days: u32,
    #[sqlx(try_from = "String")]
    currency: Currency,
    credit_limit: i64,
}

impl CreditRow {
    /// (days, credit limit).
    fn terms(self) -> (u32, Money) {
        (self.net_days, Money::from_minor(self.credit_limit, self.currency))
    }
}

/// Net terms a supplier grants a buyer: (days, credit limit). Placing an order reads them
/// inside its transaction, the checkout page from the pool.
pub async fn credit_terms<'c, E>(
    executor: E,
    supplier: CompanyId,
    buyer: CompanyId,
) -> Result<Option<(u32, Money)>, AppError>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row: Option<CreditRow> = sqlx::query_as(
        "SELECT net_days, currency, credit_limit FROM credit_terms WHERE supplier_id = $1 AND buyer_id = $2",
    )
    .bind(supplier)
    .bind(buyer)
    .fetch_optional(executor)
    .await?;
    Ok(row.map(CreditRow::terms))
}

/// The terms, as [`credit_terms`], locked until the transaction ends: concurrent on-account
/// checkouts of one buyer with one supplier then run one after the other, each counting the
/// orders the one before placed. The no-op UPDATE takes PostgreSQL's row lock; SQLite
/// serialises writing transactions already.
pub async fn lock_credit_terms(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    supplier: CompanyId,
    buyer: CompanyId,
) -> Result<Option<(u32, Money)>, AppError> {
    let row: Option<CreditRow> = sqlx::query_as(
        "UPDATE credit_terms SET updated_at = updated_at WHERE supplier_id = $1 AND buyer_id = $2 \
         RETURNING net_days, currency, credit_limit",
    )
    .bind(supplier)
    .bind(buyer)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(CreditRow::terms))
}

/// What a buyer owes a supplier on open (unpaid, not cancelled) on-account orders.
pub async fn credit_used<'c, E>(executor: E, supplier: CompanyId, buyer: CompanyId) -> Result<i64, AppError>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let used: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(total) AS BIGINT) FROM orders WHERE supplier_id = $1 AND buyer_id = $2 \
         AND payment_method = 'on_account' AND payment_status = 'due'",
    )
    .bind(supplier)
    .bind(buyer)
    .fetch_one(executor)
    .await?;
    Ok(used.unwrap_or(0))
}

#[derive(sqlx::FromRow)]
struct KindRow {
    id: CompanyId,
    #[sqlx(try_from = "String")]
    kind: CompanyKind,
}

/// Grants (or changes) net terms to the buyer company with address `buyer_slug`.
pub async fn grant(
    db: &Db,
    supplier: CompanyId,
    buyer_slug: &str,
    net_days: &str,
    limit: &str,
    currency: &str,
) -> Result<(), AppError> {
    let buyer: Option<KindRow> = sqlx::query_as("SELECT id, kind FROM companies WHERE slug = $1")
        .bind(buyer_slug.trim().trim_start_matches("/s/"))
        .fetch_optional(db.pool())
        .await?;
    let buyer = match buyer {
        Some(row) if row.kind.buys() && row.id != supplier => row.id,
        _ => return Err(AppError::field("buyer", "No buying company has that address.")),
    };
    let days: u32 = match net_days {
        "30" => 30,
        "60" => 60,
        _ => return Err(AppError::field("net_days", "Choose net 30 or net 60.")),
    };
    let currency: Currency = currency.parse().map_err(|_| AppError::field("currency", "Choose a currency."))?;
    let limit = Money::parse(limit, currency)
        .ok()
        .filter(|m| m.minor() > 0)
        .ok_or_else(|| AppError::field("limit", "Give the credit limit, such as 50000."))?;
    sqlx::query(
        "INSERT INTO credit_terms (supplier_id, buyer_id, net_days, currency, credit_limit, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (supplier_id, buyer_id) DO UPDATE SET \
         net_days = excluded.net_days, currency = excluded.currency, credit_limit = excluded.credit_limit, \
         updated_at = excluded.updated_at",
    )
    .bind(supplier)
    .bind(buyer)
    .bind(i64::from(days))
    .bind(currency.code())
    .bind(limit.minor())
    .bind(now())
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn revoke(db: &Db, supplier: CompanyId, buyer: CompanyId) -> Result<(), AppError> {
    sqlx::query("DELETE FROM credit_terms WHERE supplier_id = $1 AND buyer_id = $2")
        .bind(supplier)
        .bind(buyer)
        .execute(db.pool())
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct CreditLineRow {
    id: CompanyId,
    name: String,
    slug: String,
    #[sqlx(flatten)]
    credit: CreditRow,
}

pub async fn credit_lines(db: &Db, supplier: CompanyId) -> Result<Vec<CreditLine>, AppError> {
    let rows: Vec<CreditLineRow> = sqlx::query_as(
        "SELECT c.id, c.name, c.slug, t.net_days, t.currency, t.credit_limit FROM credit_terms t \
         JOIN companies c ON c.id = t.buyer_id WHERE t.supplier_id = $1 ORDER BY c.name",
    )
    .bind(supplier)
    .fetch_all(db.pool())
    .await?;
    let mut lines = Vec::with_capacity(rows.len());
    for row in rows {
        let used = credit_used(db.pool(), supplier, row.id).await?;
        let currency = row.credit.currency;
        lines.push(CreditLine {
            buyer: row.id,
            name: row.name,
            slug: row.slug,
            net_days: row.credit.net_days,
            limit: Money::from_minor(row.credit.credit_limit, currency),
            used: Money::from_minor(used, currency),
        });
    }
    Ok(lines)
}
