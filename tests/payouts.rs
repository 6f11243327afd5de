//! Paying suppliers out on both backends: what Caravan owes a supplier after a release, an
//! admin recording a bank transfer (never more than is owed), and the supplier's payouts and
//! monthly statement as a page and as CSV.
#![cfg(feature = "ssr")]

mod common;
mod market;

use caravan::api::payouts::{PayableSupplier, SupplierMoney};
use caravan::domain::order::Action;
use caravan::domain::payout::{LineKind, Period};
use caravan::server::now;
use common::*;
use market::*;

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
