//! Test harness: the real router (middleware, sessions, server functions) on a fresh database,
//! driven in-process. Every test runs on SQLite, and on PostgreSQL too when
//! `TEST_DATABASE_URL` names a server (each test gets its own database there).

#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use caravan::error::AppError;
use caravan::http;
use caravan::server::AppState;
use caravan::server::config::Config;
use caravan::server::db::Db;
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use serde::de::DeserializeOwned;
use sqlx::{AnyConnection, Connection, Executor};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub backend: &'static str,
    pub db: Db,
    pub config: Config,
    state: AppState,
    router: Router,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);
static CLIENTS: AtomicU32 = AtomicU32::new(1);

impl TestApp {
    async fn sqlite(configure: &impl Fn(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        Self::start("sqlite", &url, Some(dir), None, configure).await
    }

    async fn postgres(admin_url: &str, configure: &impl Fn(&mut Config)) -> TestApp {
        let name = format!("caravan_test_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst));
        sqlx::any::install_default_drivers();
        let mut admin = AnyConnection::connect(admin_url).await.expect("connect to TEST_DATABASE_URL");
        admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create test database");
        admin.close().await.ok();
        let url = with_database(admin_url, &name);
        Self::start("postgres", &url, None, Some((admin_url.to_string(), name)), configure).await
    }

    async fn start(
        backend: &'static str,
        url: &str,
        dir: Option<tempfile::TempDir>,
        pg: Option<(String, String)>,
        configure: &impl Fn(&mut Config),
    ) -> TestApp {
        let db = Db::connect(url).await.expect("connect");
        db.migrate().await.expect("migrate");
        let mut config = Config::for_database(url);
        // Tests name the client address in X-Forwarded-For.
        config.trust_proxy = true;
        config.public_url = Some("http://localhost".into());
        // Uploaded media go to a directory of this test's own.
        let dir = dir.unwrap_or_else(|| tempfile::tempdir().expect("temp dir"));
        config.data_dir = dir.path().to_path_buf();
        configure(&mut config);
        let state = state_for(&db, &config);
        search_ready(&state).await;
        let router = http::router(state.clone());
        TestApp { backend, db, config, state, router, _dir: Some(dir), pg }
    }

    /// A fresh router over the same database and payment provider: what a restarted (or
    /// second) app server sees.
    pub async fn restart(&mut self) {
        // The old server lets go of its search index first, as a stopped process does.
        self.state.search.shut();
        let state = AppState { payments: self.state.payments.clone(), ..state_for(&self.db, &self.config) };
        search_ready(&state).await;
        self.router = http::router(state.clone());
        self.state = state;
    }

    /// The HTTP application, to serve on a real socket.
    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// Another app server on the same database (with its search index of its own), and its
    /// routes: requests to it do not wait for its index (see `Client::send`).
    pub async fn second_server(&self) -> (AppState, Router) {
        let mut config = self.config.clone();
        config.search_index = "memory".into();
        let state = AppState { payments: self.state.payments.clone(), ..state_for(&self.db, &config) };
        search_ready(&state).await;
        let router = http::router(state.clone());
        (state, router)
    }

    /// The app's state, for calling services (background jobs) directly.
    pub fn state(&self) -> AppState {
        self.state.clone()
    }

    /// The media stores of this test's data directory.
    pub fn media(&self) -> caravan::server::media::Media {
        caravan::server::media::Media::local(&self.config.data_dir)
    }

    /// A signed-in client of a new supplier company, and the company's id.
    pub async fn supplier(&self, company: &str, email: &str) -> (Client<'_>, String) {
        let mut client = self.client();
        assert_status(&client.sign_up("supplier", company, "Sam Seller", email).await, 200);
        let company = client.me().await.and_then(|u| u.company).expect("member").company_id.to_string();
        (client, company)
    }

    pub fn client(&self) -> Client<'_> {
        // Each client comes from an address of its own, as different people do.
        let n = CLIENTS.fetch_add(1, Ordering::Relaxed);
        Client { app: self, cookies: BTreeMap::new(), ip: format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255) }
    }

