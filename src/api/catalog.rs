//! A supplier's catalog: the product list with its filters and bulk actions, the product
//! editor, stock changes and status changes. Every function checks that the caller is a
//! member of the supplier company that owns the products it touches.

use crate::components::page::encode_query_value;
use crate::domain::image::ImageRef;
use crate::domain::product::{Customization, ProductStatus, Shipping, Unit};
use crate::domain::storefront::FormValues;
use crate::domain::terms::TradeTerms;
use crate::domain::{CompanyId, Money, ProductId, VariantId};
use crate::error::AppError;
use leptos::prelude::*;
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
    pub library: Vec<crate::api::media::LibraryImage>,
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
    pub category_trail: Vec<crate::api::session::CategoryLink>,
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

#[server(endpoint = "catalog/list")]
pub async fn get_catalog(company_id: CompanyId, query: CatalogQuery) -> Result<CatalogPage, AppError> {
    use crate::server::{auth, catalog, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    catalog::list(&state.db, company_id, query).await
}

#[server(endpoint = "catalog/editor")]
pub async fn get_product_editor(company_id: CompanyId, product: Option<ProductId>) -> Result<ProductEditor, AppError> {
    use crate::server::{auth, catalog, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    catalog::editor(&state.db, company_id, product).await
}

/// Creates (no `product`) or updates a product from the editor form. `version` is the one the
/// editor was opened on: if the product changed since, nothing is saved.
#[server(endpoint = "catalog/save")]
pub async fn save_product(
    company_id: CompanyId,
    #[server(default)] product: Option<ProductId>,
    #[server(default)] version: i64,
    #[server(default)] fields: FormValues,
) -> Result<(), AppError> {
    use crate::server::{auth, catalog, state};
    let state = state()?;
    let (user, _) = auth::require_supplier_member(&state, company_id).await?;
    let saved = match catalog::save(&state.db, company_id, user.id, product, version, &fields).await {
        Ok(saved) => saved,
        Err(error) => {
            // Long descriptions would not survive the redirect URL: keep the form in the session.
            auth::flash_put(UNSAVED_PRODUCT, &fields).await?;
            return Err(error);
        }
    };
    leptos_axum::redirect(&format!("/supplier/products/{saved}?notice=product_saved"));
    Ok(())
}

/// The list page the action came from (with its filters), and what was done. Only list
/// addresses are followed: `back` comes from the form and could name another site.
#[cfg(feature = "ssr")]
fn back_to_list(back: &str, notice: &str) -> String {
    let back =
        if back.starts_with("/supplier/products") && !back.contains("notice=") { back } else { "/supplier/products" };
    let sep = if back.contains('?') { '&' } else { '?' };
    format!("{back}{sep}notice={notice}")
}

pub const UNSAVED_PRODUCT: &str = "unsaved_product";

/// What a failed save held, once (read by the editor after the redirect).
#[server(endpoint = "catalog/unsaved")]
pub async fn take_unsaved_product() -> Result<Option<FormValues>, AppError> {
    crate::server::auth::flash_take(UNSAVED_PRODUCT).await
}

#[server(endpoint = "catalog/status")]
pub async fn set_product_status(company_id: CompanyId, product: ProductId, status: String) -> Result<(), AppError> {
    use crate::server::{auth, catalog, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    let status: ProductStatus = status.parse().map_err(|_| AppError::form("Choose draft, published or archived."))?;
    catalog::set_status(&state.db, company_id, &[product], status).await?;
    let notice = match status {
        ProductStatus::Published => "product_published",
        ProductStatus::Draft => "product_unpublished",
        ProductStatus::Archived => "product_archived",
    };
    leptos_axum::redirect(&format!("/supplier/products/{product}?notice={notice}"));
    Ok(())
}

/// One action on the ticked products (`products[id]` checkboxes).
#[server(endpoint = "catalog/bulk")]
pub async fn bulk_products(
    company_id: CompanyId,
    #[server(default)] action: String,
    #[server(default)] products: FormValues,
    #[server(default)] category: String,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    use crate::server::{auth, catalog, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    let ids: Vec<ProductId> = products.keys().filter_map(|k| k.parse().ok()).collect();
    if ids.is_empty() {
        return Err(AppError::form("Tick the products to apply the action to."));
    }
    let done = catalog::bulk(&state.db, company_id, &ids, &action, &category).await?;
    leptos_axum::redirect(&back_to_list(&back, &format!("bulk_{done}")));
    Ok(())
}

/// Sets a variant's stock to `stock`, applied as the change from `seen` (what the page showed),
/// so units sold since the page was loaded are not put back.
#[server(endpoint = "catalog/stock")]
pub async fn update_stock(
    company_id: CompanyId,
    variant: VariantId,
    stock: String,
    seen: u64,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    use crate::server::{auth, catalog, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    let target: u64 = stock
        .trim()
        .replace(',', "")
        .parse()
        .ok()
        .filter(|n| *n <= crate::domain::product::MAX_STOCK)
        .ok_or_else(|| AppError::field("stock", "Enter the units in stock as a whole number."))?;
    catalog::change_stock(&state.db, company_id, variant, target as i64 - seen as i64).await?;
    leptos_axum::redirect(&back_to_list(&back, "stock_updated"));
    Ok(())
}

#[server(endpoint = "catalog/duplicate")]
pub async fn duplicate_product(company_id: CompanyId, product: ProductId) -> Result<(), AppError> {
    use crate::server::{auth, catalog, state};
    let state = state()?;
    let (user, _) = auth::require_supplier_member(&state, company_id).await?;
    let copy = catalog::duplicate(&state.db, company_id, user.id, product).await?;
    leptos_axum::redirect(&format!("/supplier/products/{copy}?notice=product_duplicated"));
    Ok(())
}

#[server(endpoint = "catalog/preview")]
pub async fn get_product_preview(company_id: CompanyId, product: ProductId) -> Result<ProductDetail, AppError> {
    use crate::server::{auth, catalog, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    catalog::detail(&state.db, company_id, product).await
}

/// Orders a product's images: `op` is `main:<image>`, `earlier:<image>`, `remove:<image>` or
/// `add` (with `add` naming a library image). A plain form: each button carries its `op`.
#[server(endpoint = "catalog/images")]
pub async fn product_images(
    company_id: CompanyId,
    product: ProductId,
    op: String,
    #[server(default)] add: String,
) -> Result<(), AppError> {
    use crate::server::{auth, catalog, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    let image = |arg: &str| arg.parse::<i64>().map_err(|_| AppError::form("Choose an image."));
    let change = match op.split_once(':') {
        Some(("main", id)) => catalog::ImageChange::MakeMain(image(id)?),
        Some(("earlier", id)) => catalog::ImageChange::Earlier(image(id)?),
        Some(("remove", id)) => catalog::ImageChange::Remove(image(id)?),
        _ if op == "add" => catalog::ImageChange::Add(image(&add)?),
        _ => return Err(AppError::form("Choose what to do with the image.")),
    };
    catalog::change_images(&state.db, company_id, product, change).await?;
    leptos_axum::redirect(&format!("/supplier/products/{product}?notice=images_saved#media"));
    Ok(())
}

/// The columns of the catalog CSV: name, what it holds, an example (the template's first row).
pub const CSV_COLUMNS: &[(&str, &str, &str)] = &[
    ("sku", "Required. The variant's SKU: rows are matched to your products by it.", "TEE-ORG-NAVY-M"),
    (
        "product",
        "The product's address. Rows with the same address are one product's variants; empty: made from the title.",
        "organic-cotton-t-shirt",
    ),
    ("title", "Product title (required for a new product).", "Organic cotton T-shirt, 180 GSM"),
    ("status", "draft, published or archived. Empty: new products are drafts, others keep theirs.", "draft"),
    (
        "category",
        "Category address, from the category list you can download (required for a new product).",
        "mens-shirts",
    ),
    ("unit", "piece, pair, set, box, carton, pack, roll, bag, kg, tonne, metre, m2 or litre.", "piece"),
    ("currency", "Three-letter currency code.", "EUR"),
    ("moq", "Minimum order quantity.", "100"),
    ("increment", "Above the minimum, order in steps of this many units.", "50"),
    ("tiers", "Price tiers as quantity:unit price, separated by semicolons.", "100:4.20; 500:3.90; 1000:3.60"),
    (
        "lead_times",
        "Lead times as up-to-quantity:days, separated by semicolons; above the last, negotiable.",
        "1000:15; 5000:30",
    ),
    ("sample_price", "Price of one sample (0 for free). Empty: no samples.", "8.00"),
    ("sample_max", "Most samples per buyer.", "3"),
    ("variant", "The variant's option name.", "Navy / M"),
    ("variant_price", "The variant's own unit price; empty: the tiers apply.", ""),
    ("stock", "Units in stock after the import.", "500"),
    ("origin", "Country of origin, two-letter code.", "PT"),
    ("weight_kg", "Weight of one unit in kg.", "0.18"),
    ("length_cm", "Length of one unit in cm.", "30"),
    ("width_cm", "Width of one unit in cm.", "25"),
    ("height_cm", "Height of one unit in cm.", "2"),
    ("packaging", "How units are packed.", "50 per carton"),
    ("customization", "Offered customisation: oem, odm, logo, packaging (separated by spaces).", "logo packaging"),
    (
        "specs",
        "Specifications as name=value, separated by semicolons.",
        "Material=100% organic cotton; Fabric weight (GSM)=180",
    ),
    ("description", "Description in Markdown; write \\n for a line break.", "Soft, **ring-spun** organic cotton."),
];

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
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Ok(match s {
            "checked" => ImportStatus::Checked,
            "running" => ImportStatus::Running,
            "done" => ImportStatus::Done,
            "failed" => ImportStatus::Failed,
            "discarded" => ImportStatus::Discarded,
            _ => return Err(()),
        })
    }
}

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

#[server(endpoint = "catalog/imports")]
pub async fn get_imports(company_id: CompanyId) -> Result<ImportPage, AppError> {
    use crate::server::{auth, catalog, catalog_csv, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    let jobs = catalog_csv::recent_jobs(&state.db, company_id).await?;
    Ok(ImportPage { company_id, jobs, catalog_size: catalog::catalog_size(&state.db, company_id).await? })
}

#[server(endpoint = "catalog/import")]
pub async fn get_import(company_id: CompanyId, job: i64) -> Result<ImportJob, AppError> {
    use crate::server::{auth, catalog_csv, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    catalog_csv::job(&state.db, company_id, job).await
}

/// Receives a CSV file (multipart: `company_id`, `file`), checks every row and shows the
/// report; nothing is written to the catalog yet. Works as a plain HTML form.
#[server(input = leptos::server_fn::codec::MultipartFormData, endpoint = "catalog/import/check")]
pub async fn check_import(data: leptos::server_fn::codec::MultipartData) -> Result<(), AppError> {
    use crate::server::{auth, catalog_csv, state};
    let state = state()?;
    let mut data = data.into_inner().ok_or_else(|| AppError::BadRequest("expected a form".into()))?;
    let (mut company_id, mut file_name, mut bytes) = (None, String::new(), Vec::new());
    while let Ok(Some(mut field)) = data.next_field().await {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            file_name = field.file_name().unwrap_or("catalog.csv").to_string();
            while let Ok(Some(chunk)) = field.chunk().await {
                bytes.extend_from_slice(&chunk);
            }
        } else if name == "company_id" {
            company_id = field.text().await.ok().and_then(|t| t.trim().parse::<CompanyId>().ok());
        }
    }
    let company_id = company_id.ok_or_else(|| AppError::BadRequest("which company?".into()))?;
    let (user, _) = auth::require_supplier_member(&state, company_id).await?;
    if bytes.is_empty() {
        return Err(AppError::field("file", "Choose a CSV file to import."));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| AppError::field("file", "Save the file as CSV in UTF-8 (spreadsheet apps offer “CSV UTF-8”)."))?;
    let job = catalog_csv::check(&state.db, company_id, user.id, &file_name, &text).await?;
    leptos_axum::redirect(&format!("/supplier/products/import/{job}"));
    Ok(())
}

/// The supplier's choice after the check: `import` (the valid rows) or `discard` (nothing).
#[server(endpoint = "catalog/import/decide")]
pub async fn decide_import(company_id: CompanyId, job: i64, choice: String) -> Result<(), AppError> {
    use crate::server::{auth, catalog_csv, state};
    let state = state()?;
    let (user, _) = auth::require_supplier_member(&state, company_id).await?;
    match choice.as_str() {
        "import" => catalog_csv::start(&state.db, company_id, user.id, job).await?,
        "discard" => catalog_csv::discard(&state.db, company_id, job).await?,
        _ => return Err(AppError::form("Choose to import the valid rows or nothing.")),
    }
    leptos_axum::redirect(&format!("/supplier/products/import/{job}"));
    Ok(())
}
