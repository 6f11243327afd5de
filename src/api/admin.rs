//! The platform admin area. Every function here starts with the admin guard.

use crate::domain::CompanyKind;
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
