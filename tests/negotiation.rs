//! Inquiries, messages, RFQs and quotes on both backends: threads only their two companies
//! can read or write (every cross-company attempt, guessed ids included, is "not found"),
//! attachments checked and served safely, read marks and unread counts, the inbox's filters,
//! response times, rate limits, counter-offers with their diff, expiry, acceptance into
//! exactly one order, and RFQ visibility with the buyer's comparison.
#![cfg(feature = "ssr")]

mod common;

use caravan::api::messages::{Inbox, ThreadView};
use caravan::api::orders::OrderDetail;
use caravan::api::rfqs::{RfqDetail, RfqFeed};
use caravan::api::session::ShellData;
use caravan::domain::date::iso_date;
use caravan::domain::quote::{Negotiator, QuoteAction, QuoteStatus};
use common::*;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
const DAY: i64 = 86_400;

fn today_plus(days: i64) -> String {
    iso_date(caravan::server::now() + days * DAY)
}

struct Parties<'a> {
    supplier: Client<'a>,
    supplier_id: String,
    bottle: String,
    buyer: Client<'a>,
    outsider: Client<'a>,
}

async fn parties(app: &TestApp) -> Parties<'_> {
    let (mut supplier, supplier_id) = app.supplier("Hanoi Steelworks", "lan@hanoi-steel.example").await;
    let bottle = publish_listing(&mut supplier, &supplier_id, "BOTTLE-1", &BOTTLE).await;
    let mut buyer = app.client();
    assert_status(&buyer.sign_up("buyer", "Berlin Retail", "Bea Buyer", "bea@berlin.example").await, 200);
    let mut outsider = app.client();
    assert_status(&outsider.sign_up("supplier", "Nosy Parker Ltd", "Nick Nosy", "nick@nosy.example").await, 200);
    Parties { supplier, supplier_id, bottle, buyer, outsider }
}

/// Opens an inquiry about `product` and answers the thread's id.
async fn inquire(buyer: &mut Client<'_>, supplier: &str, product: &str, message: &str) -> String {
    let res = buyer
        .call(
            "messages/inquire",
            &[("supplier", supplier), ("product", product), ("quantity", "2,000"), ("message", message)],
        )
        .await;
    assert_status(&res, 200);
    res.location().unwrap().trim_start_matches("/messages/").to_string()
}

async fn thread(client: &mut Client<'_>, id: &str) -> Response {
    client.get_json(&format!("/api/messages/thread?thread={id}")).await
}

async fn shell(client: &mut Client<'_>) -> ShellData {
    client.call("shell", &[]).await.json()
}

async fn send(client: &mut Client<'_>, id: &str, body: &str, files: &[(&str, &str, &[u8])]) -> Response {
    client.multipart("messages/send", &[("thread", id), ("body", body)], files, false).await
}

/// Quote form fields for `quantity` of `variant` (or a free-text item) at `price`.
fn quote_form(
    variant: &str,
    quantity: &str,
    price: &str,
    lead: &str,
    payment: &str,
    valid: &str,
) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    let mut put = |k: &str, v: &str| fields.push((format!("terms[{k}]"), v.to_string()));
    put("currency", "USD");
    put("line.0.variant", variant);
    put("line.0.description", if variant.is_empty() { "Custom printed bottle" } else { "" });
    put("line.0.unit", "piece");
    put("line.0.quantity", quantity);
    put("line.0.price", price);
    put("shipping", "100");
    put("shipping_method", "Sea freight to Hamburg");
    put("lead_days", lead);
    put("payment", payment);
    put("valid_until", valid);
    fields
}

async fn send_quote(client: &mut Client<'_>, thread: &str, form: &[(String, String)]) -> Response {
    let mut fields = vec![("thread".to_string(), thread.to_string())];
    fields.extend_from_slice(form);
    client.call("quotes/send", &pairs(&fields)).await
}

async fn variant_of(app: &TestApp, product: &str) -> String {
    let id: i64 = sqlx::query_scalar("SELECT id FROM product_variants WHERE product_id = $1")
        .bind(product.parse::<i64>().unwrap())
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    id.to_string()
}

