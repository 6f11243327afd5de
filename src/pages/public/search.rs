//! Product search at `/search?q=…` with its facets. Everything the buyer chose is in the
//! address, so a search can be shared, bookmarked and used without JavaScript: facets are
//! links, the quantity and price are a GET form, and every link goes back to page 1.

use crate::api::search::{FacetCount, SearchHit, SearchResults, search_products};
use crate::components::facet::facet_link;
use crate::components::notice::NoticeBanner;
use crate::components::page::{Page, Pagination};
use crate::components::product::CompareToggle;
use crate::components::search_enhance::SearchEnhancer;
use crate::components::seo::SocialMeta;
use crate::components::storefront::{Picture, VerifiedBadge};
use crate::domain::Currency;
use crate::domain::links;
use crate::domain::money::group_thousands;
use crate::domain::search::{Filter, ProductSearch, SearchSort};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_location;

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_location().search.get_untracked();
    let load = move |shell: &crate::api::session::ShellData| {
        let compared = shell.compared.clone();
        async move { Ok((search_products(query).await?, compared)) }
    };
    view! {
        <Page load let:found>
            <SearchHead results=found.0.clone()/>
            <SearchView results=found.0 compared=found.1/>
            <SearchEnhancer/>
        </Page>
    }
}

#[component]
fn SearchHead(results: SearchResults) -> impl IntoView {
    let search = &results.search;
    let category = results.facets.category_trail.last().map(|c| c.name.clone());
    let title = match (search.q.is_empty(), category) {
        (true, None) => "All products".to_string(),
        (true, Some(category)) => category,
        (false, None) => format!("“{}”", search.q),
        (false, Some(category)) => format!("“{}” in {category}", search.q),
    };
    view! {
        <Title text=format!("{title}: products and prices")/>
        <SocialMeta title=title.clone() description=format!("{} B2B products for {title}, with tiered prices, MOQs and lead times from verified suppliers on Caravan.", group_thousands(&results.total.to_string())) url=ProductSearch { page: 1, ..search.clone() }.href()/>
        // Search pages are for people; search engines index the category and product pages.
        <Meta name="robots" content="noindex, follow"/>
    }
}

