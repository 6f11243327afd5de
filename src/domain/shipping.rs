//! A supplier's shipping rates and what one order costs to ship. Rates are grouped in zones:
//! the countries a zone serves, how it charges (a flat amount per order or by weight band),
//! and an order value above which shipping is free.

use super::country::Country;
use super::money::{Currency, Money};
use crate::domain::form::FieldErrors;
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

pub const MAX_ZONES: usize = 20;
pub const MAX_BANDS: usize = 10;

/// Orders weighing up to `up_to_grams` cost `price` to ship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeightBand {
    pub up_to_grams: u64,
    pub price: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Charge {
    PerOrder(Money),
    /// Ascending by weight; heavier orders than the last band are quoted on request.
    ByWeight(Vec<WeightBand>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Zone {
    pub name: String,
    /// Empty: every country not named by another zone.
    pub countries: Vec<Country>,
    pub currency: Currency,
    pub charge: Charge,
    pub free_above: Option<Money>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ShippingError {
    #[error("This supplier does not ship to {0}.")]
    NotServed(Country),
    #[error("This order is too heavy for the supplier's rates: ask them for a quote.")]
    TooHeavy,
}

/// The zone that serves `destination` in `currency`: one naming the country, else a
/// zone for everywhere else.
pub fn zone_for(zones: &[Zone], destination: Country, currency: Currency) -> Option<&Zone> {
    let in_currency = || zones.iter().filter(move |z| z.currency == currency);
    in_currency()
        .find(|z| z.countries.contains(&destination))
        .or_else(|| in_currency().find(|z| z.countries.is_empty()))
}

/// What shipping an order of `subtotal` weighing `grams` to `destination` costs.
pub fn quote(zones: &[Zone], destination: Country, subtotal: Money, grams: u64) -> Result<Money, ShippingError> {
    let zone = zone_for(zones, destination, subtotal.currency()).ok_or(ShippingError::NotServed(destination))?;
    if zone.free_above.is_some_and(|free| subtotal.minor() >= free.minor()) {
        return Ok(Money::from_minor(0, subtotal.currency()));
    }
    match &zone.charge {
        Charge::PerOrder(price) => Ok(*price),
        Charge::ByWeight(bands) => {
            bands.iter().find(|b| grams <= b.up_to_grams).map(|b| b.price).ok_or(ShippingError::TooHeavy)
        }
    }
}

/// A zone as the supplier's form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneForm {
    pub name: String,
    /// Country codes separated by spaces or commas ("DE, FR NL"); empty for all others.
    #[serde(default)]
    pub countries: String,
    pub currency: String,
    /// `order` or `weight`.
    pub charge: String,
    #[serde(default)]
    pub price: String,
    /// One band a line: `5 = 20.00` (up to 5 kg for 20.00).
    #[serde(default)]
    pub bands: String,
    #[serde(default)]
    pub free_above: String,
}

impl ZoneForm {
    /// The zone, or each problem against its field (`countries`, `bands` …).
    pub fn read(&self) -> Result<Zone, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let mut error = |field: &str, message: String| errors.add(field, message);
        let mut countries = Vec::new();
        for code in self.countries.split([',', ' ', ';', '\n']).map(str::trim).filter(|c| !c.is_empty()) {
            match Country::parse(code) {
                Ok(c) if !countries.contains(&c) => countries.push(c),
                Ok(_) => {}
                Err(_) => error("countries", format!("“{code}” is not a country code (use two letters, such as DE).")),
            }
        }
        let currency: Option<Currency> = self.currency.parse().ok();
        if currency.is_none() {
            error("currency", "Choose a currency.".into());
        }
        let currency = currency.unwrap_or(Currency::Usd);
        let money = |field: &str, text: &str, errors: &mut FieldErrors| match Money::parse(text, currency) {
            Ok(m) if m.minor() >= 0 => Some(m),
            Ok(_) => {
                errors.add(field, "Amounts cannot be negative.");
                None
            }
            Err(e) => {
                errors.add(field, e);
                None
            }
        };
        let charge = match self.charge.as_str() {
            "order" => money("price", &self.price, &mut errors).map(Charge::PerOrder),
            "weight" => {
                let mut bands = Vec::new();
                for line in self.bands.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    let band = line.split_once('=').and_then(|(kg, price)| {
                        let grams = kg_to_grams(kg.trim())?;
                        Some((grams, price.trim()))
                    });
                    match band {
                        Some((up_to_grams, price)) => {
                            if let Some(price) = money("bands", price, &mut errors) {
                                bands.push(WeightBand { up_to_grams, price });
                            }
                        }
                        None => errors.add(
                            "bands",
                            format!("Write each band as “kilograms = price”, such as 5 = 20.00 (not “{line}”)."),
                        ),
                    }
                }
                if bands.is_empty() {
                    errors.add("bands", "Give at least one weight band.");
                }
                Some(Charge::ByWeight(bands))
            }
            _ => {
                errors.add("charge", "Choose how this zone charges.");
                None
            }
        };
        let free_above = match self.free_above.trim() {
            "" => None,
            text => money("free_above", text, &mut errors),
        };
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        match charge {
            Some(charge) => errors.finish(Zone { name, countries, currency, charge, free_above }),
            None => Err(errors.into_vec()),
        }
    }
}

