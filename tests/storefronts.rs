//! Storefronts: the builder's draft, publication, versions and restore, addresses, rendering
//! for buyers, and who may do what. Product blocks and sitemaps: `storefront_products.rs`.
#![cfg(feature = "ssr")]

mod common;
mod suppliers;

use caravan::api::storefront::{Builder, StorefrontPage};
use caravan::domain::storefront::{BlockContent, PageKind};
use common::*;
use suppliers::*;

fn hero_headline(page: &StorefrontPage) -> String {
    let StorefrontPage::Published(view) = page else { panic!("not published: {page:?}") };
    view.blocks
        .iter()
        .find_map(|b| match &b.content {
            BlockContent::Hero { headline, .. } => Some(headline.clone()),
            _ => None,
        })
        .expect("a hero")
}

/// Saves the home page's hero (block 1 of the starter) with a new headline.
async fn save_hero(client: &mut Client<'_>, s: &Supplier, revision: i64, headline: &str) -> Response {
    let revision = revision.to_string();
    client
        .call(
            "storefront/save",
            &[
                ("company_id", &s.company),
                ("revision", &revision),
                ("page", "home"),
                ("block", "1"),
                ("fields[headline]", headline),
                ("fields[subheading]", "Forged in Porto since 1962."),
                ("fields[cta_label]", "Ask for a quote"),
                ("fields[cta_target]", "contact"),
            ],
        )
        .await
}

#[tokio::test]
async fn drafts_publish_as_versions_and_old_versions_restore() {
    each_backend(async |app| {
        let (mut supplier, s) = new_supplier(app, "Porto Forge", "ana@porto.example").await;
        let mut buyer = app.client();

        let start = builder(&mut supplier, &s).await;
        assert_eq!(start.revision, 1);
        assert_eq!(start.live_version, None);
        assert!(start.versions.is_empty());
        assert!(matches!(public_page(&mut buyer, &s.slug, "").await, StorefrontPage::Unpublished(_)));
        assert_status(&buyer.call("market/storefront", &[("slug", &s.slug), ("page", "contact")]).await, 404);

        assert_status(&save_hero(&mut supplier, &s, 1, "Forged steel, shipped worldwide").await, 200);
        publish(&mut supplier, &s).await;
        assert_eq!(hero_headline(&public_page(&mut buyer, &s.slug, "").await), "Forged steel, shipped worldwide");

        // A later draft change stays private until it is published.
        assert_status(&save_hero(&mut supplier, &s, 2, "Draft headline").await, 200);
        let draft = builder(&mut supplier, &s).await;
        assert!(draft.unpublished_changes);
        assert_eq!(draft.live_version, Some(1));
        assert_eq!(hero_headline(&public_page(&mut buyer, &s.slug, "").await), "Forged steel, shipped worldwide");
        let html = buyer.get(&format!("/s/{}", s.slug)).await;
        assert_status(&html, 200);
        assert!(html.body.contains("Forged steel, shipped worldwide") && !html.body.contains("Draft headline"));

        publish(&mut supplier, &s).await;
        assert_eq!(hero_headline(&public_page(&mut buyer, &s.slug, "").await), "Draft headline");

        // Restoring version 1 changes the draft only; publishing makes it live as version 3.
        let revision = builder(&mut supplier, &s).await.revision.to_string();
        let res = supplier
            .call("storefront/restore", &[("company_id", &s.company), ("revision", &revision), ("version", "1")])
            .await;
        assert_status(&res, 200);
        assert_eq!(hero_headline(&public_page(&mut buyer, &s.slug, "").await), "Draft headline");
        publish(&mut supplier, &s).await;
        assert_eq!(hero_headline(&public_page(&mut buyer, &s.slug, "").await), "Forged steel, shipped worldwide");
        let after = builder(&mut supplier, &s).await;
        assert_eq!(
            after.versions.iter().map(|v| (v.number, v.is_live)).collect::<Vec<_>>(),
            [(3, true), (2, false), (1, false)]
        );
        assert!(!after.unpublished_changes);
        assert_eq!(after.versions[0].published_by.as_deref(), Some("Ana Lima"));

        let res = supplier
            .call(
                "storefront/restore",
                &[("company_id", &s.company), ("revision", &after.revision.to_string()), ("version", "9")],
            )
            .await;
        assert_status(&res, 404);
    })
    .await;
}

