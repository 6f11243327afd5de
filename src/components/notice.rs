//! The confirmation an action's redirect names (`?notice=<key>`), shown above the page.

use crate::domain::notice::Notice;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NoticeBanner() -> impl IntoView {
    let query = use_query_map();
    move || {
        query.read().get("notice").and_then(|key| key.parse::<Notice>().ok()).map(|notice| {
            view! {
                <div class="alert alert-success" role="status">
                    <p>{notice.label()}</p>
                </div>
            }
        })
    }
}
