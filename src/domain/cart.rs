//! The cart's rules: what a line may hold, what it costs now, what changed since the buyer
//! added it, and how lines split into one order per supplier. Prices always come from the
//! product's current trade terms; the price a buyer saw is kept only to tell them it changed.

use super::form::UnknownChoice;
use super::money::{Currency, Money, MoneyError};
use super::terms::{QuantityError, TradeTerms};
use super::{CompanyId, VariantId};
use serde::{Deserialize, Serialize};

/// A cart holds at most this many lines (a buyer with more is better served by a quote).
pub const MAX_LINES: usize = 100;

/// A visitor's cart lives in this cookie until they sign in, when it joins their cart.
pub const COOKIE: &str = "caravan_cart";
/// Lines a visitor's cookie holds (a cookie stays well under browsers' 4 KB this way).
pub const MAX_COOKIE_LINES: usize = 30;

/// Orders a product by its trade terms, or asks for samples of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LineKind {
    Bulk,
    Sample,
}

impl LineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Bulk => "bulk",
            LineKind::Sample => "sample",
        }
    }

    pub fn parse(text: &str) -> Option<LineKind> {
        match text {
            "bulk" => Some(LineKind::Bulk),
            "sample" => Some(LineKind::Sample),
            _ => None,
        }
    }
}

impl TryFrom<String> for LineKind {
    type Error = UnknownChoice;
    fn try_from(text: String) -> Result<Self, UnknownChoice> {
        LineKind::parse(&text).ok_or(UnknownChoice)
    }
}

/// One line as a cart stores it: which variant, how many, and the unit price the buyer saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredLine {
    pub variant: VariantId,
    pub kind: LineKind,
    pub quantity: u64,
    pub seen_unit_price: i64,
}

/// A visitor's lines, as the cookie holds them: `12b100p250.40s2p1500`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitorCart(Vec<StoredLine>);

impl VisitorCart {
    /// Reads the cookie; anything malformed is skipped.
    pub fn parse(value: &str) -> VisitorCart {
        let mut cart = VisitorCart::default();
        for part in value.split('.') {
            let Some(kind_at) = part.find(['b', 's']) else { continue };
            let (variant, rest) = part.split_at(kind_at);
            let kind = if rest.starts_with('b') { LineKind::Bulk } else { LineKind::Sample };
            let Some((quantity, seen)) = rest[1..].split_once('p') else { continue };
            let (Ok(variant), Ok(quantity), Ok(seen)) =
                (variant.parse::<VariantId>(), quantity.parse::<u64>(), seen.parse::<i64>())
            else {
                continue;
            };
            if quantity > 0 && cart.0.len() < MAX_COOKIE_LINES {
                cart.put(StoredLine { variant, kind, quantity, seen_unit_price: seen });
            }
        }
        cart
    }

    pub fn cookie_value(&self) -> String {
        let kind = |k: LineKind| if k == LineKind::Bulk { 'b' } else { 's' };
        self.0
            .iter()
            .map(|l| format!("{}{}{}p{}", l.variant, kind(l.kind), l.quantity, l.seen_unit_price))
            .collect::<Vec<_>>()
            .join(".")
    }

    pub fn lines(&self) -> &[StoredLine] {
        &self.0
    }

    pub fn find(&self, variant: VariantId, kind: LineKind) -> Option<&StoredLine> {
        self.0.iter().find(|l| l.variant == variant && l.kind == kind)
    }

    /// Sets a line (replacing the same variant and kind). False when the cookie is full.
    pub fn put(&mut self, line: StoredLine) -> bool {
        let full = self.0.len() >= MAX_COOKIE_LINES;
        match self.0.iter_mut().find(|l| l.variant == line.variant && l.kind == line.kind) {
            Some(existing) => *existing = line,
            None if full => return false,
            None => self.0.push(line),
        }
        true
    }

    pub fn remove(&mut self, variant: VariantId, kind: LineKind) {
        self.0.retain(|l| !(l.variant == variant && l.kind == kind));
    }
}

