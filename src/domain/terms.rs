//! B2B trade terms of a product: tiered unit prices, minimum order quantity, order increment,
//! lead times and samples. One pure module, compiled for the server and the browser, so the
//! price a buyer sees while typing a quantity is the price the server charges.

use super::money::{Currency, Money};
use crate::domain::form::FieldErrors;
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

pub const MAX_TIERS: usize = 8;
pub const MAX_QUANTITY: u64 = 1_000_000_000;

/// From `min_quantity` units on, each unit costs `unit_price`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceTier {
    pub min_quantity: u64,
    pub unit_price: Money,
}

/// Orders of up to `up_to` units ship within `days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadTime {
    pub up_to: u64,
    pub days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    pub price: Money,
    pub max_quantity: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeTerms {
    pub currency: Currency,
    /// Ascending by `min_quantity`; the first starts at or below the MOQ.
    pub tiers: Vec<PriceTier>,
    pub moq: u64,
    /// Quantities go up in steps of this many units from the MOQ.
    pub increment: u64,
    /// Ascending by `up_to`; larger orders have a negotiated lead time.
    pub lead_times: Vec<LeadTime>,
    pub sample: Option<Sample>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum QuantityError {
    #[error("The minimum order is {moq} units.")]
    BelowMoq { moq: u64 },
    #[error("Order in steps of {increment} from {moq}: for example {lower} or {upper}.")]
    OffIncrement { moq: u64, increment: u64, lower: u64, upper: u64 },
    #[error("That quantity is too large to order here; request a quote instead.")]
    TooLarge,
}

/// What a lead time is for a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lead {
    Days(u32),
    Negotiable,
}

impl TradeTerms {
    /// Is `quantity` orderable: at least the MOQ, on an increment step, not absurdly large?
    pub fn validate_quantity(&self, quantity: u64) -> Result<(), QuantityError> {
        if quantity > MAX_QUANTITY {
            return Err(QuantityError::TooLarge);
        }
        if quantity < self.moq {
            return Err(QuantityError::BelowMoq { moq: self.moq });
        }
        let step = self.increment.max(1);
        let over = (quantity - self.moq) % step;
        if !self.is_step(quantity) {
            let lower = quantity - over;
            return Err(QuantityError::OffIncrement { moq: self.moq, increment: step, lower, upper: lower + step });
        }
        Ok(())
    }

    /// Whether `quantity` is the MOQ plus whole increments (at or above the MOQ).
    fn is_step(&self, quantity: u64) -> bool {
        quantity >= self.moq && (quantity - self.moq).is_multiple_of(self.increment.max(1))
    }

    /// The smallest orderable quantity at or above `quantity` (None past the largest allowed).
    pub fn next_valid(&self, quantity: u64) -> Option<u64> {
        let step = self.increment.max(1);
        let valid = match quantity.checked_sub(self.moq) {
            None => self.moq,
            Some(over) => self.moq + over.div_ceil(step) * step,
        };
        (valid <= MAX_QUANTITY).then_some(valid)
    }

    /// The largest orderable quantity not above `limit` (say, the stock), if any.
    pub fn most_within(&self, limit: u64) -> Option<u64> {
        let over = limit.min(MAX_QUANTITY).checked_sub(self.moq)?;
        Some(self.moq + over - over % self.increment.max(1))
    }

    /// The unit price for `quantity`: that of the highest tier the quantity reaches.
    pub fn unit_price(&self, quantity: u64) -> Result<Money, QuantityError> {
        self.validate_quantity(quantity)?;
        self.tiers
            .iter()
            .rev()
            .find(|t| t.min_quantity <= quantity)
            .or(self.tiers.first())
            .map(|t| t.unit_price)
            .ok_or(QuantityError::TooLarge)
    }

    /// Unit price × quantity, in integer minor units.
    pub fn line_total(&self, quantity: u64) -> Result<Money, QuantityError> {
        self.unit_price(quantity)?.checked_mul(quantity).map_err(|_| QuantityError::TooLarge)
    }

    /// Which tier prices `quantity` (its index), once the quantity reaches the MOQ.
    pub fn tier_at(&self, quantity: u64) -> Option<usize> {
        if quantity < self.moq {
            return None;
        }
        self.tiers.iter().rposition(|t| t.min_quantity <= quantity).or((!self.tiers.is_empty()).then_some(0))
    }

