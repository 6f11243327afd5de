//! Reading a listing from its form: the product, its variants, trade terms, shipping and
//! specifications, every problem reported against its field.

use super::{
    Customization, MAX_DESCRIPTION_CHARS, MAX_LEAD_TIMES, MAX_PACKAGING_CHARS, MAX_SPEC_KEY_CHARS,
    MAX_SPEC_VALUE_CHARS, MAX_SPECS, MAX_STOCK, MAX_TITLE_CHARS, MAX_VARIANT_NAME_CHARS, MAX_VARIANTS, MIN_TITLE_CHARS,
    Sku, Unit,
};
use crate::domain::country::Country;
use crate::domain::form::{FormValues, Reader, format_decimal};
use crate::domain::money::{Currency, Money};
use crate::domain::slug::Slug;
use crate::domain::terms::{LeadTime, MAX_QUANTITY, MAX_TIERS, PriceTier, Sample, TradeTerms};
use crate::domain::text::{clean_line, clean_text};
use crate::error::FieldError;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// One variant as edited: an existing one keeps its `id`. Stock of an existing variant is
/// never overwritten: the editor sends a change (+/-) that is added to whatever is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantInput {
    pub id: Option<i64>,
    pub sku: Sku,
    pub name: String,
    pub price: Option<Money>,
    /// Starting stock of a new variant; the change (+/-) to apply to an existing one.
    pub stock_change: i64,
}

/// Weight and outer dimensions of one unit as packed, for freight quotes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipping {
    pub weight_grams: Option<u64>,
    pub length_mm: Option<u64>,
    pub width_mm: Option<u64>,
    pub height_mm: Option<u64>,
}

/// A complete, valid listing as submitted (the category still to be resolved by slug).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductInput {
    pub title: String,
    /// Empty: derived from the title.
    pub slug: Option<Slug>,
    pub description: String,
    pub category: String,
    pub unit: Unit,
    pub origin: Country,
    pub terms: TradeTerms,
    pub variants: Vec<VariantInput>,
    pub specs: Vec<(String, String)>,
    pub customization: Vec<Customization>,
    pub packaging: String,
    pub shipping: Shipping,
}

impl ProductInput {
    pub fn from_form(form: &FormValues) -> Result<Self, Vec<FieldError>> {
        let mut r = Reader::new(form);
        let title = match clean_line(r.raw("title"), MAX_TITLE_CHARS) {
            Ok(t) if t.chars().count() < MIN_TITLE_CHARS => {
                r.error("title", "Use at least 3 characters.");
                t
            }
            other => r.check("title", other).unwrap_or_default(),
        };
        let slug = match r.raw("slug") {
            "" => None,
            raw => {
                let parsed = Slug::parse(raw);
                r.check("slug", parsed)
            }
        };
        let description = {
            let cleaned = clean_text(r.raw("description"), MAX_DESCRIPTION_CHARS, true);
            r.check("description", cleaned).unwrap_or_default()
        };
        let category = r.raw("category").to_string();
        if category.is_empty() {
            r.error("category", "Choose the category buyers will find this product in.");
        }
        let unit = {
            let parsed = Unit::from_str(r.raw("unit"));
            r.check("unit", parsed).unwrap_or(Unit::Piece)
        };
        let origin = {
            let parsed = Country::parse(r.raw("origin"));
            r.check("origin", parsed)
        };
        let currency = {
            let parsed = r.raw("currency").parse::<Currency>();
            r.check("currency", parsed).unwrap_or(Currency::Usd)
        };
        let terms = read_terms(&mut r, currency);
        let variants = read_variants(&mut r, currency);
        let specs = read_specs(&mut r);
        let customization =
            Customization::ALL.iter().copied().filter(|c| r.flag(&format!("custom.{}", c.as_str()))).collect();
        let packaging = {
            let cleaned = clean_text(r.raw("packaging"), MAX_PACKAGING_CHARS, true);
            r.check("packaging", cleaned).unwrap_or_default()
        };
        let shipping = Shipping {
            weight_grams: r.measure("weight_kg", 3),
            length_mm: r.measure("length_cm", 1),
            width_mm: r.measure("width_cm", 1),
            height_mm: r.measure("height_cm", 1),
        };
        match origin {
            Some(origin) => r.finish(Self {
                title,
                slug,
                description,
                category,
                unit,
                origin,
                terms,
                variants,
                specs,
                customization,
                packaging,
                shipping,
            }),
            None => Err(r.errors.into_vec()),
        }
    }

