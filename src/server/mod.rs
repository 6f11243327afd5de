//! Server-only infrastructure and services (compiled with the `ssr` feature only).

pub mod accounts;
pub mod addresses;
pub mod admin;
pub mod attachments;
pub mod auth;
pub mod cart;
pub mod catalog;
pub mod catalog_csv;
pub mod checkout;
pub mod compare;
pub mod config;
pub mod db;
pub mod invoices;
pub mod jobs;
pub mod keys;
pub mod ledger;
pub mod mail;
pub mod markdown;
pub mod market;
pub mod media;
pub mod messages;
pub mod orders;
pub mod page_cache;
pub mod password;
pub mod payments;
pub mod payouts;
pub mod pdf;
pub mod profiles;
pub mod provider_events;
pub mod quotes;
pub mod ratelimit;
pub mod recovery;
pub mod request;
pub mod reviews;
pub mod rfqs;
pub mod search;
pub mod seed;
pub mod selling;
pub mod seo;
pub mod session_store;
pub mod signup;
pub mod sitemap;
pub mod storefronts;
pub mod teams;
pub mod two_factor;
pub mod verification;

use crate::error::AppError;
use config::Config;
use db::Db;
use leptos::config::LeptosOptions;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Everything a request handler or server function needs, shared by reference.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub leptos_options: LeptosOptions,
    pub media: media::Media,
    pub payments: Arc<dyn payments::PaymentProvider>,
    /// Wakes the long polls of threads that got a message.
    pub live: messages::Live,
    /// Anonymous visitors' public pages, kept briefly.
    pub pages: page_cache::PageCache,
    /// Signs what the site hands clients to keep (the visitor's cart cookie).
    pub key: keys::SiteKey,
    /// This server's search index, kept in step with the database.
    pub search: search::Engine,
}

impl AppState {
    /// Media files go to the local data directory unless another store is configured; the
    /// payment provider is the configured one (refused when its settings are incomplete).
    pub fn new(db: Db, config: Config, leptos_options: LeptosOptions) -> Result<Self, AppError> {
        let media = media::Media::local(&config.data_dir);
        let pages = page_cache::PageCache::new(
            std::time::Duration::from_secs(config.page_cache_secs),
            config.page_cache_mb.saturating_mul(1 << 20),
        );
        let payments = payments::configured(&config).map_err(AppError::internal)?;
        let search = search::Engine::open(&config.search_index())?;
        // Tools that only build a state (no runtime) search through the database.
        if tokio::runtime::Handle::try_current().is_ok() {
            let pages = pages.clone();
            search.start(db.clone(), move || pages.forget_data());
        }
        Ok(AppState {
            db,
            config: Arc::new(config),
            leptos_options,
            media,
            payments,
            live: messages::Live::default(),
            pages,
            key: keys::SiteKey::default(),
            search,
        })
    }
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function (provided as context by the router).
pub fn state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| AppError::internal("AppState missing from the server function context"))
}

/// Current time as Unix seconds: the one clock every table uses.
pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default()
}

/// A form's problems, with every text field the person typed echoed back (the forms here hold
/// no secrets), so a page re-rendered without JavaScript refills the form.
pub fn invalid_form<T: serde::Serialize>(fields: Vec<crate::error::FieldError>, form: &T) -> AppError {
    let echo = match serde_json::to_value(form) {
        Ok(serde_json::Value::Object(map)) => {
            map.into_iter().filter_map(|(k, v)| v.as_str().map(|v| (k, v.to_string()))).collect()
        }
        _ => Vec::new(),
    };
    AppError::Invalid(crate::error::Invalid { fields, echo })
}

/// Database failures, a stored value the domain refuses among them, are logged with their cause
/// and the place `?` met them, and shown to people as a generic message.
impl From<sqlx::Error> for AppError {
    #[track_caller]
    fn from(err: sqlx::Error) -> Self {
        AppError::internal(format_args!("database: {err}"))
    }
}

/// Random URL-safe token (256 bits) and the SHA-256 hex digest that is stored instead of it.
pub fn new_token() -> (String, String) {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let digest = token_digest(&token);
    (token, digest)
}

pub fn token_digest(token: &str) -> String {
    token_digest_bytes(token.as_bytes())
}

/// SHA-256 of `bytes`, as hex: content addresses and token digests.
pub fn token_digest_bytes(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}