    /// `n` browser tabs of the person signed in on `client`: the same session, sent at once.
    pub fn tabs(&self, client: &Client<'_>, n: usize) -> Vec<Client<'_>> {
        (0..n).map(|_| Client { cookies: client.cookies.clone(), ..self.client() }).collect()
    }

    /// A signed-in platform admin (root@caravan.example), with two-factor sign-in as admins must.
    pub async fn admin(&self) -> Client<'_> {
        use caravan::server::accounts::{AdminCreated, create_admin};
        let (AdminCreated::Created(user) | AdminCreated::Promoted(user)) =
            create_admin(&self.db, "root@caravan.example", "Root Admin", "admin password 123").await.unwrap();
        caravan::server::two_factor::enroll(&self.db, user).await.unwrap();
        let secret = self.two_factor_secret(user.get()).await;
        let mut client = self.client();
        let res = client.log_in("root@caravan.example", "admin password 123").await;
        assert_eq!(res.location(), Some("/login/two-factor"));
        client.second_factor(&secret).await;
        client
    }

    /// The authenticator secret of a user's two-factor sign-in (as their app holds it).
    pub async fn two_factor_secret(&self, user: i64) -> String {
        sqlx::query_scalar("SELECT secret FROM two_factor WHERE user_id = $1").bind(user).fetch_one(self.db.pool()).await.unwrap()
    }

    /// Marks the mail queued so far as sent (the sign-up confirmations, say), so a test of
    /// what a step mails sees that step's mail alone.
    pub async fn mail_sent_so_far(&self) {
        sqlx::query("UPDATE mail_outbox SET sent_at = 0 WHERE sent_at IS NULL").execute(self.db.pool()).await.unwrap();
    }

    /// How many mails to `email` say `text`.
    pub async fn mails_containing(&self, email: &str, text: &str) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE to_email = $1 AND body_text LIKE $2")
            .bind(email)
            .bind(format!("%{text}%"))
            .fetch_one(self.db.pool())
            .await
            .unwrap()
    }

    /// Mail queued and not yet sent.
    pub async fn unsent_mail(&self) -> i64 {
        self.count("mail_outbox WHERE sent_at IS NULL").await
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(self.db.pool()).await.unwrap()
    }

    /// The newest invitation link in the outbox for `email`.
    pub async fn invitation_token(&self, email: &str) -> String {
        self.mailed_token(email, "/invitations/").await
    }

    /// The token of the newest link under `path` (such as "/reset-password/") mailed to `email`.
    pub async fn mailed_token(&self, email: &str, path: &str) -> String {
        let body: String = sqlx::query_scalar(
            "SELECT body_text FROM mail_outbox WHERE to_email = $1 AND body_text LIKE $2 ORDER BY id DESC LIMIT 1",
        )
        .bind(email)
        .bind(format!("%{path}%"))
        .fetch_one(self.db.pool())
        .await
        .unwrap_or_else(|_| panic!("a mail to {email} with a {path} link"));
        let start = body.find(path).expect("link in mail") + path.len();
        body[start..start + 64].to_string()
    }

    pub async fn finish(self) {
        self.db.close().await;
        if let Some((admin_url, name)) = self.pg
            && let Ok(mut admin) = AnyConnection::connect(&admin_url).await
        {
            let _ = admin.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await;
            let _ = admin.close().await;
        }
    }
}

