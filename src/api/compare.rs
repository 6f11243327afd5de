//! Side-by-side comparison of up to four products. The choice lives in a cookie, so it
//! survives navigation for visitors and members alike, with or without JavaScript.

#[cfg(feature = "ssr")]
use crate::domain::links::with_notice;
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
use crate::error::AppError;
pub use crate::model::compare::*;
use leptos::prelude::*;

/// The picked products still published, in the order they were picked.
#[server(endpoint = "compare/list", input = server_fn::codec::GetUrl)]
pub async fn get_comparison() -> Result<Vec<CompareColumn>, AppError> {
    use crate::server::{compare, state};
    compare::columns(&state()?.db, compare::selection().ids()).await
}

/// Adds a product to the comparison or takes it out, then goes back to `back`.
#[server(endpoint = "compare/toggle")]
pub async fn toggle_compare(product: i64, #[server(default)] back: String) -> Result<(), AppError> {
    use crate::domain::compare::Toggled;
    use crate::server::compare;
    let mut selection = compare::selection();
    let outcome = selection.toggle(product);
    compare::store(&selection);
    let back = crate::domain::links::local_return_or(&back, "/compare");
    if outcome == Toggled::Full {
        crate::server::request::redirect(&with_notice(&back, Notice::CompareFull));
    } else {
        crate::server::request::redirect(&back);
    }
    Ok(())
}

#[server(endpoint = "compare/clear")]
pub async fn clear_compare() -> Result<(), AppError> {
    use crate::server::compare;
    compare::store(&crate::domain::compare::Selection::default());
    crate::server::request::redirect("/compare");
    Ok(())
}
