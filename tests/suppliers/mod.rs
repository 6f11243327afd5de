//! Helpers shared by the storefront tests: a supplier with a complete profile, its builder,
//! publishing, and the public page buyers see.

use crate::common::*;
use caravan::api::storefront::{Builder, StorefrontPage};

pub struct Supplier {
    pub company: String,
    pub slug: String,
}

pub async fn new_supplier<'a>(app: &'a TestApp, company: &str, email: &str) -> (Client<'a>, Supplier) {
    let mut client = app.client();
    assert_status(&client.sign_up("supplier", company, "Ana Lima", email).await, 200);
    let membership = client.me().await.and_then(|u| u.company).expect("member");
    let supplier = Supplier { company: membership.company_id.to_string(), slug: membership.company_slug };
    complete_profile(&mut client, &supplier.company).await;
    (client, supplier)
}

/// Fills in the profile facts publishing needs.
pub async fn complete_profile(client: &mut Client<'_>, company: &str) {
    let steps: [(&str, Vec<(&str, &str)>); 3] = [
        (
            "profile/basics",
            vec![
                ("city", "Porto"),
                ("business_type", "manufacturer"),
                ("year_established", "1962"),
                ("employees", "51-200"),
            ],
        ),
        (
            "profile/trade",
            vec![("categories[steel]", "on"), ("markets[western_europe]", "on"), ("response_time", "24h")],
        ),
        (
            "profile/about",
            vec![(
                "description",
                "We forge and machine steel parts for industry, with our own heat treatment and a lab for material tests.",
            )],
        ),
    ];
    for (endpoint, mut fields) in steps {
        fields.push(("company_id", company));
        assert_status(&client.call(endpoint, &fields).await, 200);
    }
}

pub async fn builder(client: &mut Client<'_>, s: &Supplier) -> Builder {
    client.call("storefront/builder", &[("company_id", &s.company)]).await.json()
}

pub async fn public_page(client: &mut Client<'_>, slug: &str, page: &str) -> StorefrontPage {
    client.call("market/storefront", &[("slug", slug), ("page", page)]).await.json()
}

pub async fn publish(client: &mut Client<'_>, s: &Supplier) {
    let revision = builder(client, s).await.revision.to_string();
    assert_status(
        &client.call("storefront/publish", &[("company_id", &s.company), ("revision", &revision)]).await,
        200,
    );
}