/// Waits until the app's search index is built (searches take the database path until then).
pub async fn search_ready(state: &AppState) {
    let started = std::time::Instant::now();
    while !state.search.is_ready() {
        assert!(started.elapsed() < Duration::from_secs(30), "the search index was not built within 30 s");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn state_for(db: &Db, config: &Config) -> AppState {
    let options = LeptosOptions::builder().output_name("caravan").site_root("target/site").build();
    AppState::new(db.clone(), config.clone(), options).expect("the test configuration is complete")
}

fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let base = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// A fresh, migrated app on every configured backend: SQLite, and PostgreSQL when
/// `TEST_DATABASE_URL` is set. Call `finish` on each to drop its database.
pub async fn every_backend() -> Vec<TestApp> {
    every_backend_with(&|_| {}).await
}

/// [`every_backend`], each app with settings of its own.
pub async fn every_backend_with(configure: &impl Fn(&mut Config)) -> Vec<TestApp> {
    let mut apps = vec![TestApp::sqlite(configure).await];
    if let Ok(url) = std::env::var("TEST_DATABASE_URL")
        && !url.trim().is_empty()
    {
        apps.push(TestApp::postgres(url.trim(), configure).await);
    }
    apps
}

/// Runs `test` against every configured backend, each on a fresh database.
pub async fn each_backend(test: impl AsyncFn(&mut TestApp)) {
    each_backend_with(|_| {}, test).await
}

/// [`each_backend`] with settings of the test's own.
pub async fn each_backend_with(configure: impl Fn(&mut Config), test: impl AsyncFn(&mut TestApp)) {
    for mut app in every_backend_with(&configure).await {
        eprintln!("-- backend: {}", app.backend);
        test(&mut app).await;
        app.finish().await;
    }
}

pub struct Response {
    /// The request this answers ("POST /api/cart/add"), for failure messages.
    pub request: String,
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Response {
    /// For a set-up step: fails the test at the caller unless the request worked (a success,
    /// or a redirect that carries no error back to the form), so a broken set-up fails where
    /// it breaks rather than in a later assertion.
    #[track_caller]
    pub fn expect_ok(self) -> Response {
        let redirected_with_error = self.location().is_some_and(|to| to.contains("__err="));
        let worked = (self.status.is_success() || self.status.is_redirection()) && !redirected_with_error;
        assert!(
            worked,
            "set-up step {} failed with {}: {} {}",
            self.request,
            self.status,
            self.location().unwrap_or(""),
            self.body
        );
        self
    }

    pub fn location(&self) -> Option<&str> {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok())
    }

    pub fn error(&self) -> AppError {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not an AppError ({e}): {} {}", self.status, self.body))
    }

    pub fn json<T: DeserializeOwned>(&self) -> T {
        assert!(self.status.is_success(), "expected success, got {} {}", self.status, self.body);
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("bad JSON ({e}): {}", self.body))
    }
}

/// A browser-like client with a cookie jar.
pub struct Client<'a> {
    app: &'a TestApp,
    pub cookies: BTreeMap<String, String>,
    pub ip: String,
}