    /// The form that reads back as this input (the editor's starting values).
    pub fn to_form(&self) -> FormValues {
        let mut form = FormValues::new();
        let mut put = |key: String, value: String| {
            form.insert(key, value);
        };
        put("title".into(), self.title.clone());
        put("slug".into(), self.slug.as_ref().map(|s| s.to_string()).unwrap_or_default());
        put("description".into(), self.description.clone());
        put("category".into(), self.category.clone());
        put("unit".into(), self.unit.as_str().into());
        put("origin".into(), self.origin.code().into());
        put("currency".into(), self.terms.currency.code().into());
        put("moq".into(), self.terms.moq.to_string());
        put("increment".into(), self.terms.increment.to_string());
        for (n, tier) in self.terms.tiers.iter().enumerate() {
            put(format!("tiers.{n}.min_quantity"), tier.min_quantity.to_string());
            put(format!("tiers.{n}.price"), tier.unit_price.to_decimal_string());
        }
        for (n, lead) in self.terms.lead_times.iter().enumerate() {
            put(format!("lead_times.{n}.up_to"), lead.up_to.to_string());
            put(format!("lead_times.{n}.days"), lead.days.to_string());
        }
        if let Some(sample) = self.terms.sample {
            put("sample".into(), "true".into());
            put("sample.price".into(), sample.price.to_decimal_string());
            put("sample.max_quantity".into(), sample.max_quantity.to_string());
        }
        for (n, v) in self.variants.iter().enumerate() {
            if let Some(id) = v.id {
                put(format!("variants.{n}.id"), id.to_string());
            }
            put(format!("variants.{n}.sku"), v.sku.to_string());
            put(format!("variants.{n}.name"), v.name.clone());
            put(format!("variants.{n}.price"), v.price.map(|p| p.to_decimal_string()).unwrap_or_default());
            // Existing variants: a stock seen as 0 reads back as the same change.
            put(format!("variants.{n}.stock"), v.stock_change.max(0).to_string());
            if v.id.is_some() {
                put(format!("variants.{n}.stock_seen"), (-v.stock_change).max(0).to_string());
            }
        }
        for (n, (key, value)) in self.specs.iter().enumerate() {
            put(format!("specs.{n}.key"), key.clone());
            put(format!("specs.{n}.value"), value.clone());
        }
        for c in &self.customization {
            put(format!("custom.{}", c.as_str()), "true".into());
        }
        put("packaging".into(), self.packaging.clone());
        let measure = |v: Option<u64>, d| v.map(|v| format_decimal(v, d)).unwrap_or_default();
        put("weight_kg".into(), measure(self.shipping.weight_grams, 3));
        put("length_cm".into(), measure(self.shipping.length_mm, 1));
        put("width_cm".into(), measure(self.shipping.width_mm, 1));
        put("height_cm".into(), measure(self.shipping.height_mm, 1));
        form
    }

    /// The lowest price any buyer can pay per unit (tiers and variant prices), for sorting.
    pub fn price_from(&self) -> Money {
        let tiers = self.terms.tiers.iter().map(|t| t.unit_price);
        let variants = self.variants.iter().filter_map(|v| v.price);
        tiers.chain(variants).min_by_key(|m| m.minor()).unwrap_or(Money::from_minor(0, self.terms.currency))
    }
}

