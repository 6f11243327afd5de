//! Checkout on both backends: one order per supplier with shipping and proforma invoices,
//! card payments held in escrow, declines that change nothing, and idempotent and concurrent
//! checkouts that never oversell. What happens to an order afterwards: `orders.rs`.
#![cfg(feature = "ssr")]

mod common;
mod market;

use caravan::api::checkout::CheckoutView;
use caravan::api::orders::{OrderDetail, OrderList};
use caravan::domain::order::{Action, OrderStatus, PaymentStatus};
use common::*;
use market::*;

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
        assert_eq!(stock(app, &m.bottle).await, 500);
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
        assert_eq!(stock(app, &m.bottle).await, 1000);
        // Another card on the same checkout page (the same key) goes through: each attempt is
        // its own payment, not the provider's remembered decline.
        let page_key = format!("key-{}", caravan::server::payments::DECLINED_CARD);
        assert_status(&checkout(&mut bea, &address, &page_key, "escrow", CARD).await, 200);
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
        let mut tabs = app.tabs(&bea, 5);
        let answers =
            futures::future::join_all(tabs.iter_mut().map(|tab| checkout(tab, &address, "same-key", "escrow", CARD)))
                .await;
        let ids: Vec<Vec<i64>> = answers.iter().map(|r| r.json()).collect();
        assert!(ids.iter().all(|i| *i == ids[0] && i.len() == 2), "{ids:?}");
        assert_eq!(app.count("orders").await, 2);
        assert_eq!(app.count("checkouts").await, 1);
        assert_eq!(app.count("payments").await, 2);
        // The card was charged once per currency: the other tabs waited for that payment, and
        // none reached the provider to charge again and give it back.
        let charged: Vec<String> =
            sqlx::query_scalar("SELECT state FROM card_payments WHERE intent IS NOT NULL ORDER BY id")
                .fetch_all(app.db.pool())
                .await
                .unwrap();
        assert_eq!(charged, ["captured", "captured"]);
        assert_eq!(stock(app, &m.bottle).await, 900);
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
        assert_eq!(stock(app, &m.jar).await, 0);
        assert_eq!(scalar(app, "SELECT CAST(SUM(quantity) AS BIGINT) FROM order_lines").await, 10);
        assert_eq!(app.count("payments").await, 10);
        // Numbers have no gaps: the losers' rolled-back numbers were given back.
        assert_eq!(scalar(app, "SELECT MAX(number) FROM orders").await, 10);
        assert!(imbalance(app).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_buyer_whose_cart_sold_out_meanwhile_is_told_why_on_the_checkout_page() {
    each_backend(async |app| {
        let m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        assert_status(&bea.call("cart/add", &[("product", &m.jar), ("quantity", "100")]).await, 200);
        let view: CheckoutView = bea.get_json("/api/checkout").await.json();
        // Another buyer takes the stock while Bea's checkout page is open.
        sqlx::query(&format!("UPDATE product_variants SET stock = 0 WHERE product_id = {}", m.jar))
            .execute(app.db.pool())
            .await
            .unwrap();
        let fields = [
            ("idempotency_key", view.idempotency_key.as_str()),
            ("ship_to", address.as_str()),
            ("payment", "bank_transfer"),
        ];
        let res = bea.submit("checkout/place", "/checkout", &fields).await;
        let page = bea.get(res.location().expect("back to checkout")).await;
        assert!(
            page.body.contains("Your cart changed since you opened checkout (a price, stock or listing).")
                && page.body.contains("Review your cart"),
            "{}",
            page.body
        );
        assert_eq!(app.count("orders").await, 0);
    })
    .await;
}

#[tokio::test]
async fn the_payment_sandbox_says_test_mode_on_its_pages() {
    each_backend(async |app| {
        let (mut bea, _) = buyer(app, "bea@berlin.example").await;
        for path in ["/", "/checkout", "/orders"] {
            let page = bea.get(path).await;
            assert!(page.body.contains("Test mode: no real money moves."), "{path}: {}", page.body);
        }
        assert!(app.client().get("/login").await.body.contains("Test mode: no real money moves."));
    })
    .await;
}
