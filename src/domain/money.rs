//! Money as an integer count of minor units plus an ISO 4217 currency.
//! No floating point anywhere: parsing, arithmetic and formatting are integer-only.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The trade currencies the marketplace accepts, with their ISO 4217 minor-unit exponents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Currency {
    Aed,
    Aud,
    Brl,
    Cad,
    Chf,
    Cny,
    Eur,
    Gbp,
    Hkd,
    Idr,
    Inr,
    Jpy,
    Krw,
    Kwd,
    Mxn,
    Myr,
    Sar,
    Sgd,
    Thb,
    Try,
    Twd,
    Usd,
    Vnd,
    Zar,
}

impl Currency {
    pub const ALL: [Currency; 24] = [
        Currency::Aed,
        Currency::Aud,
        Currency::Brl,
        Currency::Cad,
        Currency::Chf,
        Currency::Cny,
        Currency::Eur,
        Currency::Gbp,
        Currency::Hkd,
        Currency::Idr,
        Currency::Inr,
        Currency::Jpy,
        Currency::Krw,
        Currency::Kwd,
        Currency::Mxn,
        Currency::Myr,
        Currency::Sar,
        Currency::Sgd,
        Currency::Thb,
        Currency::Try,
        Currency::Twd,
        Currency::Usd,
        Currency::Vnd,
        Currency::Zar,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Currency::Aed => "AED",
            Currency::Aud => "AUD",
            Currency::Brl => "BRL",
            Currency::Cad => "CAD",
            Currency::Chf => "CHF",
            Currency::Cny => "CNY",
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
            Currency::Hkd => "HKD",
            Currency::Idr => "IDR",
            Currency::Inr => "INR",
            Currency::Jpy => "JPY",
            Currency::Krw => "KRW",
            Currency::Kwd => "KWD",
            Currency::Mxn => "MXN",
            Currency::Myr => "MYR",
            Currency::Sar => "SAR",
            Currency::Sgd => "SGD",
            Currency::Thb => "THB",
            Currency::Try => "TRY",
            Currency::Twd => "TWD",
            Currency::Usd => "USD",
            Currency::Vnd => "VND",
            Currency::Zar => "ZAR",
        }
    }

    /// Digits after the decimal point (ISO 4217 minor unit).
    pub fn exponent(self) -> u32 {
        match self {
            Currency::Jpy | Currency::Krw | Currency::Vnd => 0,
            Currency::Kwd => 3,
            _ => 2,
        }
    }

    fn minor_per_major(self) -> i64 {
        10_i64.pow(self.exponent())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let code = s.trim().to_ascii_uppercase();
        Currency::ALL.into_iter().find(|c| c.code() == code).ok_or(MoneyError::UnknownCurrency)
    }
}

impl TryFrom<String> for Currency {
    type Error = MoneyError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_string()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("Unknown or unsupported currency.")]
    UnknownCurrency,
    #[error("Amounts in different currencies cannot be combined.")]
    CurrencyMismatch,
    #[error("The amount is too large.")]
    Overflow,
    #[error("Enter an amount such as 1250 or 1250.50.")]
    Malformed,
    #[error("Too many decimal places for this currency.")]
    TooPrecise,
}

