//! RFQs on both backends: who a request reaches (its categories, or the invited suppliers),
//! its attachments, the buyer's comparison of quotes, and the award, after which no thread
//! takes another quote or acceptance, even when two are accepted at once.
#![cfg(feature = "ssr")]

mod common;
mod negotiators;

use caravan::api::messages::ThreadView;
use caravan::api::orders::OrderDetail;
use caravan::api::rfqs::{RfqDetail, RfqFeed};
use caravan::domain::quote::QuoteStatus;
use common::*;
use negotiators::*;

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
        let mut tabs = app.tabs(&p.buyer, 2);
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
