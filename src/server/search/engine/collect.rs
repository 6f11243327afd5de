//! One pass over the matching documents that does what the database path's two queries do:
//! counts every facet under all the other filters but its own, counts the results, and keeps
//! the best-placed ones for the page, all from the fast fields.

use super::schema::{code_number, column, custom_bits, number_code, stable_hash};
use crate::domain::Currency;
use crate::domain::product::Customization;
use crate::domain::search::{LEAD_LIMITS, MOQ_LIMITS, PAGE_SIZE, ProductSearch, SearchSort};
use crate::server::search::facets::FacetRow;
use crate::server::search::plan::price_series;
use std::collections::{BinaryHeap, HashMap};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

// A result fails these filters: one bit each.
const QUANTITY: u16 = 1;
const PRICE: u16 = 1 << 1;
const MOQ: u16 = 1 << 2;
const LEAD: u16 = 1 << 3;
const COUNTRY: u16 = 1 << 4;
const VERIFIED: u16 = 1 << 5;
const SAMPLE: u16 = 1 << 6;
const CUSTOM: u16 = 1 << 7;

/// A search's filters and order, in the index's numbers.
#[derive(Clone, Copy)]
pub(super) struct Tally {
    quantity: Option<u64>,
    price: Option<(u64, i64)>,
    moq_max: Option<u64>,
    lead_max: Option<i64>,
    country: Option<u64>,
    verified: bool,
    sample: bool,
    custom: Option<u64>,
    sort: SearchSort,
    text: bool,
    exact: u64,
    /// How many of the best-placed results to keep.
    keep: usize,
}

impl Tally {
    pub fn new(search: &ProductSearch, text: bool) -> Tally {
        Tally {
            quantity: search.quantity,
            price: search.currency.zip(search.price_max).map(|(c, max)| (code_number(c.code()), max)),
            moq_max: search.moq_max,
            lead_max: search.lead_max.map(i64::from),
            country: search.country.map(|c| code_number(c.code())),
            verified: search.verified,
            sample: search.sample,
            custom: search.custom.map(|c| custom_bits(c.as_str())),
            sort: search.sort,
            text,
            exact: stable_hash(&search.q.to_lowercase()),
            keep: (search.page.max(1) * PAGE_SIZE) as usize,
        }
    }

    fn scored(&self) -> bool {
        self.text && matches!(self.sort, SearchSort::Relevance | SearchSort::Rating)
    }
}

/// A result's place: lower keys come first, then the lower tie-break (the id, or the id
/// negated for newest first).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Placed {
    key: [i64; 3],
    tie: i64,
    id: i64,
}

/// What a search counted and kept.
#[derive(Default)]
pub(in crate::server::search) struct Counts {
    pub total: u64,
    categories: HashMap<u64, u64>,
    countries: HashMap<u64, u64>,
    verified: u64,
    sample: u64,
    custom: HashMap<u64, u64>,
    moq: HashMap<i64, u64>,
    lead: HashMap<i64, u64>,
    price: HashMap<(u64, i64), u64>,
    /// The best-placed results per group (per currency for a price order, else one group).
    best: HashMap<u64, BinaryHeap<Placed>>,
}

impl Counts {
    fn merge(&mut self, other: Counts, keep: usize) {
        fn add<K: std::hash::Hash + Eq>(into: &mut HashMap<K, u64>, from: HashMap<K, u64>) {
            for (k, n) in from {
                *into.entry(k).or_default() += n;
            }
        }
        self.total += other.total;
        add(&mut self.categories, other.categories);
        add(&mut self.countries, other.countries);
        self.verified += other.verified;
        self.sample += other.sample;
        add(&mut self.custom, other.custom);
        add(&mut self.moq, other.moq);
        add(&mut self.lead, other.lead);
        add(&mut self.price, other.price);
        for (group, heap) in other.best {
            let into = self.best.entry(group).or_default();
            for placed in heap {
                keep_best(into, placed, keep);
            }
        }
    }

    /// The counts as the facet query's rows.
    pub(in crate::server::search) fn rows(&self) -> Vec<FacetRow> {
        let row = |facet: &str, k: String, n: u64| FacetRow { facet: facet.to_string(), k, n: n as i64 };
        let mut rows: Vec<FacetRow> = Vec::new();
        rows.extend(self.categories.iter().map(|(id, n)| row("category", id.to_string(), *n)));
        rows.extend(self.countries.iter().map(|(c, n)| row("country", number_code(*c), *n)));
        rows.push(row("verified", "1".into(), self.verified));
        rows.push(row("sample", "1".into(), self.sample));
        rows.extend(self.custom.iter().map(|(bits, n)| row("custom", custom_names(*bits), *n)));
        rows.extend(self.moq.iter().map(|(b, n)| row("moq", b.to_string(), *n)));
        rows.extend(self.lead.iter().map(|(b, n)| row("lead", b.to_string(), *n)));
        rows.extend(self.price.iter().map(|((c, b), n)| row("price", format!("{}:{b}", number_code(*c)), *n)));
        rows
    }

