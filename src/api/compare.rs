//! Side-by-side comparison of up to four products. The choice lives in a cookie, so it
//! survives navigation for visitors and members alike, with or without JavaScript.

use crate::api::media::ImageRef;
use crate::domain::product::Unit;
use crate::domain::terms::TradeTerms;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A supplier as buyers judge it beside its product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierSummary {
    pub name: String,
    pub href: String,
    pub country: String,
    pub verified: bool,
    pub year_established: Option<i64>,
    pub business_type: Option<crate::domain::profile::BusinessType>,
    pub response: crate::domain::message::Responsiveness,
    /// `None` until a buyer reviews the supplier.
    pub rating: Option<crate::domain::review::SupplierRating>,
}

/// A supplier's rating as cards and comparisons show it.
pub fn rating_label(rating: Option<crate::domain::review::SupplierRating>) -> String {
    rating.map_or_else(|| "No reviews yet".to_string(), |r| r.label())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareColumn {
    pub product_id: i64,
    pub href: String,
    pub title: String,
    pub image: Option<ImageRef>,
    pub unit: Unit,
    pub terms: TradeTerms,
    pub supplier: SupplierSummary,
}

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
    let back = crate::api::account::safe_next(&back).unwrap_or("/compare");
    if outcome == Toggled::Full {
        let sep = if back.contains('?') { '&' } else { '?' };
        leptos_axum::redirect(&format!("{back}{sep}notice=compare_full"));
    } else {
        leptos_axum::redirect(back);
    }
    Ok(())
}

#[server(endpoint = "compare/clear")]
pub async fn clear_compare() -> Result<(), AppError> {
    use crate::server::compare;
    compare::store(&crate::domain::compare::Selection::default());
    leptos_axum::redirect("/compare");
    Ok(())
}