#[tokio::test]
async fn block_operations_and_stale_edits() {
    each_backend(async |app| {
        let (mut supplier, s) = new_supplier(app, "Lisbon Tiles", "rui@tiles.example").await;
        let b = builder(&mut supplier, &s).await;
        let home_ids =
            |b: &Builder| b.doc.page(PageKind::Home).unwrap().blocks.iter().map(|x| x.id).collect::<Vec<_>>();
        assert_eq!(home_ids(&b), [1, 2, 3, 4]);

        let res = supplier
            .call("storefront/add", &[("company_id", &s.company), ("revision", "1"), ("page", "home"), ("kind", "faq")])
            .await;
        assert_status(&res, 200);
        let b = builder(&mut supplier, &s).await;
        assert_eq!(home_ids(&b), [1, 2, 3, 4, 9]);
        assert_eq!(b.revision, 2);

        let op = |revision: i64, block: &'static str, op: &'static str| {
            let company = s.company.clone();
            (company, revision.to_string(), block, op)
        };
        for (revision, block, name) in
            [(2, "9", "up"), (3, "9", "up"), (4, "1", "down"), (5, "2", "duplicate"), (6, "3", "hide")]
        {
            let (company, revision, block, name) = op(revision, block, name);
            let res = supplier
                .call(
                    "storefront/block",
                    &[
                        ("company_id", &company),
                        ("revision", &revision),
                        ("page", "home"),
                        ("block", block),
                        ("op", name),
                    ],
                )
                .await;
            assert_status(&res, 200);
        }
        let b = builder(&mut supplier, &s).await;
        assert_eq!(home_ids(&b), [2, 10, 1, 9, 3, 4]);
        assert!(b.doc.block(PageKind::Home, 3).unwrap().hidden);

        // Drag and drop: block 4 to the top.
        let res = supplier
            .call(
                "storefront/move",
                &[("company_id", &s.company), ("revision", "7"), ("page", "home"), ("block", "4"), ("to", "0")],
            )
            .await;
        assert_eq!(res.json::<i64>(), 8);
        assert_eq!(home_ids(&builder(&mut supplier, &s).await), [4, 2, 10, 1, 9, 3]);

        // An edit from a stale page is refused and changes nothing.
        let res = supplier
            .call(
                "storefront/block",
                &[("company_id", &s.company), ("revision", "3"), ("page", "home"), ("block", "4"), ("op", "delete")],
            )
            .await;
        assert_status(&res, 409);
        assert_eq!(builder(&mut supplier, &s).await.revision, 8);

        // Hidden blocks do not reach buyers.
        publish(&mut supplier, &s).await;
        let StorefrontPage::Published(view) = public_page(&mut app.client(), &s.slug, "").await else { panic!() };
        assert!(view.blocks.iter().all(|b| b.id != 3));
        assert!(view.blocks.iter().any(|b| b.id == 9));
        // Product blocks: featured ones stay hidden while there are no products; the grid says so.
        let home = app.client().get(&format!("/s/{}", s.slug)).await;
        assert!(!home.body.contains("Featured products"));
        let products = app.client().get(&format!("/s/{}/products", s.slug)).await;
        assert!(products.body.contains("This supplier has not listed products yet."));
    })
    .await;
}