    /// The ids of page `page`, in order; for a price order, results in `main` come first,
    /// then the other currencies in code order. Past the last page, the last page.
    pub(in crate::server::search) fn page(&self, page: u32, main: Option<Currency>) -> Vec<i64> {
        let main = main.map(|c| code_number(c.code()));
        let mut groups: Vec<(&u64, &BinaryHeap<Placed>)> = self.best.iter().collect();
        groups.sort_by_key(|(group, _)| (Some(**group) != main, number_code(**group)));
        let ordered: Vec<i64> = groups
            .into_iter()
            .flat_map(|(_, heap)| {
                let mut placed: Vec<Placed> = heap.iter().copied().collect();
                placed.sort_unstable();
                placed
            })
            .map(|p| p.id)
            .collect();
        let size = PAGE_SIZE as usize;
        let last = ordered.len().saturating_sub(1) / size;
        let start = (page.max(1) as usize - 1).min(last) * size;
        ordered.into_iter().skip(start).take(size).collect()
    }
}

fn keep_best(heap: &mut BinaryHeap<Placed>, placed: Placed, keep: usize) {
    if heap.len() < keep {
        heap.push(placed);
    } else if heap.peek().is_some_and(|worst| placed < *worst) {
        heap.pop();
        heap.push(placed);
    }
}

fn custom_names(bits: u64) -> String {
    Customization::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, c)| c.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Index `i` of the first limit `value` is within, `limits.len()` above them all.
fn bucket(value: i64, limits: &[i64]) -> i64 {
    limits.iter().position(|l| value <= *l).unwrap_or(limits.len()) as i64
}

