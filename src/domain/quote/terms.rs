//! The terms of one quote version: lines with price breaks, MOQ, shipping, lead time, payment
//! and validity, read from the supplier's form; and what changed between two versions.

use super::{MAX_BREAKS, MAX_LINES, MAX_VALIDITY_DAYS, PaymentTerms};
use crate::domain::date::{format_date, parse_iso_date};
use crate::domain::form::{FormValues, Reader, rows};
use crate::domain::money::{Currency, Money};
use crate::domain::product::Unit;
use crate::domain::text::clean_text;
use crate::domain::{ProductId, VariantId};
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

const MAX_QUANTITY: u64 = crate::domain::terms::MAX_QUANTITY;

/// One line of a quote: a catalog product (variant) or a free-text item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    pub product: Option<ProductId>,
    pub variant: Option<VariantId>,
    pub description: String,
    pub unit: Unit,
    pub quantity: u64,
    pub unit_price: Money,
    /// Lower prices for larger repeat quantities (ascending quantity, falling price).
    pub breaks: Vec<(u64, Money)>,
}

impl QuoteLine {
    pub fn total(&self) -> Money {
        self.unit_price.checked_mul(self.quantity).unwrap_or(Money::from_minor(i64::MAX, self.unit_price.currency()))
    }

    /// Where the line is identified across versions: its variant, or its description.
    fn key(&self) -> String {
        match self.variant {
            Some(v) => format!("#{v}"),
            None => self.description.to_lowercase(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteTerms {
    pub currency: Currency,
    pub lines: Vec<QuoteLine>,
    /// The smallest quantity the supplier accepts for repeat orders on these terms.
    pub moq: Option<u64>,
    pub shipping: Money,
    pub shipping_method: String,
    pub lead_days: u32,
    pub payment: PaymentTerms,
    /// The last second (UTC) it can be accepted: the end of the chosen day.
    pub valid_until: i64,
    pub notes: String,
}

impl QuoteTerms {
    pub fn subtotal(&self) -> Money {
        let minor = self.lines.iter().fold(0i64, |sum, l| sum.saturating_add(l.total().minor()));
        Money::from_minor(minor, self.currency)
    }

    /// Goods and shipping: what the buyer pays in the end.
    pub fn landed_total(&self) -> Money {
        Money::from_minor(self.subtotal().minor().saturating_add(self.shipping.minor()), self.currency)
    }

    /// The form that shows these terms again (for a counter-offer to start from).
    pub fn to_form(&self) -> FormValues {
        let mut form = FormValues::new();
        form.insert("currency".into(), self.currency.code().into());
        for (n, line) in self.lines.iter().enumerate() {
            let key = |field: &str| format!("line.{n}.{field}");
            form.insert(key("variant"), line.variant.map(|v| v.to_string()).unwrap_or_default());
            form.insert(key("description"), line.description.clone());
            form.insert(key("unit"), line.unit.as_str().into());
            form.insert(key("quantity"), line.quantity.to_string());
            form.insert(key("price"), line.unit_price.to_decimal_string());
            let breaks: Vec<String> =
                line.breaks.iter().map(|(q, p)| format!("{q}: {}", p.to_decimal_string())).collect();
            form.insert(key("breaks"), breaks.join(", "));
        }
        form.insert("moq".into(), self.moq.map(|m| m.to_string()).unwrap_or_default());
        form.insert("shipping".into(), self.shipping.to_decimal_string());
        form.insert("shipping_method".into(), self.shipping_method.clone());
        form.insert("lead_days".into(), self.lead_days.to_string());
        form.insert("payment".into(), self.payment.as_str().into());
        form.insert("valid_until".into(), crate::domain::date::iso_date(self.valid_until));
        form.insert("notes".into(), self.notes.clone());
        form
    }

    /// Reads a quote form. `today` (Unix seconds) bounds the validity date; variant ids are
    /// only read here, the server checks they are the supplier's.
    pub fn read(form: &FormValues, today: i64) -> Result<QuoteTerms, Vec<FieldError>> {
        let mut r = Reader::new(form);
        let currency = {
            let parsed = r.raw("currency").parse::<Currency>();
            r.check("currency", parsed).unwrap_or(Currency::Usd)
        };
        let mut lines = Vec::new();
        for n in 0..rows(form, "line").min(MAX_LINES + 1) {
            let key = |field: &str| format!("line.{n}.{field}");
            let variant_raw = r.raw(&key("variant")).to_string();
            let description = r.raw(&key("description")).to_string();
            let untouched = ["quantity", "price", "breaks"].iter().all(|f| r.raw(&key(f)).is_empty());
            if variant_raw.is_empty() && description.is_empty() && untouched {
                continue;
            }
            if lines.len() == MAX_LINES {
                r.error(&key("description"), format!("A quote has at most {MAX_LINES} lines."));
                break;
            }
            let variant = match variant_raw.as_str() {
                "" => None,
                raw => {
                    let parsed = raw.parse::<VariantId>();
                    r.check(&key("variant"), parsed)
                }
            };
            let description = match clean_text(&description, 200, false) {
                Ok(d) if d.is_empty() && variant.is_none() => {
                    r.error(&key("description"), "Describe the item, or choose one of your products.");
                    d
                }
                other => r.check(&key("description"), other).unwrap_or_default(),
            };
            let unit = {
                let parsed = r.raw(&key("unit")).parse::<Unit>();
                r.check(&key("unit"), parsed).unwrap_or(Unit::Piece)
            };
            let quantity = r.required_count(&key("quantity"), 1, MAX_QUANTITY);
            let unit_price = match r.money(&key("price"), currency) {
                Some(p) if p.minor() > 0 => p,
                Some(_) => {
                    r.error(&key("price"), "Enter a unit price above zero.");
                    Money::from_minor(0, currency)
                }
                None => {
                    if !r.errors.has(&key("price")) {
                        r.error(&key("price"), "Enter the unit price.");
                    }
                    Money::from_minor(0, currency)
                }
            };
            let breaks = match parse_breaks(r.raw(&key("breaks")), currency, quantity, unit_price) {
                Ok(b) => b,
                Err(message) => {
                    r.error(&key("breaks"), message);
                    Vec::new()
                }
            };
            if unit_price.checked_mul(quantity).is_err() {
                r.error(&key("quantity"), "That line is too large to quote.");
            }
            lines.push(QuoteLine { product: None, variant, description, unit, quantity, unit_price, breaks });
        }
        if lines.is_empty() && !r.errors.has_under("line.") {
            r.error("line.0.description", "Add at least one line.");
        }
        let moq = r.count("moq", 1, MAX_QUANTITY);
        let shipping = match r.raw("shipping") {
            "" => Money::from_minor(0, currency),
            _ => match r.money("shipping", currency) {
                Some(s) if s.minor() >= 0 => s,
                Some(_) => {
                    r.error("shipping", "Shipping cannot be negative.");
                    Money::from_minor(0, currency)
                }
                None => Money::from_minor(0, currency),
            },
        };
        let shipping_method = {
            let cleaned = clean_text(r.raw("shipping_method"), 120, false);
            r.check("shipping_method", cleaned).unwrap_or_default()
        };
        let lead_days = r.required_count("lead_days", 1, 365) as u32;
        let payment = {
            let parsed = r.raw("payment").parse::<PaymentTerms>();
            r.check("payment", parsed.map_err(|_| "Choose the payment terms.")).unwrap_or(PaymentTerms::BankTransfer)
        };
        let day = today - today.rem_euclid(86_400);
        let valid_until = match parse_iso_date(r.raw("valid_until")) {
            Some(date) if date < day => {
                r.error("valid_until", "Choose today or a later date.");
                0
            }
            Some(date) if date > day + MAX_VALIDITY_DAYS * 86_400 => {
                r.error("valid_until", format!("A quote can stay open at most {MAX_VALIDITY_DAYS} days."));
                0
            }
            Some(date) => date + 86_399,
            None => {
                r.error("valid_until", "Choose the date the offer is valid until.");
                0
            }
        };
        let notes = {
            let cleaned = clean_text(r.raw("notes"), 2000, true);
            r.check("notes", cleaned).unwrap_or_default()
        };
        let terms =
            QuoteTerms { currency, lines, moq, shipping, shipping_method, lead_days, payment, valid_until, notes };
        if r.errors.is_empty() && terms.landed_total().minor() == i64::MAX {
            r.error("", "The quote's total is too large.");
        }
        r.finish(terms)
    }
}

/// "500: 2.10, 1000: 1.95" → price breaks above the quoted quantity, each cheaper than the last.
fn parse_breaks(text: &str, currency: Currency, quantity: u64, price: Money) -> Result<Vec<(u64, Money)>, String> {
    let example = "Write breaks as quantity: price, separated by commas, for example 5000: 1.80, 10000: 1.65.";
    let mut breaks: Vec<(u64, Money)> = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (qty, amount) = part.split_once(':').ok_or(example)?;
        let qty: u64 = qty.trim().replace('_', "").parse().map_err(|_| example)?;
        let amount = Money::parse(amount, currency).map_err(|_| example)?;
        let (last_qty, last_price) = breaks.last().copied().unwrap_or((quantity, price));
        if qty <= last_qty || qty > MAX_QUANTITY {
            return Err("Each break needs a larger quantity than the line and the break before it.".into());
        }
        if amount.minor() <= 0 || amount.minor() >= last_price.minor() {
            return Err("Each break needs a lower unit price than the one before it.".into());
        }
        breaks.push((qty, amount));
    }
    if breaks.len() > MAX_BREAKS {
        return Err(format!("Give at most {MAX_BREAKS} price breaks."));
    }
    Ok(breaks)
}

/// One difference between two versions, as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub what: String,
    pub from: String,
    pub to: String,
}

/// What changed from `old` to `new`: line by line (matched by product or description), then
/// each term.
pub fn diff(old: &QuoteTerms, new: &QuoteTerms) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut push = |what: String, from: String, to: String| {
        if from != to {
            changes.push(Change { what, from, to });
        }
    };
    let none = || "—".to_string();
    for line in &new.lines {
        let name = line.description.clone();
        match old.lines.iter().find(|o| o.key() == line.key()) {
            Some(before) => {
                push(
                    format!("{name}: quantity"),
                    before.unit.quantity(before.quantity),
                    line.unit.quantity(line.quantity),
                );
                push(format!("{name}: unit price"), before.unit_price.to_string(), line.unit_price.to_string());
                push(format!("{name}: price breaks"), breaks_text(&before.breaks), breaks_text(&line.breaks));
            }
            None => push(format!("{name}: line"), none(), line_text(line)),
        }
    }
    for before in old.lines.iter().filter(|o| !new.lines.iter().any(|l| l.key() == o.key())) {
        push(format!("{}: line", before.description), line_text(before), "removed".into());
    }
    push("Goods total".into(), old.subtotal().to_string(), new.subtotal().to_string());
    push("Shipping".into(), old.shipping.to_string(), new.shipping.to_string());
    push("Shipping method".into(), old.shipping_method.clone(), new.shipping_method.clone());
    push("Lead time".into(), days(old.lead_days), days(new.lead_days));
    push("Payment terms".into(), old.payment.label().into(), new.payment.label().into());
    let moq = |t: &QuoteTerms| t.moq.map_or_else(none, |m| m.to_string());
    push("MOQ".into(), moq(old), moq(new));
    push("Valid until".into(), format_date(old.valid_until), format_date(new.valid_until));
    push("Notes".into(), old.notes.clone(), new.notes.clone());
    changes
}

pub fn days(n: u32) -> String {
    if n == 1 { "1 day".into() } else { format!("{n} days") }
}

fn line_text(line: &QuoteLine) -> String {
    format!("{} at {}", line.unit.quantity(line.quantity), line.unit_price)
}

pub fn breaks_text(breaks: &[(u64, Money)]) -> String {
    if breaks.is_empty() {
        return "—".into();
    }
    breaks.iter().map(|(q, p)| format!("{q}+ at {p}")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::form::form;

    const DAY: i64 = 86_400;
    const TODAY: i64 = 1_795_651_200; // 2026-11-26

    // 2026-11-26

    fn good() -> FormValues {
        form(&[
            ("currency", "USD"),
            ("line.0.description", "Cotton tote bag, printed"),
            ("line.0.unit", "piece"),
            ("line.0.quantity", "2,000"),
            ("line.0.price", "2.40"),
            ("line.0.breaks", "5000: 2.10, 10000: 1.95"),
            ("line.1.description", ""),
            ("shipping", "350"),
            ("shipping_method", "Sea freight, FOB Ningbo"),
            ("lead_days", "25"),
            ("payment", "bank_transfer"),
            ("valid_until", "2026-12-10"),
            ("notes", "Price includes one-colour print."),
        ])
    }

    #[test]
    fn a_complete_form_reads_into_terms_with_totals() {
        let terms = QuoteTerms::read(&good(), TODAY + 3600).unwrap();
        assert_eq!(terms.lines.len(), 1, "the blank second line is ignored");
        assert_eq!(terms.lines[0].quantity, 2000);
        assert_eq!(terms.lines[0].breaks.len(), 2);
        assert_eq!(terms.subtotal(), Money::from_minor(480_000, Currency::Usd));
        assert_eq!(terms.landed_total(), Money::from_minor(515_000, Currency::Usd));
        assert_eq!(terms.valid_until, TODAY + 14 * DAY + DAY - 1);
        // And back: the form of the terms reads to the same terms.
        assert_eq!(QuoteTerms::read(&terms.to_form(), TODAY).unwrap(), terms);
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut bad = good();
        bad.insert("line.0.quantity".into(), "0".into());
        bad.insert("line.0.price".into(), "-1".into());
        bad.insert("line.0.breaks".into(), "1000: 2.50".into());
        bad.insert("lead_days".into(), "".into());
        bad.insert("payment".into(), "barter".into());
        bad.insert("valid_until".into(), "2026-11-25".into());
        bad.insert("shipping".into(), "abc".into());
        let fields: Vec<String> = QuoteTerms::read(&bad, TODAY).unwrap_err().into_iter().map(|e| e.field).collect();
        for field in
            ["line.0.quantity", "line.0.price", "line.0.breaks", "lead_days", "payment", "valid_until", "shipping"]
        {
            assert!(fields.contains(&field.to_string()), "{field} in {fields:?}");
        }
        let empty =
            form(&[("currency", "USD"), ("lead_days", "5"), ("payment", "escrow"), ("valid_until", "2026-12-01")]);
        let fields: Vec<String> = QuoteTerms::read(&empty, TODAY).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["line.0.description"]);
        let mut far = good();
        far.insert("valid_until".into(), "2027-12-01".into());
        assert!(QuoteTerms::read(&far, TODAY).is_err());
    }

    #[test]
    fn breaks_must_climb_in_quantity_and_fall_in_price() {
        let usd = Currency::Usd;
        let price = Money::from_minor(200, usd);
        assert!(parse_breaks("", usd, 100, price).unwrap().is_empty());
        assert_eq!(parse_breaks("500: 1.80", usd, 100, price).unwrap(), vec![(500, Money::from_minor(180, usd))]);
        for bad in ["100: 1.50", "500: 2.00", "500: 1.80, 400: 1.70", "500: 1.80, 600: 1.90", "500 1.80", "x: 1"] {
            assert!(parse_breaks(bad, usd, 100, price).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_diff_names_what_changed_and_nothing_else() {
        let old = QuoteTerms::read(&good(), TODAY).unwrap();
        assert!(diff(&old, &old).is_empty());
        let mut counter = good();
        counter.insert("line.0.price".into(), "2.20".into());
        counter.insert("lead_days".into(), "20".into());
        let new = QuoteTerms::read(&counter, TODAY).unwrap();
        let changes = diff(&old, &new);
        let what: Vec<&str> = changes.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(what, ["Cotton tote bag, printed: unit price", "Goods total", "Lead time"]);
        assert_eq!((changes[0].from.as_str(), changes[0].to.as_str()), ("USD 2.40", "USD 2.20"));
        assert_eq!((changes[2].from.as_str(), changes[2].to.as_str()), ("25 days", "20 days"));
        let mut other = good();
        other.insert("line.0.description".into(), "Jute bag".into());
        let changes = diff(&old, &QuoteTerms::read(&other, TODAY).unwrap());
        assert_eq!(changes[0].what, "Jute bag: line");
        assert_eq!(changes[1].to, "removed");
    }
}
