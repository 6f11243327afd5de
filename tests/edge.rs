//! The HTTP edge against crafted requests, on both backends: return addresses that try to
//! leave the site or break the redirect, forged cart cookies, and the security headers.
#![cfg(feature = "ssr")]

mod common;

use caravan::api::cart::CartView;
use common::*;

/// Return addresses a stranger can put in a link or a form.
const HOSTILE_RETURNS: &[&str] = &[
    "/\t/evil.example",
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "/account\r\nSet-Cookie: caravan_session=x",
    "/account\nLocation: https://evil.example",
    "/account\0",
    "/%09/evil.example",
];

#[tokio::test]
async fn a_return_address_never_leaves_the_site_nor_breaks_the_redirect() {
    each_backend(async |app| {
        let mut buyer = app.client();
        buyer.sign_up("buyer", "Berlin Retail GmbH", "Bea Buyer", "bea@berlin-retail.example").await.expect_ok();
        buyer.call("logout", &[]).await.expect_ok();
        for next in HOSTILE_RETURNS {
            // With JavaScript (a header names the next page) and without (a 302).
            let res = buyer.call("login", &[("email", "bea@berlin-retail.example"), ("password", PASSWORD), ("next", next)]).await;
            assert_eq!(res.location(), Some("/account"), "{next:?}");
            let res = buyer
                .submit("login", "/login", &[("email", "bea@berlin-retail.example"), ("password", PASSWORD), ("next", next)])
                .await;
            assert_eq!((res.status.as_u16(), res.location()), (302, Some("/account")), "{next:?}");
            // The sign-in page does not carry a hostile address into its form either.
            let page = buyer.get(&format!("/login?next={}", urlencoding::encode(next))).await;
            assert_status(&page, 200);
            assert!(!page.body.contains("evil.example"), "{next:?}");
        }
        let res = buyer.submit("login", "/login", &[("email", "bea@berlin-retail.example"), ("password", PASSWORD), ("next", "/orders?status=open")]).await;
        assert_eq!(res.location(), Some("/orders?status=open"));

        // The address form saves once and then goes back to its own page, never elsewhere.
        let fields = |back: &'static str| {
            vec![
                ("label", "Warehouse"),
                ("recipient", "Bea Buyer"),
                ("line1", "Lagerstraße 5"),
                ("city", "Berlin"),
                ("postal_code", "10115"),
                ("country", "DE"),
                ("back", back),
            ]
        };
        for (n, back) in HOSTILE_RETURNS.iter().enumerate() {
            let res = buyer.submit("addresses/add", "/checkout", &fields(back)).await;
            assert_eq!(res.status.as_u16(), 302, "{back:?}");
            let location = res.location().unwrap();
            assert!(location.starts_with("/account/addresses?address="), "{back:?} → {location}");
            assert_eq!(app.count("addresses").await, n as i64 + 1);
        }
        let res = buyer.submit("addresses/add", "/checkout", &fields("/checkout?step=2")).await;
        assert!(res.location().unwrap().starts_with("/checkout?step=2&address="), "{:?}", res.location());

        // The comparison's and the catalog's return addresses are checked the same way.
        for back in HOSTILE_RETURNS {
            let res = buyer.submit("compare/toggle", "/", &[("product", "1"), ("back", back)]).await;
            assert!(res.location().unwrap().starts_with("/compare"), "{back:?} → {:?}", res.location());
        }
    })
    .await;
}

async fn cart(client: &mut Client<'_>) -> CartView {
    client.get_json("/api/cart").await.json()
}

