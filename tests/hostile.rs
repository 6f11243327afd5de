//! Hostile input over every form and every server function, on both backends: script tags,
//! `</script>` for the JSON-LD blocks, SQL and full-text syntax, control characters, invalid
//! UTF-8, 10,000-character strings, huge and negative numbers, oversize bodies. Nothing may
//! answer 5xx or panic (a panic is what dropped connections), a page may not carry a payload
//! unescaped, and the books still balance afterwards.
//!
//! The forms are found the way a stranger finds them: by crawling the site as a visitor, a
//! buyer, a supplier and an admin, and reading every `<form>` on the pages they reach.
#![cfg(feature = "ssr")]

mod common;
mod market;

use common::*;
use market::*;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

const SCRIPT: &str = "<script>alert(1)</script>";
const END_SCRIPT: &str = "</script><script>alert(1)</script>";

fn payloads() -> Vec<String> {
    let mut list: Vec<String> = [
        SCRIPT,
        END_SCRIPT,
        "\"><img src=x onerror=alert(1)>",
        "' OR 1=1; DROP TABLE users; --",
        "%' UNION SELECT password_hash FROM users --",
        "title:* NEAR(a b) AND -x \"unclosed ^* OR (",
        "a\u{0}b\r\nLocation: //evil.example\u{1b}[31m\u{7}\u{8}",
        "\u{202e}\u{feff}\u{200b}👩‍👩‍👧",
        "//evil.example/%2e%2e",
        "javascript:alert(1)",
        "99999999999999999999999999999",
        "-1",
        "-9223372036854775808",
        "1e308",
        "NaN",
        "0x7fffffff",
        "",
        " ",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    list.push("x".repeat(10_000));
    list.push("é".repeat(10_000));
    list
}

/// A form on a page: where it posts, and its fields with the values the page gave them.
#[derive(Debug, Clone)]
struct Form {
    endpoint: String,
    multipart: bool,
    page: String,
    /// (name, value, hidden)
    fields: Vec<(String, String, bool)>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"").replace("&#x27;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The `<form>`s of `html` that post to a server function.
fn forms(page: &str, html: &str) -> Vec<Form> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<form") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else { break };
        let tag = &after[..tag_end];
        let body_end = after.find("</form>").unwrap_or(after.len());
        let body = &after[tag_end..body_end];
        rest = &after[body_end..];
        let Some(endpoint) = attr(tag, "action").and_then(|a| a.strip_prefix("/api/").map(str::to_string)) else {
            continue;
        };
        let post = attr(tag, "method").is_some_and(|m| m.eq_ignore_ascii_case("post"));
        if !post {
            continue;
        }
        let mut fields = Vec::new();
        for kind in ["<input", "<textarea", "<select"] {
            for (at, _) in body.match_indices(kind) {
                let element = &body[at..];
                let tag_end = element.find('>').unwrap_or(element.len());
                let tag = &element[..tag_end];
                let Some(name) = attr(tag, "name") else { continue };
                let kind_attr = attr(tag, "type").unwrap_or_default();
                let unticked = matches!(kind_attr.as_str(), "checkbox" | "radio") && !tag.contains(" checked");
                if kind_attr == "file" || unticked {
                    continue;
                }
                let inner = &element[(tag_end + 1).min(element.len())..];
                let value = match kind {
                    "<textarea" => unescape(&inner[..inner.find("</textarea>").unwrap_or(0)]),
                    "<select" => selected_option(&inner[..inner.find("</select>").unwrap_or(inner.len())]),
                    _ => attr(tag, "value").unwrap_or_default(),
                };
                fields.push((name, value, kind_attr == "hidden"));
            }
        }
        let multipart = attr(tag, "enctype").is_some_and(|e| e.contains("multipart"));
        found.push(Form { endpoint, multipart, page: page.to_string(), fields });
    }
    found
}

/// The value a `<select>` sends: its selected option's, or its first's.
fn selected_option(options: &str) -> String {
    let tags: Vec<&str> = options.match_indices("<option").map(|(at, _)| &options[at..at + options[at..].find('>').unwrap_or(0)]).collect();
    let chosen = tags.iter().find(|t| t.contains(" selected")).or(tags.first());
    chosen.and_then(|t| attr(t, "value")).unwrap_or_default()
}

