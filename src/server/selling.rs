//! A supplier's selling terms: shipping zones, bank details for transfers, and the net terms
//! and credit limits it grants buyer companies.

use super::db::Db;
use super::now;
use crate::domain::shipping::{self, MAX_ZONES, Zone, ZoneForm};
use crate::domain::text::clean_text;
use crate::domain::{CompanyId, Currency, Money};
use crate::error::AppError;
use crate::model::selling::{CreditLine, SellingTerms};

pub async fn terms(db: &Db, supplier: CompanyId) -> Result<SellingTerms, AppError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT shipping_zones, bank_details FROM supplier_terms WHERE company_id = $1")
            .bind(supplier.get())
            .fetch_optional(db.pool())
            .await?;
    let (zones, bank_details) = row.unwrap_or_else(|| ("[]".into(), String::new()));
    Ok(SellingTerms { zones: serde_json::from_str(&zones).map_err(|_| AppError::Internal)?, bank_details })
}

pub async fn store(db: &Db, supplier: CompanyId, terms: &SellingTerms) -> Result<(), AppError> {
    let zones = serde_json::to_string(&terms.zones).map_err(|_| AppError::Internal)?;
    sqlx::query(
        "INSERT INTO supplier_terms (company_id, shipping_zones, bank_details, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (company_id) DO UPDATE SET shipping_zones = excluded.shipping_zones, \
         bank_details = excluded.bank_details, updated_at = excluded.updated_at",
    )
    .bind(supplier.get())
    .bind(zones)
    .bind(&terms.bank_details)
    .bind(now())
    .execute(db.pool())
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
    store(db, supplier, &terms).await
}

pub async fn remove_zone(db: &Db, supplier: CompanyId, index: usize) -> Result<(), AppError> {
    let mut terms = terms(db, supplier).await?;
    if index >= terms.zones.len() {
        return Err(AppError::not_found("shipping zone"));
    }
    terms.zones.remove(index);
    store(db, supplier, &terms).await
}

pub async fn save_bank_details(db: &Db, supplier: CompanyId, text: &str) -> Result<(), AppError> {
    let bank_details = clean_text(text, 1_000, true).map_err(|m| AppError::field("bank_details", m))?;
    let mut terms = terms(db, supplier).await?;
    terms.bank_details = bank_details;
    store(db, supplier, &terms).await
}

/// The supplier's zones, for quoting shipping.
pub async fn zones(db: &Db, supplier: CompanyId) -> Result<Vec<Zone>, AppError> {
    Ok(terms(db, supplier).await?.zones)
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
    let row: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT net_days, currency, credit_limit FROM credit_terms WHERE supplier_id = $1 AND buyer_id = $2",
    )
    .bind(supplier.get())
    .bind(buyer.get())
    .fetch_optional(executor)
    .await?;
    row.map(|(days, currency, limit)| {
        let currency: Currency = currency.parse().map_err(|_| AppError::Internal)?;
        Ok((days as u32, Money::from_minor(limit, currency)))
    })
    .transpose()
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
    .bind(supplier.get())
    .bind(buyer.get())
    .fetch_one(executor)
    .await?;
    Ok(used.unwrap_or(0))
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
    let buyer: Option<(i64, String)> = sqlx::query_as("SELECT id, kind FROM companies WHERE slug = $1")
        .bind(buyer_slug.trim().trim_start_matches("/s/"))
        .fetch_optional(db.pool())
        .await?;
    let buyer = match buyer {
        Some((id, kind)) if kind != "supplier" && id != supplier.get() => id,
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
    .bind(supplier.get())
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
        .bind(supplier.get())
        .bind(buyer.get())
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn credit_lines(db: &Db, supplier: CompanyId) -> Result<Vec<CreditLine>, AppError> {
    let rows: Vec<(i64, String, String, i64, String, i64)> = sqlx::query_as(
        "SELECT c.id, c.name, c.slug, t.net_days, t.currency, t.credit_limit FROM credit_terms t \
         JOIN companies c ON c.id = t.buyer_id WHERE t.supplier_id = $1 ORDER BY c.name",
    )
    .bind(supplier.get())
    .fetch_all(db.pool())
    .await?;
    let mut lines = Vec::with_capacity(rows.len());
    for (id, name, slug, days, currency, limit) in rows {
        let buyer = CompanyId::new(id).map_err(|_| AppError::Internal)?;
        let currency: Currency = currency.parse().map_err(|_| AppError::Internal)?;
        let used = credit_used(db.pool(), supplier, buyer).await?;
        lines.push(CreditLine {
            buyer,
            name,
            slug,
            net_days: days as u32,
            limit: Money::from_minor(limit, currency),
            used: Money::from_minor(used, currency),
        });
    }
    Ok(lines)
}
