//! A buying company's address book. Removing an address archives it: orders keep their own
//! copy, and the book stops offering it.

use super::db::Db;
use super::now;
use crate::domain::address::{AddressForm, PostalAddress};
use crate::domain::{AddressId, CompanyId, Country};
use crate::error::AppError;
use crate::model::addresses::SavedAddress;

pub const MAX_ADDRESSES: i64 = 50;

#[derive(sqlx::FromRow)]
struct AddressRow {
    id: AddressId,
    label: String,
    recipient: String,
    line1: String,
    line2: String,
    city: String,
    region: String,
    postal_code: String,
    #[sqlx(try_from = "String")]
    country: Country,
    phone: String,
}

const SELECT: &str =
    "SELECT id, label, recipient, line1, line2, city, region, postal_code, country, phone FROM addresses";

impl From<AddressRow> for SavedAddress {
    fn from(row: AddressRow) -> SavedAddress {
        let AddressRow { id, label, recipient, line1, line2, city, region, postal_code, country, phone } = row;
        SavedAddress {
            id,
            address: PostalAddress { label, recipient, line1, line2, city, region, postal_code, country, phone },
        }
    }
}

pub async fn list(db: &Db, company: CompanyId) -> Result<Vec<SavedAddress>, AppError> {
    let rows: Vec<AddressRow> = sqlx::query_as(&format!("{SELECT} WHERE company_id = $1 AND archived = 0 ORDER BY id"))
        .bind(company.get())
        .fetch_all(db.pool())
        .await?;
    Ok(rows.into_iter().map(SavedAddress::from).collect())
}

/// One of the company's current addresses.
pub async fn find(db: &Db, company: CompanyId, id: AddressId) -> Result<SavedAddress, AppError> {
    let row: Option<AddressRow> =
        sqlx::query_as(&format!("{SELECT} WHERE id = $1 AND company_id = $2 AND archived = 0"))
            .bind(id.get())
            .bind(company.get())
            .fetch_optional(db.pool())
            .await?;
    row.map(SavedAddress::from).ok_or_else(|| AppError::not_found("address"))
}

pub async fn add(db: &Db, company: CompanyId, form: &AddressForm) -> Result<AddressId, AppError> {
    let address = form.validate().map_err(|fields| super::invalid_form(fields, form))?;
    let mut tx = db.begin_write().await?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM addresses WHERE company_id = $1 AND archived = 0")
        .bind(company.get())
        .fetch_one(&mut *tx)
        .await?;
    if count >= MAX_ADDRESSES {
        return Err(AppError::form("The address book holds 50 addresses: remove one first."));
    }
    let id: AddressId = sqlx::query_scalar(
        "INSERT INTO addresses (company_id, label, recipient, line1, line2, city, region, postal_code, country, phone, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(company.get())
    .bind(&address.label)
    .bind(&address.recipient)
    .bind(&address.line1)
    .bind(&address.line2)
    .bind(&address.city)
    .bind(&address.region)
    .bind(&address.postal_code)
    .bind(address.country.code())
    .bind(&address.phone)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn archive(db: &Db, company: CompanyId, id: AddressId) -> Result<(), AppError> {
    let done = sqlx::query("UPDATE addresses SET archived = 1 WHERE id = $1 AND company_id = $2 AND archived = 0")
        .bind(id.get())
        .bind(company.get())
        .execute(db.pool())
        .await?;
    if done.rows_affected() == 0 { Err(AppError::not_found("address")) } else { Ok(()) }
}
