//! The HTTP application: routes, server functions, static files and the middleware around them
//! (request ids and tracing, the anonymous page cache, compression, cache headers, cross-site
//! request refusal, sessions).

use super::AppState;
use super::auth::ClientIp;
use super::session_store::DbSessionStore;
use super::sitemap;
use crate::app::{App, shell};
use crate::error::AppError;
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::net::SocketAddr;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use tracing::Level;

pub const SESSION_COOKIE: &str = "caravan_session";
const SESSION_IDLE_DAYS: i64 = 14;

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(SESSION_IDLE_DAYS)));

    // `leptos_routes_with_context` mounts the pages and every server function under /api,
    // and provides the state to both as context.
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/media/{name}", get(public_media))
        .route("/private-media/{name}", get(private_media))
        .route("/robots.txt", get(robots))
        .route("/sitemap.xml", get(sitemap_index))
        .route("/sitemaps/{file}", get(sitemap_file))
        .route("/supplier/products/export.csv", get(export_catalog))
        .route("/invoices/{order}/{kind}/pdf", get(invoice_pdf))
        .route("/attachments/{id}", get(attachment))
        .route("/supplier/products/template.csv", get(catalog_template))
        .route("/supplier/products/categories.csv", get(category_list))
        .leptos_routes_with_context(&state, routes, || (), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(|| (), shell))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(request_span)
                        .on_response(DefaultOnResponse::new().level(Level::INFO)),
                )
                .layer(PropagateRequestIdLayer::x_request_id())
                // Outside compression, so a kept page is kept compressed.
                .layer(middleware::from_fn_with_state(state.pages.clone(), super::page_cache::serve))
                .layer(CompressionLayer::new())
                .layer(middleware::from_fn(cache_headers))
                .layer(middleware::from_fn(limit_body))
                // No framing by other sites (the builder's preview frames our own pages), no
                // content sniffing, and no full URLs leaking to other origins.
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::X_FRAME_OPTIONS,
                    HeaderValue::from_static("SAMEORIGIN"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("strict-origin-when-cross-origin"),
                ))
                .layer(middleware::from_fn(refuse_cross_site))
                .layer(middleware::from_fn_with_state(state.clone(), client_ip))
                .layer(middleware::from_fn(error_status))
                .layer(sessions),
        )
        .with_state(state)
}

fn request_span(req: &Request) -> tracing::Span {
    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
    tracing::info_span!("request", id, method = %req.method(), path = %req.uri().path())
}

async fn healthz() -> &'static str {
    "ok"
}

/// Nothing legitimate is larger than an image upload with its form fields: bigger bodies are
/// cut off while they stream in, whatever length they announce.
async fn limit_body(req: Request, next: Next) -> Response {
    const LIMIT: usize = super::media::MAX_UPLOAD_BYTES + 64 * 1024;
    let announced = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if announced.is_some_and(|length| length > LIMIT) {
        return (StatusCode::PAYLOAD_TOO_LARGE, super::media::MediaError::TooLarge.to_string()).into_response();
    }
    let (parts, body) = req.into_parts();
    next.run(Request::from_parts(parts, Body::new(http_body_util::Limited::new(body, LIMIT)))).await
}

/// A media file by its content-addressed name: it never changes, so it is cached for a year.
async fn public_media(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    media_response(state.media.public.get(&name).await, &name)
}

/// A verification document: only for platform admins and the members of its company.
async fn private_media(State(state): State<AppState>, session: Session, Path(name): Path<String>) -> Response {
    let user = match super::auth::session_user(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return error_response(AppError::Unauthenticated),
        Err(err) => return error_response(err),
    };
    match super::media::private_readers(&state.db, &name).await {
        Ok(Some(readers))
            if user.is_admin || user.company.as_ref().is_some_and(|m| readers.contains(&m.company_id.get())) =>
        {
            let mut response = media_response(state.media.private.get(&name).await, &name);
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600"));
            response
        }
        Ok(Some(_)) => error_response(AppError::Forbidden),
        Ok(None) => error_response(AppError::not_found("document")),
        Err(err) => error_response(err),
    }
}

/// A message or RFQ file, for the companies that may see it: images shown inline, PDFs
/// downloaded, never rendered as a page of ours (sandboxed, no sniffing).
async fn attachment(State(state): State<AppState>, session: Session, Path(id): Path<String>) -> Response {
    let user = match super::auth::session_user(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return error_response(AppError::Unauthenticated),
        Err(err) => return error_response(err),
    };
    let Ok(id) = id.parse() else { return error_response(AppError::not_found("file")) };
    match super::attachments::open(&state, &user, id).await {
        Ok((name, content_type, bytes)) => {
            let disposition = if content_type.starts_with("image/") { "inline" } else { "attachment" };
            // The name is already stripped of quotes and control characters; non-ASCII goes
            // in the RFC 5987 form.
            let ascii: String = name.chars().map(|c| if c.is_ascii() { c } else { '_' }).collect();
            let encoded: String = name
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            let value = format!("{disposition}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            for (key, value) in [
                (header::CONTENT_TYPE, HeaderValue::from_str(&content_type)),
                (header::CONTENT_DISPOSITION, HeaderValue::from_str(&value)),
                (header::CACHE_CONTROL, Ok(HeaderValue::from_static("private, max-age=3600"))),
                (header::CONTENT_SECURITY_POLICY, Ok(HeaderValue::from_static("sandbox; default-src 'none'"))),
            ] {
                match value {
                    Ok(value) => {
                        headers.insert(key, value);
                    }
                    Err(_) => return error_response(AppError::Internal),
                }
            }
            response
        }
        Err(err) => error_response(err),
    }
}

