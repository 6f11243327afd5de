//! A short-lived cache of public pages as anonymous visitors see them (a "micro-cache"): most
//! of a marketplace's page views are first visits and crawlers, who carry none of Caravan's
//! cookies and all get the same page. Only such requests are answered from it; a signed-in
//! user, a visitor with a cart or a comparison, and every other page are rendered afresh.
//!
//! An entry lives `ttl`, and the cache holds at most `max_bytes` of pages (the least used go
//! first), so crafted addresses cannot grow it. A successful write that changes what public
//! pages show (a product, a storefront, a profile, a review, an order's stock) empties it, so
//! this server's own writes show at once; other writes (a cart, a sign-in, a message) leave it
//! alone. Where several app servers share a database, another server's writes show within `ttl`.
//!
//! Beside the pages it keeps the public data pages are made of (a product page's product,
//! supplier and related products, a storefront page, a search's results, the header's
//! categories), under the same rules: signed-in people's pages are rendered afresh for their
//! own header, cart and messages, but skip the queries that anonymous visitors' cached pages
//! skip. The search index forgets this data whenever it takes in a change, so signed-in people
//! see another server's changes to products, suppliers and categories within a second (other
//! changes, such as a storefront's blocks, within `ttl`).

use crate::error::AppError;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::any::Any;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::OnceCell;

/// Public pages whose content does not depend on who asks.
const CACHED_PATHS: [&str; 5] = ["/p/", "/c/", "/s/", "/search", "/suppliers"];
/// Caravan's own cookies (session, cart, comparison) change what a page shows.
const OWN_COOKIE_PREFIX: &str = "caravan_";
/// Pages larger than this are sent but not kept.
const MAX_KEPT_BODY: usize = 1 << 20;
/// Longest address kept: longer ones are crafted, and rendered afresh.
const MAX_KEPT_ADDRESS: usize = 2048;
/// Writes that change what public pages show (by the start of their address). Every other
/// write is about one person's own things, which no cached page shows.
const PUBLIC_WRITES: &[&str] = &[
    "/api/catalog/",
    "/api/media/",
    "/api/storefront/publish",
    "/api/storefront/restore",
    "/api/storefront/address",
    "/api/profile/",
    "/api/selling/",
    "/api/admin/",
    "/api/orders/",
    "/api/checkout/place",
    "/api/quotes/accept",
    "/webhooks/",
];

/// Writes that change public data without being worth a new render of every page: a reply
/// moves the supplier's response time, which signed-in people should see at once and
/// anonymous visitors may see a cache period late.
const DATA_WRITES: &[&str] = &["/api/messages/send"];

#[derive(Clone)]
pub struct PageCache {
    ttl: Duration,
    kept: moka::sync::Cache<Key, Arc<Entry>>,
    /// Pages being rendered: requests for one meanwhile wait for that render rather than each
    /// rendering it (no stampede when a popular page expires). `None` inside means the page
    /// could not be kept (an error, a redirect, a cookie). Holds only renders in progress.
    rendering: Arc<Mutex<HashMap<Key, Render>>>,
    /// Public data, by what it is and which one.
    data: moka::sync::Cache<(&'static str, String), Arc<Data>>,
    /// Counts the times the cache was emptied: data read before an emptying is not kept.
    emptied: Arc<AtomicU64>,
}

type Render = Arc<OnceCell<Option<Arc<Entry>>>>;

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache").field("ttl", &self.ttl).field("bytes", &self.kept.weighted_size()).finish()
    }
}

/// The address and the encodings the client accepts (the stored body may be compressed).
type Key = (String, String);

/// Public data, with what it costs in memory (roughly: its size as JSON).
struct Data {
    value: Box<dyn Any + Send + Sync>,
    bytes: u32,
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

    /// What the entry costs in memory, roughly: its body, headers and key.
    fn weight(key: &Key, entry: &Entry) -> u32 {
        let headers: usize = entry.headers.iter().map(|(k, v)| k.as_str().len() + v.len() + 32).sum();
        u32::try_from(entry.body.len() + headers + key.0.len() + key.1.len() + 128).unwrap_or(u32::MAX)
    }
}

impl PageCache {
    /// A cache keeping pages and public data for `ttl`, at most `max_bytes` of them (a
    /// quarter for data); a zero `ttl` turns it off.
    pub fn new(ttl: Duration, max_bytes: u64) -> Self {
        let data_bytes = max_bytes / 4;
        let kept = moka::sync::Cache::builder()
            .max_capacity(max_bytes - data_bytes)
            .weigher(|key, entry: &Arc<Entry>| Entry::weight(key, entry))
            .time_to_live(ttl.max(Duration::from_millis(1)))
            .build();
        let data = moka::sync::Cache::builder()
            .max_capacity(data_bytes)
            .weigher(|key: &(&str, String), data: &Arc<Data>| data.bytes.saturating_add(key.1.len() as u32 + 64))
            .time_to_live(ttl.max(Duration::from_millis(1)))
            .build();
        PageCache { ttl, kept, rendering: Arc::default(), data, emptied: Arc::default() }
    }

