//! Pages for supplier teams: the storefront builder.

mod block;
mod builder;
mod enhance;
mod preview;
mod profile;

pub use block::BlockEditorPage;
pub use builder::StorefrontBuilderPage;
pub use preview::PreviewPage;
pub use profile::ProfilePage;

use enhance::{BlockFormEnhancer, BlockListEnhancer};