/// Results, facets, sorting and pages for a search: the body of `/search` and `/c/{slug}`.
#[component]
pub fn SearchView(
    results: SearchResults,
    compared: Vec<i64>,
    /// Shown under the heading (a category page's subcategories).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let SearchResults { search, hits, total, pages, facets, corrected_from } = results;
    let heading = match (&search.q, facets.category_trail.last()) {
        (q, Some(category)) if q.is_empty() => category.name.clone(),
        (q, _) if q.is_empty() => "All products".to_string(),
        (q, _) => format!("Results for “{q}”"),
    };
    let count = match total {
        1 => "1 product".to_string(),
        n => format!("{} products", group_thousands(&n.to_string())),
    };
    let category_name = facets.category_trail.last().map(|c| c.name.clone()).unwrap_or_default();
    let chips = search
        .without_each_filter()
        .into_iter()
        .map(|(filter, without)| {
            let label = describe(&search, filter, &category_name);
            view! {
                <li>
                    <a class="chip" href=without.href()>
                        {label}
                        <span aria-hidden="true">" ×"</span>
                        <span class="visually-hidden">" (remove this filter)"</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let corrected = corrected_from.map(|typed| {
        view! {
            <p class="alert alert-info search-corrected" role="status">
                "No products matched “" {typed} "”. Showing results for “" <strong>{search.q.clone()}</strong> "” instead."
            </p>
        }
    });
    let body = if hits.is_empty() {
        view! { <NoResults search=search.clone()/> }.into_any()
    } else {
        view! {
            <ul class="search-results" role="list">
                {hits.into_iter().map(|hit| {
                    let selected = compared.contains(&hit.product_id);
                    view! { <HitCard hit quantity=search.quantity selected/> }
                }).collect_view()}
            </ul>
            <Pagination page=search.page pages label="Result pages" href={
                let search = search.clone();
                move |p| ProductSearch { page: p, ..search.clone() }.href()
            }/>
        }
        .into_any()
    };
    view! {
        <div class="container page search-page" id="search">
            <header class="page-head">
                {(!facets.category_trail.is_empty()).then(|| view! {
                    <nav aria-label="Breadcrumb" class="breadcrumbs">
                        <ol>
                            <li><a href="/search">"All products"</a></li>
                            {facets.category_trail.iter().map(|c| view! {
                                <li><a href=links::category(&c.slug)>{c.name.clone()}</a></li>
                            }).collect_view()}
                        </ol>
                    </nav>
                })}
                <h1 tabindex="-1">{heading}</h1>
                <p class="muted" role="status">{count}</p>
                {children.map(|c| c())}
            </header>
            <NoticeBanner/>
            {corrected}
            <div class="with-sidebar results-first">
                <FacetPanel search=search.clone() facets/>
                <div class="search-main">
                    <div class="results-bar">
                        <a class="btn btn-secondary btn-sm filters-link" href="#filters">"Filters"</a>
                        <ul class="chips" role="list" aria-label="Filters in use">{chips}</ul>
                        <SortForm search=search.clone()/>
                    </div>
                    {body}
                </div>
            </div>
        </div>
    }
}

/// A filter in use, in words.
fn describe(search: &ProductSearch, filter: Filter, category: &str) -> String {
    match filter {
        Filter::Category => category.to_string(),
        Filter::Quantity => format!("Quantity {}", group_thousands(&search.quantity.unwrap_or_default().to_string())),
        Filter::Price => match (search.currency, search.price_max) {
            (Some(currency), Some(max)) => {
                format!("Up to {} per unit", crate::domain::Money::from_minor(max, currency))
            }
            _ => String::new(),
        },
        Filter::Moq => format!("MOQ up to {}", group_thousands(&search.moq_max.unwrap_or_default().to_string())),
        Filter::Lead => format!("Ships within {} days", search.lead_max.unwrap_or_default()),
        Filter::Country => search.country.map(|c| c.name().to_string()).unwrap_or_default(),
        Filter::Verified => "Verified suppliers".to_string(),
        Filter::Sample => "Samples available".to_string(),
        Filter::Custom => search.custom.map(|c| c.label().to_string()).unwrap_or_default(),
    }
}

/// The search's parameters as hidden fields, but for those a form sets itself.
fn hidden_params(search: &ProductSearch, except: &'static [&'static str]) -> impl IntoView + use<> {
    search
        .params()
        .into_iter()
        .filter(|(key, _)| !except.contains(key) && *key != "page")
        .map(|(key, value)| view! { <input type="hidden" name=key value=value/> })
        .collect_view()
}

#[component]
fn SortForm(search: ProductSearch) -> impl IntoView {
    let current = search.sort;
    view! {
        <form class="sort-form" action="/search" method="get">
            {hidden_params(&search, &["sort"])}
            <label for="sort">"Sort by"</label>
            <select id="sort" name="sort" data-autosubmit="">
                {SearchSort::ALL.iter().map(|s| view! {
                    <option value=s.as_str() selected=*s == current>{s.label()}</option>
                }).collect_view()}
            </select>
            <button class="btn btn-secondary btn-sm" type="submit">"Sort"</button>
        </form>
    }
}

/// A list of facet links; the chosen one links to the search without it.
fn facet_list<T: Clone + PartialEq + 'static>(
    counts: Vec<FacetCount<T>>,
    chosen: Option<T>,
    link: impl Fn(Option<T>) -> String,
) -> impl IntoView {
    counts
        .into_iter()
        .map(|f| {
            let active = chosen.as_ref() == Some(&f.value);
            let href = if active { link(None) } else { link(Some(f.value.clone())) };
            facet_link(f.label, Some(f.count), active, href)
        })
        .collect_view()
}

#[component]
fn FacetGroup(title: &'static str, id: &'static str, children: Children) -> impl IntoView {
    view! {
        <section class="facet-group" aria-labelledby=id>
            <h2 id=id class="sidebar-title">{title}</h2>
            <ul class="facets" role="list">{children()}</ul>
        </section>
    }
}

#[component]
fn FacetPanel(search: ProductSearch, facets: crate::api::search::Facets) -> impl IntoView {
    let s = search.clone();
    let categories = {
        let s = s.clone();
        let parent = facets.category_trail.iter().rev().nth(1).cloned();
        let up = (!facets.category_trail.is_empty()).then(|| {
            let href = s.with(|n| n.category = parent.as_ref().map(|p| p.slug.clone()).unwrap_or_default()).href();
            let label = parent.map_or("All categories".to_string(), |p| format!("All of {}", p.name));
            view! { <li><a class="facet facet-up" href=href>{format!("‹ {label}")}</a></li> }
        });
        let s2 = s.clone();
        view! {
            {up}
            {facet_list(facets.categories, None, move |slug| s2.with(|n| n.category = slug.unwrap_or_default()).href())}
        }
    };
    let countries = {
        let s = s.clone();
        facet_list(facets.countries, search.country.map(|c| c.code().to_string()), move |code| {
            s.with(|n| n.country = code.and_then(|c| crate::domain::Country::parse(&c).ok())).href()
        })
    };
    let moq = {
        let s = s.clone();
        facet_list(facets.moq_limits, search.moq_max, move |m| s.with(|n| n.moq_max = m).href())
    };
    let lead = {
        let s = s.clone();
        facet_list(facets.lead_limits, search.lead_max, move |d| s.with(|n| n.lead_max = d).href())
    };
    let price_currency = facets.price_currency;
    let prices = {
        let s = s.clone();
        facet_list(facets.price_limits, search.price_max, move |p| {
            s.with(|n| {
                n.price_max = p;
                n.currency = if p.is_some() { price_currency } else { n.currency };
            })
            .href()
        })
    };
    let toggles = {
        let verified = FacetCount { value: true, label: "Verified suppliers".into(), count: facets.verified };
        let sample = FacetCount { value: true, label: "Samples available".into(), count: facets.sample };
        let (s1, s2) = (s.clone(), s.clone());
        view! {
            {facet_list(vec![verified], search.verified.then_some(true), move |v| s1.with(|n| n.verified = v.is_some()).href())}
            {facet_list(vec![sample], search.sample.then_some(true), move |v| s2.with(|n| n.sample = v.is_some()).href())}
        }
    };
    let custom = {
        let s = s.clone();
        facet_list(facets.custom, search.custom, move |c| s.with(|n| n.custom = c).href())
    };
    let currencies: Vec<Currency> = facets.currencies.iter().filter_map(|c| c.value.parse().ok()).collect();
    view! {
        <aside class="sidebar search-facets" id="filters" aria-label="Filters">
            <QuantityForm search=search.clone() currencies price_currency/>
            <FacetGroup title="Category" id="facet-category">{categories}</FacetGroup>
            <FacetGroup title="Supplier country" id="facet-country">{countries}</FacetGroup>
            <FacetGroup title="Minimum order" id="facet-moq">{moq}</FacetGroup>
            <FacetGroup title="Lead time" id="facet-lead">{lead}</FacetGroup>
            <FacetGroup title="Unit price" id="facet-price">{prices}</FacetGroup>
            <FacetGroup title="Supplier and samples" id="facet-supplier">{toggles}</FacetGroup>
            <FacetGroup title="Customisation" id="facet-custom">{custom}</FacetGroup>
        </aside>
    }
}

/// The quantity the buyer wants and the most they will pay per unit: prices and lead times
/// in the results are then those at that quantity.
#[component]
fn QuantityForm(search: ProductSearch, currencies: Vec<Currency>, price_currency: Option<Currency>) -> impl IntoView {
    let quantity = search.quantity.map(|q| q.to_string()).unwrap_or_default();
    let chosen = search.currency.or(price_currency).unwrap_or(Currency::Usd);
    let mut options = currencies;
    if !options.contains(&chosen) {
        options.insert(0, chosen);
    }
    let price = search
        .price_max
        .zip(search.currency)
        .map(|(p, c)| crate::domain::Money::from_minor(p, c).to_decimal_string())
        .unwrap_or_default();
    view! {
        <form class="quantity-form" action="/search" method="get" aria-labelledby="quantity-form-title">
            <h2 id="quantity-form-title" class="sidebar-title">"Quantity and price"</h2>
            {hidden_params(&search, &["qty", "currency", "price_max"])}
            <div class="field">
                <label for="qty">"Quantity you need"</label>
                <input id="qty" name="qty" type="number" inputmode="numeric" min="1" step="1" value=quantity aria-describedby="qty-hint"/>
                <p class="hint" id="qty-hint">"Prices and lead times at this quantity; MOQs above it are left out."</p>
            </div>
            <div class="field price-field">
                <label for="price_max">"Max unit price"</label>
                <div class="price-inputs">
                    <select name="currency" aria-label="Currency">
                        {options.into_iter().map(|c| view! { <option value=c.code() selected=c == chosen>{c.code()}</option> }).collect_view()}
                    </select>
                    <input id="price_max" name="price_max" type="text" inputmode="decimal" value=price autocomplete="off"/>
                </div>
            </div>
            <button class="btn btn-secondary btn-sm" type="submit">"Apply"</button>
        </form>
    }
}

#[component]
fn HitCard(hit: SearchHit, quantity: Option<u64>, selected: bool) -> impl IntoView {
    let unit = hit.unit;
    let price = match (hit.at_quantity, quantity) {
        (Some((unit_price, total)), Some(q)) => view! {
            <p class="hit-price">{format!("{unit_price} / {}", unit.name(1))}</p>
            <p class="hit-total">{format!("{total} for {}", unit.quantity(q))}</p>
        }
        .into_any(),
        _ => view! { <p class="hit-price">{format!("From {} / {}", hit.price_from, unit.name(1))}</p> }.into_any(),
    };
    let lead = match hit.lead_days {
        Some(days) => format!("Ships in {days} days"),
        None => "Lead time negotiable".to_string(),
    };
    let title_id = format!("hit-{}", hit.product_id);
    view! {
        <li class="hit">
            <a class="hit-image" href=hit.href.clone() tabindex="-1" aria-hidden="true">
                {match hit.image.clone() {
                    Some(image) => view! { <Picture image sizes="(min-width: 900px) 220px, 45vw" width=320 alt=""/> }.into_any(),
                    None => view! { <span class="sf-product-noimage"></span> }.into_any(),
                }}
            </a>
            <div class="hit-body">
                <h3 class="hit-title" id=title_id.clone()><a href=hit.href.clone()>{hit.title.clone()}</a></h3>
                {price}
                <p class="hit-terms">
                    <span>{format!("MOQ {}", unit.quantity(hit.moq))}</span>
                    <span>{lead}</span>
                    {hit.sample.then(|| view! { <span>"Samples"</span> })}
                </p>
                <p class="hit-supplier">
                    <a href=hit.supplier_href.clone()>{hit.supplier.clone()}</a>
                    <span class="muted">{format!(" · {}", hit.supplier_country)}</span>
                    {hit.verified.then(|| view! { " " <VerifiedBadge/> })}
                </p>
                <CompareToggle product_id=hit.product_id selected labelled_by=title_id/>
            </div>
        </li>
    }
}

#[component]
fn NoResults(search: ProductSearch) -> impl IntoView {
    let relax = search
        .without_each_filter()
        .into_iter()
        .map(|(filter, without)| {
            let label = format!("Without “{}”", describe(&search, filter, "this category"));
            view! { <li><a class="btn btn-secondary" href=without.href()>{label}</a></li> }
        })
        .collect_view();
    let any_text = (!search.q.is_empty()).then(|| {
        let href = ProductSearch { q: String::new(), ..search.clone() }.with(|_| {}).href();
        view! { <li><a class="btn btn-secondary" href=href>"Any product"</a></li> }
    });
    view! {
        <div class="empty-state">
            <h2>"No products match"</h2>
            <p>"Try fewer or shorter words, or loosen a filter:"</p>
            <ul class="actions" role="list">
                {relax}
                {any_text}
                <li><a class="btn btn-secondary" href="/suppliers">"Browse suppliers"</a></li>
            </ul>
        </div>
    }
}
