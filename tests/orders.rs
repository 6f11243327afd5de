//! Orders on both backends after checkout: every transition with its money, bank transfers
//! and how long unpaid ones hold stock, net terms within a credit limit, disputes, the
//! automatic release and its extension, and reviews. Invoices: `invoices.rs`.
#![cfg(feature = "ssr")]

mod common;
mod market;

use caravan::api::admin::PlatformSettings;
use caravan::api::checkout::CheckoutView;
use caravan::api::orders::OrderDetail;
use caravan::domain::order::{Action, OrderStatus, PaymentStatus, release_due};
use common::*;
use market::*;

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
        let res = act(&mut m.hanoi, &id, Action::Ship, &[("carrier", "DHL"), ("tracking_number", "JD0146")]).await;
        assert_eq!(assert_field_error(&res, "transit_days"), "Give the days the goods take to arrive, from 1 to 180.");
        assert_status(&act(&mut m.hanoi, &id, Action::Ship, &shipment("JD0146")).await, 200);
        // The buyer cannot move the supplier's steps, nor a stranger anything.
        assert_status(&act(&mut bea, &id, Action::MarkDelivered, &[]).await, 200);
        let shipped: OrderDetail = order(&mut bea, &id).await.json();
        assert_eq!(shipped.status, OrderStatus::Delivered);
        assert_eq!(shipped.invoices.iter().map(|i| i.number.as_str()).collect::<Vec<_>>(), ["PF-000001", "INV-000001"]);
        assert_eq!(shipped.actions, [Action::ConfirmReceipt, Action::ExtendProtection, Action::OpenDispute]);
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
        assert_eq!(stock(app, &m.bottle).await, 1000);
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
        let res = act(&mut m.hanoi, &id, Action::Ship, &shipment("JD1")).await;
        assert_status(&res, 409);
        assert_eq!(res.error().to_string(), "The payment has not been received yet.");
        assert_status(&act(&mut m.hanoi, &id, Action::MarkPaid, &[]).await, 200);
        assert_status(&act(&mut m.hanoi, &id, Action::Ship, &shipment("JD1")).await, 200);
        // Paid directly: the supplier owes the commission on it.
        assert_eq!(balances(app, &m.hanoi_id).await, ("USD 0.00".into(), "USD -53.25".into()));
        assert!(imbalance(app).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_paid_transfer_cancelled_is_ledgered_as_returned_only_once_the_supplier_confirms() {
    each_backend(async |app| {
        let mut m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        let id = bottle_order(&m, &mut bea, &address, "bank_transfer").await;
        assert_status(&act(&mut m.hanoi, &id, Action::MarkPaid, &[]).await, 200);
        assert_status(&act(&mut bea, &id, Action::Cancel, &[("reason", "Ordered twice")]).await, 200);
        let seen: OrderDetail = order(&mut bea, &id).await.json();
        assert_eq!((seen.status, seen.payment), (OrderStatus::Cancelled, PaymentStatus::RefundDue));
        assert!(seen.actions.is_empty());
        // Nobody has returned anything yet: the ledger still has the supplier holding the money.
        let returned = "SELECT COUNT(*) FROM ledger_entries WHERE memo = 'Payment returned by the supplier'";
        assert_eq!(scalar(app, returned).await, 0);
        assert_eq!(balances(app, &m.hanoi_id).await, ("USD 0.00".into(), "USD -53.25".into()));
        let mail = "SELECT COUNT(*) FROM mail_outbox WHERE body_text LIKE '%owes the buyer a refund of USD 1,775.00%'";
        assert_eq!(scalar(app, mail).await, 1);
        // The supplier confirms it sent the money back: now it is ledgered, once.
        let theirs: OrderDetail = order(&mut m.hanoi, &id).await.json();
        assert_eq!(theirs.actions, [Action::ConfirmRefund]);
        assert_status(&act(&mut bea, &id, Action::ConfirmRefund, &[]).await, 403);
        assert_status(&act(&mut m.hanoi, &id, Action::ConfirmRefund, &[]).await, 200);
        assert_eq!(scalar(app, returned).await, 1);
        let seen: OrderDetail = order(&mut bea, &id).await.json();
        assert_eq!(seen.payment, PaymentStatus::Refunded);
        assert_status(&act(&mut m.hanoi, &id, Action::ConfirmRefund, &[]).await, 409);
        assert_eq!(stock(app, &m.bottle).await, 1000);
        assert!(imbalance(app).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn unpaid_transfers_hold_stock_only_so_long_and_a_buyer_may_have_only_so_many() {
    each_backend(async |app| {
        let mut m = market(app).await;
        let mut admin = app.admin().await;
        let settings = |hold: &'static str, max: &'static str| {
            [("commission", "3"), ("auto_release_days", "14"), ("unpaid_hold_days", hold), ("max_unpaid_orders", max)]
        };
        let res = admin.call("admin/settings", &settings("0", "many")).await;
        assert_field_error(&res, "unpaid_hold_days");
        assert_eq!(assert_field_error(&res, "max_unpaid_orders"), "Give a whole number from 1 to 100.");
        assert_status(&admin.call("admin/settings", &settings("2", "2")).await, 200);
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        assert_status(&bea.call("admin/settings", &settings("2", "2")).await, 403);

        let unpaid = bottle_order(&m, &mut bea, &address, "bank_transfer").await;
        let paid = bottle_order(&m, &mut bea, &address, "bank_transfer").await;
        let seen: OrderDetail = order(&mut bea, &unpaid).await.json();
        assert_eq!(seen.pay_by, Some(seen.placed_at + 2 * 86_400));
        assert!(bea.get(&format!("/orders/{unpaid}")).await.body.contains("Awaiting the bank transfer"));
        // Two unpaid orders: a third transfer is refused until one is paid.
        assert_status(&bea.call("cart/add", &[("product", &m.jar), ("quantity", "100")]).await, 200);
        let res = checkout(&mut bea, &address, "third", "bank_transfer", "").await;
        assert!(assert_field_error(&res, "payment").starts_with("Your company has 2 orders awaiting a bank transfer"));
        assert_status(&act(&mut m.hanoi, &paid, Action::MarkPaid, &[]).await, 200);
        assert!(order(&mut bea, &paid).await.json::<OrderDetail>().pay_by.is_none());
        let jar: Vec<i64> = checkout(&mut bea, &address, "third-again", "bank_transfer", "").await.json();

        // After the hold period the unpaid ones cancel themselves and their stock returns;
        // the paid one goes on.
        let now = caravan::server::now();
        let state = app.state();
        assert_eq!(caravan::server::orders::expire_unpaid(&state, now + 86_400).await.unwrap(), 0);
        assert_eq!(caravan::server::orders::expire_unpaid(&state, now + 3 * 86_400).await.unwrap(), 2);
        for id in [unpaid.clone(), jar[0].to_string()] {
            let gone: OrderDetail = order(&mut bea, &id).await.json();
            assert_eq!((gone.status, gone.payment), (OrderStatus::Cancelled, PaymentStatus::Void));
            assert_eq!(gone.timeline.last().map(|e| e.who.as_str()), Some("Caravan (automatic)"));
        }
        let kept: OrderDetail = order(&mut bea, &paid).await.json();
        assert_eq!((kept.status, kept.payment), (OrderStatus::Placed, PaymentStatus::Paid));
        assert_eq!(stock(app, &m.bottle).await, 500);
        let told = "SELECT COUNT(*) FROM mail_outbox WHERE body_text LIKE '%Not paid within 2 days%'";
        // Buyer and supplier of each of the two orders.
        assert_eq!(scalar(app, told).await, 4);
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_account_checkouts_at_once_stay_within_the_credit_limit() {
    each_backend(async |app| {
        let mut m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        let slug = bea.me().await.unwrap().company.unwrap().company_slug;
        let grant = [
            ("company_id", m.hanoi_id.as_str()),
            ("buyer", slug.as_str()),
            ("net_days", "30"),
            ("currency", "USD"),
            ("limit", "3000"),
        ];
        assert_status(&m.hanoi.call("selling/credit/grant", &grant).await, 200);
        assert_status(&bea.call("cart/add", &[("product", &m.bottle), ("quantity", "500")]).await, 200);
        // Five tabs submit the same USD 1,775.00 cart at once (stock for two): one fits the
        // USD 3,000.00 limit, and the others must count it.
        let mut tabs = app.tabs(&bea, 5);
        let keys: Vec<String> = (0..5).map(|n| format!("tab-{n}")).collect();
        let answers = futures::future::join_all(
            tabs.iter_mut().zip(&keys).map(|(tab, key)| checkout(tab, &address, key, "on_account", "")),
        )
        .await;
        assert!(
            answers.iter().all(|r| matches!(r.status.as_u16(), 200 | 409 | 422)),
            "{:?}",
            answers.iter().map(|r| (r.status, &r.body)).collect::<Vec<_>>()
        );
        let due = "SELECT CAST(COALESCE(SUM(total), 0) AS BIGINT) FROM orders WHERE payment_status = 'due'";
        assert_eq!(scalar(app, due).await, 177_500);
        assert_eq!(app.count("orders").await, 1);
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

        let mut admin = app.admin().await;
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
async fn held_funds_are_released_after_the_protection_period_from_the_expected_delivery() {
    each_backend(async |app| {
        let mut m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        let quiet = bottle_order(&m, &mut bea, &address, "escrow").await;
        let extended = bottle_order(&m, &mut bea, &address, "escrow").await;
        let shipped_at = caravan::server::now();
        for (id, tracking) in [(&quiet, "JD4"), (&extended, "JD5")] {
            confirm_and_ship(&mut m.hanoi, id, tracking).await;
        }
        // The supplier marking the goods delivered starts no clock: the release is 14 days
        // (the default period) after the expected delivery, shipment plus 10 days in transit.
        assert_status(&act(&mut m.hanoi, &quiet, Action::MarkDelivered, &[]).await, 200);
        let seen: OrderDetail = order(&mut bea, &quiet).await.json();
        let release = seen.release_at.expect("a release date");
        assert!((release - (shipped_at + (TRANSIT_DAYS + 14) * 86_400)).abs() <= 5, "{release}");
        let page = bea.get(&format!("/orders/{quiet}")).await.body;
        assert!(page.contains("Held funds go to the supplier on"), "{page}");

        // The buyer extends protection on the other order, once; the supplier cannot.
        assert_status(&act(&mut m.hanoi, &extended, Action::ExtendProtection, &[]).await, 403);
        assert_status(&act(&mut bea, &extended, Action::ExtendProtection, &[]).await, 200);
        let res = act(&mut bea, &extended, Action::ExtendProtection, &[]).await;
        assert_status(&res, 409);
        let seen: OrderDetail = order(&mut bea, &extended).await.json();
        assert_eq!(seen.release_at, Some(release_due(seen.shipped_at.unwrap() + TRANSIT_DAYS * 86_400, 14, true)));
        assert!(!seen.actions.contains(&Action::ExtendProtection));
        assert!(seen.timeline.last().unwrap().note.starts_with("Held funds now go to the supplier on"));

        // Admins see both held payments, soonest first, and which are due.
        let mut admin = app.admin().await;
        let settings: PlatformSettings = admin.get_json("/api/admin/disputes").await.json();
        let held: Vec<(&str, bool, bool)> =
            settings.releases.iter().map(|r| (r.number.as_str(), r.extended, r.due)).collect();
        assert_eq!(held, [("SO-000001", false, false), ("SO-000002", true, false)]);
        assert_status(&bea.get_json("/api/admin/disputes").await, 403);

        let state = app.state();
        let days = |d: i64| shipped_at + d * 86_400;
        assert_eq!(caravan::server::orders::auto_release(&state, days(TRANSIT_DAYS + 13)).await.unwrap(), 0);
        assert_eq!(caravan::server::orders::auto_release(&state, days(TRANSIT_DAYS + 15)).await.unwrap(), 1);
        let done: OrderDetail = order(&mut bea, &quiet).await.json();
        assert_eq!((done.status, done.payment), (OrderStatus::Completed, PaymentStatus::Released));
        assert_eq!(done.timeline.last().map(|e| e.who.as_str()), Some("Caravan (automatic)"));
        // The extended one waits a second period.
        assert_eq!(caravan::server::orders::auto_release(&state, days(TRANSIT_DAYS + 27)).await.unwrap(), 0);
        assert_eq!(caravan::server::orders::auto_release(&state, days(TRANSIT_DAYS + 29)).await.unwrap(), 1);
        let done: OrderDetail = order(&mut bea, &extended).await.json();
        assert_eq!(done.payment, PaymentStatus::Released);
        assert_eq!(balances(app, &m.hanoi_id).await, ("USD 0.00".into(), "USD 3,443.50".into()));
        assert!(imbalance(app).await.is_empty());
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

#[tokio::test]
async fn a_long_order_list_comes_a_page_at_a_time() {
    use caravan::api::orders::OrderList;
    use caravan::domain::paging::PAGE_SIZE;
    each_backend(async |app| {
        let m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        sqlx::query("UPDATE product_variants SET stock = 1000000").execute(app.db.pool()).await.unwrap();
        let mut placed = Vec::new();
        for _ in 0..PAGE_SIZE + 3 {
            placed.push(bottle_order(&m, &mut bea, &address, "escrow").await.parse::<i64>().unwrap());
        }
        // Placed within a few seconds: many share their second, and ids break the tie.
        let first: OrderList = bea.get_json("/api/orders?side=Buying").await.json();
        assert_eq!(first.orders.len(), PAGE_SIZE);
        assert!(!first.older_page);
        let next = first.next.expect("more orders");
        let second: OrderList = bea.get_json(&format!("/api/orders?side=Buying&before={next}")).await.json();
        assert!(second.older_page && second.next.is_none());
        let shown: Vec<i64> = first.orders.iter().chain(&second.orders).map(|o| o.id.get()).collect();
        placed.reverse();
        assert_eq!(shown, placed, "every order once, newest first");
        // The status filter pages too, and the page links keep it.
        let filtered: OrderList = bea.get_json("/api/orders?side=Buying&status=placed").await.json();
        assert_eq!(filtered.orders.len(), PAGE_SIZE);
        let page = bea.get("/orders?status=placed").await.body;
        assert!(page.contains(&format!("/orders?status=placed&amp;before={}", filtered.next.unwrap())), "older link");
    })
    .await;
}
