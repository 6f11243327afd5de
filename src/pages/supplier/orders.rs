//! `/supplier/orders` and `/supplier/orders/{id}`: orders placed with the supplier.

use crate::api::orders::{Side, get_orders};
use crate::components::order::OrderListView;
use crate::components::page::{NoIndex, Page};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub use crate::pages::buyer::OrderPage as SupplierOrderPage;

#[component]
pub fn SupplierOrdersPage() -> impl IntoView {
    let status = use_query_map().read_untracked().get("status").unwrap_or_default();
    view! {
        <Title text="Incoming orders"/>
        <NoIndex/>
        <Page load=move |_| get_orders(Side::Selling, status) let:list>
            <OrderListView list/>
        </Page>
    }
}