/// "2.5" kilograms as grams.
fn kg_to_grams(text: &str) -> Option<u64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if frac.len() > 3 || whole.is_empty() && frac.is_empty() {
        return None;
    }
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let frac: u64 = if frac.is_empty() { 0 } else { format!("{frac:0<3}").parse().ok()? };
    whole.checked_mul(1000)?.checked_add(frac).filter(|g| *g > 0)
}

/// Every rule zones must meet, each problem against its form field (`zones.1.countries` …).
pub fn validate(zones: &[Zone]) -> Result<(), Vec<FieldError>> {
    let mut errors = FieldErrors::new();
    let mut error = |field: String, message: &str| errors.add(&field, message);
    if zones.len() > MAX_ZONES {
        error("zones".into(), "Use at most 20 shipping zones.");
    }
    for (n, zone) in zones.iter().enumerate() {
        if zone.name.trim().is_empty() {
            error(format!("zones.{n}.name"), "Name the zone, such as “Europe” or “Domestic”.");
        }
        let earlier = &zones[..n];
        if zone.countries.is_empty() && earlier.iter().any(|z| z.countries.is_empty() && z.currency == zone.currency) {
            error(format!("zones.{n}.countries"), "Only one zone per currency can cover every other country.");
        }
        if let Some(twice) = zone
            .countries
            .iter()
            .find(|c| earlier.iter().any(|z| z.currency == zone.currency && z.countries.contains(c)))
        {
            error(format!("zones.{n}.countries"), &format!("{} is already in another zone.", twice.name()));
        }
        let positive = |m: &Money| m.currency() == zone.currency && m.minor() >= 0;
        match &zone.charge {
            Charge::PerOrder(price) if !positive(price) => {
                error(format!("zones.{n}.price"), "Give the price in the zone's currency (0 for free shipping).");
            }
            Charge::PerOrder(_) => {}
            Charge::ByWeight(bands) => {
                if bands.is_empty() || bands.len() > MAX_BANDS {
                    error(format!("zones.{n}.bands"), "Give between 1 and 10 weight bands.");
                }
                for (b, band) in bands.iter().enumerate() {
                    if !positive(&band.price) {
                        error(format!("zones.{n}.bands.{b}.price"), "Give the price in the zone's currency.");
                    }
                    if band.up_to_grams == 0 || (b > 0 && band.up_to_grams <= bands[b - 1].up_to_grams) {
                        error(
                            format!("zones.{n}.bands.{b}.up_to"),
                            "Each band must go up to a larger weight than the one before.",
                        );
                    }
                }
            }
        }
        if zone.free_above.is_some_and(|free| !positive(&free)) {
            error(format!("zones.{n}.free_above"), "Give the amount in the zone's currency.");
        }
    }
    errors.finish(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(minor: i64) -> Money {
        Money::from_minor(minor, Currency::Usd)
    }

    fn country(code: &str) -> Country {
        Country::parse(code).unwrap()
    }

    fn zones() -> Vec<Zone> {
        vec![
            Zone {
                name: "Domestic".into(),
                countries: vec![country("US")],
                currency: Currency::Usd,
                charge: Charge::PerOrder(usd(2_500)),
                free_above: Some(usd(100_000)),
            },
            Zone {
                name: "Europe".into(),
                countries: vec![country("DE"), country("FR")],
                currency: Currency::Usd,
                charge: Charge::ByWeight(vec![
                    WeightBand { up_to_grams: 10_000, price: usd(9_000) },
                    WeightBand { up_to_grams: 100_000, price: usd(40_000) },
                ]),
                free_above: None,
            },
        ]
    }

    #[test]
    fn each_destination_gets_its_zones_rate() {
        let z = zones();
        validate(&z).unwrap();
        assert_eq!(quote(&z, country("US"), usd(50_000), 1), Ok(usd(2_500)));
        assert_eq!(quote(&z, country("US"), usd(100_000), 1), Ok(usd(0)));
        assert_eq!(quote(&z, country("DE"), usd(50_000), 10_000), Ok(usd(9_000)));
        assert_eq!(quote(&z, country("FR"), usd(50_000), 10_001), Ok(usd(40_000)));
        assert_eq!(quote(&z, country("FR"), usd(50_000), 100_001), Err(ShippingError::TooHeavy));
        assert_eq!(quote(&z, country("BR"), usd(50_000), 1), Err(ShippingError::NotServed(country("BR"))));
        // Rates are in one currency: an order in another is not served by them.
        let eur = Money::from_minor(50_000, Currency::Eur);
        assert_eq!(quote(&z, country("US"), eur, 1), Err(ShippingError::NotServed(country("US"))));
    }

    #[test]
    fn a_worldwide_zone_covers_the_rest() {
        let mut z = zones();
        z.push(Zone {
            name: "Rest of world".into(),
            countries: vec![],
            currency: Currency::Usd,
            charge: Charge::PerOrder(usd(15_000)),
            free_above: None,
        });
        assert_eq!(quote(&z, country("BR"), usd(1), 1), Ok(usd(15_000)));
        assert_eq!(quote(&z, country("US"), usd(1), 1), Ok(usd(2_500)));
    }

    #[test]
    fn a_zone_is_read_from_its_form() {
        let form = ZoneForm {
            name: " Europe ".into(),
            countries: "de, FR nl de".into(),
            currency: "USD".into(),
            charge: "weight".into(),
            bands: "5 = 20.00\n\n 20.5=45".into(),
            free_above: "1000".into(),
            ..ZoneForm::default()
        };
        let zone = form.read().unwrap();
        assert_eq!(zone.countries.iter().map(|c| c.code()).collect::<Vec<_>>(), ["DE", "FR", "NL"]);
        assert_eq!(
            zone.charge,
            Charge::ByWeight(vec![
                WeightBand { up_to_grams: 5_000, price: usd(2_000) },
                WeightBand { up_to_grams: 20_500, price: usd(4_500) }
            ])
        );
        assert_eq!(zone.free_above, Some(usd(100_000)));
        let bad =
            ZoneForm { countries: "DE XX".into(), bands: "heavy".into(), free_above: "-1".into(), ..form.clone() };
        let fields: Vec<String> = bad.read().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["countries", "bands", "free_above"]);
        let flat = ZoneForm { charge: "order".into(), price: "25".into(), countries: "".into(), ..form };
        assert_eq!(flat.read().unwrap().charge, Charge::PerOrder(usd(2_500)));
    }

    #[test]
    fn bad_zones_are_explained_per_field() {
        let mut z = zones();
        z[1].countries.push(country("US"));
        z[1].charge = Charge::ByWeight(vec![
            WeightBand { up_to_grams: 5_000, price: usd(100) },
            WeightBand { up_to_grams: 5_000, price: Money::from_minor(1, Currency::Eur) },
        ]);
        z.push(Zone {
            name: " ".into(),
            countries: vec![],
            currency: Currency::Usd,
            charge: Charge::PerOrder(usd(-1)),
            free_above: None,
        });
        let fields: Vec<String> = validate(&z).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["zones.1.countries", "zones.1.bands.1.price", "zones.1.bands.1.up_to", "zones.2.name", "zones.2.price"]
        );
    }
}
