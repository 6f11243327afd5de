//! The cart: lines grouped by supplier, priced from the products' current terms at every read
//! and change. A signed-in buyer's cart is kept on the server; a visitor's in a cookie that
//! joins their cart when they sign in.

#[cfg(feature = "ssr")]
use crate::domain::cart::{LineKind, parse_line_key};
#[cfg(feature = "ssr")]
use crate::domain::links::with_notice;
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
use crate::error::AppError;
pub use crate::model::cart::*;
use leptos::prelude::*;

#[server(endpoint = "cart", input = server_fn::codec::GetUrl)]
pub async fn get_cart() -> Result<CartView, AppError> {
    use crate::server::{cart, state};
    cart::view(&state()?).await
}

/// Adds `quantity` of a product's `variant` (its position on the product page) as `kind`
/// (`bulk` or `sample`); an existing line of the same variant and kind grows by it.
#[server(endpoint = "cart/add")]
pub async fn add_to_cart(
    product: i64,
    #[server(default)] variant: usize,
    quantity: String,
    #[server(default)] kind: String,
) -> Result<(), AppError> {
    use crate::server::{cart, state};
    let kind = LineKind::parse(&kind).unwrap_or(LineKind::Bulk);
    // The option goes back with a refusal, so the page shows the one the buyer picked.
    let position = variant.to_string();
    cart::add(&state()?, product, variant, kind, &quantity)
        .await
        .map_err(|e| e.with_echo([("variant", position.as_str())]))?;
    crate::server::request::redirect(&with_notice("/cart", Notice::CartAdded));
    Ok(())
}

/// Sets a line's quantity (`line` as [`line_key`] writes it).
#[server(endpoint = "cart/update")]
pub async fn update_cart_line(line: String, quantity: String) -> Result<(), AppError> {
    use crate::server::{cart, state};
    let (variant, kind) = parse_line_key(&line).ok_or_else(|| AppError::not_found("cart line"))?;
    cart::set_quantity(&state()?, variant, kind, &quantity).await?;
    crate::server::request::redirect(&with_notice("/cart", Notice::CartUpdated));
    Ok(())
}

#[server(endpoint = "cart/remove")]
pub async fn remove_cart_line(line: String) -> Result<(), AppError> {
    use crate::server::{cart, state};
    let (variant, kind) = parse_line_key(&line).ok_or_else(|| AppError::not_found("cart line"))?;
    cart::remove(&state()?, variant, kind).await?;
    crate::server::request::redirect(&with_notice("/cart", Notice::CartRemoved));
    Ok(())
}

/// The buyer accepts the current prices of every line.
#[server(endpoint = "cart/accept")]
pub async fn accept_cart_prices() -> Result<(), AppError> {
    use crate::server::{cart, state};
    cart::accept_prices(&state()?).await?;
    crate::server::request::redirect(&with_notice("/cart", Notice::PricesAccepted));
    Ok(())
}
