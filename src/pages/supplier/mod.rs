//! Pages for supplier teams: the storefront builder.

mod block;
mod builder;
mod enhance;
mod images;
mod preview;
mod profile;
mod verification;

pub use block::BlockEditorPage;
pub use builder::StorefrontBuilderPage;
pub use images::ImagesPage;
pub use preview::PreviewPage;
pub use profile::ProfilePage;
pub use verification::VerificationPage;

use enhance::{BlockFormEnhancer, BlockListEnhancer};
