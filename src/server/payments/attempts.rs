//! Card payments recorded around every provider call, never inside an open write
//! transaction: an attempt is committed before the provider hears of it, the provider is
//! called, its answer is recorded; the checkout that the payment is for is then written in
//! its own transaction, which captures the attempt. Whatever a crash or a failed commit
//! leaves — a charge whose checkout never committed, an authentication never finished, a
//! refund owed but not sent — the [`sweep`] settles.
//!
//! An attempt moves `created` → `requires_action` | `succeeded` | `failed`; a succeeded one
//! is `captured` by its checkout or, abandoned, `refunding` → `refunded`.

use super::{ChargeRequest, Charged, IntentStatus, PaymentError, PaymentSource};
use crate::domain::ledger::Entry;
use crate::domain::{Currency, Money, OrderId};
use crate::error::{AppError, OrInternal};
use crate::model::session::SessionUser;
use crate::server::db::is_unique_violation;
use crate::server::{AppState, ledger, now};
use sqlx::{Any, Transaction};

/// A payment that succeeded for a checkout not yet written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paid {
    pub attempt: i64,
    pub charged: Charged,
    pub amount: Money,
}

/// Why a card payment did not go through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Declined, or the provider failed: nothing of the checkout stays charged.
    Failed(PaymentError),
    /// The buyer's bank asks them to authenticate; the form is sent again once they have.
    RequiresAction { client_secret: String },
    /// Another submission of the same checkout is paying at this moment.
    InProgress,
}

/// An attempt the buyer's browser has not finished authenticating stays open this long.
pub const ACTION_WINDOW_SECS: i64 = 30 * 60;
/// A succeeded payment whose checkout did not commit in this time was abandoned (a crash,
/// a failed commit): it is refunded.
const ABANDONED_AFTER_SECS: i64 = 10 * 60;

#[derive(sqlx::FromRow)]
struct OpenAttempt {
    id: i64,
    amount: i64,
    intent: Option<String>,
}

/// Pays `amounts` (one per currency) for the checkout under `checkout_key`, each from its
/// source. A payment of this checkout that succeeded already — the buyer authenticated and
/// sent the form again — is used instead of charging again. On any refusal, what this
/// checkout had charged is given back.
pub async fn pay(
    state: &AppState,
    user: &SessionUser,
    checkout_key: &str,
    amounts: &[(Money, Option<PaymentSource>)],
) -> Result<Vec<Paid>, Refusal> {
    let mut paid = Vec::with_capacity(amounts.len());
    for (amount, source) in amounts {
        match pay_one(state, user, checkout_key, *amount, source.as_ref()).await {
            Ok(one) => paid.push(one),
            Err(refusal) => {
                // Given back on a refusal only: a submission finding another one paying may
                // hold payments that one made, and will capture.
                if matches!(refusal, Refusal::Failed(_)) {
                    give_back(state, &paid).await;
                }
                return Err(refusal);
            }
        }
    }
    Ok(paid)
}

