//! The supplier directory at `/suppliers`: search by name, city, description or category,
//! filtered by country, category, verification and years in business. All state is in the
//! address, so a result list can be shared, and every filter is a link or a GET form.

use crate::api::market::{SupplierFilters, SupplierSearch, search_suppliers};
use crate::components::cards::SupplierGrid;
use crate::components::facet::facet_link;
use crate::components::page::{Page, Pagination};
use crate::components::seo::SocialMeta;
use crate::domain::money::group_thousands;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SuppliersPage() -> impl IntoView {
    let filters = {
        let query = use_query_map();
        let query = query.read_untracked();
        SupplierFilters::from_params(|key| query.get(key))
    };
    view! {
        <Page load=move |_| search_suppliers(filters) let:search>
            <Directory search/>
        </Page>
    }
}

#[component]
fn Directory(search: SupplierSearch) -> impl IntoView {
    let filters = search.filters();
    let heading = if search.query.is_empty() {
        "Suppliers".to_string()
    } else {
        format!("Suppliers matching “{}”", search.query)
    };
    let count = match search.total {
        1 => "1 supplier".to_string(),
        n => format!("{} suppliers", group_thousands(&n.to_string())),
    };
    let countries = search
        .countries
        .iter()
        .map(|c| {
            let active = search.country.as_deref() == Some(c.code.as_str());
            let code = if active { String::new() } else { c.code.clone() };
            facet_link(c.name.clone(), Some(c.count as u64), active, filters.with(|f| f.country = code).href())
        })
        .collect_view();
    let verified = facet_link(
        "Verified suppliers".to_string(),
        Some(search.verified_count),
        search.verified,
        filters.with(|f| f.verified = !f.verified).href(),
    );
    let years = search
        .years
        .iter()
        .map(|(years, n)| {
            let active = search.min_years == Some(*years);
            let choice = (!active).then_some(*years);
            facet_link(
                format!("{years}+ years in business"),
                Some(*n),
                active,
                filters.with(|f| f.min_years = choice).href(),
            )
        })
        .collect_view();
    let category_options = search
        .categories
        .iter()
        .map(|c| view! { <option value=c.slug.clone() selected=c.slug == search.category>{c.name.clone()}</option> })
        .collect_view();
    let hidden = {
        let f = filters.clone();
        view! {
            <input type="hidden" name="q" value=f.q/>
            <input type="hidden" name="country" value=f.country/>
            {f.verified.then(|| view! { <input type="hidden" name="verified" value="1"/> })}
            {f.min_years.map(|y| view! { <input type="hidden" name="years" value=y/> })}
        }
    };
    let page = search.page;
    let pages = search.pages;
    let at = {
        let filters = filters.clone();
        move |p: u32| SupplierFilters { page: p, ..filters.clone() }.href()
    };
    let results = if search.results.is_empty() {
        view! {
            <div class="empty-state">
                <h2>"No suppliers found"</h2>
                <p>"Try fewer or shorter words, check the spelling, or loosen a filter."</p>
                <p class="actions">
                    <a class="btn btn-secondary" href="/suppliers">"All suppliers"</a>
                    <a class="btn btn-secondary" href="/#categories">"Browse categories"</a>
                </p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <SupplierGrid cards=search.results.clone()/>
            <Pagination page pages label="Result pages" href=at/>
        }
        .into_any()
    };
    view! {
        <Title text=heading.clone()/>
        <SocialMeta title=heading.clone() description="Find B2B suppliers and manufacturers by name, category, city and country on Caravan; filter by verification and years in business." url=SupplierFilters { page: 1, ..filters.clone() }.href()/>
        <div class="container page">
            <header class="page-head">
                <h1>{heading}</h1>
                <p class="muted" role="status">{count}</p>
            </header>
            <form class="inline-fields directory-search" action="/suppliers" method="get" role="search">
                <label for="supplier-q" class="visually-hidden">"Search suppliers"</label>
                <input id="supplier-q" type="search" name="q" maxlength="100" value=search.query.clone() placeholder="Name, city, what they make…"/>
                <label for="supplier-category" class="visually-hidden">"Category"</label>
                <select id="supplier-category" name="category">
                    <option value="">"All categories"</option>
                    {category_options}
                </select>
                {hidden}
                <button class="btn btn-primary" type="submit">"Search suppliers"</button>
            </form>
            <div class="with-sidebar results-first">
                <aside class="sidebar search-facets" id="filters" aria-label="Filters">
                    <section class="facet-group" aria-labelledby="facet-trust">
                        <h2 id="facet-trust" class="sidebar-title">"Trust"</h2>
                        <ul class="facets" role="list">{verified}{years}</ul>
                    </section>
                    <section class="facet-group" aria-labelledby="country-filter">
                        <h2 id="country-filter" class="sidebar-title">"Supplier country"</h2>
                        <ul class="facets" role="list">{countries}</ul>
                    </section>
                </aside>
                <div>{results}</div>
            </div>
        </div>
    }
}
