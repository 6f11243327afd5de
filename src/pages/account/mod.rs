//! Signing in and up, and managing one's own account and team.

mod addresses;
mod invitation;
mod login;
mod overview;
mod password;
mod recovery;
mod signup;
mod team;
mod two_factor;

pub use addresses::{AddressesPage, NewAddressForm};
pub use invitation::InvitationPage;
pub use login::LoginPage;
pub use overview::AccountPage;
pub use password::{EmailPage, PasswordPage};
pub use recovery::{ConfirmEmailPage, ConfirmReminder, ForgotPasswordPage, ResetPasswordPage};
pub use signup::SignUpPage;
pub use team::TeamPage;
pub use two_factor::{TwoFactorPage, TwoFactorSignInPage};

/// The buy / sell / both choice, as radio cards.
fn account_type_options() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        ("buyer", "I want to buy", "Find suppliers, request quotes and order for my company."),
        ("supplier", "I want to sell", "Publish my catalog and storefront, and answer buyers."),
        ("both", "Both", "My company buys and sells on Caravan."),
    ]
}
