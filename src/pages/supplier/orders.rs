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
    let query = use_query_map().read_untracked();
    let (status, before) = (query.get("status").unwrap_or_default(), query.get("before").unwrap_or_default());
    view! {
        <Title text="Incoming orders"/>
        <NoIndex/>
        <Page load=move |_| get_orders(Side::Selling, status, before) let:list>
            <OrderListView list/>
        </Page>
    }
}
