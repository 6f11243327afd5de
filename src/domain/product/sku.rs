//! A variant's stock-keeping unit: the code a supplier knows it by, unique within the product.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SkuError {
    #[error("Give each variant a SKU.")]
    Empty,
    #[error("Use at most 40 characters.")]
    TooLong,
    #[error("Use letters, digits and - _ . / only (no spaces).")]
    Malformed,
}

/// A stock-keeping unit code, unique within one supplier. Stored upper-case so "ab-1" and
/// "AB-1" are the same SKU.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sku(String);

impl Sku {
    pub fn parse(input: &str) -> Result<Self, SkuError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(SkuError::Empty);
        }
        if s.len() > 40 {
            return Err(SkuError::TooLong);
        }
        if !s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/')) {
            return Err(SkuError::Malformed);
        }
        Ok(Self(s.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Sku {
    type Error = SkuError;
    fn try_from(s: String) -> Result<Self, SkuError> {
        Self::parse(&s)
    }
}

impl From<Sku> for String {
    fn from(s: Sku) -> String {
        s.0
    }
}

impl FromStr for Sku {
    type Err = SkuError;
    fn from_str(s: &str) -> Result<Self, SkuError> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skus_are_case_insensitive_and_plain() {
        assert_eq!(Sku::parse(" ab-1/x_2.3 ").unwrap().as_str(), "AB-1/X_2.3");
        assert_eq!(Sku::parse(""), Err(SkuError::Empty));
        assert_eq!(Sku::parse("a b"), Err(SkuError::Malformed));
        assert_eq!(Sku::parse(&"x".repeat(41)), Err(SkuError::TooLong));
    }
}
