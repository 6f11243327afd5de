//! Postal addresses in a company's address book, and as orders and invoices keep them.

use super::country::Country;
use super::text::{TextError, clean_line};
use crate::domain::form::FieldErrors;
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostalAddress {
    /// The book's name for it: "Main warehouse", "Head office".
    pub label: String,
    pub recipient: String,
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: Country,
    pub phone: String,
}

/// What an address form sends (every field as typed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressForm {
    pub label: String,
    pub recipient: String,
    pub line1: String,
    #[serde(default)]
    pub line2: String,
    pub city: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub postal_code: String,
    pub country: String,
    #[serde(default)]
    pub phone: String,
}

impl AddressForm {
    /// The address, or every problem against its field.
    pub fn validate(&self) -> Result<PostalAddress, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let mut line = |field: &str, value: &str, max: usize, required: bool| match clean_line(value, max) {
            Ok(v) => v,
            Err(TextError::Empty) if !required => String::new(),
            Err(e) => {
                errors.add(field, e);
                String::new()
            }
        };
        let (label, recipient, line1, line2) = (
            line("label", &self.label, 60, true),
            line("recipient", &self.recipient, 100, true),
            line("line1", &self.line1, 120, true),
            line("line2", &self.line2, 120, false),
        );
        let (city, region, postal_code) = (
            line("city", &self.city, 80, true),
            line("region", &self.region, 80, false),
            line("postal_code", &self.postal_code, 20, false),
        );
        let country = Country::parse(&self.country);
        let phone = line("phone", &self.phone, 40, false);
        match country {
            Ok(country) => errors.finish(PostalAddress {
                label,
                recipient,
                line1,
                line2,
                city,
                region,
                postal_code,
                country,
                phone,
            }),
            Err(e) => {
                errors.add("country", e);
                Err(errors.into_vec())
            }
        }
    }
}

impl PostalAddress {
    /// The address as printed on a label, one line each.
    pub fn lines(&self) -> Vec<String> {
        let place = [self.postal_code.as_str(), self.city.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        [
            self.recipient.clone(),
            self.line1.clone(),
            self.line2.clone(),
            place,
            self.region.clone(),
            self.country.name().to_string(),
            self.phone.clone(),
        ]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> AddressForm {
        AddressForm {
            label: " Main  warehouse ".into(),
            recipient: "Bea Buyer".into(),
            line1: "Lagerstraße 5".into(),
            city: "Berlin".into(),
            postal_code: "10115".into(),
            country: "de".into(),
            ..AddressForm::default()
        }
    }

    #[test]
    fn a_complete_address_is_cleaned_and_prints_in_lines() {
        let address = form().validate().unwrap();
        assert_eq!(address.label, "Main warehouse");
        assert_eq!(address.lines(), ["Bea Buyer", "Lagerstraße 5", "10115 Berlin", "Germany"]);
    }

    #[test]
    fn missing_and_bad_fields_are_named() {
        let bad = AddressForm { recipient: " ".into(), country: "XX".into(), line2: "a\u{7}".into(), ..form() };
        let fields: Vec<String> = bad.validate().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["recipient", "line2", "country"]);
    }
}
