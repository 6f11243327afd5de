//! New messages in an open conversation without a reload: the page lists what it rendered
//! and, under it, an empty list that names the thread and its last message; with a script,
//! the island long-polls the server for newer messages and, when some arrive, takes them as
//! the server renders them from the conversation's page. The browser downloads no message
//! decoding and no view code for it; without a script, a reload shows them.

use leptos::prelude::*;

/// Where arrived messages go, and what the poll starts from.
#[component]
pub fn LiveMessageList(thread: i64, after: i64) -> impl IntoView {
    view! {
        <ul role="list" class="messages messages-live" aria-live="polite" data-thread=thread data-after=after></ul>
        <LiveMessages/>
    }
}

#[island(lazy)]
pub fn LiveMessages() -> impl IntoView {
    // As `SearchEnhancer`: hydration runs with the page in place.
    browser::start();
    view! { <span hidden></span> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use crate::api::messages::PollThread;
    use crate::components::browser_fetch as fetch;
    use crate::domain::ThreadId;
    use crate::domain::links;
    use leptos::prelude::*;
    use leptos::server_fn::ServerFn;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::Element;

    pub fn start() {
        leptos::task::spawn_local(follow());
    }

    /// Polls until the page is left: each answer waits on the server until there is news.
    async fn follow() {
        let Some(live) = document().query_selector(".messages-live[data-thread]").ok().flatten() else { return };
        let thread = live.get_attribute("data-thread").and_then(|t| t.parse::<ThreadId>().ok());
        let after = live.get_attribute("data-after").and_then(|a| a.parse::<i64>().ok());
        let (Some(thread), Some(mut after)) = (thread, after) else { return };
        let mut failures = 0u32;
        loop {
            let answered = match poll(thread, after).await {
                Some(News::Changed) => {
                    // The offer changed, and the page's forms with it.
                    let _ = window().location().reload();
                    return;
                }
                Some(News::Messages(last)) => {
                    let taken = take_rendered(&live, thread, after).await;
                    if taken {
                        after = last;
                    }
                    taken
                }
                Some(News::None) => true,
                None => false,
            };
            if answered {
                failures = 0;
            } else {
                // Offline or signed out: back off, and stop after a while.
                failures += 1;
                if failures > 20 {
                    return;
                }
                sleep(failures.min(10) * 1500).await;
            }
        }
    }

    enum News {
        None,
        /// Messages up to this id arrived.
        Messages(i64),
        Changed,
    }

    /// One long poll; its JSON read as plain JavaScript values (no decoder in the bundle).
    async fn poll(thread: ThreadId, after: i64) -> Option<News> {
        let response = fetch::get(&format!("{}?thread={thread}&after={after}", PollThread::PATH), "application/json").await?;
        let update = JsFuture::from(response.json().ok()?).await.ok()?;
        let field = |value: &JsValue, name: &str| js_sys::Reflect::get(value, &JsValue::from_str(name)).ok();
        if field(&update, "changed").and_then(|c| c.as_bool()) == Some(true) {
            return Some(News::Changed);
        }
        let messages = js_sys::Array::from(&field(&update, "messages")?);
        if messages.length() == 0 {
            return Some(News::None);
        }
        let last = field(&messages.get(messages.length() - 1), "id")?.as_f64()?;
        Some(News::Messages(last as i64))
    }

    /// Adds the messages after `after` from the conversation's page, as the server rendered
    /// them, under the live list; false when the page could not be had.
    async fn take_rendered(live: &Element, thread: ThreadId, after: i64) -> bool {
        let Some(page) = fetch::page(&links::thread(thread)).await else { return false };
        let Ok(items) = page.query_selector_all(".messages:not(.messages-live) > li[id^='m']") else { return false };
        let document = document();
        for n in 0..items.length() {
            let Some(item) = items.item(n).and_then(|i| i.dyn_into::<Element>().ok()) else { continue };
            let id = item.id();
            let newer = id.strip_prefix('m').and_then(|m| m.parse::<i64>().ok()).is_some_and(|m| m > after);
            if newer && document.get_element_by_id(&id).is_none() {
                let _ = live.insert_adjacent_html("beforeend", &item.outer_html());
            }
        }
        true
    }

    async fn sleep(millis: u32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis as i32);
        });
        let _ = JsFuture::from(promise).await;
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    pub fn start() {}
}
