//! The HTTP application: routes, server functions, static files and the middleware around them
//! (request ids and tracing, the anonymous page cache, compression, cache headers, cross-site
//! request refusal, sessions).

mod files;
mod layers;
pub mod serve;
mod webhooks;

use files::*;
use layers::*;

use crate::app::{App, shell};
use crate::model::site::PublicUrl;
use crate::server::AppState;
use crate::server::session_store::DbSessionStore;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
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
    // and provides the state to both as context; pages also get the public address.
    let site = PublicUrl(state.config.public_url());
    let page_context = move || {
        provide_context(site.clone());
        leptos::nonce::provide_nonce();
    };
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
        .route("/supplier/statements/{file}", get(statement_file))
        .route("/webhooks/stripe", post(webhooks::stripe))
        .leptos_routes_with_context(&state, routes, page_context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(page_context, shell))
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
                .layer(middleware::from_fn_with_state(state.pages.clone(), crate::server::page_cache::serve))
                .layer(CompressionLayer::new())
                .layer(middleware::from_fn(cache_headers))
                .layer(middleware::from_fn(limit_body))
                .layer(middleware::from_fn(require_multipart))
                .layer(middleware::from_fn_with_state(state.clone(), search_after_writes))
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
                // No camera, microphone, location or payment prompts from any page (card
                // payments run in the provider's own frame, which it allows itself).
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::HeaderName::from_static("permissions-policy"),
                    HeaderValue::from_static("camera=(), microphone=(), geolocation=(), usb=(), interest-cohort=()"),
                ))
                .option_layer(state.config.secure_cookies.then(|| {
                    // Cookies marked Secure only work over HTTPS: browsers are told to keep to it.
                    SetResponseHeaderLayer::if_not_present(
                        header::STRICT_TRANSPORT_SECURITY,
                        HeaderValue::from_static("max-age=31536000; includeSubDomains"),
                    )
                }))
                .layer(middleware::from_fn(refuse_cross_site))
                .layer(middleware::from_fn_with_state(state.clone(), client_ip))
                .layer(middleware::from_fn(remember_signed_in))
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

async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}
