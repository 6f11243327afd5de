//! Reading what people submit: a form's values as posted, the one collector of problems by
//! field that every reader and validator uses, a reader with the conversions forms share, and
//! closed lists of choices.

use crate::domain::money::{Currency, Money};
use crate::error::{AppError, FieldError};
use std::collections::BTreeMap;
use std::fmt::Display;

/// Submitted form values by input name: `title`, `tiers.0.min_quantity`, `items.2.question` …
pub type FormValues = BTreeMap<String, String>;

/// Every problem with a submission, at most one per field (the first found), so a person can
/// fix them all at once. An empty field name is a problem with the form as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `message` against `field`, unless the field already has a problem.
    pub fn add(&mut self, field: &str, message: impl Display) {
        if !self.has(field) {
            self.0.push(FieldError { field: field.to_string(), message: message.to_string() });
        }
    }

    /// The value of `result`, or `None` with its error recorded against `field`.
    pub fn check<T, E: Display>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.add(field, e);
                None
            }
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    /// Whether any field whose name starts with `prefix` has a problem (`variants.` …).
    pub fn has_under(&self, prefix: &str) -> bool {
        self.0.iter().any(|e| e.field.starts_with(prefix))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `value` when nothing was wrong, else every problem found.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() { Ok(value) } else { Err(self.0) }
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }

    /// The problems as the error a server function answers (422, shown beside the fields).
    pub fn into_error(self) -> AppError {
        AppError::invalid(self.0)
    }
}

/// Reads a submitted form, collecting every problem against its field name.
pub struct Reader<'a> {
    form: &'a FormValues,
    pub errors: FieldErrors,
}

impl<'a> Reader<'a> {
    pub fn new(form: &'a FormValues) -> Self {
        Reader { form, errors: FieldErrors::new() }
    }

    /// The value as typed, without surrounding spaces; empty when absent.
    pub fn raw(&self, key: &str) -> &'a str {
        self.form.get(key).map_or("", |v| v.trim())
    }

    /// Every value as posted.
    pub fn values(&self) -> &'a FormValues {
        self.form
    }

    /// The value exactly as posted (spaces kept), empty when absent.
    pub fn untrimmed(&self, key: &str) -> &'a str {
        self.form.get(key).map_or("", String::as_str)
    }

    pub fn error(&mut self, field: &str, message: impl Display) {
        self.errors.add(field, message);
    }

    pub fn check<T, E: Display>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        self.errors.check(field, result)
    }

    /// A ticked checkbox (browsers post `on`; our own forms `true`).
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.raw(key), "true" | "on" | "yes" | "1")
    }

    /// A whole number, `None` when left empty.
    pub fn count(&mut self, key: &str, min: u64, max: u64) -> Option<u64> {
        let raw = self.raw(key).replace([',', '_', ' '], "");
        if raw.is_empty() {
            return None;
        }
        let parsed = raw.parse::<u64>().ok().filter(|n| (min..=max).contains(n));
        if parsed.is_none() {
            self.error(key, format!("Enter a whole number from {min} to {max}."));
        }
        parsed
    }

    pub fn required_count(&mut self, key: &str, min: u64, max: u64) -> u64 {
        self.count(key, min, max).unwrap_or_else(|| {
            self.error(key, "This field is required.");
            min
        })
    }

    pub fn money(&mut self, key: &str, currency: Currency) -> Option<Money> {
        let raw = self.raw(key);
        if raw.is_empty() {
            return None;
        }
        self.check(key, Money::parse(raw, currency))
    }

    /// A decimal measure ("1.25" kg) as an integer count of `1/10^decimals` units (grams).
    pub fn measure(&mut self, key: &str, decimals: u32) -> Option<u64> {
        let raw = self.raw(key);
        if raw.is_empty() {
            return None;
        }
        let parsed = parse_decimal(raw, decimals).filter(|n| *n > 0 && *n <= 1_000_000_000);
        if parsed.is_none() {
            let example = if decimals == 3 { "12.5" } else { "40.5" };
            self.error(key, format!("Enter a positive number such as {example}, with at most {decimals} decimals."));
        }
        parsed
    }

    /// How many rows of a repeated section the form carries.
    pub fn rows(&self, section: &str) -> usize {
        rows(self.form, section)
    }

    /// Everything wrong, or `value`.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        self.errors.finish(value)
    }
}

/// How many rows of each repeated section a form carries (filled ones plus blanks to add).
pub fn rows(form: &FormValues, section: &str) -> usize {
    let prefix = format!("{section}.");
    form.keys()
        .filter_map(|k| k.strip_prefix(&prefix)?.split('.').next()?.parse::<usize>().ok())
        .max()
        .map_or(0, |n| n + 1)
}

