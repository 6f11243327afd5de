//! Payouts through the payment provider's Connect: an owner opens the supplier's own account
//! at the provider (with their password, as for bank details) and completes onboarding on the
//! provider's pages; from then on what Caravan owes the supplier is transferred there when
//! escrow is released, instead of waiting for an admin's bank transfer.
//!
//! A transfer is an attempt committed before the provider hears of it (so the same money is
//! not paid twice meanwhile), sent with its own idempotency key, and ledgered only once the
//! provider made it; the sweep sends an attempt a crash left half-done again with the same
//! key, so the provider transfers once.

use super::{Sent, available, ledger_payout};
use crate::domain::form::FieldErrors;
use crate::domain::{CompanyId, Currency, Money};
use crate::error::AppError;
use crate::model::payouts::PayoutAccount;
use crate::model::session::SessionUser;
use crate::server::mail::{self, Message};
use crate::server::payments::{Connect, PaymentError};
use crate::server::{AppState, accounts, now};

#[derive(sqlx::FromRow)]
struct AccountRow {
    account_id: String,
    payouts_enabled: i64,
}

async fn account_of(state: &AppState, supplier: CompanyId) -> Result<Option<AccountRow>, AppError> {
    Ok(sqlx::query_as("SELECT account_id, payouts_enabled FROM connect_accounts WHERE company_id = $1")
        .bind(supplier)
        .fetch_optional(state.db.pool())
        .await?)
}

/// Where the supplier's provider account stands; `None` when the provider pays no one out.
/// An account still onboarding is asked about again, so a supplier back from the provider's
/// pages sees it ready.
pub async fn payout_account(state: &AppState, supplier: CompanyId) -> Result<Option<PayoutAccount>, AppError> {
    if state.payments.connect().is_none() {
        return Ok(None);
    }
    Ok(Some(match account_of(state, supplier).await? {
        None => PayoutAccount::NotConnected,
        Some(row) if row.payouts_enabled == 1 => PayoutAccount::Ready { account: row.account_id },
        Some(row) => match refresh(state, &row.account_id).await {
            Ok(true) => PayoutAccount::Ready { account: row.account_id },
            Ok(false) => PayoutAccount::Incomplete { account: row.account_id },
            Err(e) => {
                tracing::warn!(supplier = %supplier, error = %e, "could not ask the provider about a payout account");
                PayoutAccount::Incomplete { account: row.account_id }
            }
        },
    }))
}

/// Opens the supplier's provider account if it has none, and answers the provider's
/// onboarding page to send the owner to. Only an owner, with their password: the account
/// decides where the supplier's money goes.
pub async fn onboarding_link(
    state: &AppState,
    owner: &SessionUser,
    supplier: CompanyId,
    password: &str,
) -> Result<String, AppError> {
    let connect = state.payments.connect().ok_or_else(|| AppError::NotFound("provider payouts".into()))?;
    let mut errors = FieldErrors::new();
    accounts::confirm_password(&mut errors, &state.db, owner.id, password).await?;
    if !errors.is_empty() {
        return Err(errors.into_error());
    }
    let account = match account_of(state, supplier).await? {
        Some(row) => row.account_id,
        None => {
            // Two owners starting at once may open two accounts: the first recorded is kept.
            let account = connect.create_account(&owner.email, supplier).await.map_err(unavailable)?;
            sqlx::query(
                "INSERT INTO connect_accounts (company_id, provider, account_id, created_by, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (company_id) DO NOTHING",
            )
            .bind(supplier)
            .bind(state.payments.name())
            .bind(&account)
            .bind(owner.id)
            .bind(now())
            .execute(state.db.pool())
            .await?;
            account_of(state, supplier).await?.map(|row| row.account_id).unwrap_or(account)
        }
    };
    let back = format!("{}/supplier/selling", state.config.public_url());
    connect.onboarding_link(&account, &back, &back).await.map_err(unavailable)
}

fn unavailable(error: PaymentError) -> AppError {
    tracing::warn!(error = %error, "the payment provider refused a payout account request");
    AppError::Conflict("The payment service did not answer. Please try again in a moment.".into())
}

