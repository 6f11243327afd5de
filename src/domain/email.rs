use serde::{Deserialize, Serialize};
use std::fmt;

pub const MAX_EMAIL_LEN: usize = 254;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Enter your email address.")]
    Empty,
    #[error("Email addresses are at most 254 characters.")]
    TooLong,
    #[error("Enter an email address like name@company.com.")]
    Malformed,
}

/// A syntactically valid email address, normalised to lower case so that
/// "Ana@Acme.com" and "ana@acme.com" are the same account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.len() > MAX_EMAIL_LEN {
            return Err(EmailError::TooLong);
        }
        let normalised = trimmed.to_lowercase();
        let (_, domain) = normalised.rsplit_once('@').ok_or(EmailError::Malformed)?;
        // Deliverable addresses have a dotted domain name; IP literals and quoted
        // local parts are legal but only ever seen from bots.
        let plausible_domain =
            domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.starts_with('[');
        // The crate also accepts the "Name <addr>" display form; a stored address is only the address.
        let bare = !normalised.chars().any(|c| c.is_whitespace() || matches!(c, '"' | '<' | '>'));
        if !plausible_domain || !bare || !email_address::EmailAddress::is_valid(&normalised) {
            return Err(EmailError::Malformed);
        }
        Ok(Self(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(s: String) -> Result<Self, EmailError> {
        Self::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises_ordinary_addresses() {
        assert_eq!(Email::parse("  Ana.Lima@Acme-Textiles.com.br ").unwrap().as_str(), "ana.lima@acme-textiles.com.br");
        assert!(Email::parse("buyer+rfq@example.co.uk").is_ok());
        assert!(Email::parse("o'brien@example.ie").is_ok());
    }

    #[test]
    fn rejects_what_cannot_be_an_address() {
        assert_eq!(Email::parse(""), Err(EmailError::Empty));
        assert_eq!(Email::parse("   "), Err(EmailError::Empty));
        for bad in [
            "plainaddress",
            "@example.com",
            "ana@",
            "ana@localhost",
            "ana@@example.com",
            "ana example@example.com",
            "ana@example..com",
            "ana@.example.com",
            "ana@example.com.",
            "Ana <ana@example.com>",
            "\"ana\"@example.com",
            "ana@[192.168.0.1]",
            "ana@exa mple.com",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn rejects_over_long_addresses() {
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }
}
