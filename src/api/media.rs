//! Image uploads for a supplier's company: logo, banner and the storefront's image library.

use crate::domain::CompanyId;
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
    /// Business documents for verification: never public.
    Verification,
}

impl MediaPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaPurpose::Logo => "logo",
            MediaPurpose::Banner => "banner",
            MediaPurpose::Library => "library",
            MediaPurpose::Verification => "verification",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        [MediaPurpose::Logo, MediaPurpose::Banner, MediaPurpose::Library, MediaPurpose::Verification]
            .into_iter()
            .find(|p| p.as_str() == input)
    }

    /// The widths it is rendered at for `srcset`, and the narrowest original accepted.
    pub fn renditions(self) -> (&'static [u32], u32) {
        match self {
            MediaPurpose::Logo => (&[96, 192, 384], 64),
            MediaPurpose::Banner => (&[640, 1280, 1920], 600),
            MediaPurpose::Library => (&[320, 640, 1280], 300),
            MediaPurpose::Verification => (&[1600], 300),
        }
    }

    pub fn is_private(self) -> bool {
        self == MediaPurpose::Verification
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageVariant {
    pub width: u32,
    pub height: u32,
    pub url: String,
}

/// A stored image with its renditions, narrowest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRef {
    pub id: i64,
    pub variants: Vec<ImageVariant>,
}

impl ImageRef {
    /// The `src` fallback: the rendition closest to `width` from above, else the largest.
    pub fn src(&self, width: u32) -> &str {
        self.variants
            .iter()
            .find(|v| v.width >= width)
            .or(self.variants.last())
            .map(|v| v.url.as_str())
            .unwrap_or_default()
    }

    pub fn srcset(&self) -> String {
        self.variants.iter().map(|v| format!("{} {}w", v.url, v.width)).collect::<Vec<_>>().join(", ")
    }

    /// Intrinsic size (of the largest rendition), so the browser reserves the space.
    pub fn size(&self) -> (u32, u32) {
        self.variants.last().map(|v| (v.width, v.height)).unwrap_or((1, 1))
    }
}

/// One image of the company's library, as the builder offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryImage {
    pub image: ImageRef,
    pub alt: String,
}

/// Receives one image (multipart form: `company_id`, `purpose`, `alt`, `file`), stores it and,
/// for a logo or banner, puts it on the company. Works as a plain HTML form.
#[server(input = MultipartFormData, endpoint = "media/upload")]
pub async fn upload_image(data: MultipartData) -> Result<(), AppError> {
    use crate::server::{auth, media, state};
    let state = state()?;
    let upload = media::read_upload(data).await?;
    let (user, _) = auth::require_supplier_member(&state, upload.company_id).await?;
    let purpose = upload.purpose;
    media::accept_upload(&state, user.id, upload).await.map_err(|e| e.with_echo([("purpose", purpose.as_str())]))?;
    let back = match purpose {
        MediaPurpose::Library => "/supplier/storefront/images?notice=image_uploaded",
        MediaPurpose::Verification => "/supplier/verification?notice=document_uploaded",
        MediaPurpose::Logo | MediaPurpose::Banner => "/supplier/profile?step=branding&notice=image_uploaded",
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
    fn srcset_and_fallback() {
        let image = ImageRef {
            id: 1,
            variants: [320, 640, 1280]
                .iter()
                .map(|w| ImageVariant { width: *w, height: w / 2, url: format!("/media/a-{w}.jpg") })
                .collect(),
        };
        assert_eq!(image.srcset(), "/media/a-320.jpg 320w, /media/a-640.jpg 640w, /media/a-1280.jpg 1280w");
        assert_eq!(image.src(600), "/media/a-640.jpg");
        assert_eq!(image.src(4000), "/media/a-1280.jpg");
        assert_eq!(image.size(), (1280, 640));
        for purpose in [MediaPurpose::Logo, MediaPurpose::Banner, MediaPurpose::Library, MediaPurpose::Verification] {
            assert_eq!(MediaPurpose::parse(purpose.as_str()), Some(purpose));
        }
    }
}