#[tokio::test]
async fn inquiries_are_private_to_their_two_companies() {
    each_backend(async |app| {
        let mut p = parties(app).await;
        let id = inquire(&mut p.buyer, &p.supplier_id, &p.bottle, "Hello <script>alert(1)</script>, see www.berlin.example").await;
        assert_eq!(shell(&mut p.supplier).await.unread_threads, 1);
        assert_eq!(shell(&mut p.buyer).await.unread_threads, 0, "your own message is read");
        // The supplier was mailed.
        let mails: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE to_email = 'lan@hanoi-steel.example' AND subject LIKE 'New message%'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(mails, 1);

        let view: ThreadView = thread(&mut p.supplier, &id).await.json();
        assert_eq!(view.side, Negotiator::Supplier);
        assert_eq!(view.subject, "Steel Bottle");
        assert_eq!(view.quantity.as_deref(), Some("2,000 pieces"));
        assert!(view.messages[0].body.contains("<script>"), "stored as written, rendered as text");
        assert_eq!(shell(&mut p.supplier).await.unread_threads, 0, "reading marks it read");
        // The page shows the text escaped, the address as a link.
        let page = p.supplier.get(&format!("/messages/{id}")).await;
        assert_status(&page, 200);
        assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.body.contains("<script>alert(1)"));
        assert!(page.body.contains("href=\"https://www.berlin.example\""));

        // A reply with a PDF; a disguised HTML file is refused.
        let res = send(&mut p.supplier, &id, "Price list attached.", &[("files", "prices.pdf", PDF)]).await;
        assert_status(&res, 200);
        let res = send(&mut p.supplier, &id, "", &[("files", "invoice.pdf", b"<html><script>x</script>")]).await;
        assert!(assert_field_error(&res, "files").contains("not a PDF"));
        assert_field_error(&send(&mut p.supplier, &id, "   ", &[]).await, "body");

        let view: ThreadView = thread(&mut p.buyer, &id).await.json();
        assert_eq!(view.messages.len(), 2);
        let file = &view.messages[1].attachments[0];
        assert_eq!((file.name.as_str(), file.content_type.as_str()), ("prices.pdf", "application/pdf"));
        let download = p.buyer.get(&file.href()).await;
        assert_status(&download, 200);
        assert_eq!(download.headers["content-type"], "application/pdf");
        assert!(download.headers["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"prices.pdf\""));
        assert!(download.headers["content-security-policy"].to_str().unwrap().contains("sandbox"));
        // The supplier read the buyer's message: a read receipt.
        let supplier_reader = view.participants.iter().find(|r| r.side == Negotiator::Supplier).unwrap();
        assert!(supplier_reader.last_read.is_some());

        // Nobody else reads, writes, polls, quotes or downloads; a visitor is asked to sign in.
        assert_status(&thread(&mut p.outsider, &id).await, 404);
        assert_status(&send(&mut p.outsider, &id, "Buy from us instead", &[]).await, 404);
        assert_status(&p.outsider.get_json(&format!("/api/messages/poll?thread={id}&after=0")).await, 404);
        let form = quote_form("", "10", "1", "5", "escrow", &today_plus(5));
        assert_status(&send_quote(&mut p.outsider, &id, &form).await, 404);
        assert_status(&p.outsider.get(&file.href()).await, 404);
        assert_status(&app.client().get(&file.href()).await, 401);
        assert_status(&thread(&mut p.outsider, "999999").await, 404);
        assert_eq!(app.count("messages").await, 2);

        // Live delivery: a poll answers at once with what is newer.
        let first = view.messages[0].id.get().to_string();
        let update: caravan::api::messages::ThreadUpdate =
            p.buyer.get_json(&format!("/api/messages/poll?thread={id}&after={first}")).await.json();
        assert_eq!(update.messages.len(), 1);

        // The supplier answered: its response time is measured.
        let supplier: i64 = p.supplier_id.parse().unwrap();
        let times = caravan::server::messages::response_times(&app.db, &[supplier]).await.unwrap();
        assert!(times.get(&supplier).is_some_and(|secs| *secs <= 5));
    })
    .await;
}

