//! Buyers' product search over published products, native to each backend behind this one
//! interface: SQLite FTS5 ranked by BM25, PostgreSQL `tsvector` with a GIN index ranked by
//! `ts_rank_cd`, and for misspellings the FTS5 vocabulary or a trigram index over the indexed
//! words. Triggers (migration 0010) keep the index in step with every product write.
//!
//! A search is two queries. The facet query evaluates the matching products once (a
//! materialized CTE) and counts every facet from it, each facet counted under all the other
//! filters but not its own, so a buyer sees what each choice would leave. The page query
//! orders and cuts the filtered set to one page of ids; only those are then read in full.
//!
//! Only the text's match expression and the lower-cased query are bound as parameters. All
//! other values in the SQL are typed values from `ProductSearch` (integers, currency and
//! country codes, fixed choices) or ids read from the database, so they are written inline.

use super::catalog::{Taxonomy, main_images};
use super::db::{Backend, Db};
use super::market::country_name;
use crate::domain::money::group_thousands;
use crate::domain::product::{Customization, Unit, market_href};
use crate::domain::search::{
    Filter, LEAD_LIMITS, MOQ_LIMITS, PAGE_SIZE, ProductSearch, SearchSort, clip_query, terms, typo_budget,
};
use crate::domain::{Currency, Money};
use crate::error::AppError;
use crate::model::search::{FacetCount, Facets, SearchHit, SearchResults, Suggestion};
use crate::model::session::CategoryLink;
use std::collections::HashMap;

/// SQLite's relevance: BM25 weighing title 10, category 4, supplier 3, specifications 2,
/// description 1 (lower is better).
const SQLITE_RANK: &str = "bm25(product_fts, 10.0, 4.0, 3.0, 2.0, 1.0)";

/// Unit-price limits in minor units, 1-2-5 steps: the price facet picks the few that divide
/// the results well, in whatever currency.
fn price_series() -> Vec<i64> {
    (0..12).flat_map(|power| [1, 2, 5].map(|m| m * 10_i64.pow(power))).collect()
}

/// A search made ready to run: its category resolved, its text as a match expression.
struct Plan<'a> {
    search: &'a ProductSearch,
    backend: Backend,
    /// The category and all under it; `None` for any category.
    categories: Option<Vec<i64>>,
    /// The full-text match expression, in the backend's syntax; `None` without text.
    text: Option<String>,
    /// The query lower-cased, to rank an exact title match first.
    exact: String,
}

