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

/// What a GET of `form` sends after the `?`: its fields, encoded as the browser would.
pub fn form_query(form: &web_sys::HtmlFormElement) -> Option<String> {
    let data = web_sys::FormData::new_with_form(form).ok()?;
    Some(web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?.to_string().into())
}

/// GETs the page at `href` and parses it, to take parts of it into the current page.
pub async fn page(href: &str) -> Option<web_sys::Document> {
    let response = get(href, "text/html").await?;
    let html = text(&response).await?;
    web_sys::DomParser::new().ok()?.parse_from_string(&html, web_sys::SupportedType::TextHtml).ok()
}

/// Numbers the requests of one kind, so only the latest answer is shown: someone who acts
/// again before the page updates gets what they did last, as with full loads.
pub struct Latest(std::cell::Cell<u64>);

impl Latest {
    pub const fn new() -> Self {
        Self(std::cell::Cell::new(0))
    }

    /// A new request's number.
    pub fn start(&self) -> u64 {
        self.0.set(self.0.get() + 1);
        self.0.get()
    }

    /// Is request `n` still the latest?
    pub fn is(&self, n: u64) -> bool {
        self.0.get() == n
    }
}

/// Runs `ask` once typing in `target` (its `input` events) has paused for `pause`: one
/// request per pause rather than one per keystroke.
pub fn after_typing(target: &web_sys::EventTarget, pause: std::time::Duration, ask: impl Fn() + 'static) {
    let ask = std::rc::Rc::new(ask);
    let mut timer = None::<leptos::prelude::TimeoutHandle>;
    let on_input = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        if let Some(handle) = timer.take() {
            handle.clear();
        }
        let ask = ask.clone();
        timer = leptos::prelude::set_timeout_with_handle(move || ask(), pause).ok();
    });
    let _ = target.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
    on_input.forget();
}
