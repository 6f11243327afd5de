use serde::{Deserialize, Serialize};
use std::fmt;

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("Use at least 10 characters.")]
    TooShort,
    #[error("Use at most 128 characters.")]
    TooLong,
    #[error("Choose a password that is not your email address.")]
    SameAsEmail,
}

/// A new password that meets the policy: long enough to resist guessing (NIST SP 800-63B
/// favours length over composition rules), short enough to bound hashing cost.
/// Never printed: `Debug` is redacted and there is no `Display`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(input: &str, email: Option<&str>) -> Result<Self, PasswordError> {
        let chars = input.chars().count();
        if chars < MIN_PASSWORD_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > MAX_PASSWORD_CHARS {
            return Err(PasswordError::TooLong);
        }
        if email.is_some_and(|e| e.trim().eq_ignore_ascii_case(input.trim())) {
            return Err(PasswordError::SameAsEmail);
        }
        Ok(Self(input.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enforces_length_in_characters() {
        assert_eq!(NewPassword::parse("short", None), Err(PasswordError::TooShort));
        assert_eq!(NewPassword::parse("ééééééééé", None), Err(PasswordError::TooShort));
        assert!(NewPassword::parse("éééééééééé", None).is_ok());
        assert_eq!(NewPassword::parse(&"x".repeat(129), None), Err(PasswordError::TooLong));
        assert!(NewPassword::parse(&"x".repeat(128), None).is_ok());
    }

    #[test]
    fn refuses_the_email_as_password() {
        assert_eq!(NewPassword::parse("Ana@Example.com", Some("ana@example.com")), Err(PasswordError::SameAsEmail));
        assert!(NewPassword::parse("correct horse battery", Some("ana@example.com")).is_ok());
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let p = NewPassword::parse("correct horse battery", None).unwrap();
        assert!(!format!("{p:?}").contains("horse"));
    }
}
