//! Search results as the page shows them: hits, facet counts and suggestions.

use crate::domain::Money;
use crate::domain::image::ImageRef;
use crate::domain::product::{Customization, Unit};
use crate::domain::search::ProductSearch;
use crate::model::session::CategoryLink;
use serde::{Deserialize, Serialize};

/// A product in the results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub product_id: i64,
    pub href: String,
    pub title: String,
    pub image: Option<ImageRef>,
    pub category: String,
    pub supplier: String,
    pub supplier_href: String,
    pub supplier_country: String,
    pub verified: bool,
    pub unit: Unit,
    pub moq: u64,
    pub price_from: Money,
    /// The unit price and line total at the buyer's quantity, when one is given.
    pub at_quantity: Option<(Money, Money)>,
    /// Days to ship at the buyer's quantity (or the MOQ); `None` is "negotiable".
    pub lead_days: Option<u32>,
    pub sample: bool,
}

/// One choice of a facet and how many results it would leave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount<T> {
    pub value: T,
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// The chosen category and those above it, top first.
    pub category_trail: Vec<CategoryLink>,
    /// The categories one level below the chosen one (the top level without one).
    pub categories: Vec<FacetCount<String>>,
    pub countries: Vec<FacetCount<String>>,
    /// Currencies of the results: a price limit applies in one of them.
    pub currencies: Vec<FacetCount<String>>,
    /// Unit-price limits (minor units of `price_currency`) that narrow the results.
    pub price_limits: Vec<FacetCount<i64>>,
    pub price_currency: Option<crate::domain::Currency>,
    pub moq_limits: Vec<FacetCount<u64>>,
    pub lead_limits: Vec<FacetCount<u32>>,
    pub verified: u64,
    pub sample: u64,
    pub custom: Vec<FacetCount<Customization>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The search as run, after reading its address (and correcting its spelling, if needed).
    pub search: ProductSearch,
    pub hits: Vec<SearchHit>,
    pub total: u64,
    pub pages: u32,
    pub facets: Facets,
    /// The text the buyer typed, when nothing matched it and these results are for a near
    /// spelling (`search.q`).
    pub corrected_from: Option<String>,
}

/// A suggestion while typing: a category or a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub label: String,
    pub detail: String,
    pub href: String,
}

/// A synonym group as the admin page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SynonymEntry {
    pub id: i64,
    /// The category's path; `None` for everywhere.
    pub category: Option<String>,
    /// "tee, t shirt, tshirt"
    pub words: String,
}

/// The search engine as operators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchEngineStatus {
    /// Searches use the index (otherwise the database, while it is being built).
    pub ready: bool,
    pub documents: u64,
    pub segments: u64,
    /// Where the index is: a directory, or memory.
    pub location: String,
    pub bytes_on_disk: Option<u64>,
}

/// The admin page of search: the engine, the synonyms, and the categories to give them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchAdmin {
    pub engine: SearchEngineStatus,
    pub synonyms: Vec<SynonymEntry>,
    pub categories: Vec<crate::model::catalog::CategoryOption>,
}
