//! Settings come from the command line or, more usually, environment variables; every one
//! has a default that works on a laptop.

use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "CARAVAN_ADDR", default_value = "127.0.0.1:3000", global = true)]
    pub addr: SocketAddr,

    /// Directory for local data: the default SQLite database and uploaded media.
    #[arg(long, env = "CARAVAN_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// Database to use: sqlite://path/to/file.db or postgres://user@host/db.
    /// Defaults to a SQLite file inside the data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Mark the session cookie Secure (set this when serving over HTTPS).
    #[arg(long, env = "CARAVAN_SECURE_COOKIES", default_value_t = false, global = true)]
    pub secure_cookies: bool,

    /// Public base URL used in links sent by email. Defaults to http://<addr>.
    #[arg(long, env = "CARAVAN_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// Trust the X-Forwarded-For header for the client address (only behind a proxy you run).
    #[arg(long, env = "CARAVAN_TRUST_PROXY", default_value_t = false, global = true)]
    pub trust_proxy: bool,

    /// How mail leaves: `outbox` (kept for admins at /admin/outbox), `file:DIR` (one .eml file
    /// per message), or an SMTP URL: `smtps://user:pass@host:465`, `smtp://user:pass@host:587?tls=required`.
    #[arg(long, env = "CARAVAN_MAIL_TRANSPORT", default_value = "outbox", global = true)]
    pub mail_transport: String,

    /// The sender of Caravan's mail.
    #[arg(long, env = "CARAVAN_MAIL_FROM", default_value = "Caravan <no-reply@caravan.localhost>", global = true)]
    pub mail_from: String,

    /// Seconds an anonymous visitor's public page (product, category, storefront, search,
    /// supplier directory) is served from memory; 0 turns this cache off. With several app
    /// servers, one server's writes show on the others' cached pages within this time.
    #[arg(long, env = "CARAVAN_PAGE_CACHE_SECS", default_value_t = 10, global = true)]
    pub page_cache_secs: u64,

    /// Sign-ups one client address may send in an hour (a shared office or test rig may need more).
    #[arg(long, env = "CARAVAN_SIGNUPS_PER_HOUR", default_value_t = super::signup::SIGNUPS_PER_HOUR, global = true)]
    pub signups_per_hour: i64,

    /// Megabytes of pages the anonymous page cache holds at most (the least used go first).
    #[arg(long, env = "CARAVAN_PAGE_CACHE_MB", default_value_t = 64, global = true)]
    pub page_cache_mb: u64,

    /// Where this server keeps its search index: a directory (by default `search-index` in the
    /// data directory), or `memory` (rebuilt at every start). Each app server keeps its own
    /// and keeps it in step with the database.
    #[arg(long, env = "CARAVAN_SEARCH_INDEX", default_value = "", global = true)]
    pub search_index: String,

    /// A live marketplace: the server refuses to start with anything that only pretends, such
    /// as the built-in payment sandbox.
    #[arg(long, env = "CARAVAN_PRODUCTION", default_value_t = false, global = true)]
    pub production: bool,

    /// The payment provider: `sandbox` (built in: test cards, no real money) or `stripe`.
    #[arg(long, env = "CARAVAN_PAYMENTS", default_value = "sandbox", global = true)]
    pub payments: String,

    #[command(flatten)]
    pub stripe: StripeConfig,
}

/// The Stripe account, when `CARAVAN_PAYMENTS=stripe`.
#[derive(Debug, Clone, Default, Args)]
pub struct StripeConfig {
    /// Secret API key (`sk_live_…` charges real cards; `sk_test_…` is Stripe's test mode).
    #[arg(long = "stripe-secret-key", env = "CARAVAN_STRIPE_SECRET_KEY", global = true, hide_env_values = true)]
    pub secret_key: Option<String>,

    /// Publishable key, given to Stripe.js in the browser.
    #[arg(long = "stripe-publishable-key", env = "CARAVAN_STRIPE_PUBLISHABLE_KEY", global = true)]
    pub publishable_key: Option<String>,

    /// The webhook endpoint's signing secret (`whsec_…`); the endpoint is /webhooks/stripe.
    #[arg(
        long = "stripe-webhook-secret",
        env = "CARAVAN_STRIPE_WEBHOOK_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub webhook_secret: Option<String>,

    /// Stripe's API (another address for a fake such as localstripe).
    #[arg(
        long = "stripe-api-url",
        env = "CARAVAN_STRIPE_API_URL",
        default_value = "https://api.stripe.com",
        global = true
    )]
    pub api_url: String,

    /// Stripe.js, loaded by the pages that take a card.
    #[arg(
        long = "stripe-js-url",
        env = "CARAVAN_STRIPE_JS_URL",
        default_value = "https://js.stripe.com/v3/",
        global = true
    )]
    pub js_url: String,

    /// Pays suppliers through Stripe Connect: each supplier onboards a Stripe account from its
    /// selling settings, and released funds are transferred there. Without it, admins pay
    /// suppliers by bank transfer.
    #[arg(long = "stripe-connect", env = "CARAVAN_STRIPE_CONNECT", default_value_t = false, global = true)]
    pub connect: bool,
}

impl Config {
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.trim().to_string(),
            _ => format!("sqlite://{}", self.data_dir.join("caravan.db").display()),
        }
    }

    pub fn search_index(&self) -> crate::server::search::engine::Location {
        crate::server::search::engine::Location::from_setting(&self.search_index, &self.data_dir.join("search-index"))
    }

    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) if !url.trim().is_empty() => url.trim().trim_end_matches('/').to_string(),
            _ => format!("http://{}", self.addr),
        }
    }

    /// Settings for tests and tools: loopback, a given database, nothing from the environment.
    pub fn for_database(database_url: &str) -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            data_dir: PathBuf::from("data"),
            database_url: Some(database_url.to_string()),
            secure_cookies: false,
            public_url: None,
            trust_proxy: false,
            mail_transport: "outbox".to_string(),
            mail_from: "Caravan <no-reply@caravan.localhost>".to_string(),
            page_cache_secs: 10,
            page_cache_mb: 64,
            search_index: "memory".to_string(),
            signups_per_hour: super::signup::SIGNUPS_PER_HOUR,
            production: false,
            payments: "sandbox".to_string(),
            stripe: StripeConfig {
                api_url: "https://api.stripe.com".to_string(),
                js_url: "https://js.stripe.com/v3/".to_string(),
                ..StripeConfig::default()
            },
        }
    }
}