/// A variant as it can be bought right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    /// Published, and its supplier still sells.
    pub available: bool,
    /// The variant's terms (its own price applied).
    pub terms: TradeTerms,
    pub stock: u64,
}

/// Why a line cannot be bought as it stands. Each says what would work instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum LineProblem {
    #[error("This product is no longer available.")]
    Unavailable,
    #[error("{error}")]
    Quantity { error: QuantityError, next: Option<u64> },
    #[error("{}", stock_message(*.stock, *.most))]
    Stock { stock: u64, most: Option<u64> },
    #[error("The supplier does not offer samples of this product.")]
    NoSamples,
    #[error("Order at most {max} samples.")]
    SampleLimit { max: u64 },
}

fn stock_message(stock: u64, most: Option<u64>) -> String {
    match most {
        Some(most) if stock > 0 => format!("Only {stock} in stock: you can order up to {most}."),
        _ if stock > 0 => format!("Only {stock} in stock, below the minimum order."),
        _ => "Out of stock.".to_string(),
    }
}

impl LineProblem {
    /// The quantity to offer instead, when one would be accepted.
    pub fn suggestion(&self) -> Option<u64> {
        match *self {
            LineProblem::Quantity { next, .. } => next,
            LineProblem::Stock { most, .. } => most,
            LineProblem::SampleLimit { max } => Some(max),
            LineProblem::Unavailable | LineProblem::NoSamples => None,
        }
    }
}

/// What a line costs now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Priced {
    pub unit: Money,
    pub total: Money,
}

/// Prices `quantity` of `kind` against the offer, or says why it cannot be bought.
pub fn price(offer: &Offer, kind: LineKind, quantity: u64) -> Result<Priced, LineProblem> {
    if !offer.available {
        return Err(LineProblem::Unavailable);
    }
    let unit = match kind {
        LineKind::Bulk => offer
            .terms
            .unit_price(quantity)
            .map_err(|error| LineProblem::Quantity { error, next: offer.terms.next_valid(quantity) })?,
        LineKind::Sample => {
            let sample = offer.terms.sample.ok_or(LineProblem::NoSamples)?;
            if quantity == 0 || quantity > sample.max_quantity {
                return Err(LineProblem::SampleLimit { max: sample.max_quantity });
            }
            sample.price
        }
    };
    if quantity > offer.stock {
        let most = match kind {
            LineKind::Bulk => offer.terms.most_within(offer.stock),
            LineKind::Sample => (offer.stock > 0).then_some(offer.stock),
        };
        return Err(LineProblem::Stock { stock: offer.stock, most });
    }
    let total =
        unit.checked_mul(quantity).map_err(|_| LineProblem::Quantity { error: QuantityError::TooLarge, next: None })?;
    Ok(Priced { unit, total })
}

/// A unit price that differs from the one the buyer saw when adding (or last confirming) the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceChange {
    pub was: Money,
    pub now: Money,
}

pub fn price_change(seen: Money, now: Money) -> Option<PriceChange> {
    (seen != now).then_some(PriceChange { was: seen, now })
}

/// What the split needs to know of a line.
pub trait SplitLine {
    fn supplier(&self) -> CompanyId;
    fn currency(&self) -> Currency;
    /// None while the line cannot be bought.
    fn total(&self) -> Option<Money>;
}

/// The lines that become one order: one supplier, one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group<L> {
    pub supplier: CompanyId,
    pub currency: Currency,
    pub lines: Vec<L>,
    /// The sum of the lines that can be bought.
    pub subtotal: Money,
    /// Every line can be bought as it stands.
    pub ready: bool,
}

