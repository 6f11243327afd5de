//! What wraps every request: body limits, multipart checks, error statuses for API clients, cache headers,
//! cross-site refusal and the client's address.

use crate::error::AppError;
use crate::server::AppState;
use crate::server::auth::{ClientIp, SignedInThisRequest};
use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use leptos::server_fn::ServerFn;
use std::net::SocketAddr;

/// Nothing legitimate is larger than an image upload with its form fields: bigger bodies are
/// cut off while they stream in, whatever length they announce.
pub(super) async fn limit_body(req: Request, next: Next) -> Response {
    const LIMIT: usize = crate::server::media::MAX_UPLOAD_BYTES + 64 * 1024;
    let announced = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if announced.is_some_and(|length| length > LIMIT) {
        return (StatusCode::PAYLOAD_TOO_LARGE, crate::server::media::MediaError::TooLarge.to_string()).into_response();
    }
    let (parts, body) = req.into_parts();
    next.run(Request::from_parts(parts, Body::new(http_body_util::Limited::new(body, LIMIT)))).await
}

/// The server functions that read a multipart form. The framework's multipart decoder panics
/// on a body without a multipart boundary (dropping the connection), so such a body is
/// refused here first.
const MULTIPART_FUNCTIONS: [&str; 4] = [
    <crate::api::messages::SendMessage as ServerFn>::PATH,
    <crate::api::catalog::CheckImport as ServerFn>::PATH,
    <crate::api::rfqs::PostRfq as ServerFn>::PATH,
    <crate::api::media::UploadImage as ServerFn>::PATH,
];

pub(super) async fn require_multipart(req: Request, next: Next) -> Response {
    if MULTIPART_FUNCTIONS.contains(&req.uri().path()) && !has_multipart_boundary(req.headers()) {
        return (StatusCode::UNSUPPORTED_MEDIA_TYPE, "This form must be sent as multipart/form-data.").into_response();
    }
    next.run(req).await
}

/// Whether the body is a multipart form with a boundary, read as the decoder reads it.
fn has_multipart_boundary(headers: &HeaderMap) -> bool {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    content_type.and_then(|ct| ct.parse::<mime::Mime>().ok()).is_some_and(|m| {
        m.type_() == mime::MULTIPART && m.subtype() == mime::FORM_DATA && m.get_param(mime::BOUNDARY).is_some()
    })
}

/// After a request that may have written (any but GET, HEAD and OPTIONS), this server's search
/// index applies the change feed before the answer goes out, so the next page shows the
/// write: a supplier who publishes a product finds it in search. Other servers see it within
/// their next read of the feed.
pub(super) async fn search_after_writes(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let res = next.run(req).await;
    if writes {
        state.search.catch_up(&state.db, std::time::Duration::from_secs(2)).await;
    }
    res
}

/// Server-function errors leave the server as 500s; give API clients the status that fits
/// the error (422, 403 …). Plain form posts are redirects and keep their status.
pub(super) async fn error_status(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR || !res.headers().contains_key("serverfnerror") {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, 1 << 20).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Hashed build assets never change under their name: cache them for a year. Other files for
/// a day. Pages can carry personal data: never stored by shared caches.
pub(super) async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    if res.headers().contains_key(header::CACHE_CONTROL) || !res.status().is_success() {
        return res;
    }
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = if path.starts_with("/pkg/") {
        "public, max-age=31536000, immutable"
    } else if is_html || path.starts_with("/api/") {
        "private, no-cache"
    } else {
        "public, max-age=86400"
    };
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    res
}

/// Is this request sent by a page of another site (a forged form post)? Browsers say so in
/// `Sec-Fetch-Site`; older ones at least send `Origin`. Requests with neither come from
/// non-browser clients, which carry no victim's cookies.
fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    origin == "null" || !origin_host.eq_ignore_ascii_case(host)
}

pub(super) async fn refuse_cross_site(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && is_cross_site(req.headers()) {
        tracing::warn!(path = %req.uri().path(), "refused a cross-site state-changing request");
        return (
            StatusCode::FORBIDDEN,
            Html(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Request refused · Caravan</title></head>\
                 <body><h1>Request refused</h1><p>This form was sent from another website, so Caravan did not act on it. \
                 If you meant to do this, open <a href=\"/\">Caravan</a> and try again there.</p></body></html>",
            ),
        )
            .into_response();
    }
    next.run(req).await
}

/// Works out the client's address once (for sign-in lock-outs and logs).
pub(super) async fn client_ip(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let forwarded = state
        .config
        .trust_proxy
        .then(|| req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()))
        .flatten()
        // The right-most entry is the one our proxy added; any before it came from the client.
        .and_then(|v| v.rsplit(',').next())
        .and_then(|ip| ip.trim().parse().ok());
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    req.extensions_mut().insert(ClientIp(forwarded.or(peer)));
    next.run(req).await
}

/// Gives each request its own place to keep who is signed in once read (`auth::signed_in`).
pub(super) async fn remember_signed_in(mut req: Request, next: Next) -> Response {
    req.extensions_mut().insert(SignedInThisRequest::default());
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn recognises_cross_site_requests() {
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!is_cross_site(&headers(&[("sec-fetch-site", "none")])));
        assert!(is_cross_site(&headers(&[("origin", "https://evil.example"), ("host", "shop.example")])));
        assert!(is_cross_site(&headers(&[("origin", "null"), ("host", "shop.example")])));
        assert!(!is_cross_site(&headers(&[("origin", "https://shop.example"), ("host", "shop.example")])));
        assert!(!is_cross_site(&headers(&[("host", "shop.example")])));
    }
}
