//! Checkout and orders on both backends: one order per supplier with shipping and proforma
//! invoices, card payments held in escrow, declines that change nothing, idempotent and
//! concurrent checkouts that never oversell, bank transfers, net terms within a credit
//! limit, every order transition with its money, disputes, the automatic release, and
//! refusals for anyone who is not a party to an order.
#![cfg(feature = "ssr")]

mod common;

use caravan::api::checkout::CheckoutView;
use caravan::api::orders::{OrderDetail, OrderList};
use caravan::domain::order::{Action, OrderStatus, PaymentStatus};
use common::*;

const CARD: &str = "4242 4242 4242 4242";

struct Market<'a> {
    hanoi: Client<'a>,
    hanoi_id: String,
    porto: Client<'a>,
    bottle: String,
    jar: String,
}

/// Two suppliers with shipping zones to Germany: Hanoi charges USD 25.00 an order, Porto
/// EUR 10.00 with free shipping from EUR 150.
async fn market(app: &TestApp) -> Market<'_> {
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
async fn buyer<'a>(app: &'a TestApp, email: &str) -> (Client<'a>, String) {
    let mut client = app.client();
    assert_status(&client.sign_up("buyer", &format!("Retail {email}"), "Bea Buyer", email).await, 200);
    let id = client.add_berlin_address().await;
    (client, id)
}

async fn checkout<'a>(client: &mut Client<'a>, address: &str, key: &str, payment: &str, card: &str) -> Response {
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

async fn order(client: &mut Client<'_>, id: &str) -> Response {
    client.get_json(&format!("/api/orders/detail?order={id}")).await
}

async fn act(client: &mut Client<'_>, id: &str, action: Action, fields: &[(&str, &str)]) -> Response {
    let detail: OrderDetail = order(client, id).await.json();
    let version = detail.version.to_string();
    let mut all = vec![("order", id), ("action", action.as_str()), ("version", version.as_str())];
    all.extend_from_slice(fields);
    client.call("orders/act", &all).await
}

/// The supplier confirms the order and ships it with DHL under `tracking`.
async fn confirm_and_ship(supplier: &mut Client<'_>, id: &str, tracking: &str) {
    assert_status(&act(supplier, id, Action::Confirm, &[]).await, 200);
    assert_status(&act(supplier, id, Action::Ship, &[("carrier", "DHL"), ("tracking_number", tracking)]).await, 200);
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql).fetch_one(app.db.pool()).await.unwrap()
}

async fn imbalance(app: &TestApp) -> Vec<(String, i64)> {
    caravan::server::ledger::imbalance(&app.db).await.unwrap().into_iter().map(|i| (i.currency, i.amount)).collect()
}