/// The same-site links of `html` worth following.
fn links(html: &str) -> Vec<String> {
    html.match_indices("href=\"/")
        .filter_map(|(at, _)| {
            let start = at + "href=\"".len();
            let end = html[start..].find('"')? + start;
            let link = unescape(&html[start..end]);
            let link = link.split('#').next().unwrap_or_default().to_string();
            let skip = link.starts_with("//")
                || ["/api/", "/media/", "/pkg/", "/files/", "/webhooks/"].iter().any(|p| link.starts_with(p))
                || [".pdf", ".csv", ".png", ".jpg", ".webp", ".xml", ".txt", ".ico", ".css", ".js"]
                    .iter()
                    .any(|e| link.split('?').next().unwrap_or_default().ends_with(e));
            (!skip && !link.is_empty()).then_some(link)
        })
        .collect()
}

/// A link's shape (digits and query values dropped): pages of one shape hold the same forms,
/// so a few of each are enough.
fn shape(link: &str) -> String {
    let path = link.split('?').next().unwrap_or_default();
    path.chars().map(|c| if c.is_ascii_digit() { '9' } else { c }).collect()
}

/// Crawls from `roots` as `client`; answers the pages reached and their forms. Every page
/// must answer below 500.
async fn crawl(client: &mut Client<'_>, roots: &[&str], budget: usize) -> (Vec<String>, Vec<Form>) {
    let mut queue: VecDeque<String> = roots.iter().map(|r| r.to_string()).collect();
    let mut seen = BTreeSet::new();
    let mut shapes: BTreeMap<String, usize> = BTreeMap::new();
    let (mut pages, mut found) = (Vec::new(), Vec::new());
    while let Some(link) = queue.pop_front() {
        if pages.len() >= budget || !seen.insert(link.clone()) {
            continue;
        }
        let count = shapes.entry(shape(&link)).or_default();
        *count += 1;
        if *count > 2 {
            continue;
        }
        let res = client.get(&link).await;
        assert!(res.status.as_u16() < 500, "GET {link} answered {}: {}", res.status, res.body);
        pages.push(link.clone());
        if !res.status.is_success() {
            continue;
        }
        found.extend(forms(&link, &res.body));
        queue.extend(links(&res.body));
    }
    (pages, found)
}

/// Forms that end the crawl's own session or company: attacked last.
fn ends_the_session(form: &Form) -> bool {
    ["logout", "team/leave"].contains(&form.endpoint.as_str())
}

/// Which fields of a form one submission makes hostile.
#[derive(Clone, Copy)]
enum Aim {
    /// This one visible field; the rest as the page filled them (so the form is otherwise
    /// valid and a text field's payload is stored).
    One(usize),
    /// Every visible field; hidden ones (ids, versions) as the page gave them.
    Visible,
    /// Every field.
    All,
}

/// Submits `form` with payloads aimed at each field in turn, at every visible field, and at
/// every field; with and without JavaScript. Answers how many requests it sent.
async fn attack(client: &mut Client<'_>, form: &Form) -> usize {
    let mut sent = 0;
    let visible: Vec<usize> = (0..form.fields.len()).filter(|&i| !form.fields[i].2).collect();
    let payloads = payloads();
    for (n, payload) in payloads.iter().enumerate() {
        let mut aims = vec![Aim::All];
        if !visible.is_empty() {
            aims.push(Aim::Visible);
        }
        // Field by field with the markup and SQL payloads and the longest string.
        if n < 4 || n == payloads.len() - 1 {
            aims.extend(visible.iter().map(|&i| Aim::One(i)));
        }
        for aim in aims {
            let fields: Vec<(&str, &str)> = form
                .fields
                .iter()
                .enumerate()
                .map(|(i, (name, value, hidden))| {
                    let hostile = match aim {
                        Aim::One(target) => i == target,
                        Aim::Visible => !hidden,
                        Aim::All => true,
                    };
                    (name.as_str(), if hostile { payload.as_str() } else { value.as_str() })
                })
                .collect();
            let res = if form.multipart {
                client.multipart(&form.endpoint, &fields, &[], n % 2 == 0).await
            } else if n % 2 == 0 {
                client.submit(&form.endpoint, &form.page, &fields).await
            } else {
                client.call(&form.endpoint, &fields).await
            };
            assert!(
                res.status.as_u16() < 500,
                "{} from {} with {:?} answered {}: {}",
                form.endpoint,
                form.page,
                payload.chars().take(40).collect::<String>(),
                res.status,
                res.body
            );
            sent += 1;
        }
    }
    sent
}

