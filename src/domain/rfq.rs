//! A request for quotation as a buyer writes it: what, how many, by when, where to, on what
//! payment terms, until when quotes are taken, and who may quote.

use super::date::parse_iso_date;
use super::form::{FormValues, Reader};
use super::money::{Currency, Money};
use super::product::Unit;
use super::quote::PaymentTerms;
use super::text::clean_text;
use super::{Country, Slug};
use crate::error::FieldError;

/// An RFQ takes quotes for at most this many days.
pub const MAX_OPEN_DAYS: i64 = 90;
pub const MAX_INVITED: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RfqInput {
    pub title: String,
    pub details: String,
    pub category: Slug,
    pub quantity: u64,
    pub unit: Unit,
    pub currency: Currency,
    pub target_price: Option<Money>,
    pub deliver_by: i64,
    pub destination: Country,
    pub payment_terms: PaymentTerms,
    /// The last second quotes are taken (the end of the chosen day, UTC).
    pub closes_at: i64,
    /// Slugs of the suppliers invited; empty for an RFQ open to every matching supplier.
    pub invited: Vec<String>,
}

impl RfqInput {
    /// Reads the form; invited suppliers are the ticked `supplier.{slug}` boxes when
    /// `visibility` is `invited`.
    pub fn read(form: &FormValues, today: i64) -> Result<RfqInput, Vec<FieldError>> {
        let mut r = Reader::new(form);
        let title = match clean_text(r.raw("title"), 140, false) {
            Ok(t) if t.chars().count() < 5 => {
                r.error("title", "Name the product in a few words (at least 5 characters).");
                t
            }
            other => r.check("title", other).unwrap_or_default(),
        };
        let details = match clean_text(r.raw("details"), 5000, true) {
            Ok(d) if d.chars().count() < 20 => {
                r.error(
                    "details",
                    "Describe what you need: specifications, materials, packaging (20 characters or more).",
                );
                d
            }
            other => r.check("details", other).unwrap_or_default(),
        };
        let category = {
            let parsed = Slug::parse(r.raw("category")).map_err(|_| "Choose a category.");
            r.check("category", parsed)
        };
        let quantity = r.required_count("quantity", 1, super::terms::MAX_QUANTITY);
        let unit = {
            let parsed = r.raw("unit").parse::<Unit>().map_err(|_| "Choose a unit.");
            r.check("unit", parsed).unwrap_or(Unit::Piece)
        };
        let currency = {
            let parsed = r.raw("currency").parse::<Currency>();
            r.check("currency", parsed).unwrap_or(Currency::Usd)
        };
        let target_price = match r.money("target_price", currency) {
            Some(p) if p.minor() <= 0 => {
                r.error("target_price", "Enter a price above zero, or leave it empty.");
                None
            }
            other => other,
        };
        let day = today - today.rem_euclid(86_400);
        let deliver_by = match parse_iso_date(r.raw("deliver_by")) {
            Some(d) if d <= day => {
                r.error("deliver_by", "Choose a date after today.");
                0
            }
            Some(d) => d,
            None => {
                r.error("deliver_by", "Choose the date you need delivery by.");
                0
            }
        };
        let destination = {
            let parsed = Country::parse(r.raw("destination")).map_err(|_| "Choose the destination country.");
            r.check("destination", parsed)
        };
        let payment_terms = {
            let parsed =
                r.raw("payment_terms").parse::<PaymentTerms>().map_err(|_| "Choose the payment terms you want.");
            r.check("payment_terms", parsed).unwrap_or(PaymentTerms::BankTransfer)
        };
        let closes_at = match parse_iso_date(r.raw("closes_at")) {
            Some(d) if d < day => {
                r.error("closes_at", "Choose today or a later date.");
                0
            }
            Some(d) if d > day + MAX_OPEN_DAYS * 86_400 => {
                r.error("closes_at", format!("Take quotes for at most {MAX_OPEN_DAYS} days."));
                0
            }
            Some(d) if deliver_by > 0 && d >= deliver_by => {
                r.error("closes_at", "Close the request before the delivery date.");
                0
            }
            Some(d) => d + 86_399,
            None => {
                r.error("closes_at", "Choose until when you take quotes.");
                0
            }
        };
        let invited: Vec<String> = match r.raw("visibility") {
            "open" => Vec::new(),
            "invited" => {
                let chosen: Vec<String> = form
                    .iter()
                    .filter(|(k, v)| k.starts_with("supplier.") && matches!(v.as_str(), "on" | "true"))
                    .map(|(k, _)| k["supplier.".len()..].to_string())
                    .collect();
                if chosen.is_empty() {
                    r.error("visibility", "Choose the suppliers to invite, or open the request to all.");
                } else if chosen.len() > MAX_INVITED {
                    r.error("visibility", format!("Invite at most {MAX_INVITED} suppliers."));
                }
                chosen
            }
            _ => {
                r.error("visibility", "Choose who may quote.");
                Vec::new()
            }
        };
        if !r.errors.is_empty() {
            return Err(r.errors.into_vec());
        }
        Ok(RfqInput {
            title,
            details,
            category: category.ok_or_else(Vec::new)?,
            quantity,
            unit,
            currency,
            target_price,
            deliver_by,
            destination: destination.ok_or_else(Vec::new)?,
            payment_terms,
            closes_at,
            invited,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: i64 = 1_795_651_200; // 2026-11-26

    fn form(extra: &[(&str, &str)]) -> FormValues {
        let mut form: FormValues = [
            ("title", "Printed cotton tote bags"),
            ("details", "Natural 10 oz canvas, 38 × 42 cm, one-colour logo print both sides."),
            ("category", "home-textiles"),
            ("quantity", "5,000"),
            ("unit", "piece"),
            ("currency", "EUR"),
            ("target_price", "1.80"),
            ("deliver_by", "2027-02-15"),
            ("destination", "DE"),
            ("payment_terms", "bank_transfer"),
            ("closes_at", "2026-12-15"),
            ("visibility", "open"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for (k, v) in extra {
            form.insert(k.to_string(), v.to_string());
        }
        form
    }

    #[test]
    fn a_complete_request_reads() {
        let rfq = RfqInput::read(&form(&[]), TODAY).unwrap();
        assert_eq!(rfq.quantity, 5000);
        assert_eq!(rfq.target_price, Some(Money::from_minor(180, Currency::Eur)));
        assert!(rfq.invited.is_empty());
        let invited = RfqInput::read(
            &form(&[("visibility", "invited"), ("supplier.huayu-textiles", "on"), ("supplier.minas-cafe", "")]),
            TODAY,
        )
        .unwrap();
        assert_eq!(invited.invited, ["huayu-textiles"]);
    }

    #[test]
    fn bad_fields_are_named() {
        let bad = form(&[
            ("title", "Bag"),
            ("quantity", "0"),
            ("deliver_by", "2026-11-20"),
            ("closes_at", "2027-12-01"),
            ("visibility", "invited"),
            ("destination", "XX"),
        ]);
        let fields: Vec<String> = RfqInput::read(&bad, TODAY).unwrap_err().into_iter().map(|e| e.field).collect();
        for field in ["title", "quantity", "deliver_by", "closes_at", "visibility", "destination"] {
            assert!(fields.contains(&field.to_string()), "{field} in {fields:?}");
        }
        let late = form(&[("closes_at", "2027-03-01")]);
        assert_eq!(RfqInput::read(&late, TODAY).unwrap_err()[0].field, "closes_at");
    }
}
