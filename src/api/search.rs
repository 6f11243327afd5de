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
    let search = ProductSearch::from_query(&query);
    let engine = state.search.ready();
    state.pages.public_data("search", search.href(), || search::run(&state.db, engine, search.clone())).await
}

/// Up to eight suggestions for what has been typed so far (from two characters on).
#[server(endpoint = "search/suggest", input = server_fn::codec::GetUrl)]
pub async fn suggest(#[server(default)] q: String) -> Result<Vec<Suggestion>, AppError> {
    use crate::server::{search, state};
    let state = state()?;
    search::suggest(&state.db, state.search.ready(), &q).await
}

/// The search engine's state, the synonym groups and the categories to give them (admins).
#[server(endpoint = "admin/search", input = server_fn::codec::GetUrl)]
pub async fn get_search_admin() -> Result<SearchAdmin, AppError> {
    use crate::server::catalog::taxonomy::categories;
    use crate::server::search::synonyms;
    use crate::server::{auth, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    Ok(SearchAdmin {
        engine: state.search.status(),
        synonyms: synonyms::entries(&state.db).await?,
        categories: categories(&state.db).await?,
    })
}

/// Adds words that mean the same ("tee, t-shirt"), for one category (its slug) or, without
/// one, everywhere.
#[server(endpoint = "admin/search/synonyms")]
pub async fn add_synonyms(#[server(default)] category: String, words: String) -> Result<(), AppError> {
    use crate::domain::links::with_notice;
    use crate::domain::notice::Notice;
    use crate::server::search::synonyms;
    use crate::server::{auth, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    synonyms::add(&state.db, &category, &words)
        .await
        .map_err(|e| e.with_echo([("category", category.as_str()), ("words", words.as_str())]))?;
    crate::server::request::redirect(&with_notice("/admin/search", Notice::SynonymsAdded));
    Ok(())
}

#[server(endpoint = "admin/search/synonyms/remove")]
pub async fn remove_synonyms(id: i64) -> Result<(), AppError> {
    use crate::domain::links::with_notice;
    use crate::domain::notice::Notice;
    use crate::server::search::synonyms;
    use crate::server::{auth, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    synonyms::remove(&state.db, id).await?;
    crate::server::request::redirect(&with_notice("/admin/search", Notice::SynonymsRemoved));
    Ok(())
}

/// Asks every app server to rebuild its index from the database.
#[server(endpoint = "admin/search/reindex")]
pub async fn reindex_search() -> Result<(), AppError> {
    use crate::domain::links::with_notice;
    use crate::domain::notice::Notice;
    use crate::server::search::engine;
    use crate::server::{auth, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    engine::request_rebuild(&state.db).await?;
    crate::server::request::redirect(&with_notice("/admin/search", Notice::ReindexRequested));
    Ok(())
}