#[tokio::test]
async fn the_inbox_filters_and_searches() {
    each_backend(async |app| {
        let mut p = parties(app).await;
        let first = inquire(&mut p.buyer, &p.supplier_id, &p.bottle, "Do you print logos on the bottles?").await;
        let second = inquire(&mut p.buyer, &p.supplier_id, &p.bottle, "What is your lead time for 5,000?").await;
        assert_status(&send(&mut p.supplier, &first, "Yes, up to four colours.", &[]).await, 200);
        let inbox = |show: &str, q: &str| format!("/api/messages/inbox?filter[show]={show}&filter[q]={q}");
        let ids = |inbox: Inbox| inbox.threads.iter().map(|t| t.id.to_string()).collect::<Vec<_>>();
        let all: Inbox = p.supplier.get_json(&inbox("", "")).await.json();
        assert_eq!(ids(all.clone()), [first.clone(), second.clone()]);
        assert_eq!(all.products.len(), 1);
        let awaiting: Inbox = p.supplier.get_json(&inbox("awaiting", "")).await.json();
        assert_eq!(ids(awaiting), std::slice::from_ref(&second));
        let unread: Inbox = p.buyer.get_json(&inbox("unread", "")).await.json();
        assert_eq!(ids(unread), std::slice::from_ref(&first));
        let found: Inbox = p.supplier.get_json(&inbox("", "lead%20time")).await.json();
        assert_eq!(ids(found), std::slice::from_ref(&second));
        let hostile: Inbox = p.supplier.get_json(&inbox("", "%25'%22;--")).await.json();
        assert!(hostile.threads.is_empty());
        let theirs: Inbox = p.outsider.get_json(&inbox("", "")).await.json();
        assert!(theirs.threads.is_empty());
    })
    .await;
}

/// The supplier's product page (after the redirect to its canonical address).
async fn product_page(client: &mut Client<'_>, product: &str) -> String {
    let moved = client.get(&format!("/p/x-{product}")).await;
    client.get(moved.location().unwrap()).await.body
}

#[tokio::test]
async fn response_time_is_the_median_first_reply_to_inquiries() {
    each_backend(async |app| {
        let mut p = parties(app).await;
        assert!(product_page(&mut p.buyer, &p.bottle).await.contains("Not measured yet"));
        for hours in [5i64, 3, 30] {
            let id = inquire(&mut p.buyer, &p.supplier_id, &p.bottle, "Can you ship to Berlin?").await;
            // As if the inquiry came in a minute short of `hours` ago.
            sqlx::query("UPDATE threads SET created_at = created_at - $1 WHERE id = $2")
                .bind(hours * 3600 - 60)
                .bind(id.parse::<i64>().unwrap())
                .execute(app.db.pool())
                .await
                .unwrap();
            assert_status(&send(&mut p.supplier, &id, "Yes, by sea or rail.", &[]).await, 200);
            // Only the first reply counts.
            assert_status(&send(&mut p.supplier, &id, "Rail takes 18 days.", &[]).await, 200);
        }
        // An inquiry opened 91 days ago is outside the window.
        let old = inquire(&mut p.buyer, &p.supplier_id, &p.bottle, "Still there?").await;
        sqlx::query("UPDATE threads SET created_at = created_at - $1 WHERE id = $2")
            .bind(91 * DAY)
            .bind(old.parse::<i64>().unwrap())
            .execute(app.db.pool())
            .await
            .unwrap();
        assert_status(&send(&mut p.supplier, &old, "Yes.", &[]).await, 200);
        let page = product_page(&mut p.buyer, &p.bottle).await;
        assert!(page.contains("Within 5 hours"), "the median of 5 h, 3 h and 30 h: {page}");
        let times =
            caravan::server::messages::response_times(&app.db, &[p.supplier_id.parse().unwrap()]).await.unwrap();
        let median = times[&p.supplier_id.parse::<i64>().unwrap()];
        assert!((5 * 3600 - 60..5 * 3600).contains(&median), "{median}");
    })
    .await;
}

