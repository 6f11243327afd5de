//! Messaging under load: THREADS conversations open at once (one buyer company each, all
//! with one demo supplier). In every thread the supplier waits on a long poll while the
//! buyer sends a message, ROUNDS times. Prints the round trip (send → the message is in the
//! supplier's poll answer) p50/p99 and messages delivered per second, on SQLite and, when
//! `BENCH_DATABASE_URL` names a PostgreSQL server, on PostgreSQL too.
//!
//! Run: `cargo bench --bench messages --features ssr` (options: THREADS, ROUNDS).

use caravan::api::messages::ThreadUpdate;
use caravan::http;
use std::time::{Duration, Instant};
use support::{env_number, ms};

mod support;

const SUPPLIER: &str = "li.wei@huayu-textiles.example";
const PRODUCT: &str = "Linen-look curtain fabric, flame retardant";

#[tokio::main]
async fn main() {
    let threads = env_number("THREADS", 200);
    let rounds = env_number("ROUNDS", 5);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut backends = vec![("SQLite", format!("sqlite://{}", dir.path().join("messages.db").display()))];
    if let Ok(url) = std::env::var("BENCH_DATABASE_URL")
        && !url.trim().is_empty()
    {
        backends.push(("PostgreSQL", support::fresh_postgres(url.trim(), "caravan_bench_messages").await));
    }
    for (name, url) in backends {
        println!("== {name}: {threads} open threads, {rounds} messages each");
        measure(&url, &dir, threads, rounds).await;
    }
}

fn multipart(thread: &str, text: &str) -> (String, Vec<u8>) {
    let boundary = "caravan-bench";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"thread\"\r\n\r\n{thread}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n{text}\r\n--{boundary}--\r\n"
    );
    (format!("multipart/form-data; boundary={boundary}"), body.into_bytes())
}

async fn measure(url: &str, dir: &tempfile::TempDir, threads: usize, rounds: usize) {
    let (db, state) = support::demo_marketplace_at(url, dir).await;
    let product: i64 = sqlx::query_scalar("SELECT id FROM products WHERE title = $1")
        .bind(PRODUCT)
        .fetch_one(db.pool())
        .await
        .expect("product");
    let supplier: i64 = sqlx::query_scalar("SELECT company_id FROM products WHERE id = $1")
        .bind(product)
        .fetch_one(db.pool())
        .await
        .expect("supplier");
    let addr = support::serve(http::router(state)).await;
    let mut conn = support::connection(addr).await;
    let supplier_cookie = conn
        .post_form("/api/login", &format!("email={SUPPLIER}&password=caravan-demo"))
        .await
        .expect("the supplier's session");

    // Every buyer company opens one inquiry.
    let mut opened = Vec::with_capacity(threads);
    for n in 0..threads {
        let cookie = conn.signed_in_buyer(&db, n).await;
        let reply = conn
            .post("/api/messages/inquire", &format!("supplier={supplier}&product={product}&message=Hello+{n}"), &cookie)
            .await;
        let thread =
            reply.location.as_deref().and_then(|l| l.strip_prefix("/messages/")).expect("a thread").to_string();
        opened.push((cookie, thread));
    }

    let started = Instant::now();
    let workers: Vec<_> = opened
        .into_iter()
        .map(|(cookie, thread)| {
            let supplier_cookie = supplier_cookie.clone();
            tokio::spawn(async move {
                let mut sender = support::connection(addr).await;
                let mut latencies = Vec::with_capacity(rounds);
                let mut after = 0i64;
                for round in 0..=rounds {
                    // The supplier's page is waiting for news when the buyer writes.
                    let poll = {
                        let (cookie, thread) = (supplier_cookie.clone(), thread.clone());
                        tokio::spawn(async move {
                            let mut receiver = support::connection(addr).await;
                            loop {
                                let path = format!("/api/messages/poll?thread={thread}&after={after}");
                                let reply = receiver.request("GET", &path, None, &cookie).await;
                                assert_eq!(reply.status, 200, "poll: {}", reply.body);
                                let update: ThreadUpdate = serde_json::from_str(&reply.body).expect("an update");
                                if let Some(last) = update.messages.last() {
                                    return (Instant::now(), last.id.get());
                                }
                            }
                        })
                    };
                    if round == 0 {
                        // The opening message is already there: the first poll answers with it.
                        after = poll.await.expect("poll").1;
                        continue;
                    }
                    let (content_type, body) = multipart(&thread, &format!("Message {round}"));
                    let sent = Instant::now();
                    let reply =
                        sender.request("POST", "/api/messages/send", Some((&content_type, body)), &cookie).await;
                    assert_eq!(reply.status, 200, "send: {}", reply.body);
                    let (seen, id) = poll.await.expect("poll");
                    latencies.push(seen.duration_since(sent));
                    after = id;
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = Vec::new();
    for worker in workers {
        latencies.extend(worker.await.expect("thread"));
    }
    let elapsed = started.elapsed();
    let (p50, p99) = support::percentiles(&mut latencies);
    println!("{} messages delivered in {:.2} s over {threads} open threads", latencies.len(), elapsed.as_secs_f64());
    println!("messages per second: {:.0}", latencies.len() as f64 / elapsed.as_secs_f64());
    println!("round trip (send → in the other side's poll) p50: {:.2} ms, p99: {:.2} ms", ms(p50), ms(p99));
}
