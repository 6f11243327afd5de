//! Paying suppliers out on both backends: what Caravan owes a supplier after a release, an
//! admin recording a bank transfer (never more than is owed), a supplier onboarding a Stripe
//! account that released funds are then transferred to (through localstripe), and the
//! supplier's payouts and monthly statement as a page and as CSV.
#![cfg(feature = "ssr")]

mod common;
mod market;
mod stripe;

use caravan::api::payouts::{PayableSupplier, SupplierMoney};
use caravan::domain::order::Action;
use caravan::domain::payout::{LineKind, Period};
use caravan::domain::{CompanyId, Currency, Money};
use caravan::server::{now, payouts};
use common::*;
use market::*;
use stripe::*;

#[tokio::test]
async fn an_admin_pays_a_supplier_what_it_is_owed_and_the_statement_shows_it() {
    each_backend(async |app| {
        let mut m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        let id = bottle_order(&m, &mut bea, &address, "escrow").await;
        confirm_and_ship(&mut m.hanoi, &id, "JD0001").await;
        assert_status(&act(&mut bea, &id, Action::ConfirmReceipt, &[]).await, 200);
        // USD 1,775.00 released, less 3 % commission.
        assert_eq!(balances(app, &m.hanoi_id).await, ("USD 0.00".into(), "USD 1,721.75".into()));

        let mut admin = app.admin().await;
        let payable: Vec<PayableSupplier> = admin.call("admin/payouts", &[]).await.json();
        assert_eq!(payable.len(), 1);
        assert_eq!(
            (payable[0].name.as_str(), payable[0].available.to_string()),
            ("Hanoi Steelworks", "USD 1,721.75".into())
        );
        let supplier = payable[0].supplier.to_string();
        let pay = |amount: &str, reference: &str| -> Vec<(String, String)> {
            [("supplier", supplier.as_str()), ("currency", "USD"), ("amount", amount), ("reference", reference)]
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .to_vec()
        };
        // Only admins record payouts, never more than is owed, always with the reference.
        assert_status(&m.hanoi.call("admin/payouts/record", &pairs(&pay("100", "WIRE-0"))).await, 403);
        let res = admin.call("admin/payouts/record", &pairs(&pay("1721.76", "WIRE-1"))).await;
        assert_eq!(
            assert_field_error(&res, "amount"),
            "Caravan owes this supplier USD 1,721.75: pay out at most that."
        );
        assert_eq!(
            assert_field_error(&admin.call("admin/payouts/record", &pairs(&pay("100", " "))).await, "reference"),
            "Enter the bank transfer's reference."
        );
        assert!(
            assert_field_error(&admin.call("admin/payouts/record", &pairs(&pay("-5", "WIRE-1"))).await, "amount")
                .starts_with("Enter the amount")
        );
        assert_eq!(app.count("payouts").await, 0);

        let res = admin.call("admin/payouts/record", &pairs(&pay("1000", "WIRE-1"))).await;
        assert_status(&res, 200);
        assert_eq!(balances(app, &m.hanoi_id).await.1, "USD 721.75");
        assert!(imbalance(app).await.is_empty());
        let mails = scalar(app, "SELECT COUNT(*) FROM mail_outbox WHERE subject = 'Payout of USD 1,000.00 sent'").await;
        assert_eq!(mails, 1);
        let page = admin.get("/admin/payouts").await;
        assert!(page.body.contains("Hanoi Steelworks: USD 721.75 owed"), "{}", page.body);

        // The supplier sees the payout and this month's statement; another supplier does not.
        let period = Period::of(now()).to_string();
        let path = format!("/api/payouts/mine?company_id={}&period={period}", m.hanoi_id);
        let money: SupplierMoney = m.hanoi.get_json(&path).await.json();
        assert_eq!(money.payouts.len(), 1);
        assert_eq!(
            (money.payouts[0].reference.as_str(), money.payouts[0].amount.to_string()),
            ("WIRE-1", "USD 1,000.00".into())
        );
        let statement = &money.statement;
        assert_eq!(statement.lines.iter().map(|l| l.kind).collect::<Vec<_>>(), [LineKind::Sale, LineKind::Payout]);
        assert_eq!(statement.lines[0].about, "SO-000001");
        let totals = &statement.totals[0];
        let figures = [totals.sales, totals.commission, totals.refunds, totals.payouts, totals.balance_change]
            .map(|m| m.to_string());
        assert_eq!(figures, ["USD 1,775.00", "USD 53.25", "USD 0.00", "USD 1,000.00", "USD 721.75"]);
        assert_eq!(
            statement.commission_invoice,
            Some(format!("CI-{:06}-{period}", m.hanoi_id.parse::<i64>().unwrap()))
        );
        let last_month: SupplierMoney = m
            .hanoi
            .get_json(&format!("/api/payouts/mine?company_id={}&period={}", m.hanoi_id, Period::of(now()).previous()))
            .await
            .json();
        assert!(last_month.statement.lines.is_empty() && last_month.statement.commission_invoice.is_none());
        assert_status(&m.porto.get_json(&path).await, 403);
        assert_status(
            &m.hanoi.get_json(&format!("/api/payouts/mine?company_id={}&period=2026-13", m.hanoi_id)).await,
            400,
        );

        let csv = m.hanoi.get(&format!("/supplier/statements/{period}.csv")).await;
        assert_status(&csv, 200);
        let rows: Vec<&str> = csv.body.lines().collect();
        assert_eq!(rows[0], "date,kind,order_or_reference,memo,currency,gross,commission,balance_change");
        assert!(rows[1].contains(",Sale,SO-000001,") && rows[1].ends_with(",USD,1775.00,53.25,1721.75"), "{}", rows[1]);
        assert!(rows[2].contains(",Payout,WIRE-1,") && rows[2].ends_with(",USD,1000.00,0.00,-1000.00"), "{}", rows[2]);
        assert!(csv.body.contains(&format!("{period},Balance change,,,USD,721.75,,")), "{}", csv.body);
        // Porto's own statement has none of Hanoi's money.
        let theirs = m.porto.get(&format!("/supplier/statements/{period}.csv")).await;
        assert_eq!(theirs.body.lines().count(), 1);
        assert_status(&bea.get(&format!("/supplier/statements/{period}.csv")).await, 403);
        assert_status(&m.hanoi.get("/supplier/statements/last-month.csv").await, 404);
        // The platform's commission invoice for the month, as a PDF.
        let invoice = m.hanoi.get(&format!("/supplier/statements/{period}-commission.pdf")).await;
        assert_status(&invoice, 200);
        assert!(invoice.body.starts_with("%PDF"));
        assert!(invoice.headers["content-disposition"].to_str().unwrap().contains("CI-"));
        let none = format!("/supplier/statements/{}-commission.pdf", Period::of(now()).previous());
        assert_status(&m.hanoi.get(&none).await, 404);
        let page = m.hanoi.get("/supplier/payouts").await;
        assert!(page.body.contains("Payouts and statements") && page.body.contains("WIRE-1"), "{}", page.body);
        assert!(page.body.contains(&format!("/supplier/statements/{period}-commission.pdf")));
    })
    .await;
}

