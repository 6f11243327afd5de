//! Orders for both sides: a buyer company's purchases, a supplier's incoming orders, each
//! with its lines, timeline, invoices and the actions the shared state machine allows the
//! caller now.
// Server functions take one argument per form field (so errors name the fields).
#![allow(clippy::too_many_arguments)]

use crate::domain::OrderId;
#[cfg(feature = "ssr")]
use crate::domain::links::{self, with_notice};
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
#[cfg(feature = "ssr")]
use crate::domain::order::Action;
use crate::error::AppError;
pub use crate::model::orders::*;
use leptos::prelude::*;

#[server(endpoint = "orders", input = server_fn::codec::GetUrl)]
pub async fn get_orders(
    side: Side,
    #[server(default)] status: String,
    #[server(default)] before: String,
) -> Result<OrderList, AppError> {
    use crate::domain::paging::Cursor;
    use crate::server::{orders, state};
    let state = state()?;
    let user = crate::server::auth::require_user(&state).await?;
    orders::list(&state, &user, side, status.parse().ok(), Cursor::parse(&before)).await
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
    #[server(default)] transit_days: String,
    #[server(default)] refund: String,
) -> Result<(), AppError> {
    use crate::server::{orders, state};
    let state = state()?;
    let user = crate::server::auth::require_user(&state).await?;
    let action: Action = action.parse().map_err(|_| AppError::BadRequest("unknown action".into()))?;
    let input = crate::domain::order::ActionForm { reason, details, carrier, tracking_number, transit_days, refund };
    let side = orders::act(&state, &user, order, action, version, &input).await?;
    let page = match side {
        Some(Side::Selling) => links::supplier_order(order),
        Some(Side::Buying) => links::order(order),
        None => links::dispute(order),
    };
    crate::server::request::redirect(&with_notice(&page, Notice::OrderUpdated));
    Ok(())
}

/// Puts an order's lines back in the cart at today's prices and terms.
#[server(endpoint = "orders/reorder")]
pub async fn reorder(order: OrderId) -> Result<(), AppError> {
    use crate::server::{orders, state};
    let state = state()?;
    let user = crate::server::auth::require_user(&state).await?;
    orders::reorder(&state, &user, order).await?;
    crate::server::request::redirect(&with_notice("/cart", Notice::Reordered));
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
    crate::server::request::redirect(&with_notice(&links::order(order), Notice::ReviewPosted));
    Ok(())
}
