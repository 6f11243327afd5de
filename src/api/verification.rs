//! Supplier verification: suppliers submit business documents; platform admins grant or
//! refuse the Verified badge with a reason the supplier sees.

use crate::domain::CompanyId;
#[cfg(feature = "ssr")]
use crate::domain::links::with_notice;
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
use crate::error::AppError;
pub use crate::model::verification::*;
use leptos::prelude::*;

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
    crate::server::request::redirect(&with_notice("/supplier/verification", Notice::VerificationSubmitted));
    Ok(())
}

/// Removes an uploaded document that has not been sent for review.
#[server(endpoint = "verification/discard")]
pub async fn discard_document(company_id: CompanyId, document: i64) -> Result<(), AppError> {
    use crate::server::{auth, state, verification};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    verification::discard(&state.db, company_id, document).await?;
    crate::server::request::redirect(&with_notice("/supplier/verification", Notice::DocumentRemoved));
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
    crate::server::request::redirect(&with_notice("/admin/verifications", Notice::VerificationApproved));
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
    crate::server::request::redirect(&with_notice("/admin/verifications", Notice::VerificationRefused));
    Ok(())
}