/// Only the trade terms of a form: what the editor's live price preview reads in the browser.
pub fn terms_from_form(form: &FormValues) -> Result<TradeTerms, Vec<FieldError>> {
    let mut r = Reader::new(form);
    let currency = r.raw("currency").parse::<Currency>().unwrap_or(Currency::Usd);
    let terms = read_terms(&mut r, currency);
    r.finish(terms)
}

/// Reads and validates the terms. Blank rows may sit between filled ones, so the rules' errors
/// (which number tiers by position) are put back on the row the supplier filled in.
fn read_terms(r: &mut Reader, currency: Currency) -> TradeTerms {
    let moq = r.required_count("moq", 1, MAX_QUANTITY);
    let increment = r.count("increment", 1, MAX_QUANTITY).unwrap_or(1);
    let mut tiers = Vec::new();
    for n in 0..r.rows("tiers") {
        let (qty_key, price_key) = (format!("tiers.{n}.min_quantity"), format!("tiers.{n}.price"));
        if r.raw(&qty_key).is_empty() && r.raw(&price_key).is_empty() {
            continue;
        }
        // Errors keep the row's own number, so they sit beside the inputs the supplier sees.
        let min_quantity = r.required_count(&qty_key, 1, MAX_QUANTITY);
        let price = r.money(&price_key, currency);
        if r.raw(&price_key).is_empty() {
            r.error(&price_key, "Give the unit price for this tier.");
        }
        tiers.push((n, PriceTier { min_quantity, unit_price: price.unwrap_or(Money::from_minor(1, currency)) }));
    }
    if tiers.len() > MAX_TIERS {
        r.error("tiers", format!("Use at most {MAX_TIERS} price tiers."));
    }
    let (tier_rows, tiers): (Vec<usize>, Vec<PriceTier>) = tiers.into_iter().unzip();
    let mut lead_times = Vec::new();
    let mut lead_rows = Vec::new();
    for n in 0..r.rows("lead_times") {
        let (up_key, days_key) = (format!("lead_times.{n}.up_to"), format!("lead_times.{n}.days"));
        if r.raw(&up_key).is_empty() && r.raw(&days_key).is_empty() {
            continue;
        }
        let up_to = r.required_count(&up_key, 1, MAX_QUANTITY);
        let days = r.required_count(&days_key, 1, 365) as u32;
        lead_times.push(LeadTime { up_to, days });
        lead_rows.push(n);
    }
    if lead_times.len() > MAX_LEAD_TIMES {
        r.error("lead_times", format!("Use at most {MAX_LEAD_TIMES} lead times."));
    }
    let sample = if r.flag("sample") {
        let price = r.money("sample.price", currency).unwrap_or(Money::from_minor(0, currency));
        let max_quantity = r.count("sample.max_quantity", 1, MAX_QUANTITY).unwrap_or(1);
        Some(Sample { price, max_quantity })
    } else {
        None
    };
    let terms = TradeTerms { currency, tiers, moq, increment, lead_times, sample };
    if let Err(errors) = terms.validate() {
        for e in errors {
            let field =
                renumber(&e.field, "tiers.", &tier_rows).or_else(|| renumber(&e.field, "lead_times.", &lead_rows));
            r.error(&field.unwrap_or(e.field), e.message);
        }
    }
    terms
}

/// `tiers.1.price` → `tiers.3.price` when the second filled tier is form row 3.
fn renumber(field: &str, prefix: &str, rows: &[usize]) -> Option<String> {
    let (position, rest) = field.strip_prefix(prefix)?.split_once('.')?;
    let row = rows.get(position.parse::<usize>().ok()?)?;
    Some(format!("{prefix}{row}.{rest}"))
}