impl<'a> Plan<'a> {
    fn new(search: &'a ProductSearch, backend: Backend, taxonomy: &Taxonomy) -> Plan<'a> {
        let categories = (!search.category.is_empty())
            .then(|| taxonomy.by_slug(&search.category).map_or_else(Vec::new, |c| taxonomy.subtree(c.id)));
        Plan {
            search,
            backend,
            categories,
            text: match_expression(backend, &search.terms()),
            exact: search.q.to_lowercase(),
        }
    }

    /// The bound values: the match expression, and for ranking the lower-cased query.
    fn args(&self, ranked: bool) -> Vec<&str> {
        match (&self.text, ranked) {
            (None, _) => Vec::new(),
            (Some(text), false) => vec![text.as_str()],
            (Some(text), true) => vec![text.as_str(), self.exact.as_str()],
        }
    }

    /// The unit price of a row: at the buyer's quantity, or the lowest ("from") price.
    fn price_expr(&self) -> String {
        match self.search.quantity {
            Some(q) => format!(
                "(SELECT t.unit_price FROM product_tiers t WHERE t.product_id = s.product_id AND t.min_quantity <= {q} \
                 ORDER BY t.min_quantity DESC LIMIT 1)"
            ),
            None => "s.price_from".to_string(),
        }
    }

    /// Days to ship at the buyer's quantity (or the MOQ); NULL where it is negotiable.
    fn lead_expr(&self) -> String {
        match self.search.quantity {
            Some(q) => format!(
                "(SELECT l.days FROM product_lead_times l WHERE l.product_id = s.product_id AND l.up_to >= {q} \
                 ORDER BY l.up_to LIMIT 1)"
            ),
            None => "s.lead_days".to_string(),
        }
    }

    /// The published products that match the text and the category, with what the filters,
    /// the facets and the sorts read, as columns of `x`; with `ranked`, their relevance too.
    fn matching(&self, ranked: bool) -> String {
        // SQLite's planner is told to start from the full-text matches (CROSS JOIN), not to
        // run the full-text query once per product.
        let (from, text, rank) = match (&self.text, self.backend) {
            (None, _) => ("search_facts s".to_string(), String::new(), "0".to_string()),
            (Some(_), Backend::Sqlite) => (
                "product_fts f CROSS JOIN search_facts s".to_string(),
                " AND s.product_id = f.rowid AND product_fts MATCH $1".to_string(),
                SQLITE_RANK.to_string(),
            ),
            (Some(_), Backend::Postgres) => (
                "product_search ps JOIN search_facts s ON s.product_id = ps.product_id \
                 CROSS JOIN to_tsquery('simple', $1) tq"
                    .to_string(),
                " AND ps.document @@ tq".to_string(),
                "-ts_rank_cd(ps.document, tq)".to_string(),
            ),
        };
        let mut ranking = match (ranked, self.text.is_some()) {
            (false, _) => String::new(),
            (true, true) => format!(", {rank} AS rank, CASE WHEN s.title = $2 THEN 0 ELSE 1 END AS exact"),
            (true, false) => ", 0 AS rank, 1 AS exact".to_string(),
        };
        if ranked && self.search.sort == SearchSort::Rating {
            // The supplier's average stars in thousandths; -1 before its first review.
            ranking.push_str(
                ", (SELECT CASE WHEN c.review_count > 0 THEN c.review_stars * 1000 / c.review_count ELSE -1 END \
                 FROM companies c WHERE c.id = s.company_id) AS rating",
            );
        }
        let category = self.categories.as_ref().map_or_else(String::new, |ids| {
            let ids = if ids.is_empty() { "0".to_string() } else { join(ids) };
            format!(" AND s.category_id IN ({ids})")
        });
        format!(
            "SELECT s.product_id AS id, s.moq, s.currency, s.price_from, {price} AS price, {lead} AS lead, s.sample, \
             s.customization, s.category_id, s.published_at, s.country, s.verified{ranking} \
             FROM {from} WHERE 1 = 1{text}{category}",
            price = self.price_expr(),
            lead = self.lead_expr(),
        )
    }

    /// The condition a filter puts on `x`, if it is set.
    fn condition(&self, filter: Filter) -> Option<String> {
        let s = self.search;
        match filter {
            Filter::Category => None,
            Filter::Quantity => s.quantity.map(|q| format!("x.moq <= {q}")),
            Filter::Price => {
                s.currency.zip(s.price_max).map(|(c, max)| format!("x.currency = '{}' AND x.price <= {max}", c.code()))
            }
            Filter::Moq => s.moq_max.map(|m| format!("x.moq <= {m}")),
            Filter::Lead => s.lead_max.map(|d| format!("x.lead <= {d}")),
            Filter::Country => s.country.map(|c| format!("x.country = '{}'", c.code())),
            Filter::Verified => s.verified.then(|| "x.verified = 1".to_string()),
            Filter::Sample => s.sample.then(|| "x.sample = 1".to_string()),
            Filter::Custom => s.custom.map(custom_condition),
        }
    }

    /// Every filter's condition but `except`'s, as a WHERE clause body.
    fn conditions_but(&self, except: Option<Filter>) -> String {
        const ALL: [Filter; 8] = [
            Filter::Quantity,
            Filter::Price,
            Filter::Moq,
            Filter::Lead,
            Filter::Country,
            Filter::Verified,
            Filter::Sample,
            Filter::Custom,
        ];
        let parts: Vec<String> =
            ALL.into_iter().filter(|f| Some(*f) != except).filter_map(|f| self.condition(f)).collect();
        if parts.is_empty() { "1 = 1".to_string() } else { parts.join(" AND ") }
    }

    /// One query counting every facet: rows of (facet, key, count).
    fn facet_sql(&self) -> String {
        let all = self.conditions_but(None);
        let bucket = |column: &str, limits: &[i64]| {
            let whens: String =
                limits.iter().enumerate().map(|(i, limit)| format!(" WHEN {column} <= {limit} THEN {i}")).collect();
            format!("CASE WHEN {column} IS NULL THEN -1{whens} ELSE {} END", limits.len())
        };
        let moq_limits: Vec<i64> = MOQ_LIMITS.iter().map(|m| *m as i64).collect();
        let lead_limits: Vec<i64> = LEAD_LIMITS.iter().map(|d| i64::from(*d)).collect();
        let arm = |facet: &str, key: &str, except: Filter| {
            format!(
                "SELECT '{facet}' AS facet, {key} AS k, COUNT(*) AS n FROM x WHERE {} GROUP BY {key}",
                self.conditions_but(Some(except))
            )
        };
        let arms = [
            format!(
                "SELECT 'category' AS facet, CAST(x.category_id AS TEXT) AS k, COUNT(*) AS n FROM x WHERE {all} GROUP BY x.category_id"
            ),
            arm("country", "x.country", Filter::Country),
            arm("verified", "CAST(x.verified AS TEXT)", Filter::Verified),
            arm("sample", "CAST(x.sample AS TEXT)", Filter::Sample),
            arm("custom", "x.customization", Filter::Custom),
            arm("moq", &format!("CAST({} AS TEXT)", bucket("x.moq", &moq_limits)), Filter::Moq),
            arm("lead", &format!("CAST({} AS TEXT)", bucket("x.lead", &lead_limits)), Filter::Lead),
            arm(
                "price",
                &format!("x.currency || ':' || CAST({} AS TEXT)", bucket("x.price", &price_series())),
                Filter::Price,
            ),
        ];
        format!("WITH x AS MATERIALIZED ({}) {}", self.matching(false), arms.join(" UNION ALL "))
    }

    /// The ids of the page's products, in order.
    fn page_sql(&self, price_currency: Option<Currency>) -> String {
        let currency_first = price_currency.map_or_else(String::new, |c| {
            format!("CASE WHEN x.currency = '{}' THEN 0 ELSE 1 END, x.currency, ", c.code())
        });
        let order = match self.search.sort {
            SearchSort::Relevance if self.text.is_some() => "x.exact, x.rank, x.id".to_string(),
            SearchSort::Relevance | SearchSort::Newest => "x.published_at DESC, x.id DESC".to_string(),
            SearchSort::PriceLow => format!("{currency_first}x.price, x.id"),
            SearchSort::PriceHigh => format!("{currency_first}x.price DESC, x.id"),
            SearchSort::Moq => "x.moq, x.price_from, x.id".to_string(),
            SearchSort::Rating if self.text.is_some() => "x.rating DESC, x.exact, x.rank, x.id".to_string(),
            SearchSort::Rating => "x.rating DESC, x.published_at DESC, x.id DESC".to_string(),
        };
        let offset = (self.search.page.max(1) - 1) * PAGE_SIZE;
        format!(
            "SELECT x.id FROM ({}) x WHERE {} ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET {offset}",
            self.matching(true),
            self.conditions_but(None)
        )
    }
}

fn custom_condition(custom: Customization) -> String {
    format!("(' ' || x.customization || ' ') LIKE '% {} %'", custom.as_str())
}

fn join(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// The text's words as a match expression: every word must be found, as a word or the start
/// of one (so "bott" finds "bottles"). The words hold letters and digits only, so nothing a
/// buyer types can be read as query syntax.
fn match_expression(backend: Backend, words: &[String]) -> Option<String> {
    if words.is_empty() {
        return None;
    }
    // A single letter is a whole word ("t" of "t-shirt"): as a prefix it would match a
    // large part of the vocabulary.
    let prefix = |w: &String| w.chars().nth(1).is_some();
    Some(match backend {
        Backend::Sqlite => words
            .iter()
            .map(|w| if prefix(w) { format!("\"{w}\"*") } else { format!("\"{w}\"") })
            .collect::<Vec<_>>()
            .join(" "),
        Backend::Postgres => {
            words.iter().map(|w| if prefix(w) { format!("{w}:*") } else { w.clone() }).collect::<Vec<_>>().join(" & ")
        }
    })
}

/// Runs a search; where nothing matches the text, tries the nearest spelling the index knows.
pub async fn run(db: &Db, search: ProductSearch) -> Result<SearchResults, AppError> {
    let taxonomy = Taxonomy::load(db).await?;
    let results = run_once(db, &taxonomy, search).await?;
    if results.total > 0 || results.search.terms().is_empty() {
        return Ok(results);
    }
    let Some(corrected) = correct(db, &results.search.terms()).await? else {
        return Ok(results);
    };
    let typed = results.search.q.clone();
    let retry = run_once(db, &taxonomy, ProductSearch { q: corrected, ..results.search.clone() }).await?;
    if retry.total == 0 {
        return Ok(results);
    }
    Ok(SearchResults { corrected_from: Some(typed), ..retry })
}

type FacetRow = (String, String, i64);
// id, slug, title, unit, moq, currency, price from, price at quantity, lead days, sample price,
// category id, supplier name, supplier slug, supplier country, verified at
type HitRow = (
    i64,
    String,
    String,
    String,
    i64,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    i64,
    String,
    String,
    String,
    Option<i64>,
);

async fn run_once(db: &Db, taxonomy: &Taxonomy, mut search: ProductSearch) -> Result<SearchResults, AppError> {
    search.q = clip_query(&search.q);
    let plan = Plan::new(&search, db.backend(), taxonomy);
    // The page's ids are asked for beside the facets, on a second connection, unless the
    // page's order needs what the facets find (the main currency, for a price sort).
    let price_sort = matches!(search.sort, SearchSort::PriceLow | SearchSort::PriceHigh);
    let (rows, early_ids) = if price_sort && search.currency.is_none() {
        (facet_rows(db, &plan).await?, None)
    } else {
        let (rows, ids) = tokio::try_join!(facet_rows(db, &plan), page_ids(db, &plan, search.currency))?;
        (rows, Some(ids))
    };
    let facets = facets(&search, taxonomy, &rows);
    let total: u64 = rows.iter().filter(|r| r.0 == "category").map(|r| r.2.max(0) as u64).sum();
    let pages = total.div_ceil(u64::from(PAGE_SIZE)).min(u64::from(crate::domain::search::MAX_PAGE)) as u32;
    let ids = match early_ids {
        Some(ids) if search.page <= pages.max(1) => ids,
        _ => {
            // Past the last page, the last page is shown.
            search.page = search.page.min(pages.max(1));
            page_ids(db, &Plan::new(&search, db.backend(), taxonomy), facets.price_currency).await?
        }
    };
    let plan = Plan::new(&search, db.backend(), taxonomy);
    let hits = hits(db, &plan, taxonomy, &ids).await?;
    Ok(SearchResults { search, hits, total, pages, facets, corrected_from: None })
}

async fn facet_rows(db: &Db, plan: &Plan<'_>) -> Result<Vec<FacetRow>, AppError> {
    let sql = plan.facet_sql();
    Ok(plan.args(false).into_iter().fold(sqlx::query_as(&sql), |q, a| q.bind(a)).fetch_all(db.pool()).await?)
}

async fn page_ids(db: &Db, plan: &Plan<'_>, price_currency: Option<Currency>) -> Result<Vec<i64>, AppError> {
    let sql = plan.page_sql(price_currency);
    let rows: Vec<(i64,)> =
        plan.args(true).into_iter().fold(sqlx::query_as(&sql), |q, a| q.bind(a)).fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// The page's products in full, in the page's order.
async fn hits(db: &Db, plan: &Plan<'_>, taxonomy: &Taxonomy, ids: &[i64]) -> Result<Vec<SearchHit>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let price = if plan.search.quantity.is_some() { plan.price_expr() } else { "NULL".to_string() };
    let rows: Vec<HitRow> = sqlx::query_as(&format!(
        "SELECT p.id, p.slug, p.title, p.unit, p.moq, p.currency, p.price_from, {price}, {lead}, p.sample_price, \
         p.category_id, co.name, co.slug, co.country, co.verified_at \
         FROM search_facts s JOIN products p ON p.id = s.product_id JOIN companies co ON co.id = p.company_id \
         WHERE s.product_id IN ({})",
        join(ids),
        lead = plan.lead_expr(),
    ))
    .fetch_all(db.pool())
    .await?;
    let mut images = main_images(db, ids).await?;
    let mut by_id: HashMap<i64, SearchHit> = HashMap::new();
    for row in rows {
        let (
            id,
            slug,
            title,
            unit,
            moq,
            currency,
            price_from,
            price_at,
            lead,
            sample,
            category,
            supplier,
            supplier_slug,
            country,
            verified,
        ) = row;
        let currency: Currency = currency.parse().map_err(|_| AppError::Internal)?;
        let moq = moq.max(0) as u64;
        let at_quantity = plan.search.quantity.zip(price_at).and_then(|(quantity, unit_price)| {
            let unit_price = Money::from_minor(unit_price, currency);
            Some((unit_price, unit_price.checked_mul(quantity).ok()?))
        });
        by_id.insert(
            id,
            SearchHit {
                product_id: id,
                href: market_href(&slug, id),
                title,
                image: images.remove(&id),
                category: taxonomy.by_id(category).map(|c| c.name.clone()).unwrap_or_default(),
                supplier,
                supplier_href: format!("/s/{supplier_slug}"),
                supplier_country: country_name(&country),
                verified: verified.is_some(),
                unit: unit.parse().unwrap_or(Unit::Piece),
                moq,
                price_from: Money::from_minor(price_from, currency),
                at_quantity,
                lead_days: lead.and_then(|d| u32::try_from(d).ok()),
                sample: sample.is_some(),
            },
        );
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// Facet counts from the facet query's rows.
fn facets(search: &ProductSearch, taxonomy: &Taxonomy, rows: &[FacetRow]) -> Facets {
    let of = |facet: &'static str| rows.iter().filter(move |r| r.0 == facet).map(|r| (r.1.as_str(), r.2.max(0) as u64));
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

/// The nearest spelling the index knows for each word that matches nothing, or `None` when
/// no word needs (or has) a correction.
async fn correct(db: &Db, words: &[String]) -> Result<Option<String>, AppError> {
    let mut changed = false;
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        let budget = typo_budget(word);
        if budget == 0 || is_known_prefix(db, word).await? {
            out.push(word.clone());
            continue;
        }
        let best = candidates(db, word)
            .await?
            .into_iter()
            .filter(|(candidate, _)| candidate.chars().count().abs_diff(word.chars().count()) <= budget)
            .map(|(candidate, weight)| (strsim::osa_distance(word, &candidate), std::cmp::Reverse(weight), candidate))
            .filter(|(distance, _, _)| *distance <= budget)
            .min();
        match best {
            Some((_, _, candidate)) => {
                changed = true;
                out.push(candidate);
            }
            None => out.push(word.clone()),
        }
    }
    Ok(changed.then(|| out.join(" ")))
}

/// Does any indexed word start with `word`?
async fn is_known_prefix(db: &Db, word: &str) -> Result<bool, AppError> {
    let found: Option<(i64,)> = match db.backend() {
        Backend::Sqlite => {
            sqlx::query_as("SELECT rowid FROM product_fts WHERE product_fts MATCH $1 LIMIT 1")
                .bind(format!("\"{word}\"*"))
                .fetch_optional(db.pool())
                .await?
        }
        Backend::Postgres => {
            sqlx::query_as("SELECT 1 FROM search_words WHERE word LIKE $1 LIMIT 1")
                .bind(format!("{word}%"))
                .fetch_optional(db.pool())
                .await?
        }
    };
    Ok(found.is_some())
}

/// Indexed words that may be what `word` meant, with a weight preferring likelier ones.
async fn candidates(db: &Db, word: &str) -> Result<Vec<(String, i64)>, AppError> {
    Ok(match db.backend() {
        // The vocabulary is read by range, words with the same first letter only: reading all
        // of it means walking the whole index. (A wrong first letter is the rarer typo.)
        Backend::Sqlite => {
            let first: String = word.chars().take(1).collect();
            let next = first.chars().next().and_then(|c| char::from_u32(c as u32 + 1)).unwrap_or(char::MAX);
            sqlx::query_as("SELECT term, 0 FROM product_vocab WHERE term >= $1 AND term < $2")
                .bind(first)
                .bind(next.to_string())
                .fetch_all(db.pool())
                .await?
        }
        Backend::Postgres => {
            sqlx::query_as(
                "SELECT word, CAST(similarity(word, $1) * 1000 AS BIGINT) FROM search_words WHERE word % $1 \
             ORDER BY similarity(word, $1) DESC LIMIT 50",
            )
            .bind(word)
            .fetch_all(db.pool())
            .await?
        }
    })
}

/// Suggestions for a search box: categories whose name starts like the text, then products
/// whose title does.
pub async fn suggest(db: &Db, q: &str) -> Result<Vec<Suggestion>, AppError> {
    const LIMIT: usize = 8;
    let words = terms(q);
    if words.concat().chars().count() < 2 {
        return Ok(Vec::new());
    }
    let taxonomy = Taxonomy::load(db).await?;
    let mut out: Vec<Suggestion> = taxonomy
        .rows()
        .iter()
        .filter(|c| {
            let name = c.name.to_lowercase();
            let name_words = terms(&name);
            words.iter().all(|w| name_words.iter().any(|n| n.starts_with(w.as_str())))
        })
        .take(3)
        .map(|c| Suggestion {
            label: c.name.clone(),
            detail: "Category".to_string(),
            href: ProductSearch { category: c.slug.clone(), ..ProductSearch::default() }.href(),
        })
        .collect();
    let title_match = match db.backend() {
        Backend::Sqlite => words.iter().map(|w| format!("title : \"{w}\"*")).collect::<Vec<_>>().join(" AND "),
        Backend::Postgres => words.iter().map(|w| format!("{w}:*A")).collect::<Vec<_>>().join(" & "),
    };
    let sql = match db.backend() {
        Backend::Sqlite => format!(
            "SELECT p.id, p.slug, p.title, co.name FROM product_fts f CROSS JOIN products p \
             JOIN companies co ON co.id = p.company_id WHERE p.id = f.rowid AND product_fts MATCH $1 \
             ORDER BY {SQLITE_RANK} LIMIT 8"
        ),
        Backend::Postgres => "SELECT p.id, p.slug, p.title, co.name FROM product_search s \
             JOIN products p ON p.id = s.product_id JOIN companies co ON co.id = p.company_id \
             CROSS JOIN to_tsquery('simple', $1) tq WHERE s.document @@ tq ORDER BY ts_rank_cd(s.document, tq) DESC, p.id LIMIT 8"
            .to_string(),
    };
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(&sql).bind(title_match).fetch_all(db.pool()).await?;
    out.extend(rows.into_iter().map(|(id, slug, title, supplier)| Suggestion {
        label: title,
        detail: supplier,
        href: market_href(&slug, id),
    }));
    out.truncate(LIMIT);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_expressions_quote_every_word() {
        let words = vec!["steel".to_string(), "bott".to_string(), "t".to_string()];
        assert_eq!(match_expression(Backend::Sqlite, &words).unwrap(), r#""steel"* "bott"* "t""#);
        assert_eq!(match_expression(Backend::Postgres, &words).unwrap(), "steel:* & bott:* & t");
        assert_eq!(match_expression(Backend::Sqlite, &[]), None);
    }

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