#[tokio::test]
async fn one_checkout_places_an_order_per_supplier_paid_into_escrow() {
    each_backend(async |app| {
        let m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        assert_status(&bea.call("cart/add", &[("product", &m.bottle), ("quantity", "500")]).await, 200);
        assert_status(&bea.call("cart/add", &[("product", &m.jar), ("quantity", "100")]).await, 200);

        let view: CheckoutView = bea.get_json("/api/checkout").await.json();
        let quotes: Vec<(String, String)> =
            view.quotes.iter().map(|q| (q.supplier_name.clone(), q.total().unwrap().to_string())).collect();
        assert_eq!(
            quotes,
            [("Hanoi Steelworks".into(), "USD 1,775.00".into()), ("Porto Kitchen Co".into(), "EUR 210.00".into())]
        );

        let mut fields = vec![
            ("idempotency_key", "key-1"),
            ("ship_to", address.as_str()),
            ("payment", "escrow"),
            ("card_number", CARD),
            ("card_expiry", "12/40"),
            ("card_cvc", "123"),
        ];
        let po = format!("po[{}]", m.hanoi_id);
        fields.push((&po, "PO-77"));
        let res = bea.call("checkout/place", &fields).await;
        assert_status(&res, 200);
        assert!(res.location().unwrap().starts_with("/orders?placed="));
        let ids: Vec<i64> = res.json();
        assert_eq!(ids.len(), 2);
        // Submitted again (a double click, a reload): the same orders, nothing new.
        let again: Vec<i64> = bea.call("checkout/place", &fields).await.json();
        assert_eq!(again, ids);
        assert_eq!(app.count("orders").await, 2);
        assert_eq!(app.count("payments").await, 2);

        let hanoi_order: OrderDetail = order(&mut bea, &ids[0].to_string()).await.json();
        assert_eq!(hanoi_order.number, "SO-000001");
        assert_eq!(hanoi_order.total.to_string(), "USD 1,775.00");
        assert_eq!(hanoi_order.po_number, "PO-77");
        assert_eq!((hanoi_order.status, hanoi_order.payment), (OrderStatus::Placed, PaymentStatus::Held));
        assert_eq!(hanoi_order.lines[0].tier_from, Some(500));
        assert_eq!(hanoi_order.card.as_deref(), Some("Visa ending 4242"));
        assert_eq!(hanoi_order.invoices.iter().map(|i| i.number.as_str()).collect::<Vec<_>>(), ["PF-000001"]);
        assert_eq!(hanoi_order.actions, [Action::Cancel]);
        let porto_order: OrderDetail = order(&mut bea, &ids[1].to_string()).await.json();
        assert_eq!((porto_order.number.as_str(), porto_order.shipping.to_string()), ("SO-000001", "EUR 0.00".into()));

        // Stock is reserved, the cart is empty, the money sits in escrow, and each side got mail.
        assert_eq!(
            scalar(app, &format!("SELECT stock FROM product_variants WHERE product_id = {}", m.bottle)).await,
            500
        );
        assert_eq!(app.count("cart_lines").await, 0);
        assert_eq!(
            scalar(app, "SELECT CAST(SUM(amount) AS BIGINT) FROM ledger_postings WHERE account = 'escrow'").await,
            177_500 + 21_000
        );
        assert!(imbalance(app).await.is_empty());
        let mails = scalar(app, "SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE '%SO-000001%'").await;
        assert_eq!(mails, 4);

        // The supplier sees the order with its own actions; the buyer of another company does not.
        let mut hanoi = m.hanoi;
        let incoming: OrderList = hanoi.get_json("/api/orders?side=Selling").await.json();
        assert_eq!(incoming.orders.len(), 1);
        let seen: OrderDetail = order(&mut hanoi, &ids[0].to_string()).await.json();
        assert_eq!(seen.actions, [Action::Confirm, Action::Reject]);
        let mut porto = m.porto;
        assert_status(&order(&mut porto, &ids[0].to_string()).await, 404);
        let (mut olga, _) = buyer(app, "olga@other.example").await;
        assert_status(&order(&mut olga, &ids[0].to_string()).await, 404);
        assert_status(&act(&mut bea, &ids[0].to_string(), Action::Confirm, &[]).await, 403);
        let page = bea.get(&format!("/orders/{}", ids[0])).await;
        assert!(page.body.contains("Order SO-000001 from Hanoi Steelworks"), "{}", page.body);
    })
    .await;
}

