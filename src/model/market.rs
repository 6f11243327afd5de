//! The public marketplace: home page, categories, supplier search, company profiles, product
//! cards and product pages.

use crate::domain::CompanyKind;
use crate::domain::image::ImageRef;
use crate::domain::profile::{Certification, ProfileFacts};
use crate::model::session::CategoryLink;
use serde::{Deserialize, Serialize};

/// "In business for at least … years" choices of the supplier directory.
pub const YEARS_IN_BUSINESS: [u32; 3] = [5, 10, 20];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierCard {
    pub name: String,
    pub slug: String,
    pub country_code: String,
    pub country_name: String,
    pub city: String,
    pub summary: String,
    pub categories: Vec<String>,
    pub member_since: i64,
    pub verified: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryTile {
    pub category: CategoryLink,
    pub children: Vec<CategoryLink>,
    pub supplier_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketStats {
    pub suppliers: i64,
    pub buyers: i64,
    pub countries: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeData {
    pub tiles: Vec<CategoryTile>,
    /// Recent products of verified suppliers, one per supplier.
    pub featured_products: Vec<ProductCard>,
    pub new_products: Vec<ProductCard>,
    pub verified_suppliers: Vec<SupplierCard>,
    pub new_suppliers: Vec<SupplierCard>,
    pub stats: MarketStats,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryPage {
    pub category: CategoryLink,
    pub children: Vec<CategoryLink>,
    /// Some of the suppliers that list the category (or one below it), the verified first.
    pub suppliers: Vec<SupplierCard>,
    pub supplier_total: u64,
    /// schema.org `BreadcrumbList` of the category's trail.
    pub json_ld: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryCount {
    pub code: String,
    pub name: String,
    pub count: i64,
}

/// The supplier directory's filters, as in its address (`/suppliers?q=…&country=…`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierFilters {
    pub q: String,
    pub country: String,
    /// A top-level category's slug.
    pub category: String,
    pub verified: bool,
    pub min_years: Option<u32>,
    pub page: u32,
}

impl SupplierFilters {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        SupplierFilters {
            q: get("q").unwrap_or_default(),
            country: get("country").unwrap_or_default(),
            category: get("category").unwrap_or_default(),
            verified: get("verified").as_deref() == Some("1"),
            min_years: get("years").and_then(|y| y.parse().ok()).filter(|y| YEARS_IN_BUSINESS.contains(y)),
            page: get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        }
    }

    pub fn href(&self) -> String {
        use crate::domain::search::encode_query_value;
        let mut params: Vec<String> = Vec::new();
        for (key, value) in [("q", &self.q), ("country", &self.country), ("category", &self.category)] {
            if !value.is_empty() {
                params.push(format!("{key}={}", encode_query_value(value)));
            }
        }
        if self.verified {
            params.push("verified=1".into());
        }
        if let Some(years) = self.min_years {
            params.push(format!("years={years}"));
        }
        if self.page > 1 {
            params.push(format!("page={}", self.page));
        }
        if params.is_empty() { "/suppliers".to_string() } else { format!("/suppliers?{}", params.join("&")) }
    }

    /// These filters changed by `change`, back on page 1.
    pub fn with(&self, change: impl FnOnce(&mut SupplierFilters)) -> SupplierFilters {
        let mut next = self.clone();
        change(&mut next);
        next.page = 1;
        next
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierSearch {
    pub query: String,
    pub country: Option<String>,
    pub category: String,
    pub verified: bool,
    pub min_years: Option<u32>,
    pub results: Vec<SupplierCard>,
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    pub countries: Vec<CountryCount>,
    /// How many of the results are verified.
    pub verified_count: u64,
    /// (years, how many results are in business at least that long).
    pub years: Vec<(u32, u64)>,
    /// Top-level categories to filter by.
    pub categories: Vec<CategoryLink>,
}

impl SupplierSearch {
    /// The filters these results are for.
    pub fn filters(&self) -> SupplierFilters {
        SupplierFilters {
            q: self.query.clone(),
            country: self.country.clone().unwrap_or_default(),
            category: self.category.clone(),
            verified: self.verified,
            min_years: self.min_years,
            page: self.page,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyProfile {
    pub name: String,
    pub slug: String,
    pub kind: CompanyKind,
    pub country_code: String,
    pub country_name: String,
    pub member_since: i64,
    pub categories: Vec<CategoryLink>,
    /// City and description among them.
    pub facts: ProfileFacts,
    pub certifications: Vec<Certification>,
    /// The date the page was made (ISO), against which certifications expire.
    pub today: String,
    pub logo: Option<ImageRef>,
    pub banner: Option<ImageRef>,
    /// Since when the company holds the Verified badge.
    pub verified_since: Option<i64>,
    /// Median time to first reply to inquiries over the last 90 days, in seconds.
    pub measured_response_secs: Option<i64>,
    /// Buyers' reviews; `None` before the first.
    pub rating: Option<crate::domain::review::SupplierRating>,
}

/// A product as lists show it: picture, title, price from, minimum order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductCard {
    pub href: String,
    pub title: String,
    pub image: Option<ImageRef>,
    pub price_from: crate::domain::Money,
    pub moq: u64,
    pub unit: crate::domain::product::Unit,
    pub category: String,
}

/// A page of a supplier's products, with the categories they can be filtered by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductList {
    pub cards: Vec<ProductCard>,
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    /// The chosen category filter (a slug), empty for all.
    pub category: String,
    /// Categories of the supplier's published products, for the filter.
    pub categories: Vec<CategoryLink>,
}

/// A published product's page (`/p/{slug}-{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductPage {
    pub detail: crate::model::catalog::ProductDetail,
    /// The product's address (`/p/…`), and absolute for `rel=canonical`.
    pub href: String,
    pub canonical_url: String,
    pub supplier: crate::model::compare::SupplierSummary,
    pub same_category: Vec<ProductCard>,
    pub same_supplier: Vec<ProductCard>,
    /// schema.org `Product` and `BreadcrumbList`, ready for a JSON-LD script element.
    pub json_ld: String,
    /// Whether the visitor has it in their comparison.
    pub compared: bool,
}
