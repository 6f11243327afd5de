//! Writes ledger entries (balanced by construction in `domain::ledger`) and reads balances.

use super::now;
use crate::domain::ledger::{Account, Entry};
use crate::domain::{CompanyId, Currency, Money, OrderId};
use crate::error::AppError;
use sqlx::{Any, Transaction};

/// Records `entry` inside the transaction that causes it.
pub async fn record(
    tx: &mut Transaction<'static, Any>,
    order: Option<OrderId>,
    memo: &str,
    entry: &Entry,
) -> Result<(), AppError> {
    let id: i64 =
        sqlx::query_scalar("INSERT INTO ledger_entries (order_id, memo, at) VALUES ($1, $2, $3) RETURNING id")
            .bind(order.map(OrderId::get))
            .bind(memo)
            .bind(now())
            .fetch_one(&mut **tx)
            .await?;
    for posting in entry.postings() {
        let (account, owner) = posting.account.key();
        sqlx::query(
            "INSERT INTO ledger_postings (entry_id, account, owner_id, currency, amount) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(account)
        .bind(owner)
        .bind(posting.amount.currency().code())
        .bind(posting.amount.minor())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// What an order's escrow holds now.
pub async fn escrow_held(
    tx: &mut Transaction<'static, Any>,
    order: OrderId,
    currency: Currency,
) -> Result<Money, AppError> {
    let (account, owner) = Account::Escrow(order).key();
    let held: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(amount) AS BIGINT) FROM ledger_postings WHERE account = $1 AND owner_id = $2 AND currency = $3",
    )
    .bind(account)
    .bind(owner)
    .bind(currency.code())
    .fetch_one(&mut **tx)
    .await?;
    Ok(Money::from_minor(held.unwrap_or(0), currency))
}

/// A supplier's balances per currency: (pending in escrow for its orders, available to it).
pub async fn supplier_balances(
    db: &super::db::Db,
    supplier: CompanyId,
) -> Result<Vec<(Currency, Money, Money)>, AppError> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT currency, CAST(SUM(CASE WHEN account = 'escrow' THEN amount ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN account = 'supplier' THEN amount ELSE 0 END) AS BIGINT) FROM ledger_postings \
         WHERE (account = 'supplier' AND owner_id = $1) \
         OR (account = 'escrow' AND owner_id IN (SELECT id FROM orders WHERE supplier_id = $1)) \
         GROUP BY currency ORDER BY currency",
    )
    .bind(supplier.get())
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|(code, pending, available)| {
            let currency: Currency = code.parse().map_err(|_| AppError::Internal)?;
            Ok((currency, Money::from_minor(pending, currency), Money::from_minor(available, currency)))
        })
        .collect()
}

/// The sum of every posting per currency: zero unless the books are broken.
pub async fn imbalance(db: &super::db::Db) -> Result<Vec<(String, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT currency, CAST(SUM(amount) AS BIGINT) FROM ledger_postings GROUP BY currency \
         HAVING SUM(amount) <> 0",
    )
    .fetch_all(db.pool())
    .await?)
}
