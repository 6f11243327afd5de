//! Image uploads for a supplier's company: logo, banner and the storefront's image library.

use crate::domain::CompanyId;
#[cfg(feature = "ssr")]
use crate::domain::image::MediaPurpose;
#[cfg(feature = "ssr")]
use crate::domain::links::{self, with_notice};
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
#[cfg(feature = "ssr")]
use crate::domain::profile::OnboardingStep;
#[cfg(feature = "ssr")]
use crate::domain::{OrderId, ProductId};
use crate::error::AppError;
pub use crate::model::media::*;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

/// Receives one image (multipart form: `company_id`, `purpose`, `alt`, `target`, `file`),
/// stores it and puts it where it belongs: a logo or banner on the company, a certificate
/// picture on certification `target`, a library image on product `target`. Works as a plain
/// HTML form.
#[server(input = MultipartFormData, endpoint = "media/upload")]
pub async fn upload_image(data: MultipartData) -> Result<(), AppError> {
    use crate::server::{auth, media, state};
    let state = state()?;
    // A signed-out caller is refused before any of the body is read.
    auth::require_user(&state).await?;
    let (upload, user) = media::read_upload(data, async |company_id, purpose| {
        Ok(match purpose {
            // Evidence comes from the buyer of a disputed order; everything else from suppliers.
            MediaPurpose::Evidence => auth::require_company_member(&state, company_id).await?.0,
            _ => auth::require_supplier_member(&state, company_id).await?.0,
        })
    })
    .await?;
    let purpose = upload.purpose;
    let target = upload.target.map(|t| t.to_string()).unwrap_or_default();
    let product = upload.target.and_then(|t| ProductId::new(t).ok());
    let order = upload.target.and_then(|t| OrderId::new(t).ok());
    media::accept_upload(&state, user.id, upload)
        .await
        .map_err(|e| e.with_echo([("purpose", purpose.as_str()), ("target", target.as_str())]))?;
    let (back, notice) = match (purpose, product, order) {
        (MediaPurpose::Library, Some(product), _) => {
            (format!("{}#media", links::product_editor(product)), Notice::ImageUploaded)
        }
        (MediaPurpose::Library, None, _) => (links::STOREFRONT_IMAGES.to_string(), Notice::ImageUploaded),
        (MediaPurpose::Verification, ..) => (links::VERIFICATION.to_string(), Notice::DocumentUploaded),
        (MediaPurpose::Certificate, ..) => (links::profile_step(OnboardingStep::Certifications), Notice::ImageUploaded),
        (MediaPurpose::Logo | MediaPurpose::Banner, ..) => {
            (links::profile_step(OnboardingStep::Branding), Notice::ImageUploaded)
        }
        // An evidence upload was refused above unless its order exists.
        (MediaPurpose::Evidence, _, order) => {
            let order = order.ok_or_else(|| AppError::not_found("order"))?;
            (format!("{}#dispute-title", links::order(order)), Notice::ImageUploaded)
        }
    };
    crate::server::request::redirect(&with_notice(&back, notice));
    Ok(())
}

/// Takes the logo or banner off the company (the file stays in its library).
#[server(endpoint = "media/clear")]
pub async fn clear_branding(company_id: CompanyId, purpose: String) -> Result<(), AppError> {
    use crate::server::{auth, media, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    let purpose = MediaPurpose::parse(&purpose).ok_or_else(|| AppError::BadRequest("unknown image purpose".into()))?;
    media::set_branding(&state.db, company_id, purpose, None).await?;
    crate::server::request::redirect(&with_notice("/supplier/profile?step=branding", Notice::ImageRemoved));
    Ok(())
}