impl Client<'_> {
    pub fn session_cookie(&self) -> Option<String> {
        self.cookies.get(http::SESSION_COOKIE).cloned()
    }

    pub fn request(&self, method: &str, path: &str) -> axum::http::request::Builder {
        let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "localhost")
            .header("x-forwarded-for", self.ip.as_str());
        if !cookie.is_empty() {
            builder = builder.header(header::COOKIE, cookie);
        }
        builder
    }

    pub async fn send(&mut self, request: Request<Body>) -> Response {
        // Shown only when a test fails: which requests ran, and a stalled one names itself.
        let label = format!("{} {}", request.method(), request.uri());
        eprintln!("   {} {label}", self.app.backend);
        // Between a write and their next page people take a moment, in which the search index
        // applies the change feed; tests that write straight to the database get the same.
        // (tests/search_engine.rs checks the feed's own pace, without this.)
        if request.method() == axum::http::Method::GET {
            self.app.state.search.catch_up(&self.app.db, Duration::from_secs(10)).await;
        }
        let response = tokio::time::timeout(Duration::from_secs(30), self.app.router.clone().oneshot(request))
            .await
            .unwrap_or_else(|_| panic!("{label} did not answer within 30 s"))
            .expect("router never fails");
        for value in response.headers().get_all(header::SET_COOKIE) {
            let value = value.to_str().unwrap_or_default();
            let pair = value.split(';').next().unwrap_or_default();
            if let Some((name, val)) = pair.split_once('=') {
                let expired = value.to_ascii_lowercase().contains("max-age=0");
                if expired || val.is_empty() {
                    self.cookies.remove(name.trim());
                } else {
                    self.cookies.insert(name.trim().to_string(), val.trim().to_string());
                }
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        Response { request: label, status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&mut self, path: &str) -> Response {
        let request = self.request("GET", path).header(header::ACCEPT, "text/html").body(Body::empty()).unwrap();
        self.send(request).await
    }

    /// Calls a GET server function the way a browser script does.
    pub async fn get_json(&mut self, path: &str) -> Response {
        let request = self.request("GET", path).header(header::ACCEPT, "application/json").body(Body::empty()).unwrap();
        self.send(request).await
    }

    /// Calls a server function the way the WebAssembly client does (same-origin fetch).
    pub async fn call(&mut self, endpoint: &str, fields: &[(&str, &str)]) -> Response {
        let request = self
            .request("POST", &format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, "http://localhost")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(form_body(fields)))
            .unwrap();
        self.send(request).await
    }

    /// Submits an HTML form with JavaScript off: the browser follows redirects itself.
    pub async fn submit(&mut self, endpoint: &str, from_page: &str, fields: &[(&str, &str)]) -> Response {
        let request = self
            .request("POST", &format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::ORIGIN, "http://localhost")
            .header(header::REFERER, format!("http://localhost{from_page}"))
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(form_body(fields)))
            .unwrap();
        self.send(request).await
    }

    /// Posts a multipart form (text fields, then a file) as a browser does; `html` as with
    /// JavaScript off (errors come back in a redirect).
    pub async fn upload(&mut self, endpoint: &str, fields: &[(&str, &str)], file: &[u8], html: bool) -> Response {
        self.multipart(endpoint, fields, &[("file", "photo.jpg", file)], html).await
    }

    /// Posts a multipart form: text fields, then files as (field, file name, bytes).
    pub async fn multipart(
        &mut self,
        endpoint: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
        html: bool,
    ) -> Response {
        let boundary = "caravan-test-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
            );
        }
        for (field, file_name, bytes) in files {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").bytes());
        let request = self
            .request("POST", &format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header(header::CONTENT_LENGTH, body.len())
            .header(header::ACCEPT, if html { "text/html" } else { "application/json" })
            .header(header::ORIGIN, "http://localhost")
            .header(header::REFERER, "http://localhost/supplier/storefront/images")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// Signs up and confirms the address through the mailed link (which signs the person in):
    /// answers the confirmation's response, or the sign-up's when that was refused.
    pub async fn sign_up(&mut self, kind: &str, company: &str, name: &str, email: &str) -> Response {
        let res = self.sign_up_unconfirmed(kind, company, name, email).await;
        if res.status != StatusCode::OK {
            return res;
        }
        let token = self.app.mailed_token(&email.trim().to_lowercase(), "/confirm-email/").await;
        self.call("account/confirm", &[("token", &token)]).await
    }

    /// Sends the sign-up form only: the account waits for its address to be confirmed.
    pub async fn sign_up_unconfirmed(&mut self, kind: &str, company: &str, name: &str, email: &str) -> Response {
        self.call(
            "signup",
            &[
                ("account_type", kind),
                ("company_name", company),
                ("country", "DE"),
                ("name", name),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await
    }

    pub async fn log_in(&mut self, email: &str, password: &str) -> Response {
        self.call("login", &[("email", email), ("password", password)]).await
    }

    /// Finishes a sign-in waiting for its code with the app's code (or, when this step's code
    /// was used already, the next step's, which is accepted too).
    pub async fn second_factor(&mut self, secret: &str) -> Response {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        let mut res = None;
        for at in [now, now + 30] {
            let attempt = self.call("login/two-factor", &[("code", &totp_code(secret, at))]).await;
            if attempt.status == 200 {
                return attempt;
            }
            res = Some(attempt);
        }
        panic!("two-factor sign-in refused: {}", res.map(|r| r.body).unwrap_or_default())
    }

    pub async fn me(&mut self) -> Option<caravan::api::session::SessionUser> {
        self.call("me", &[]).await.json()
    }

    /// Adds a Berlin warehouse to the company's address book; answers its id.
    pub async fn add_berlin_address(&mut self) -> String {
        let fields = [
            ("label", "Warehouse"),
            ("recipient", "Bea Buyer"),
            ("line1", "Lagerstraße 5"),
            ("city", "Berlin"),
            ("postal_code", "10115"),
            ("country", "DE"),
        ];
        let res = self.call("addresses/add", &fields).await;
        assert_status(&res, 200);
        res.location().unwrap().split("address=").nth(1).unwrap().split('&').next().unwrap().to_string()
    }
}

pub fn form_body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The code an authenticator app shows at `at` (seconds since 1970) for `secret`.
pub fn totp_code(secret: &str, at: u64) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret).unwrap();
    totp_rs::Builder::new().with_secret(secret).build().unwrap().generate(at).to_string()
}

/// Checks the status code the request was answered with.
#[track_caller]
pub fn assert_status(response: &Response, status: u16) {
    assert_eq!(
        response.status.as_u16(),
        status,
        "{} answered {}, expected {status}; body: {}",
        response.request,
        response.status,
        response.body
    );
}

/// Checks the request was refused as invalid with a message beside `field`; answers it.
#[track_caller]
pub fn assert_field_error(response: &Response, field: &str) -> String {
    assert_status(response, 422);
    response.error().field_message(field).unwrap_or_else(|| panic!("no error for {field}: {}", response.body))
}

pub fn encode(image: image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, format).unwrap();
    bytes.into_inner()
}

