//! The storefront builder (members of a supplier company) and published storefronts (everyone).
//!
//! Every change to the draft names the draft revision it was made on; a change made from a
//! stale page (another tab, a teammate) is refused with a conflict instead of overwriting.

use crate::domain::CompanyId;
use crate::domain::form::FormValues;
#[cfg(feature = "ssr")]
use crate::domain::links::{self, with_notice};
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
#[cfg(feature = "ssr")]
use crate::domain::storefront::{PageKind, Theme};
use crate::error::AppError;
pub use crate::model::storefront::*;
use leptos::prelude::*;

#[server(endpoint = "storefront/builder")]
pub async fn get_builder(company_id: CompanyId) -> Result<Builder, AppError> {
    use crate::server::{auth, state, storefronts};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    storefronts::builder(&state.db, company_id).await
}

#[server(endpoint = "storefront/add")]
pub async fn add_block(company_id: CompanyId, revision: i64, page: String, kind: String) -> Result<(), AppError> {
    use crate::domain::storefront::BlockKind;
    use crate::server::{auth, state, storefronts};
    let state = state()?;
    let (user, _) = auth::require_supplier_member(&state, company_id).await?;
    let page = PageKind::parse(&page)?;
    let kind = BlockKind::parse(&kind).map_err(|e| AppError::field("kind", e))?;
    let (id, _) = storefronts::edit(&state.db, company_id, user.id, revision, |doc| doc.add_block(page, kind)).await?;
    crate::server::request::redirect(&with_notice(&links::block_editor(page, id), Notice::BlockAdded));
    Ok(())
}

/// Saves a block's fields from its form.
#[server(endpoint = "storefront/save")]
pub async fn save_block(
    company_id: CompanyId,
    revision: i64,
    page: String,
    block: u32,
    #[server(default)] fields: FormValues,
) -> Result<(), AppError> {
    use crate::server::{auth, state, storefronts};
    let state = state()?;
    let (user, _) = auth::require_supplier_member(&state, company_id).await?;
    let page = PageKind::parse(&page)?;
    if let Err(error) = storefronts::save_block(&state.db, company_id, user.id, revision, page, block, &fields).await {
        // The whole text waits in the session for the editor; the URL echo is cut short.
        let unsaved = UnsavedBlock { page: page.as_str().to_string(), block, fields: fields.clone() };
        auth::flash_put(UNSAVED_BLOCK, &unsaved).await?;
        return Err(error.with_echo(fields.iter().map(|(k, v)| (k.as_str(), v.as_str()))));
    }
    crate::server::request::redirect(&with_notice(&links::block_editor(page, block), Notice::BlockSaved));
    Ok(())
}

#[cfg(feature = "ssr")]
const UNSAVED_BLOCK: &str = "unsaved_block";

/// The caller's own unsaved input for a block, once, after a failed save.
#[server(endpoint = "storefront/unsaved")]
pub async fn take_unsaved_block(page: String, block: u32) -> Result<Option<FormValues>, AppError> {
    use crate::server::auth;
    let unsaved: Option<UnsavedBlock> = auth::flash_take(UNSAVED_BLOCK).await?;
    Ok(unsaved.filter(|u| u.page == page && u.block == block).map(|u| u.fields))
}

/// The builder script's autosave: like `save_block`, without the redirect; answers the new
/// draft revision.
#[server(endpoint = "storefront/autosave")]
pub async fn autosave_block(
    company_id: CompanyId,
    revision: i64,
    page: String,
    block: u32,
    #[server(default)] fields: FormValues,
) -> Result<i64, AppError> {
    use crate::server::{auth, state, storefronts};
    let state = state()?;
    let (user, _) = auth::require_supplier_member(&state, company_id).await?;
    storefronts::save_block(&state.db, company_id, user.id, revision, PageKind::parse(&page)?, block, &fields).await
}

#[server(endpoint = "storefront/block")]
pub async fn change_block(
    company_id: CompanyId,
    revision: i64,
    page: String,
    block: u32,
    op: String,
) -> Result<(), AppError> {
    use crate::domain::storefront::BlockOp;
    use crate::server::{auth, state, storefronts};
    let state = state()?;
    let (user, _) = auth::require_supplier_member(&state, company_id).await?;
    let page = PageKind::parse(&page)?;
    let op = BlockOp::parse(&op).ok_or_else(|| AppError::BadRequest("unknown block operation".to_string()))?;
    let (id, _) = storefronts::edit(&state.db, company_id, user.id, revision, |doc| doc.apply(page, block, op)).await?;
    // Back to the block that moved, so keyboard focus can continue from it.
    crate::server::request::redirect(&with_notice(&format!("{}#block-{id}", links::builder_page(page)), op.notice()));
    Ok(())
}

/// Drag and drop: moves a block to a position on its page; answers the new revision.
#[server(endpoint = "storefront/move")]
pub async fn move_block(
    company_id: CompanyId,
    revision: i64,
    page: String,
    block: u32,
    to: u32,
) -> Result<i64, AppError> {
    use crate::server::{auth, state, storefronts};
    let state = state()?;
    let (user, _) = auth::require_supplier_member(&state, company_id).await?;
    let page = PageKind::parse(&page)?;
    let ((), revision) =
        storefronts::edit(&state.db, company_id, user.id, revision, |doc| doc.move_to(page, block, to as usize))
            .await?;
    Ok(revision)
}