#[tokio::test]
async fn bad_input_is_refused_with_field_errors_and_changes_nothing() {
    each_backend(async |app| {
        let (mut supplier, s) = new_supplier(app, "Quito Cacao", "eva@cacao.example").await;
        let res = save_hero(&mut supplier, &s, 1, &"x".repeat(121)).await;
        assert!(assert_field_error(&res, "headline").contains("120"));
        assert_eq!(res.error().echoed("headline").map(|h| h.len()), Some(121), "what was typed comes back");

        let res = supplier
            .call(
                "storefront/save",
                &[
                    ("company_id", &s.company),
                    ("revision", "1"),
                    ("page", "home"),
                    ("block", "1"),
                    ("fields[headline]", "Hi"),
                    ("fields[cta_label]", ""),
                    ("fields[cta_target]", "javascript:alert(1)"),
                ],
            )
            .await;
        assert_field_error(&res, "cta_label");
        assert_field_error(&res, "cta_target");

        let call = |endpoint: &'static str, extra: Vec<(&'static str, &'static str)>| {
            let mut fields = vec![("company_id", s.company.clone()), ("revision", "1".to_string())];
            fields.extend(extra.into_iter().map(|(k, v)| (k, v.to_string())));
            (endpoint, fields)
        };
        for ((endpoint, fields), status) in [
            (call("storefront/add", vec![("page", "home"), ("kind", "iframe")]), 422),
            (call("storefront/add", vec![("page", "admin"), ("kind", "faq")]), 404),
            (call("storefront/block", vec![("page", "home"), ("block", "1"), ("op", "explode")]), 400),
            (call("storefront/block", vec![("page", "home"), ("block", "999"), ("op", "delete")]), 409),
            (call("storefront/theme", vec![("preset", "neon")]), 422),
            (call("storefront/theme", vec![("preset", "harbor"), ("custom_accent", "true"), ("accent", "red;}")]), 422),
            (
                call(
                    "storefront/navigation",
                    vec![
                        ("labels[home]", ""),
                        ("labels[products]", "P"),
                        ("labels[profile]", "A"),
                        ("labels[contact]", "C"),
                    ],
                ),
                422,
            ),
        ] {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_status(&supplier.call(endpoint, &fields).await, status);
        }
        let b = builder(&mut supplier, &s).await;
        assert_eq!(b.revision, 1, "nothing was written");

        // Valid theme and navigation changes land.
        let res = supplier
            .call(
                "storefront/theme",
                &[
                    ("company_id", &s.company),
                    ("revision", "1"),
                    ("preset", "foundry"),
                    ("custom_accent", "true"),
                    ("accent", "#AA3300"),
                ],
            )
            .await;
        assert_status(&res, 200);
        let res = supplier
            .call(
                "storefront/navigation",
                &[
                    ("company_id", &s.company),
                    ("revision", "2"),
                    ("labels[home]", "Start"),
                    ("labels[products]", "Catalogue"),
                    ("labels[profile]", "About us"),
                    ("labels[contact]", "Contact"),
                    ("order[contact]", "1"),
                    ("order[products]", "2"),
                    ("order[profile]", "3"),
                    ("shown[contact]", "true"),
                    ("shown[products]", "true"),
                ],
            )
            .await;
        assert_status(&res, 200);
        let b = builder(&mut supplier, &s).await;
        assert_eq!(b.doc.theme.accent().as_str(), "#aa3300");
        let nav: Vec<_> = b.doc.pages.iter().map(|p| (p.label.as_str(), p.in_nav)).collect();
        assert_eq!(nav, [("Start", true), ("Contact", true), ("Catalogue", true), ("About us", false)]);
    })
    .await;
}

#[tokio::test]
async fn script_in_supplier_text_never_reaches_buyers() {
    each_backend(async |app| {
        let (mut supplier, s) = new_supplier(app, "Safe Supplies", "sam@safe.example").await;
        let res = supplier
            .call(
                "storefront/add",
                &[("company_id", &s.company), ("revision", "1"), ("page", "home"), ("kind", "rich_text")],
            )
            .await;
        assert_status(&res, 200);
        let res = supplier
            .call(
                "storefront/save",
                &[
                    ("company_id", &s.company),
                    ("revision", "2"),
                    ("page", "home"),
                    ("block", "9"),
                    ("fields[title]", "</h2><script>alert('title')</script>"),
                    (
                        "fields[markdown]",
                        "Hello <script>alert('md')</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
                    ),
                ],
            )
            .await;
        assert_status(&res, 200);
        assert_status(&save_hero(&mut supplier, &s, 3, "<img src=x onerror=alert('hero')>").await, 200);
        publish(&mut supplier, &s).await;
        let page = app.client().get(&format!("/s/{}", s.slug)).await;
        assert_status(&page, 200);
        // Tags typed by the supplier arrive as text (escaped), never as elements or links.
        for needle in ["<script>alert", "href=\"javascript:", "<img src=x"] {
            assert!(!page.body.contains(needle), "{needle} reached the page");
        }
        assert!(page.body.contains("&lt;img src=x onerror=alert("), "the hero's text is shown as typed");
        assert!(
            page.body.contains("&lt;script&gt;alert(&#x27;md&#x27;)")
                || page.body.contains("&lt;script&gt;alert('md')")
        );
        assert!(page.body.contains("application/ld+json"));
        assert!(
            page.body.contains(&format!("rel=\"canonical\" href=\"http://localhost:3000/s/{}\"", s.slug))
                || page.body.contains("rel=\"canonical\"")
        );
    })
    .await;
}

