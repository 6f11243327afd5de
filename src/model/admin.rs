//! What the platform admin area shows: companies, users, the mail outbox, listings to
//! moderate, disputes and the platform's settings.

use crate::domain::{CompanyKind, ProductId};
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
    pub delivery: Delivery,
}

/// Where a queued message stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    Sent,
    /// Not sent yet; after a failed attempt, with the relay's reason.
    Waiting { attempts: u32, last_error: Option<String> },
    /// Given up on, with the reason.
    Failed { attempts: u32, reason: String },
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

/// Money held for a shipped order, and when it goes to the supplier by itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseRow {
    pub order: crate::domain::OrderId,
    pub number: String,
    pub supplier: String,
    pub buyer: String,
    pub total: crate::domain::Money,
    pub release_at: i64,
    /// The buyer extended its protection.
    pub extended: bool,
    /// The release date has passed: the next run of the release job pays it out.
    pub due: bool,
}

/// The platform's commission and buyer-protection period, the disputes, and every held
/// payment's release (soonest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformSettings {
    pub commission_bps: u32,
    pub auto_release_days: u32,
    pub unpaid_hold_days: u32,
    pub max_unpaid_orders: u32,
    pub disputes: Vec<DisputeRow>,
    pub releases: Vec<ReleaseRow>,
}