    /// The terms of a variant priced apart from the tiers: its one price at every quantity.
    pub fn for_variant(&self, own_price: Option<Money>) -> TradeTerms {
        match own_price {
            Some(price) => {
                TradeTerms { tiers: vec![PriceTier { min_quantity: self.moq, unit_price: price }], ..self.clone() }
            }
            None => self.clone(),
        }
    }

    pub fn lead_time(&self, quantity: u64) -> Lead {
        self.lead_times.iter().find(|l| quantity <= l.up_to).map_or(Lead::Negotiable, |l| Lead::Days(l.days))
    }

    /// Every rule the terms must meet, each problem against its form field (`tiers.2.price` …).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let mut error = |field: String, message: &str| errors.add(&field, message);
        if self.moq == 0 {
            error("moq".into(), "The minimum order is at least 1 unit.");
        }
        if self.increment == 0 {
            error("increment".into(), "Order in steps of at least 1 unit.");
        }
        if self.tiers.is_empty() {
            error("tiers".into(), "Give at least one price.");
        }
        if self.tiers.len() > MAX_TIERS {
            error("tiers".into(), "Use at most 8 price tiers.");
        }
        if self.tiers.first().is_some_and(|t| t.min_quantity > self.moq) {
            error("tiers.0.min_quantity".into(), "The first tier must start at or below the minimum order.");
        }
        for (n, tier) in self.tiers.iter().enumerate() {
            if tier.unit_price.currency() != self.currency {
                error(format!("tiers.{n}.price"), "All prices must be in the product's currency.");
            } else if tier.unit_price.minor() <= 0 {
                error(format!("tiers.{n}.price"), "Prices must be above zero.");
            }
            if n > 0 && tier.min_quantity <= self.tiers[n - 1].min_quantity {
                error(
                    format!("tiers.{n}.min_quantity"),
                    "Each tier must start at a larger quantity than the one before.",
                );
            } else if n > 0 && self.moq > 0 && self.increment > 0 && !self.is_step(tier.min_quantity) {
                error(
                    format!("tiers.{n}.min_quantity"),
                    &format!(
                        "Buyers order {} and then steps of {}: start this tier at a quantity they can order.",
                        self.moq, self.increment
                    ),
                );
            }
        }
        for (n, lead) in self.lead_times.iter().enumerate() {
            if n > 0 && lead.up_to <= self.lead_times[n - 1].up_to {
                error(
                    format!("lead_times.{n}.up_to"),
                    "Each lead time must cover a larger quantity than the one before.",
                );
            }
            if lead.days == 0 {
                error(format!("lead_times.{n}.days"), "Lead times are at least 1 day.");
            }
        }
        if let Some(sample) = &self.sample {
            if sample.price.currency() != self.currency || sample.price.minor() < 0 {
                error("sample.price".into(), "Give the sample price in the product's currency (0 for free samples).");
            }
            if sample.max_quantity == 0 {
                error("sample.max_quantity".into(), "Allow at least 1 sample.");
            }
        }
        errors.finish(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn usd(minor: i64) -> Money {
        Money::from_minor(minor, Currency::Usd)
    }

    fn terms() -> TradeTerms {
        TradeTerms {
            currency: Currency::Usd,
            tiers: vec![
                PriceTier { min_quantity: 100, unit_price: usd(250) },
                PriceTier { min_quantity: 1_000, unit_price: usd(210) },
                PriceTier { min_quantity: 5_000, unit_price: usd(180) },
            ],
            moq: 100,
            increment: 50,
            lead_times: vec![LeadTime { up_to: 1_000, days: 15 }, LeadTime { up_to: 10_000, days: 30 }],
            sample: Some(Sample { price: usd(1_500), max_quantity: 3 }),
        }
    }

    #[test]
    fn prices_follow_the_tiers() {
        let t = terms();
        t.validate().unwrap();
        assert_eq!(t.unit_price(100), Ok(usd(250)));
        assert_eq!(t.unit_price(950), Ok(usd(250)));
        assert_eq!(t.unit_price(1_000), Ok(usd(210)));
        assert_eq!(t.unit_price(5_000), Ok(usd(180)));
        assert_eq!(t.line_total(1_000), Ok(usd(210_000)));
        assert_eq!(t.lead_time(1_000), Lead::Days(15));
        assert_eq!(t.lead_time(1_050), Lead::Days(30));
        assert_eq!(t.lead_time(20_000), Lead::Negotiable);
    }

    #[test]
    fn the_tier_in_use_is_the_one_charged() {
        let t = terms();
        assert_eq!(t.tier_at(99), None);
        assert_eq!(t.tier_at(100), Some(0));
        assert_eq!(t.tier_at(4_999), Some(1));
        assert_eq!(t.tier_at(50_000), Some(2));
        let own = t.for_variant(Some(usd(300)));
        assert_eq!(own.unit_price(5_000), Ok(usd(300)));
        assert_eq!(own.tier_at(5_000), Some(0));
        assert_eq!(t.for_variant(None), t);
    }

    #[test]
    fn moq_and_increments_are_enforced() {
        let t = terms();
        assert_eq!(t.validate_quantity(99), Err(QuantityError::BelowMoq { moq: 100 }));
        assert_eq!(
            t.validate_quantity(120),
            Err(QuantityError::OffIncrement { moq: 100, increment: 50, lower: 100, upper: 150 })
        );
        assert_eq!(t.validate_quantity(MAX_QUANTITY + 1), Err(QuantityError::TooLarge));
        assert!(t.line_total(120).is_err());
    }

    #[test]
    fn the_nearest_orderable_quantities_are_found() {
        let t = terms();
        assert_eq!(t.next_valid(1), Some(100));
        assert_eq!(t.next_valid(100), Some(100));
        assert_eq!(t.next_valid(101), Some(150));
        assert_eq!(t.next_valid(MAX_QUANTITY + 1), None);
        assert_eq!(t.most_within(99), None);
        assert_eq!(t.most_within(100), Some(100));
        assert_eq!(t.most_within(249), Some(200));
    }

    #[test]
    fn bad_terms_are_explained_per_field() {
        let mut t = terms();
        t.moq = 0;
        t.tiers[1].min_quantity = 100;
        t.tiers[2].unit_price = usd(0);
        t.lead_times[1].up_to = 500;
        t.sample = Some(Sample { price: Money::from_minor(100, Currency::Eur), max_quantity: 0 });
        let fields: Vec<String> = t.validate().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "moq",
                "tiers.0.min_quantity",
                "tiers.1.min_quantity",
                "tiers.2.price",
                "lead_times.1.up_to",
                "sample.price",
                "sample.max_quantity"
            ]
        );
    }

    #[test]
    fn tier_breaks_must_be_orderable_quantities() {
        let mut t = terms();
        // MOQ 100 in steps of 50: 1,020 cannot be ordered, so a tier there would never apply as written.
        t.tiers[1].min_quantity = 1_020;
        let errors = t.validate().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "tiers.1.min_quantity");
        assert!(errors[0].message.contains("steps of 50"), "{}", errors[0].message);
    }

    proptest! {
        #[test]
        fn the_chosen_tier_covers_the_quantity_and_totals_are_exact(
            moq in 1u64..500,
            increment in 1u64..100,
            steps in 0u64..10_000,
            steps_to_breaks in proptest::collection::btree_set(1u64..2_000, 0..6),
            prices in proptest::collection::vec(1i64..1_000_000, 7),
        ) {
            let mut tiers = vec![PriceTier { min_quantity: 1, unit_price: usd(prices[0]) }];
            // Tier breaks a buyer can order: the MOQ plus whole increments.
            for (n, k) in steps_to_breaks.into_iter().enumerate() {
                tiers.push(PriceTier { min_quantity: moq + k * increment, unit_price: usd(prices[n + 1]) });
            }
            let t = TradeTerms { currency: Currency::Usd, tiers, moq, increment, lead_times: vec![], sample: None };
            prop_assert!(t.validate().is_ok());
            let quantity = moq + steps * increment;
            let price = t.unit_price(quantity).unwrap();
            // The tier is the highest one the quantity reaches.
            let reached = t.tiers.iter().filter(|tier| tier.min_quantity <= quantity).max_by_key(|tier| tier.min_quantity).unwrap();
            prop_assert_eq!(price, reached.unit_price);
            prop_assert_eq!(t.line_total(quantity).unwrap().minor(), price.minor() * quantity as i64);
            // One unit off the step is always refused.
            if increment > 1 {
                prop_assert!(t.validate_quantity(quantity + 1).is_err());
            }
            prop_assert!(t.validate_quantity(moq - 1).is_err() || moq == 1);
            // The nearest orderable quantities around any number are orderable and nearest.
            let any = quantity.saturating_sub(increment / 2);
            let up = t.next_valid(any).unwrap();
            prop_assert!(t.validate_quantity(up).is_ok() && up >= any && up < any.max(moq) + increment);
            if let Some(down) = t.most_within(any) {
                prop_assert!(t.validate_quantity(down).is_ok() && down <= any && down + increment > any);
            }
        }
    }
}