/// A page may show a payload only escaped: as text, and inside a script block with `</`
/// broken up.
fn assert_escaped(link: &str, html: &str) {
    for raw in [SCRIPT, END_SCRIPT, "<img src=x onerror"] {
        if let Some(at) = html.find(raw) {
            panic!("{link} carries {raw:?} unescaped: …{}…", &html[html.floor_char_boundary(at.saturating_sub(300))..html.ceil_char_boundary((at + 100).min(html.len()))]);
        }
    }
}

#[tokio::test]
async fn hostile_input_to_every_form_is_refused_or_stored_safely() {
    each_backend(async |app| {
        let mut m = market(app).await;
        let (mut bea, address) = buyer(app, "bea@berlin.example").await;
        let order = bottle_order(&m, &mut bea, &address, "escrow").await;
        let inquiry = [("supplier", m.hanoi_id.as_str()), ("product", m.bottle.as_str()), ("message", "Logo print?")];
        bea.call("messages/inquire", &inquiry).await.expect_ok();
        // Something in the cart, so the checkout's form is there too.
        bea.call("cart/add", &[("product", &m.bottle), ("quantity", "500")]).await.expect_ok();
        let mut admin = app.admin().await;
        let mut visitor = app.client();

        let product = format!("/p/x-{}", m.bottle);
        let mut targets: Vec<(&str, Vec<Form>, Vec<String>)> = Vec::new();
        let roots_visitor = ["/", "/search?q=bottle", "/login", "/signup", "/forgot-password", product.as_str()];
        let (pages, found) = crawl(&mut visitor, &roots_visitor, 40).await;
        targets.push(("visitor", found, pages));
        let order_page = format!("/orders/{order}");
        let roots_buyer = ["/account", "/cart", "/checkout", "/orders", order_page.as_str(), "/messages", "/rfqs/new", product.as_str()];
        let (pages, found) = crawl(&mut bea, &roots_buyer, 60).await;
        targets.push(("buyer", found, pages));
        let supplier_order = format!("/supplier/orders/{order}");
        let roots_supplier = ["/account", "/supplier/products", "/supplier/storefront", "/supplier/profile", supplier_order.as_str(), "/messages"];
        let (pages, found) = crawl(&mut m.hanoi, &roots_supplier, 80).await;
        targets.push(("supplier", found, pages));
        let (pages, found) = crawl(&mut admin, &["/admin", "/admin/outbox", "/admin/verifications"], 30).await;
        targets.push(("admin", found, pages));

        let mut endpoints = BTreeSet::new();
        let mut finally = Vec::new();
        let mut sent = 0;
        for (who, found, _) in &targets {
            let client = match *who {
                "visitor" => &mut visitor,
                "buyer" => &mut bea,
                "supplier" => &mut m.hanoi,
                _ => &mut admin,
            };
            let mut shapes = BTreeSet::new();
            let mut last = Vec::new();
            for form in found {
                let names: Vec<&str> = form.fields.iter().map(|(n, _, _)| n.as_str()).collect();
                if !shapes.insert((form.endpoint.clone(), names.join(","))) {
                    continue;
                }
                endpoints.insert(form.endpoint.clone());
                if ends_the_session(form) {
                    last.push(form.clone());
                } else {
                    sent += attack(client, form).await;
                }
            }
            finally.push((*who, last));
        }
        eprintln!("hostile: {} form endpoints, {sent} requests", endpoints.len());
        let needed = [
            "login", "signup", "account/email", "account/password", "cart/add", "checkout/place", "catalog/save",
            "storefront/save", "profile/basics", "addresses/add", "orders/act", "messages/send", "quotes/send",
            "rfqs/post", "team/invite", "admin/settings",
        ];
        for needed in needed {
            assert!(endpoints.iter().any(|e| e == needed), "the crawl found no {needed} form: {endpoints:?}");
        }

        // Some payloads were taken as text (a message, a product title): what was stored comes
        // back escaped, on every page the crawl reached, JSON-LD included.
        for (table, column) in [("messages", "body"), ("products", "title")] {
            let stored: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE {column} LIKE '%</script>%'"))
                .fetch_one(app.db.pool())
                .await
                .unwrap();
            assert!(stored > 0, "no payload stored in {table}.{column}: the escaping check would prove nothing");
        }
        for (who, _, pages) in &targets {
            let client = match *who {
                "visitor" => &mut visitor,
                "buyer" => &mut bea,
                "supplier" => &mut m.hanoi,
                _ => &mut admin,
            };
            for link in pages {
                let res = client.get(link).await;
                assert!(res.status.as_u16() < 500, "GET {link} answered {} after the attack", res.status);
                assert_escaped(link, &res.body);
            }
        }
        for (who, forms) in finally {
            let client = match who {
                "visitor" => &mut visitor,
                "buyer" => &mut bea,
                "supplier" => &mut m.hanoi,
                _ => &mut admin,
            };
            for form in forms {
                attack(client, &form).await;
            }
        }
        // Nothing half-written: the books balance and every order still has its lines.
        assert!(imbalance(app).await.is_empty());
        let bare: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)",
        )
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        assert_eq!(bare, 0);
    })
    .await;
}

