//! A supplier's catalog as its screens show it: the product list and its query, the editor,
//! the buyer-facing preview, and catalog imports.

use crate::domain::form::FormValues;
use crate::domain::form::{UnknownChoice, stored_as_text};
use crate::domain::image::ImageRef;
use crate::domain::product::{Customization, ProductStatus, Shipping, Unit};
use crate::domain::search::encode_query_value;
use crate::domain::terms::TradeTerms;
use crate::domain::{CompanyId, Money, ProductId, VariantId};
use serde::{Deserialize, Serialize};

pub const PAGE_SIZE: u32 = 25;

/// A category as a supplier picks it: its full path, and the specification keys buyers of
/// that category compare by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryOption {
    pub slug: String,
    /// "Apparel & Textiles › Men's Clothing › Men's Shirts"
    pub path: String,
    pub spec_keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantStock {
    pub id: VariantId,
    pub sku: String,
    pub name: String,
    pub stock: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogRow {
    pub id: ProductId,
    pub title: String,
    pub status: ProductStatus,
    pub category: String,
    pub price_from: Money,
    pub moq: u64,
    pub unit: Unit,
    pub variants: Vec<VariantStock>,
    /// Some SKU cannot fill a minimum order from stock.
    pub low_stock: bool,
    pub updated_at: i64,
    pub image: Option<ImageRef>,
    pub takedown_reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum CatalogSort {
    #[default]
    Updated,
    Title,
    PriceLow,
    PriceHigh,
    Stock,
}

impl CatalogSort {
    pub const ALL: [(CatalogSort, &'static str, &'static str); 5] = [
        (CatalogSort::Updated, "updated", "Recently updated"),
        (CatalogSort::Title, "title", "Title A–Z"),
        (CatalogSort::PriceLow, "price", "Price, low to high"),
        (CatalogSort::PriceHigh, "-price", "Price, high to low"),
        (CatalogSort::Stock, "stock", "Stock, low to high"),
    ];

    pub fn parse(value: &str) -> Self {
        Self::ALL.iter().find(|(_, v, _)| *v == value).map_or(CatalogSort::Updated, |(s, _, _)| *s)
    }

    pub fn as_str(self) -> &'static str {
        Self::ALL.iter().find(|(s, _, _)| *s == self).map_or("updated", |(_, v, _)| v)
    }
}

/// What the product list shows: a search, filters, a sort and a page, as in its address.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CatalogQuery {
    pub q: String,
    pub status: Option<ProductStatus>,
    pub category: String,
    pub low_stock: bool,
    pub sort: CatalogSort,
    pub page: u32,
}

impl CatalogQuery {
    /// The list's address with these settings (and `page`), for links and pagination.
    pub fn href(&self, page: u32) -> String {
        let mut params: Vec<(&str, String)> = Vec::new();
        if !self.q.is_empty() {
            params.push(("q", self.q.clone()));
        }
        if let Some(status) = self.status {
            params.push(("status", status.as_str().to_string()));
        }
        if !self.category.is_empty() {
            params.push(("category", self.category.clone()));
        }
        if self.low_stock {
            params.push(("low_stock", "1".to_string()));
        }
        if self.sort != CatalogSort::Updated {
            params.push(("sort", self.sort.as_str().to_string()));
        }
        if page > 1 {
            params.push(("page", page.to_string()));
        }
        let query: Vec<String> = params.into_iter().map(|(k, v)| format!("{k}={}", encode_query_value(&v))).collect();
        if query.is_empty() {
            "/supplier/products".to_string()
        } else {
            format!("/supplier/products?{}", query.join("&"))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogPage {
    pub company_id: CompanyId,
    pub query: CatalogQuery,
    pub rows: Vec<CatalogRow>,
    /// Products matching the filters, on all pages.
    pub total: u64,
    /// Products in the catalog at all, whatever the filters.
    pub catalog_size: u64,
    /// Every category (to move products to).
    pub categories: Vec<CategoryOption>,
    /// The categories the catalog uses, with those above them (to filter by).
    pub filter_categories: Vec<CategoryOption>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductEditor {
    pub company_id: CompanyId,
    /// `None` for a new product.
    pub product_id: Option<ProductId>,
    pub version: i64,
    pub status: ProductStatus,
    /// Where buyers find the product once it is published.
    pub public_href: String,
    pub takedown_reason: String,
    pub form: FormValues,
    pub categories: Vec<CategoryOption>,
    pub images: Vec<ImageRef>,
    pub library: Vec<crate::model::media::LibraryImage>,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantView {
    pub sku: String,
    pub name: String,
    /// Set when this variant is priced apart from the tiers.
    pub price: Option<Money>,
    pub stock: u64,
}

/// A product as buyers see it (the supplier's preview shows the same, drafts included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub id: ProductId,
    pub title: String,
    pub status: ProductStatus,
    /// Sanitized HTML of the Markdown description.
    pub description_html: String,
    /// Its category and those above it, top first.
    pub category_trail: Vec<crate::model::session::CategoryLink>,
    pub images: Vec<ImageRef>,
    pub unit: Unit,
    pub origin: String,
    pub terms: TradeTerms,
    pub variants: Vec<VariantView>,
    pub specs: Vec<(String, String)>,
    pub customization: Vec<Customization>,
    pub packaging: String,
    pub shipping: Shipping,
    pub supplier_name: String,
    pub supplier_slug: String,
    pub supplier_verified: bool,
}

impl ProductDetail {
    /// "Top › Middle › Category".
    pub fn category_path(&self) -> String {
        self.category_trail.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(" › ")
    }
}

pub const UNSAVED_PRODUCT: &str = "unsaved_product";

/// A problem with one cell (or line) of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportError {
    /// The line in the file (1 is the header).
    pub line: usize,
    /// The column's name; empty when the whole line is at fault.
    pub column: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportStatus {
    /// Checked; waiting for the supplier to import the valid rows or nothing.
    Checked,
    Running,
    Done,
    Failed,
    Discarded,
}

impl std::str::FromStr for ImportStatus {
    type Err = UnknownChoice;
    fn from_str(s: &str) -> Result<Self, UnknownChoice> {
        Ok(match s {
            "checked" => ImportStatus::Checked,
            "running" => ImportStatus::Running,
            "done" => ImportStatus::Done,
            "failed" => ImportStatus::Failed,
            "discarded" => ImportStatus::Discarded,
            _ => return Err(UnknownChoice),
        })
    }
}

stored_as_text!(ImportStatus);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportJob {
    pub id: i64,
    pub file_name: String,
    pub status: ImportStatus,
    pub total_rows: u64,
    /// Rows of products without any problem: what "import the valid rows" writes.
    pub valid_rows: u64,
    pub errors: Vec<ImportError>,
    pub error_count: u64,
    pub processed_rows: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Rows not written because their product had a problem when the import ran.
    pub skipped_rows: u64,
    pub message: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPage {
    pub company_id: CompanyId,
    pub jobs: Vec<ImportJob>,
    pub catalog_size: u64,
}