/// "1.25" with 3 decimals → 1250. Integers only: no floating point near a measured quantity.
pub fn parse_decimal(input: &str, decimals: u32) -> Option<u64> {
    let (whole, frac) = input.trim().split_once('.').unwrap_or((input.trim(), ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) || frac.len() > decimals as usize {
        return None;
    }
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let frac: u64 = format!("{frac:0<width$}", width = decimals as usize).parse().unwrap_or(0);
    whole.checked_mul(10u64.pow(decimals))?.checked_add(frac)
}

/// The inverse of [`parse_decimal`], without trailing zeros ("1250" → "1.25").
pub fn format_decimal(value: u64, decimals: u32) -> String {
    let scale = 10u64.pow(decimals);
    let (whole, frac) = (value / scale, value % scale);
    if frac == 0 {
        return whole.to_string();
    }
    let frac = format!("{frac:0width$}", width = decimals as usize);
    format!("{whole}.{}", frac.trim_end_matches('0'))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Choose one of the offered options.")]
pub struct UnknownChoice;

/// A closed list of choices, each with its stored value and its label. Stored values read
/// back through `FromStr` (forms) and `TryFrom<String>` (database rows).
macro_rules! choices {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $value:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $value,)+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::domain::form::UnknownChoice;
            fn from_str(s: &str) -> Result<Self, $crate::domain::form::UnknownChoice> {
                Self::ALL.iter().copied().find(|c| c.as_str() == s.trim()).ok_or($crate::domain::form::UnknownChoice)
            }
        }

        $crate::domain::form::stored_as_text!($name);
    };
}
pub(crate) use choices;

/// Values stored as their text (a currency code, a status): a row's column decodes into one
/// through its `FromStr`, so a value the domain refuses is a decoding error, never a default.
/// `parse:` names types read through their own `parse(&str) -> Result<Self, E>`.
macro_rules! stored_as_text {
    (parse: $($name:ty => $error:ty),+ $(,)?) => {$(
        impl TryFrom<String> for $name {
            type Error = $error;
            fn try_from(text: String) -> Result<Self, $error> {
                Self::parse(&text)
            }
        }
    )+};
    ($($name:ty),+ $(,)?) => {$(
        impl TryFrom<String> for $name {
            type Error = <$name as ::std::str::FromStr>::Err;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                text.parse()
            }
        }
    )+};
}
pub(crate) use stored_as_text;

/// A form as a test posts it.
#[cfg(test)]
pub(crate) fn form(pairs: &[(&str, &str)]) -> FormValues {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_problem_of_each_field() {
        let mut errors = FieldErrors::new();
        assert_eq!(errors.check("email", Ok::<_, String>(1)), Some(1));
        assert!(errors.is_empty());
        errors.check("email", Err::<(), _>("bad email"));
        errors.add("email", "second complaint");
        errors.add("lines.0.price", "required");
        assert!(errors.has("email") && errors.has_under("lines.") && !errors.has_under("tiers."));
        let err = errors.into_error().with_echo([("email", "x@")]);
        assert_eq!(err.field_message("email").as_deref(), Some("bad email"));
        assert_eq!(err.field_message("lines.0.price").as_deref(), Some("required"));
        assert_eq!(err.echoed("email").as_deref(), Some("x@"));
        assert_eq!(err.form_message().as_deref(), Some("Please correct the highlighted fields."));
        assert_eq!(err.status(), 422);
    }

    #[test]
    fn finishing_answers_the_value_only_when_nothing_was_wrong() {
        assert_eq!(FieldErrors::new().finish(7), Ok(7));
        let mut errors = FieldErrors::new();
        errors.add("", "Try again.");
        assert_eq!(errors.finish(7).map_err(|e| e.len()), Err(1));
    }

    #[test]
    fn the_reader_converts_and_names_what_it_refuses() {
        let values = form(&[("moq", " 1,000 "), ("bad", "ten"), ("weight", "1.25"), ("ok", "on")]);
        let mut r = Reader::new(&values);
        assert_eq!(r.count("moq", 1, 10_000), Some(1000));
        assert_eq!(r.count("missing", 1, 10), None);
        assert_eq!(r.count("bad", 1, 10), None);
        assert_eq!(r.measure("weight", 3), Some(1250));
        assert!(r.flag("ok") && !r.flag("missing"));
        assert_eq!(r.required_count("missing", 1, 10), 1);
        let errors = r.finish(()).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["bad", "missing"]);
    }

    #[test]
    fn counts_repeated_rows() {
        assert_eq!(rows(&form(&[("tiers.0.min", "1"), ("tiers.3.min", "")]), "tiers"), 4);
        assert_eq!(rows(&form(&[("title", "x")]), "tiers"), 0);
    }

    #[test]
    fn decimals_are_integers_underneath() {
        assert_eq!(parse_decimal("1.25", 3), Some(1250));
        assert_eq!(parse_decimal("12", 1), Some(120));
        assert_eq!(parse_decimal(".5", 1), Some(5));
        assert_eq!(parse_decimal("1.2.3", 3), None);
        assert_eq!(parse_decimal("-1", 3), None);
        assert_eq!(parse_decimal("", 3), None);
        assert_eq!(format_decimal(1250, 3), "1.25");
        assert_eq!(format_decimal(120, 1), "12");
    }
}
