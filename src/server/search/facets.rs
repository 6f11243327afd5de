//! Facet counts as the page shows them, from the facet query's rows: categories below the
//! chosen one, countries, currencies and price limits, MOQ and lead-time limits, verified,
//! samples and customisation.

use super::plan::price_series;
use crate::domain::money::group_thousands;
use crate::domain::product::Customization;
use crate::domain::search::{LEAD_LIMITS, MOQ_LIMITS, ProductSearch};
use crate::domain::{Currency, Money};
use crate::model::search::{FacetCount, Facets};
use crate::model::session::CategoryLink;
use crate::server::catalog::Taxonomy;
use crate::server::market::country_name;
use std::collections::HashMap;

/// A row of the facet query: how many results have `k` for `facet`.
#[derive(sqlx::FromRow)]
pub(super) struct FacetRow {
    pub facet: String,
    pub k: String,
    pub n: i64,
}

/// Facet counts from the facet query's rows.
pub(super) fn facets(search: &ProductSearch, taxonomy: &Taxonomy, rows: &[FacetRow]) -> Facets {
    let of =
        |facet: &'static str| rows.iter().filter(move |r| r.facet == facet).map(|r| (r.k.as_str(), r.n.max(0) as u64));
    let count = |facet: &'static str, key: &str| of(facet).filter(|(k, _)| *k == key).map(|(_, n)| n).sum::<u64>();

    let chosen = taxonomy.by_slug(&search.category);
    let category_trail = chosen.map_or_else(Vec::new, |c| {
        taxonomy.trail(c.id).into_iter().map(|c| CategoryLink { slug: c.slug.clone(), name: c.name.clone() }).collect()
    });
    let mut per_child: HashMap<i64, u64> = HashMap::new();
    for (key, n) in of("category") {
        let child = key.parse().ok().and_then(|id| taxonomy.ancestor_under(id, chosen.map(|c| c.id)));
        if let Some(child) = child {
            *per_child.entry(child.id).or_default() += n;
        }
    }
    let categories = taxonomy
        .rows()
        .iter()
        .filter(|c| per_child.contains_key(&c.id))
        .map(|c| FacetCount { value: c.slug.clone(), label: c.name.clone(), count: per_child[&c.id] })
        .collect();

    let mut countries: Vec<FacetCount<String>> = of("country")
        .map(|(code, n)| FacetCount { value: code.to_string(), label: country_name(code), count: n })
        .collect();
    countries.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));

    // Price rows are "CUR:bucket"; the currency facet is their sum per currency.
    let mut by_currency: HashMap<String, Vec<(usize, u64)>> = HashMap::new();
    for (key, n) in of("price") {
        if let Some((currency, bucket)) = key.split_once(':') {
            let bucket = bucket.parse::<i64>().ok().and_then(|b| usize::try_from(b).ok()).unwrap_or(usize::MAX);
            by_currency.entry(currency.to_string()).or_default().push((bucket, n));
        }
    }
    let mut currencies: Vec<FacetCount<String>> = by_currency
        .iter()
        .map(|(code, buckets)| FacetCount {
            value: code.clone(),
            label: code.clone(),
            count: buckets.iter().map(|b| b.1).sum(),
        })
        .collect();
    currencies.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    let price_currency = search.currency.or_else(|| currencies.first().and_then(|c| c.value.parse().ok()));
    let price_limits = price_currency
        .map(|currency| price_limits(currency, by_currency.get(currency.code()).map_or(&[][..], Vec::as_slice)))
        .unwrap_or_default();

    let cumulative = |facet: &'static str, limits: usize| -> Vec<u64> {
        (0..limits)
            .map(|i| of(facet).filter_map(|(k, n)| k.parse::<usize>().ok().filter(|b| *b <= i).map(|_| n)).sum())
            .collect()
    };
    let moq_limits = MOQ_LIMITS
        .iter()
        .zip(cumulative("moq", MOQ_LIMITS.len()))
        .filter(|(_, n)| *n > 0)
        .map(|(limit, count)| FacetCount { value: *limit, label: moq_label(*limit), count })
        .collect();
    let lead_limits = LEAD_LIMITS
        .iter()
        .zip(cumulative("lead", LEAD_LIMITS.len()))
        .filter(|(_, n)| *n > 0)
        .map(|(days, count)| FacetCount { value: *days, label: format!("Ships within {days} days"), count })
        .collect();
    let custom = Customization::ALL
        .iter()
        .map(|c| FacetCount {
            value: *c,
            label: c.label().to_string(),
            count: of("custom").filter(|(k, _)| k.split(' ').any(|w| w == c.as_str())).map(|(_, n)| n).sum(),
        })
        .filter(|f| f.count > 0)
        .collect();
    Facets {
        category_trail,
        categories,
        countries,
        currencies,
        price_limits,
        price_currency,
        moq_limits,
        lead_limits,
        verified: count("verified", "1"),
        sample: count("sample", "1"),
        custom,
    }
}

fn moq_label(limit: u64) -> String {
    if limit == 1 { "No minimum".to_string() } else { format!("MOQ {} or less", group_thousands(&limit.to_string())) }
}

/// Up to five "at most" price limits that each leave some but not all of the currency's
/// results, spread across its range.
fn price_limits(currency: Currency, buckets: &[(usize, u64)]) -> Vec<FacetCount<i64>> {
    let series = price_series();
    let total: u64 = buckets.iter().map(|b| b.1).sum();
    let useful: Vec<(i64, u64)> = series
        .iter()
        .enumerate()
        .map(|(i, limit)| (*limit, buckets.iter().filter(|(b, _)| *b <= i).map(|(_, n)| n).sum::<u64>()))
        .filter(|(_, n)| *n > 0 && *n < total)
        .collect();
    let picks = useful.len().min(5);
    let mut chosen: Vec<(i64, u64)> = (0..picks).map(|i| useful[i * useful.len() / picks.max(1)]).collect();
    chosen.dedup_by_key(|c| c.1);
    chosen
        .into_iter()
        .map(|(limit, count)| FacetCount {
            value: limit,
            label: format!("Up to {}", Money::from_minor(limit, currency)),
            count,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_limits_divide_the_results() {
        // 10 products at up to 1.00, 10 up to 5.00, 5 up to 20.00 (buckets of the 1-2-5 series).
        let series = price_series();
        let at = |minor: i64| series.iter().position(|l| *l == minor).unwrap();
        let limits = price_limits(Currency::Usd, &[(at(100), 10), (at(500), 10), (at(2000), 5)]);
        let shown: Vec<(String, u64)> = limits.iter().map(|l| (l.label.clone(), l.count)).collect();
        assert_eq!(shown, [("Up to USD 1.00".to_string(), 10), ("Up to USD 5.00".to_string(), 20)]);
        assert!(price_limits(Currency::Usd, &[]).is_empty());
    }
}
