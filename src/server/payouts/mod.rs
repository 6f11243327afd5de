//! Paying suppliers out: what Caravan owes each supplier (escrow released to it, less
//! commission, less commission owed on payments it received directly) is transferred to its
//! account at the payment provider ([`connect`]), or sent to its bank by an admin, who
//! records the transfer with its reference; each payout is ledgered. Suppliers
//! read their payouts and a statement per month, as a page and as CSV, with the platform's
//! commission invoice for the month.

pub mod connect;

use super::db::Db;
use super::invoices::Party;
use super::mail::{self, Message};
use super::pdf::Pdf;
use super::{AppState, ledger, now};
use crate::domain::date::format_date;
use crate::domain::ledger::{Account, Entry, Posting};
use crate::domain::order::order_number;
use crate::domain::payout::{self, Classified, Period};
use crate::domain::{CompanyId, Currency, Money};
use crate::error::{AppError, FieldError, Invalid, OrInternal};
use crate::model::payouts::{PayableSupplier, PayoutView, Statement, StatementLine, SupplierMoney};
use crate::model::session::SessionUser;

/// The supplier's money page for `period`.
pub async fn supplier_money(db: &Db, supplier: CompanyId, period: Period) -> Result<SupplierMoney, AppError> {
    Ok(SupplierMoney {
        balances: ledger::supplier_balances(db, supplier).await?,
        payouts: history(db, supplier).await?,
        statement: statement(db, supplier, period).await?,
    })
}

#[derive(sqlx::FromRow)]
struct PayoutRow {
    #[sqlx(try_from = "String")]
    currency: Currency,
    amount: i64,
    reference: String,
    sent_at: i64,
}

