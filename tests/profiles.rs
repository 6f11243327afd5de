//! Supplier onboarding: the profile steps, their validation, certifications, the facts that
//! publishing needs, and who may change them.
#![cfg(feature = "ssr")]

mod common;

use caravan::api::profile::ProfileEditor;
use caravan::domain::profile::{BusinessType, ExportRegion, OnboardingStep, Required, ResponseTime};
use common::*;

async fn profile(client: &mut Client<'_>, company: &str) -> ProfileEditor {
    client.call("profile", &[("company_id", company)]).await.json()
}

#[tokio::test]
async fn onboarding_saves_each_step_and_unlocks_publishing() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Onboard Steel", "otto@onboard.example").await;
        let start = profile(&mut client, &company).await;
        assert_eq!(start.facts.missing().len(), 8);
        assert!(start.category_tree.len() >= 10 && start.category_tree[0].children.len() >= 5);

        let publish = |revision: &'static str| [("company_id", company.clone()), ("revision", revision.to_string())];
        let res = client.call("storefront/builder", &[("company_id", &company)]).await;
        assert_status(&res, 200);
        let fields = publish("1");
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = client.call("storefront/publish", &fields).await;
        assert_status(&res, 422);
        let message = res.error().form_message().unwrap();
        assert!(message.contains("city") && message.contains("company description"), "{message}");

        let res = client
            .call("profile/basics", &[("company_id", &company), ("city", "Duisburg"), ("business_type", "manufacturer"), ("year_established", "1978"), ("employees", "51-200")])
            .await;
        assert_status(&res, 200);
        let res = client
            .call(
                "profile/trade",
                &[
                    ("company_id", &company),
                    ("categories[steel]", "on"),
                    ("categories[hardware-fasteners]", "on"),
                    ("markets[middle_east]", "on"),
                    ("markets[western_europe]", "on"),
                    ("response_time", "12h"),
                ],
            )
            .await;
        assert_status(&res, 200);
        let halfway = profile(&mut client, &company).await;
        assert_eq!(halfway.facts.missing(), [Required::Description]);
        assert!(halfway.facts.step_done(OnboardingStep::Trade));
        assert_eq!(halfway.facts.business_type, Some(BusinessType::Manufacturer));
        assert_eq!(halfway.facts.export_markets, [ExportRegion::WesternEurope, ExportRegion::MiddleEast]);
        assert_eq!(halfway.facts.response_time, Some(ResponseTime::Within12h));
        let mut categories = halfway.categories.clone();
        categories.sort();
        assert_eq!(categories, ["hardware-fasteners", "steel"]);

        let res = client
            .call("profile/about", &[("company_id", &company), ("description", "Forged fasteners for steel construction, wind energy and rail, galvanised in house.\n\n\n\nTraceable.")])
            .await;
        assert_status(&res, 200);
        let done = profile(&mut client, &company).await;
        assert!(done.facts.missing().is_empty());
        assert!(done.facts.description.ends_with("in house.\n\nTraceable."));
        assert_status(&client.call("storefront/publish", &fields).await, 200);

        // The facts reach the public storefront.
        let page = app.client().get(&format!("/s/{}", done.slug)).await;
        assert_status(&page, 200);
        for fact in ["Manufacturer", "1978", "51–200 employees", "Within 12 hours", "Western Europe, Middle East", "Duisburg"] {
            assert!(page.body.contains(fact), "{fact} missing from the storefront");
        }
    })
    .await;
}

#[tokio::test]
async fn bad_profile_input_is_explained_and_changes_nothing() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Onboard Steel", "bad@onboard.example").await;
        let res = client
            .call(
                "profile/basics",
                &[
                    ("company_id", &company),
                    ("city", ""),
                    ("business_type", "pirate"),
                    ("year_established", "3024"),
                    ("employees", "lots"),
                ],
            )
            .await;
        for field in ["city", "business_type", "year_established", "employees"] {
            assert_field_error(&res, field);
        }
        assert_eq!(res.error().echoed("year_established").as_deref(), Some("3024"));

        let mut too_many: Vec<(String, String)> =
            ["steel", "aluminium", "copper", "wire-mesh", "castings-forgings", "stainless-steel-pipes", "sensors"]
                .iter()
                .map(|s| (format!("categories[{s}]"), "on".to_string()))
                .collect();
        too_many.extend([
            ("company_id".to_string(), company.clone()),
            ("markets[mars]".to_string(), "on".to_string()),
            ("response_time".to_string(), "never".to_string()),
        ]);
        let fields: Vec<(&str, &str)> = too_many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let res = client.call("profile/trade", &fields).await;
        for field in ["categories", "markets", "response_time"] {
            assert_field_error(&res, field);
        }
        let res = client
            .call(
                "profile/trade",
                &[
                    ("company_id", &company),
                    ("categories[not-a-category]", "on"),
                    ("markets[africa]", "on"),
                    ("response_time", "4h"),
                ],
            )
            .await;
        assert_field_error(&res, "categories");

        let res = client.call("profile/about", &[("company_id", &company), ("description", &"x".repeat(3001))]).await;
        assert_field_error(&res, "description");

        let res = client
            .call(
                "profile/certifications/add",
                &[("company_id", &company), ("name", ""), ("valid_until", "2027-02-30")],
            )
            .await;
        assert_field_error(&res, "name");
        assert_field_error(&res, "valid_until");

        let after = profile(&mut client, &company).await;
        assert_eq!(after.facts.missing().len(), 8, "nothing was saved");
        assert!(after.categories.is_empty() && after.certifications.is_empty());
        assert_eq!(app.count("company_export_markets").await, 0);
    })
    .await;
}

