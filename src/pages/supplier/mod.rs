//! Pages for supplier teams: the storefront builder and the product catalog.

mod block;
mod builder;
mod enhance;
mod images;
mod import;
mod orders;
mod payouts;
mod preview;
mod product;
pub mod products;
mod profile;
mod selling;
mod verification;

pub use block::BlockEditorPage;
pub use builder::StorefrontBuilderPage;
pub use images::ImagesPage;
pub use import::{CatalogImportPage, ImportJobPage};
pub use orders::{SupplierOrderPage, SupplierOrdersPage};
pub use payouts::PayoutsPage;
pub use preview::PreviewPage;
pub use product::{ProductEditorPage, ProductPreviewPage};
pub use products::ProductsPage;
pub use profile::ProfilePage;
pub use selling::SellingPage;
pub use verification::VerificationPage;

use enhance::{BlockFormEnhancer, BlockListEnhancer};
