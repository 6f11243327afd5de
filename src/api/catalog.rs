//! A supplier's catalog: the product list with its filters and bulk actions, the product
//! editor, stock changes and status changes. Every function checks that the caller is a
//! member of the supplier company that owns the products it touches.

use crate::domain::form::FormValues;
#[cfg(feature = "ssr")]
use crate::domain::links::{self, with_notice};
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
#[cfg(feature = "ssr")]
use crate::domain::product::ProductStatus;
use crate::domain::{CompanyId, ProductId, VariantId};
use crate::error::AppError;
pub use crate::model::catalog::*;
use leptos::prelude::*;

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
    crate::server::request::redirect(&with_notice(&links::product_editor(saved), Notice::ProductSaved));
    Ok(())
}

/// The list page the action came from (with its filters), and what was done. Only list
/// addresses are followed: `back` comes from the form and could name another site.
#[cfg(feature = "ssr")]
fn back_to_list(back: &str, notice: Notice) -> String {
    let back = crate::domain::links::local_return(back)
        .filter(|back| back.starts_with("/supplier/products") && !back.contains("notice="));
    with_notice(back.as_deref().unwrap_or("/supplier/products"), notice)
}

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
        ProductStatus::Published => Notice::ProductPublished,
        ProductStatus::Draft => Notice::ProductUnpublished,
        ProductStatus::Archived => Notice::ProductArchived,
    };
    crate::server::request::redirect(&with_notice(&links::product_editor(product), notice));
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
    crate::server::request::redirect(&back_to_list(&back, done));
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
    crate::server::request::redirect(&back_to_list(&back, Notice::StockUpdated));
    Ok(())
}

#[server(endpoint = "catalog/duplicate")]
pub async fn duplicate_product(company_id: CompanyId, product: ProductId) -> Result<(), AppError> {
    use crate::server::{auth, catalog, state};
    let state = state()?;
    let (user, _) = auth::require_supplier_member(&state, company_id).await?;
    let copy = catalog::duplicate(&state.db, company_id, user.id, product).await?;
    crate::server::request::redirect(&with_notice(&links::product_editor(copy), Notice::ProductDuplicated));
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
    crate::server::request::redirect(&with_notice(&format!("{}#media", links::product_editor(product)), Notice::ImagesSaved));
    Ok(())
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
    auth::require_user(&state).await?;
    let (mut company_id, mut user, mut file_name, mut bytes) = (None, None, String::new(), Vec::new());
    while let Ok(Some(mut field)) = data.next_field().await {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            // The file is read only once the caller is known to be allowed (the company comes first).
            let company_id = company_id.ok_or_else(|| AppError::BadRequest("the company comes before the file".into()))?;
            user = Some(auth::require_supplier_member(&state, company_id).await?.0);
            file_name = field.file_name().unwrap_or("catalog.csv").to_string();
            while let Ok(Some(chunk)) = field.chunk().await {
                bytes.extend_from_slice(&chunk);
            }
        } else if name == "company_id" {
            company_id = field.text().await.ok().and_then(|t| t.trim().parse::<CompanyId>().ok());
        }
    }
    let company_id = company_id.ok_or_else(|| AppError::BadRequest("which company?".into()))?;
    let user = match user {
        Some(user) => user,
        None => auth::require_supplier_member(&state, company_id).await?.0,
    };
    if bytes.is_empty() {
        return Err(AppError::field("file", "Choose a CSV file to import."));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| AppError::field("file", "Save the file as CSV in UTF-8 (spreadsheet apps offer “CSV UTF-8”)."))?;
    let job = catalog_csv::check(&state.db, company_id, user.id, &file_name, &text).await?;
    crate::server::request::redirect(&links::import_job(job));
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
    crate::server::request::redirect(&links::import_job(job));
    Ok(())
}
