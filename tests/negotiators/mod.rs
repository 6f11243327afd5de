//! Helpers shared by the negotiation and RFQ tests: a supplier with a listed bottle, a
//! buyer and an outsider; reading a thread; the quote form.
#![allow(dead_code)]

use crate::common::*;
use caravan::domain::date::iso_date;

pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
pub const DAY: i64 = 86_400;

pub fn today_plus(days: i64) -> String {
    iso_date(caravan::server::now() + days * DAY)
}

pub struct Parties<'a> {
    pub supplier: Client<'a>,
    pub supplier_id: String,
    pub bottle: String,
    pub buyer: Client<'a>,
    pub outsider: Client<'a>,
}

pub async fn parties(app: &TestApp) -> Parties<'_> {
    let (mut supplier, supplier_id) = app.supplier("Hanoi Steelworks", "lan@hanoi-steel.example").await;
    let bottle = publish_listing(&mut supplier, &supplier_id, "BOTTLE-1", &BOTTLE).await;
    let mut buyer = app.client();
    assert_status(&buyer.sign_up("buyer", "Berlin Retail", "Bea Buyer", "bea@berlin.example").await, 200);
    let mut outsider = app.client();
    assert_status(&outsider.sign_up("supplier", "Nosy Parker Ltd", "Nick Nosy", "nick@nosy.example").await, 200);
    Parties { supplier, supplier_id, bottle, buyer, outsider }
}

pub async fn thread(client: &mut Client<'_>, id: &str) -> Response {
    client.get_json(&format!("/api/messages/thread?thread={id}")).await
}

/// Quote form fields for `quantity` of `variant` (or a free-text item) at `price`.
pub fn quote_form(
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

pub async fn send_quote(client: &mut Client<'_>, thread: &str, form: &[(String, String)]) -> Response {
    let mut fields = vec![("thread".to_string(), thread.to_string())];
    fields.extend_from_slice(form);
    client.call("quotes/send", &pairs(&fields)).await
}
