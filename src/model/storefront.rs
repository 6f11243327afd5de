//! The storefront builder's state and a storefront page as it renders, published or in
//! preview.

use crate::domain::CompanyId;
use crate::domain::form::FormValues;
use crate::domain::profile::Required;
use crate::domain::storefront::{BlockContent, PageKind, StorefrontDoc, Theme};
use crate::model::market::CompanyProfile;
use crate::model::media::LibraryImage;
use crate::model::session::CategoryLink;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub number: i64,
    pub published_at: i64,
    pub published_by: Option<String>,
    pub is_live: bool,
}

/// Everything the builder shows: the draft, its state and the published versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Builder {
    pub company_id: CompanyId,
    pub company_name: String,
    pub slug: String,
    pub revision: i64,
    pub doc: StorefrontDoc,
    pub updated_at: i64,
    pub updated_by: Option<String>,
    pub live_version: Option<i64>,
    pub unpublished_changes: bool,
    pub versions: Vec<VersionSummary>,
    /// Profile facts still needed before publishing.
    pub profile_missing: Vec<Required>,
    /// For the "from category" choice of product blocks.
    pub categories: Vec<CategoryLink>,
    /// For image choices: the company's library, and whether it has a banner.
    pub library: Vec<LibraryImage>,
    pub has_banner: bool,
    /// For hand-picked featured products: the published products (id, title).
    pub products: Vec<(i64, String)>,
}

/// One visible block, ready to show: rich text comes with its sanitized HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownBlock {
    pub id: u32,
    pub content: BlockContent,
    pub html: Option<String>,
    /// The library images it shows, in order.
    pub images: Vec<LibraryImage>,
    /// The products of a featured-products or product-grid block.
    pub products: Option<crate::model::market::ProductList>,
}

/// Which part of a product grid a storefront page shows (from its address).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridQuery {
    pub category: String,
    pub page: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NavLink {
    pub label: String,
    pub href: String,
    pub current: bool,
}

/// One page of a storefront as a buyer (or, in preview, the supplier) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorefrontView {
    pub company: CompanyProfile,
    pub theme: Theme,
    pub page: PageKind,
    pub page_label: String,
    pub nav: Vec<NavLink>,
    pub blocks: Vec<ShownBlock>,
    /// The draft, shown to its own team: empty sections explain themselves.
    pub preview: bool,
    pub canonical_url: String,
    pub description: String,
    /// For link previews: the banner, else the logo (absolute URL).
    pub share_image: Option<String>,
    /// schema.org `Organization`, already escaped for a `<script>` element.
    pub json_ld: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StorefrontPage {
    Published(Box<StorefrontView>),
    /// Not published yet: the marketplace's plain company profile stands in.
    Unpublished(Box<CompanyProfile>),
    /// The supplier changed its address; the old one redirects here.
    Moved(String),
}

/// What a block form held when saving it failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsavedBlock {
    pub page: String,
    pub block: u32,
    pub fields: FormValues,
}
