//! Words buyers use for the same thing ("tee, t-shirt, tshirt"): a search for any of them
//! finds products described with the others.

use super::search::terms;
use serde::{Deserialize, Serialize};

pub const MAX_SYNONYMS_CHARS: usize = 300;
pub const MAX_ALTERNATIVES: usize = 12;
/// Words one alternative may have ("stainless steel" has two).
pub const MAX_ALTERNATIVE_WORDS: usize = 4;

/// Two or more ways to say one thing, each as its search words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Synonyms(Vec<Vec<String>>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidSynonyms {
    #[error("Enter at least two words or phrases, separated by commas.")]
    TooFew,
    #[error("At most {MAX_ALTERNATIVES} alternatives, and {MAX_SYNONYMS_CHARS} characters.")]
    TooMany,
    #[error("A phrase may have at most {MAX_ALTERNATIVE_WORDS} words.")]
    TooLong,
}

impl Synonyms {
    /// Reads "tee, t-shirt, tshirt": comma- or line-separated, each read as a search reads
    /// words (so "T-Shirt" is the phrase "t shirt"); repeats and empty entries are dropped.
    pub fn parse(text: &str) -> Result<Synonyms, InvalidSynonyms> {
        if text.chars().count() > MAX_SYNONYMS_CHARS {
            return Err(InvalidSynonyms::TooMany);
        }
        let mut alternatives: Vec<Vec<String>> = Vec::new();
        for part in text.split([',', '\n', ';']) {
            let words = terms(part);
            if words.is_empty() || alternatives.contains(&words) {
                continue;
            }
            if words.len() > MAX_ALTERNATIVE_WORDS {
                return Err(InvalidSynonyms::TooLong);
            }
            alternatives.push(words);
        }
        match alternatives.len() {
            0 | 1 => Err(InvalidSynonyms::TooFew),
            n if n > MAX_ALTERNATIVES => Err(InvalidSynonyms::TooMany),
            _ => Ok(Synonyms(alternatives)),
        }
    }

    pub fn alternatives(&self) -> &[Vec<String>] {
        &self.0
    }
}

/// As stored: the text a synonym group was saved as.
impl TryFrom<String> for Synonyms {
    type Error = InvalidSynonyms;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Synonyms::parse(&text)
    }
}

/// Written the way it is read back: "tee, t shirt, tshirt".
impl std::fmt::Display for Synonyms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let phrases: Vec<String> = self.0.iter().map(|words| words.join(" ")).collect();
        f.write_str(&phrases.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_phrases_as_search_words() {
        let s = Synonyms::parse("Tee, T-Shirt,, tshirt, tee").unwrap();
        assert_eq!(s.alternatives(), [vec!["tee"], vec!["t", "shirt"], vec!["tshirt"]]);
        assert_eq!(s.to_string(), "tee, t shirt, tshirt");
        assert_eq!(Synonyms::parse(&s.to_string()).unwrap(), s);
    }

    #[test]
    fn refuses_what_cannot_be_a_synonym() {
        assert_eq!(Synonyms::parse("tee"), Err(InvalidSynonyms::TooFew));
        assert_eq!(Synonyms::parse("tee, TEE, --"), Err(InvalidSynonyms::TooFew));
        assert_eq!(Synonyms::parse("a b c d e, f"), Err(InvalidSynonyms::TooLong));
        let thirteen: Vec<String> = (0..13).map(|i| format!("w{i}")).collect();
        assert_eq!(Synonyms::parse(&thirteen.join(", ")), Err(InvalidSynonyms::TooMany));
        assert_eq!(Synonyms::parse(&"x".repeat(301)), Err(InvalidSynonyms::TooMany));
    }

    proptest! {
        #[test]
        fn whatever_is_accepted_reads_back_the_same(text in "\\PC{0,120}") {
            if let Ok(s) = Synonyms::parse(&text) {
                prop_assert!(s.alternatives().len() >= 2);
                prop_assert_eq!(Synonyms::parse(&s.to_string()).unwrap(), s);
            }
        }
    }
}