#[tokio::test]
async fn a_cart_shows_nothing_of_unpublished_products_and_its_cookie_cannot_be_forged() {
    each_backend(async |app| {
        let (mut supplier, company) = app.supplier("Hanoi Steelworks", "lan@hanoi-steel.example").await;
        let bottle = publish_listing(&mut supplier, &company, "BOTTLE-1", &BOTTLE).await;
        // A draft of the same supplier, never published.
        let res = supplier.call("catalog/save", &pairs(&listing_form(&company, "SECRET-9", &JAR))).await;
        assert_status(&res, 200);
        let draft_variant: i64 = sqlx::query_scalar(
            "SELECT v.id FROM product_variants v JOIN products p ON p.id = v.product_id WHERE p.status = 'draft'",
        )
        .fetch_one(app.db.pool())
        .await
        .unwrap();

        // A hand-written cookie naming the draft shows an empty cart.
        let mut forger = app.client();
        forger.cookies.insert("caravan_cart".into(), format!("{draft_variant}b10p1"));
        assert_eq!(cart(&mut forger).await.lines().count(), 0);
        let page = forger.get("/cart").await;
        assert!(!page.body.contains("Glass storage jar") && !page.body.contains("SECRET-9"));

        // A signed cookie cannot be edited to name another variant either.
        let mut visitor = app.client();
        visitor.call("cart/add", &[("product", &bottle), ("quantity", "100")]).await.expect_ok();
        let signed = visitor.cookies["caravan_cart"].clone();
        assert_eq!(cart(&mut visitor).await.lines().count(), 1);
        let bottle_variant = signed.split('b').next().unwrap().to_string();
        forger.cookies.insert("caravan_cart".into(), signed.replacen(&bottle_variant, &draft_variant.to_string(), 1));
        assert_eq!(cart(&mut forger).await.lines().count(), 0);

        // A product unpublished after it was put in a cart drops out of the cart until it is back.
        supplier
            .call("catalog/status", &[("company_id", &company), ("product", &bottle), ("status", "draft")])
            .await
            .expect_ok();
        assert_eq!(cart(&mut visitor).await.lines().count(), 0);
        assert!(!visitor.get("/cart").await.body.contains("BOTTLE-1"));
        supplier
            .call("catalog/status", &[("company_id", &company), ("product", &bottle), ("status", "published")])
            .await
            .expect_ok();
        assert_eq!(cart(&mut visitor).await.lines().count(), 1);
    })
    .await;
}

#[tokio::test]
async fn pages_carry_the_security_headers() {
    each_backend_with(
        |config| config.secure_cookies = true,
        async |app| {
            let page = app.client().get("/").await;
            assert_eq!(page.headers["strict-transport-security"], "max-age=31536000; includeSubDomains");
            assert!(page.headers["permissions-policy"].to_str().unwrap().contains("camera=()"));
        },
    )
    .await;
    each_backend(async |app| {
        let page = app.client().get("/").await;
        assert!(!page.headers.contains_key("strict-transport-security"), "no HSTS without Secure cookies");
        assert!(page.headers.contains_key("permissions-policy"));

        // Scripts run only from the site and with this render's nonce, which the page's own
        // hydration script carries; every render has a fresh one.
        let (mut supplier, company) = app.supplier("Hanoi Steelworks", "lan@hanoi-steel.example").await;
        let id = publish_listing(&mut supplier, &company, "BOTTLE-1", &BOTTLE).await;
        let path = format!("/p/steel-bottle-{id}");
        let mut nonces = Vec::new();
        for _ in 0..2 {
            let page = supplier.get(&path).await;
            let policy = page.headers["content-security-policy"].to_str().unwrap().to_string();
            let script_src = policy.split(';').find(|d| d.trim().starts_with("script-src")).unwrap().to_string();
            assert!(!script_src.contains("unsafe-inline") && script_src.contains("'wasm-unsafe-eval'"), "{policy}");
            assert!(policy.contains("object-src 'none'") && policy.contains("frame-ancestors 'self'"), "{policy}");
            let nonce = script_src.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_string();
            assert!(page.body.contains(&format!("<script type=\"module\" nonce=\"{nonce}\"")), "{}", page.body);
            nonces.push(nonce);
        }
        assert_ne!(nonces[0], nonces[1]);
        assert!(app.client().get("/login").await.headers.contains_key("content-security-policy"));
    })
    .await;
}
