//! The HTTP surface: forged cross-site posts, forms without JavaScript, health checks,
//! status codes of pages, and the demo seed.
#![cfg(feature = "ssr")]

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use caravan::server::seed;
use common::*;

#[tokio::test]
async fn forged_cross_site_posts_are_refused_and_change_nothing() {
    each_backend(async |app| {
        let mut victim = app.client();
        victim.sign_up("supplier", "Huayu", "Li Wei", "li@huayu.example").await.expect_ok();
        let company = victim.me().await.unwrap().company.unwrap().company_id.to_string();

        let forged = |path: &str, body: String, headers: &[(&'static str, &'static str)]| {
            let mut builder = Request::builder()
                .method("POST")
                .uri(path)
                .header(header::HOST, "localhost")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "text/html");
            for (k, v) in headers {
                builder = builder.header(*k, *v);
            }
            builder.body(Body::from(body)).unwrap()
        };
        let invite = form_body(&[("company_id", &company), ("email", "attacker@evil.example"), ("role", "owner")]);
        for headers in [
            vec![("origin", "https://evil.example"), ("sec-fetch-site", "cross-site")],
            vec![("origin", "https://evil.example")],
            vec![("origin", "null")],
            vec![("sec-fetch-site", "same-site")],
        ] {
            let cookie = format!("caravan_session={}", victim.session_cookie().unwrap());
            let mut request = forged("/api/team/invite", invite.clone(), &headers);
            request.headers_mut().insert(header::COOKIE, cookie.parse().unwrap());
            let res = victim.send(request).await;
            assert_status(&res, 403);
            assert!(res.body.contains("sent from another website"), "{}", res.body);
        }
        assert_eq!(app.count("invitations").await, 0);

        // A forged sign-in (login CSRF) does not start a session either.
        let mut fresh = app.client();
        let res = fresh
            .send(forged(
                "/api/login",
                form_body(&[("email", "li@huayu.example"), ("password", PASSWORD)]),
                &[("origin", "https://evil.example")],
            ))
            .await;
        assert_status(&res, 403);
        assert_eq!(fresh.session_cookie(), None);
    })
    .await;
}

#[tokio::test]
async fn forms_work_without_javascript() {
    each_backend(async |app| {
        let mut browser = app.client();
        let fields = [
            ("account_type", "buyer"),
            ("company_name", "Northwind"),
            ("country", "GB"),
            ("name", "Emma Clarke"),
            ("email", "bad-email"),
            ("password", PASSWORD),
        ];
        // An error sends the browser back to the form, with the error and the typed values in the URL.
        let res = browser.submit("signup", "/signup?type=buyer", &fields).await;
        assert_status(&res, 302);
        let location = res.location().unwrap().to_string();
        assert!(location.starts_with("http://localhost/signup?type=buyer&__path="), "{location}");
        assert!(location.contains("__err="), "{location}");
        assert_eq!(app.count("users").await, 0);
        let page = browser.get(location.trim_start_matches("http://localhost")).await;
        assert_status(&page, 200);
        assert!(page.body.contains("Enter an email address like name@company.com."), "error beside the field");
        assert!(page.body.contains("value=\"bad-email\""), "typed email kept");
        assert!(page.body.contains("value=\"Northwind\""), "typed company kept");
        assert!(!page.body.contains(PASSWORD), "password never echoed");

        // Success asks to check the inbox; the mailed link's button confirms and signs in.
        let mut good = fields;
        good[4] = ("email", "emma@northwind.example");
        let res = browser.submit("signup", "/signup", &good).await;
        assert_status(&res, 302);
        assert_eq!(res.location(), Some("/signup?notice=check_inbox"));
        assert!(browser.get("/signup?notice=check_inbox").await.body.contains("Check your inbox"));
        let token = app.mailed_token("emma@northwind.example", "/confirm-email/").await;
        let page = browser.get(&format!("/confirm-email/{token}")).await;
        assert!(page.body.contains("Confirm and continue"), "{}", page.body);
        let res = browser.submit("account/confirm", &format!("/confirm-email/{token}"), &[("token", &token)]).await;
        assert_status(&res, 302);
        assert_eq!(res.location(), Some("/account?notice=welcome"));
        let page = browser.get("/account?notice=welcome").await;
        assert_status(&page, 200);
        assert!(page.body.contains("Emma Clarke") && page.body.contains("Your company"), "the account page");
        assert!(page.body.contains("Your account and company are ready."));
        assert!(page.body.contains("Northwind"));

        // Sign out and back in through plain forms, landing where sign-in was asked for.
        let res = browser.submit("logout", "/account", &[]).await;
        assert_eq!(res.location(), Some("/"));
        let res = browser.get("/account/team").await;
        assert_status(&res, 302);
        assert_eq!(res.location(), Some("/login?next=/account/team"));
        let res = browser
            .submit(
                "login",
                "/login?next=/account/team",
                &[("email", "emma@northwind.example"), ("password", PASSWORD), ("next", "/account/team")],
            )
            .await;
        assert_eq!(res.location(), Some("/account/team"));
        let page = browser.get("/account/team").await;
        assert!(page.body.contains("Invite a teammate"), "the team page: {}", page.body);
        // An outside "next" is ignored.
        browser.submit("logout", "/account", &[]).await.expect_ok();
        let res = browser
            .submit(
                "login",
                "/login",
                &[("email", "emma@northwind.example"), ("password", PASSWORD), ("next", "//evil.example/")],
            )
            .await;
        assert_eq!(res.location(), Some("/account"));
    })
    .await;
}

