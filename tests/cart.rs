//! The cart on both backends: lines priced on the server by the shared tier rules, refused
//! quantities with the next valid one, samples, changes since a line was added, a visitor's
//! cookie cart joining their account, and who may have a cart at all.
#![cfg(feature = "ssr")]

mod common;

use caravan::api::cart::CartView;
use caravan::domain::cart::{LineKind, LineProblem};
use common::*;

/// Two suppliers with one published product each: the bottle's and the jar's ids.
async fn two_suppliers(app: &TestApp) -> (String, String) {
    let (mut hanoi, hanoi_company) = app.supplier("Hanoi Steelworks", "lan@hanoi-steel.example").await;
    let bottle = publish_listing(&mut hanoi, &hanoi_company, "BOTTLE-1", &BOTTLE).await;
    let (mut porto, porto_company) = app.supplier("Porto Kitchen Co", "rui@porto-kitchen.example").await;
    let jar = publish_listing(&mut porto, &porto_company, "JAR-1", &JAR).await;
    (bottle, jar)
}

async fn cart(client: &mut Client<'_>) -> CartView {
    client.get_json("/api/cart").await.json()
}

async fn buyer<'a>(app: &'a TestApp, email: &str) -> Client<'a> {
    let mut client = app.client();
    assert_status(&client.sign_up("buyer", "Berlin Retail GmbH", "Bea Buyer", email).await, 200);
    client
}

#[tokio::test]
async fn lines_are_priced_on_the_server_and_grouped_by_supplier() {
    each_backend(async |app| {
        let (bottle, jar) = two_suppliers(app).await;
        let mut buyer = buyer(app, "bea@berlin-retail.example").await;

        // Below the MOQ: refused, with the quantity that would do.
        let res = buyer.call("cart/add", &[("product", &bottle), ("quantity", "40")]).await;
        assert_eq!(assert_field_error(&res, "quantity"), "The minimum order is 100 units. Try 100 pieces.");
        assert_eq!(
            res.error().echoed("line").as_deref(),
            Some(&*format!("{}-bulk", bottle_variant(app, &bottle).await))
        );
        assert!(cart(&mut buyer).await.suppliers.is_empty());

        // A price in the request is no part of the server function: the tier decides.
        let res = buyer.call("cart/add", &[("product", &bottle), ("quantity", "500"), ("unit_price", "0.01")]).await;
        assert_status(&res, 200);
        assert_eq!(res.location(), Some("/cart?notice=cart_added"));
        assert_status(
            &buyer.call("cart/add", &[("product", &bottle), ("quantity", "2"), ("kind", "sample")]).await,
            200,
        );
        let res = buyer.call("cart/add", &[("product", &bottle), ("quantity", "1"), ("kind", "sample")]).await;
        assert_eq!(
            assert_field_error(&res, "quantity"),
            "Order at most 2 samples. (You already have 2 pieces in your cart.)"
        );
        assert_status(&buyer.call("cart/add", &[("product", &jar), ("quantity", "10")]).await, 200);
        // Adding again grows the line, and its tier follows.
        assert_status(&buyer.call("cart/add", &[("product", &jar), ("quantity", "90")]).await, 200);

        let view = cart(&mut buyer).await;
        assert_eq!(view.suppliers.len(), 2);
        let (hanoi, porto) = (&view.suppliers[0], &view.suppliers[1]);
        assert_eq!(hanoi.name, "Hanoi Steelworks");
        let kinds: Vec<(LineKind, u64)> = hanoi.group.lines.iter().map(|l| (l.kind, l.quantity)).collect();
        assert_eq!(kinds, [(LineKind::Bulk, 500), (LineKind::Sample, 2)]);
        // 500 × 3.50 + 2 samples × 9.00
        assert_eq!(hanoi.group.subtotal.to_string(), "USD 1,768.00");
        assert_eq!(porto.group.subtotal.to_string(), "EUR 210.00");
        assert!(view.ready());

        // A refused new quantity leaves the line as it was and names the line.
        let line = hanoi.group.lines[0].key();
        let res = buyer.call("cart/update", &[("line", &line), ("quantity", "1001x")]).await;
        assert_eq!(assert_field_error(&res, "quantity"), "Enter a whole number of units, such as 100.");
        assert_eq!(res.error().echoed("line"), Some(line.clone()));
        assert_status(&buyer.call("cart/update", &[("line", &line), ("quantity", "1000")]).await, 200);
        let view = cart(&mut buyer).await;
        assert_eq!(view.suppliers[0].group.subtotal.to_string(), "USD 3,018.00");

        assert_status(&buyer.call("cart/remove", &[("line", &view.suppliers[1].group.lines[0].key())]).await, 200);
        let view = cart(&mut buyer).await;
        assert_eq!(view.suppliers.len(), 1);
        // The header counts lines.
        assert!(buyer.get("/cart").await.body.contains("Cart, 2 items"));
    })
    .await;
}

