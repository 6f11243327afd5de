//! Inquiries, messages and quotes on both backends: threads only their two companies can read
//! or write (every cross-company attempt, guessed ids included, is "not found"), attachments
//! checked and served safely, read marks and unread counts, the inbox's filters, response
//! times, rate limits, counter-offers with their diff, expiry, and acceptance into exactly one
//! order. RFQs: `rfqs.rs`.
#![cfg(feature = "ssr")]

mod common;
mod negotiators;

use caravan::api::messages::{Inbox, ThreadView};
use caravan::api::orders::OrderDetail;
use caravan::api::session::ShellData;
use caravan::domain::quote::{Negotiator, QuoteAction, QuoteStatus};
use common::*;
use negotiators::*;

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

async fn shell(client: &mut Client<'_>) -> ShellData {
    client.call("shell", &[]).await.json()
}

async fn send(client: &mut Client<'_>, id: &str, body: &str, files: &[(&str, &str, &[u8])]) -> Response {
    client.multipart("messages/send", &[("thread", id), ("body", body)], files, false).await
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

#[tokio::test]
async fn long_inboxes_and_threads_come_a_page_at_a_time() {
    use caravan::domain::paging::PAGE_SIZE;
    use caravan::server::messages::thread::THREAD_PAGE;
    each_backend(async |app| {
        let mut p = parties(app).await;
        let first = inquire(&mut p.buyer, &p.supplier_id, &p.bottle, "Do you print logos on the bottles?").await;
        let first_id: i64 = first.parse().unwrap();
        // More conversations than a page, two of them with the same newest message (as rows
        // copied from the first), and more messages in the first than a thread page.
        for i in 0..PAGE_SIZE as i64 + 5 {
            let newest = if i < 2 { 7 } else { 8 + i };
            sqlx::query(
                "INSERT INTO threads (buyer_id, supplier_id, subject, created_at, last_buyer_message, last_message_at) \
                 SELECT buyer_id, supplier_id, $1, created_at, $2, last_message_at FROM threads WHERE id = $3",
            )
            .bind(format!("Older inquiry {i}"))
            .bind(newest)
            .bind(first_id)
            .execute(app.db.pool())
            .await
            .unwrap();
        }
        for i in 0..THREAD_PAGE + 20 {
            sqlx::query(
                "INSERT INTO messages (thread_id, author_id, company_id, body, created_at) \
                 SELECT thread_id, author_id, company_id, $1, created_at FROM messages WHERE thread_id = $2 ORDER BY id LIMIT 1",
            )
            .bind(format!("Follow-up {i}"))
            .bind(first_id)
            .execute(app.db.pool())
            .await
            .unwrap();
        }
        let newest: i64 = sqlx::query_scalar("SELECT MAX(id) FROM messages").fetch_one(app.db.pool()).await.unwrap();
        sqlx::query("UPDATE threads SET last_buyer_message = $1 WHERE id = $2")
            .bind(newest)
            .bind(first_id)
            .execute(app.db.pool())
            .await
            .unwrap();

        // The inbox: pages of PAGE_SIZE, each conversation once, in order, ties included.
        let mut seen = Vec::new();
        let mut address = "/api/messages/inbox?filter[q]=".to_string();
        let mut pages = 0;
        loop {
            let page: Inbox = p.supplier.get_json(&address).await.json();
            assert!(page.threads.len() <= PAGE_SIZE);
            assert_eq!(page.older_page, pages > 0);
            seen.extend(page.threads.iter().map(|t| t.id.get()));
            pages += 1;
            match page.next {
                Some(next) => address = format!("/api/messages/inbox?filter[q]=&before={next}"),
                None => break,
            }
        }
        assert_eq!(pages, 2);
        assert_eq!(seen.len(), PAGE_SIZE + 6);
        assert_eq!(seen[0], first_id, "the newest message first");
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "no conversation twice");
        // A hostile cursor is the first page.
        let odd: Inbox = p.supplier.get_json("/api/messages/inbox?filter[q]=&before=1.2.3%00").await.json();
        assert_eq!(odd.threads[0].id.get(), first_id);

        // The thread: its newest messages, and the earlier ones a link away.
        let view: ThreadView = p.buyer.get_json(&format!("/api/messages/thread?thread={first}")).await.json();
        assert_eq!(view.messages.len(), THREAD_PAGE);
        assert_eq!(view.messages.last().unwrap().id.get(), newest);
        let earlier = view.earlier.expect("earlier messages");
        assert_eq!(earlier, view.messages[0].id);
        let older: ThreadView =
            p.buyer.get_json(&format!("/api/messages/thread?thread={first}&before={earlier}")).await.json();
        assert!(older.older_page && older.earlier.is_none());
        assert_eq!(older.messages.len(), 21, "the opening message and the first follow-ups");
        assert!(older.messages[0].body.ends_with("Do you print logos on the bottles?"));
        assert!(older.messages.last().unwrap().id < earlier);
        let page = p.buyer.get(&format!("/messages/{first}")).await.body;
        assert!(page.contains(&format!("/messages/{first}?before={earlier}")), "the page links to earlier messages");
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

#[tokio::test]
async fn a_quote_paid_by_card_can_be_accepted_with_another_card_after_a_decline() {
    each_backend(async |app| {
        let mut p = parties(app).await;
        let variant = variant_of(app, &p.bottle).await;
        let ship_to = p.buyer.add_berlin_address().await;
        let id = inquire(&mut p.buyer, &p.supplier_id, &p.bottle, "Card payment possible?").await;
        let form = quote_form(&variant, "1000", "3.20", "20", "escrow", &today_plus(10));
        assert_status(&send_quote(&mut p.supplier, &id, &form).await, 200);
        let view: ThreadView = thread(&mut p.buyer, &id).await.json();
        let quote = view.quotes[0].id.to_string();
        let accept = |card: &'static str| {
            vec![
                ("quote".to_string(), quote.clone()),
                ("ship_to".to_string(), ship_to.clone()),
                ("card_number".to_string(), card.to_string()),
                ("card_expiry".to_string(), "12/40".to_string()),
                ("card_cvc".to_string(), "123".to_string()),
            ]
        };
        let res = p.buyer.call("quotes/accept", &pairs(&accept(caravan::server::payments::DECLINED_CARD))).await;
        assert_field_error(&res, "card_number");
        assert_eq!(app.count("orders").await, 0);
        // The next attempt is a payment of its own, not the provider's remembered decline.
        let res = p.buyer.call("quotes/accept", &pairs(&accept("4242 4242 4242 4242"))).await;
        assert_status(&res, 200);
        assert_eq!(app.count("orders").await, 1);
        assert_eq!(app.count("payments").await, 1);
    })
    .await;
}

#[tokio::test]
async fn one_person_holds_only_a_few_long_polls_open() {
    use caravan::server::messages::MAX_POLLS_PER_PERSON;
    each_backend(async |app| {
        let mut p = parties(app).await;
        let id = inquire(&mut p.buyer, &p.supplier_id, &p.bottle, "Hello").await;
        let view: ThreadView = thread(&mut p.buyer, &id).await.json();
        let last = view.messages.last().unwrap().id.get().to_string();
        let buyer = p.buyer.me().await.unwrap().id;
        // The buyer's tabs hold every place a person may have waiting.
        let held: Vec<_> = (0..MAX_POLLS_PER_PERSON).map(|_| app.state().live.hold(buyer).unwrap()).collect();
        assert!(app.state().live.hold(buyer).is_none());
        // One more poll looks once and answers at once, instead of waiting 20 s for news.
        let address = format!("/api/messages/poll?thread={id}&after={last}");
        let poll = p.buyer.get_json(&address);
        let update: caravan::api::messages::ThreadUpdate = tokio::time::timeout(std::time::Duration::from_secs(5), poll)
            .await
            .expect("answered without waiting")
            .json();
        assert!(update.messages.is_empty());
        // Another person is not affected, and the places come back when the polls end.
        let supplier = p.supplier.me().await.unwrap().id;
        assert!(app.state().live.hold(supplier).is_some());
        drop(held);
        assert!(app.state().live.hold(buyer).is_some());
    })
    .await;
}
