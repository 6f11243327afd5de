//! The platform admin area. Server functions refuse non-admins; these pages show why.

mod dashboard;
mod outbox;
mod verifications;

pub use dashboard::AdminPage;
pub use outbox::OutboxPage;
pub use verifications::VerificationsPage;