/// Asks the provider whether the account can receive transfers now, and records it. An
/// account that just became ready is paid what it is owed.
pub async fn refresh(state: &AppState, account: &str) -> Result<bool, AppError> {
    let Some(connect) = state.payments.connect() else { return Ok(false) };
    let (enabled, became_ready) = ask(state, connect, account).await?;
    // What is owed then goes out now, or with the sweep: the account is ready either way.
    if let Some(supplier) = became_ready
        && let Err(e) = transfer_owed(state, supplier).await
    {
        tracing::warn!(supplier = %supplier, error = %e, "a payout transfer is left for the sweep");
    }
    Ok(enabled)
}

/// Records whether the account can receive, telling the owners when it just became ready
/// (and answering its supplier then).
async fn ask(state: &AppState, connect: &dyn Connect, account: &str) -> Result<(bool, Option<CompanyId>), AppError> {
    let enabled = connect.payouts_enabled(account).await.map_err(AppError::internal)?;
    let mut tx = state.db.begin_write().await?;
    let changed: Option<CompanyId> = sqlx::query_scalar(
        "UPDATE connect_accounts SET payouts_enabled = $1, updated_at = $2 WHERE account_id = $3 \
         AND payouts_enabled <> $1 RETURNING company_id",
    )
    .bind(i64::from(enabled))
    .bind(now())
    .bind(account)
    .fetch_optional(&mut *tx)
    .await?;
    let became_ready = changed.filter(|_| enabled);
    if let Some(supplier) = became_ready {
        let base = state.config.public_url();
        for owner in accounts::owner_emails(&mut tx, supplier).await? {
            let body = format!(
                "Your Stripe account {account} is ready: from now on Caravan transfers what it owes you there as \
                 held funds are released. Payouts and statements: {base}/supplier/payouts\n\n— Caravan"
            );
            let subject = "Payouts now go to your Stripe account".to_string();
            mail::enqueue(&mut tx, Message { to: &owner, subject, body }).await?;
        }
    }
    tx.commit().await?;
    Ok((enabled, became_ready))
}

#[derive(sqlx::FromRow)]
struct Attempt {
    id: i64,
    supplier_id: CompanyId,
    account_id: String,
    #[sqlx(try_from = "String")]
    currency: Currency,
    amount: i64,
    idempotency_key: String,
}

/// Transfers everything Caravan owes the supplier, in each currency, to its provider account
/// when that is ready. Answers how many transfers were made.
pub async fn transfer_owed(state: &AppState, supplier: CompanyId) -> Result<usize, AppError> {
    let Some(connect) = state.payments.connect() else { return Ok(0) };
    let Some(row) = account_of(state, supplier).await?.filter(|row| row.payouts_enabled == 1) else {
        return Ok(0);
    };
    // Read first, so a sweep over suppliers owed nothing writes nothing.
    let currencies: Vec<String> = sqlx::query_scalar(
        "SELECT currency FROM ledger_postings WHERE account = 'supplier' AND owner_id = $1 \
         GROUP BY currency HAVING SUM(amount) > 0 ORDER BY currency",
    )
    .bind(supplier)
    .fetch_all(state.db.pool())
    .await?;
    let mut sent = 0;
    for currency in currencies {
        let currency: Currency =
            currency.parse().map_err(|_| AppError::internal(format_args!("currency {currency}")))?;
        if let Some(attempt) = reserve(state, supplier, &row.account_id, currency).await? {
            sent += usize::from(send(state, connect, &attempt).await?);
        }
    }
    Ok(sent)
}

/// Records an attempt to transfer what is available in `currency`, committed before the
/// provider is called; `None` when nothing is owed.
async fn reserve(
    state: &AppState,
    supplier: CompanyId,
    account: &str,
    currency: Currency,
) -> Result<Option<Attempt>, AppError> {
    let mut tx = state.db.begin_write().await?;
    let owed = available(&mut tx, supplier, currency).await?;
    if owed.minor() <= 0 {
        return Ok(None);
    }
    let key = format!("payout-{supplier}-{}-{}", currency.code(), uuid::Uuid::new_v4().simple());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO connect_transfers (supplier_id, account_id, currency, amount, idempotency_key, state, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id",
    )
    .bind(supplier)
    .bind(account)
    .bind(currency.code())
    .bind(owed.minor())
    .bind(&key)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(Attempt {
        id,
        supplier_id: supplier,
        account_id: account.to_string(),
        currency,
        amount: owed.minor(),
        idempotency_key: key,
    }))
}

