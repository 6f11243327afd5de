//! What a script adds to search, on pages that load the WebAssembly anyway: suggestions in
//! the search boxes after two characters, and on `/search` itself results that update in
//! place when a facet, sort, page or the quantity form changes. Everything it enhances is a
//! plain link or form that works without it, and any failure falls back to loading the page.

use leptos::prelude::*;

/// The `<datalist>` the header and hero search boxes name in their `list` attribute.
pub const SUGGESTIONS_ID: &str = "search-suggestions";

#[island(lazy)]
pub fn SearchEnhancer() -> impl IntoView {
    // Hydration runs where the page is already in place: no effect (and none of the reactive
    // system's scheduling) is needed to find what to enhance.
    browser::install();
    view! { <span hidden></span> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::SUGGESTIONS_ID;
    use crate::components::browser_fetch as fetch;
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use std::time::Duration;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Element, Event, HtmlElement, HtmlFormElement, HtmlInputElement, MouseEvent};

    /// How long typing must pause before suggestions are asked for.
    const SUGGEST_DELAY: Duration = Duration::from_millis(150);

    pub fn install() {
        let document = document();
        let Ok(inputs) = document.query_selector_all(&format!("input[list={SUGGESTIONS_ID}]")) else { return };
        for n in 0..inputs.length() {
            if let Some(input) = inputs.item(n).and_then(|i| i.dyn_into::<HtmlInputElement>().ok()) {
                suggest_while_typing(input);
            }
        }
        if window().location().pathname().as_deref() == Ok("/search") {
            update_in_place();
        }
    }

    fn suggest_while_typing(input: HtmlInputElement) {
        let field = input.clone();
        fetch::after_typing(&input, SUGGEST_DELAY, move || spawn_local(fill_suggestions(field.value())));
    }

    async fn fill_suggestions(text: String) {
        let Some(list) = document().get_element_by_id(SUGGESTIONS_ID) else { return };
        if text.trim().chars().count() < 2 {
            list.set_inner_html("");
            return;
        }
        let url = format!("/api/search/suggest?q={}", String::from(js_sys::encode_uri_component(&text)));
        let Some(json) = fetch::get(&url, "application/json").await.and_then(|r| r.json().ok()) else { return };
        let Ok(value) = JsFuture::from(json).await else { return };
        list.set_inner_html("");
        for item in js_sys::Array::from(&value).iter() {
            let label = js_sys::Reflect::get(&item, &"label".into()).ok().and_then(|l| l.as_string());
            if let (Some(label), Ok(option)) = (label, document().create_element("option")) {
                let _ = option.set_attribute("value", &label);
                let _ = list.append_child(&option);
            }
        }
    }

    /// Facet links, sorting, pages and the quantity form of `/search` load their results into
    /// the page and into the address bar, so Back and sharing work as with full loads.
    fn update_in_place() {
        let on_click = Closure::<dyn FnMut(MouseEvent)>::new(move |event: MouseEvent| {
            if event.default_prevented()
                || event.button() != 0
                || event.ctrl_key()
                || event.meta_key()
                || event.shift_key()
                || event.alt_key()
            {
                return;
            }
            let Some(link) = closest(&event, "#search a[href^='/search']") else { return };
            let Some(href) = link.get_attribute("href") else { return };
            event.prevent_default();
            spawn_local(show(href, true));
        });
        let on_submit = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            let Some(form) =
                closest(&event, "#search form[method=get]").and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
            else {
                return;
            };
            let Some(query) = fetch::form_query(&form) else { return };
            event.prevent_default();
            spawn_local(show(format!("/search?{query}"), true));
        });
        // The sort menu applies itself; its button stays for those without a script.
        let on_change = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            if let Some(form) = closest(&event, "#search select[data-autosubmit]")
                .and_then(|select| select.closest("form").ok().flatten())
                .and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
            {
                let _ = form.request_submit();
            }
        });
        let on_back = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            let location = window().location();
            let href = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
            spawn_local(show(href, false));
        });
        let document = document();
        let _ = document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        let _ = document.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        let _ = document.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        let _ = window().add_event_listener_with_callback("popstate", on_back.as_ref().unchecked_ref());
        on_click.forget();
        on_submit.forget();
        on_change.forget();
        on_back.forget();
    }

    fn closest(event: &Event, selector: &str) -> Option<Element> {
        event.target()?.dyn_into::<Element>().ok()?.closest(selector).ok().flatten()
    }

    /// Puts the results of `href` in place of the current ones; loads the page instead if
    /// anything goes wrong.
    async fn show(href: String, push: bool) {
        if !swap(&href, push).await {
            let _ = window().location().assign(&href);
        }
    }

    thread_local! {
        static LATEST: fetch::Latest = const { fetch::Latest::new() };
    }

    async fn swap(href: &str, push: bool) -> bool {
        let document = document();
        let Some(current) = document.get_element_by_id("search") else { return false };
        let _ = current.set_attribute("aria-busy", "true");
        let request = LATEST.with(fetch::Latest::start);
        let Some(fresh) = fetch::page(href).await else { return false };
        if !LATEST.with(|latest| latest.is(request)) {
            return true;
        }
        let Some(results) = fresh.get_element_by_id("search") else { return false };
        if push
            && window()
                .history()
                .and_then(|h| h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href)))
                .is_err()
        {
            return false;
        }
        current.set_outer_html(&results.outer_html());
        document.set_title(&fresh.title());
        // Focus moves to the new heading, so screen readers announce the new results.
        if let Some(heading) =
            document.query_selector("#search h1").ok().flatten().and_then(|h| h.dyn_into::<HtmlElement>().ok())
        {
            let _ = heading.focus();
        }
        true
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    pub fn install() {}
}