/// Groups lines by supplier and currency, in the order each group first appears.
pub fn split<L: SplitLine>(lines: Vec<L>) -> Result<Vec<Group<L>>, MoneyError> {
    let mut groups: Vec<Group<L>> = Vec::new();
    for line in lines {
        let (supplier, currency) = (line.supplier(), line.currency());
        let at = match groups.iter().position(|g| g.supplier == supplier && g.currency == currency) {
            Some(at) => at,
            None => {
                groups.push(Group {
                    supplier,
                    currency,
                    lines: Vec::new(),
                    subtotal: Money::from_minor(0, currency),
                    ready: true,
                });
                groups.len() - 1
            }
        };
        let group = &mut groups[at];
        match line.total() {
            Some(total) => group.subtotal = group.subtotal.checked_add(total)?,
            None => group.ready = false,
        }
        group.lines.push(line);
    }
    Ok(groups)
}

/// The form value naming a cart line: `12-bulk`.
pub fn line_key(variant: VariantId, kind: LineKind) -> String {
    format!("{variant}-{}", kind.as_str())
}

/// Reads a line's form value back (`12-sample`).
pub fn parse_line_key(key: &str) -> Option<(VariantId, LineKind)> {
    let (variant, kind) = key.split_once('-')?;
    Some((variant.parse().ok()?, LineKind::parse(kind)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::terms::{PriceTier, Sample};
    use proptest::prelude::*;

    fn usd(minor: i64) -> Money {
        Money::from_minor(minor, Currency::Usd)
    }

    fn offer(stock: u64) -> Offer {
        Offer {
            available: true,
            terms: TradeTerms {
                currency: Currency::Usd,
                tiers: vec![
                    PriceTier { min_quantity: 100, unit_price: usd(250) },
                    PriceTier { min_quantity: 1_000, unit_price: usd(210) },
                ],
                moq: 100,
                increment: 50,
                lead_times: vec![],
                sample: Some(Sample { price: usd(1_500), max_quantity: 3 }),
            },
            stock,
        }
    }

    #[test]
    fn bulk_lines_obey_moq_increments_and_stock() {
        let o = offer(1_120);
        assert_eq!(price(&o, LineKind::Bulk, 1_000), Ok(Priced { unit: usd(210), total: usd(210_000) }));
        let below = price(&o, LineKind::Bulk, 40).unwrap_err();
        assert_eq!(below.suggestion(), Some(100));
        assert_eq!(below.to_string(), "The minimum order is 100 units.");
        assert_eq!(price(&o, LineKind::Bulk, 120).unwrap_err().suggestion(), Some(150));
        let short = price(&o, LineKind::Bulk, 1_150).unwrap_err();
        assert_eq!(short, LineProblem::Stock { stock: 1_120, most: Some(1_100) });
        assert_eq!(short.to_string(), "Only 1120 in stock: you can order up to 1100.");
        assert_eq!(price(&offer(0), LineKind::Bulk, 100).unwrap_err().to_string(), "Out of stock.");
        assert_eq!(price(&offer(60), LineKind::Bulk, 100).unwrap_err().suggestion(), None);
        assert_eq!(price(&Offer { available: false, ..o }, LineKind::Bulk, 100), Err(LineProblem::Unavailable));
    }

    #[test]
    fn sample_lines_have_their_own_price_and_limit() {
        let o = offer(2);
        assert_eq!(price(&o, LineKind::Sample, 2), Ok(Priced { unit: usd(1_500), total: usd(3_000) }));
        assert_eq!(price(&o, LineKind::Sample, 4), Err(LineProblem::SampleLimit { max: 3 }));
        assert_eq!(price(&o, LineKind::Sample, 0), Err(LineProblem::SampleLimit { max: 3 }));
        assert_eq!(price(&o, LineKind::Sample, 3), Err(LineProblem::Stock { stock: 2, most: Some(2) }));
        let mut none = offer(10);
        none.terms.sample = None;
        assert_eq!(price(&none, LineKind::Sample, 1), Err(LineProblem::NoSamples));
        assert_eq!(LineKind::parse(LineKind::Sample.as_str()), Some(LineKind::Sample));
    }

    #[test]
    fn a_changed_price_is_reported_once_it_differs() {
        assert_eq!(price_change(usd(250), usd(250)), None);
        assert_eq!(price_change(usd(250), usd(210)), Some(PriceChange { was: usd(250), now: usd(210) }));
    }

    #[test]
    fn a_visitors_cart_round_trips_through_its_cookie() {
        let line = |v, kind, quantity| StoredLine {
            variant: VariantId::new(v).unwrap(),
            kind,
            quantity,
            seen_unit_price: 250,
        };
        let mut cart = VisitorCart::parse("12b100p250.x.40s2p1500.0b1p1.7b0p5.12b150p250");
        assert_eq!(cart.cookie_value(), "12b150p250.40s2p1500");
        assert!(cart.put(line(12, LineKind::Sample, 1)));
        cart.remove(VariantId::new(40).unwrap(), LineKind::Sample);
        assert_eq!(cart.find(VariantId::new(12).unwrap(), LineKind::Sample).map(|l| l.quantity), Some(1));
        assert_eq!(VisitorCart::parse(&cart.cookie_value()), cart);
        for v in 100..200 {
            cart.put(line(v, LineKind::Bulk, 5));
        }
        assert_eq!(cart.lines().len(), MAX_COOKIE_LINES);
        assert!(!cart.put(line(500, LineKind::Bulk, 5)));
    }

    #[derive(Debug, Clone, PartialEq)]
    struct Line {
        id: usize,
        supplier: CompanyId,
        total: Option<Money>,
    }

    impl SplitLine for Line {
        fn supplier(&self) -> CompanyId {
            self.supplier
        }
        fn currency(&self) -> Currency {
            self.total.map_or(Currency::Usd, Money::currency)
        }
        fn total(&self) -> Option<Money> {
            self.total
        }
    }

    fn line() -> impl Strategy<Value = (i64, Option<(i64, bool)>)> {
        (1i64..5, proptest::option::weighted(0.9, (0i64..10_000_000, any::<bool>())))
    }

    proptest! {
        #[test]
        fn the_split_keeps_every_line_once_and_subtotals_add_up(
            raw in proptest::collection::vec(line(), 0..30)
        ) {
            let lines: Vec<Line> = raw.iter().enumerate().map(|(id, (supplier, total))| Line {
                id,
                supplier: CompanyId::new(*supplier).unwrap(),
                total: total.map(|(minor, eur)| Money::from_minor(minor, if eur { Currency::Eur } else { Currency::Usd })),
            }).collect();
            let groups = split(lines.clone()).unwrap();
            let mut seen: Vec<usize> = groups.iter().flat_map(|g| g.lines.iter().map(|l| l.id)).collect();
            seen.sort();
            prop_assert_eq!(seen, (0..lines.len()).collect::<Vec<_>>());
            for (n, group) in groups.iter().enumerate() {
                prop_assert!(group.lines.iter().all(|l| l.supplier == group.supplier && l.currency() == group.currency));
                let sum: i64 = group.lines.iter().filter_map(|l| l.total).map(Money::minor).sum();
                prop_assert_eq!(group.subtotal, Money::from_minor(sum, group.currency));
                prop_assert_eq!(group.ready, group.lines.iter().all(|l| l.total.is_some()));
                // One group per supplier and currency, and lines keep their order within it.
                prop_assert!(groups[n + 1..].iter().all(|g| (g.supplier, g.currency) != (group.supplier, group.currency)));
                prop_assert!(group.lines.windows(2).all(|w| w[0].id < w[1].id));
            }
        }
    }

    #[test]
    fn line_keys_round_trip() {
        let variant = VariantId::new(12).unwrap();
        assert_eq!(parse_line_key(&line_key(variant, LineKind::Sample)), Some((variant, LineKind::Sample)));
        for bad in ["", "12", "x-bulk", "12-crate", "0-bulk"] {
            assert_eq!(parse_line_key(bad), None, "{bad}");
        }
    }
}