#[tokio::test]
async fn new_inquiries_and_messages_are_rate_limited() {
    each_backend(async |app| {
        let mut p = parties(app).await;
        let mut last = String::new();
        for n in 0..caravan::server::messages::THREADS_PER_HOUR {
            last = inquire(&mut p.buyer, &p.supplier_id, &p.bottle, &format!("Inquiry number {n}")).await;
        }
        let res = p
            .buyer
            .call("messages/inquire", &[("supplier", &p.supplier_id), ("product", &p.bottle), ("message", "One more")])
            .await;
        assert_status(&res, 429);
        for n in 0..caravan::server::messages::MESSAGES_PER_10_MIN - 10 {
            assert_status(&send(&mut p.buyer, &last, &format!("Follow-up {n}"), &[]).await, 200);
        }
        assert_status(&send(&mut p.buyer, &last, "Too many", &[]).await, 429);
        // Someone else is not held back.
        assert_status(&send(&mut p.supplier, &last, "Please stop", &[]).await, 200);
    })
    .await;
}

#[tokio::test]
async fn counter_offers_end_in_exactly_one_order_with_the_quoted_terms() {
    each_backend(async |app| {
        let mut p = parties(app).await;
        let bottle_variant = variant_of(app, &p.bottle).await;
        let ship_to = p.buyer.add_berlin_address().await;
        let id = inquire(&mut p.buyer, &p.supplier_id, &p.bottle, "Best price for 1,000?").await;
        // Buyers cannot start a quote; the supplier's bad form names its fields.
        let form = quote_form(&bottle_variant, "1000", "3.20", "20", "bank_transfer", &today_plus(10));
        assert_status(&send_quote(&mut p.buyer, &id, &form).await, 409);
        let bad = quote_form(&bottle_variant, "0", "abc", "", "barter", &today_plus(-1));
        let res = send_quote(&mut p.supplier, &id, &bad).await;
        for field in ["line.0.quantity", "line.0.price", "lead_days", "payment", "valid_until"] {
            assert_field_error(&res, field);
        }
        // Another company's product cannot be quoted.
        let (mut other, other_id) = app.supplier("Porto Kitchen Co", "rui@porto-kitchen.example").await;
        let jar = publish_listing(&mut other, &other_id, "JAR-1", &JAR).await;
        let foreign = quote_form(&variant_of(app, &jar).await, "1000", "3.20", "20", "bank_transfer", &today_plus(10));
        assert_field_error(&send_quote(&mut p.supplier, &id, &foreign).await, "line.0.variant");

        assert_status(&send_quote(&mut p.supplier, &id, &form).await, 200);
        // The buyer counters on price and lead time.
        let counter = quote_form(&bottle_variant, "1000", "3.00", "15", "bank_transfer", &today_plus(10));
        assert_status(&send_quote(&mut p.buyer, &id, &counter).await, 200);
        let view: ThreadView = thread(&mut p.buyer, &id).await.json();
        let versions: Vec<(i64, QuoteStatus)> = view.quotes.iter().map(|q| (q.version, q.status)).collect();
        assert_eq!(versions, [(1, QuoteStatus::Countered), (2, QuoteStatus::Open)]);
        let changed: Vec<&str> = view.quotes[1].changes.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(changed, ["Steel Bottle: unit price", "Goods total", "Lead time"]);
        assert_eq!(
            view.actions,
            [QuoteAction::Counter, QuoteAction::Withdraw],
            "the buyer cannot accept its own offer"
        );
        let v1 = view.quotes[0].id.to_string();
        let v2 = view.quotes[1].id.to_string();
        let accept =
            |quote: &str| vec![("quote".to_string(), quote.to_string()), ("ship_to".to_string(), ship_to.clone())];
        assert_status(&p.buyer.call("quotes/accept", &pairs(&accept(&v2))).await, 409);
        assert_status(&p.outsider.call("quotes/agree", &[("quote", &v2)]).await, 404);

        // The supplier agrees: the counter comes back as its version 3.
        assert_status(&p.supplier.call("quotes/agree", &[("quote", &v2)]).await, 200);
        let view: ThreadView = thread(&mut p.buyer, &id).await.json();
        let v3 = view.quotes[2].id.to_string();
        assert_eq!(view.quotes[2].author, Negotiator::Supplier);
        assert!(view.quotes[2].changes.is_empty(), "the same terms");
        assert_eq!(view.actions, [QuoteAction::Counter, QuoteAction::Accept, QuoteAction::Decline]);
        // A replaced version is refused, and so is an outsider.
        let res = p.buyer.call("quotes/accept", &pairs(&accept(&v1))).await;
        assert_status(&res, 409);
        assert!(res.body.contains("replaced"));
        assert_status(&p.outsider.call("quotes/accept", &pairs(&accept(&v3))).await, 404);

        let stock_before = stock(app, &bottle_variant).await;
        let res = p.buyer.call("quotes/accept", &pairs(&accept(&v3))).await;
        assert_status(&res, 200);
        let order = res.location().unwrap().trim_start_matches("/orders/").split('?').next().unwrap().to_string();
        // Accepting again answers with the same order.
        let again = p.buyer.call("quotes/accept", &pairs(&accept(&v3))).await;
        assert_eq!(again.location(), res.location());
        assert_eq!(app.count("orders").await, 1);
        assert_eq!(stock(app, &bottle_variant).await, stock_before - 1000);

        let detail: OrderDetail = p.buyer.get_json(&format!("/api/orders/detail?order={order}")).await.json();
        assert_eq!(detail.status, caravan::domain::order::OrderStatus::Confirmed);
        assert_eq!(detail.method, caravan::domain::order::PaymentMethod::BankTransfer);
        assert_eq!(detail.subtotal.to_string(), "USD 3,000.00");
        assert_eq!(detail.shipping.to_string(), "USD 100.00");
        assert_eq!(detail.total.to_string(), "USD 3,100.00");
        assert_eq!(detail.lines.len(), 1);
        assert_eq!((detail.lines[0].quantity, detail.lines[0].sku.as_str()), (1000, "BOTTLE-1"));
        assert_eq!(detail.invoices.len(), 1, "the proforma for the transfer");
        let view: ThreadView = thread(&mut p.supplier, &id).await.json();
        assert_eq!(view.order.as_ref().map(|o| o.0.to_string()), Some(order.clone()));
        assert_eq!(view.quotes[2].status, QuoteStatus::Accepted);
        assert!(!view.can_quote, "the conversation became an order");
        assert_status(&send_quote(&mut p.supplier, &id, &form).await, 409);
    })
    .await;
}