    /// The public data `kind` `key` (the same for whoever asks), from the cache or from `load`.
    pub async fn public_data<T, Fut>(
        &self,
        kind: &'static str,
        key: String,
        load: impl FnOnce() -> Fut,
    ) -> Result<T, AppError>
    where
        T: Clone + serde::Serialize + Send + Sync + 'static,
        Fut: Future<Output = Result<T, AppError>>,
    {
        if self.ttl.is_zero() {
            return load().await;
        }
        let key = (kind, key);
        if let Some(kept) = self.data.get(&key)
            && let Some(value) = kept.value.downcast_ref::<T>()
        {
            return Ok(value.clone());
        }
        let emptied = self.emptied.load(Ordering::Acquire);
        let value = load().await?;
        // A write that emptied the cache meanwhile may have changed what was read.
        if self.emptied.load(Ordering::Acquire) == emptied {
            let bytes = serde_json::to_vec(&value).map_or(u32::MAX, |json| u32::try_from(json.len()).unwrap_or(u32::MAX));
            self.data.insert(key, Arc::new(Data { value: Box::new(value.clone()), bytes }));
        }
        Ok(value)
    }

    /// Forgets every page and all public data: this server changed something they show.
    pub fn empty(&self) {
        self.forget_data();
        self.kept.invalidate_all();
    }

    /// Forgets the public data (not the pages): the search index saw products, suppliers or
    /// categories change, perhaps through another server.
    pub fn forget_data(&self) {
        self.emptied.fetch_add(1, Ordering::AcqRel);
        self.data.invalidate_all();
    }

    /// The bytes of pages and data kept now (after pending evictions have run).
    pub fn weighted_size(&self) -> u64 {
        self.kept.run_pending_tasks();
        self.data.run_pending_tasks();
        self.kept.weighted_size() + self.data.weighted_size()
    }

    /// The render of `key` in progress, or a new one.
    fn render_slot(&self, key: &Key) -> Render {
        let mut rendering = self.rendering.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        rendering.entry(key.clone()).or_default().clone()
    }

    fn rendered(&self, key: &Key, entry: Option<&Arc<Entry>>) {
        if let Some(entry) = entry {
            self.kept.insert(key.clone(), entry.clone());
        }
        self.rendering.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(key);
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
        let address = req.uri().to_string();
        if self.ttl.is_zero()
            || req.method() != Method::GET
            || !public
            || own_cookie
            || address.len() > MAX_KEPT_ADDRESS
        {
            return None;
        }
        let encodings = req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
        Some((address, encodings.chars().take(128).collect()))
    }
}

/// The middleware: answers anonymous requests for public pages from the cache, and empties
/// it after every successful write that changes public pages.
pub async fn serve(State(cache): State<PageCache>, req: Request, next: Next) -> Response {
    let Some(key) = cache.key(&req) else {
        let path = req.uri().path();
        let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
        let (pages, data) = (
            writes && PUBLIC_WRITES.iter().any(|prefix| path.starts_with(prefix)),
            writes && DATA_WRITES.iter().any(|prefix| path.starts_with(prefix)),
        );
        let response = next.run(req).await;
        if !response.status().is_client_error() && !response.status().is_server_error() {
            if pages {
                cache.empty();
            } else if data {
                cache.forget_data();
            }
        }
        return response;
    };
    if let Some(entry) = cache.kept.get(&key) {
        return entry.response();
    }
    let render = cache.render_slot(&key);
    let mut req = Some(req);
    let mut rendered = None;
    let kept = render
        .get_or_init(|| async {
            let (entry, response) = render_page(next.clone(), req.take()?).await;
            rendered = Some(response);
            entry.map(Arc::new)
        })
        .await;
    match (rendered, kept, req) {
        (Some(response), kept, _) => {
            // This request rendered the page: it keeps it, and the render leaves the table.
            cache.rendered(&key, kept.as_ref());
            response
        }
        (None, Some(entry), _) => entry.response(),
        // Another request's render could not be kept: this one is rendered on its own.
        (None, None, Some(req)) => next.run(req).await,
        (None, None, None) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Renders a page, and what of it can be kept: only a whole, ordinary page for anyone (no
/// redirect, no error, no cookie being set).
async fn render_page(next: Next, req: Request) -> (Option<Entry>, Response) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[tokio::test]
    async fn public_data_is_read_once_until_something_changes() {
        let cache = PageCache::new(Duration::from_secs(60), 1 << 20);
        let reads = AtomicUsize::new(0);
        let read = || async { Ok::<_, AppError>(reads.fetch_add(1, Ordering::SeqCst)) };
        assert_eq!(cache.public_data("n", "a".into(), read).await.unwrap(), 0);
        assert_eq!(cache.public_data("n", "a".into(), read).await.unwrap(), 0);
        assert_eq!(cache.public_data("n", "b".into(), read).await.unwrap(), 1);
        cache.forget_data();
        assert_eq!(cache.public_data("n", "a".into(), read).await.unwrap(), 2);
        // A change while the data was being read: what was read may be old, so it is not kept.
        let during = cache.public_data("n", "c".into(), || async {
            cache.empty();
            Ok::<_, AppError>(7)
        });
        assert_eq!(during.await.unwrap(), 7);
        assert_eq!(cache.public_data("n", "c".into(), read).await.unwrap(), 3);
        // Data is bounded by its bytes: what is larger than the cache's share is not kept.
        let small = PageCache::new(Duration::from_secs(60), 4_000);
        let big = || async { Ok::<_, AppError>((reads.fetch_add(1, Ordering::SeqCst), "x".repeat(2_000))) };
        assert_eq!(small.public_data("n", "a".into(), big).await.unwrap().0, 4);
        assert!(small.weighted_size() <= 4_000);
        assert_eq!(small.public_data("n", "a".into(), big).await.unwrap().0, 5);
        // Turned off, nothing is kept.
        let off = PageCache::new(Duration::ZERO, 1 << 20);
        assert_eq!(off.public_data("n", "a".into(), read).await.unwrap(), 6);
        assert_eq!(off.public_data("n", "a".into(), read).await.unwrap(), 7);
    }
}