#[tokio::test]
async fn every_server_function_survives_garbage() {
    each_backend(async |app| {
        let (mut supplier, _) = app.supplier("Garbage Works", "gw@garbage.example").await;
        let mut visitor = app.client();
        let names = ["id", "product", "order", "thread", "quantity", "company_id", "variant", "version", "token", "q", "before", "after", "page", "next"];
        let huge = "99999999999999999999999999999";
        let long = "y".repeat(10_000);
        let paths: Vec<(&str, axum::http::Method)> = leptos::server_fn::axum::server_fn_paths().collect();
        assert!(paths.len() > 100, "{} server functions", paths.len());
        for (path, method) in &paths {
            for client in [&mut supplier, &mut visitor] {
                let mut bodies: Vec<Vec<u8>> = vec![
                    b"x=%FF%FE%00&\xff\xfe=\xc3\x28".to_vec(),
                    names.iter().map(|n| format!("{n}={huge}")).collect::<Vec<_>>().join("&").into_bytes(),
                    names.iter().map(|n| format!("{n}=-1")).collect::<Vec<_>>().join("&").into_bytes(),
                    names.iter().map(|n| format!("{n}={long}")).collect::<Vec<_>>().join("&").into_bytes(),
                    b"{\"id\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[".to_vec(),
                ];
                if *method == axum::http::Method::GET {
                    bodies.truncate(0);
                    for query in [format!("?id={huge}&q=%FF%00&before=-1"), format!("?{}", names[..4].iter().map(|n| format!("{n}[]={long}")).collect::<Vec<_>>().join("&"))] {
                        let request = client
                            .request("GET", &format!("{path}{query}"))
                            .header(axum::http::header::ACCEPT, "application/json")
                            .body(axum::body::Body::empty())
                            .unwrap();
                        let res = client.send(request).await;
                        assert!(res.status.as_u16() < 500, "GET {path}{} answered {}: {}", &query[..query.len().min(60)], res.status, res.body);
                    }
                }
                for body in bodies {
                    let request = client
                        .request("POST", path)
                        .header(axum::http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .header(axum::http::header::ACCEPT, "application/json")
                        .header(axum::http::header::ORIGIN, "http://localhost")
                        .header("sec-fetch-site", "same-origin")
                        .body(axum::body::Body::from(body.clone()))
                        .unwrap();
                    let res = client.send(request).await;
                    assert!(
                        res.status.as_u16() < 500,
                        "POST {path} with {:?} answered {}: {}",
                        String::from_utf8_lossy(&body[..body.len().min(60)]),
                        res.status,
                        res.body
                    );
                }
            }
        }
        // An oversize body is refused, whether it announces its length or not.
        let big = vec![b'a'; 20 * 1024 * 1024];
        for announced in [true, false] {
            let mut request = supplier
                .request("POST", "/api/account/forgot")
                .header(axum::http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(axum::http::header::ORIGIN, "http://localhost");
            if announced {
                request = request.header(axum::http::header::CONTENT_LENGTH, big.len());
            }
            let res = supplier.send(request.body(axum::body::Body::from(big.clone())).unwrap()).await;
            assert!(res.status.is_client_error(), "a 20 MB body answered {}", res.status);
        }
    })
    .await;
}