impl Collector for Tally {
    type Fruit = Counts;
    type Child = SegmentTally;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentTally> {
        let ff = segment.fast_fields();
        Ok(SegmentTally {
            filters: *self,
            columns: Columns {
                id: ff.u64(column::ID)?,
                category: ff.u64(column::CATEGORY)?,
                country: ff.u64(column::COUNTRY)?,
                verified: ff.u64(column::VERIFIED)?,
                currency: ff.u64(column::CURRENCY)?,
                price_from: ff.i64(column::PRICE_FROM)?,
                moq: ff.u64(column::MOQ)?,
                lead: ff.i64(column::LEAD)?,
                sample: ff.u64(column::SAMPLE)?,
                custom: ff.u64(column::CUSTOM)?,
                published: ff.i64(column::PUBLISHED)?,
                rating: ff.i64(column::RATING)?,
                title_hash: ff.u64(column::TITLE_HASH)?,
                tier_min: ff.u64(column::TIER_MIN)?,
                tier_price: ff.i64(column::TIER_PRICE)?,
                lead_up_to: ff.u64(column::LEAD_UP_TO)?,
                lead_days: ff.i64(column::LEAD_DAYS)?,
            },
            limits: Limits::new(),
            counts: Counts::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scored()
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::default();
        for fruit in fruits {
            all.merge(fruit, self.keep);
        }
        Ok(all)
    }
}

struct Columns {
    id: Column<u64>,
    category: Column<u64>,
    country: Column<u64>,
    verified: Column<u64>,
    currency: Column<u64>,
    price_from: Column<i64>,
    moq: Column<u64>,
    lead: Column<i64>,
    sample: Column<u64>,
    custom: Column<u64>,
    published: Column<i64>,
    rating: Column<i64>,
    title_hash: Column<u64>,
    tier_min: Column<u64>,
    tier_price: Column<i64>,
    lead_up_to: Column<u64>,
    lead_days: Column<i64>,
}

/// The facets' limits as numbers.
struct Limits {
    moq: Vec<i64>,
    lead: Vec<i64>,
    price: Vec<i64>,
}

impl Limits {
    fn new() -> Limits {
        Limits {
            moq: MOQ_LIMITS.iter().map(|m| *m as i64).collect(),
            lead: LEAD_LIMITS.iter().map(|d| i64::from(*d)).collect(),
            price: price_series(),
        }
    }
}

pub(super) struct SegmentTally {
    filters: Tally,
    columns: Columns,
    limits: Limits,
    counts: Counts,
}

impl SegmentTally {
    /// The unit price at the buyer's quantity: the tier with the highest minimum within it.
    fn price_at(&self, doc: DocId, quantity: u64) -> Option<i64> {
        let c = &self.columns;
        c.tier_min
            .values_for_doc(doc)
            .zip(c.tier_price.values_for_doc(doc))
            .filter(|(min, _)| *min <= quantity)
            .max_by_key(|(min, _)| *min)
            .map(|(_, price)| price)
    }

    /// Days to ship the buyer's quantity: the lead time with the lowest limit that covers it.
    fn lead_at(&self, doc: DocId, quantity: u64) -> Option<i64> {
        let c = &self.columns;
        c.lead_up_to
            .values_for_doc(doc)
            .zip(c.lead_days.values_for_doc(doc))
            .filter(|(up_to, _)| *up_to >= quantity)
            .min_by_key(|(up_to, _)| *up_to)
            .map(|(_, days)| days)
    }
}

impl SegmentCollector for SegmentTally {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, score: Score) {
        let f = &self.filters;
        let c = &self.columns;
        let get = |column: &Column<u64>| column.first(doc).unwrap_or_default();
        let moq = get(&c.moq);
        let currency = get(&c.currency);
        let country = get(&c.country);
        let verified = get(&c.verified) == 1;
        let sample = get(&c.sample) == 1;
        let custom = get(&c.custom);
        let (price, lead) = match f.quantity {
            Some(q) => (self.price_at(doc, q), self.lead_at(doc, q)),
            None => (c.price_from.first(doc), c.lead.first(doc)),
        };

        let mut failed = 0u16;
        let mut fail = |filter: u16, passes: bool| {
            if !passes {
                failed |= filter;
            }
        };
        if let Some(q) = f.quantity {
            fail(QUANTITY, moq <= q);
        }
        if let Some((in_currency, max)) = f.price {
            fail(PRICE, currency == in_currency && price.is_some_and(|p| p <= max));
        }
        if let Some(max) = f.moq_max {
            fail(MOQ, moq <= max);
        }
        if let Some(max) = f.lead_max {
            fail(LEAD, lead.is_some_and(|d| d <= max));
        }
        if let Some(wanted) = f.country {
            fail(COUNTRY, country == wanted);
        }
        if f.verified {
            fail(VERIFIED, verified);
        }
        if f.sample {
            fail(SAMPLE, sample);
        }
        if let Some(bit) = f.custom {
            fail(CUSTOM, custom & bit != 0);
        }

        // Each facet is counted where every other filter passes.
        let but = |filter: u16| failed & !filter == 0;
        let counts = &mut self.counts;
        if but(COUNTRY) {
            *counts.countries.entry(country).or_default() += 1;
        }
        if but(VERIFIED) && verified {
            counts.verified += 1;
        }
        if but(SAMPLE) && sample {
            counts.sample += 1;
        }
        if but(CUSTOM) {
            *counts.custom.entry(custom).or_default() += 1;
        }
        if but(MOQ) {
            *counts.moq.entry(bucket(moq as i64, &self.limits.moq)).or_default() += 1;
        }
        if but(LEAD) {
            *counts.lead.entry(lead.map_or(-1, |d| bucket(d, &self.limits.lead))).or_default() += 1;
        }
        if but(PRICE) {
            let b = price.map_or(-1, |p| bucket(p, &self.limits.price));
            *counts.price.entry((currency, b)).or_default() += 1;
        }
        if failed != 0 {
            return;
        }
        counts.total += 1;
        *counts.categories.entry(get(&c.category)).or_default() += 1;

        let id = get(&c.id) as i64;
        let exact = i64::from(get(&c.title_hash) != f.exact);
        // Scores in millionths, best first.
        let rank = -((score as f64) * 1e6) as i64;
        let newest = -c.published.first(doc).unwrap_or_default();
        let rating = -c.rating.first(doc).unwrap_or(-1);
        let price_key = price.unwrap_or(i64::MAX);
        let (group, key, tie) = match f.sort {
            SearchSort::Relevance if f.text => (0, [exact, rank, 0], id),
            SearchSort::Relevance | SearchSort::Newest => (0, [newest, 0, 0], -id),
            SearchSort::PriceLow => (currency, [price_key, 0, 0], id),
            SearchSort::PriceHigh => (currency, [price.map_or(i64::MAX, |p| -p), 0, 0], id),
            SearchSort::Moq => (0, [moq as i64, c.price_from.first(doc).unwrap_or_default(), 0], id),
            SearchSort::Rating if f.text => (0, [rating, exact, rank], id),
            SearchSort::Rating => (0, [rating, newest, 0], -id),
        };
        let keep = f.keep;
        keep_best(counts.best.entry(group).or_default(), Placed { key, tie, id }, keep);
    }

    fn harvest(self) -> Counts {
        self.counts
    }
}