/// Every payout sent to the supplier, newest first.
pub async fn history(db: &Db, supplier: CompanyId) -> Result<Vec<PayoutView>, AppError> {
    let rows: Vec<PayoutRow> = sqlx::query_as(
        "SELECT currency, amount, reference, sent_at FROM payouts WHERE supplier_id = $1 ORDER BY sent_at DESC, id DESC",
    )
    .bind(supplier)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PayoutView {
            amount: Money::from_minor(r.amount, r.currency),
            reference: r.reference,
            sent_at: r.sent_at,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct PostingRow {
    entry_id: i64,
    at: i64,
    memo: String,
    number: Option<i64>,
    reference: Option<String>,
    account: String,
    owner_id: i64,
    #[sqlx(try_from = "String")]
    currency: Currency,
    amount: i64,
}

/// The ledger entries of `period` that moved the supplier's money, classified.
pub async fn statement(db: &Db, supplier: CompanyId, period: Period) -> Result<Statement, AppError> {
    let (from, to) = period.bounds();
    // Every posting of the entries that touch the supplier's own accounts.
    let rows: Vec<PostingRow> = sqlx::query_as(
        "SELECT e.id AS entry_id, e.at, e.memo, o.number, po.reference, p.account, p.owner_id, p.currency, p.amount \
         FROM ledger_entries e JOIN ledger_postings p ON p.entry_id = e.id \
         LEFT JOIN orders o ON o.id = e.order_id LEFT JOIN payouts po ON po.entry_id = e.id \
         WHERE e.at >= $1 AND e.at < $2 AND e.id IN (SELECT entry_id FROM ledger_postings \
         WHERE account IN ('supplier', 'direct', 'payout') AND owner_id = $3) ORDER BY e.at, e.id, p.id",
    )
    .bind(from)
    .bind(to)
    .bind(supplier)
    .fetch_all(db.pool())
    .await?;
    let mut lines: Vec<StatementLine> = Vec::new();
    let mut classified: Vec<Classified> = Vec::new();
    for entry in rows.chunk_by(|a, b| a.entry_id == b.entry_id) {
        let postings = entry
            .iter()
            .map(|p| {
                let account = Account::from_key(&p.account, p.owner_id)
                    .ok_or_else(|| AppError::internal(format_args!("ledger account {} {}", p.account, p.owner_id)))?;
                Ok(Posting { account, amount: Money::from_minor(p.amount, p.currency) })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let Some(line) = payout::classify(&postings, supplier) else { continue };
        let first = &entry[0];
        let about = match (&first.reference, first.number) {
            (Some(reference), _) => reference.clone(),
            (None, Some(number)) => order_number(number),
            (None, None) => String::new(),
        };
        lines.push(StatementLine {
            at: first.at,
            kind: line.kind,
            about,
            memo: first.memo.clone(),
            gross: line.gross,
            commission: line.commission,
            balance: line.balance,
        });
        classified.push(line);
    }
    let totals = payout::totals(&classified);
    let commission_invoice =
        totals.iter().any(|t| t.commission.minor() != 0).then(|| format!("CI-{:06}-{period}", supplier.get()));
    Ok(Statement { period, lines, totals, commission_invoice })
}

/// The statement as CSV: one row per entry, then the totals per currency.
pub fn statement_csv(statement: &Statement) -> Result<String, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "date",
        "kind",
        "order_or_reference",
        "memo",
        "currency",
        "gross",
        "commission",
        "balance_change",
    ])
    .or_internal()?;
    for line in &statement.lines {
        out.write_record([
            crate::domain::date::iso_date(line.at),
            line.kind.label().to_string(),
            line.about.clone(),
            line.memo.clone(),
            line.gross.currency().code().to_string(),
            line.gross.to_decimal_string(),
            line.commission.to_decimal_string(),
            line.balance.to_decimal_string(),
        ])
        .or_internal()?;
    }
    for total in &statement.totals {
        for (kind, amount) in [
            ("Total sales", total.sales),
            ("Total commission", total.commission),
            ("Total refunds", total.refunds),
            ("Total payouts", total.payouts),
            ("Balance change", total.balance_change),
        ] {
            let period = statement.period.to_string();
            out.write_record([
                period.as_str(),
                kind,
                "",
                "",
                total.currency.code(),
                &amount.to_decimal_string(),
                "",
                "",
            ])
            .or_internal()?;
        }
    }
    String::from_utf8(out.into_inner().or_internal()?).or_internal()
}

/// The platform's commission invoice to the supplier for `period`, as a PDF (its file name
/// and bytes); `None` for a month without commission.
pub async fn commission_invoice_pdf(
    db: &Db,
    supplier: CompanyId,
    period: Period,
) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let statement = statement(db, supplier, period).await?;
    let Some(number) = statement.commission_invoice.clone() else { return Ok(None) };
    let billed = Party::of_company(db.pool(), supplier, None).await?;
    let (_, end) = period.bounds();
    let mut pdf = Pdf::new(&number)?;
    pdf.line("Commission invoice", 18.0, 20.0, true, 9.0);
    pdf.line(
        &format!("{number} · {} · issued {}", period.label(), format_date(end.min(now()))),
        10.0,
        20.0,
        false,
        5.0,
    );
    if now() < end {
        pdf.line("The month is not over: this is the commission so far.", 10.0, 20.0, false, 5.0);
    }
    pdf.line("", 10.0, 20.0, false, 4.0);
    pdf.line("From", 10.0, 20.0, true, 5.0);
    pdf.line("Caravan marketplace", 10.0, 20.0, false, 8.0);
    pdf.line("To", 10.0, 20.0, true, 5.0);
    pdf.line(&billed.name, 10.0, 20.0, false, 5.0);
    for line in &billed.lines {
        pdf.line(line, 10.0, 20.0, false, 5.0);
    }
    pdf.line("", 10.0, 20.0, false, 4.0);
    for (x, heading) in [(20.0, "Currency"), (60.0, "Sales"), (105.0, "Refunds"), (150.0, "Commission")] {
        pdf.line(heading, 10.0, x, true, 0.0);
    }
    pdf.line("", 10.0, 20.0, false, 6.0);
    for total in &statement.totals {
        pdf.line(total.currency.code(), 10.0, 20.0, false, 0.0);
        pdf.line(&total.sales.to_string(), 10.0, 60.0, false, 0.0);
        pdf.line(&total.refunds.to_string(), 10.0, 105.0, false, 0.0);
        pdf.line(&total.commission.to_string(), 10.0, 150.0, true, 6.0);
    }
    pdf.line("", 10.0, 20.0, false, 4.0);
    pdf.line(
        "Commission on card sales was kept when their escrow was released; commission on payments",
        9.0,
        20.0,
        false,
        4.5,
    );
    pdf.line(
        "received directly is taken from what Caravan pays out. Nothing is to be paid separately.",
        9.0,
        20.0,
        false,
        4.5,
    );
    Ok(Some((format!("{number}.pdf"), pdf.finish()?)))
}

#[derive(sqlx::FromRow)]
struct PayableRow {
    supplier: CompanyId,
    name: String,
    #[sqlx(try_from = "String")]
    currency: Currency,
    available: i64,
    bank_details: Option<String>,
}

/// Suppliers Caravan owes money to, by currency, for the admins' payout list (not those
/// paid through their provider account: that happens by itself).
pub async fn payable(db: &Db) -> Result<Vec<PayableSupplier>, AppError> {
    let rows: Vec<PayableRow> = sqlx::query_as(
        "SELECT c.id AS supplier, c.name, p.currency, CAST(SUM(p.amount) AS BIGINT) AS available, t.bank_details \
         FROM ledger_postings p JOIN companies c ON c.id = p.owner_id \
         LEFT JOIN supplier_terms t ON t.company_id = c.id WHERE p.account = 'supplier' \
         AND c.id NOT IN (SELECT company_id FROM connect_accounts WHERE payouts_enabled = 1) \
         GROUP BY c.id, c.name, p.currency, t.bank_details HAVING SUM(p.amount) > 0 ORDER BY c.name, p.currency",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PayableSupplier {
            supplier: r.supplier,
            name: r.name,
            available: Money::from_minor(r.available, r.currency),
            bank_details: r.bank_details.unwrap_or_default(),
        })
        .collect())
}