async fn stock(app: &TestApp, variant: &str) -> i64 {
    sqlx::query_scalar("SELECT stock FROM product_variants WHERE id = $1")
        .bind(variant.parse::<i64>().unwrap())
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn offers_expire_decline_and_withdraw() {
    each_backend(async |app| {
        let mut p = parties(app).await;
        let ship_to = p.buyer.add_berlin_address().await;
        let id = inquire(&mut p.buyer, &p.supplier_id, &p.bottle, "Custom colours?").await;
        let form = quote_form("", "500", "4.10", "30", "escrow", &today_plus(0));
        assert_status(&send_quote(&mut p.supplier, &id, &form).await, 200);
        let view: ThreadView = thread(&mut p.buyer, &id).await.json();
        let quote = view.quotes[0].id.to_string();
        // The job expires it once its day is over, and says so in the thread.
        let expired =
            caravan::server::quotes::expire_due(&app.state(), caravan::server::now() + 2 * DAY).await.unwrap();
        assert_eq!(expired, 1);
        let view: ThreadView = thread(&mut p.buyer, &id).await.json();
        assert_eq!(view.quotes[0].status, QuoteStatus::Expired);
        assert!(view.messages.last().unwrap().body.contains("expired"));
        let res = p.buyer.call("quotes/accept", &[("quote", &quote), ("ship_to", &ship_to)]).await;
        assert_status(&res, 409);
        assert!(res.body.contains("expired"));

        // A fresh quote may follow; the buyer declines it, and the supplier's withdrawal of a
        // closed offer is refused.
        let form = quote_form("", "500", "4.00", "30", "escrow", &today_plus(3));
        assert_status(&send_quote(&mut p.supplier, &id, &form).await, 200);
        let view: ThreadView = thread(&mut p.buyer, &id).await.json();
        let quote = view.quotes[1].id.to_string();
        assert_status(&p.supplier.call("quotes/close", &[("quote", &quote), ("action", "decline")]).await, 409);
        assert_status(&p.buyer.call("quotes/close", &[("quote", &quote), ("action", "decline")]).await, 200);
        assert_status(&p.supplier.call("quotes/close", &[("quote", &quote), ("action", "withdraw")]).await, 409);
        // A third, withdrawn by its author before the buyer answers.
        assert_status(&send_quote(&mut p.supplier, &id, &form).await, 200);
        let view: ThreadView = thread(&mut p.supplier, &id).await.json();
        let quote = view.quotes[2].id.to_string();
        assert_status(&p.supplier.call("quotes/close", &[("quote", &quote), ("action", "withdraw")]).await, 200);
        let res = p.buyer.call("quotes/accept", &[("quote", &quote), ("ship_to", &ship_to)]).await;
        assert!(res.body.contains("withdrawn"));
        let statuses: Vec<QuoteStatus> =
            thread(&mut p.buyer, &id).await.json::<ThreadView>().quotes.iter().map(|q| q.status).collect();
        assert_eq!(statuses, [QuoteStatus::Expired, QuoteStatus::Declined, QuoteStatus::Withdrawn]);
        assert_eq!(app.count("orders").await, 0);
    })
    .await;
}

/// Puts a supplier in a category (and those below it) of its profile.
async fn trades_in(app: &TestApp, company: &str, category: &str) {
    sqlx::query(
        "INSERT INTO company_categories (company_id, category_id) SELECT $1, id FROM categories WHERE slug = $2",
    )
    .bind(company.parse::<i64>().unwrap())
    .bind(category)
    .execute(app.db.pool())
    .await
    .unwrap();
}

fn rfq_form(visibility: &str, invited: Option<&str>) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        ("title", "PET bottles 500 ml with caps"),
        ("details", "Clear PET, 28 mm neck, food grade, packed in cartons of 200."),
        ("category", "pet-bottles"),
        ("quantity", "10000"),
        ("unit", "piece"),
        ("currency", "USD"),
        ("target_price", "0.25"),
        ("destination", "DE"),
        ("payment_terms", "bank_transfer"),
        ("visibility", visibility),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    fields.push(("deliver_by".into(), today_plus(60)));
    fields.push(("closes_at".into(), today_plus(14)));
    if let Some(slug) = invited {
        fields.push((format!("supplier.{slug}"), "on".into()));
    }
    fields
}

