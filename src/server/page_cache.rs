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
use tokio::sync::OnceCell;

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
    entries: Arc<Mutex<HashMap<Key, Slot>>>,
}

/// The address and the encodings the client accepts (the stored body may be compressed).
type Key = (String, String);

/// A page being rendered or rendered: requests for it meanwhile wait for that one render
/// rather than each rendering it (no stampede when a popular page expires). `None` inside
/// means the page could not be kept (an error, a redirect, a cookie).
#[derive(Debug)]
struct Slot {
    created: Instant,
    page: Arc<OnceCell<Option<Entry>>>,
}

#[derive(Debug)]
struct Entry {
    headers: HeaderMap,
    body: axum::body::Bytes,
}

impl Entry {
    fn response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.headers_mut() = self.headers.clone();
        response
    }
}

impl PageCache {
    /// A cache keeping pages for `ttl`; a zero `ttl` turns it off.
    pub fn new(ttl: Duration) -> Self {
        PageCache { ttl, entries: Arc::default() }
    }

    /// The slot of `key`: the current one, or a fresh one in place of an expired one.
    fn slot(&self, key: Key) -> Arc<OnceCell<Option<Entry>>> {
        let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(slot) = entries.get(&key).filter(|s| s.created.elapsed() < self.ttl) {
            return slot.page.clone();
        }
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, s| s.created.elapsed() < self.ttl);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        let page = Arc::new(OnceCell::new());
        entries.insert(key, Slot { created: Instant::now(), page: page.clone() });
        page
    }

    fn clear(&self) {
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clear();
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
    let page = cache.slot(key);
    let mut req = Some(req);
    let mut rendered = None;
    let kept = page
        .get_or_init(|| async {
            let (entry, response) = render(next.clone(), req.take()?).await;
            rendered = Some(response);
            entry
        })
        .await;
    match (rendered, kept, req) {
        (Some(response), _, _) => response,
        (None, Some(entry), _) => entry.response(),
        // Another request's render could not be kept: this one is rendered on its own.
        (None, None, Some(req)) => next.run(req).await,
        (None, None, None) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Renders a page, and what of it can be kept: only a whole, ordinary page for anyone (no
/// redirect, no error, no cookie being set).
async fn render(next: Next, req: Request) -> (Option<Entry>, Response) {
    let response = next.run(req).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return (None, response);
    }
    let (parts, body) = response.into_parts();
    // Pages are bounded by design (pagination, field limits), so reading one whole is safe.
    match to_bytes(body, usize::MAX).await {
        Ok(bytes) => {
            let entry =
                (bytes.len() <= MAX_KEPT_BODY).then(|| Entry { headers: parts.headers.clone(), body: bytes.clone() });
            (entry, Response::from_parts(parts, Body::from(bytes)))
        }
        // The page failed while rendering: nothing whole to send or keep.
        Err(_) => (None, StatusCode::INTERNAL_SERVER_ERROR.into_response()),
    }
}
