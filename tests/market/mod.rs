//! Helpers shared by the checkout and order tests: two suppliers with shipping zones to
//! Germany, a buyer in Berlin, checking out, and acting on an order.
#![allow(dead_code)]

use crate::common::*;
use caravan::api::orders::OrderDetail;
use caravan::domain::order::Action;

pub const CARD: &str = "4242 4242 4242 4242";

pub struct Market<'a> {
    pub hanoi: Client<'a>,
    pub hanoi_id: String,
    pub porto: Client<'a>,
    pub bottle: String,
    pub jar: String,
}

/// Two suppliers with shipping zones to Germany: Hanoi charges USD 25.00 an order, Porto
/// EUR 10.00 with free shipping from EUR 150.
pub async fn market(app: &TestApp) -> Market<'_> {
    let (mut hanoi, hanoi_id) = app.supplier("Hanoi Steelworks", "lan@hanoi-steel.example").await;
    let bottle = publish_listing(&mut hanoi, &hanoi_id, "BOTTLE-1", &BOTTLE).await;
    let zone = [
        ("company_id", hanoi_id.as_str()),
        ("name", "Europe"),
        ("countries", "DE FR"),
        ("currency", "USD"),
        ("charge", "order"),
        ("price", "25"),
    ];
    assert_status(&hanoi.call("selling/zone/add", &zone).await, 200);
    let (mut porto, porto_id) = app.supplier("Porto Kitchen Co", "rui@porto-kitchen.example").await;
    let jar = publish_listing(&mut porto, &porto_id, "JAR-1", &JAR).await;
    let zone = [
        ("company_id", porto_id.as_str()),
        ("name", "Everywhere"),
        ("currency", "EUR"),
        ("charge", "order"),
        ("price", "10"),
        ("free_above", "150"),
    ];
    assert_status(&porto.call("selling/zone/add", &zone).await, 200);
    Market { hanoi, hanoi_id, porto, bottle, jar }
}

/// A buyer company with a delivery address in Berlin; answers its client and address id.
pub async fn buyer<'a>(app: &'a TestApp, email: &str) -> (Client<'a>, String) {
    let mut client = app.client();
    assert_status(&client.sign_up("buyer", &format!("Retail {email}"), "Bea Buyer", email).await, 200);
    let id = client.add_berlin_address().await;
    (client, id)
}

pub async fn checkout<'a>(client: &mut Client<'a>, address: &str, key: &str, payment: &str, card: &str) -> Response {
    client
        .call(
            "checkout/place",
            &[
                ("idempotency_key", key),
                ("ship_to", address),
                ("payment", payment),
                ("card_number", card),
                ("card_expiry", "12/40"),
                ("card_cvc", "123"),
            ],
        )
        .await
}

pub async fn order(client: &mut Client<'_>, id: &str) -> Response {
    client.get_json(&format!("/api/orders/detail?order={id}")).await
}

pub async fn act(client: &mut Client<'_>, id: &str, action: Action, fields: &[(&str, &str)]) -> Response {
    let detail: OrderDetail = order(client, id).await.json();
    let version = detail.version.to_string();
    let mut all = vec![("order", id), ("action", action.as_str()), ("version", version.as_str())];
    all.extend_from_slice(fields);
    client.call("orders/act", &all).await
}

/// The supplier confirms the order and ships it with DHL under `tracking`, arriving within
/// `TRANSIT_DAYS`.
pub async fn confirm_and_ship(supplier: &mut Client<'_>, id: &str, tracking: &str) {
    assert_status(&act(supplier, id, Action::Confirm, &[]).await, 200);
    assert_status(&act(supplier, id, Action::Ship, &shipment(tracking)).await, 200);
}

pub const TRANSIT_DAYS: i64 = 10;

/// A shipment's form: DHL under `tracking`, arriving within `TRANSIT_DAYS`.
pub fn shipment(tracking: &str) -> [(&str, &str); 3] {
    [("carrier", "DHL"), ("tracking_number", tracking), ("transit_days", "10")]
}

pub async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql).fetch_one(app.db.pool()).await.unwrap()
}

/// Units of `product` (one-SKU listings) still on sale.
pub async fn stock(app: &TestApp, product: &str) -> i64 {
    scalar(app, &format!("SELECT stock FROM product_variants WHERE product_id = {product}")).await
}

pub async fn imbalance(app: &TestApp) -> Vec<(String, i64)> {
    caravan::server::ledger::imbalance(&app.db).await.unwrap().into_iter().map(|i| (i.currency, i.amount)).collect()
}

/// One card order of 500 bottles with Hanoi (USD 1,775.00 with shipping): its id.
pub async fn bottle_order(m: &Market<'_>, bea: &mut Client<'_>, address: &str, payment: &str) -> String {
    assert_status(&bea.call("cart/add", &[("product", &m.bottle), ("quantity", "500")]).await, 200);
    let res = checkout(bea, address, &format!("key-{}", uuid_like()), payment, CARD).await;
    let ids: Vec<i64> = res.json();
    ids[0].to_string()
}

pub fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!("{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst))
}

pub async fn balances(app: &TestApp, supplier: &str) -> (String, String) {
    let company = caravan::domain::CompanyId::new(supplier.parse().unwrap()).unwrap();
    let rows = caravan::server::ledger::supplier_balances(&app.db, company).await.unwrap();
    rows.first().map(|(_, pending, available)| (pending.to_string(), available.to_string())).unwrap_or_default()
}