async fn post_rfq(buyer: &mut Client<'_>, form: &[(String, String)], files: &[(&str, &str, &[u8])]) -> Response {
    buyer.multipart("rfqs/post", &pairs(form), files, false).await
}

#[tokio::test]
async fn rfqs_reach_matching_or_invited_suppliers_who_quote_and_the_buyer_compares() {
    each_backend(async |app| {
        let mut p = parties(app).await;
        let ship_to = p.buyer.add_berlin_address().await;
        trades_in(app, &p.supplier_id, "plastic-packaging").await;
        let (mut furniture, furniture_id) = app.supplier("Oak & Co", "olga@oak.example").await;
        trades_in(app, &furniture_id, "furniture").await;
        let outsider_id = p.outsider.me().await.unwrap().company.unwrap().company_id.to_string();
        trades_in(app, &outsider_id, "furniture").await;

        let res = post_rfq(&mut p.buyer, &rfq_form("open", None), &[("files", "drawing.pdf", PDF)]).await;
        assert_status(&res, 200);
        let open = res.location().unwrap().trim_start_matches("/rfqs/").split('?').next().unwrap().to_string();
        let res = post_rfq(&mut p.buyer, &rfq_form("invited", Some("oak-co")), &[]).await;
        assert_status(&res, 200);
        let invited = res.location().unwrap().trim_start_matches("/rfqs/").split('?').next().unwrap().to_string();
        assert_field_error(&post_rfq(&mut p.buyer, &rfq_form("invited", None), &[]).await, "visibility");

        // The open RFQ reaches the plastics supplier only; the invited one, Oak & Co only.
        let feed = "/api/rfqs/feed?filter[sort]=closing";
        let ids = |feed: RfqFeed| feed.rfqs.iter().map(|(r, _)| r.id.to_string()).collect::<Vec<_>>();
        assert_eq!(ids(p.supplier.get_json(feed).await.json()), std::slice::from_ref(&open));
        assert_eq!(ids(furniture.get_json(feed).await.json()), std::slice::from_ref(&invited));
        assert!(ids(p.outsider.get_json(feed).await.json()).is_empty());
        let detail = |rfq: &str| format!("/api/rfqs/detail?rfq={rfq}");
        assert_status(&p.outsider.get_json(&detail(&open)).await, 404);
        assert_status(&p.outsider.get_json(&detail(&invited)).await, 404);
        assert_status(&p.supplier.get_json(&detail(&invited)).await, 404);
        // The drawing goes to those who may see the RFQ.
        let seen: RfqDetail = p.supplier.get_json(&detail(&open)).await.json();
        let drawing = seen.rfq.attachments[0].href();
        assert_status(&p.supplier.get(&drawing).await, 200);
        assert_status(&p.outsider.get(&drawing).await, 404);

        let answer = |rfq: &str, price: &str, lead: &str| {
            let mut fields = vec![("rfq".to_string(), rfq.to_string())];
            fields.extend(quote_form("", "10000", price, lead, "bank_transfer", &today_plus(10)));
            fields
        };
        assert_status(&p.outsider.call("rfqs/quote", &pairs(&answer(&open, "0.20", "10"))).await, 404);
        assert_status(&p.supplier.call("rfqs/quote", &pairs(&answer(&open, "0.24", "20"))).await, 200);
        // Oak & Co was not invited to the open RFQ and trades in furniture: refused.
        assert_status(&furniture.call("rfqs/quote", &pairs(&answer(&open, "0.19", "30"))).await, 404);
        // Invited to the other: it quotes there.
        assert_status(&furniture.call("rfqs/quote", &pairs(&answer(&invited, "0.22", "30"))).await, 200);

        let compared: RfqDetail = p.buyer.get_json(&detail(&open)).await.json();
        assert_eq!(compared.quotes.len(), 1);
        assert_eq!(compared.quotes[0].supplier.name, "Hanoi Steelworks");
        assert_eq!(compared.quotes[0].landed_total.to_string(), "USD 2,500.00");
        // A supplier sees its own thread, never the comparison or other suppliers' quotes.
        let own: RfqDetail = p.supplier.get_json(&detail(&open)).await.json();
        assert!(own.quotes.is_empty() && own.my_thread.is_some());
        let other_thread = compared.quotes[0].thread.to_string();
        assert_status(&thread(&mut furniture, &other_thread).await, 404);

        // A second supplier on the open RFQ, through the category above.
        let (mut second, second_id) = app.supplier("Saigon Plastics", "vy@saigon-plastics.example").await;
        trades_in(app, &second_id, "packaging-printing").await;
        let res = second.call("rfqs/quote", &pairs(&answer(&open, "0.21", "25"))).await;
        assert_status(&res, 200);
        let compared: RfqDetail = p.buyer.get_json(&detail(&open)).await.json();
        let names: Vec<&str> = compared.quotes.iter().map(|q| q.supplier.name.as_str()).collect();
        assert_eq!(names, ["Saigon Plastics", "Hanoi Steelworks"], "cheapest landed total first");
        let res = p
            .buyer
            .call("quotes/accept", &[("quote", &compared.quotes[0].quote.to_string()), ("ship_to", &ship_to)])
            .await;
        assert_status(&res, 200);
        let order = res.location().unwrap().trim_start_matches("/orders/").split('?').next().unwrap().to_string();
        let detail: OrderDetail = p.buyer.get_json(&format!("/api/orders/detail?order={order}")).await.json();
        assert_eq!(detail.supplier_name, "Saigon Plastics");
        assert_eq!(detail.total.to_string(), "USD 2,200.00");
        assert_eq!(detail.lines[0].title, "Custom printed bottle");

        // The RFQ is awarded: the other offer is closed with a note, it leaves the feed, and
        // it takes no new quotes.
        let awarded: RfqDetail = p.buyer.get_json(&format!("/api/rfqs/detail?rfq={open}")).await.json();
        assert!(awarded.rfq.awarded && awarded.rfq.standing() == "Awarded");
        let statuses: Vec<QuoteStatus> = awarded.quotes.iter().map(|q| q.status).collect();
        assert_eq!(statuses, [QuoteStatus::Accepted, QuoteStatus::Declined]);
        let passed_over: ThreadView = thread(&mut p.supplier, &other_thread).await.json();
        assert!(passed_over.messages.iter().any(|m| m.body.contains("accepted another supplier's offer")));
        assert!(ids(p.supplier.get_json(feed).await.json()).is_empty());
        let (mut late, late_id) = app.supplier("Da Nang Packaging", "minh@danang-pack.example").await;
        trades_in(app, &late_id, "plastic-packaging").await;
        assert_status(&late.call("rfqs/quote", &pairs(&answer(&open, "0.18", "20"))).await, 409);
        // Nor does the passed-over supplier's own conversation, whichever way it sends.
        let awarded_msg = "This request was awarded: its offers can no longer be sent or accepted.";
        let res = p.supplier.call("rfqs/quote", &pairs(&answer(&open, "0.17", "15"))).await;
        assert_status(&res, 409);
        assert_eq!(res.error().to_string(), awarded_msg);
        let fresh = quote_form("", "10000", "0.17", "15", "bank_transfer", &today_plus(10));
        assert_status(&send_quote(&mut p.supplier, &other_thread, &fresh).await, 409);
        // An offer still open when the award landed (a race) cannot be accepted: the
        // acceptance itself checks the RFQ.
        let raced = compared.quotes[1].quote.to_string();
        sqlx::query(&format!("UPDATE quotes SET status = 'open' WHERE id = {raced}"))
            .execute(app.db.pool())
            .await
            .unwrap();
        let res = p.buyer.call("quotes/accept", &[("quote", &raced), ("ship_to", &ship_to)]).await;
        assert_status(&res, 409);
        assert_eq!(res.error().to_string(), awarded_msg);
        assert_eq!(app.count("orders").await, 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_offers_on_one_rfq_accepted_at_once_give_one_order() {
    each_backend(async |app| {
        let mut p = parties(app).await;
        let ship_to = p.buyer.add_berlin_address().await;
        let res = post_rfq(&mut p.buyer, &rfq_form("open", None), &[]).await;
        let rfq =
            res.location().expect("the new RFQ").trim_start_matches("/rfqs/").split('?').next().unwrap().to_string();
        let (mut second, second_id) = app.supplier("Saigon Plastics", "vy@saigon-plastics.example").await;
        for (supplier, id) in [(&mut p.supplier, &p.supplier_id), (&mut second, &second_id)] {
            trades_in(app, id, "plastic-packaging").await;
            let mut fields = vec![("rfq".to_string(), rfq.clone())];
            fields.extend(quote_form("", "10000", "0.22", "20", "bank_transfer", &today_plus(10)));
            assert_status(&supplier.call("rfqs/quote", &pairs(&fields)).await, 200);
        }
        let compared: RfqDetail = p.buyer.get_json(&format!("/api/rfqs/detail?rfq={rfq}")).await.json();
        let offers: Vec<String> = compared.quotes.iter().map(|q| q.quote.to_string()).collect();
        assert_eq!(offers.len(), 2);
        // Two colleagues of the buyer, each accepting a different supplier's offer.
        let mut tabs: Vec<Client> = (0..2)
            .map(|_| {
                let mut c = app.client();
                c.cookies = p.buyer.cookies.clone();
                c
            })
            .collect();
        let answers =
            futures::future::join_all(tabs.iter_mut().zip(&offers).map(|(tab, quote)| async {
                tab.call("quotes/accept", &[("quote", quote), ("ship_to", &ship_to)]).await
            }))
            .await;
        let mut statuses: Vec<u16> = answers.iter().map(|r| r.status.as_u16()).collect();
        statuses.sort();
        assert_eq!(statuses, [200, 409], "{:?}", answers.iter().map(|r| &r.body).collect::<Vec<_>>());
        assert_eq!(app.count("orders").await, 1);
        let accepted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM quotes WHERE status = 'accepted'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(accepted, 1);
    })
    .await;
}