fn read_variants(r: &mut Reader, currency: Currency) -> Vec<VariantInput> {
    let mut variants: Vec<VariantInput> = Vec::new();
    for n in 0..r.rows("variants") {
        let key = |field: &str| format!("variants.{n}.{field}");
        let id = r.raw(&key("id")).parse::<i64>().ok().filter(|id| *id > 0);
        let blank = ["sku", "name", "price", "stock"].iter().all(|f| r.raw(&key(f)).is_empty());
        if r.flag(&key("remove")) || (id.is_none() && blank) {
            continue;
        }
        let sku = {
            let parsed = Sku::parse(r.raw(&key("sku")));
            r.check(&key("sku"), parsed)
        };
        if let Some(sku) = &sku
            && variants.iter().any(|v| &v.sku == sku)
        {
            r.error(&key("sku"), "Another variant of this product already has this SKU.");
        }
        let name = match r.raw(&key("name")) {
            "" => String::new(),
            raw => {
                let cleaned = clean_line(raw, MAX_VARIANT_NAME_CHARS);
                r.check(&key("name"), cleaned).unwrap_or_default()
            }
        };
        let price = r.money(&key("price"), currency);
        if price.is_some_and(|p| p.minor() <= 0) {
            r.error(&key("price"), "Prices must be above zero.");
        }
        // An existing variant's stock changes by the difference between what the supplier
        // typed and what the page showed, so units sold meanwhile are not put back.
        let typed = r.count(&key("stock"), 0, MAX_STOCK);
        let stock_change = match (id, typed) {
            (_, None) => 0,
            (None, Some(stock)) => stock as i64,
            (Some(_), Some(stock)) => stock as i64 - r.count(&key("stock_seen"), 0, MAX_STOCK).unwrap_or(0) as i64,
        };
        if let Some(sku) = sku {
            variants.push(VariantInput { id, sku, name, price, stock_change });
        }
    }
    if variants.is_empty() && !r.errors.has_under("variants.") {
        r.error("variants.0.sku", "Give the product at least one SKU.");
    }
    if variants.len() > MAX_VARIANTS {
        r.error("variants", format!("Use at most {MAX_VARIANTS} variants."));
    }
    variants
}

