//! A category at `/c/{slug}`: its products with the search facets (refining leads to
//! `/search`), its subcategories, and the suppliers that list it. Unlike search pages,
//! category pages are meant for search engines: indexable, canonical, with breadcrumbs.

use crate::api::market::{CategoryPage, get_category_page};
use crate::api::search::{SearchResults, search_products};
use crate::api::session::ShellData;
use crate::components::cards::SupplierGrid;
use crate::components::page::Page;
use crate::components::seo::SocialMeta;
use crate::domain::links;
use crate::domain::search::encode_query_value;
use crate::pages::public::SearchView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map};

#[component]
pub fn CategoryView() -> impl IntoView {
    let slug = use_params_map().read_untracked().get("slug").unwrap_or_default();
    let query = use_location().search.get_untracked();
    let load = move |shell: &ShellData| {
        let compared = shell.compared.clone();
        async move {
            let category = get_category_page(slug.clone()).await?;
            // The page's own parameters (sort, page) apply; its category is the address's.
            let query = format!("category={}&{query}", encode_query_value(&slug));
            Ok((category, search_products(query).await?, compared))
        }
    };
    view! {
        <Page load let:found>
            <CategoryContent page=found.0 results=found.1 compared=found.2/>
        </Page>
    }
}

#[component]
fn CategoryContent(page: CategoryPage, results: SearchResults, compared: Vec<i64>) -> impl IntoView {
    let name = page.category.name.clone();
    let description = format!(
        "{name}: {} products with tiered prices, MOQs and lead times from {} suppliers on Caravan, the open-source B2B marketplace.",
        results.total,
        page.suppliers.len()
    );
    let canonical = links::category(&page.category.slug);
    view! {
        <Title text=format!("{name}: products and suppliers")/>
        <SocialMeta title=format!("{name} on Caravan") description url=canonical/>
        <script type="application/ld+json" inner_html=page.json_ld.clone()></script>
        <SearchView results compared>
            {(!page.children.is_empty()).then(|| view! {
                <nav aria-label="Subcategories" class="subcategories">
                    <ul class="chips chips-links" role="list">
                        {page.children.iter().map(|c| view! { <li><a class="chip" href=links::category(&c.slug)>{c.name.clone()}</a></li> }).collect_view()}
                    </ul>
                </nav>
            })}
        </SearchView>
        <section class="container page-section" aria-labelledby="category-suppliers">
            <div class="section-head">
                <h2 id="category-suppliers">{format!("Suppliers in {name}")}</h2>
                {(page.supplier_total > page.suppliers.len() as u64).then(|| view! {
                    <a href=links::suppliers_in(&page.category.slug)>{format!("All {} suppliers", page.supplier_total)}</a>
                })}
            </div>
            {if page.suppliers.is_empty() {
                view! { <p class="muted">"No supplier lists this as a main category yet."</p> }.into_any()
            } else {
                view! { <SupplierGrid cards=page.suppliers/> }.into_any()
            }}
        </section>
    }
}
