//! Card details as a buyer types them: checked before any payment provider sees them.

use crate::domain::form::FieldErrors;
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// A card number that passes the Luhn check (12 to 19 digits; spaces and dashes allowed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardNumber(String);

impl CardNumber {
    pub fn parse(input: &str) -> Option<CardNumber> {
        let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let valid = (12..=19).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && luhn(&digits);
        valid.then_some(CardNumber(digits))
    }

    pub fn digits(&self) -> &str {
        &self.0
    }

    /// "Visa ending 4242": all a receipt keeps of it.
    pub fn summary(&self) -> String {
        let brand = match self.0.as_bytes()[0] {
            b'4' => "Visa",
            b'5' | b'2' => "Mastercard",
            b'3' => "American Express",
            _ => "Card",
        };
        format!("{brand} ending {}", &self.0[self.0.len() - 4..])
    }
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub number: CardNumber,
    pub expiry_month: u32,
    pub expiry_year: u32,
}

/// Checks a typed card (`MM/YY` expiry, 3–4 digit security code) against `today` (year,
/// month): every problem against its field.
pub fn read_card(number: &str, expiry: &str, cvc: &str, today: (u32, u32)) -> Result<Card, Vec<FieldError>> {
    let mut errors = FieldErrors::new();
    let mut error = |field: &str, message: &str| errors.add(field, message);
    let number = CardNumber::parse(number);
    if number.is_none() {
        error("card_number", "Check the card number.");
    }
    let expiry = expiry.trim().split_once('/').and_then(|(m, y)| {
        let month: u32 = m.trim().parse().ok().filter(|m| (1..=12).contains(m))?;
        let year: u32 = y.trim().parse().ok()?;
        Some((month, if year < 100 { 2000 + year } else { year }))
    });
    match expiry {
        None => error("card_expiry", "Give the expiry date as MM/YY."),
        Some((month, year)) if (year, month) < (today.0, today.1) => error("card_expiry", "This card has expired."),
        Some(_) => {}
    }
    let cvc = cvc.trim();
    if !(3..=4).contains(&cvc.len()) || !cvc.bytes().all(|b| b.is_ascii_digit()) {
        error("card_cvc", "Give the 3 or 4 digits on the back of the card.");
    }
    match (number, expiry) {
        (Some(number), Some((expiry_month, expiry_year))) => errors.finish(Card { number, expiry_month, expiry_year }),
        _ => Err(errors.into_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_numbers_pass_the_luhn_check() {
        assert_eq!(CardNumber::parse("4242 4242 4242 4242").map(|c| c.summary()), Some("Visa ending 4242".into()));
        assert!(CardNumber::parse("4000-0000-0000-0002").is_some());
        assert!(CardNumber::parse("4242 4242 4242 4241").is_none());
        assert!(CardNumber::parse("4242").is_none());
        assert!(CardNumber::parse("4242 4242 4242 424x").is_none());
    }

    #[test]
    fn a_card_is_read_or_each_problem_named() {
        let card = read_card("4242424242424242", "12/30", "123", (2026, 11)).unwrap();
        assert_eq!((card.expiry_month, card.expiry_year), (12, 2030));
        assert!(read_card("4242424242424242", "11/26", "1234", (2026, 11)).is_ok());
        let fields = |r: Result<Card, Vec<FieldError>>| r.unwrap_err().into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields(read_card("1234", "10/26", "12", (2026, 11))), ["card_number", "card_expiry", "card_cvc"]);
        assert_eq!(fields(read_card("4242424242424242", "13/30", "123", (2026, 11))), ["card_expiry"]);
    }
}
