//! A buyer's product search as its address states it: text, facets, sort and page. Every
//! parameter is read leniently — a value that makes no sense is dropped, never an error — so
//! any address, hand-edited or hostile, gives a page of results.

use super::country::Country;
use super::money::{Currency, Money};
use super::product::Customization;
use super::terms::MAX_QUANTITY;
use serde::{Deserialize, Serialize};

/// Search text is cut to this many characters before anything reads it.
pub const MAX_QUERY_CHARS: usize = 100;
/// Words of the text that count; the rest are ignored.
pub const MAX_TERMS: usize = 8;
const MAX_TERM_CHARS: usize = 40;
pub const PAGE_SIZE: u32 = 24;
/// Deeper pages are not served: nobody reads them and they cost the database the most.
pub const MAX_PAGE: u32 = 200;
/// "MOQ at most …" choices.
pub const MOQ_LIMITS: [u64; 5] = [1, 10, 100, 500, 1000];
/// "Ships within … days" choices.
pub const LEAD_LIMITS: [u32; 4] = [7, 15, 30, 60];

crate::domain::form::choices! {
    /// How results are ordered.
    SearchSort {
        Relevance => "relevance", "Best match";
        PriceLow => "price", "Unit price, low to high";
        PriceHigh => "-price", "Unit price, high to low";
        Moq => "moq", "Lowest MOQ";
        Newest => "newest", "Newest";
        Rating => "rating", "Supplier rating";
    }
}

