//! The platform admin area. Server functions refuse non-admins; these pages show why.

mod dashboard;
mod disputes;
mod listings;
mod outbox;
mod payouts;
mod search;
mod verifications;

pub use dashboard::AdminPage;
pub use disputes::{DisputePage, DisputesPage};
pub use listings::ListingsPage;
pub use outbox::OutboxPage;
pub use payouts::AdminPayoutsPage;
pub use search::SearchAdminPage;
pub use verifications::VerificationsPage;