#[tokio::test]
async fn addresses_change_and_old_ones_redirect() {
    each_backend(async |app| {
        let (mut supplier, s) = new_supplier(app, "Old Name Trading", "ola@old.example").await;
        publish(&mut supplier, &s).await;
        let (_, other) = new_supplier(app, "Other Trading", "olu@other.example").await;

        let res = supplier.call("storefront/address", &[("company_id", &s.company), ("slug", "New Name!")]).await;
        assert_field_error(&res, "slug");
        let res = supplier.call("storefront/address", &[("company_id", &s.company), ("slug", &other.slug)]).await;
        assert!(assert_field_error(&res, "slug").contains("taken"));

        assert_status(
            &supplier.call("storefront/address", &[("company_id", &s.company), ("slug", "new-name")]).await,
            200,
        );
        let mut visitor = app.client();
        let res = visitor.get(&format!("/s/{}/contact", s.slug)).await;
        assert_status(&res, 301);
        assert_eq!(res.location(), Some("/s/new-name/contact"));
        assert_status(&visitor.get("/s/new-name/contact").await, 200);

        // Nobody else can take the old address; its owner can take it back.
        let res = app.client().call("storefront/address", &[("company_id", &other.company), ("slug", &s.slug)]).await;
        assert_status(&res, 401);
        let mut other_client = app.client();
        assert_status(&other_client.log_in("olu@other.example", PASSWORD).await, 200);
        let res = other_client.call("storefront/address", &[("company_id", &other.company), ("slug", &s.slug)]).await;
        assert_field_error(&res, "slug");
        assert_status(
            &supplier.call("storefront/address", &[("company_id", &s.company), ("slug", &s.slug)]).await,
            200,
        );
        assert_status(&visitor.get(&format!("/s/{}", s.slug)).await, 200);
        let res = visitor.get("/s/new-name").await;
        assert_status(&res, 301);
        assert_eq!(res.location(), Some(format!("/s/{}", s.slug).as_str()));
    })
    .await;
}

#[tokio::test]
async fn only_the_suppliers_own_members_may_use_its_builder() {
    each_backend(async |app| {
        let (mut owner, s) = new_supplier(app, "Guarded Goods", "gina@guarded.example").await;
        let (mut rival, _) = new_supplier(app, "Rival Goods", "rob@rival.example").await;
        let mut buyer = app.client();
        assert_status(&buyer.sign_up("buyer", "Buying Co", "Bea Buyer", "bea@buying.example").await, 200);
        let buyer_company = buyer.me().await.and_then(|u| u.company).unwrap().company_id.to_string();
        let mut anonymous = app.client();

        let c = s.company.as_str();
        let actions: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("storefront/builder", vec![("company_id", c)]),
            ("storefront/add", vec![("company_id", c), ("revision", "1"), ("page", "home"), ("kind", "faq")]),
            (
                "storefront/save",
                vec![("company_id", c), ("revision", "1"), ("page", "home"), ("block", "4"), ("fields[title]", "x")],
            ),
            (
                "storefront/autosave",
                vec![("company_id", c), ("revision", "1"), ("page", "home"), ("block", "4"), ("fields[title]", "x")],
            ),
            (
                "storefront/block",
                vec![("company_id", c), ("revision", "1"), ("page", "home"), ("block", "1"), ("op", "delete")],
            ),
            (
                "storefront/move",
                vec![("company_id", c), ("revision", "1"), ("page", "home"), ("block", "1"), ("to", "3")],
            ),
            ("storefront/theme", vec![("company_id", c), ("revision", "1"), ("preset", "meadow")]),
            ("storefront/navigation", vec![("company_id", c), ("revision", "1"), ("labels[home]", "Hacked")]),
            ("storefront/publish", vec![("company_id", c), ("revision", "1")]),
            ("storefront/restore", vec![("company_id", c), ("revision", "1"), ("version", "1")]),
            ("storefront/address", vec![("company_id", c), ("slug", "stolen-address")]),
            ("storefront/preview", vec![("company_id", c), ("page", "home")]),
        ];
        for (endpoint, fields) in &actions {
            assert_status(&rival.call(endpoint, fields).await, 403);
            assert_status(&buyer.call(endpoint, fields).await, 403);
            assert_status(&anonymous.call(endpoint, fields).await, 401);
        }
        // A buying company has no storefront of its own to build.
        assert_status(&buyer.call("storefront/builder", &[("company_id", &buyer_company)]).await, 403);
        // Nothing changed: the draft was never even created by the refused calls.
        assert_eq!(app.count("storefronts").await, 0);
        assert_eq!(app.count("storefront_versions").await, 0);
        assert_eq!(builder(&mut owner, &s).await.revision, 1);
        assert_eq!(app.count("company_slug_redirects").await, 0);
    })
    .await;
}