/// A JPEG photo of the given size.
pub fn photo(width: u32, height: u32) -> Vec<u8> {
    encode(
        image::DynamicImage::ImageRgb8(image::ImageBuffer::from_fn(width, height, |x, y| {
            image::Rgb([(x % 200) as u8, (y % 200) as u8, 120])
        })),
        image::ImageFormat::Jpeg,
    )
}

/// Owned form fields as the borrowed pairs the client sends.
pub fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// One listing of the fixture catalog.
pub struct Listing {
    pub title: &'static str,
    pub category: &'static str,
    pub currency: &'static str,
    pub moq: u64,
    /// (min quantity, price) tiers.
    pub tiers: &'static [(u64, &'static str)],
    /// Days to ship up to 10 × MOQ.
    pub lead_days: u32,
    pub sample: bool,
    pub custom: &'static [&'static str],
    pub spec: (&'static str, &'static str),
}

pub fn listing_form(company: &str, sku: &str, l: &Listing) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = vec![("company_id".into(), company.into())];
    let mut put = |k: &str, v: &str| fields.push((format!("fields[{k}]"), v.to_string()));
    put("title", l.title);
    put("description", "Made to order for distributors and retail chains.");
    put("category", l.category);
    put("unit", "piece");
    put("origin", "VN");
    put("currency", l.currency);
    put("moq", &l.moq.to_string());
    put("increment", "1");
    for (n, (qty, price)) in l.tiers.iter().enumerate() {
        put(&format!("tiers.{n}.min_quantity"), &qty.to_string());
        put(&format!("tiers.{n}.price"), price);
    }
    put("lead_times.0.up_to", &(l.moq * 10).to_string());
    put("lead_times.0.days", &l.lead_days.to_string());
    if l.sample {
        put("sample", "true");
        put("sample.price", "9");
        put("sample.max_quantity", "2");
    }
    put("variants.0.sku", sku);
    put("variants.0.stock", "1000");
    put("specs.0.key", l.spec.0);
    put("specs.0.value", l.spec.1);
    for c in l.custom {
        put(&format!("custom.{c}"), "true");
    }
    fields
}

/// Saves `listing` as a product of `company` with one variant `sku` and publishes it; answers its id.
pub async fn publish_listing(client: &mut Client<'_>, company: &str, sku: &str, listing: &Listing) -> String {
    let res = client.call("catalog/save", &pairs(&listing_form(company, sku, listing))).await;
    assert_status(&res, 200);
    let id = res.location().unwrap().trim_start_matches("/supplier/products/").split('?').next().unwrap().to_string();
    let res =
        client.call("catalog/status", &[("company_id", company), ("product", &id), ("status", "published")]).await;
    assert_status(&res, 200);
    id
}

/// A USD listing of Hanoi Steelworks in the cart and order tests: MOQ 100, three tiers, samples.
pub const BOTTLE: Listing = Listing {
    title: "Steel Bottle",
    category: "pet-bottles",
    currency: "USD",
    moq: 100,
    tiers: &[(100, "4.00"), (500, "3.50"), (1000, "3.00")],
    lead_days: 15,
    sample: true,
    custom: &[],
    spec: ("Capacity", "750 ml"),
};

/// A EUR listing of Porto Kitchen Co: MOQ 10, two tiers, no samples.
pub const JAR: Listing = Listing {
    title: "Glass storage jar",
    category: "food-storage-containers",
    currency: "EUR",
    moq: 10,
    tiers: &[(10, "2.50"), (100, "2.10")],
    lead_days: 7,
    sample: false,
    custom: &[],
    spec: ("Material", "borosilicate glass"),
};
