//! A supplier's shipping rates and what one order costs to ship. Rates are grouped in zones:
//! the countries a zone serves, how it charges (a flat amount per order or by weight band),
//! and an order value above which shipping is free.

use super::country::Country;
use super::money::{Currency, Money};
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

/// Every rule zones must meet, each problem against its form field (`zones.1.countries` …).
pub fn validate(zones: &[Zone]) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut error = |field: String, message: &str| errors.push(FieldError { field, message: message.to_string() });
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
    if errors.is_empty() { Ok(()) } else { Err(errors) }
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
