//! Two-factor sign-in as the settings page shows it.

use serde::{Deserialize, Serialize};

/// Where a person's two-factor sign-in stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    pub enabled: bool,
    /// Platform admins must keep it on.
    pub required: bool,
    pub recovery_codes_left: u32,
    /// A secret being set up, until a code from the app turns it on.
    pub setup: Option<TwoFactorSetup>,
    /// Recovery codes made just now: shown once, never stored readable.
    pub new_recovery_codes: Vec<String>,
}

/// What an authenticator app needs to add the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorSetup {
    /// The secret in base32, in groups of four for typing.
    pub secret: String,
    /// The `otpauth://` address as a QR code: a PNG in base64.
    pub qr_png_base64: String,
}