async fn pay_one(
    state: &AppState,
    user: &SessionUser,
    checkout_key: &str,
    amount: Money,
    source: Option<&PaymentSource>,
) -> Result<Paid, Refusal> {
    let db = state.db.pool();
    let unavailable = |e: sqlx::Error| {
        tracing::error!(error = %e, "could not record a card payment attempt");
        Refusal::Failed(PaymentError::Unavailable)
    };
    let earlier: Option<OpenAttempt> = sqlx::query_as(
        "SELECT id, amount, intent FROM card_payments WHERE user_id = $1 AND checkout_key = $2 AND currency = $3 \
         AND provider = $4 AND state IN ('requires_action', 'succeeded') ORDER BY id DESC LIMIT 1",
    )
    .bind(user.id)
    .bind(checkout_key)
    .bind(amount.currency().code())
    .bind(state.payments.name())
    .fetch_optional(db)
    .await
    .map_err(unavailable)?;
    if let Some(earlier) = earlier {
        match (earlier.intent, earlier.amount == amount.minor()) {
            (Some(intent), true) => {
                let status = state.payments.status(&intent).await.map_err(Refusal::Failed)?;
                match record(state, earlier.id, status).await {
                    Ok(Some(paid)) => return Ok(paid),
                    // Sent again without a card: what became of the payment it is completing.
                    Err(refusal) if source.is_none() => return Err(refusal),
                    // The buyer brings a card instead of finishing the bank's check.
                    Err(Refusal::RequiresAction { .. }) => abandon(state, earlier.id).await,
                    // Failed (the card the form brings now is tried), or given up meanwhile.
                    _ => {}
                }
            }
            // The cart changed while the buyer authenticated: that payment is not this one.
            _ => abandon(state, earlier.id).await,
        }
    }
    let source = source.ok_or(Refusal::Failed(PaymentError::CardMissing))?;
    let key = format!("{checkout_key}-{}-{}", amount.currency().code(), uuid::Uuid::new_v4().simple());
    let at = now();
    let attempt: i64 = sqlx::query_scalar(
        "INSERT INTO card_payments (user_id, checkout_key, provider, idempotency_key, currency, amount, state, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'created', $7, $7) RETURNING id",
    )
    .bind(user.id)
    .bind(checkout_key)
    .bind(state.payments.name())
    .bind(&key)
    .bind(amount.currency().code())
    .bind(amount.minor())
    .bind(at)
    .fetch_one(db)
    .await
    .map_err(|e| match is_unique_violation(&e) {
        // Another submission of this checkout is paying right now (a double click).
        true => Refusal::InProgress,
        false => unavailable(e),
    })?;
    // Recorded after any other submission's payment under way was settled (the index above
    // waits for it): when that one placed the checkout, this one charges nothing.
    let placed: Option<i64> =
        sqlx::query_scalar("SELECT id FROM checkouts WHERE user_id = $1 AND idempotency_key = $2")
            .bind(user.id)
            .bind(checkout_key)
            .fetch_optional(db)
            .await
            .map_err(unavailable)?;
    if placed.is_some() {
        abandon(state, attempt).await;
        return Err(Refusal::InProgress);
    }
    let request =
        ChargeRequest { amount, idempotency_key: key, description: format!("Caravan checkout {checkout_key}") };
    let intent = match state.payments.create(&request).await {
        Ok(intent) => intent,
        Err(error) => {
            // No intent id was stored, so nothing can have been charged under this attempt.
            abandon(state, attempt).await;
            return Err(Refusal::Failed(error));
        }
    };
    // Stored before the card is charged: the sweep can always ask the provider about it.
    sqlx::query("UPDATE card_payments SET intent = $1, updated_at = $2 WHERE id = $3")
        .bind(&intent)
        .bind(now())
        .bind(attempt)
        .execute(db)
        .await
        .map_err(unavailable)?;
    let status = match state.payments.confirm(&intent, source).await {
        Ok(status) => status,
        Err(error) => {
            // The charge may or may not have gone through: given up now (refunded, or
            // cancelled), or by the sweep once the provider answers.
            abandon(state, attempt).await;
            return Err(Refusal::Failed(error));
        }
    };
    match record(state, attempt, status).await? {
        Some(paid) => Ok(paid),
        None => Err(Refusal::Failed(PaymentError::NotCompleted)),
    }
}

/// Records what the provider answered for an attempt: the payment when it succeeded, the
/// refusal otherwise (a failed attempt answers `None` after a stale authentication).
async fn record(state: &AppState, attempt: i64, status: IntentStatus) -> Result<Option<Paid>, Refusal> {
    let (next, summary) = match &status {
        IntentStatus::Succeeded(charged) => ("succeeded", charged.card_summary.as_str()),
        IntentStatus::RequiresAction { .. } => ("requires_action", ""),
        IntentStatus::Failed(_) => ("failed", ""),
    };
    let amount: Option<(i64, String)> = sqlx::query_as(
        "UPDATE card_payments SET state = $1, card_summary = $2, updated_at = $3 \
         WHERE id = $4 AND state IN ('created', 'requires_action', 'succeeded') RETURNING amount, currency",
    )
    .bind(next)
    .bind(summary)
    .bind(now())
    .bind(attempt)
    .fetch_optional(state.db.pool())
    .await
    .map_err(|e| {
        tracing::error!(error = %e, attempt, "could not record a card payment's outcome");
        Refusal::Failed(PaymentError::Unavailable)
    })?;
    // The sweep gave it up meanwhile (refunded or cancelled).
    let Some((minor, code)) = amount else { return Ok(None) };
    match status {
        IntentStatus::Succeeded(charged) => {
            let currency: Currency = code.parse().map_err(|_| Refusal::Failed(PaymentError::Unavailable))?;
            Ok(Some(Paid { attempt, charged, amount: Money::from_minor(minor, currency) }))
        }
        IntentStatus::RequiresAction { client_secret } => Err(Refusal::RequiresAction { client_secret }),
        IntentStatus::Failed(error) => Err(Refusal::Failed(error)),
    }
}

