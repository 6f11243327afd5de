//! A short-lived cache of public pages as anonymous visitors see them (a "micro-cache"): most
//! of a marketplace's page views are first visits and crawlers, who carry none of Caravan's
//! cookies and all get the same page. Only such requests are answered from it; a signed-in
//! user, a visitor with a cart or a comparison, and every other page are rendered afresh.
//!
//! An entry lives `ttl`. Every successful state-changing request through this server empties
//! the cache, so its own writes show at once; where several app servers share a database,
//! another server's writes show within `ttl`.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Public pages whose content does not depend on who asks.
const CACHED_PATHS: [&str; 5] = ["/p/", "/c/", "/s/", "/search", "/suppliers"];
/// Caravan's own cookies (session, cart, comparison) change what a page shows.
const OWN_COOKIE_PREFIX: &str = "caravan_";
/// Bounds the memory held: past this many pages, expired ones are dropped, then all.
const MAX_ENTRIES: usize = 10_000;
/// Pages larger than this are sent but not kept.
const MAX_KEPT_BODY: usize = 1 << 20;

#[derive(Clone, Debug)]
pub struct PageCache {
    ttl: Duration,
    entries: Arc<Mutex<HashMap<Key, Entry>>>,
}

/// The address and the encodings the client accepts (the stored body may be compressed).
type Key = (String, String);

#[derive(Debug)]
struct Entry {
    stored: Instant,
    headers: HeaderMap,
    body: axum::body::Bytes,
}

impl PageCache {
    /// A cache keeping pages for `ttl`; a zero `ttl` turns it off.
    pub fn new(ttl: Duration) -> Self {
        PageCache { ttl, entries: Arc::default() }
    }

    fn lookup(&self, key: &Key) -> Option<Response> {
        let entries = self.entries.lock().ok()?;
        let entry = entries.get(key).filter(|e| e.stored.elapsed() < self.ttl)?;
        let mut response = Response::new(Body::from(entry.body.clone()));
        *response.headers_mut() = entry.headers.clone();
        Some(response)
    }

    fn store(&self, key: Key, headers: HeaderMap, body: axum::body::Bytes) {
        let Ok(mut entries) = self.entries.lock() else { return };
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, e| e.stored.elapsed() < self.ttl);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(key, Entry { stored: Instant::now(), headers, body });
    }

    fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }

    /// The cache key of a request it may answer, or `None` when the page must be rendered.
    fn key(&self, req: &Request) -> Option<Key> {
        let path = req.uri().path();
        let public = CACHED_PATHS.iter().any(|p| path.starts_with(p));
        let own_cookie = req
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .any(|pair| pair.trim_start().starts_with(OWN_COOKIE_PREFIX));
        if self.ttl.is_zero() || req.method() != Method::GET || !public || own_cookie {
            return None;
        }
        let encodings = req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
        Some((req.uri().to_string(), encodings.to_string()))
    }
}

/// The middleware: answers anonymous requests for public pages from the cache, and empties
/// it after every successful write.
pub async fn serve(State(cache): State<PageCache>, req: Request, next: Next) -> Response {
    let Some(key) = cache.key(&req) else {
        let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
        let response = next.run(req).await;
        if writes && !response.status().is_client_error() && !response.status().is_server_error() {
            cache.clear();
        }
        return response;
    };
    if let Some(hit) = cache.lookup(&key) {
        return hit;
    }
    let response = next.run(req).await;
    // Only a whole, ordinary page for anyone: no redirect, no error, no cookie being set.
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    // Pages are bounded by design (pagination, field limits), so reading one whole is safe.
    match to_bytes(body, usize::MAX).await {
        Ok(bytes) => {
            if bytes.len() <= MAX_KEPT_BODY {
                cache.store(key, parts.headers.clone(), bytes.clone());
            }
            Response::from_parts(parts, Body::from(bytes))
        }
        // The page failed while rendering: nothing whole to send or keep.
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
