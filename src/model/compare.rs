//! The comparison table: each picked product with its terms and its supplier as buyers judge
//! it.

use crate::domain::image::ImageRef;
use crate::domain::product::Unit;
use crate::domain::terms::TradeTerms;
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
