//! Links between the pages of a newest-first list (see `domain::paging`).

use crate::domain::paging::Cursor;
use leptos::prelude::*;

/// "Older …" to the page after `next`, and, on an older page, back to the newest. `base` is
/// the list's address with its filters.
#[component]
pub fn Pager(base: String, next: Option<Cursor>, older_page: bool, older: &'static str, newest: &'static str) -> impl IntoView {
    let joiner = if base.contains('?') { '&' } else { '?' };
    let older_href = next.map(|c| format!("{base}{joiner}before={c}"));
    (older_page || older_href.is_some()).then(|| {
        view! {
            <nav class="pager" aria-label="Pages">
                {older_page.then(|| view! { <a class="btn btn-secondary btn-sm" href=base.clone()>{newest}</a> })}
                {older_href.map(|href| view! { <a class="btn btn-secondary btn-sm" href=href rel="next">{older}</a> })}
            </nav>
        }
    })
}
