//! Supplier verification: suppliers submit business documents; platform admins grant or
//! refuse the Verified badge with a reason the supplier sees.

use crate::api::media::ImageRef;
use crate::domain::CompanyId;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VerificationStatus {
    Pending,
    Approved,
    Refused,
}

impl VerificationStatus {
    pub fn parse(stored: &str) -> Option<Self> {
        match stored {
            "pending" => Some(VerificationStatus::Pending),
            "approved" => Some(VerificationStatus::Approved),
            "refused" => Some(VerificationStatus::Refused),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            VerificationStatus::Pending => "Under review",
            VerificationStatus::Approved => "Approved",
            VerificationStatus::Refused => "Refused",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationRequest {
    pub id: i64,
    pub status: VerificationStatus,
    pub note: String,
    pub submitted_at: i64,
    pub submitted_by: Option<String>,
    pub decided_at: Option<i64>,
    pub reason: String,
    pub documents: Vec<ImageRef>,
}

/// A supplier's view of its verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationOverview {
    pub company_id: CompanyId,
    pub verified_since: Option<i64>,
    /// Uploaded documents not yet sent for review.
    pub unsent: Vec<ImageRef>,
    /// Newest first.
    pub requests: Vec<VerificationRequest>,
}

impl VerificationOverview {
    pub fn pending(&self) -> bool {
        self.requests.iter().any(|r| r.status == VerificationStatus::Pending)
    }
}

/// One request in the admins' queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationCase {
    pub company_name: String,
    pub company_slug: String,
    pub country_name: String,
    pub verified_since: Option<i64>,
    pub request: VerificationRequest,
}

pub const MAX_DOCUMENTS: usize = 10;
pub const MAX_NOTE_CHARS: usize = 1000;

#[server(endpoint = "verification")]
pub async fn get_verification(company_id: CompanyId) -> Result<VerificationOverview, AppError> {
    use crate::server::{auth, state, verification};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    verification::overview(&state.db, company_id).await
}

#[server(endpoint = "verification/submit")]
pub async fn submit_verification(company_id: CompanyId, #[server(default)] note: String) -> Result<(), AppError> {
    use crate::server::{auth, state, verification};
    let state = state()?;
    let (user, _) = auth::require_supplier_member(&state, company_id).await?;
    verification::submit(&state.db, company_id, user.id, &note)
        .await
        .map_err(|e| e.with_echo([("note", note.as_str())]))?;
    leptos_axum::redirect("/supplier/verification?notice=verification_submitted");
    Ok(())
}

/// Removes an uploaded document that has not been sent for review.
#[server(endpoint = "verification/discard")]
pub async fn discard_document(company_id: CompanyId, document: i64) -> Result<(), AppError> {
    use crate::server::{auth, state, verification};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    verification::discard(&state.db, company_id, document).await?;
    leptos_axum::redirect("/supplier/verification?notice=document_removed");
    Ok(())
}

#[server(endpoint = "admin/verifications")]
pub async fn verification_queue() -> Result<Vec<VerificationCase>, AppError> {
    use crate::server::{auth, state, verification};
    let state = state()?;
    auth::require_admin(&state).await?;
    verification::queue(&state.db).await
}

#[server(endpoint = "admin/verifications/approve")]
pub async fn approve_verification(request: i64) -> Result<(), AppError> {
    use crate::server::{auth, state, verification};
    let state = state()?;
    let admin = auth::require_admin(&state).await?;
    verification::decide(&state, request, admin.id, verification::Decision::Approve).await?;
    leptos_axum::redirect("/admin/verifications?notice=verification_approved");
    Ok(())
}

#[server(endpoint = "admin/verifications/refuse")]
pub async fn refuse_verification(request: i64, #[server(default)] reason: String) -> Result<(), AppError> {
    use crate::server::{auth, state, verification};
    let state = state()?;
    let admin = auth::require_admin(&state).await?;
    verification::decide(&state, request, admin.id, verification::Decision::Refuse(reason.clone()))
        .await
        .map_err(|e| e.with_echo([("reason", reason.as_str())]))?;
    leptos_axum::redirect("/admin/verifications?notice=verification_refused");
    Ok(())
}
