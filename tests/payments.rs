//! Card payments on both backends, through the sandbox and through Stripe (a real fake of
//! its API, localstripe, that scripts/test starts): success, decline, 3-D Secure, webhooks
//! replayed and out of order, refunds, and a crash between the charge and the checkout's
//! commit, which the sweep settles.
#![cfg(feature = "ssr")]

mod common;
mod market;
mod negotiators;
mod stripe;

use axum::body::Body;
use axum::http::Request;
use caravan::api::orders::OrderDetail;
use caravan::domain::order::{Action, PaymentStatus};
use caravan::domain::{Currency, Money};
use caravan::server::now;
use caravan::server::payments::attempts::{self, Refusal};
use caravan::server::payments::{PaymentError, PaymentSource};
use caravan::server::provider_events;
use common::*;
use market::*;
use negotiators::{quote_form, send_quote, today_plus};
use serde_json::{Value, json};
use stripe::*;

fn event(id: &str, kind: &str, intent: &str) -> Value {
    json!({ "id": id, "type": kind, "data": { "object": { "id": intent, "object": "payment_intent" } } })
}

async fn attempt_states(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT state FROM card_payments ORDER BY id").fetch_all(app.db.pool()).await.unwrap()
}

#[tokio::test]
async fn stripe_charges_a_token_once_and_never_sees_a_card_number() {
    let Some(api) = stripe_api() else { return };
    each_backend_with(with_stripe(&api), async |app| {
        let m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        assert_status(&bea.call("cart/add", &[("product", &m.bottle), ("quantity", "500")]).await, 200);
        // The checkout page mounts Stripe's element instead of card fields.
        let page = bea.get("/checkout").await;
        assert!(page.body.contains("data-stripe-card") && page.body.contains("js.stripe.com/v3/"), "{}", page.body);
        assert!(!page.body.contains("name=\"card_number\""));
        // Typed card details are refused: only the element's token pays.
        let typed = checkout(&mut bea, &address, "key-typed", "escrow", CARD).await;
        assert!(assert_field_error(&typed, "card_number").contains("card form"));

        let tok = token(&api, "4242424242424242").await;
        let res = pay_by_token(&mut bea, &address, "key-1", &tok).await;
        assert_status(&res, 200);
        let ids: Vec<i64> = res.json();
        let detail: OrderDetail = order(&mut bea, &ids[0].to_string()).await.json();
        assert_eq!(detail.payment, PaymentStatus::Held);
        assert_eq!(detail.card.as_deref(), Some("Visa ending 4242"));
        let intent: String =
            sqlx::query_scalar("SELECT reference FROM payments").fetch_one(app.db.pool()).await.unwrap();
        let at_stripe = stripe_get(&api, &format!("/v1/payment_intents/{intent}")).await;
        assert_eq!(
            (at_stripe["status"].as_str(), at_stripe["amount"].as_i64()),
            (Some("succeeded"), Some(detail.total.minor()))
        );
        // Sent again: the same order, no second charge.
        let again: Vec<i64> = pay_by_token(&mut bea, &address, "key-1", &tok).await.json();
        assert_eq!(again, ids);
        assert_eq!(attempt_states(app).await, ["captured"]);
        assert!(imbalance(app).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_stripe_decline_places_nothing_and_another_card_then_pays() {
    let Some(api) = stripe_api() else { return };
    each_backend_with(with_stripe(&api), async |app| {
        let m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        assert_status(&bea.call("cart/add", &[("product", &m.bottle), ("quantity", "500")]).await, 200);
        let declined = token(&api, "4000000000000341").await;
        let res = pay_by_token(&mut bea, &address, "key-1", &declined).await;
        assert_eq!(assert_field_error(&res, "card_number"), PaymentError::Declined.to_string());
        assert_eq!((app.count("orders").await, app.count("checkouts").await), (0, 0));
        assert_eq!(stock(app, &m.bottle).await, 1000);
        let good = token(&api, "4242424242424242").await;
        assert_status(&pay_by_token(&mut bea, &address, "key-1", &good).await, 200);
        assert_eq!(attempt_states(app).await, ["failed", "captured"]);
    })
    .await;
}

#[tokio::test]
async fn three_d_secure_places_the_order_once_whether_the_browser_or_the_webhook_comes_first_or_alone() {
    let Some(api) = stripe_api() else { return };
    each_backend_with(with_stripe(&api), async |app| {
        let m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        assert_status(&bea.call("cart/add", &[("product", &m.bottle), ("quantity", "500")]).await, 200);
        let mut stripe = app.client();

        // The bank asks for 3-D Secure: nothing is placed yet, and the page gets what Stripe.js
        // completes it with, and its own key and choices back, to send the form again.
        let secure = token(&api, "4000002760003184").await;
        let res = pay_by_token(&mut bea, &address, "key-1", &secure).await;
        assert!(assert_field_error(&res, "card_number").contains("confirm"));
        let error = res.error();
        let secret = error.echoed("card_action").expect("a client secret");
        assert_eq!(error.echoed("idempotency_key").as_deref(), Some("key-1"));
        assert_eq!(error.echoed("payment").as_deref(), Some("escrow"));
        assert_eq!(app.count("orders").await, 0);
        let intent = secret.split("_secret_").next().unwrap().to_string();

        // The buyer passes and closes the tab: Stripe's webhook places the order with the form
        // the buyer sent (its cart emptied, its payment captured), and a replay does nothing.
        authenticate(&api, &secret, true).await;
        let succeeded = event("evt_ok_1", "payment_intent.succeeded", &intent);
        assert_eq!(deliver(&mut stripe, &succeeded, WEBHOOK_SECRET, now()).await.body, "handled");
        assert_eq!(deliver(&mut stripe, &succeeded, WEBHOOK_SECRET, now()).await.body, "handled before");
        assert_eq!((app.count("orders").await, app.count("payments").await), (1, 1));
        assert_eq!(attempt_states(app).await, ["captured"]);
        assert_eq!(app.count("cart_lines").await, 0);
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM orders").fetch_all(app.db.pool()).await.unwrap();
        // The browser comes back after all (no new token: the card is paid): the same order,
        // however often.
        let placed = pay_by_token(&mut bea, &address, "key-1", "").await;
        assert_status(&placed, 200);
        assert_eq!(placed.json::<Vec<i64>>(), ids);
        let again: Vec<i64> = pay_by_token(&mut bea, &address, "key-1", "").await.json();
        assert_eq!(again, ids);
        assert_eq!((app.count("orders").await, app.count("payments").await), (1, 1));
        // Nothing is given back later: the payment is the order's.
        attempts::sweep(&app.state(), now() + 3_600).await.unwrap();
        assert_eq!((app.count("card_refunds").await, attempt_states(app).await), (0, vec!["captured".to_string()]));

        // Another checkout whose buyer fails the bank's check: the webhook says so first,
        // and the form sent again asks for a card instead of placing anything.
        assert_status(&bea.call("cart/add", &[("product", &m.bottle), ("quantity", "500")]).await, 200);
        let res = pay_by_token(&mut bea, &address, "key-2", &token(&api, "4000002760003184").await).await;
        let secret = res.error().echoed("card_action").expect("a client secret");
        authenticate(&api, &secret, false).await;
        let intent = secret.split("_secret_").next().unwrap();
        let failed = event("evt_failed_1", "payment_intent.payment_failed", intent);
        assert_eq!(deliver(&mut stripe, &failed, WEBHOOK_SECRET, now()).await.body, "handled");
        let res = pay_by_token(&mut bea, &address, "key-2", "").await;
        assert_eq!(assert_field_error(&res, "card_number"), PaymentError::CardMissing.to_string());
        assert_eq!(app.count("orders").await, 1);

        // The browser comes back before the webhook this time.
        let res = pay_by_token(&mut bea, &address, "key-3", &token(&api, "4000002760003184").await).await;
        let secret = res.error().echoed("card_action").expect("a client secret");
        authenticate(&api, &secret, true).await;
        assert_status(&pay_by_token(&mut bea, &address, "key-3", "").await, 200);
        let intent = secret.split("_secret_").next().unwrap();
        let late = event("evt_ok_3", "payment_intent.succeeded", intent);
        assert_eq!(deliver(&mut stripe, &late, WEBHOOK_SECRET, now()).await.body, "handled");
        assert_eq!((app.count("orders").await, app.count("payments").await), (2, 2));
        assert!(imbalance(app).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn webhooks_need_a_fresh_valid_signature_and_unknown_events_are_ignored() {
    let Some(api) = stripe_api() else { return };
    each_backend_with(with_stripe(&api), async |app| {
        let mut stripe = app.client();
        let unknown = json!({ "id": "evt_x", "type": "customer.created", "data": { "object": { "id": "cus_1" } } });
        assert_status(&deliver(&mut stripe, &unknown, "whsec_wrong", now()).await, 400);
        let stale = now() - provider_events::TOLERANCE_SECS - 60;
        assert_status(&deliver(&mut stripe, &unknown, WEBHOOK_SECRET, stale).await, 400);
        let unsigned = Request::post("/webhooks/stripe").body(Body::from(unknown.to_string())).unwrap();
        assert_status(&stripe.send(unsigned).await, 400);
        assert_eq!(app.count("provider_events").await, 0);
        assert_eq!(deliver(&mut stripe, &unknown, WEBHOOK_SECRET, now()).await.body, "handled");
        assert_eq!(deliver(&mut stripe, &unknown, WEBHOOK_SECRET, now()).await.body, "handled before");
        // An event for a payment Caravan never made changes nothing.
        let stray = event("evt_stray", "payment_intent.succeeded", "pi_unknown");
        assert_eq!(deliver(&mut stripe, &stray, WEBHOOK_SECRET, now()).await.body, "handled");
        assert_eq!(app.count("provider_events").await, 2);
    })
    .await;
}

#[tokio::test]
async fn the_sandbox_has_no_webhook() {
    each_backend(async |app| {
        let mut stranger = app.client();
        let unknown = json!({ "id": "evt_x", "type": "customer.created", "data": { "object": {} } });
        assert_status(&deliver(&mut stranger, &unknown, WEBHOOK_SECRET, now()).await, 404);
    })
    .await;
}

/// Cancels a card-paid order; the refund is owed in the cancellation's transaction and sent
/// once it committed.
async fn cancel_and_refund(app: &TestApp, pay: impl AsyncFn(&mut Client<'_>, &str) -> Response) -> String {
    let m = market(app).await;
    let (mut bea, address) = buyer(app, "bea@berlin.example").await;
    assert_status(&bea.call("cart/add", &[("product", &m.bottle), ("quantity", "500")]).await, 200);
    let res = pay(&mut bea, &address).await;
    assert_status(&res, 200);
    let ids: Vec<i64> = res.json();
    let id = ids[0].to_string();
    assert_status(&act(&mut bea, &id, Action::Cancel, &[("reason", "Ordered by mistake")]).await, 200);
    let detail: OrderDetail = order(&mut bea, &id).await.json();
    assert_eq!(detail.payment, PaymentStatus::Refunded);
    let sent: Vec<(i64, Option<i64>)> =
        sqlx::query_as("SELECT amount, sent_at FROM card_refunds").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, detail.total.minor());
    assert!(sent[0].1.is_some(), "the refund went to the provider");
    assert!(imbalance(app).await.is_empty());
    sqlx::query_scalar("SELECT reference FROM payments").fetch_one(app.db.pool()).await.unwrap()
}

#[tokio::test]
async fn a_cancelled_card_order_is_refunded_after_the_cancellation_commits() {
    each_backend(async |app| {
        cancel_and_refund(app, async |bea, address| checkout(bea, address, "key-1", "escrow", CARD).await).await;
    })
    .await;
    let Some(api) = stripe_api() else { return };
    each_backend_with(with_stripe(&api), async |app| {
        let tok = token(&api, "4242424242424242").await;
        let intent = cancel_and_refund(app, async |bea, address| pay_by_token(bea, address, "key-1", &tok).await).await;
        let refunds = stripe_get(&api, &format!("/v1/refunds?payment_intent={intent}")).await;
        let amounts: Vec<i64> =
            refunds["data"].as_array().unwrap().iter().map(|r| r["amount"].as_i64().unwrap()).collect();
        let total: i64 = scalar(app, "SELECT total FROM orders").await;
        assert_eq!(amounts, [total]);
    })
    .await;
}

/// A card charged for a checkout whose transaction never committed (the server died between
/// the two): the sweep gives it back once it is clearly abandoned, and not before.
async fn crash_between_charge_and_commit(app: &TestApp, source: PaymentSource) -> String {
    let (mut bea, _) = buyer(app, "bea@berlin.example").await;
    let user = bea.me().await.expect("signed in");
    let state = app.state();
    let amount = Money::from_minor(12_500, Currency::Usd);
    let paid = attempts::pay(&state, &user, "key-crash", &[(amount, Some(source))]).await.expect("charged");
    assert_eq!(attempt_states(app).await, ["succeeded"]);
    assert_eq!(attempts::sweep(&state, now()).await.unwrap(), 0);
    assert_eq!(attempt_states(app).await, ["succeeded"]);
    assert_eq!(attempts::sweep(&state, now() + 11 * 60).await.unwrap(), 1);
    assert_eq!(attempt_states(app).await, ["refunded"]);
    assert_eq!(attempts::sweep(&state, now() + 60 * 60).await.unwrap(), 0);
    assert_eq!(app.count("orders").await, 0);
    paid[0].charged.reference.clone()
}

#[tokio::test]
async fn the_sweep_refunds_a_charge_whose_checkout_never_committed() {
    each_backend(async |app| {
        let card = caravan::server::checkout::card_now(CARD, "12/40", "123").unwrap();
        crash_between_charge_and_commit(app, PaymentSource::Card(card)).await;
    })
    .await;
    let Some(api) = stripe_api() else { return };
    each_backend_with(with_stripe(&api), async |app| {
        let tok = token(&api, "4242424242424242").await;
        let intent = crash_between_charge_and_commit(app, PaymentSource::Token(tok)).await;
        let refunds = stripe_get(&api, &format!("/v1/refunds?payment_intent={intent}")).await;
        assert_eq!(refunds["data"][0]["amount"].as_i64(), Some(12_500));
    })
    .await;
}

#[tokio::test]
async fn an_authentication_never_finished_is_cancelled_after_its_window() {
    let Some(api) = stripe_api() else { return };
    each_backend_with(with_stripe(&api), async |app| {
        let (mut bea, _) = buyer(app, "bea@berlin.example").await;
        let user = bea.me().await.expect("signed in");
        let state = app.state();
        let secure = PaymentSource::Token(token(&api, "4000002760003184").await);
        let amount = Money::from_minor(9_900, Currency::Eur);
        let refused = attempts::pay(&state, &user, "key-3ds", &[(amount, Some(secure))]).await.unwrap_err();
        let Refusal::RequiresAction { client_secret } = refused else { panic!("3-D Secure asked for") };
        // Still within its window: left alone.
        assert_eq!(attempts::sweep(&state, now() + 11 * 60).await.unwrap(), 0);
        assert_eq!(attempts::sweep(&state, now() + attempts::ACTION_WINDOW_SECS + 60).await.unwrap(), 1);
        assert_eq!(attempt_states(app).await, ["failed"]);
        let intent = client_secret.split("_secret_").next().unwrap();
        let at_stripe = stripe_get(&api, &format!("/v1/payment_intents/{intent}")).await;
        assert_eq!(at_stripe["status"].as_str(), Some("canceled"));
    })
    .await;
}

fn charge_event(id: &str, kind: &str, object: Value) -> Value {
    json!({ "id": id, "type": kind, "data": { "object": object } })
}

#[tokio::test]
async fn refunds_and_chargebacks_at_stripe_show_on_the_order_and_in_the_ledger() {
    let Some(api) = stripe_api() else { return };
    each_backend_with(with_stripe(&api), async |app| {
        let m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        let mut stripe = app.client();
        let (first, intent, total) = place_by_stripe(app, &mut bea, &address, &m.bottle, &api, "key-1").await;

        // Staff refund part of it in Stripe's dashboard.
        let refund = charge_event(
            "evt_refund_1",
            "charge.refunded",
            json!({ "id": "ch_1", "object": "charge", "payment_intent": intent, "amount_refunded": 5_000 }),
        );
        assert_eq!(deliver(&mut stripe, &refund, WEBHOOK_SECRET, now()).await.body, "handled");
        assert_eq!(deliver(&mut stripe, &refund, WEBHOOK_SECRET, now()).await.body, "handled before");
        assert_eq!(escrow_of(app, first).await, total - 5_000);
        let detail: OrderDetail = order(&mut bea, &first.to_string()).await.json();
        let last = detail.timeline.last().unwrap();
        assert_eq!(last.action, "Reported by the card provider");
        assert_eq!(last.note, "Refunded at the card provider: USD 50.00.");
        // Cancelled afterwards: Caravan refunds what is still held, and Stripe's next report
        // (its running total) adds nothing.
        assert_status(&act(&mut bea, &first.to_string(), Action::Cancel, &[("reason", "Changed plans")]).await, 200);
        assert_eq!(escrow_of(app, first).await, 0);
        let sent: i64 = scalar(app, "SELECT CAST(SUM(amount) AS BIGINT) FROM card_refunds WHERE origin = 'caravan'").await;
        assert_eq!(sent, total - 5_000);
        let again = charge_event(
            "evt_refund_2",
            "charge.refunded",
            json!({ "id": "ch_1", "object": "charge", "payment_intent": intent, "amount_refunded": total }),
        );
        assert_eq!(deliver(&mut stripe, &again, WEBHOOK_SECRET, now()).await.body, "handled");
        assert_eq!(app.count("card_refunds").await, 2);
        assert!(imbalance(app).await.is_empty());

        // A chargeback holds the automatic release; lost, the money goes back to the buyer.
        let (second, intent, total) = place_by_stripe(app, &mut bea, &address, &m.bottle, &api, "key-2").await;
        let dispute = json!({ "id": "dp_1", "object": "dispute", "payment_intent": intent, "amount": total, "reason": "product_not_received", "status": "needs_response" });
        let opened = charge_event("evt_dispute_1", "charge.dispute.created", dispute.clone());
        assert_eq!(deliver(&mut stripe, &opened, WEBHOOK_SECRET, now()).await.body, "handled");
        assert_eq!(scalar(app, &format!("SELECT chargeback_open FROM orders WHERE id = {second}")).await, 1);
        let detail: OrderDetail = order(&mut bea, &second.to_string()).await.json();
        assert!(detail.timeline.last().unwrap().note.contains("chargeback (product not received)"));
        let mut closed = dispute;
        closed["status"] = json!("lost");
        let lost = charge_event("evt_dispute_2", "charge.dispute.closed", closed);
        assert_eq!(deliver(&mut stripe, &lost, WEBHOOK_SECRET, now()).await.body, "handled");
        assert_eq!(scalar(app, &format!("SELECT chargeback_open FROM orders WHERE id = {second}")).await, 0);
        assert_eq!(escrow_of(app, second).await, 0);
        assert_eq!(scalar(app, "SELECT COUNT(*) FROM card_refunds WHERE origin = 'chargeback'").await, 1);
        assert!(imbalance(app).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_quote_paid_with_3_d_secure_is_accepted_when_only_the_webhook_comes_back() {
    let Some(api) = stripe_api() else { return };
    each_backend_with(with_stripe(&api), async |app| {
        let mut m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        let ask =
            [("supplier", m.hanoi_id.as_str()), ("product", &m.bottle), ("quantity", "1,000"), ("message", "Price?")];
        let res = bea.call("messages/inquire", &ask).await;
        assert_status(&res, 200);
        let thread = res.location().unwrap().trim_start_matches("/messages/").to_string();
        let variant = scalar(app, &format!("SELECT id FROM product_variants WHERE product_id = {}", m.bottle)).await;
        let form = quote_form(&variant.to_string(), "1000", "3.10", "20", "escrow", &today_plus(10));
        assert_status(&send_quote(&mut m.hanoi, &thread, &form).await, 200);
        let quote = scalar(app, "SELECT MAX(id) FROM quotes").await.to_string();

        let secure = token(&api, "4000002760003184").await;
        let accept = [("quote", quote.as_str()), ("ship_to", &address), ("card_token", &secure)];
        let res = bea.call("quotes/accept", &accept).await;
        let secret = res.error().echoed("card_action").expect("a client secret");
        assert_eq!(app.count("orders").await, 0);
        // The buyer passes their bank's check and closes the tab; Stripe's word accepts the quote.
        authenticate(&api, &secret, true).await;
        let intent = secret.split("_secret_").next().unwrap();
        let mut stripe = app.client();
        let succeeded = event("evt_quote_ok", "payment_intent.succeeded", intent);
        assert_eq!(deliver(&mut stripe, &succeeded, WEBHOOK_SECRET, now()).await.body, "handled");
        assert_eq!((app.count("orders").await, app.count("payments").await), (1, 1));
        assert_eq!(attempt_states(app).await, ["captured"]);
        assert_eq!(
            scalar(app, "SELECT COUNT(*) FROM quotes WHERE status = 'accepted' AND order_id IS NOT NULL").await,
            1
        );
        // The browser comes back after all: the same order.
        let again = bea.call("quotes/accept", &[("quote", quote.as_str()), ("ship_to", &address)]).await;
        assert_status(&again, 200);
        assert_eq!(app.count("orders").await, 1);
        assert!(imbalance(app).await.is_empty());
    })
    .await;
}
