//! Stored images: their renditions at several widths, for `srcset`.

use super::form::UnknownChoice;
use serde::{Deserialize, Serialize};

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

impl TryFrom<String> for MediaPurpose {
    type Error = UnknownChoice;
    fn try_from(text: String) -> Result<Self, UnknownChoice> {
        MediaPurpose::parse(&text).ok_or(UnknownChoice)
    }
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
    }

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
