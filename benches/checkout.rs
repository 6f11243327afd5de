//! Checkout under load: 64 buyers (CONCURRENCY) each place CHECKOUTS orders over HTTP on
//! loopback — add two products from two suppliers to the cart, then check out by card — on
//! SQLite and, when `BENCH_DATABASE_URL` names a PostgreSQL server, on PostgreSQL too.
//! Prints orders placed per second, checkout latency p50/p99, and checks the final stock:
//! what was sold plus what is left equals what there was, and the ledger balances.
//!
//! With `CARAVAN_TEST_STRIPE_API` naming a localstripe server (scripts/test starts one), each
//! backend runs twice: cards through the built-in sandbox, then through the Stripe provider
//! against localstripe (the browser's token made before each checkout, outside the timing),
//! and the Stripe figures are printed beside the sandbox's as a ratio.
//!
//! Run: `cargo bench --bench checkout --features ssr` (options: CONCURRENCY, CHECKOUTS).

use caravan::http;
use caravan::server::ledger;
use std::time::{Duration, Instant};
use support::{env_number, ms};

mod support;

/// Two demo products of two suppliers, with the quantity each checkout buys.
const LINES: [(&str, &str); 2] =
    [("Medium roast whole beans, private label", "100"), ("Linen-look curtain fabric, flame retardant", "1000")];

#[tokio::main]
async fn main() {
    let buyers = env_number("CONCURRENCY", 64);
    let checkouts = env_number("CHECKOUTS", 10);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut backends = vec![("SQLite", format!("sqlite://{}", dir.path().join("checkout.db").display()))];
    if let Ok(url) = std::env::var("BENCH_DATABASE_URL")
        && !url.trim().is_empty()
    {
        backends.push(("PostgreSQL", support::fresh_postgres(url.trim(), "caravan_bench_checkout").await));
    }
    let stripe = std::env::var("CARAVAN_TEST_STRIPE_API").ok().filter(|a| !a.trim().is_empty());
    for (name, url) in backends {
        println!("== {name}: {buyers} buyers, {checkouts} checkouts each, 2 suppliers per checkout, sandbox cards");
        let sandbox = measure(&url, &dir, buyers, checkouts, None).await;
        let Some(api) = &stripe else { continue };
        let url = match name {
            "SQLite" => format!("sqlite://{}", dir.path().join("checkout-stripe.db").display()),
            _ => {
                support::fresh_postgres(
                    std::env::var("BENCH_DATABASE_URL").unwrap().trim(),
                    "caravan_bench_checkout_stripe",
                )
                .await
            }
        };
        println!("== {name}: the same through Stripe (localstripe at {api})");
        let stripe = measure(&url, &dir, buyers, checkouts, Some(api)).await;
        println!(
            "Stripe / sandbox: {:.2}x the orders per second, {:.2}x the p50 latency",
            stripe.per_second / sandbox.per_second,
            stripe.p50 / sandbox.p50
        );
    }
}

/// What one run measured.
struct Figures {
    per_second: f64,
    p50: f64,
}

/// The tokens Stripe.js would make in the browser for one checkout (a card payment per
/// supplier's currency at most).
async fn stripe_tokens(api: &str) -> String {
    let mut tokens = Vec::new();
    for _ in LINES {
        let form = [
            ("card[number]", "4242424242424242"),
            ("card[exp_month]", "12"),
            ("card[exp_year]", "2040"),
            ("card[cvc]", "123"),
            ("key", "pk_test_bench"),
        ];
        let token: serde_json::Value = reqwest::Client::new()
            .post(format!("{api}/v1/tokens"))
            .form(&form)
            .send()
            .await
            .expect("localstripe")
            .json()
            .await
            .expect("a token");
        tokens.push(token["id"].as_str().expect("a token id").to_string());
    }
    tokens.join("%2C")
}

