//! `POST /webhooks/stripe`: Stripe's events, signature checked before anything is read.

use crate::server::provider_events;
use crate::server::{AppState, now};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

pub(super) async fn stripe(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, &'static str) {
    let Some(secret) = state.config.stripe.webhook_secret.as_deref().filter(|_| state.payments.name() == "stripe")
    else {
        return (StatusCode::NOT_FOUND, "no Stripe account is configured");
    };
    let signature = headers.get("stripe-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
    if let Err(rejected) = provider_events::verify(&body, signature, secret, now()) {
        tracing::warn!(%rejected, "refused a Stripe webhook");
        return (StatusCode::BAD_REQUEST, "signature refused");
    }
    let Ok(event) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return (StatusCode::BAD_REQUEST, "not an event");
    };
    match provider_events::handle(&state, &event).await {
        Ok(true) => (StatusCode::OK, "handled"),
        Ok(false) => (StatusCode::OK, "handled before"),
        // Stripe retries an event that was not acknowledged.
        Err(e) => {
            tracing::warn!(error = %e, event = ?event["id"], "a Stripe event is left for Stripe's retry");
            (StatusCode::SERVICE_UNAVAILABLE, "try again")
        }
    }
}
