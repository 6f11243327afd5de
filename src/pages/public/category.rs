use crate::api::market::{CategoryPage, get_category_page};
use crate::components::cards::SupplierGrid;
use crate::components::page::Page;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn CategoryView() -> impl IntoView {
    let slug = use_params_map().read_untracked().get("slug").unwrap_or_default();
    view! {
        <Page load=move |_| get_category_page(slug) let:page>
            <CategoryContent page/>
        </Page>
    }
}

#[component]
fn CategoryContent(page: CategoryPage) -> impl IntoView {
    let name = page.category.name.clone();
    let description = format!("{name} suppliers and manufacturers on Caravan, the open-source B2B marketplace.");
    let count = match page.suppliers.len() {
        1 => "1 supplier".to_string(),
        n => format!("{n} suppliers"),
    };
    view! {
        <Title text=name.clone()/>
        <Meta name="description" content=description/>
        <div class="container page">
            <nav aria-label="Breadcrumb" class="breadcrumbs">
                <ol>
                    <li><a href="/">"Home"</a></li>
                    {page.parent.map(|p| view! { <li><a href=format!("/c/{}", p.slug)>{p.name}</a></li> })}
                    <li aria-current="page">{name.clone()}</li>
                </ol>
            </nav>
            <header class="page-head">
                <h1>{name}</h1>
                <p class="muted">{count}</p>
            </header>
            {(!page.children.is_empty()).then(|| view! {
                <nav aria-label="Subcategories">
                    <ul class="chips chips-links" role="list">
                        {page.children.into_iter().map(|c| view! { <li><a class="chip" href=format!("/c/{}", c.slug)>{c.name}</a></li> }).collect_view()}
                    </ul>
                </nav>
            })}
            {if page.suppliers.is_empty() {
                view! {
                    <div class="empty-state">
                        <h2>"No suppliers in this category yet"</h2>
                        <p>"Suppliers choose their main categories when they set up their profile."</p>
                        <p class="actions"><a class="btn btn-secondary" href="/search">"See all suppliers"</a></p>
                    </div>
                }.into_any()
            } else {
                view! {
                    <h2 class="visually-hidden">"Suppliers"</h2>
                    <SupplierGrid cards=page.suppliers/>
                }.into_any()
            }}
        </div>
    }
}