/// Inside the checkout's transaction: the payments are captured by it (one statement each,
/// that fails when the sweep gave the payment up meanwhile), recorded for receipts and
/// refunds, and held in escrow for `orders`.
pub async fn capture(
    tx: &mut Transaction<'static, Any>,
    checkout_id: i64,
    buyer: crate::domain::CompanyId,
    provider: &str,
    paid: &[Paid],
    orders: &[(OrderId, Money)],
) -> Result<(), AppError> {
    for payment in paid {
        let captured = sqlx::query(
            "UPDATE card_payments SET state = 'captured', checkout_id = $1, updated_at = $2 \
             WHERE id = $3 AND state = 'succeeded'",
        )
        .bind(checkout_id)
        .bind(now())
        .bind(payment.attempt)
        .execute(&mut **tx)
        .await?;
        if captured.rows_affected() != 1 {
            return Err(AppError::Conflict(
                "Your payment took too long to complete and was given back. Please place the order again.".into(),
            ));
        }
        sqlx::query(
            "INSERT INTO payments (checkout_id, provider, reference, currency, amount, card_summary, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(checkout_id)
        .bind(provider)
        .bind(&payment.charged.reference)
        .bind(payment.amount.currency().code())
        .bind(payment.amount.minor())
        .bind(&payment.charged.card_summary)
        .bind(now())
        .execute(&mut **tx)
        .await?;
        let mut covered = 0;
        for (order, total) in orders.iter().filter(|(_, total)| total.currency() == payment.amount.currency()) {
            let entry = Entry::capture(*order, buyer, *total).or_internal()?;
            ledger::record(tx, Some(*order), "Card payment held in escrow", &entry).await?;
            covered += total.minor();
        }
        if covered != payment.amount.minor() {
            return Err(AppError::internal(format_args!(
                "card payment {} of {} does not match its orders ({covered})",
                payment.attempt, payment.amount
            )));
        }
    }
    Ok(())
}

/// Writes the checkout with `write` (a transaction that captures `paid`), then gives back
/// whatever it did not capture: all of it when it or its commit failed, and a payment made
/// for a checkout that another submission had written meanwhile.
pub async fn settle_or_give_back<T>(
    state: &AppState,
    paid: &[Paid],
    write: impl Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let written = write.await;
    // A captured payment is left alone: giving up claims only an uncaptured one.
    give_back(state, paid).await;
    written
}

/// Gives back payments whose checkout did not happen; one that fails to go back is left to
/// the sweep.
async fn give_back(state: &AppState, paid: &[Paid]) {
    for payment in paid {
        abandon(state, payment.attempt).await;
    }
}

/// Gives up an attempt not captured by a checkout: a succeeded payment is refunded, one
/// awaiting authentication is cancelled.
async fn abandon(state: &AppState, attempt: i64) {
    if let Err(e) = try_abandon(state, attempt).await {
        tracing::warn!(attempt, error = %e, "an abandoned card payment is left to the sweep");
    }
}

#[derive(sqlx::FromRow)]
struct Claimed {
    intent: Option<String>,
    amount: i64,
    currency: String,
}

async fn try_abandon(state: &AppState, attempt: i64) -> Result<(), AppError> {
    let db = state.db.pool();
    // Claimed in one statement, so a checkout capturing it meanwhile and this sweep exclude
    // each other.
    let claimed: Option<Claimed> = sqlx::query_as(
        "UPDATE card_payments SET state = 'refunding', updated_at = $1 \
         WHERE id = $2 AND state IN ('created', 'requires_action', 'succeeded', 'refunding') \
         RETURNING intent, amount, currency",
    )
    .bind(now())
    .bind(attempt)
    .fetch_optional(db)
    .await?;
    let Some(claimed) = claimed else { return Ok(()) };
    let outcome = match &claimed.intent {
        // Never created at the provider (or not known to be): nothing was charged.
        None => "failed",
        Some(intent) => match state.payments.status(intent).await {
            Ok(IntentStatus::Succeeded(_)) => {
                let currency: Currency = claimed.currency.parse().or_internal()?;
                let amount = Money::from_minor(claimed.amount, currency);
                state
                    .payments
                    .refund(intent, amount, &format!("abandoned-{attempt}"))
                    .await
                    .map_err(|e| AppError::Conflict(e.to_string()))?;
                "refunded"
            }
            Ok(IntentStatus::RequiresAction { .. }) => {
                state.payments.cancel(intent).await.map_err(|e| AppError::Conflict(e.to_string()))?;
                "failed"
            }
            Ok(IntentStatus::Failed(_)) => "failed",
            Err(e) => return Err(AppError::Conflict(e.to_string())),
        },
    };
    sqlx::query("UPDATE card_payments SET state = $1, updated_at = $2 WHERE id = $3 AND state = 'refunding'")
        .bind(outcome)
        .bind(now())
        .bind(attempt)
        .execute(db)
        .await?;
    Ok(())
}

/// The provider's word on an intent, from its webhook: an attempt still waiting learns
/// whether the buyer's authentication succeeded. Placing the order stays with the
/// buyer's browser, which sends the form again; an attempt it never comes back for is
/// refunded by the sweep.
pub async fn provider_says(state: &AppState, intent: &str, succeeded: bool) -> Result<(), AppError> {
    let attempt: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM card_payments WHERE provider = $1 AND intent = $2 AND state IN ('created', 'requires_action')",
    )
    .bind(state.payments.name())
    .bind(intent)
    .fetch_optional(state.db.pool())
    .await?;
    let Some(attempt) = attempt else { return Ok(()) };
    let status = match succeeded {
        // Its card summary comes from the provider, as when the browser returns.
        true => state.payments.status(intent).await.map_err(|e| AppError::Conflict(e.to_string()))?,
        false => IntentStatus::Failed(PaymentError::Declined),
    };
    // A refusal here is the attempt's outcome, recorded; there is no one to tell.
    let _ = record(state, attempt, status).await;
    Ok(())
}

