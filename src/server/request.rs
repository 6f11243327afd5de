//! The request and response of the server function or page render in progress: cookies and
//! redirects.

use axum::http::{HeaderValue, header};

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

/// Sends the caller on to `to` after the action (302 for a form, a header for a script).
/// An address that cannot be a header (it never should: see `links::local_return`) goes to
/// the home page instead of panicking inside the framework and dropping the connection.
pub fn redirect(to: &str) {
    if HeaderValue::from_str(to).is_ok() {
        leptos_axum::redirect(to);
    } else {
        tracing::error!(to = ?to, "refused a redirect address that is not a valid header");
        leptos_axum::redirect("/");
    }
}

/// Sends the page's visitor to `to` for good (301), so links and search engines follow.
pub fn redirect_permanently(to: &str) {
    redirect(to);
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::MOVED_PERMANENTLY);
    }
}

/// Sets the page's Content-Security-Policy: scripts only from this site, the ones this render
/// marked with its nonce (the hydration script) and the card provider's; WebAssembly may
/// compile; no inline event handlers, plugins, other sites' frames around ours, or `<base>`.
/// Styles may be inline (storefront themes set colours on elements).
pub fn send_content_security_policy() {
    use leptos::prelude::use_context;
    let (Some(nonce), Some(response)) =
        (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    let payments = use_context::<super::AppState>().map(|state| card_provider_sources(&state.config)).unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'{payments}; \
         connect-src 'self'{payments}; frame-src 'self'{payments}; img-src 'self' data: blob:{payments}; \
         style-src 'self' 'unsafe-inline'; font-src 'self' data:; object-src 'none'; base-uri 'self'; \
         frame-ancestors 'self'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Where the card provider's script, frames and API live (with a leading space), when cards go
/// to Stripe: its own domains, or the addresses of a stand-in such as localstripe.
fn card_provider_sources(config: &super::config::Config) -> String {
    if config.payments != "stripe" {
        return String::new();
    }
    let mut sources = vec!["https://*.stripe.com".to_string(), "https://*.stripe.network".to_string()];
    for address in [&config.stripe.js_url, &config.stripe.api_url] {
        if let Ok(url) = url::Url::parse(address) {
            sources.push(url.origin().ascii_serialization());
        }
    }
    sources.dedup();
    sources.iter().map(|s| format!(" {s}")).collect()
}