/// An admin records a bank transfer sent to a supplier: at most what Caravan owes it in that
/// currency (checked with the supplier locked, so two admins cannot both pay the same money),
/// ledgered, and mailed to the supplier's owners.
pub async fn record_payout(
    state: &AppState,
    admin: &SessionUser,
    supplier: CompanyId,
    currency: &str,
    amount: &str,
    reference: &str,
) -> Result<(), AppError> {
    let field = |field: &str, message: &str| {
        AppError::Invalid(Invalid {
            fields: vec![FieldError { field: field.into(), message: message.into() }],
            echo: vec![
                ("payout".into(), format!("{supplier}-{currency}")),
                ("amount".into(), amount.into()),
                ("reference".into(), reference.into()),
            ],
        })
    };
    let currency: Currency = currency.parse().map_err(|_| field("amount", "Choose a currency."))?;
    let amount = Money::parse(amount, currency).ok().filter(|m| m.minor() > 0);
    let amount = amount.ok_or_else(|| field("amount", "Enter the amount sent, for example 1250.00."))?;
    let reference = crate::server::checkout::clean_field(reference, 80);
    if reference.is_empty() {
        return Err(field("reference", "Enter the bank transfer's reference."));
    }
    let mut tx = state.db.begin_write().await?;
    let owed = available(&mut tx, supplier, currency).await?;
    if amount.minor() > owed.minor() {
        return Err(field("amount", &format!("Caravan owes this supplier {owed}: pay out at most that.")));
    }
    let bank_details: Option<String> =
        sqlx::query_scalar("SELECT bank_details FROM supplier_terms WHERE company_id = $1")
            .bind(supplier)
            .fetch_optional(&mut *tx)
            .await?;
    let sent = Sent {
        supplier,
        amount,
        reference: &reference,
        destination: &bank_details.unwrap_or_default(),
        memo: &format!("Paid out to the supplier's bank ({reference})"),
        sent_to: "your bank account",
        sent_by: Some(admin.id),
    };
    ledger_payout(&mut tx, &state.config.public_url(), &sent).await?;
    tx.commit().await?;
    Ok(())
}

/// What Caravan owes the supplier in `currency` and may still pay out: its balance less the
/// transfers under way. Locks the supplier's row first, so two payouts of the same money
/// wait for each other.
pub(crate) async fn available(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    supplier: CompanyId,
    currency: Currency,
) -> Result<Money, AppError> {
    // `kind`, not `name`: an update of the name re-indexes the supplier's products.
    let locked =
        sqlx::query("UPDATE companies SET kind = kind WHERE id = $1").bind(supplier).execute(&mut **tx).await?;
    if locked.rows_affected() == 0 {
        return Err(AppError::NotFound("supplier".into()));
    }
    let owed = ledger::balance(tx, Account::Supplier(supplier), currency).await?;
    let pending: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(amount) AS BIGINT) FROM connect_transfers WHERE supplier_id = $1 AND currency = $2 \
         AND state = 'pending'",
    )
    .bind(supplier)
    .bind(currency.code())
    .fetch_one(&mut **tx)
    .await?;
    Ok(Money::from_minor(owed.minor() - pending.unwrap_or(0), currency))
}

/// A payout that has left Caravan: to a bank (an admin sent it) or to the supplier's
/// provider account (a transfer).
pub(crate) struct Sent<'a> {
    pub supplier: CompanyId,
    pub amount: Money,
    /// The bank transfer's or the provider transfer's reference.
    pub reference: &'a str,
    /// The bank details or the provider account it went to.
    pub destination: &'a str,
    pub memo: &'a str,
    /// Where the supplier's mail says it went: "your bank account".
    pub sent_to: &'a str,
    pub sent_by: Option<crate::domain::UserId>,
}

/// Ledgers a payout, keeps its record for the supplier's history and statements, and mails
/// the supplier's owners.
pub(crate) async fn ledger_payout(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    base: &str,
    sent: &Sent<'_>,
) -> Result<(), AppError> {
    let Sent { supplier, amount, reference, destination, memo, sent_to, sent_by } = *sent;
    let entry = Entry::payout(supplier, amount).or_internal()?;
    let entry_id = ledger::record(tx, None, memo, &entry).await?;
    sqlx::query(
        "INSERT INTO payouts (supplier_id, currency, amount, reference, bank_details, sent_by, entry_id, sent_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(supplier)
    .bind(amount.currency().code())
    .bind(amount.minor())
    .bind(reference)
    .bind(destination)
    .bind(sent_by)
    .bind(entry_id)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    for owner in super::accounts::owner_emails(tx, supplier).await? {
        let body = format!(
            "Caravan sent {amount} to {sent_to}, reference {reference}. Your payouts and monthly statements: \
             {base}/supplier/payouts\n\n— Caravan"
        );
        mail::enqueue(tx, Message { to: &owner, subject: format!("Payout of {amount} sent"), body }).await?;
    }
    Ok(())
}