#[tokio::test]
async fn health_and_readiness() {
    each_backend(async |app| {
        let mut client = app.client();
        let res = client.get("/healthz").await;
        assert_status(&res, 200);
        assert_eq!(res.body, "ok");
        let res = client.get("/readyz").await;
        assert_status(&res, 200);
        assert!(res.headers.get("x-request-id").is_some(), "every response carries its request id");
        app.db.close().await;
        assert_status(&client.get("/readyz").await, 503);
    })
    .await;
}

#[tokio::test]
async fn pages_answer_with_fitting_status_codes() {
    each_backend(async |app| {
        let report = seed::demo(&app.db, &app.media(), false).await.expect("seed");
        assert!(report.contains("16 companies added"), "{report}");
        let mut client = app.client();

        let home = client.get("/").await;
        assert_status(&home, 200);
        assert!(home.body.contains("Keystone Safety Supply"), "newest suppliers listed");
        assert!(home.body.contains("Browse by category"));
        assert_eq!(home.headers.get(header::CACHE_CONTROL).unwrap(), "private, no-cache");

        for (path, status, text) in [
            ("/c/apparel-textiles", 200, "Anatolia Home Textiles"),
            ("/c/coffee-tea", 200, "Minas Café Cooperativa"),
            ("/s/huayu-textiles", 200, "Vertically integrated weaving"),
            ("/suppliers?q=coffee", 200, "Minas Café Cooperativa"),
            ("/suppliers?q=olive&country=ES", 200, "Andalucía Olive Groves"),
            ("/suppliers?q=HOME+textiles", 200, "Anatolia Home Textiles"),
            ("/suppliers?category=food-beverage&verified=1", 200, "Verified suppliers"),
            ("/search?q=coffee", 200, "Minas Café Cooperativa"),
            ("/c/no-such-category", 404, "We could not find that category."),
            ("/s/no-such-supplier", 404, "We could not find that supplier."),
            // Buyers have no public storefront.
            ("/s/northwind-retail", 404, "We could not find that supplier."),
            ("/no/such/page", 404, "We could not find that page."),
            ("/cart", 200, "Your cart is empty"),
            ("/login", 200, "Sign in to Caravan"),
            ("/signup", 200, "Create your business account"),
        ] {
            let res = client.get(path).await;
            assert_eq!(res.status.as_u16(), status, "{path}");
            assert!(res.body.contains(text), "{path} should contain {text:?}");
        }
        // Every public page describes itself for search engines and link previews.
        for path in [
            "/",
            "/search?q=tea",
            "/suppliers?q=tea",
            "/c/coffee-tea",
            "/s/minas-cafe",
            "/s/huayu-textiles",
            "/login",
            "/signup",
        ] {
            let page = client.get(path).await;
            assert!(page.body.contains("<meta name=\"description\""), "{path} has a description");
            if path != "/login" && path != "/signup" {
                assert!(
                    page.body.contains(r#"rel="canonical""#)
                        && page.body.contains(r#"<meta property="og:url" content="http"#),
                    "{path} has a canonical address"
                );
            }
            assert_eq!(page.body.matches("<title>").count(), 1, "{path} has one title");
        }
        let category = client.get("/c/coffee-tea").await.body;
        assert!(category.contains(r#""@type":"BreadcrumbList""#) && category.contains(r#""item":"http"#), "{category}");
        assert!(!category.contains("noindex"), "category pages are for search engines");
        assert!(client.get("/search?q=tea").await.body.contains(r#"<meta name="robots" content="noindex, follow">"#));
        let res = client.get("/suppliers?q=coffee&country=DE").await;
        assert!(res.body.contains("No suppliers found"));
        let res = client.get("/search?q=coffee&country=DE").await;
        assert!(res.body.contains("No products match") && res.body.contains("Without “Germany”"), "{}", res.body);

        // Whatever is typed into search, the answer is a page, never an error.
        let long = "x".repeat(10_000);
        for q in [
            "%",
            "_",
            "\\",
            "\"quoted\"",
            "'; DROP TABLE companies; --",
            "café ☕ 🚢",
            "a AND b OR NOT c*",
            "(",
            long.as_str(),
        ] {
            for page in ["/search", "/suppliers"] {
                let res = client.get(&format!("{page}?q={}", urlencoding::encode(q))).await;
                assert_status(&res, 200);
            }
        }
        assert_eq!(app.count("companies").await, 16);

        // Pages for members send visitors to sign in; the admin area refuses non-admins.
        for path in ["/account", "/account/password", "/account/team", "/admin", "/admin/outbox"] {
            let res = client.get(path).await;
            assert_status(&res, 302);
            assert!(res.location().unwrap().starts_with("/login?next="), "{path}");
        }
        client.log_in("emma.clarke@northwind-retail.example", seed::DEMO_PASSWORD).await.expect_ok();
        let res = client.get("/admin").await;
        assert_status(&res, 403);
        assert!(res.body.contains("Not allowed"));
        client.call("logout", &[]).await.expect_ok();
        client.log_in(seed::DEMO_ADMIN, seed::DEMO_PASSWORD).await.expect_ok();
        // Admins sign in with two factors: the demo admin sets it up first.
        let res = client.get("/admin").await;
        assert_eq!(res.location(), Some("/account/two-factor"));
        let admin = client.me().await.unwrap().id;
        caravan::server::two_factor::enroll(&app.db, admin).await.unwrap();
        let secret = app.two_factor_secret(admin.get()).await;
        client.call("logout", &[]).await.expect_ok();
        client.log_in(seed::DEMO_ADMIN, seed::DEMO_PASSWORD).await.expect_ok();
        client.second_factor(&secret).await;
        let res = client.get("/admin").await;
        assert_status(&res, 200);
        assert!(res.body.contains("Newest companies"));
    })
    .await;
}

#[tokio::test]
async fn demo_seed_is_idempotent_and_respects_real_data() {
    each_backend(async |app| {
        seed::demo(&app.db, &app.media(), false).await.expect("first seed");
        let counts = (app.count("companies").await, app.count("users").await, app.count("company_categories").await);
        let report = seed::demo(&app.db, &app.media(), false).await.expect("second seed");
        assert!(report.contains("0 companies added"), "{report}");
        assert_eq!(
            counts,
            (app.count("companies").await, app.count("users").await, app.count("company_categories").await)
        );

        let mut demo = app.client();
        assert_status(&demo.log_in("li.wei@huayu-textiles.example", seed::DEMO_PASSWORD).await, 200);

        // Every demo supplier has a complete profile and a published storefront.
        assert_eq!(app.count("storefront_versions").await, 12);
        let company = demo.me().await.unwrap().company.unwrap().company_id.to_string();
        let builder: caravan::api::storefront::Builder =
            demo.call("storefront/builder", &[("company_id", &company)]).await.json();
        assert!(builder.profile_missing.is_empty() && builder.live_version == Some(1) && !builder.unpublished_changes);
        let page = app.client().get("/s/minas-cafe").await;
        assert!(
            page.body.contains("sf-hero-pictured") && page.body.contains("application/ld+json"),
            "published storefront"
        );
        assert!(
            page.body.contains("Inside our company") && page.body.contains("alt=\"Quality control\""),
            "with its gallery"
        );

        // A real company appears: seeding now needs --force.
        let mut real = app.client();
        real.sign_up("buyer", "Real Buyer Ltd", "Real Person", "real@buyer.example").await.expect_ok();
        let err = seed::demo(&app.db, &app.media(), false).await.expect_err("refuses");
        assert!(err.to_string().contains("--force"), "{err}");
        assert!(seed::demo(&app.db, &app.media(), true).await.is_ok());
    })
    .await;
}

/// Many pages rendered at once all complete: server rendering must never stall on its data
/// (a resource created inside `<Suspense>` once did, now and then, under load).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_page_renders_all_complete() {
    each_backend(async |app| {
        seed::demo(&app.db, &app.media(), false).await.expect("seed");
        let mut owner = app.client();
        assert_status(&owner.log_in("li.wei@huayu-textiles.example", seed::DEMO_PASSWORD).await, 200);
        let cookies = owner.cookies.clone();
        let paths =
            ["/", "/account", "/account/team", "/account/password", "/search?q=tea", "/s/minas-cafe", "/c/coffee-tea"];
        let renders = (0..70).map(|i| {
            let mut client = app.client();
            client.cookies = cookies.clone();
            let path = paths[i % paths.len()];
            async move { (path, client.get(path).await.status.as_u16()) }
        });
        let results = tokio::time::timeout(std::time::Duration::from_secs(60), futures::future::join_all(renders))
            .await
            .expect("every render completes");
        for (path, status) in results {
            assert_eq!(status, 200, "{path}");
        }
    })
    .await;
}

/// Only pages with islands load the WebAssembly; every other page ships no script.
#[tokio::test]
async fn only_interactive_pages_load_scripts() {
    each_backend(async |app| {
        let (mut supplier, _) = app.supplier("Script Free", "sf@script.example").await;
        for path in ["/", "/login", "/account", "/supplier/profile"] {
            let page = supplier.get(path).await;
            assert!(
                !page.body.contains(".wasm") && !page.body.contains("<script type=\"module\""),
                "{path} loads scripts"
            );
        }
        for path in ["/supplier/storefront", "/supplier/storefront/home/1"] {
            let page = supplier.get(path).await;
            assert!(page.body.contains(".wasm"), "{path} needs its islands");
        }
    })
    .await;
}

/// A visitor without Caravan's cookies gets a public page from the short-lived page cache; a
/// signed-in user never does, an entry expires, and a write to public pages empties it.
#[tokio::test]
async fn anonymous_public_pages_are_cached_briefly_and_writes_show_at_once() {
    each_backend(async |app| {
        app.config.page_cache_secs = 1;
        app.restart().await;
        let (mut supplier, company) = app.supplier("Hanoi Steelworks", "lan@hanoi-steel.example").await;
        let id = publish_listing(&mut supplier, &company, "BOTTLE-1", &BOTTLE).await;
        let mut visitor = app.client();
        let found: caravan::api::search::SearchResults =
            visitor.get_json("/api/search/products?query=q%3Dbottle").await.json();
        let page = found.hits[0].href.clone();
        let shows = async |client: &mut Client<'_>, title: &str| {
            let res = client.get(&page).await;
            assert_status(&res, 200);
            res.body.contains(title)
        };
        let rename = async |title: &str| {
            sqlx::query(&format!("UPDATE products SET title = '{title}' WHERE id = {id}"))
                .execute(app.db.pool())
                .await
                .unwrap();
        };
        assert!(shows(&mut visitor, "Steel Bottle").await);

        // Renamed by another app server (straight in the database): kept for anonymous visitors…
        rename("Titanium Bottle").await;
        assert!(shows(&mut visitor, "Steel Bottle").await);
        // …but never for a signed-in user or a visitor with a comparison.
        assert!(shows(&mut supplier, "Titanium Bottle").await);
        let mut comparing = app.client();
        comparing.cookies.insert("caravan_compare".into(), id.clone());
        assert!(shows(&mut comparing, "Titanium Bottle").await);
        // The entry expires; visitors arriving together while it is rendered again all get it.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        let together = (0..16).map(|_| {
            let mut client = app.client();
            let page = page.clone();
            async move { client.get(&page).await }
        });
        for res in futures::future::join_all(together).await {
            assert_status(&res, 200);
            assert!(res.body.contains("Titanium Bottle"));
        }

        // A write through this server that changes public pages shows at once; other writes (a
        // visitor's cart, a comparison) leave the cache as it is.
        rename("Copper Bottle").await;
        assert!(shows(&mut visitor, "Titanium Bottle").await);
        let mut shopper = app.client();
        shopper.call("cart/add", &[("product", &id), ("quantity", "100")]).await.expect_ok();
        shopper.call("compare/toggle", &[("product", &id)]).await.expect_ok();
        assert!(shows(&mut visitor, "Titanium Bottle").await);
        assert_status(
            &supplier
                .call("catalog/status", &[("company_id", &company), ("product", &id), ("status", "published")])
                .await,
            200,
        );
        assert!(shows(&mut visitor, "Copper Bottle").await);
    })
    .await;
}

/// Signed-in people's pages are rendered for each of them (their own header, comparison) from
/// public data kept as the cached pages are; a change through any app server shows within
/// about a second, long before the cache's time is up.
#[tokio::test]
async fn signed_in_pages_share_public_data_yet_show_their_own() {
    each_backend(async |app| {
        app.config.page_cache_secs = 60;
        app.restart().await;
        let (_, other) = app.second_server().await;
        let (mut supplier, company) = app.supplier("Hanoi Steelworks", "lan@hanoi-steel.example").await;
        let id = publish_listing(&mut supplier, &company, "BOTTLE-1", &BOTTLE).await;
        let found: caravan::api::search::SearchResults =
            app.client().get_json("/api/search/products?query=q%3Dbottle").await.json();
        let page = found.hits[0].href.clone();
        let mut anna = app.client();
        anna.sign_up("buyer", "Anna Imports", "Anna Lindqvist", "anna@anna-imports.example").await.expect_ok();
        let mut ben = app.client();
        ben.sign_up("buyer", "Ben Trading", "Ben Okafor", "ben@ben-trading.example").await.expect_ok();
        anna.call("compare/toggle", &[("product", &id)]).await.expect_ok();
        for _ in 0..2 {
            let (a, b) = (anna.get(&page).await, ben.get(&page).await);
            assert!(a.body.contains("Anna Lindqvist") && !a.body.contains("Ben Okafor"));
            assert!(a.body.contains("✓ In comparison") && a.body.contains("Compare (1)"));
            assert!(b.body.contains("Ben Okafor") && !b.body.contains("Anna Lindqvist"));
            assert!(!b.body.contains("✓ In comparison") && !b.body.contains("Compare (1)"));
        }

        // The second server has the page's data too; a change made elsewhere reaches it through
        // the search index's change feed.
        let on_other = async |title: &str| {
            let request = ben.request("GET", &page).header(header::ACCEPT, "text/html").body(Body::empty()).unwrap();
            let response = tower::ServiceExt::oneshot(other.clone(), request).await.unwrap();
            assert_eq!(response.status(), 200);
            let body = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
            String::from_utf8_lossy(&body).contains(title)
        };
        assert!(on_other("Steel Bottle").await);
        sqlx::query(&format!("UPDATE products SET title = 'Titanium Bottle' WHERE id = {id}"))
            .execute(app.db.pool())
            .await
            .unwrap();
        let started = std::time::Instant::now();
        while !on_other("Titanium Bottle").await {
            assert!(started.elapsed() < std::time::Duration::from_secs(3), "the rename never reached the other server");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(ben.get(&page).await.body.contains("Titanium Bottle"));
    })
    .await;
}

/// However many different addresses strangers ask for, the page cache holds at most its bytes.
#[tokio::test]
async fn the_page_cache_is_bounded_by_bytes() {
    each_backend(async |app| {
        app.config.page_cache_secs = 60;
        app.config.page_cache_mb = 1;
        app.restart().await;
        let mut visitor = app.client();
        for n in 0..150 {
            assert_status(&visitor.get(&format!("/search?q=crafted{n}")).await, 200);
        }
        let held = app.state().pages.weighted_size();
        assert!(held > 0 && held <= 1 << 20, "{held} bytes held");
        // A crafted, very long address is answered but not kept.
        let before = app.state().pages.weighted_size();
        assert_status(&visitor.get(&format!("/search?q={}", "x".repeat(3000))).await, 200);
        assert!(app.state().pages.weighted_size() <= before.max(1 << 20));
    })
    .await;
}