async fn text(app: &TestApp, sql: &str) -> String {
    sqlx::query_scalar(sql).fetch_one(app.db.pool()).await.unwrap()
}

/// What Caravan owes the supplier in USD, in cents.
async fn supplier_balance(app: &TestApp, supplier: &str) -> i64 {
    let sql = format!(
        "SELECT CAST(SUM(amount) AS BIGINT) FROM ledger_postings WHERE account = 'supplier' AND owner_id = {supplier}"
    );
    scalar(app, &sql).await
}

/// An order of Hanoi's bottles paid by card, shipped and received: its escrow is released.
async fn released_card_order(app: &TestApp, m: &mut Market<'_>, bea: &mut Client<'_>, address: &str, api: &str) {
    let (order, _, _) = place_by_stripe(app, bea, address, &m.bottle, api, &uuid_like()).await;
    confirm_and_ship(&mut m.hanoi, &order.to_string(), "JD0001").await;
    assert_status(&act(bea, &order.to_string(), Action::ConfirmReceipt, &[]).await, 200);
}

#[tokio::test]
async fn a_supplier_onboards_at_stripe_and_released_funds_are_transferred_there_once() {
    let Some(api) = stripe_api() else { return };
    each_backend_with(with_stripe_connect(&api), async |app| {
        let mut m = market(app).await;
        // Enough bottles for the three orders below.
        sqlx::query("UPDATE product_variants SET stock = 10000").execute(app.db.pool()).await.unwrap();
        let company = m.hanoi_id.clone();
        let page = m.hanoi.get("/supplier/selling").await;
        assert!(page.body.contains("Payouts through Stripe") && page.body.contains("Set up Stripe payouts"));

        // Only the supplier's owner, with their password, opens the account.
        let start = |password: &'static str| [("company_id", company.clone()), ("password", password.to_string())];
        let call = async |client: &mut Client<'_>, password: &'static str| {
            let fields = start(password);
            client.call("selling/payout-account", &fields.each_ref().map(|(k, v)| (*k, v.as_str()))).await
        };
        assert_status(&call(&mut m.porto, PASSWORD).await, 403);
        assert_eq!(assert_field_error(&call(&mut m.hanoi, "wrong").await, "password"), "That is not your password.");
        assert_eq!(app.count("connect_accounts").await, 0);
        let fields = start(PASSWORD);
        let fields = fields.each_ref().map(|(k, v)| (*k, v.as_str()));
        let res = m.hanoi.submit("selling/payout-account", "/supplier/selling", &fields).await;
        let link = res.location().expect("sent to Stripe's onboarding").to_string();
        assert!(link.starts_with(&format!("{api}/_config/connect/onboard/acct_")), "{link}");
        let account = text(app, "SELECT account_id FROM connect_accounts").await;
        // Coming back before finishing, the owner continues with the same account.
        let again = m.hanoi.submit("selling/payout-account", "/supplier/selling", &fields).await;
        assert!(again.location().unwrap().contains(&account));
        assert_eq!(app.count("connect_accounts").await, 1);

        // Before onboarding is finished, released money stays owed.
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        released_card_order(app, &mut m, &mut bea, &address, &api).await;
        let (_, owed) = balances(app, &m.hanoi_id).await;
        assert_ne!(owed, "USD 0.00");
        let owed_minor = supplier_balance(app, &m.hanoi_id).await;
        assert_eq!(app.count("payouts").await, 0);
        let page = m.hanoi.get("/supplier/selling").await;
        assert!(page.body.contains("Stripe still needs details") && page.body.contains("Continue on Stripe"), "{}", page.body);

        // The owner finishes at Stripe and comes back: what is owed is transferred at once.
        let finish = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let back = finish
            .post(link.split('?').next().unwrap())
            .form(&[("return_url", "http://localhost/supplier/selling")])
            .send()
            .await
            .unwrap();
        assert_eq!(back.headers()["location"], "http://localhost/supplier/selling");
        let page = m.hanoi.get("/supplier/selling").await;
        assert!(page.body.contains(&format!("Payouts go to your Stripe account {account}")), "{}", page.body);
        assert_eq!(balances(app, &m.hanoi_id).await.1, "USD 0.00");
        let transfer = text(app, "SELECT reference FROM payouts").await;
        let at_stripe = stripe_get(&api, &format!("/v1/transfers/{transfer}")).await;
        assert_eq!(at_stripe["destination"], account.as_str());
        assert_eq!((at_stripe["amount"].as_i64(), at_stripe["currency"].as_str()), (Some(owed_minor), Some("usd")));
        let ready = "SELECT COUNT(*) FROM mail_outbox WHERE subject = 'Payouts now go to your Stripe account'";
        assert_eq!(scalar(app, ready).await, 1);
        let sent = format!("SELECT COUNT(*) FROM mail_outbox WHERE subject = 'Payout of {owed} sent'");
        assert_eq!(scalar(app, &sent).await, 1);
        assert!(imbalance(app).await.is_empty());
        // Admins no longer pay this supplier by hand.
        let payable: Vec<PayableSupplier> = app.admin().await.call("admin/payouts", &[]).await.json();
        assert!(payable.is_empty());
        let money: SupplierMoney =
            m.hanoi.get_json(&format!("/api/payouts/mine?company_id={}", m.hanoi_id)).await.json();
        assert_eq!(money.payouts[0].reference, transfer);
        assert_eq!(money.statement.lines.last().unwrap().kind, LineKind::Payout);

        // The next release is transferred as it happens.
        released_card_order(app, &mut m, &mut bea, &address, &api).await;
        assert_eq!(app.count("payouts").await, 2);
        assert_eq!(balances(app, &m.hanoi_id).await.1, "USD 0.00");

        // Stripe stopped letting the account receive (Caravan had not heard yet): the
        // transfer is refused, the money stays owed, and the account shows as incomplete.
        let fresh = stripe_post(&api, "/v1/accounts", &[("type", "express")]).await;
        let fresh = fresh["id"].as_str().unwrap();
        sqlx::query("UPDATE connect_accounts SET payouts_enabled = 0").execute(app.db.pool()).await.unwrap();
        released_card_order(app, &mut m, &mut bea, &address, &api).await;
        let (_, owed) = balances(app, &m.hanoi_id).await;
        assert_ne!(owed, "USD 0.00");
        let set = format!("UPDATE connect_accounts SET payouts_enabled = 1, account_id = '{fresh}'");
        sqlx::query(&set).execute(app.db.pool()).await.unwrap();
        let supplier: CompanyId = m.hanoi_id.parse().unwrap();
        let state = app.state();
        assert_eq!(payouts::connect::transfer_owed(&state, supplier).await.unwrap(), 0);
        assert_eq!(text(app, "SELECT state FROM connect_transfers ORDER BY id DESC LIMIT 1").await, "failed");
        assert_eq!(scalar(app, "SELECT payouts_enabled FROM connect_accounts").await, 0);
        assert_eq!(balances(app, &m.hanoi_id).await.1, owed);

        // A crash after Stripe made a transfer but before Caravan recorded it: the sweep sends
        // the attempt again with its key, Stripe answers the same transfer, and it is
        // ledgered once.
        let set = format!("UPDATE connect_accounts SET payouts_enabled = 1, account_id = '{account}'");
        sqlx::query(&set).execute(app.db.pool()).await.unwrap();
        let minor = supplier_balance(app, &m.hanoi_id).await;
        let key = format!("payout-crash-{}", uuid_like());
        sqlx::query(
            "INSERT INTO connect_transfers (supplier_id, account_id, currency, amount, idempotency_key, state, created_at) \
             VALUES ($1, $2, 'USD', $3, $4, 'pending', $5)",
        )
        .bind(supplier)
        .bind(&account)
        .bind(minor)
        .bind(&key)
        .bind(now())
        .execute(app.db.pool())
        .await
        .unwrap();
        let connect = state.payments.connect().unwrap();
        let made = connect.transfer(&account, Money::from_minor(minor, Currency::Usd), &key, "crash").await;
        let made = made.unwrap();
        // Meanwhile the amount is held back from any other payout.
        assert_eq!(payouts::connect::transfer_owed(&state, supplier).await.unwrap(), 0);
        assert_eq!(payouts::connect::sweep(&state, now() + 120).await.unwrap(), 1);
        assert_eq!(text(app, "SELECT reference FROM payouts ORDER BY id DESC LIMIT 1").await, made);
        assert_eq!(app.count("payouts").await, 3);
        assert_eq!(balances(app, &m.hanoi_id).await.1, "USD 0.00");
        assert_eq!(payouts::connect::sweep(&state, now() + 240).await.unwrap(), 0);
        let at_stripe = stripe_get(&api, &format!("/v1/transfers?destination={account}&limit=100")).await;
        assert_eq!(at_stripe["data"].as_array().unwrap().len(), 3, "{at_stripe}");
        assert!(imbalance(app).await.is_empty());
    })
    .await;
}
