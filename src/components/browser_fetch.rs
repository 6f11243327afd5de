//! Islands call the server with a plain `fetch`, not the generated server-function clients:
//! those bring their encoders, response streams and HTTP client into the WebAssembly every
//! visitor downloads.

use leptos::prelude::window;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

/// Sends `request` and answers the response whatever its status, or `None` when the server
/// could not be reached.
pub async fn send(request: &Request) -> Option<Response> {
    Some(JsFuture::from(window().fetch_with_request(request)).await.ok()?.unchecked_into())
}

/// GETs `url` asking for `accept`; only a successful response.
pub async fn get(url: &str, accept: &str) -> Option<Response> {
    let request = Request::new_with_str_and_init(url, &RequestInit::new()).ok()?;
    request.headers().set("Accept", accept).ok()?;
    send(&request).await.filter(Response::ok)
}

/// The body of `response` as text.
pub async fn text(response: &Response) -> Option<String> {
    JsFuture::from(response.text().ok()?).await.ok()?.as_string()
}

/// GETs `url` and reads its JSON answer as `T`.
pub async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> Option<T> {
    let response = get(url, "application/json").await?;
    leptos::serde_json::from_str(&text(&response).await?).ok()
}
