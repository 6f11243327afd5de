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

    /// A live marketplace: the server refuses to start with anything that only pretends, such
    /// as the built-in payment sandbox.
    #[arg(long, env = "CARAVAN_PRODUCTION", default_value_t = false, global = true)]
    pub production: bool,
}

impl Config {
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.trim().to_string(),
            _ => format!("sqlite://{}", self.data_dir.join("caravan.db").display()),
        }
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
            production: false,
        }
    }
}
