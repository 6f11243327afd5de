//! Buyers' product search: results with facet counts, and suggestions while typing.

#[cfg(feature = "ssr")]
use crate::domain::search::ProductSearch;
use crate::error::AppError;
pub use crate::model::search::*;
use leptos::prelude::*;

/// A search as its page address's query string says it (`q=cup&qty=500&verified=1`).
#[server(endpoint = "search/products", input = server_fn::codec::GetUrl)]
pub async fn search_products(#[server(default)] query: String) -> Result<SearchResults, AppError> {
    use crate::server::{search, state};
    let state = state()?;
    search::run(&state.db, state.search.ready(), ProductSearch::from_query(&query)).await
}

/// Up to eight suggestions for what has been typed so far (from two characters on).
#[server(endpoint = "search/suggest", input = server_fn::codec::GetUrl)]
pub async fn suggest(#[server(default)] q: String) -> Result<Vec<Suggestion>, AppError> {
    use crate::server::{search, state};
    let state = state()?;
    search::suggest(&state.db, state.search.ready(), &q).await
}
