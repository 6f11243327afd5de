//! Memory under hostile load. CONCURRENCY connections send REQUESTS requests a round, ROUNDS
//! rounds, all crafted: unique hostile searches (each a page the cache could keep), unknown
//! products and storefronts with 10,000-character addresses, sign-ins for unknown accounts,
//! sign-ups full of 10,000-character fields, and 1 MB bodies to the message and image
//! uploads. After each round it prints the requests per second, the answers by class (no 5xx
//! may appear), the server's resident memory (this process is the server) and the page
//! cache's size against its cap. Bounded means the last round's memory stays near the
//! first's: the last line prints their ratio.
//!
//! Run: `cargo bench --bench hostile_load --features ssr` (options: ROUNDS, REQUESTS,
//! CONCURRENCY, PAGE_CACHE_MB).

use caravan::http;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use support::env_number;

mod support;

/// This process's resident memory in MB, from the kernel.
/// The `n`th crafted request: (method, path, body with its content type).
fn crafted(n: usize, long: &str, mb: &[u8]) -> (&'static str, String, Option<(&'static str, Vec<u8>)>) {
    let form = "application/x-www-form-urlencoded";
    match n % 7 {
        0 => ("GET", format!("/search?q=%3Cscript%3E{n}%27%20OR%201%3D1%20NEAR%28{n}%29&sort=price"), None),
        1 => ("GET", format!("/p/x-{}", 1_000_000 + n), None),
        2 => ("GET", format!("/s/no-such-{n}?{long}"), None),
        3 => ("POST", "/api/login".into(), Some((form, format!("email=stranger{n}%40evil.example&password=guess{n}").into_bytes()))),
        4 => {
            let body = format!("account_type=both&company_name={long}&country=DE&name={long}&email=x{n}%40e.example&password={long}");
            ("POST", "/api/signup".into(), Some((form, body.into_bytes())))
        }
        5 => ("POST", "/api/messages/send".into(), Some(("multipart/form-data; boundary=zz", mb.to_vec()))),
        _ => ("POST", "/api/media/upload".into(), Some((form, mb.to_vec()))),
    }
}

#[tokio::main]
async fn main() {
    let rounds = env_number("ROUNDS", 5);
    let requests = env_number("REQUESTS", 14_000);
    let concurrency = env_number("CONCURRENCY", 32);
    let cache_mb = env_number("PAGE_CACHE_MB", 64) as u64;
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("hostile.db").display());
    let (_db, state) = support::demo_marketplace_with(&url, &dir, |c| c.page_cache_mb = cache_mb).await;
    let pages = state.pages.clone();
    let addr = support::serve(http::router(state)).await;
    println!("== hostile load: {concurrency} connections, {requests} requests a round, page cache cap {cache_mb} MB");
    println!("before: RSS {:.0} MB", support::rss_mb());
    let long = Arc::new(format!("q={}", "%E2%80%AEx".repeat(1_100)));
    let mb = Arc::new(vec![b'a'; 1 << 20]);
    let mut first_round = None;
    let mut last_round = 0.0;
    for round in 1..=rounds {
        let started = Instant::now();
        let next = Arc::new(AtomicUsize::new((round - 1) * requests));
        let workers: Vec<_> = (0..concurrency)
            .map(|_| {
                let (long, mb, next) = (long.clone(), mb.clone(), next.clone());
                let stop = round * requests;
                tokio::spawn(async move {
                    let mut client = support::connection(addr).await;
                    let mut classes: BTreeMap<u16, usize> = BTreeMap::new();
                    loop {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        if n >= stop {
                            break;
                        }
                        let (method, path, body) = crafted(n, &long, &mb);
                        // A body refused before it is read ends its connection: such bodies
                        // go on a connection of their own.
                        let reply = if body.as_ref().is_some_and(|(_, b)| b.len() >= 1 << 20) {
                            support::connection(addr).await.request(method, &path, body, "").await
                        } else {
                            client.request(method, &path, body, "").await
                        };
                        *classes.entry(reply.status / 100 * 100).or_default() += 1;
                    }
                    classes
                })
            })
            .collect();
        let mut classes: BTreeMap<u16, usize> = BTreeMap::new();
        for worker in workers {
            for (class, count) in worker.await.expect("worker") {
                *classes.entry(class).or_default() += count;
            }
        }
        let elapsed = started.elapsed().as_secs_f64();
        let rss = support::rss_mb();
        first_round.get_or_insert(rss);
        last_round = rss;
        let answers: Vec<String> = classes.iter().map(|(class, count)| format!("{}xx {count}", class / 100)).collect();
        println!(
            "round {round}: {:.0} requests/s; answers {}; RSS {rss:.0} MB; page cache {:.1} of {cache_mb} MB",
            requests as f64 / elapsed,
            answers.join(", "),
            pages.weighted_size() as f64 / (1 << 20) as f64,
        );
        assert!(!classes.contains_key(&500), "a crafted request got a 5xx answer");
    }
    let first = first_round.unwrap_or(1.0);
    println!("RSS after the last round ÷ after the first: {:.2} ({last_round:.0} MB ÷ {first:.0} MB)", last_round / first);
}
