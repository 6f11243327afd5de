//! Public marketplace pages: the home page, categories, supplier search and company profiles.

use crate::error::AppError;
pub use crate::model::market::*;
use leptos::prelude::*;

#[server(endpoint = "market/home")]
pub async fn get_home_data() -> Result<HomeData, AppError> {
    use crate::server::{market, state};
    market::home(&state()?.db).await
}

#[server(endpoint = "market/category")]
pub async fn get_category_page(slug: String) -> Result<CategoryPage, AppError> {
    use crate::server::{market, state};
    let state = state()?;
    market::category(&state.db, &state.config.public_url(), &slug).await
}

#[server(endpoint = "market/suppliers")]
pub async fn search_suppliers(filters: SupplierFilters) -> Result<SupplierSearch, AppError> {
    use crate::server::{market, state};
    market::search_suppliers(&state()?.db, filters).await
}

/// A product page by its address's last segment. An address whose words are not the
/// product's (renamed since, or mistyped) is sent permanently to the right one.
#[server(endpoint = "market/product")]
pub async fn get_product_page(address: String) -> Result<ProductPage, AppError> {
    use crate::server::{compare, market, state};
    let state = state()?;
    let id = crate::domain::product::market_id(&address).ok_or_else(|| AppError::not_found("product"))?;
    let public_url = state.config.public_url();
    let load = || market::product_page(&state.db, &public_url, id);
    let mut page = state.pages.public_data("product page", id.to_string(), load).await?;
    if page.href != format!("/p/{address}") {
        crate::server::request::redirect_permanently(&page.href);
    }
    page.compared = compare::selection().ids().contains(&id.get());
    Ok(page)
}

/// Where a product's storefront address from before marketplace addresses now lives.
#[server(endpoint = "market/product_address")]
pub async fn get_product_address(supplier: String, product: String) -> Result<String, AppError> {
    use crate::server::{market, state};
    let to = market::product_address(&state()?.db, &supplier, &product).await?;
    crate::server::request::redirect_permanently(&to);
    Ok(to)
}
