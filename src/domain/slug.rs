use serde::{Deserialize, Serialize};
use std::fmt;

pub const MIN_SLUG_LEN: usize = 3;
pub const MAX_SLUG_LEN: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("Use at least 3 characters.")]
    TooShort,
    #[error("Use at most 60 characters.")]
    TooLong,
    #[error("Use lower-case letters, digits and single hyphens, not at the start or end.")]
    Malformed,
}

/// The readable part of a public address (`/s/acme-textiles`): lower-case ASCII letters,
/// digits and single inner hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub fn parse(input: &str) -> Result<Self, SlugError> {
        let s = input.trim();
        if s.len() < MIN_SLUG_LEN {
            return Err(SlugError::TooShort);
        }
        if s.len() > MAX_SLUG_LEN {
            return Err(SlugError::TooLong);
        }
        let allowed = s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !allowed || s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            return Err(SlugError::Malformed);
        }
        Ok(Self(s.to_string()))
    }

    /// Derives a slug from a name in any script ("Müller & Söhne GmbH" → "muller-sohne-gmbh").
    /// `None` when nothing usable remains (a name of only punctuation).
    pub fn from_name(name: &str) -> Option<Self> {
        let ascii = deunicode::deunicode(name).to_ascii_lowercase();
        let mut slug = String::with_capacity(ascii.len());
        for ch in ascii.chars() {
            if ch.is_ascii_alphanumeric() {
                slug.push(ch);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        slug.truncate(MAX_SLUG_LEN);
        let slug = slug.trim_end_matches('-');
        let slug = if slug.len() < MIN_SLUG_LEN && !slug.is_empty() { format!("{slug}-co") } else { slug.to_string() };
        Self::parse(&slug).ok()
    }

    /// The same slug with a numeric suffix, for when the plain one is taken ("acme" → "acme-2").
    pub fn with_suffix(&self, n: u32) -> Self {
        let suffix = format!("-{n}");
        let mut base = self.0.clone();
        base.truncate(MAX_SLUG_LEN - suffix.len());
        Self(format!("{}{suffix}", base.trim_end_matches('-')))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(s: String) -> Result<Self, SlugError> {
        Self::parse(&s)
    }
}

impl From<Slug> for String {
    fn from(s: Slug) -> String {
        s.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_valid_slugs() {
        assert_eq!(Slug::parse("acme-textiles").unwrap().as_str(), "acme-textiles");
        assert!(Slug::parse("abc").is_ok());
        assert!(Slug::parse("3m-co").is_ok());
    }

    #[test]
    fn rejects_invalid_slugs() {
        assert_eq!(Slug::parse("ab"), Err(SlugError::TooShort));
        assert_eq!(Slug::parse(&"a".repeat(61)), Err(SlugError::TooLong));
        for bad in ["-acme", "acme-", "ac--me", "Acme", "acme_co", "acme co", "açme", "../etc"] {
            assert_eq!(Slug::parse(bad), Err(SlugError::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn derives_slugs_from_names() {
        let from = |name: &str| Slug::from_name(name).map(String::from);
        assert_eq!(from("Acme Textiles Ltd."), Some("acme-textiles-ltd".into()));
        assert_eq!(from("Müller & Söhne GmbH"), Some("muller-sohne-gmbh".into()));
        assert_eq!(from("  --Shenzhen  Bright-Star  Co., Ltd--"), Some("shenzhen-bright-star-co-ltd".into()));
        assert_eq!(from("3M"), Some("3m-co".into()));
        assert_eq!(from("!!!"), None);
        assert_eq!(from(&"word ".repeat(40)).map(|s| s.len() <= MAX_SLUG_LEN), Some(true));
    }

    #[test]
    fn suffixes_stay_within_limits() {
        let slug = Slug::parse("acme").unwrap();
        assert_eq!(slug.with_suffix(2).as_str(), "acme-2");
        let long = Slug::parse(&"a".repeat(MAX_SLUG_LEN)).unwrap();
        let suffixed = long.with_suffix(12);
        assert_eq!(suffixed.as_str().len(), MAX_SLUG_LEN);
        assert!(Slug::parse(suffixed.as_str()).is_ok());
    }

    proptest! {
        #[test]
        fn derived_slugs_are_always_valid(name in "\\PC{0,120}") {
            if let Some(slug) = Slug::from_name(&name) {
                prop_assert!(Slug::parse(slug.as_str()).is_ok());
                prop_assert!(Slug::parse(slug.with_suffix(999).as_str()).is_ok());
            }
        }
    }
}
