//! Orders for both sides: a buyer company's purchases, a supplier's incoming orders, each
//! with its lines, timeline, invoices and the actions the shared state machine allows the
//! caller now.
// Server functions take one argument per form field (so errors name the fields).
#![allow(clippy::too_many_arguments)]

use crate::domain::address::PostalAddress;
use crate::domain::order::{Action, Actor, InvoiceKind, OrderStatus, PaymentMethod, PaymentStatus};
use crate::domain::product::Unit;
use crate::domain::{CompanyId, Currency, Money, OrderId};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Which side of orders the caller looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    Buying,
    Selling,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: OrderId,
    pub number: String,
    /// The other company: the supplier for a buyer, the buyer for a supplier.
    pub counterparty: String,
    pub status: OrderStatus,
    pub payment: PaymentStatus,
    pub total: Money,
    pub placed_at: i64,
    pub po_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLineView {
    pub title: String,
    pub sku: String,
    pub variant_name: String,
    pub sample: bool,
    pub unit: Unit,
    pub quantity: u64,
    pub unit_price: Money,
    /// The tier that priced it (its first quantity).
    pub tier_from: Option<u64>,
    pub total: Money,
    pub product_href: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEvent {
    pub at: i64,
    pub actor: Actor,
    pub who: String,
    pub action: String,
    pub status: OrderStatus,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRef {
    pub kind: InvoiceKind,
    pub number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeView {
    pub reason: String,
    /// The buyer's photos (private addresses).
    pub evidence: Vec<crate::domain::image::ImageRef>,
    pub details: String,
    pub opened_at: i64,
    pub resolution: Option<String>,
    pub refund: Option<Money>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub id: OrderId,
    pub number: String,
    pub version: i64,
    pub side: Option<Side>,
    pub supplier: CompanyId,
    pub supplier_name: String,
    pub supplier_slug: String,
    pub buyer_name: String,
    pub status: OrderStatus,
    pub method: PaymentMethod,
    pub payment: PaymentStatus,
    pub currency: Currency,
    pub subtotal: Money,
    pub shipping: Money,
    pub total: Money,
    pub po_number: String,
    pub note: String,
    pub ship_to: PostalAddress,
    pub bill_to: PostalAddress,
    pub net_days: Option<u32>,
    pub carrier: String,
    pub tracking_number: String,
    pub placed_at: i64,
    pub shipped_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub due_at: Option<i64>,
    pub lines: Vec<OrderLineView>,
    pub timeline: Vec<TimelineEvent>,
    pub invoices: Vec<InvoiceRef>,
    pub dispute: Option<DisputeView>,
    /// What the caller may do now.
    pub actions: Vec<Action>,
    /// The card charge, when paid by card ("Visa ending 4242").
    pub card: Option<String>,
    /// Days after delivery before held funds go to the supplier by themselves.
    pub protection_days: u32,
    /// The buyer company (which adds evidence to a dispute).
    pub buyer: CompanyId,
    /// The buyer's review of the supplier for this order.
    pub review: Option<ReviewView>,
    /// The caller is the buyer and may review the supplier now.
    pub can_review: bool,
}

/// A buyer's review of a supplier, for one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub stars: crate::domain::review::Stars,
    pub comment: String,
    /// Who wrote it, and for which buyer company.
    pub author: String,
    pub buyer: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderList {
    pub side: Side,
    pub orders: Vec<OrderSummary>,
    pub status: Option<OrderStatus>,
    /// A supplier's money: (currency, pending in escrow, available).
    pub balances: Vec<(Currency, Money, Money)>,
}

#[server(endpoint = "orders", input = server_fn::codec::GetUrl)]
pub async fn get_orders(side: Side, #[server(default)] status: String) -> Result<OrderList, AppError> {
    use crate::server::{orders, state};
    let state = state()?;
    let user = crate::server::auth::require_user(&state).await?;
    orders::list(&state, &user, side, status.parse().ok()).await
}

#[server(endpoint = "orders/detail", input = server_fn::codec::GetUrl)]
pub async fn get_order(order: OrderId) -> Result<OrderDetail, AppError> {
    use crate::server::{orders, state};
    let state = state()?;
    let user = crate::server::auth::require_user(&state).await?;
    orders::detail(&state, &user, order).await
}

/// Moves an order on. `version` is the one the page showed: a stale page is refused.
#[server(endpoint = "orders/act")]
pub async fn act_on_order(
    order: OrderId,
    action: String,
    version: i64,
    #[server(default)] reason: String,
    #[server(default)] details: String,
    #[server(default)] carrier: String,
    #[server(default)] tracking_number: String,
    #[server(default)] refund: String,
) -> Result<(), AppError> {
    use crate::server::{orders, state};
    let state = state()?;
    let user = crate::server::auth::require_user(&state).await?;
    let action: Action = action.parse().map_err(|_| AppError::BadRequest("unknown action".into()))?;
    let input = orders::ActionInput { reason, details, carrier, tracking_number, refund };
    let side = orders::act(&state, &user, order, action, version, &input).await?;
    let base = match side {
        Some(Side::Selling) => "/supplier/orders",
        Some(Side::Buying) => "/orders",
        None => "/admin/disputes",
    };
    leptos_axum::redirect(&format!("{base}/{order}?notice=order_updated"));
    Ok(())
}

/// Puts an order's lines back in the cart at today's prices and terms.
#[server(endpoint = "orders/reorder")]
pub async fn reorder(order: OrderId) -> Result<(), AppError> {
    use crate::server::{orders, state};
    let state = state()?;
    let user = crate::server::auth::require_user(&state).await?;
    orders::reorder(&state, &user, order).await?;
    leptos_axum::redirect("/cart?notice=reordered");
    Ok(())
}

/// The buyer rates the supplier of an order whose goods arrived: 1 to 5 stars, a comment.
#[server(endpoint = "orders/review")]
pub async fn review_order(
    order: OrderId,
    #[server(default)] stars: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    use crate::server::{reviews, state};
    let state = state()?;
    let user = crate::server::auth::require_user(&state).await?;
    reviews::submit(&state, &user, order, &stars, &comment).await?;
    leptos_axum::redirect(&format!("/orders/{order}?notice=review_posted"));
    Ok(())
}
