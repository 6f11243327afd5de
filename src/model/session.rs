//! Who is calling, and what every page's shell needs to know about it.

use crate::domain::{CompanyId, CompanyKind, Role, UserId};
use serde::{Deserialize, Serialize};

/// The caller's company and their role in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub company_id: CompanyId,
    pub company_name: String,
    pub company_slug: String,
    pub kind: CompanyKind,
    pub role: Role,
}

/// The signed-in person, loaded fresh from the database on every request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    /// Whether the person confirmed their email address (until then: no orders, quotes or
    /// invitations).
    pub email_verified: bool,
    /// Whether signing in takes a code after the password (platform admins must have it).
    pub two_factor: bool,
    pub company: Option<Membership>,
}

impl SessionUser {
    pub fn first_name(&self) -> &str {
        self.name.split_whitespace().next().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryLink {
    pub slug: String,
    pub name: String,
}

/// Data for the header and footer of every page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShellData {
    pub user: Option<SessionUser>,
    pub categories: Vec<CategoryLink>,
    pub cart_items: u32,
    /// Conversations with messages the person has not read.
    pub unread_threads: u32,
    /// Products picked for comparison (ids, from the comparison cookie).
    pub compared: Vec<i64>,
    /// Payments go through a provider that moves no real money (the sandbox).
    pub test_mode: bool,
}