#[tokio::test]
async fn certifications_belong_to_their_company() {
    each_backend(async |app| {
        let (mut owner, company) = app.supplier("Onboard Steel", "cert@onboard.example").await;
        let (mut rival, rival_company) = app.supplier("Onboard Steel", "rival@onboard.example").await;
        let res = owner
            .call(
                "profile/certifications/add",
                &[
                    ("company_id", &company),
                    ("name", "ISO 9001:2015"),
                    ("issuer", "TÜV"),
                    ("valid_until", "2020-01-31"),
                ],
            )
            .await;
        assert_status(&res, 200);
        let cert = profile(&mut owner, &company).await.certifications[0].clone();
        assert_eq!(cert.valid_until.as_ref().map(|d| d.as_str()), Some("2020-01-31"));
        let id = cert.id.to_string();

        // Another supplier can neither remove it through its own company nor through this one.
        let res = rival
            .call("profile/certifications/remove", &[("company_id", &rival_company), ("certification", &id)])
            .await;
        assert_status(&res, 404);
        let res =
            rival.call("profile/certifications/remove", &[("company_id", &company), ("certification", &id)]).await;
        assert_status(&res, 403);
        assert_eq!(app.count("company_certifications").await, 1);

        let res =
            owner.call("profile/certifications/remove", &[("company_id", &company), ("certification", &id)]).await;
        assert_status(&res, 200);
        assert_eq!(app.count("company_certifications").await, 0);
    })
    .await;
}

#[tokio::test]
async fn only_members_of_a_selling_company_edit_its_profile() {
    each_backend(async |app| {
        let (_, company) = app.supplier("Onboard Steel", "mine@onboard.example").await;
        let (mut rival, _) = app.supplier("Onboard Steel", "theirs@onboard.example").await;
        let mut buyer = app.client();
        assert_status(&buyer.sign_up("buyer", "Buyer Co", "Bo Buyer", "bo@buyer.example").await, 200);
        let buyer_company = buyer.me().await.and_then(|u| u.company).unwrap().company_id.to_string();
        let mut anonymous = app.client();
        let c = company.as_str();
        let actions: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("profile", vec![("company_id", c)]),
            (
                "profile/basics",
                vec![
                    ("company_id", c),
                    ("city", "X"),
                    ("business_type", "agent"),
                    ("year_established", "2000"),
                    ("employees", "1-10"),
                ],
            ),
            (
                "profile/trade",
                vec![
                    ("company_id", c),
                    ("categories[steel]", "on"),
                    ("markets[africa]", "on"),
                    ("response_time", "4h"),
                ],
            ),
            ("profile/about", vec![("company_id", c), ("description", "Hijacked")]),
            ("profile/certifications/add", vec![("company_id", c), ("name", "Fake")]),
            ("profile/certifications/remove", vec![("company_id", c), ("certification", "1")]),
        ];
        for (endpoint, fields) in &actions {
            assert_status(&rival.call(endpoint, fields).await, 403);
            assert_status(&buyer.call(endpoint, fields).await, 403);
            assert_status(&anonymous.call(endpoint, fields).await, 401);
        }
        assert_status(&buyer.call("profile", &[("company_id", &buyer_company)]).await, 403);
        assert_eq!(app.count("company_certifications").await, 0);
        assert_eq!(app.count("company_categories").await, 0);
    })
    .await;
}

#[tokio::test]
async fn onboarding_pages_render_and_resume() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Onboard Steel", "pages@onboard.example").await;
        let page = client.get("/supplier/profile").await;
        assert_status(&page, 200);
        assert!(page.body.contains("Company basics") && page.body.contains("Before you can publish"));
        for step in ["basics", "trade", "about", "certifications"] {
            assert_status(&client.get(&format!("/supplier/profile?step={step}")).await, 200);
        }
        // A plain form post (JavaScript off) saves and moves to the next step.
        let res = client
            .submit(
                "profile/basics",
                "/supplier/profile",
                &[
                    ("company_id", &company),
                    ("city", "Duisburg"),
                    ("business_type", "manufacturer"),
                    ("year_established", "1978"),
                    ("employees", "51-200"),
                ],
            )
            .await;
        assert_status(&res, 302);
        assert_eq!(res.location(), Some("/supplier/profile?step=trade&notice=profile_saved"));
        let page = client.get("/supplier/profile").await;
        assert!(page.body.contains("Products and markets"), "resumes at the first open step");
    })
    .await;
}
