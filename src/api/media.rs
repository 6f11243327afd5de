//! Image uploads for a supplier's company: logo, banner and the storefront's image library.

use crate::domain::CompanyId;
pub use crate::domain::image::{ImageRef, ImageVariant};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

/// What an image is for: decides its sizes, and whether it is public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MediaPurpose {
    Logo,
    Banner,
    Library,
    /// A picture of a certificate, shown to buyers.
    Certificate,
    /// Business documents for verification: never public.
    Verification,
    /// A buyer's photo for a dispute: seen by the order's parties and admins only.
    Evidence,
}

impl MediaPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaPurpose::Logo => "logo",
            MediaPurpose::Banner => "banner",
            MediaPurpose::Library => "library",
            MediaPurpose::Certificate => "certificate",
            MediaPurpose::Verification => "verification",
            MediaPurpose::Evidence => "evidence",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        [
            MediaPurpose::Logo,
            MediaPurpose::Banner,
            MediaPurpose::Library,
            MediaPurpose::Certificate,
            MediaPurpose::Verification,
            MediaPurpose::Evidence,
        ]
        .into_iter()
        .find(|p| p.as_str() == input)
    }

    /// The widths it is rendered at for `srcset`, and the narrowest original accepted.
    pub fn renditions(self) -> (&'static [u32], u32) {
        match self {
            MediaPurpose::Logo => (&[96, 192, 384], 64),
            // Steps close enough that a phone, a tablet and a desktop each get a near fit.
            MediaPurpose::Banner => (&[480, 800, 1200, 1920], 600),
            MediaPurpose::Library => (&[320, 480, 800, 1280], 300),
            MediaPurpose::Certificate => (&[640, 1600], 300),
            MediaPurpose::Verification => (&[1600], 300),
            MediaPurpose::Evidence => (&[480, 1600], 300),
        }
    }

    pub fn is_private(self) -> bool {
        matches!(self, MediaPurpose::Verification | MediaPurpose::Evidence)
    }
}

/// One image of the company's library, as the builder offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryImage {
    pub image: ImageRef,
    pub alt: String,
}

/// Receives one image (multipart form: `company_id`, `purpose`, `alt`, `target`, `file`),
/// stores it and puts it where it belongs: a logo or banner on the company, a certificate
/// picture on certification `target`, a library image on product `target`. Works as a plain
/// HTML form.
#[server(input = MultipartFormData, endpoint = "media/upload")]
pub async fn upload_image(data: MultipartData) -> Result<(), AppError> {
    use crate::server::{auth, media, state};
    let state = state()?;
    let upload = media::read_upload(data).await?;
    let user = match upload.purpose {
        // Evidence comes from the buyer of a disputed order; everything else from suppliers.
        MediaPurpose::Evidence => auth::require_company_member(&state, upload.company_id).await?.0,
        _ => auth::require_supplier_member(&state, upload.company_id).await?.0,
    };
    let purpose = upload.purpose;
    let target = upload.target.map(|t| t.to_string()).unwrap_or_default();
    media::accept_upload(&state, user.id, upload)
        .await
        .map_err(|e| e.with_echo([("purpose", purpose.as_str()), ("target", target.as_str())]))?;
    let back = match purpose {
        MediaPurpose::Library if !target.is_empty() => {
            &format!("/supplier/products/{target}?notice=image_uploaded#media")
        }
        MediaPurpose::Library => "/supplier/storefront/images?notice=image_uploaded",
        MediaPurpose::Verification => "/supplier/verification?notice=document_uploaded",
        MediaPurpose::Certificate => "/supplier/profile?step=certifications&notice=image_uploaded",
        MediaPurpose::Logo | MediaPurpose::Banner => "/supplier/profile?step=branding&notice=image_uploaded",
        MediaPurpose::Evidence => &format!("/orders/{target}?notice=image_uploaded#dispute-title"),
    };
    leptos_axum::redirect(back);
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
    leptos_axum::redirect("/supplier/profile?step=branding&notice=image_removed");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_round_trip() {
        for purpose in [
            MediaPurpose::Logo,
            MediaPurpose::Banner,
            MediaPurpose::Library,
            MediaPurpose::Certificate,
            MediaPurpose::Verification,
            MediaPurpose::Evidence,
        ] {
            assert_eq!(MediaPurpose::parse(purpose.as_str()), Some(purpose));
        }
    }
}
