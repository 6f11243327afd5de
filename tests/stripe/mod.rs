//! Helpers shared by the tests that pay through Stripe: localstripe (which scripts/test
//! starts) in the configuration, and what Stripe.js and Stripe's webhooks do.
#![allow(dead_code)]

use crate::common::*;
use crate::market::scalar;
use axum::body::Body;
use axum::http::Request;
use caravan::server::config::Config;
use caravan::server::provider_events;
use serde_json::{Value, json};

pub const WEBHOOK_SECRET: &str = "whsec_caravan_tests";

/// localstripe's address, which scripts/test exports; without it the Stripe tests say they
/// were skipped.
pub fn stripe_api() -> Option<String> {
    let api = std::env::var("CARAVAN_TEST_STRIPE_API").ok().filter(|a| !a.trim().is_empty());
    if api.is_none() {
        eprintln!("CARAVAN_TEST_STRIPE_API is not set (scripts/test starts localstripe): Stripe tests skipped");
    }
    api
}

pub fn with_stripe(api: &str) -> impl Fn(&mut Config) {
    let api = api.to_string();
    move |config: &mut Config| {
        config.payments = "stripe".into();
        config.stripe.secret_key = Some("sk_test_caravan".into());
        config.stripe.publishable_key = Some("pk_test_caravan".into());
        config.stripe.webhook_secret = Some(WEBHOOK_SECRET.into());
        config.stripe.api_url = api.clone();
        config.stripe.js_url = format!("{api}/js.stripe.com/v3/");
    }
}

/// What Stripe.js does in the browser with the card typed into its element: the card goes
/// to Stripe, and the page gets a token.
pub async fn token(api: &str, number: &str) -> String {
    let form = [
        ("card[number]", number),
        ("card[exp_month]", "12"),
        ("card[exp_year]", "2040"),
        ("card[cvc]", "123"),
        ("key", "pk_test_caravan"),
    ];
    let token: Value =
        reqwest::Client::new().post(format!("{api}/v1/tokens")).form(&form).send().await.unwrap().json().await.unwrap();
    token["id"].as_str().expect("a token").to_string()
}

/// A Stripe API request sent with Caravan's secret key, and its answer.
async fn as_platform(request: reqwest::RequestBuilder) -> Value {
    request.bearer_auth("sk_test_caravan").send().await.unwrap().json().await.unwrap()
}

/// Stripe's own view of an object (a payment intent, a transfer).
pub async fn stripe_get(api: &str, path: &str) -> Value {
    as_platform(reqwest::Client::new().get(format!("{api}{path}"))).await
}

/// Stripe.js completing 3-D Secure: the buyer passes (or fails) their bank's check.
pub async fn authenticate(api: &str, client_secret: &str, success: bool) {
    let intent = client_secret.split("_secret_").next().unwrap();
    let body = json!({ "key": "pk_test_caravan", "client_secret": client_secret });
    let res = reqwest::Client::new()
        .post(format!("{api}/v1/payment_intents/{intent}/_authenticate?success={success}"))
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
}

pub async fn pay_by_token<'a>(client: &mut Client<'a>, address: &str, key: &str, token: &str) -> Response {
    let fields = [("idempotency_key", key), ("ship_to", address), ("payment", "escrow"), ("card_token", token)];
    client.call("checkout/place", &fields).await
}

/// Stripe's webhook delivery, signed with `secret` at `at`.
pub async fn deliver(client: &mut Client<'_>, event: &Value, secret: &str, at: i64) -> Response {
    let payload = event.to_string();
    let request = Request::post("/webhooks/stripe")
        .header("content-type", "application/json")
        .header("stripe-signature", provider_events::sign(payload.as_bytes(), secret, at))
        .body(Body::from(payload))
        .unwrap();
    client.send(request).await
}

pub async fn escrow_of(app: &TestApp, order: i64) -> i64 {
    scalar(app, &format!("SELECT COALESCE(CAST(SUM(amount) AS BIGINT), 0) FROM ledger_postings WHERE account = 'escrow' AND owner_id = {order}")).await
}

/// An order paid through Stripe: its id, payment intent, and what its escrow holds.
pub async fn place_by_stripe(
    app: &TestApp,
    bea: &mut Client<'_>,
    address: &str,
    product: &str,
    api: &str,
    key: &str,
) -> (i64, String, i64) {
    assert_status(&bea.call("cart/add", &[("product", product), ("quantity", "500")]).await, 200);
    let res = pay_by_token(bea, address, key, &token(api, "4242424242424242").await).await;
    let ids: Vec<i64> = res.json();
    let intent: String = sqlx::query_scalar(
        "SELECT p.reference FROM payments p JOIN orders o ON o.checkout_id = p.checkout_id WHERE o.id = $1",
    )
    .bind(ids[0])
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    (ids[0], intent, escrow_of(app, ids[0]).await)
}

/// Stripe with Connect turned on: suppliers are paid out to accounts of their own.
pub fn with_stripe_connect(api: &str) -> impl Fn(&mut Config) {
    let stripe = with_stripe(api);
    move |config: &mut Config| {
        stripe(config);
        config.stripe.connect = true;
    }
}

/// A Stripe API call as Caravan's secret key.
pub async fn stripe_post(api: &str, path: &str, form: &[(&str, &str)]) -> Value {
    as_platform(reqwest::Client::new().post(format!("{api}{path}")).form(form)).await
}