// Written out: `choices!` declares the enum, so `#[default]` cannot be put on a variant.
#[allow(clippy::derivable_impls)]
impl Default for SearchSort {
    fn default() -> Self {
        SearchSort::Relevance
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductSearch {
    pub q: String,
    /// A category slug: that category and everything under it.
    pub category: String,
    /// The quantity the buyer wants: prices and lead times are those at it, and products
    /// whose MOQ is above it are left out.
    pub quantity: Option<u64>,
    /// The currency prices are filtered in (products in others are left out by a price filter).
    pub currency: Option<Currency>,
    /// The highest unit price, in `currency`'s minor units.
    pub price_max: Option<i64>,
    pub moq_max: Option<u64>,
    pub lead_max: Option<u32>,
    pub country: Option<Country>,
    pub verified: bool,
    pub sample: bool,
    pub custom: Option<Customization>,
    pub sort: SearchSort,
    pub page: u32,
}

impl ProductSearch {
    /// Reads an address's query string (`q=cup&qty=500`); the first of a repeated key counts.
    pub fn from_query(query: &str) -> Self {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Self::from_params(|key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    }

    /// Reads the address's parameters (`get("q")` …).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |key: &str| get(key).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let number = |key: &str| text(key).and_then(|v| v.parse::<u64>().ok());
        let flag = |key: &str| matches!(text(key).as_deref(), Some("1" | "true" | "on"));
        let currency = text("currency").and_then(|c| c.to_ascii_uppercase().parse::<Currency>().ok());
        let price_max = currency
            .zip(text("price_max"))
            .and_then(|(currency, price)| Money::parse(&price, currency).ok())
            .map(Money::minor)
            .filter(|minor| *minor > 0);
        ProductSearch {
            q: text("q").map(|q| clip_query(&q)).unwrap_or_default(),
            category: text("category").filter(|c| c.len() <= 120).unwrap_or_default(),
            quantity: number("qty").filter(|q| (1..=MAX_QUANTITY).contains(q)),
            currency,
            price_max,
            moq_max: number("moq_max").filter(|m| *m >= 1),
            lead_max: number("lead_max").and_then(|d| u32::try_from(d).ok()).filter(|d| *d >= 1),
            country: text("country").and_then(|c| Country::parse(&c.to_ascii_uppercase()).ok()),
            verified: flag("verified"),
            sample: flag("sample"),
            custom: text("custom").and_then(|c| c.parse().ok()),
            sort: text("sort").and_then(|s| s.parse().ok()).unwrap_or_default(),
            page: number("page").and_then(|p| u32::try_from(p).ok()).unwrap_or(1).clamp(1, MAX_PAGE),
        }
    }

    /// The address of this search, parameters in a fixed order so one search has one address.
    pub fn href(&self) -> String {
        let query: Vec<String> =
            self.params().into_iter().map(|(k, v)| format!("{k}={}", encode_query_value(&v))).collect();
        if query.is_empty() { "/search".to_string() } else { format!("/search?{}", query.join("&")) }
    }

    /// The address's parameters: what `href` writes, and what a form that changes some of
    /// them carries along in hidden fields.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut params: Vec<(&'static str, String)> = Vec::new();
        let mut put = |key, value: String| params.push((key, value));
        if !self.q.is_empty() {
            put("q", self.q.clone());
        }
        if !self.category.is_empty() {
            put("category", self.category.clone());
        }
        if let Some(quantity) = self.quantity {
            put("qty", quantity.to_string());
        }
        if let Some(currency) = self.currency {
            put("currency", currency.code().to_string());
            if let Some(price) = self.price_max {
                put("price_max", Money::from_minor(price, currency).to_decimal_string());
            }
        }
        if let Some(moq) = self.moq_max {
            put("moq_max", moq.to_string());
        }
        if let Some(days) = self.lead_max {
            put("lead_max", days.to_string());
        }
        if let Some(country) = self.country {
            put("country", country.code().to_string());
        }
        if self.verified {
            put("verified", "1".into());
        }
        if self.sample {
            put("sample", "1".into());
        }
        if let Some(custom) = self.custom {
            put("custom", custom.as_str().to_string());
        }
        if self.sort != SearchSort::Relevance {
            put("sort", self.sort.as_str().to_string());
        }
        if self.page > 1 {
            put("page", self.page.to_string());
        }
        params
    }

    /// This search changed by `change`, back on page 1: what a facet link points to.
    pub fn with(&self, change: impl FnOnce(&mut ProductSearch)) -> ProductSearch {
        let mut next = self.clone();
        change(&mut next);
        next.page = 1;
        next
    }

    /// The words of the text, lower-cased: letters and digits only, so no character of any
    /// query language (quotes, `*`, `:`, `&`, `-`, parentheses …) ever reaches the database.
    pub fn terms(&self) -> Vec<String> {
        terms(&self.q)
    }

    /// Any filter set (the text and the sort are not filters).
    pub fn is_filtered(&self) -> bool {
        *self != ProductSearch { q: self.q.clone(), sort: self.sort, page: self.page, ..ProductSearch::default() }
    }

    /// Each filter set, as this search without it: the "remove" links beside the results and
    /// the ways out of an empty page.
    pub fn without_each_filter(&self) -> Vec<(Filter, ProductSearch)> {
        let mut out = Vec::new();
        let mut drop = |filter: Filter, set: bool, clear: fn(&mut ProductSearch)| {
            if set {
                out.push((filter, self.with(clear)));
            }
        };
        drop(Filter::Category, !self.category.is_empty(), |s| s.category.clear());
        drop(Filter::Quantity, self.quantity.is_some(), |s| s.quantity = None);
        drop(Filter::Price, self.price_max.is_some(), |s| s.price_max = None);
        drop(Filter::Moq, self.moq_max.is_some(), |s| s.moq_max = None);
        drop(Filter::Lead, self.lead_max.is_some(), |s| s.lead_max = None);
        drop(Filter::Country, self.country.is_some(), |s| s.country = None);
        drop(Filter::Verified, self.verified, |s| s.verified = false);
        drop(Filter::Sample, self.sample, |s| s.sample = false);
        drop(Filter::Custom, self.custom.is_some(), |s| s.custom = None);
        out
    }
}

/// One kind of filter, for "remove this filter" links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Filter {
    Category,
    Quantity,
    Price,
    Moq,
    Lead,
    Country,
    Verified,
    Sample,
    Custom,
}

/// Search text as it may be stored or echoed: at most `MAX_QUERY_CHARS` characters, with
/// control characters and runs of spaces removed.
pub fn clip_query(q: &str) -> String {
    let cleaned: String = q.chars().map(|c| if c.is_control() { ' ' } else { c }).take(MAX_QUERY_CHARS).collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The searchable words of a text: runs of letters and digits, lower-cased, each at most 40
/// characters, at most `MAX_TERMS` of them, without repeats.
pub fn terms(q: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in clip_query(q).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let word: String = word.chars().take(MAX_TERM_CHARS).flat_map(char::to_lowercase).collect();
        if !out.contains(&word) {
            out.push(word);
        }
        if out.len() == MAX_TERMS {
            break;
        }
    }
    out
}

