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

/// Serves the app on a real socket with short time limits; answers its address.
async fn serve(app: &TestApp, limits: caravan::http::serve::TimeLimits) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(caravan::http::serve::serve(listener, app.router(), limits, std::future::pending()));
    addr
}

/// Reads until the server closes the connection; answers what it sent, or `None` when it
/// kept the connection open past `within`.
async fn read_until_closed(stream: &mut tokio::net::TcpStream, within: std::time::Duration) -> Option<String> {
    use tokio::io::AsyncReadExt;
    let mut received = Vec::new();
    let read = tokio::time::timeout(within, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    read.ok().map(|()| String::from_utf8_lossy(&received).into_owned())
}

#[tokio::test]
async fn slow_or_silent_clients_are_cut_off() {
    use std::time::Duration;
    use tokio::io::AsyncWriteExt;
    each_backend(async |app| {
        let limits = caravan::http::serve::TimeLimits {
            headers: Duration::from_millis(500),
            body: Duration::from_millis(500),
            ..Default::default()
        };
        let addr = serve(app, limits).await;
        let patience = Duration::from_secs(5);

        // Headers that never finish: the connection is closed.
        let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ").await.unwrap();
        assert!(read_until_closed(&mut slow, patience).await.is_some(), "slow headers were cut off");

        // A kept-alive connection that goes quiet after its request is closed too.
        let mut idle = tokio::net::TcpStream::connect(addr).await.unwrap();
        idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").await.unwrap();
        let answered = read_until_closed(&mut idle, patience).await.expect("the idle connection was closed");
        assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");

        // A body that stops arriving ends the request with an error, not a hung connection.
        let mut stalled = tokio::net::TcpStream::connect(addr).await.unwrap();
        stalled
            .write_all(
                b"POST /api/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                  Content-Length: 1000\r\nAccept: application/json\r\n\r\nemail=a",
            )
            .await
            .unwrap();
        let answered = read_until_closed(&mut stalled, patience).await.expect("the stalled body was cut off");
        assert!(!answered.starts_with("HTTP/1.1 200") && !answered.contains(" 500 "), "{answered}");
    })
    .await;
}

#[tokio::test]
async fn an_upload_is_refused_before_its_file_is_read() {
    use axum::body::{Body, Bytes};
    use axum::http::{Request, header};
    use futures::StreamExt;
    each_backend(async |app| {
        let (_, company) = app.supplier("Hanoi Steelworks", "lan@hanoi-steel.example").await;
        let (stranger, _) = app.supplier("Porto Kitchen Co", "rui@porto-kitchen.example").await;
        let cookie = format!("{}={}", caravan::http::SESSION_COOKIE, stranger.session_cookie().unwrap());
        // The form names the company, then a file whose bytes never stop coming: answered
        // anyway, so the server did not wait for the file.
        let boundary = "caravan-test-boundary";
        let head = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"company_id\"\r\n\r\n{company}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nlibrary\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.jpg\"\r\n\r\n\u{ff}\u{d8}"
        );
        let endless = futures::stream::iter([Ok::<_, std::io::Error>(Bytes::from(head))]).chain(futures::stream::pending());
        let request = Request::post("/api/media/upload")
            .header(header::HOST, "localhost")
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, "http://localhost")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from_stream(endless))
            .unwrap();
        let mut client = app.client();
        let res = client.send(request).await;
        assert_status(&res, 403);
        assert_eq!(app.count("media").await, 0);
    })
    .await;
}
