//! `/orders` and `/orders/{id}`: a buying company's orders.

use crate::api::orders::{Side, get_order, get_orders};
use crate::components::order::{OrderListView, OrderView};
use crate::components::page::{NoIndex, Page};
use crate::domain::OrderId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn OrdersPage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let (status, before) = (query.get("status").unwrap_or_default(), query.get("before").unwrap_or_default());
    view! {
        <Title text="Your orders"/>
        <NoIndex/>
        <Page load=move |_| get_orders(Side::Buying, status, before) let:list>
            <OrderListView list/>
        </Page>
    }
}

/// One order, for whichever side the caller is on (the server decides what they may do).
#[component]
pub fn OrderPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").and_then(|id| id.parse::<OrderId>().ok());
    view! {
        <Title text="Order"/>
        <NoIndex/>
        <Page load=move |_| async move {
            match id {
                Some(id) => get_order(id).await,
                None => Err(crate::error::AppError::not_found("order")),
            }
        } let:order>
            <Title text=format!("Order {}", order.number)/>
            <OrderView order/>
        </Page>
    }
}