async fn robots(State(state): State<AppState>) -> Response {
    let base = state.config.public_url();
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"))],
        sitemap::robots(base.trim_end_matches('/')),
    )
        .into_response()
}

async fn sitemap_index(State(state): State<AppState>) -> Response {
    let base = state.config.public_url();
    xml_response(sitemap::index(&state.db, base.trim_end_matches('/')).await.map(Some))
}

/// `pages.xml`, or `products-{n}.xml`.
async fn sitemap_file(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let base = state.config.public_url();
    let base = base.trim_end_matches('/');
    let found = match file.strip_suffix(".xml") {
        Some("pages") => sitemap::pages(&state.db, base).await.map(Some),
        Some(name) => match name.strip_prefix("products-").and_then(|n| n.parse().ok()) {
            Some(n) => sitemap::products(&state.db, base, n).await,
            None => Ok(None),
        },
        None => Ok(None),
    };
    xml_response(found)
}

fn xml_response(found: Result<Option<String>, AppError>) -> Response {
    match found {
        Ok(Some(xml)) => {
            ([(header::CONTENT_TYPE, HeaderValue::from_static("application/xml; charset=utf-8"))], xml).into_response()
        }
        Ok(None) => error_response(AppError::not_found("sitemap")),
        Err(err) => error_response(err),
    }
}

/// The signed-in supplier's whole catalog as a CSV download.
async fn export_catalog(State(state): State<AppState>, session: Session) -> Response {
    let membership = match super::auth::session_user(&state, &session).await {
        Ok(Some(user)) => match user.company {
            Some(m) if m.kind.sells() => m,
            _ => return error_response(AppError::Forbidden),
        },
        Ok(None) => return error_response(AppError::Unauthenticated),
        Err(err) => return error_response(err),
    };
    match super::catalog_csv::export(&state.db, membership.company_id).await {
        Ok(csv) => {
            let (y, m, d) = crate::domain::date::civil_date(super::now());
            let name = format!("{}-catalog-{y}-{m:02}-{d:02}.csv", membership.company_slug);
            csv_response(csv, &name)
        }
        Err(err) => error_response(err),
    }
}

/// An invoice as a PDF download, for the order's buyer and supplier.
async fn invoice_pdf(
    State(state): State<AppState>,
    session: Session,
    Path((order, kind)): Path<(String, String)>,
) -> Response {
    let user = match super::auth::session_user(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return error_response(AppError::Unauthenticated),
        Err(err) => return error_response(err),
    };
    let (Ok(order), Ok(kind)) = (order.parse(), kind.parse()) else {
        return error_response(AppError::not_found("invoice"));
    };
    match super::invoices::pdf(&state, &user, order, kind).await {
        Ok((name, bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
                        .unwrap_or(HeaderValue::from_static("attachment")),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
            ],
            bytes,
        )
            .into_response(),
        Err(err) => error_response(err),
    }
}

async fn catalog_template() -> Response {
    csv_response(super::catalog_csv::template(), "caravan-catalog-template.csv")
}

/// Every category's address and full name, for the import's `category` column.
async fn category_list(State(state): State<AppState>) -> Response {
    match super::catalog_csv::category_list(&state.db).await {
        Ok(csv) => csv_response(csv, "caravan-categories.csv"),
        Err(err) => error_response(err),
    }
}

fn csv_response(body: String, file_name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{file_name}\"");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        body,
    )
        .into_response()
}

fn error_response(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, err.to_string()).into_response()
}

fn media_response(found: std::io::Result<Option<Vec<u8>>>, name: &str) -> Response {
    let content_type = if name.ends_with(".png") { "image/png" } else { "image/jpeg" };
    match found {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "cannot read media");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// Server-function errors leave the server as 500s; give API clients the status that fits
/// the error (422, 403 …). Plain form posts are redirects and keep their status.
async fn error_status(req: Request, next: Next) -> Response {
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
async fn cache_headers(req: Request, next: Next) -> Response {
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
pub fn is_cross_site(headers: &HeaderMap) -> bool {
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

async fn refuse_cross_site(req: Request, next: Next) -> Response {
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
async fn client_ip(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let forwarded = state
        .config
        .trust_proxy
        .then(|| req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()))
        .flatten()
        .and_then(|v| v.split(',').next())
        .and_then(|ip| ip.trim().parse().ok());
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    req.extensions_mut().insert(ClientIp(forwarded.or(peer)));
    next.run(req).await
}

/// The value of the request's cookie `name`, inside a server function or page render.
pub fn request_cookie(name: &str) -> Option<String> {
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()?;
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.to_string())
}

/// Sets a script-proof cookie on the response for `days` (0 deletes it).
pub fn set_cookie(name: &str, value: &str, days: u32) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        let cookie = format!("{name}={value}; Path=/; Max-Age={}; SameSite=Lax; HttpOnly", u64::from(days) * 24 * 3600);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.append_header(header::SET_COOKIE, value);
        }
    }
}

/// Sends the page's visitor to `to` for good (301), so links and search engines follow.
pub fn redirect_permanently(to: &str) {
    leptos_axum::redirect(to);
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::MOVED_PERMANENTLY);
    }
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