async fn measure(url: &str, dir: &tempfile::TempDir, buyers: usize, checkouts: usize, stripe: Option<&str>) -> Figures {
    let (db, state) = support::demo_marketplace_with(url, dir, |config| {
        if let Some(api) = stripe {
            config.payments = "stripe".into();
            config.stripe.secret_key = Some("sk_test_bench".into());
            config.stripe.publishable_key = Some("pk_test_bench".into());
            config.stripe.webhook_secret = Some("whsec_bench".into());
            config.stripe.api_url = api.to_string();
        }
    })
    .await;
    // Plenty of stock: the benchmark measures checkouts, not sell-outs (the tests cover those).
    let mut products = Vec::new();
    for (title, _) in LINES {
        let id: i64 = sqlx::query_scalar("SELECT id FROM products WHERE title = $1")
            .bind(title)
            .fetch_one(db.pool())
            .await
            .expect("demo product");
        sqlx::query("UPDATE product_variants SET stock = 100000000 WHERE product_id = $1")
            .bind(id)
            .execute(db.pool())
            .await
            .expect("stock");
        products.push(id);
    }
    let stock_before = total_stock(&db, &products).await;
    let addr = support::serve(http::router(state)).await;

    // Every buyer signs up and saves a delivery address.
    let mut sessions = Vec::with_capacity(buyers);
    for n in 0..buyers {
        let mut conn = support::connection(addr).await;
        let cookie = conn.signed_in_buyer(&db, n).await;
        let reply = conn
            .post(
                "/api/addresses/add",
                "label=Dock&recipient=Goods+In&line1=Hafenstr.+1&city=Hamburg&country=DE",
                &cookie,
            )
            .await;
        let address =
            reply.location.as_deref().and_then(|l| l.split("address=").nth(1)).and_then(|a| a.split('&').next());
        sessions.push((cookie, address.expect("an address").to_string()));
    }

    let started = Instant::now();
    let workers: Vec<_> = sessions
        .into_iter()
        .enumerate()
        .map(|(n, (cookie, address))| {
            let products = products.clone();
            let stripe = stripe.map(str::to_string);
            tokio::spawn(async move {
                let mut conn = support::connection(addr).await;
                let mut latencies = Vec::with_capacity(checkouts);
                for round in 0..checkouts {
                    for (product, (_, quantity)) in products.iter().zip(LINES) {
                        let reply = conn
                            .post("/api/cart/add", &format!("product={product}&quantity={quantity}"), &cookie)
                            .await;
                        assert_eq!(reply.status, 200, "add to cart: {}", reply.body);
                    }
                    let card = match &stripe {
                        Some(api) => format!("card_token={}", stripe_tokens(api).await),
                        None => "card_number=4242424242424242&card_expiry=12%2F40&card_cvc=123".to_string(),
                    };
                    let body = format!("idempotency_key=bench-{n}-{round}&ship_to={address}&payment=escrow&{card}");
                    let start = Instant::now();
                    let reply = conn.post("/api/checkout/place", &body, &cookie).await;
                    latencies.push(start.elapsed());
                    assert_eq!(reply.status, 200, "checkout: {}", reply.body);
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = Vec::new();
    for worker in workers {
        latencies.extend(worker.await.expect("buyer"));
    }
    let elapsed = started.elapsed();
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders").fetch_one(db.pool()).await.expect("orders");
    let (p50, p99) = support::percentiles(&mut latencies);
    println!(
        "{} checkouts ({orders} orders) in {:.2} s, with adding to the cart between them",
        latencies.len(),
        elapsed.as_secs_f64()
    );
    println!("orders placed per second: {:.0}", orders as f64 / elapsed.as_secs_f64());
    println!("checkout latency p50: {:.2} ms, p99: {:.2} ms", ms(p50), ms(p99));

    let sold: i64 = sqlx::query_scalar("SELECT CAST(SUM(quantity) AS BIGINT) FROM order_lines")
        .fetch_one(db.pool())
        .await
        .expect("sold");
    let stock_after = total_stock(&db, &products).await;
    let balanced = ledger::imbalance(&db).await.expect("ledger").is_empty();
    println!(
        "stock check: {stock_before} before = {sold} sold + {stock_after} left: {}; ledger balanced: {balanced}",
        if stock_before == sold + stock_after { "exact" } else { "MISMATCH" }
    );
    assert_eq!(stock_before, sold + stock_after, "stock and order lines disagree");
    assert!(balanced, "the ledger does not sum to zero");
    Figures { per_second: orders as f64 / elapsed.as_secs_f64(), p50: ms(p50) }
}

async fn total_stock(db: &caravan::server::db::Db, products: &[i64]) -> i64 {
    let list = products.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    sqlx::query_scalar(&format!("SELECT CAST(SUM(stock) AS BIGINT) FROM product_variants WHERE product_id IN ({list})"))
        .fetch_one(db.pool())
        .await
        .expect("stock")
}
