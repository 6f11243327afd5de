//! A published product at `/s/{supplier}/p/{product}`: pictures, price tiers, the price at a
//! quantity (`?quantity=`, worked out on the server: the page ships no script), order terms,
//! options, specifications and shipping facts.

use crate::api::market::get_product;
use crate::components::layout::Breadcrumbs;
use crate::components::page::Page;
use crate::components::product::{Pricing, ProductSheet};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ProductView() -> impl IntoView {
    let params = use_params_map().read_untracked();
    let supplier = params.get("slug").unwrap_or_default();
    let product = params.get("product").unwrap_or_default();
    let quantity = use_query_map().read_untracked().get("quantity").and_then(|q| q.trim().parse().ok());
    view! {
        <Page load=move |_| get_product(supplier, product) let:detail>
            <Title text=format!("{} · {}", detail.title, detail.supplier_name)/>
            <Meta name="description" content=format!(
                "{} from {}: from {} per {}, minimum order {}.",
                detail.title,
                detail.supplier_name,
                detail.terms.tiers.iter().map(|t| t.unit_price).min_by_key(|m| m.minor()).map(|m| m.to_string()).unwrap_or_default(),
                detail.unit.name(1),
                detail.unit.quantity(detail.terms.moq),
            )/>
            <div class="container page">
                <Breadcrumbs
                    trail=vec![(format!("/s/{}", detail.supplier_slug), detail.supplier_name.clone()), (format!("/s/{}/products", detail.supplier_slug), "Products".to_string())]
                    current=detail.title.clone()
                />
                <ProductSheet detail pricing=Pricing::AtQuantity(quantity)/>
            </div>
        </Page>
    }
}