/// An amount of money: `minor` units (cents, fils, yen…) of `currency`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    pub fn from_minor(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    pub fn minor(self) -> i64 {
        self.minor
    }

    pub fn currency(self) -> Currency {
        self.currency
    }

    /// Parses a decimal amount typed by a person ("1,250.50", "1250", "0.5") in `currency`.
    pub fn parse(input: &str, currency: Currency) -> Result<Self, MoneyError> {
        let cleaned: String = input.trim().chars().filter(|c| *c != ',' && *c != '_').collect();
        let (negative, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() && frac.is_empty() || !all_digits(whole) || !all_digits(frac) {
            return Err(MoneyError::Malformed);
        }
        let exponent = currency.exponent() as usize;
        if frac.len() > exponent {
            return Err(MoneyError::TooPrecise);
        }
        let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| MoneyError::Overflow)? };
        let frac_padded = format!("{frac:0<exponent$}");
        let frac: i64 =
            if frac_padded.is_empty() { 0 } else { frac_padded.parse().map_err(|_| MoneyError::Malformed)? };
        let minor = whole
            .checked_mul(currency.minor_per_major())
            .and_then(|m| m.checked_add(frac))
            .ok_or(MoneyError::Overflow)?;
        Ok(Self::from_minor(if negative { -minor } else { minor }, currency))
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        self.minor.checked_add(other.minor).map(|m| Money::from_minor(m, self.currency)).ok_or(MoneyError::Overflow)
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        self.minor.checked_sub(other.minor).map(|m| Money::from_minor(m, self.currency)).ok_or(MoneyError::Overflow)
    }

    /// Unit price × quantity.
    pub fn checked_mul(self, quantity: u64) -> Result<Money, MoneyError> {
        i64::try_from(quantity)
            .ok()
            .and_then(|q| self.minor.checked_mul(q))
            .map(|m| Money::from_minor(m, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// A share in basis points (1/100 of a percent), rounded half away from zero to the minor unit.
    /// Used for commissions: 250 bps of 10.01 = 0.25.
    pub fn share_bps(self, basis_points: u32) -> Money {
        let product = i128::from(self.minor) * i128::from(basis_points);
        let rounded = (product.abs() + 5_000) / 10_000 * product.signum();
        // |minor × bps / 10 000| ≤ |minor| × 429 497 for any u32, but a share above the whole is
        // only possible past 10 000 bps, where saturating is the honest answer.
        let minor = i64::try_from(rounded).unwrap_or(if rounded < 0 { i64::MIN } else { i64::MAX });
        Money::from_minor(minor, self.currency)
    }

    /// The amount as a plain decimal string without grouping ("1250.50"), for form inputs.
    pub fn to_decimal_string(self) -> String {
        self.format(false)
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency { Ok(()) } else { Err(MoneyError::CurrencyMismatch) }
    }

    fn format(self, group: bool) -> String {
        let per_major = self.currency.minor_per_major().unsigned_abs();
        let abs = self.minor.unsigned_abs();
        let whole = (abs / per_major).to_string();
        let whole = if group { group_thousands(&whole) } else { whole };
        let sign = if self.minor < 0 { "-" } else { "" };
        match self.currency.exponent() {
            0 => format!("{sign}{whole}"),
            exp => format!("{sign}{whole}.{:0width$}", abs % per_major, width = exp as usize),
        }
    }
}

pub fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

impl fmt::Display for Money {
    /// "USD 1,250.50": the code first, so amounts read the same in every market.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.format(true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn usd(minor: i64) -> Money {
        Money::from_minor(minor, Currency::Usd)
    }

    #[test]
    fn parses_decimal_amounts_without_floats() {
        assert_eq!(Money::parse("2.50", Currency::Usd), Ok(usd(250)));
        assert_eq!(Money::parse("1,250.5", Currency::Usd), Ok(usd(125_050)));
        assert_eq!(Money::parse(".99", Currency::Usd), Ok(usd(99)));
        assert_eq!(Money::parse("7", Currency::Usd), Ok(usd(700)));
        assert_eq!(Money::parse("-3.01", Currency::Usd), Ok(usd(-301)));
        assert_eq!(Money::parse("1500", Currency::Jpy), Ok(Money::from_minor(1500, Currency::Jpy)));
        assert_eq!(Money::parse("1.234", Currency::Kwd), Ok(Money::from_minor(1234, Currency::Kwd)));
        // 0.1 + 0.2 is exactly 0.3 here.
        let sum = Money::parse("0.1", Currency::Usd).unwrap().checked_add(Money::parse("0.2", Currency::Usd).unwrap());
        assert_eq!(sum, Money::parse("0.3", Currency::Usd));
    }

    #[test]
    fn rejects_malformed_and_over_precise_amounts() {
        for bad in ["", " ", "abc", "1.2.3", "1e3", "--1", ".", "NaN", "١٢", "+-1"] {
            assert_eq!(Money::parse(bad, Currency::Usd), Err(MoneyError::Malformed), "{bad:?}");
        }
        assert_eq!(Money::parse("1.5", Currency::Jpy), Err(MoneyError::TooPrecise));
        assert_eq!(Money::parse("1.005", Currency::Usd), Err(MoneyError::TooPrecise));
        assert_eq!(Money::parse("99999999999999999999", Currency::Usd), Err(MoneyError::Overflow));
    }

    #[test]
    fn formats_with_grouping_and_exponent() {
        assert_eq!(usd(125_050).to_string(), "USD 1,250.50");
        assert_eq!(usd(5).to_string(), "USD 0.05");
        assert_eq!(usd(-1_000_000).to_string(), "USD -10,000.00");
        assert_eq!(Money::from_minor(1_234_567, Currency::Jpy).to_string(), "JPY 1,234,567");
        assert_eq!(Money::from_minor(1_005, Currency::Kwd).to_string(), "KWD 1.005");
        assert_eq!(usd(125_050).to_decimal_string(), "1250.50");
    }

    #[test]
    fn arithmetic_refuses_mixed_currencies_and_overflow() {
        let eur = Money::from_minor(1, Currency::Eur);
        assert_eq!(usd(1).checked_add(eur), Err(MoneyError::CurrencyMismatch));
        assert_eq!(usd(1).checked_sub(eur), Err(MoneyError::CurrencyMismatch));
        assert_eq!(usd(i64::MAX).checked_add(usd(1)), Err(MoneyError::Overflow));
        assert_eq!(usd(i64::MAX).checked_mul(2), Err(MoneyError::Overflow));
        assert_eq!(usd(250).checked_mul(1000), Ok(usd(250_000)));
        assert_eq!(usd(1).checked_mul(u64::MAX), Err(MoneyError::Overflow));
    }

    #[test]
    fn shares_round_half_away_from_zero() {
        assert_eq!(usd(1001).share_bps(250), usd(25)); // 25.025 → 25
        assert_eq!(usd(1002).share_bps(250), usd(25)); // 25.05 → 25
        assert_eq!(usd(1020).share_bps(250), usd(26)); // 25.5 → 26
        assert_eq!(usd(-1020).share_bps(250), usd(-26));
        assert_eq!(usd(10_000).share_bps(10_000), usd(10_000));
    }

    #[test]
    fn currency_codes_round_trip() {
        for c in Currency::ALL {
            assert_eq!(c.code().parse::<Currency>(), Ok(c));
            assert_eq!(c.code().to_lowercase().parse::<Currency>(), Ok(c));
        }
        assert_eq!("XYZ".parse::<Currency>(), Err(MoneyError::UnknownCurrency));
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(minor in -1_000_000_000_000i64..1_000_000_000_000i64, idx in 0usize..24) {
            let currency = Currency::ALL[idx];
            let money = Money::from_minor(minor, currency);
            prop_assert_eq!(Money::parse(&money.to_decimal_string(), currency), Ok(money));
            prop_assert_eq!(Money::parse(&money.to_string()[4..], currency), Ok(money));
        }

        #[test]
        fn addition_is_exact_and_reversible(a in -1_000_000_000_000i64..1_000_000_000_000i64, b in -1_000_000_000_000i64..1_000_000_000_000i64) {
            let sum = usd(a).checked_add(usd(b)).unwrap();
            prop_assert_eq!(sum.minor(), a + b);
            prop_assert_eq!(sum.checked_sub(usd(b)), Ok(usd(a)));
        }

        #[test]
        fn multiplication_matches_repeated_addition(unit in 0i64..1_000_000, qty in 0u64..200) {
            let mut total = usd(0);
            for _ in 0..qty { total = total.checked_add(usd(unit)).unwrap(); }
            prop_assert_eq!(usd(unit).checked_mul(qty), Ok(total));
        }

        #[test]
        fn share_never_exceeds_whole(minor in 0i64..1_000_000_000_000, bps in 0u32..=10_000) {
            let share = usd(minor).share_bps(bps);
            prop_assert!(share.minor() >= 0 && share.minor() <= minor);
        }
    }
}