#[tokio::test]
async fn a_declined_card_leaves_stock_cart_and_ledger_unchanged() {
    each_backend(async |app| {
        let m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        assert_status(&bea.call("cart/add", &[("product", &m.bottle), ("quantity", "500")]).await, 200);
        for (card, why) in [
            (
                caravan::server::payments::DECLINED_CARD,
                "Your card was declined. Try another card or pay by bank transfer.",
            ),
            (
                caravan::server::payments::INSUFFICIENT_FUNDS_CARD,
                "Your card was declined for insufficient funds. Try another card or pay by bank transfer.",
            ),
        ] {
            let res = checkout(&mut bea, &address, &format!("key-{card}"), "escrow", card).await;
            assert_eq!(assert_field_error(&res, "card_number"), why);
        }
        // A card that fails its checks never reaches the provider.
        let res = checkout(&mut bea, &address, "key-bad", "escrow", "4242 4242 4242 4241").await;
        assert_eq!(assert_field_error(&res, "card_number"), "Check the card number.");
        assert_eq!(app.count("orders").await, 0);
        assert_eq!(app.count("checkouts").await, 0);
        assert_eq!(app.count("ledger_postings").await, 0);
        assert_eq!(app.count("cart_lines").await, 1);
        assert_eq!(
            scalar(app, &format!("SELECT stock FROM product_variants WHERE product_id = {}", m.bottle)).await,
            1000
        );
        // The next card goes through.
        assert_status(&checkout(&mut bea, &address, "key-ok", "escrow", CARD).await, 200);
        assert_eq!(app.count("orders").await, 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_key_sent_five_times_at_once_places_one_set_of_orders() {
    each_backend(async |app| {
        let m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        assert_status(&bea.call("cart/add", &[("product", &m.bottle), ("quantity", "100")]).await, 200);
        assert_status(&bea.call("cart/add", &[("product", &m.jar), ("quantity", "10")]).await, 200);
        let mut tabs: Vec<Client> = (0..5)
            .map(|_| {
                let mut c = app.client();
                c.cookies = bea.cookies.clone();
                c
            })
            .collect();
        let answers =
            futures::future::join_all(tabs.iter_mut().map(|tab| checkout(tab, &address, "same-key", "escrow", CARD)))
                .await;
        let ids: Vec<Vec<i64>> = answers.iter().map(|r| r.json()).collect();
        assert!(ids.iter().all(|i| *i == ids[0] && i.len() == 2), "{ids:?}");
        assert_eq!(app.count("orders").await, 2);
        assert_eq!(app.count("checkouts").await, 1);
        assert_eq!(app.count("payments").await, 2);
        assert_eq!(
            scalar(app, &format!("SELECT stock FROM product_variants WHERE product_id = {}", m.bottle)).await,
            900
        );
        assert!(imbalance(app).await.is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_buyers_race_for_the_last_ten_units() {
    each_backend(async |app| {
        let m = market(app).await;
        sqlx::query(&format!(
            "UPDATE products SET moq = 1, tiers = '[{{\"min_quantity\":1,\"unit_price\":400}}]' WHERE id = {}",
            m.jar
        ))
        .execute(app.db.pool())
        .await
        .unwrap();
        sqlx::query(&format!("UPDATE product_variants SET stock = 10 WHERE product_id = {}", m.jar))
            .execute(app.db.pool())
            .await
            .unwrap();
        let mut buyers = Vec::new();
        for n in 0..100 {
            let (mut client, address) = buyer(app, &format!("buyer{n}@race.example")).await;
            assert_status(&client.call("cart/add", &[("product", &m.jar), ("quantity", "1")]).await, 200);
            buyers.push((client, address));
        }
        let answers = futures::future::join_all(
            buyers.iter_mut().map(|(client, address)| checkout(client, address, "race", "escrow", CARD)),
        )
        .await;
        let won = answers.iter().filter(|r| r.status.as_u16() == 200).count();
        let sold_out = answers.iter().filter(|r| r.status.as_u16() == 409).count();
        assert_eq!(
            (won, sold_out),
            (10, 90),
            "{:?}",
            answers.iter().map(|r| (r.status, r.body.clone())).find(|r| r.0.as_u16() != 200 && r.0.as_u16() != 409)
        );
        assert_eq!(scalar(app, &format!("SELECT stock FROM product_variants WHERE product_id = {}", m.jar)).await, 0);
        assert_eq!(scalar(app, "SELECT CAST(SUM(quantity) AS BIGINT) FROM order_lines").await, 10);
        assert_eq!(app.count("payments").await, 10);
        // Numbers have no gaps: the losers' rolled-back numbers were given back.
        assert_eq!(scalar(app, "SELECT MAX(number) FROM orders").await, 10);
        assert!(imbalance(app).await.is_empty());
    })
    .await;
}

/// One card order of 500 bottles with Hanoi (USD 1,775.00 with shipping): its id.
async fn bottle_order(m: &Market<'_>, bea: &mut Client<'_>, address: &str, payment: &str) -> String {
    assert_status(&bea.call("cart/add", &[("product", &m.bottle), ("quantity", "500")]).await, 200);
    let res = checkout(bea, address, &format!("key-{}", uuid_like()), payment, CARD).await;
    let ids: Vec<i64> = res.json();
    ids[0].to_string()
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!("{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst))
}

async fn balances(app: &TestApp, supplier: &str) -> (String, String) {
    let company = caravan::domain::CompanyId::new(supplier.parse().unwrap()).unwrap();
    let rows = caravan::server::ledger::supplier_balances(&app.db, company).await.unwrap();
    rows.first().map(|(_, pending, available)| (pending.to_string(), available.to_string())).unwrap_or_default()
}

#[tokio::test]
async fn an_escrowed_order_is_confirmed_shipped_received_and_paid_out_less_commission() {
    each_backend(async |app| {
        let mut m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        let id = bottle_order(&m, &mut bea, &address, "escrow").await;
        assert_eq!(balances(app, &m.hanoi_id).await, ("USD 1,775.00".into(), "USD 0.00".into()));

        // A stale page is refused.
        let stale = m.hanoi.call("orders/act", &[("order", &id), ("action", "confirm"), ("version", "0")]).await;
        assert_status(&stale, 409);
        assert_status(&act(&mut m.hanoi, &id, Action::Confirm, &[]).await, 200);
        assert_status(&act(&mut m.hanoi, &id, Action::StartProduction, &[]).await, 200);
        let res = act(&mut m.hanoi, &id, Action::Ship, &[("carrier", "DHL")]).await;
        assert_eq!(assert_field_error(&res, "tracking_number"), "Give the tracking number.");
        assert_status(
            &act(&mut m.hanoi, &id, Action::Ship, &[("carrier", "DHL"), ("tracking_number", "JD0146")]).await,
            200,
        );
        // The buyer cannot move the supplier's steps, nor a stranger anything.
        assert_status(&act(&mut bea, &id, Action::MarkDelivered, &[]).await, 200);
        let shipped: OrderDetail = order(&mut bea, &id).await.json();
        assert_eq!(shipped.status, OrderStatus::Delivered);
        assert_eq!(shipped.invoices.iter().map(|i| i.number.as_str()).collect::<Vec<_>>(), ["PF-000001", "INV-000001"]);
        assert_eq!(shipped.actions, [Action::ConfirmReceipt, Action::OpenDispute]);
        assert_status(&act(&mut bea, &id, Action::ConfirmReceipt, &[]).await, 200);
        let done: OrderDetail = order(&mut m.hanoi, &id).await.json();
        assert_eq!((done.status, done.payment), (OrderStatus::Completed, PaymentStatus::Released));
        let steps: Vec<&str> = done.timeline.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            steps,
            ["Order placed", "Confirm order", "Start production", "Mark shipped", "Mark delivered", "Confirm receipt"]
        );
        // 3 % commission (the default) of USD 1,775.00 is USD 53.25.
        assert_eq!(balances(app, &m.hanoi_id).await, ("USD 0.00".into(), "USD 1,721.75".into()));
        assert_eq!(
            scalar(app, "SELECT CAST(SUM(amount) AS BIGINT) FROM ledger_postings WHERE account = 'commission'").await,
            5_325
        );
        assert!(imbalance(app).await.is_empty());
        // Final: nothing more to do, and the buyer can order the same again.
        assert!(done.actions.is_empty());
        let res = bea.call("orders/reorder", &[("order", &id)]).await;
        assert_eq!(res.location(), Some("/cart?notice=reordered"));
        assert_eq!(app.count("cart_lines").await, 1);
    })
    .await;
}

#[tokio::test]
async fn a_rejected_order_is_refunded_and_its_stock_returns() {
    each_backend(async |app| {
        let mut m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        let id = bottle_order(&m, &mut bea, &address, "escrow").await;
        let res = act(&mut m.hanoi, &id, Action::Reject, &[("reason", " ")]).await;
        assert_eq!(assert_field_error(&res, "reason"), "Say why, for the other side.");
        assert_status(
            &act(&mut m.hanoi, &id, Action::Reject, &[("reason", "Out of this colour until March")]).await,
            200,
        );
        let rejected: OrderDetail = order(&mut bea, &id).await.json();
        assert_eq!((rejected.status, rejected.payment), (OrderStatus::Rejected, PaymentStatus::Refunded));
        assert_eq!(
            scalar(app, &format!("SELECT stock FROM product_variants WHERE product_id = {}", m.bottle)).await,
            1000
        );
        assert_eq!(balances(app, &m.hanoi_id).await, ("USD 0.00".into(), "USD 0.00".into()));
        assert_eq!(
            scalar(app, "SELECT CAST(SUM(amount) AS BIGINT) FROM ledger_postings WHERE account = 'buyer'").await,
            0
        );
        assert!(imbalance(app).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_bank_transfer_ships_once_the_supplier_marks_it_received() {
    each_backend(async |app| {
        let mut m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        let id = bottle_order(&m, &mut bea, &address, "bank_transfer").await;
        assert_eq!(app.count("payments").await, 0);
        assert_status(&act(&mut m.hanoi, &id, Action::Confirm, &[]).await, 200);
        let res = act(&mut m.hanoi, &id, Action::Ship, &[("carrier", "DHL"), ("tracking_number", "JD1")]).await;
        assert_status(&res, 409);
        assert_eq!(res.error().to_string(), "The payment has not been received yet.");
        assert_status(&act(&mut m.hanoi, &id, Action::MarkPaid, &[]).await, 200);
        assert_status(
            &act(&mut m.hanoi, &id, Action::Ship, &[("carrier", "DHL"), ("tracking_number", "JD1")]).await,
            200,
        );
        // Paid directly: the supplier owes the commission on it.
        assert_eq!(balances(app, &m.hanoi_id).await, ("USD 0.00".into(), "USD -53.25".into()));
        assert!(imbalance(app).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn net_terms_are_offered_as_granted_and_the_credit_limit_holds() {
    each_backend(async |app| {
        let mut m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        assert_status(&bea.call("cart/add", &[("product", &m.bottle), ("quantity", "500")]).await, 200);
        let res = checkout(&mut bea, &address, "no-terms", "on_account", "").await;
        assert_eq!(
            assert_field_error(&res, "payment"),
            "Not every supplier in your cart has granted your company terms."
        );
        let slug = bea.me().await.unwrap().company.unwrap().company_slug;
        let grant = [
            ("company_id", m.hanoi_id.as_str()),
            ("buyer", slug.as_str()),
            ("net_days", "30"),
            ("currency", "USD"),
            ("limit", "2000"),
        ];
        assert_status(&m.hanoi.call("selling/credit/grant", &grant).await, 200);
        let view: CheckoutView = bea.get_json("/api/checkout").await.json();
        assert!(view.on_account_offered());
        let ids: Vec<i64> = checkout(&mut bea, &address, "terms-1", "on_account", "").await.json();
        let id = ids[0].to_string();
        let placed: OrderDetail = order(&mut bea, &id).await.json();
        assert_eq!((placed.payment, placed.net_days), (PaymentStatus::Due, Some(30)));
        // USD 1,775.00 is open; another USD 425.00 would pass the USD 2,000.00 limit.
        assert_status(&bea.call("cart/add", &[("product", &m.bottle), ("quantity", "100")]).await, 200);
        let res = checkout(&mut bea, &address, "terms-2", "on_account", "").await;
        assert!(
            assert_field_error(&res, "payment")
                .contains("past your credit limit with Hanoi Steelworks (USD 225.00 available)")
        );
        assert_eq!(app.count("orders").await, 1);
        // Shipped on account: the invoice is due 30 days later; paid, the credit is free again.
        confirm_and_ship(&mut m.hanoi, &id, "JD2").await;
        let shipped: OrderDetail = order(&mut bea, &id).await.json();
        assert_eq!(shipped.due_at, shipped.shipped_at.map(|s| s + 30 * 86_400));
        assert_status(&act(&mut m.hanoi, &id, Action::MarkPaid, &[]).await, 200);
        assert_status(&checkout(&mut bea, &address, "terms-3", "on_account", "").await, 200);
        // Only owners grant terms, and only to buyers.
        let (mut member, _) = buyer(app, "mo@berlin.example").await;
        assert_status(&member.call("selling/credit/grant", &grant).await, 403);
    })
    .await;
}

#[tokio::test]
async fn a_dispute_freezes_funds_until_an_admin_refunds_part() {
    each_backend(async |app| {
        let mut m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        let id = bottle_order(&m, &mut bea, &address, "escrow").await;
        confirm_and_ship(&mut m.hanoi, &id, "JD3").await;
        let res = act(&mut bea, &id, Action::OpenDispute, &[("reason", "Dented bottles"), ("details", "")]).await;
        assert_eq!(assert_field_error(&res, "details"), "Describe what arrived and what you expected.");
        let details = ("details", "120 of 500 bottles arrived dented; photos attached.");
        assert_status(&act(&mut bea, &id, Action::OpenDispute, &[("reason", "Dented bottles"), details]).await, 200);
        let disputed: OrderDetail = order(&mut bea, &id).await.json();
        assert_eq!(disputed.status, OrderStatus::Disputed);
        assert!(disputed.actions.is_empty());
        // Photos of what arrived: the buyer adds them; the supplier and admins see them, nobody else.
        let buyer_company = disputed.buyer.to_string();
        let evidence = [("company_id", buyer_company.as_str()), ("purpose", "evidence"), ("target", id.as_str())];
        let res = bea.upload("media/upload", &evidence, &photo(800, 600), false).await;
        assert_status(&res, 200);
        let photos = order(&mut bea, &id).await.json::<OrderDetail>().dispute.unwrap().evidence;
        assert_eq!(photos.len(), 1);
        let url = photos[0].src(1600).to_string();
        assert!(url.starts_with("/private-media/"), "{url}");
        assert_status(&bea.get(&url).await, 200);
        assert_status(&m.hanoi.get(&url).await, 200);
        let (mut olga, _) = buyer(app, "olga@other.example").await;
        assert_status(&olga.get(&url).await, 403);
        let olga_company = olga.me().await.unwrap().company.unwrap().company_id.to_string();
        let forged = [("company_id", olga_company.as_str()), ("purpose", "evidence"), ("target", id.as_str())];
        assert_status(&olga.upload("media/upload", &forged, &photo(800, 600), false).await, 404);
        // The supplier cannot release it, and the automatic release passes it by.
        assert!(order(&mut m.hanoi, &id).await.json::<OrderDetail>().actions.is_empty());
        assert_eq!(caravan::server::orders::auto_release(&app.state(), i64::MAX / 2).await.unwrap(), 0);

        caravan::server::accounts::create_admin(&app.db, "root@caravan.example", "Root Admin", "admin password 123")
            .await
            .unwrap();
        let mut admin = app.client();
        assert_status(&admin.log_in("root@caravan.example", "admin password 123").await, 200);
        let res = act(&mut admin, &id, Action::RefundPart, &[("refund", "2000")]).await;
        assert_eq!(assert_field_error(&res, "refund"), "Give a refund above zero and below the order total.");
        assert_status(&admin.get(&url).await, 200);
        assert_status(
            &act(&mut admin, &id, Action::RefundPart, &[("refund", "420.00"), ("reason", "120 dented × 3.50")]).await,
            200,
        );
        // Decided: no more photos.
        assert_status(&bea.upload("media/upload", &evidence, &photo(800, 600), false).await, 404);
        let done: OrderDetail = order(&mut bea, &id).await.json();
        assert_eq!((done.status, done.payment), (OrderStatus::Completed, PaymentStatus::PartlyRefunded));
        assert_eq!(done.dispute.unwrap().refund.map(|r| r.to_string()), Some("USD 420.00".into()));
        // USD 1,355.00 released less 3 %: USD 1,314.35 (40.65 commission).
        assert_eq!(balances(app, &m.hanoi_id).await, ("USD 0.00".into(), "USD 1,314.35".into()));
        assert!(imbalance(app).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn held_funds_are_released_automatically_after_the_protection_period() {
    each_backend(async |app| {
        let mut m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        let id = bottle_order(&m, &mut bea, &address, "escrow").await;
        confirm_and_ship(&mut m.hanoi, &id, "JD4").await;
        assert_status(&act(&mut m.hanoi, &id, Action::MarkDelivered, &[]).await, 200);
        let state = app.state();
        let now = caravan::server::now();
        // Not yet: the 14 days have not passed.
        assert_eq!(caravan::server::orders::auto_release(&state, now + 13 * 86_400).await.unwrap(), 0);
        assert_eq!(caravan::server::orders::auto_release(&state, now + 15 * 86_400).await.unwrap(), 1);
        let done: OrderDetail = order(&mut bea, &id).await.json();
        assert_eq!((done.status, done.payment), (OrderStatus::Completed, PaymentStatus::Released));
        assert_eq!(done.timeline.last().map(|e| e.who.as_str()), Some("Caravan (automatic)"));
        assert_eq!(balances(app, &m.hanoi_id).await, ("USD 0.00".into(), "USD 1,721.75".into()));
        assert!(imbalance(app).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn invoices_are_numbered_per_supplier_and_only_the_parties_see_them() {
    each_backend(async |app| {
        let mut m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        let first = bottle_order(&m, &mut bea, &address, "bank_transfer").await;
        let second = bottle_order(&m, &mut bea, &address, "escrow").await;
        let bank = [("company_id", m.hanoi_id.as_str()), ("bank_details", "IBAN DE89 3704 0044 0532 0130 00")];
        assert_status(&m.hanoi.call("selling/bank", &bank).await, 200);
        let invoice: caravan::api::invoices::InvoiceView =
            bea.get_json(&format!("/api/invoices/view?order={first}&kind=Proforma")).await.json();
        assert_eq!(invoice.number, "PF-000001");
        assert_eq!(invoice.bank_details.as_deref(), Some("IBAN DE89 3704 0044 0532 0130 00"));
        assert!(invoice.terms().contains("by bank transfer, quoting PF-000001"));
        let next: caravan::api::invoices::InvoiceView =
            bea.get_json(&format!("/api/invoices/view?order={second}&kind=Proforma")).await.json();
        assert_eq!((next.number.as_str(), next.bank_details), ("PF-000002", None));
        // No commercial invoice before shipment.
        assert_status(&bea.get_json(&format!("/api/invoices/view?order={first}&kind=Commercial")).await, 404);

        let pdf = bea.get(&format!("/invoices/{first}/proforma/pdf")).await;
        assert_status(&pdf, 200);
        assert_eq!(pdf.headers.get("content-type").unwrap(), "application/pdf");
        assert!(pdf.headers.get("content-disposition").unwrap().to_str().unwrap().contains("PF-000001.pdf"));
        assert!(pdf.body.starts_with("%PDF"));
        let page = bea.get(&format!("/invoices/{first}/proforma")).await;
        assert!(page.body.contains("Proforma invoice") && page.body.contains("Lagerstraße 5"), "{}", page.body);

        // Another buyer, another supplier and a visitor are refused everything about it.
        let (mut olga, olga_address) = buyer(app, "olga@other.example").await;
        assert_status(&olga.get(&format!("/invoices/{first}/proforma/pdf")).await, 404);
        assert_status(&olga.get_json(&format!("/api/invoices/view?order={first}&kind=Proforma")).await, 404);
        assert_status(&m.porto.get(&format!("/invoices/{first}/proforma/pdf")).await, 404);
        assert_status(&app.client().get(&format!("/invoices/{first}/proforma/pdf")).await, 401);
        assert_status(&olga.call("orders/reorder", &[("order", &first)]).await, 404);
        assert_status(
            &olga
                .call("orders/act", &[("order", &first), ("action", "cancel"), ("version", "1"), ("reason", "x")])
                .await,
            404,
        );
        // Nor can anyone use another company's address or settings.
        let res = checkout(&mut olga, &address, "stolen-address", "escrow", CARD).await;
        assert_eq!(assert_field_error(&res, "ship_to"), "Choose a delivery address.");
        assert_status(&olga.call("addresses/remove", &[("address", &address)]).await, 404);
        assert_status(&m.porto.call("selling/zone/remove", &[("company_id", &m.hanoi_id), ("index", "0")]).await, 403);
        assert_status(&m.porto.get_json(&format!("/api/selling/settings?company_id={}", m.hanoi_id)).await, 403);
        let _ = olga_address;
        // Buyers' lists hold their own orders only; a buyer company has no selling side.
        let mine: OrderList = olga.get_json("/api/orders?side=Buying").await.json();
        assert!(mine.orders.is_empty());
        assert_status(&olga.get_json("/api/orders?side=Selling").await, 403);
    })
    .await;
}

#[tokio::test]
async fn buyers_review_a_supplier_once_per_delivered_order_and_the_rating_shows() {
    each_backend(async |app| {
        let mut m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        let first = bottle_order(&m, &mut bea, &address, "escrow").await;
        let second = bottle_order(&m, &mut bea, &address, "escrow").await;
        let review = |id: &str, stars: &str, comment: &str| {
            [("order", id.to_string()), ("stars", stars.to_string()), ("comment", comment.to_string())]
        };
        let send = async |client: &mut Client<'_>, fields: [(&str, String); 3]| {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            client.call("orders/review", &fields).await
        };

        // Not before the goods arrive.
        let placed: OrderDetail = order(&mut bea, &first).await.json();
        assert!(!placed.can_review);
        assert_status(&send(&mut bea, review(&first, "5", "")).await, 409);
        confirm_and_ship(&mut m.hanoi, &first, "JD1").await;
        assert_status(&act(&mut bea, &first, Action::MarkDelivered, &[]).await, 200);
        assert!(order(&mut bea, &first).await.json::<OrderDetail>().can_review);

        // Only the buyer, with 1 to 5 stars and a comment of sensible length.
        assert_status(&send(&mut m.hanoi, review(&first, "5", "Great buyer")).await, 403);
        let (mut stranger, _) = buyer(app, "sam@elsewhere.example").await;
        assert_status(&send(&mut stranger, review(&first, "1", "")).await, 404);
        assert_eq!(assert_field_error(&send(&mut bea, review(&first, "6", "")).await, "stars"), "Choose 1 to 5 stars.");
        assert_field_error(&send(&mut bea, review(&first, "", "")).await, "stars");
        assert_field_error(&send(&mut bea, review(&first, "4", &"x".repeat(2_001))).await, "comment");
        assert_eq!(app.count("reviews").await, 0);

        assert_status(&send(&mut bea, review(&first, "4", "Well packed, one day late.")).await, 200);
        assert_status(&send(&mut bea, review(&first, "1", "")).await, 409);
        let reviewed: OrderDetail = order(&mut m.hanoi, &first).await.json();
        let shown = reviewed.review.expect("the supplier sees the review");
        assert_eq!((shown.stars.get(), shown.comment.as_str()), (4, "Well packed, one day late."));
        assert!(!order(&mut bea, &first).await.json::<OrderDetail>().can_review);
        let mail: String = sqlx::query_scalar(
            "SELECT subject FROM mail_outbox WHERE to_email = 'lan@hanoi-steel.example' ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        assert!(mail.starts_with("New review on order"), "{mail}");

        // A completed order too; the supplier's rating is the average.
        confirm_and_ship(&mut m.hanoi, &second, "JD2").await;
        assert_status(&act(&mut bea, &second, Action::ConfirmReceipt, &[]).await, 200);
        assert_status(&send(&mut bea, review(&second, "5", "")).await, 200);
        let found: caravan::api::search::SearchResults =
            bea.get_json("/api/search/products?query=q%3Dbottle").await.json();
        let page = bea.get(&found.hits[0].href).await;
        assert!(page.body.contains("4.5 out of 5 (2 reviews)"), "the product page's supplier card shows the rating");
        let storefront = bea.get("/s/hanoi-steelworks").await;
        assert!(storefront.body.contains("4.5 out of 5 (2 reviews)"), "the storefront shows the rating");

        // Sorted by supplier rating, the reviewed supplier's products come first.
        let sorted: caravan::api::search::SearchResults =
            bea.get_json("/api/search/products?query=sort%3Drating").await.json();
        assert_eq!(sorted.hits.first().map(|h| h.supplier.as_str()), Some("Hanoi Steelworks"));
        let unrated: caravan::api::search::SearchResults =
            bea.get_json("/api/search/products?query=sort%3Dnewest").await.json();
        assert_eq!(unrated.hits.first().map(|h| h.supplier.as_str()), Some("Porto Kitchen Co"));
    })
    .await;
}