/// How many typing mistakes a word of this length may carry and still be corrected: none
/// for short words (too many real words are one letter apart), one up to 7 letters, then two.
pub fn typo_budget(word: &str) -> usize {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Percent-encodes what would break out of a query parameter value.
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)]) -> ProductSearch {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        ProductSearch::from_params(|k| map.get(k).cloned())
    }

    fn reparse(href: &str) -> ProductSearch {
        ProductSearch::from_query(href.split_once('?').map(|(_, q)| q).unwrap_or_default())
    }

    #[test]
    fn reads_every_parameter() {
        let search = parse(&[
            ("q", "  steel   bottle "),
            ("category", "drinkware"),
            ("qty", "500"),
            ("currency", "usd"),
            ("price_max", "3.50"),
            ("moq_max", "100"),
            ("lead_max", "30"),
            ("country", "vn"),
            ("verified", "1"),
            ("sample", "on"),
            ("custom", "logo"),
            ("sort", "-price"),
            ("page", "3"),
        ]);
        assert_eq!(search.q, "steel bottle");
        assert_eq!(search.quantity, Some(500));
        assert_eq!(search.currency, Some(Currency::Usd));
        assert_eq!(search.price_max, Some(350));
        assert_eq!(search.country.map(Country::code), Some("VN"));
        assert!(search.verified && search.sample);
        assert_eq!(search.custom, Some(Customization::Logo));
        assert_eq!(search.sort, SearchSort::PriceHigh);
        assert_eq!(search.page, 3);
        assert_eq!(
            search.href(),
            "/search?q=steel%20bottle&category=drinkware&qty=500&currency=USD&price_max=3.50&moq_max=100\
             &lead_max=30&country=VN&verified=1&sample=1&custom=logo&sort=-price&page=3"
        );
        assert_eq!(reparse(&search.href()), search);
    }

    #[test]
    fn drops_what_makes_no_sense() {
        let search = parse(&[
            ("qty", "-4"),
            ("price_max", "3"),
            ("currency", "XXX"),
            ("moq_max", "0"),
            ("lead_max", "99999999999"),
            ("country", "ZZ"),
            ("verified", "yes please"),
            ("custom", "'; DROP TABLE products; --"),
            ("sort", "random()"),
            ("page", "0"),
        ]);
        assert_eq!(search, ProductSearch { page: 1, ..ProductSearch::default() });
        assert_eq!(search.href(), "/search");
        assert_eq!(parse(&[("page", "999999")]).page, MAX_PAGE);
        assert!(!search.is_filtered());
    }

    #[test]
    fn facet_links_go_back_to_the_first_page() {
        let search = parse(&[("q", "cup"), ("page", "4"), ("verified", "1")]);
        let next = search.with(|s| s.sample = true);
        assert_eq!(next.href(), "/search?q=cup&verified=1&sample=1");
        let removals = search.without_each_filter();
        assert_eq!(removals.len(), 1);
        assert_eq!(removals[0].0, Filter::Verified);
        assert_eq!(removals[0].1.href(), "/search?q=cup");
    }

    #[test]
    fn encodes_query_breaking_characters() {
        assert_eq!(encode_query_value("/account/team"), "/account/team");
        assert_eq!(encode_query_value("/search?q=a b&x=1#y"), "/search%3Fq%3Da%20b%26x%3D1%23y");
    }

    #[test]
    fn terms_are_letters_and_digits_only() {
        assert_eq!(
            terms(r#"Stainless "steel" bottle* OR (cup) -lid NEAR/2 a:b"#),
            ["stainless", "steel", "bottle", "or", "cup", "lid", "near", "2", "a", "b"][..MAX_TERMS].to_vec()
        );
        assert_eq!(terms("Café crème 1.5mm"), ["café", "crème", "1", "5mm"]);
        assert_eq!(terms("🔥🔥 ' ; -- \0"), Vec::<String>::new());
        assert_eq!(terms("cup CUP Cup"), ["cup"]);
    }

    proptest! {
        #[test]
        fn any_text_gives_bounded_plain_terms(q in any::<String>()) {
            let words = terms(&q);
            prop_assert!(words.len() <= MAX_TERMS);
            for w in words {
                prop_assert!(!w.is_empty() && w.chars().count() <= MAX_TERM_CHARS * 3);
                prop_assert!(w.chars().all(char::is_alphanumeric));
            }
            prop_assert!(clip_query(&q).chars().count() <= MAX_QUERY_CHARS);
        }

        #[test]
        fn any_address_parses_and_round_trips(pairs in proptest::collection::vec((
            prop_oneof![Just("q"), Just("qty"), Just("price_max"), Just("currency"), Just("moq_max"),
                        Just("lead_max"), Just("country"), Just("custom"), Just("sort"), Just("page")],
            any::<String>()), 0..8)) {
            let search = parse(&pairs.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>());
            prop_assert_eq!(reparse(&search.href()), search);
        }
    }
}
