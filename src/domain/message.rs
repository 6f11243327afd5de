//! Message text: plain text only, shown as text with web addresses made into links. Nothing a
//! person writes is ever interpreted as markup.

use crate::domain::profile::ResponseTime;
use serde::{Deserialize, Serialize};

pub const MAX_MESSAGE_CHARS: usize = 5000;

/// A run of a message: text, or a web address to link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Segment {
    Text(String),
    /// The address as written, and where the link goes (`https://` added to `www.`).
    Link(String, String),
}

/// Splits `text` into plain runs and links. Only `http://`, `https://` and `www.` start a
/// link, so `javascript:` and the like stay text.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let at_word_start = plain.chars().last().is_none_or(|c| c.is_whitespace() || "([<\"'".contains(c));
        let lower = rest.get(..8).unwrap_or(rest).to_ascii_lowercase();
        let starts = ["https://", "http://", "www."].iter().any(|p| lower.starts_with(p));
        if at_word_start && starts {
            let end = rest.find(|c: char| c.is_whitespace() || "<>\"'".contains(c)).unwrap_or(rest.len());
            // Punctuation that ends a sentence is not part of the address.
            let address = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']']);
            let has_host = address.split("://").last().is_some_and(|h| h.trim_start_matches("www.").contains('.'));
            if has_host {
                if !plain.is_empty() {
                    out.push(Segment::Text(std::mem::take(&mut plain)));
                }
                let href = if lower.starts_with("www.") { format!("https://{address}") } else { address.to_string() };
                out.push(Segment::Link(address.to_string(), href));
                rest = &rest[address.len()..];
                continue;
            }
        }
        let ch = rest.chars().next().unwrap_or_default();
        plain.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    if !plain.is_empty() {
        out.push(Segment::Text(plain));
    }
    out
}

/// The middle value (the lower middle of an even count); 0 for none.
pub fn median(values: &mut [i64]) -> i64 {
    values.sort_unstable();
    match values.len() {
        0 => 0,
        n => values[(n - 1) / 2],
    }
}

/// How a measured response time reads: "Within 3 hours".
pub fn response_label(secs: i64) -> String {
    match secs {
        s if s < 3600 => "Within an hour".to_string(),
        s if s < 48 * 3600 => format!("Within {} hours", (s + 3599) / 3600),
        s => format!("Within {} days", (s + 86_399) / 86_400),
    }
}

/// How fast a supplier answers inquiries, as buyers are shown it: the median measured on
/// Caravan when there is one, else what the supplier states on its profile, marked as such.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responsiveness {
    /// Median time to first reply over the last 90 days, in seconds.
    pub measured_secs: Option<i64>,
    pub stated: Option<ResponseTime>,
}

impl Responsiveness {
    pub fn label(&self) -> String {
        match (self.measured_secs, self.stated) {
            (Some(secs), _) => response_label(secs),
            (None, Some(stated)) => format!("{} (stated by the supplier)", stated.label()),
            (None, None) => "Not measured yet".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_labels() {
        assert_eq!(median(&mut []), 0);
        assert_eq!(median(&mut [9, 1, 5]), 5);
        assert_eq!(median(&mut [4, 1, 3, 2]), 2);
        assert_eq!(response_label(600), "Within an hour");
        assert_eq!(response_label(3 * 3600 - 5), "Within 3 hours");
        assert_eq!(response_label(3 * 86_400), "Within 3 days");
    }

    #[test]
    fn measured_response_wins_over_the_stated_one() {
        let stated = Some(ResponseTime::Within24h);
        assert_eq!(Responsiveness { measured_secs: Some(7200), stated }.label(), "Within 2 hours");
        assert_eq!(Responsiveness { measured_secs: None, stated }.label(), "Within 24 hours (stated by the supplier)");
        assert_eq!(Responsiveness::default().label(), "Not measured yet");
    }
    use proptest::prelude::*;

    fn text(s: &str) -> Segment {
        Segment::Text(s.into())
    }

    #[test]
    fn addresses_become_links_and_the_rest_stays_text() {
        assert_eq!(
            segments("See https://example.com/spec.pdf, or www.acme.example."),
            vec![
                text("See "),
                Segment::Link("https://example.com/spec.pdf".into(), "https://example.com/spec.pdf".into()),
                text(", or "),
                Segment::Link("www.acme.example".into(), "https://www.acme.example".into()),
                text("."),
            ]
        );
        for inert in ["javascript:alert(1)", "<script>alert(1)</script>", "xhttps://a.b", "http://", "日本 ok"] {
            assert!(segments(inert).iter().all(|s| matches!(s, Segment::Text(_))), "{inert}");
        }
    }

    proptest! {
        /// Nothing is lost or added: the shown text is exactly what was written.
        #[test]
        fn segments_rebuild_the_text(input in "\\PC{0,80}( https://[a-z]{1,8}\\.[a-z]{2,3}[./a-z]{0,6})?\\PC{0,20}") {
            let rebuilt: String = segments(&input).into_iter().map(|s| match s {
                Segment::Text(t) => t,
                Segment::Link(shown, href) => {
                    assert!(href.starts_with("http://") || href.starts_with("https://"));
                    shown
                }
            }).collect();
            prop_assert_eq!(rebuilt, input);
        }
    }
}