/// Sends an attempt to the provider and records the outcome: the payout ledgered once made,
/// the attempt given up when refused (the money stays owed), left for the sweep when the
/// provider did not answer. Answers whether it was made now.
async fn send(state: &AppState, connect: &dyn Connect, attempt: &Attempt) -> Result<bool, AppError> {
    let amount = Money::from_minor(attempt.amount, attempt.currency);
    let description = format!("Caravan payout {}", attempt.idempotency_key);
    match connect.transfer(&attempt.account_id, amount, &attempt.idempotency_key, &description).await {
        Ok(transfer) => {
            let mut tx = state.db.begin_write().await?;
            // Another server's sweep may have recorded it meanwhile (same key, same transfer).
            let settled = sqlx::query(
                "UPDATE connect_transfers SET state = 'sent', transfer_id = $1, settled_at = $2 \
                 WHERE id = $3 AND state = 'pending'",
            )
            .bind(&transfer)
            .bind(now())
            .bind(attempt.id)
            .execute(&mut *tx)
            .await?;
            if settled.rows_affected() == 0 {
                return Ok(false);
            }
            let sent = Sent {
                supplier: attempt.supplier_id,
                amount,
                reference: &transfer,
                destination: &format!("Stripe account {}", attempt.account_id),
                memo: &format!("Transferred to the supplier's Stripe account ({transfer})"),
                sent_to: "your Stripe account",
                sent_by: None,
            };
            ledger_payout(&mut tx, &state.config.public_url(), &sent).await?;
            tx.commit().await?;
            Ok(true)
        }
        Err(PaymentError::Unavailable) => {
            tracing::warn!(attempt = attempt.id, "a payout transfer is left for the sweep");
            Ok(false)
        }
        Err(error) => {
            tracing::warn!(attempt = attempt.id, error = %error, "the provider refused a payout transfer");
            sqlx::query(
                "UPDATE connect_transfers SET state = 'failed', failure = $1, settled_at = $2 \
                 WHERE id = $3 AND state = 'pending'",
            )
            .bind("The payment provider refused the transfer: the account may need more details.")
            .bind(now())
            .bind(attempt.id)
            .execute(state.db.pool())
            .await?;
            // The account may have lost the right to receive: ask, so it is not tried again.
            if let Err(e) = ask(state, connect, &attempt.account_id).await {
                tracing::warn!(attempt = attempt.id, error = %e, "could not ask about a refused payout account");
            }
            Ok(false)
        }
    }
}

/// Sends again the attempts left half-done a minute or more ago (the same key, so the
/// provider transfers once), then pays every ready account what it is owed, except one
/// refused in the last hour. Answers how many transfers were made.
pub async fn sweep(state: &AppState, at: i64) -> Result<usize, AppError> {
    let Some(connect) = state.payments.connect() else { return Ok(0) };
    let stale: Vec<Attempt> = sqlx::query_as(
        "SELECT id, supplier_id, account_id, currency, amount, idempotency_key FROM connect_transfers \
         WHERE state = 'pending' AND created_at <= $1 ORDER BY id",
    )
    .bind(at - 60)
    .fetch_all(state.db.pool())
    .await?;
    let mut sent = 0;
    for attempt in &stale {
        sent += usize::from(send(state, connect, attempt).await?);
    }
    let ready: Vec<CompanyId> = sqlx::query_scalar(
        "SELECT company_id FROM connect_accounts WHERE payouts_enabled = 1 AND company_id NOT IN \
         (SELECT supplier_id FROM connect_transfers WHERE state = 'failed' AND settled_at > $1) ORDER BY company_id",
    )
    .bind(at - 3_600)
    .fetch_all(state.db.pool())
    .await?;
    for supplier in ready {
        sent += transfer_owed(state, supplier).await?;
    }
    Ok(sent)
}
