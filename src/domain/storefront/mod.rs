//! A supplier's storefront: a theme and four pages, each an ordered list of typed blocks.
//!
//! The same model is edited in the builder, stored as a draft and as published versions, and
//! rendered for buyers. Every block kind is described by a [`KindSpec`] (its fields, their
//! limits and labels); the builder's forms are generated from it and every submitted value is
//! read back through it, so what the server stores has always passed the same checks.
//!
//! [`theme`] holds the presets and accent colour, [`block`] what each block shows,
//! [`document`] the pages and the operations the builder applies to them, [`spec`] how a
//! kind's form is described and read, [`kinds`] each kind's form as data.

pub mod block;
pub mod document;
pub mod kinds;
pub mod spec;
pub mod theme;

pub use block::*;
pub use document::*;
pub use kinds::{KINDS, MAX_PICKS};
pub use spec::*;
pub use theme::*;

use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// Blocks on one page, and on the whole storefront.
pub const MAX_BLOCKS_PER_PAGE: usize = 24;

pub const MAX_BLOCKS_TOTAL: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Hero,
    FeaturedProducts,
    ProductGrid,
    CompanyFacts,
    Certifications,
    RichText,
    Faq,
    Testimonials,
    ContactCta,
    Gallery,
}

impl BlockKind {
    pub const ALL: [BlockKind; 10] = [
        BlockKind::Hero,
        BlockKind::FeaturedProducts,
        BlockKind::ProductGrid,
        BlockKind::CompanyFacts,
        BlockKind::Certifications,
        BlockKind::RichText,
        BlockKind::Faq,
        BlockKind::Testimonials,
        BlockKind::ContactCta,
        BlockKind::Gallery,
    ];

    pub fn as_str(self) -> &'static str {
        self.spec().key
    }

    pub fn parse(input: &str) -> Result<Self, StorefrontError> {
        Self::ALL.into_iter().find(|k| k.as_str() == input).ok_or(StorefrontError::UnknownKind)
    }

    pub fn spec(self) -> &'static KindSpec {
        KINDS.iter().find(|spec| spec.kind == self).expect("every kind has a spec")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    Home,
    Products,
    Profile,
    Contact,
}

impl PageKind {
    pub const ALL: [PageKind; 4] = [PageKind::Home, PageKind::Products, PageKind::Profile, PageKind::Contact];

    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Products => "products",
            PageKind::Profile => "profile",
            PageKind::Contact => "contact",
        }
    }

    pub fn parse(input: &str) -> Result<Self, StorefrontError> {
        Self::ALL.into_iter().find(|k| k.as_str() == input).ok_or(StorefrontError::NoSuchPage)
    }

    /// The page's address below the storefront's own (`/s/{slug}{suffix}`).
    pub fn path_suffix(self) -> &'static str {
        match self {
            PageKind::Home => "",
            PageKind::Products => "/products",
            PageKind::Profile => "/profile",
            PageKind::Contact => "/contact",
        }
    }

    pub fn default_label(self) -> &'static str {
        match self {
            PageKind::Home => "Home",
            PageKind::Products => "Products",
            PageKind::Profile => "Company profile",
            PageKind::Contact => "Contact",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorefrontError {
    #[error("That kind of block does not exist.")]
    UnknownKind,
    #[error("That page does not exist.")]
    NoSuchPage,
    #[error("That block no longer exists. Reload the page to see the current draft.")]
    NoSuchBlock,
    #[error("A page holds at most {MAX_BLOCKS_PER_PAGE} blocks and a storefront at most {MAX_BLOCKS_TOTAL}.")]
    TooManyBlocks,
    #[error("Use a colour written as #rrggbb, for example #0f5f59.")]
    BadColour,
    #[error("The storefront is not well-formed: {0}")]
    Malformed(String),
    #[error("{}", .0.first().map(|e| e.message.as_str()).unwrap_or("Please correct the highlighted fields."))]
    Invalid(Vec<FieldError>),
}

impl From<StorefrontError> for crate::error::AppError {
    fn from(err: StorefrontError) -> Self {
        use crate::error::{AppError, Invalid};
        match err {
            StorefrontError::Invalid(fields) => AppError::Invalid(Invalid { fields, echo: Vec::new() }),
            StorefrontError::NoSuchBlock => AppError::Conflict(err.to_string()),
            StorefrontError::NoSuchPage => AppError::not_found("storefront page"),
            StorefrontError::BadColour => AppError::field("accent", err),
            other => AppError::form(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields a refusal names.
    pub(super) fn invalid_fields(err: StorefrontError) -> Vec<String> {
        match err {
            StorefrontError::Invalid(fields) => fields.into_iter().map(|f| f.field).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn unknown_kinds_and_pages_are_refused() {
        assert_eq!(BlockKind::parse("script"), Err(StorefrontError::UnknownKind));
        assert_eq!(PageKind::parse("admin"), Err(StorefrontError::NoSuchPage));
        let json = r#"{"id":1,"hidden":false,"content":{"kind":"iframe","src":"https://evil.example"}}"#;
        assert!(serde_json::from_str::<Block>(json).is_err());
        let json = r#"{"id":1,"content":{"kind":"company_facts","title":"Facts","onclick":"x"}}"#;
        assert!(serde_json::from_str::<Block>(json).is_err(), "unknown fields are refused");
    }
}
