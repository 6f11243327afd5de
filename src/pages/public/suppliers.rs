use crate::api::market::{SupplierSearch, search_suppliers};
use crate::components::cards::SupplierGrid;
use crate::components::page::{Page, encode_query_value};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

/// Supplier search: all state in the URL (`/search?q=…&country=…`), so results can be shared.
#[component]
pub fn SuppliersPage() -> impl IntoView {
    let (q, country) = {
        let query = use_query_map();
        let query = query.read_untracked();
        (query.get("q").unwrap_or_default(), query.get("country").unwrap_or_default())
    };
    view! {
        <Page load=move |_| search_suppliers(q, country) let:search>
            <SearchResults search/>
        </Page>
    }
}

fn search_href(query: &str, country: Option<&str>) -> String {
    let mut href = format!("/suppliers?q={}", encode_query_value(query));
    if let Some(country) = country {
        href.push_str("&country=");
        href.push_str(&encode_query_value(country));
    }
    href
}

#[component]
fn SearchResults(search: SupplierSearch) -> impl IntoView {
    let heading = if search.query.is_empty() {
        "Suppliers".to_string()
    } else {
        format!("Suppliers matching “{}”", search.query)
    };
    let count = match search.results.len() {
        1 => "1 supplier".to_string(),
        n => format!("{n} suppliers"),
    };
    let q = search.query.clone();
    let selected = search.country.clone();
    let filters = search
        .countries
        .into_iter()
        .map(|c| {
            let active = selected.as_deref() == Some(c.code.as_str());
            let href = if active { search_href(&q, None) } else { search_href(&q, Some(&c.code)) };
            view! {
                <li>
                    <a href=href class="facet" class:facet-active=active aria-current=active.then_some("true")>
                        <span>{c.name}</span>
                        <span class="facet-count">{c.count}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let empty = search.results.is_empty();
    let clear_href = search_href(&search.query, None);
    view! {
        <Title text=heading.clone()/>
        <Meta name="description" content="Find B2B suppliers by name, category, city and country on Caravan."/>
        <div class="container page">
            <header class="page-head">
                <h1>{heading}</h1>
                <p class="muted" role="status">{count}</p>
            </header>
            <div class="with-sidebar">
                <aside class="sidebar" aria-labelledby="country-filter">
                    <h2 id="country-filter" class="sidebar-title">"Supplier country"</h2>
                    <ul class="facets" role="list">{filters}</ul>
                </aside>
                <div>
                    {if empty {
                        view! {
                            <div class="empty-state">
                                <h2>"No suppliers found"</h2>
                                <p>"Try fewer or shorter words, check the spelling, or browse by category."</p>
                                <p class="actions">
                                    {search.country.is_some().then(|| view! { <a class="btn btn-secondary" href=clear_href>"Any country"</a> })}
                                    <a class="btn btn-secondary" href="/suppliers">"All suppliers"</a>
                                    <a class="btn btn-secondary" href="/#categories">"Browse categories"</a>
                                </p>
                            </div>
                        }.into_any()
                    } else {
                        view! { <SupplierGrid cards=search.results/> }.into_any()
                    }}
                </div>
            </div>
        </div>
    }
}
