//! What every page render knows about the marketplace it belongs to.

/// The marketplace's public base address (`CARAVAN_PUBLIC_URL`, no trailing slash needed),
/// provided as context to every page render, so absolute links need no server state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl(pub String);