/// A refund owed to a card, written in the transaction of the move that owes it; it is sent
/// to the provider once that commits ([`send_refunds`]), so a refund never goes out for a
/// move that did not happen.
pub async fn owe_refund(
    tx: &mut Transaction<'static, Any>,
    order: OrderId,
    checkout_id: i64,
    amount: Money,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO card_refunds (order_id, provider, reference, currency, amount, created_at) \
         SELECT $1, provider, reference, currency, $2, $3 FROM payments WHERE checkout_id = $4 AND currency = $5",
    )
    .bind(order)
    .bind(amount.minor())
    .bind(now())
    .bind(checkout_id)
    .bind(amount.currency().code())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct OwedRefund {
    id: i64,
    reference: String,
    currency: String,
    amount: i64,
}

/// Sends the refunds owed and not yet sent; each reaches the provider once whatever retries
/// (its id is its idempotency key). Answers how many went out.
pub async fn send_refunds(state: &AppState) -> Result<usize, AppError> {
    let owed: Vec<OwedRefund> = sqlx::query_as(
        "SELECT id, reference, currency, amount FROM card_refunds WHERE sent_at IS NULL AND provider = $1 AND origin = 'caravan' ORDER BY id",
    )
    .bind(state.payments.name())
    .fetch_all(state.db.pool())
    .await?;
    let mut sent = 0;
    for refund in owed {
        let amount = Money::from_minor(refund.amount, refund.currency.parse().or_internal()?);
        if let Err(e) = state.payments.refund(&refund.reference, amount, &format!("refund-{}", refund.id)).await {
            tracing::warn!(refund = refund.id, error = %e, "a card refund is left for the next sweep");
            continue;
        }
        sqlx::query("UPDATE card_refunds SET sent_at = $1 WHERE id = $2")
            .bind(now())
            .bind(refund.id)
            .execute(state.db.pool())
            .await?;
        sent += 1;
    }
    Ok(sent)
}

/// Settles what crashes and abandoned authentications left: attempts neither captured nor
/// settled in time are refunded or cancelled, and owed refunds are sent. Run at start-up and
/// then every few minutes; several servers may run it (each attempt is claimed once).
pub async fn sweep(state: &AppState, at: i64) -> Result<usize, AppError> {
    let stale: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM card_payments WHERE provider = $1 AND ( \
         (state IN ('created', 'succeeded', 'refunding') AND updated_at <= $2) \
         OR (state = 'requires_action' AND updated_at <= $3)) ORDER BY id",
    )
    .bind(state.payments.name())
    .bind(at - ABANDONED_AFTER_SECS)
    .bind(at - ACTION_WINDOW_SECS)
    .fetch_all(state.db.pool())
    .await?;
    let settled = stale.len();
    for attempt in stale {
        abandon(state, attempt).await;
    }
    Ok(settled + send_refunds(state).await?)
}
