//! Invoices on both backends: numbered per supplier, seen only by the order's parties, as a
//! page and a PDF; the bank details they print, which only an owner changes (with their
//! password), which issued invoices keep, and whose change the owners and the buyers who
//! still owe are told of.
#![cfg(feature = "ssr")]

mod common;
mod market;

use caravan::api::invoices::InvoiceView;
use caravan::api::orders::OrderList;
use common::*;
use market::*;

#[tokio::test]
async fn invoices_are_numbered_per_supplier_and_only_the_parties_see_them() {
    each_backend(async |app| {
        let mut m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        let first = bottle_order(&m, &mut bea, &address, "bank_transfer").await;
        let second = bottle_order(&m, &mut bea, &address, "escrow").await;
        let bank = [
            ("company_id", m.hanoi_id.as_str()),
            ("bank_details", "IBAN DE89 3704 0044 0532 0130 00"),
            ("password", PASSWORD),
        ];
        assert_status(&m.hanoi.call("selling/bank", &bank).await, 200);
        let invoice = proforma(&mut bea, &first).await;
        assert_eq!(invoice.number, "PF-000001");
        assert_eq!(invoice.bank_details.as_deref(), Some("IBAN DE89 3704 0044 0532 0130 00"));
        assert!(invoice.terms().contains("by bank transfer, quoting PF-000001"));
        let next = proforma(&mut bea, &second).await;
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

async fn proforma(client: &mut Client<'_>, order: &str) -> InvoiceView {
    client.get_json(&format!("/api/invoices/view?order={order}&kind=Proforma")).await.json()
}

#[tokio::test]
async fn bank_details_change_only_by_an_owner_with_password_and_issued_invoices_keep_theirs() {
    each_backend(async |app| {
        let mut m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        let set = |details: &'static str, password: &'static str| {
            vec![
                ("company_id".to_string(), m.hanoi_id.clone()),
                ("bank_details".into(), details.into()),
                ("password".into(), password.into()),
            ]
        };
        let old = "IBAN DE89 3704 0044 0532 0130 00";
        assert_status(&m.hanoi.call("selling/bank", &pairs(&set(old, PASSWORD))).await, 200);
        let first = bottle_order(&m, &mut bea, &address, "bank_transfer").await;

        // Without the owner's password nothing changes.
        let new = "IBAN GB33 BUKB 2020 1555 5555 55";
        let res = m.hanoi.call("selling/bank", &pairs(&set(new, "not my password"))).await;
        assert_eq!(assert_field_error(&res, "password"), "That is not your password.");
        let res = m.hanoi.call("selling/bank", &pairs(&set(new, ""))).await;
        assert_eq!(assert_field_error(&res, "password"), "Enter your password to confirm the change.");
        // A member who is not an owner may not change them at all.
        let invite = [("company_id", m.hanoi_id.as_str()), ("email", "mai@hanoi-steel.example"), ("role", "member")];
        assert_status(&m.hanoi.call("team/invite", &invite).await, 200);
        let token = app.invitation_token("mai@hanoi-steel.example").await;
        let mut member = app.client();
        let accept = [("token", token.as_str()), ("name", "Mai Member"), ("password", PASSWORD)];
        assert_status(&member.call("invitation/accept", &accept).await, 200);
        assert_status(&member.call("selling/bank", &pairs(&set(new, PASSWORD))).await, 403);
        // Their page shows the details without a form to change them; the owner's has one.
        let page = member.get("/supplier/selling").await.body;
        assert!(page.contains(old) && !page.contains(r#"name="bank_details""#), "{page}");
        assert!(m.hanoi.get("/supplier/selling").await.body.contains(r#"name="bank_details""#));
        // Nor may another supplier.
        assert_status(&m.porto.call("selling/bank", &pairs(&set(new, PASSWORD))).await, 403);
        let told = |subject: &str| format!("SELECT COUNT(*) FROM mail_outbox WHERE subject = '{subject}'");
        assert_eq!(scalar(app, &told("Hanoi Steelworks changed its bank details")).await, 0);

        // The owner changes them: the invoice issued before keeps the old details, a new one
        // prints the new; the owner and the buyer who still owes are told.
        assert_status(&m.hanoi.call("selling/bank", &pairs(&set(new, PASSWORD))).await, 200);
        assert_eq!(proforma(&mut bea, &first).await.bank_details.as_deref(), Some(old));
        let second = bottle_order(&m, &mut bea, &address, "bank_transfer").await;
        assert_eq!(proforma(&mut bea, &second).await.bank_details.as_deref(), Some(new));
        assert_eq!(scalar(app, &told("Hanoi Steelworks changed its bank details")).await, 1);
        // The owner heard of both saves: the first details and the change.
        assert_eq!(scalar(app, &told("Your bank details for payments were changed")).await, 2);
        let warning: String = sqlx::query_scalar(
            "SELECT body_text FROM mail_outbox WHERE to_email = 'bea@berlin.example' AND subject LIKE '%bank details%'",
        )
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        assert!(warning.contains("confirm them with Hanoi Steelworks by a channel you already trust"), "{warning}");
        // Saving them unchanged tells nobody again.
        assert_status(&m.hanoi.call("selling/bank", &pairs(&set(new, PASSWORD))).await, 200);
        assert_eq!(scalar(app, &told("Hanoi Steelworks changed its bank details")).await, 1);
    })
    .await;
}
