//! Short human-entered text: names of people and companies, cities, one-line descriptions.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("This field is required.")]
    Empty,
    #[error("Use at most {max} characters.")]
    TooLong { max: usize },
    #[error("Remove the control characters.")]
    ControlCharacters,
}

/// Trims, folds runs of white space to one space and enforces a length in characters.
pub fn clean_line(input: &str, max: usize) -> Result<String, TextError> {
    if input.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return Err(TextError::ControlCharacters);
    }
    let folded = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.is_empty() {
        return Err(TextError::Empty);
    }
    if folded.chars().count() > max {
        return Err(TextError::TooLong { max });
    }
    Ok(folded)
}

/// Plain text as stored: control characters refused, lines trimmed (paragraph breaks kept
/// when `multiline`), a length limit in characters.
pub fn clean_text(raw: &str, max: usize, multiline: bool) -> Result<String, String> {
    if raw.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err("Remove the control characters.".to_string());
    }
    let cleaned = if multiline {
        let lines: Vec<&str> = raw.lines().map(str::trim_end).collect();
        let joined = lines.join("\n");
        // At most one blank line in a row.
        let mut out = String::with_capacity(joined.len());
        for ch in joined.trim().chars() {
            if ch == '\n' && out.ends_with("\n\n") {
                continue;
            }
            out.push(ch);
        }
        out
    } else {
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    if cleaned.chars().count() > max {
        return Err(format!("Use at most {max} characters (now {}).", cleaned.chars().count()));
    }
    Ok(cleaned)
}

macro_rules! line_type {
    ($($(#[$meta:meta])* $name:ident max $max:expr;)+) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub const MAX: usize = $max;

            pub fn parse(input: &str) -> Result<Self, TextError> {
                clean_line(input, Self::MAX).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = TextError;
            fn try_from(s: String) -> Result<Self, TextError> {
                Self::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )+};
}

line_type! {
    /// A person's full name as they want to be addressed.
    PersonName max 100;
    /// A registered or trading company name.
    CompanyName max 120;
    /// A city or town.
    City max 80;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_white_space_and_trims() {
        assert_eq!(PersonName::parse("  Ana   Lima \t").unwrap().as_str(), "Ana Lima");
        assert_eq!(CompanyName::parse("Zhejiang\nHuayu  Co.").unwrap().as_str(), "Zhejiang Huayu Co.");
    }

    #[test]
    fn rejects_empty_long_and_control_text() {
        assert_eq!(PersonName::parse(" \n "), Err(TextError::Empty));
        assert_eq!(PersonName::parse(&"é".repeat(101)), Err(TextError::TooLong { max: 100 }));
        assert!(PersonName::parse(&"é".repeat(100)).is_ok());
        assert_eq!(CompanyName::parse("Acme\u{0}Ltd"), Err(TextError::ControlCharacters));
        assert_eq!(City::parse("Lyon\u{1b}[31m"), Err(TextError::ControlCharacters));
    }
}