async fn bottle_variant(app: &TestApp, product: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT id FROM product_variants WHERE product_id = {product}"))
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_cart_says_what_changed_and_checkout_waits_for_the_buyer() {
    each_backend(async |app| {
        let (bottle, _) = two_suppliers(app).await;
        let mut buyer = buyer(app, "bea@berlin-retail.example").await;
        assert_status(&buyer.call("cart/add", &[("product", &bottle), ("quantity", "500")]).await, 200);

        // The supplier raises the price of the tier in use.
        sqlx::query(&format!(
            "UPDATE products SET tiers = '[{{\"min_quantity\":100,\"unit_price\":400}},{{\"min_quantity\":500,\"unit_price\":375}}]' WHERE id = {bottle}"
        ))
        .execute(app.db.pool())
        .await
        .unwrap();
        let view = cart(&mut buyer).await;
        let line = &view.suppliers[0].group.lines[0];
        let change = line.change.expect("a price change");
        assert_eq!((change.was.to_string(), change.now.to_string()), ("USD 3.50".into(), "USD 3.75".into()));
        assert!(view.has_changes() && !view.ready());
        let page = buyer.get("/cart").await;
        assert!(page.body.contains("Price changed: was USD 3.50 per piece, now USD 3.75."), "{}", page.body);
        assert_status(&buyer.call("cart/accept", &[]).await, 200);
        assert!(cart(&mut buyer).await.ready());

        // Stock falls below the line: refused with the most that can be ordered.
        sqlx::query(&format!("UPDATE product_variants SET stock = 320 WHERE product_id = {bottle}"))
            .execute(app.db.pool())
            .await
            .unwrap();
        let view = cart(&mut buyer).await;
        assert_eq!(view.suppliers[0].group.lines[0].outcome, Err(LineProblem::Stock { stock: 320, most: Some(320) }));
        assert!(!view.ready());
        assert!(buyer.get("/cart").await.body.contains("Only 320 in stock: you can order up to 320. Try 320 pieces."));

        // Unpublished: the cart shows nothing of it any more, and it cannot be added.
        sqlx::query(&format!("UPDATE products SET status = 'archived' WHERE id = {bottle}"))
            .execute(app.db.pool())
            .await
            .unwrap();
        let view = cart(&mut buyer).await;
        assert!(view.suppliers.iter().all(|s| s.group.lines.iter().all(|l| l.title != "Steel Bottle")));
        assert!(!buyer.get("/cart").await.body.contains("Steel Bottle"));
        let res = buyer.call("cart/add", &[("product", &bottle), ("quantity", "100")]).await;
        assert_eq!(assert_field_error(&res, "quantity"), "This product is no longer available.");
    })
    .await;
}

#[tokio::test]
async fn a_visitors_cart_joins_their_account_when_they_sign_in() {
    each_backend(async |app| {
        let (bottle, jar) = two_suppliers(app).await;
        let mut visitor = app.client();
        // Without JavaScript: the form posts and the browser follows the redirect.
        let res = visitor.submit("cart/add", "/p/x", &[("product", &bottle), ("quantity", "100")]).await;
        assert_eq!(res.location(), Some("/cart?notice=cart_added"));
        assert!(visitor.cookies.contains_key("caravan_cart"));
        let page = visitor.get("/cart").await;
        assert!(page.body.contains("Steel Bottle") && page.body.contains("Sign in to check out"), "{}", page.body);
        // A refused quantity comes back to the product page in the address.
        let res = visitor.submit("cart/add", "/p/steel-bottle-1", &[("product", &jar), ("quantity", "5")]).await;
        assert!(
            res.location().unwrap().contains("/p/steel-bottle-1?__path=%2Fapi%2Fcart%2Fadd&__err="),
            "{:?}",
            res.location()
        );

        // Prices of two lines move; accepting takes both at once (one cookie holds them).
        let res = visitor.submit("cart/add", "/p/x", &[("product", &jar), ("quantity", "10")]).await;
        assert_eq!(res.location(), Some("/cart?notice=cart_added"));
        for (product, tiers) in [
            (&bottle, r#"[{"min_quantity":100,"unit_price":410}]"#),
            (&jar, r#"[{"min_quantity":10,"unit_price":260}]"#),
        ] {
            sqlx::query(&format!("UPDATE products SET tiers = '{tiers}' WHERE id = {product}"))
                .execute(app.db.pool())
                .await
                .unwrap();
        }
        assert_eq!(cart(&mut visitor).await.lines().filter(|l| l.change.is_some()).count(), 2);
        let res = visitor.submit("cart/accept", "/cart", &[]).await;
        assert_eq!(res.location(), Some("/cart?notice=prices_accepted"));
        let accepted = cart(&mut visitor).await;
        assert!(!accepted.has_changes());
        let jar_line = accepted.lines().nth(1).unwrap().key();
        assert_eq!(
            visitor.submit("cart/remove", "/cart", &[("line", &jar_line)]).await.location(),
            Some("/cart?notice=cart_removed")
        );

        // The account already holds the jar; signing in brings the bottle over.
        let mut member = buyer(app, "bea@berlin-retail.example").await;
        assert_status(&member.call("cart/add", &[("product", &jar), ("quantity", "20")]).await, 200);
        assert_status(&member.call("logout", &[]).await, 200);
        visitor.cookies.extend(member.cookies.clone());
        assert_status(&visitor.log_in("bea@berlin-retail.example", PASSWORD).await, 200);
        assert!(!visitor.cookies.contains_key("caravan_cart"));
        let titles: Vec<String> =
            cart(&mut visitor).await.lines().map(|l| format!("{} × {}", l.title, l.quantity)).collect();
        // Grouped by supplier in the order they first appear: the account's own line first.
        assert_eq!(titles, ["Glass storage jar × 20", "Steel Bottle × 100"]);
    })
    .await;
}

#[tokio::test]
async fn only_buying_companies_have_carts_and_nobody_buys_their_own_products() {
    each_backend(async |app| {
        let (bottle, _) = two_suppliers(app).await;
        let (mut seller, _) = app.supplier("Lyon Textiles", "chloe@lyon-textiles.example").await;
        let res = seller.call("cart/add", &[("product", &bottle), ("quantity", "100")]).await;
        assert_status(&res, 422);
        assert!(res.error().to_string().contains("Buying needs a company registered as a buyer"));

        let mut both = app.client();
        assert_status(&both.sign_up("both", "Hamburg Trading", "Hans Both", "hans@hamburg.example").await, 200);
        let company = both.me().await.unwrap().company.unwrap().company_id.to_string();
        let own = publish_listing(&mut both, &company, "HH-1", &JAR).await;
        let res = both.call("cart/add", &[("product", &own), ("quantity", "10")]).await;
        assert_eq!(res.error().to_string(), "This is your own company's product.");
        assert_status(&both.call("cart/add", &[("product", &bottle), ("quantity", "100")]).await, 200);

        // Another buyer's cart is their own; lines of others cannot be touched.
        let mut other = buyer(app, "olga@other.example").await;
        assert!(cart(&mut other).await.suppliers.is_empty());
        let line = format!("{}-bulk", bottle_variant(app, &bottle).await);
        assert_status(&other.call("cart/update", &[("line", &line), ("quantity", "200")]).await, 404);
        assert_eq!(cart(&mut both).await.lines().next().map(|l| l.quantity), Some(100));
        // Unknown products and forged line keys are plain not-founds.
        assert_status(&other.call("cart/add", &[("product", "999999"), ("quantity", "1")]).await, 404);
        let huge = [("product", bottle.as_str()), ("variant", "18446744073709551615"), ("quantity", "100")];
        assert_status(&other.call("cart/add", &huge).await, 404);
        assert_status(&other.call("cart/remove", &[("line", "x-y")]).await, 404);
    })
    .await;
}
