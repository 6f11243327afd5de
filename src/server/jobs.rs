//! The server's background work: housekeeping, mail delivery, buyer protection, quote
//! expiry and the card payment sweep, each on its own timer. Several app servers may run
//! them side by side.

use super::db::Db;
use super::mail::Transport;
use super::session_store::DbSessionStore;
use super::{AppState, ratelimit};
use std::time::Duration;

/// Starts every job on the runtime; they run until the process ends.
pub fn start(state: &AppState, transport: Transport) {
    tokio::spawn(housekeeping(state.db.clone()));
    tokio::spawn(buyer_protection(state.clone()));
    tokio::spawn(quote_expiry(state.clone()));
    tokio::spawn(payment_sweep(state.clone()));
    tokio::spawn(mail_delivery(state.db.clone(), transport, state.config.mail_from.clone()));
}

/// Hourly clean-up of expired sessions, stale sign-in failures and old search changes.
async fn housekeeping(db: Db) {
    let sessions = DbSessionStore::new(db.clone());
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        if let Err(e) = sessions.delete_expired().await {
            tracing::warn!(error = %e, "could not delete expired sessions");
        }
        if let Err(e) = ratelimit::delete_stale(&db).await {
            tracing::warn!(error = %e, "could not delete stale sign-in failures");
        }
        if let Err(e) = super::search::engine::prune(&db).await {
            tracing::warn!(error = %e, "could not prune the search change feed");
        }
    }
}

/// Sends the mail outbox every ten seconds.
async fn mail_delivery(db: Db, transport: super::mail::Transport, from: String) {
    let mut tick = tokio::time::interval(Duration::from_secs(10));
    loop {
        tick.tick().await;
        if let Err(e) = super::mail::deliver_pending(&db, &transport, &from).await {
            tracing::warn!(error = %e, "mail delivery failed");
        }
    }
}

/// Every ten minutes, releases held funds of shipped orders whose protection period has
/// passed without a dispute, and cancels orders whose bank transfer did not come in time.
/// Several app servers may run it: an order another one moved meanwhile is skipped (its
/// version moved).
async fn buyer_protection(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        match super::orders::auto_release(&state, super::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(orders = n, "released held funds after the protection period"),
            Err(e) => tracing::warn!(error = %e, "automatic release failed"),
        }
        match super::orders::expire_unpaid(&state, super::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(orders = n, "cancelled orders not paid in time"),
            Err(e) => tracing::warn!(error = %e, "cancelling unpaid orders failed"),
        }
    }
}

/// At start-up and then every two minutes, settles card payments a crash or an abandoned
/// authentication left half-done, sends refunds owed, and transfers what suppliers with a
/// provider account are owed (including released escrow of automatic releases).
async fn payment_sweep(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(120));
    loop {
        tick.tick().await;
        match super::payments::attempts::sweep(&state, super::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(payments = n, "settled card payments left half-done"),
            Err(e) => tracing::warn!(error = %e, "the card payment sweep failed"),
        }
        match super::payouts::connect::sweep(&state, super::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(transfers = n, "transferred what suppliers are owed to their accounts"),
            Err(e) => tracing::warn!(error = %e, "the payout transfer sweep failed"),
        }
    }
}

/// Every minute, expires open quotes past their validity date (acceptance checks the date
/// itself; this closes them for everyone to see).
async fn quote_expiry(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        match super::quotes::expire_due(&state, super::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(quotes = n, "expired quotes past their validity"),
            Err(e) => tracing::warn!(error = %e, "quote expiry failed"),
        }
    }
}
