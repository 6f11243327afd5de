//! A filter choice in a sidebar: a link with how many results it leaves, marked when chosen
//! (its link then removes it).

use crate::domain::money::group_thousands;
use leptos::prelude::*;

pub fn facet_link(label: String, count: Option<u64>, active: bool, href: String) -> impl IntoView {
    view! {
        <li>
            <a href=href class="facet" class:facet-active=active aria-current=active.then_some("true")>
                <span>{label}</span>
                {count.map(|n| view! { <span class="facet-count">{group_thousands(&n.to_string())}</span> })}
            </a>
        </li>
    }
}
