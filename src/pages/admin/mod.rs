//! The platform admin area. Server functions refuse non-admins; these pages show why.

mod dashboard;
mod listings;
mod outbox;
mod verifications;

pub use dashboard::AdminPage;
pub use listings::ListingsPage;
pub use outbox::OutboxPage;
pub use verifications::VerificationsPage;