#[server(endpoint = "storefront/theme")]
pub async fn set_theme(
    company_id: CompanyId,
    revision: i64,
    preset: String,
    #[server(default)] accent: String,
    #[server(default)] custom_accent: String,
) -> Result<(), AppError> {
    use crate::domain::storefront::{Accent, ThemePreset};
    use crate::server::{auth, state, storefronts};
    let state = state()?;
    let (user, _) = auth::require_supplier_member(&state, company_id).await?;
    let preset = ThemePreset::parse(&preset).ok_or_else(|| AppError::field("preset", "Choose one of the themes."))?;
    let accent = match custom_accent.as_str() {
        "on" | "true" => Some(
            Accent::parse(&accent)
                .map_err(|e| AppError::field("accent", e).with_echo([("accent", accent.as_str())]))?,
        ),
        _ => None,
    };
    storefronts::edit(&state.db, company_id, user.id, revision, |doc| {
        doc.theme = Theme { preset, accent };
        Ok(())
    })
    .await?;
    crate::server::request::redirect(&with_notice("/supplier/storefront", Notice::ThemeSaved));
    Ok(())
}

/// The navigation menu: `order` lists the pages after home; a label and a shown flag per page.
#[server(endpoint = "storefront/navigation")]
pub async fn set_navigation(
    company_id: CompanyId,
    revision: i64,
    #[server(default)] labels: FormValues,
    #[server(default)] shown: FormValues,
    #[server(default)] order: FormValues,
) -> Result<(), AppError> {
    use crate::server::{auth, state, storefronts};
    let state = state()?;
    let (user, _) = auth::require_supplier_member(&state, company_id).await?;
    let mut entries = Vec::new();
    for kind in PageKind::ALL {
        let key = kind.as_str();
        let position: u32 = order.get(key).and_then(|p| p.trim().parse().ok()).unwrap_or(u32::MAX);
        let label = labels.get(key).cloned().unwrap_or_default();
        let in_nav = kind == PageKind::Home || shown.get(key).is_some_and(|v| v == "on" || v == "true");
        entries.push((position, kind, label, in_nav));
    }
    entries.sort_by_key(|(position, ..)| *position);
    let entries: Vec<_> = entries.into_iter().map(|(_, kind, label, in_nav)| (kind, label, in_nav)).collect();
    storefronts::edit(&state.db, company_id, user.id, revision, |doc| doc.set_navigation(&entries)).await?;
    crate::server::request::redirect(&with_notice("/supplier/storefront", Notice::NavigationSaved));
    Ok(())
}

#[server(endpoint = "storefront/publish")]
pub async fn publish(company_id: CompanyId, revision: i64) -> Result<(), AppError> {
    use crate::server::{auth, state, storefronts};
    let state = state()?;
    let (user, _) = auth::require_supplier_member(&state, company_id).await?;
    storefronts::publish(&state.db, company_id, user.id, revision).await?;
    crate::server::request::redirect(&with_notice("/supplier/storefront", Notice::Published));
    Ok(())
}

/// Copies a published version into the draft (publish it to make it live again).
#[server(endpoint = "storefront/restore")]
pub async fn restore_version(company_id: CompanyId, revision: i64, version: i64) -> Result<(), AppError> {
    use crate::server::{auth, state, storefronts};
    let state = state()?;
    let (user, _) = auth::require_supplier_member(&state, company_id).await?;
    storefronts::restore(&state.db, company_id, user.id, revision, version).await?;
    crate::server::request::redirect(&with_notice("/supplier/storefront", Notice::VersionRestored));
    Ok(())
}

/// Changes the storefront's address; the old one keeps redirecting.
#[server(endpoint = "storefront/address")]
pub async fn change_address(company_id: CompanyId, slug: String) -> Result<(), AppError> {
    use crate::server::{auth, state, storefronts};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    storefronts::change_slug(&state.db, company_id, &slug).await.map_err(|e| e.with_echo([("slug", slug.as_str())]))?;
    crate::server::request::redirect(&with_notice("/supplier/storefront", Notice::AddressChanged));
    Ok(())
}

/// The draft's page as it would look once published, for the company's own members.
#[server(endpoint = "storefront/preview")]
pub async fn preview_storefront(company_id: CompanyId, page: String) -> Result<StorefrontView, AppError> {
    use crate::server::{auth, state, storefronts};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    storefronts::preview(&state, company_id, PageKind::parse(&page)?).await
}

/// A storefront page for everyone: the published version only.
#[server(endpoint = "market/storefront")]
pub async fn get_storefront(
    slug: String,
    #[server(default)] page: String,
    #[server(default)] grid: GridQuery,
) -> Result<StorefrontPage, AppError> {
    use crate::server::{state, storefronts};
    let page = if page.is_empty() { PageKind::Home } else { PageKind::parse(&page)? };
    let state = state()?;
    let key = format!("{slug} {} {}", page.as_str(), serde_json::to_string(&grid).map_err(AppError::internal)?);
    let found =
        state.pages.public_data("storefront", key, || storefronts::published(&state, &slug, page, &grid)).await?;
    if let StorefrontPage::Moved(to) = &found {
        crate::server::request::redirect_permanently(to);
    }
    Ok(found)
}
