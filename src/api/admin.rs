//! The platform admin area. Every function here starts with the admin guard.

use crate::domain::{CompanyKind, ProductId};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminCompany {
    pub name: String,
    pub slug: String,
    pub kind: CompanyKind,
    pub country_name: String,
    pub members: i64,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUser {
    pub name: String,
    pub email: String,
    pub company: Option<String>,
    pub is_admin: bool,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOverview {
    pub users: i64,
    pub buyer_companies: i64,
    pub supplier_companies: i64,
    pub open_invitations: i64,
    pub recent_companies: Vec<AdminCompany>,
    pub recent_users: Vec<AdminUser>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    pub sent: bool,
}

/// A published listing as the moderation page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub id: ProductId,
    pub title: String,
    pub supplier_name: String,
    pub supplier_slug: String,
    pub category: String,
    pub updated_at: i64,
}

#[server(endpoint = "admin/overview")]
pub async fn get_admin_overview() -> Result<AdminOverview, AppError> {
    use crate::server::{admin, auth, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    admin::overview(&state.db).await
}

#[server(endpoint = "admin/outbox")]
pub async fn admin_outbox() -> Result<Vec<OutboxMail>, AppError> {
    use crate::server::{admin, auth, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    admin::outbox(&state.db).await
}

/// Published listings, newest first, optionally those whose title or supplier matches `q`.
#[server(endpoint = "admin/products")]
pub async fn admin_listings(#[server(default)] q: String) -> Result<Vec<Listing>, AppError> {
    use crate::server::{auth, catalog, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    catalog::published_listings(&state.db, &q).await
}

/// Takes a published listing down (back to draft) with a reason its supplier sees.
#[server(endpoint = "admin/products/takedown")]
pub async fn take_down_listing(product: ProductId, reason: String) -> Result<(), AppError> {
    use crate::server::{auth, catalog, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    catalog::take_down(&state.db, &state.config.public_url(), product, &reason)
        .await
        .map_err(|e| e.with_echo([("reason", reason.as_str())]))?;
    leptos_axum::redirect("/admin/products?notice=product_taken_down");
    Ok(())
}

/// A dispute in the admin queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeRow {
    pub order: crate::domain::OrderId,
    pub number: String,
    pub supplier: String,
    pub buyer: String,
    pub reason: String,
    pub total: crate::domain::Money,
    pub opened_at: i64,
    pub resolution: Option<String>,
}

/// The platform's commission and buyer-protection period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformSettings {
    pub commission_bps: u32,
    pub auto_release_days: u32,
    pub disputes: Vec<DisputeRow>,
}

#[server(endpoint = "admin/disputes", input = server_fn::codec::GetUrl)]
pub async fn get_disputes() -> Result<PlatformSettings, AppError> {
    use crate::server::{auth, orders, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    orders::platform_settings(&state.db).await
}

/// Sets the commission (a percentage such as 2.5, taken at release on orders placed from now
/// on) and the days after delivery before held funds are released without a dispute.
#[server(endpoint = "admin/settings")]
pub async fn save_platform_settings(commission: String, auto_release_days: String) -> Result<(), AppError> {
    use crate::server::{auth, orders, state};
    let state = state()?;
    auth::require_admin(&state).await?;
    orders::save_platform_settings(&state.db, &commission, &auto_release_days).await?;
    leptos_axum::redirect("/admin/disputes?notice=settings_saved");
    Ok(())
}
