//! Writes ledger entries (balanced by construction in `domain::ledger`), settles what an
//! order's move does with money, and reads balances.

use super::db::Db;
use super::now;
use crate::domain::ledger::{Account, Entry};
use crate::domain::order::Settlement;
use crate::domain::{CompanyId, Currency, Money, OrderId};
use crate::error::{AppError, OrInternal};
use sqlx::{Any, Transaction};

/// Records `entry` inside the transaction that causes it; answers the entry's id.
pub async fn record(
    tx: &mut Transaction<'static, Any>,
    order: Option<OrderId>,
    memo: &str,
    entry: &Entry,
) -> Result<i64, AppError> {
    let id: i64 =
        sqlx::query_scalar("INSERT INTO ledger_entries (order_id, memo, at) VALUES ($1, $2, $3) RETURNING id")
            .bind(order)
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
    Ok(id)
}

/// What `account` holds now in `currency`, read inside the transaction that moves it.
pub async fn balance(
    tx: &mut Transaction<'static, Any>,
    account: Account,
    currency: Currency,
) -> Result<Money, AppError> {
    let (kind, owner) = account.key();
    let held: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(amount) AS BIGINT) FROM ledger_postings WHERE account = $1 AND owner_id = $2 AND currency = $3",
    )
    .bind(kind)
    .bind(owner)
    .bind(currency.code())
    .fetch_one(&mut **tx)
    .await?;
    Ok(Money::from_minor(held.unwrap_or(0), currency))
}

/// What an order's escrow holds now.
pub async fn escrow_held(
    tx: &mut Transaction<'static, Any>,
    order: OrderId,
    currency: Currency,
) -> Result<Money, AppError> {
    balance(tx, Account::Escrow(order), currency).await
}

/// The order a move settles: its parties, total and the commission it was placed under.
pub struct Settled {
    pub order: OrderId,
    pub supplier: CompanyId,
    pub buyer: CompanyId,
    pub total: Money,
    pub commission_bps: u32,
}

/// Posts what `settlement` does with the order's money, inside the move's transaction; a
/// split refunds `part_refund` (at most what is held) and releases the rest. Answers what
/// goes back to the buyer's card, if anything.
pub async fn settle(
    tx: &mut Transaction<'static, Any>,
    settled: &Settled,
    settlement: Settlement,
    part_refund: Option<Money>,
) -> Result<Option<Money>, AppError> {
    let Settled { order, supplier, buyer, total, commission_bps: bps } = *settled;
    let currency = total.currency();
    let order_ref = Some(order);
    match settlement {
        Settlement::None => Ok(None),
        Settlement::Release => {
            let held = escrow_held(tx, order, currency).await?;
            let entry = Entry::release(order, supplier, held, bps).or_internal()?;
            record(tx, order_ref, "Escrow released to the supplier, less commission", &entry).await?;
            Ok(None)
        }
        Settlement::RefundEscrow => {
            let held = escrow_held(tx, order, currency).await?;
            record(tx, order_ref, "Escrow refunded to the buyer", &Entry::refund(order, buyer, held).or_internal()?)
                .await?;
            Ok(Some(held))
        }
        Settlement::SplitEscrow => {
            let held = escrow_held(tx, order, currency).await?;
            let amount = Money::from_minor(part_refund.map_or(held.minor(), Money::minor).min(held.minor()), currency);
            let rest = held.checked_sub(amount).or_internal()?;
            let refund = Entry::refund(order, buyer, amount).or_internal()?;
            record(tx, order_ref, "Part of the escrow refunded", &refund).await?;
            let release = Entry::release(order, supplier, rest, bps).or_internal()?;
            record(tx, order_ref, "Rest of the escrow released", &release).await?;
            Ok(Some(amount))
        }
        Settlement::RecordDirectPayment => {
            let entry = Entry::direct_payment(buyer, supplier, total, bps).or_internal()?;
            record(tx, order_ref, "Payment received by the supplier", &entry).await?;
            Ok(None)
        }
        Settlement::ReverseDirectPayment => {
            let entry = Entry::reverse_direct_payment(buyer, supplier, total, bps).or_internal()?;
            record(tx, order_ref, "Payment returned by the supplier", &entry).await?;
            Ok(None)
        }
    }
}

#[derive(sqlx::FromRow)]
struct BalanceRow {
    #[sqlx(try_from = "String")]
    currency: Currency,
    pending: i64,
    available: i64,
}

/// A supplier's balances per currency: (pending in escrow for its orders, available to it).
pub async fn supplier_balances(db: &Db, supplier: CompanyId) -> Result<Vec<(Currency, Money, Money)>, AppError> {
    let rows: Vec<BalanceRow> = sqlx::query_as(
        "SELECT currency, CAST(SUM(CASE WHEN account = 'escrow' THEN amount ELSE 0 END) AS BIGINT) AS pending, \
         CAST(SUM(CASE WHEN account = 'supplier' THEN amount ELSE 0 END) AS BIGINT) AS available FROM ledger_postings \
         WHERE (account = 'supplier' AND owner_id = $1) \
         OR (account = 'escrow' AND owner_id IN (SELECT id FROM orders WHERE supplier_id = $1)) \
         GROUP BY currency ORDER BY currency",
    )
    .bind(supplier)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.currency, Money::from_minor(r.pending, r.currency), Money::from_minor(r.available, r.currency)))
        .collect())
}

/// A currency whose postings do not sum to zero.
#[derive(Debug, sqlx::FromRow)]
pub struct Imbalance {
    pub currency: String,
    pub amount: i64,
}

/// The sum of every posting per currency that is not zero: none unless the books are broken.
pub async fn imbalance(db: &Db) -> Result<Vec<Imbalance>, AppError> {
    Ok(sqlx::query_as(
        "SELECT currency, CAST(SUM(amount) AS BIGINT) AS amount FROM ledger_postings GROUP BY currency \
         HAVING SUM(amount) <> 0",
    )
    .fetch_all(db.pool())
    .await?)
}
