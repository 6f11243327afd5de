//! What a script adds to a product page's quantity form (`QuantityPricer`): as the buyer types
//! a quantity or picks an option, the page asks the server for the same form priced (the GET
//! the "Show price" button sends) and puts its price line and tier table in place, with the
//! choice in the address. The server stays the one place that prices, and the browser
//! downloads no pricing rules, no encoders and no view code for it. Any failure leaves the
//! plain form, which works without it.

use leptos::prelude::*;

#[island(lazy)]
pub fn PricerEnhancer() -> impl IntoView {
    // As `SearchEnhancer`: hydration runs with the page in place.
    browser::install();
    view! { <span hidden></span> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use crate::components::browser_fetch as fetch;
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use std::time::Duration;
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlFormElement};

    /// How long typing must pause before the server is asked.
    const PRICE_DELAY: Duration = Duration::from_millis(150);

    /// The pricer's form on this page.
    const FORM: &str = "form.buyer-pricer";

    thread_local! {
        static LATEST: fetch::Latest = const { fetch::Latest::new() };
    }

    pub fn install() {
        if let Some(form) = document().query_selector(FORM).ok().flatten().and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
        {
            // Typing in the quantity and picking an option both fire `input`.
            let priced = form.clone();
            fetch::after_typing(&form, PRICE_DELAY, move || spawn_local(reprice(priced.clone())));
        }
    }

    fn within(root: &web_sys::Document, selector: &str) -> Option<Element> {
        root.query_selector(&format!("{FORM} {selector}")).ok().flatten()
    }

    async fn reprice(form: HtmlFormElement) {
        let document = document();
        let Some(query) = fetch::form_query(&form) else { return };
        let href = format!("{}?{query}", window().location().pathname().unwrap_or_default());
        let request = LATEST.with(fetch::Latest::start);
        let Some(fresh) = fetch::page(&href).await else { return };
        if !LATEST.with(|latest| latest.is(request)) {
            return;
        }
        // The live region keeps its element, so screen readers announce the new price.
        if let (Some(output), Some(priced)) =
            (within(&document, ".price-calculator-result"), within(&fresh, ".price-calculator-result"))
        {
            output.set_text_content(priced.text_content().as_deref());
        }
        // The fields stay as they are, so focus and what is being typed are untouched.
        if let (Some(tiers), Some(priced)) = (within(&document, ".tier-table tbody"), within(&fresh, ".tier-table tbody")) {
            tiers.set_outer_html(&priced.outer_html());
        }
        // A refusal shown beside the quantity was about what was typed before.
        if let Some(refusal) = within(&document, "#calc-quantity-error") {
            refusal.remove();
            if let Some(quantity) = within(&document, "#calc-quantity") {
                let _ = quantity.remove_attribute("aria-invalid");
                let _ = quantity.remove_attribute("aria-describedby");
            }
        }
        if let Some(history) = window().history().ok() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    pub fn install() {}
}
