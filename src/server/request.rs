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