#[tokio::test]
async fn builder_pages_render_and_work_without_javascript() {
    each_backend(async |app| {
        let (mut supplier, s) = new_supplier(app, "Form Works", "fay@forms.example").await;
        for path in [
            "/supplier/storefront",
            "/supplier/storefront?page=contact",
            "/supplier/storefront/home/1",
            "/supplier/storefront/home/6",
            "/supplier/storefront/preview/home",
        ] {
            let res = supplier.get(path).await;
            assert_status(&res, if path.ends_with("/6") { 404 } else { 200 });
        }
        let page = supplier.get("/supplier/storefront/home/1").await;
        assert!(page.body.contains("name=\"fields[headline]\""), "the hero form is generated from its spec");

        // A plain form post saves and comes back to the editor; an invalid one comes back with
        // the error and what was typed.
        let res = supplier
            .submit(
                "storefront/save",
                "/supplier/storefront/home/1",
                &[
                    ("company_id", &s.company),
                    ("revision", "1"),
                    ("page", "home"),
                    ("block", "1"),
                    ("fields[headline]", ""),
                    ("fields[subheading]", "Kept text"),
                    ("fields[cta_label]", "Go"),
                    ("fields[cta_target]", "contact"),
                ],
            )
            .await;
        assert_status(&res, 302);
        let back = res.location().expect("redirected back").to_string();
        assert!(back.contains("__err="), "{back}");
        let page = supplier.get(back.trim_start_matches("http://localhost")).await;
        assert!(page.body.contains("This field is required."), "error shown");
        assert!(page.body.contains("Kept text"), "typed text kept");

        // Long text survives a failed save too: it waits in the session, not in the URL.
        let res = supplier
            .call(
                "storefront/add",
                &[("company_id", &s.company), ("revision", "1"), ("page", "home"), ("kind", "rich_text")],
            )
            .await;
        assert_status(&res, 200);
        let long_text = format!("{} the end.", "Forged, machined and tested in house. ".repeat(80));
        let too_long_title = "t".repeat(81);
        let res = supplier
            .submit(
                "storefront/save",
                "/supplier/storefront/home/9",
                &[
                    ("company_id", &s.company),
                    ("revision", "2"),
                    ("page", "home"),
                    ("block", "9"),
                    ("fields[title]", &too_long_title),
                    ("fields[markdown]", &long_text),
                ],
            )
            .await;
        let back = res.location().expect("redirected back").trim_start_matches("http://localhost").to_string();
        let page = supplier.get(&back).await;
        assert!(page.body.contains(&long_text), "the whole text comes back");
        assert!(page.body.contains("Use at most 80 characters"), "with the error");
        let again = supplier.get("/supplier/storefront/home/9").await;
        assert!(!again.body.contains(&long_text), "shown once");

        let res = supplier
            .submit("storefront/publish", "/supplier/storefront", &[("company_id", &s.company), ("revision", "2")])
            .await;
        assert_status(&res, 302);
        assert_eq!(res.location(), Some("/supplier/storefront?notice=published"));

        // Signed-out visitors are sent to sign in; buyers have no builder.
        assert_eq!(app.client().get("/supplier/storefront").await.location(), Some("/login?next=/supplier/storefront"));
    })
    .await;
}