fn read_specs(r: &mut Reader) -> Vec<(String, String)> {
    let mut specs: Vec<(String, String)> = Vec::new();
    for n in 0..r.rows("specs") {
        let (key_field, value_field) = (format!("specs.{n}.key"), format!("specs.{n}.value"));
        let (key, value) = (r.raw(&key_field).to_string(), r.raw(&value_field).to_string());
        if key.is_empty() && value.is_empty() {
            continue;
        }
        let key = r.check(&key_field, clean_line(&key, MAX_SPEC_KEY_CHARS));
        let value = r.check(&value_field, clean_line(&value, MAX_SPEC_VALUE_CHARS));
        if let (Some(key), Some(value)) = (key, value) {
            if specs.iter().any(|(k, _)| k.eq_ignore_ascii_case(&key)) {
                r.error(&key_field, "This specification is listed twice.");
            }
            specs.push((key, value));
        }
    }
    if specs.len() > MAX_SPECS {
        r.error("specs", format!("Use at most {MAX_SPECS} specifications."));
    }
    specs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::form::form;

    fn valid() -> FormValues {
        form(&[
            ("title", "  Organic cotton   T-shirt "),
            ("description", "Soft **ring-spun** cotton."),
            ("category", "mens-shirts"),
            ("unit", "piece"),
            ("origin", "cn"),
            ("currency", "USD"),
            ("moq", "100"),
            ("increment", "50"),
            ("tiers.0.min_quantity", "100"),
            ("tiers.0.price", "4.20"),
            ("tiers.1.min_quantity", ""),
            ("tiers.1.price", ""),
            ("tiers.2.min_quantity", "1,000"),
            ("tiers.2.price", "3.80"),
            ("lead_times.0.up_to", "1000"),
            ("lead_times.0.days", "15"),
            ("sample", "true"),
            ("sample.price", "12"),
            ("sample.max_quantity", "3"),
            ("variants.0.sku", "tee-navy-m"),
            ("variants.0.name", "Navy / M"),
            ("variants.0.stock", "500"),
            ("variants.1.sku", "TEE-NAVY-L"),
            ("variants.1.price", "4.50"),
            ("variants.2.sku", ""),
            ("specs.0.key", "Material"),
            ("specs.0.value", "100% cotton"),
            ("custom.oem", "true"),
            ("weight_kg", "0.18"),
            ("length_cm", "30"),
        ])
    }

    #[test]
    fn a_complete_form_reads_into_a_listing() {
        let input = ProductInput::from_form(&valid()).unwrap();
        assert_eq!(input.title, "Organic cotton T-shirt");
        assert_eq!(input.origin.code(), "CN");
        assert_eq!(input.terms.tiers.len(), 2, "the blank tier row is skipped");
        assert_eq!(input.terms.tiers[1].min_quantity, 1000);
        assert_eq!(input.terms.tiers[1].unit_price.minor(), 380);
        assert_eq!(input.variants.len(), 2);
        assert_eq!(input.variants[0].sku.as_str(), "TEE-NAVY-M");
        assert_eq!(input.variants[0].stock_change, 500);
        assert_eq!(input.variants[1].price.map(|p| p.minor()), Some(450));
        assert_eq!(input.customization, [Customization::Oem]);
        assert_eq!(input.shipping.weight_grams, Some(180));
        assert_eq!(input.shipping.length_mm, Some(300));
        assert_eq!(input.price_from().minor(), 380);
    }

    #[test]
    fn to_form_reads_back_to_the_same_listing() {
        let input = ProductInput::from_form(&valid()).unwrap();
        assert_eq!(ProductInput::from_form(&input.to_form()).unwrap(), input);
    }

    #[test]
    fn every_problem_is_reported_against_its_field() {
        let mut f = valid();
        for (k, v) in [
            ("title", "ab"),
            ("category", ""),
            ("origin", "XX"),
            ("moq", "0"),
            ("tiers.2.price", "-1"),
            ("variants.1.sku", "TEE NAVY M"),
            ("specs.1.key", "Material"),
            ("specs.1.value", "again"),
            ("weight_kg", "1.2345"),
        ] {
            f.insert(k.into(), v.into());
        }
        let fields: Vec<String> = ProductInput::from_form(&f).unwrap_err().into_iter().map(|e| e.field).collect();
        for expected in
            ["title", "category", "origin", "moq", "variants.1.sku", "specs.1.key", "weight_kg", "tiers.2.price"]
        {
            assert!(fields.iter().any(|f| f == expected), "{expected} missing from {fields:?}");
        }
    }

    #[test]
    fn skus_are_unique_within_the_product_and_at_least_one_is_given() {
        let mut f = valid();
        f.insert("variants.1.sku".into(), "tee-navy-m".into());
        let errors = ProductInput::from_form(&f).unwrap_err();
        assert_eq!(errors[0].field, "variants.1.sku");
        let mut f = valid();
        f.retain(|k, _| !k.starts_with("variants."));
        assert_eq!(ProductInput::from_form(&f).unwrap_err()[0].field, "variants.0.sku");
    }

    #[test]
    fn existing_variants_take_stock_changes_and_can_be_removed() {
        let mut f = valid();
        f.insert("variants.0.id".into(), "7".into());
        f.insert("variants.0.stock".into(), "480".into());
        f.insert("variants.0.stock_seen".into(), "500".into());
        f.insert("variants.1.id".into(), "8".into());
        f.insert("variants.1.remove".into(), "true".into());
        let input = ProductInput::from_form(&f).unwrap();
        assert_eq!(input.variants.len(), 1);
        assert_eq!((input.variants[0].id, input.variants[0].stock_change), (Some(7), -20));
        assert_eq!(ProductInput::from_form(&input.to_form()).unwrap(), input);
    }

    #[test]
    fn terms_alone_read_for_the_live_preview() {
        let terms = terms_from_form(&valid()).unwrap();
        assert_eq!(terms.unit_price(1000).map(|m| m.minor()), Ok(380));
        let mut f = valid();
        f.insert("moq".into(), "abc".into());
        assert_eq!(terms_from_form(&f).unwrap_err()[0].field, "moq");
    }
}
