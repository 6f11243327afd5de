//! Images as the storefront's image library offers them.

use serde::{Deserialize, Serialize};

pub use crate::domain::image::{ImageRef, ImageVariant};

/// One image of the company's library, as the builder offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryImage {
    pub image: ImageRef,
    pub alt: String,
}
