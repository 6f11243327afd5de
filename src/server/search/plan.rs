//! A search as SQL: the facet query (every facet counted under the other filters) and the
//! page query (one page of ids in the chosen order), with every value bound.

use crate::domain::Currency;
use crate::domain::search::{Filter, LEAD_LIMITS, MOQ_LIMITS, PAGE_SIZE, ProductSearch, SearchSort};
use crate::server::catalog::Taxonomy;
use crate::server::db::{Dialect, push_ids};
use sqlx::{Any, QueryBuilder};

/// Unit-price limits in minor units, 1-2-5 steps: the price facet picks the few that divide
/// the results well, in whatever currency.
pub(super) fn price_series() -> Vec<i64> {
    (0..12).flat_map(|power| [1, 2, 5].map(|m| m * 10_i64.pow(power))).collect()
}

/// Every filter but the category (which narrows what matches, and is counted apart).
const FILTERS: [Filter; 8] = [
    Filter::Quantity,
    Filter::Price,
    Filter::Moq,
    Filter::Lead,
    Filter::Country,
    Filter::Verified,
    Filter::Sample,
    Filter::Custom,
];

/// A search made ready to run: its category resolved, its text as a match expression.
pub(super) struct Plan<'a> {
    pub search: &'a ProductSearch,
    dialect: Dialect,
    /// The category and all under it; `None` for any category.
    categories: Option<Vec<i64>>,
    /// The full-text match expression, in the backend's syntax; `None` without text.
    pub text: Option<String>,
    /// The query lower-cased, to rank an exact title match first.
    exact: String,
}

impl<'a> Plan<'a> {
    pub fn new(search: &'a ProductSearch, dialect: Dialect, taxonomy: &Taxonomy) -> Plan<'a> {
        let categories = (!search.category.is_empty())
            .then(|| taxonomy.by_slug(&search.category).map_or_else(Vec::new, |c| taxonomy.subtree(c.id)));
        Plan {
            search,
            dialect,
            categories,
            text: dialect.match_expression(&search.terms()),
            exact: search.q.to_lowercase(),
        }
    }

    /// The unit price of a row: at the buyer's quantity, or the lowest ("from") price.
    pub fn push_price(&self, sql: &mut QueryBuilder<'_, Any>) {
        match self.search.quantity {
            Some(q) => {
                sql.push(
                    "(SELECT t.unit_price FROM product_tiers t WHERE t.product_id = s.product_id AND t.min_quantity <= ",
                )
                .push_bind(q as i64)
                .push(" ORDER BY t.min_quantity DESC LIMIT 1)");
            }
            None => {
                sql.push("s.price_from");
            }
        }
    }

    /// Days to ship at the buyer's quantity (or the MOQ); NULL where it is negotiable.
    pub fn push_lead(&self, sql: &mut QueryBuilder<'_, Any>) {
        match self.search.quantity {
            Some(q) => {
                sql.push("(SELECT l.days FROM product_lead_times l WHERE l.product_id = s.product_id AND l.up_to >= ")
                    .push_bind(q as i64)
                    .push(" ORDER BY l.up_to LIMIT 1)");
            }
            None => {
                sql.push("s.lead_days");
            }
        }
    }

    /// The published products that match the text and the category, with what the filters,
    /// the facets and the sorts read, as columns; with `ranked`, their relevance too.
    fn push_matching(&self, sql: &mut QueryBuilder<'_, Any>, ranked: bool) {
        sql.push("SELECT s.product_id AS id, s.moq, s.currency, s.price_from, ");
        self.push_price(sql);
        sql.push(" AS price, ");
        self.push_lead(sql);
        sql.push(" AS lead, s.sample, s.customization, s.category_id, s.published_at, s.country, s.verified");
        if ranked {
            match &self.text {
                Some(_) => {
                    sql.push(format!(", {} AS rank, CASE WHEN s.title = ", self.dialect.text_rank()))
                        .push_bind(self.exact.clone())
                        .push(" THEN 0 ELSE 1 END AS exact");
                }
                None => {
                    sql.push(", 0 AS rank, 1 AS exact");
                }
            }
            if self.search.sort == SearchSort::Rating {
                // The supplier's average stars in thousandths; -1 before its first review.
                sql.push(
                    ", (SELECT CASE WHEN c.review_count > 0 THEN c.review_stars * 1000 / c.review_count ELSE -1 END \
                     FROM companies c WHERE c.id = s.company_id) AS rating",
                );
            }
        }
        match &self.text {
            Some(text) => {
                self.dialect.push_text_source(sql, text);
                sql.push(" WHERE 1 = 1");
                self.dialect.push_text_condition(sql, text);
            }
            None => {
                sql.push(" FROM search_facts s WHERE 1 = 1");
            }
        }
        if let Some(ids) = &self.categories {
            sql.push(" AND s.category_id IN ");
            push_ids(sql, ids);
        }
    }

    /// ` AND` the condition a filter puts on `x`, if it is set.
    fn push_condition(&self, sql: &mut QueryBuilder<'_, Any>, filter: Filter) {
        let s = self.search;
        match filter {
            Filter::Category => {}
            Filter::Quantity => {
                if let Some(q) = s.quantity {
                    sql.push(" AND x.moq <= ").push_bind(q as i64);
                }
            }
            Filter::Price => {
                if let Some((currency, max)) = s.currency.zip(s.price_max) {
                    sql.push(" AND x.currency = ").push_bind(currency.code()).push(" AND x.price <= ").push_bind(max);
                }
            }
            Filter::Moq => {
                if let Some(m) = s.moq_max {
                    sql.push(" AND x.moq <= ").push_bind(m as i64);
                }
            }
            Filter::Lead => {
                if let Some(d) = s.lead_max {
                    sql.push(" AND x.lead <= ").push_bind(i64::from(d));
                }
            }
            Filter::Country => {
                if let Some(c) = s.country {
                    sql.push(" AND x.country = ").push_bind(c.code());
                }
            }
            Filter::Verified => {
                if s.verified {
                    sql.push(" AND x.verified = 1");
                }
            }
            Filter::Sample => {
                if s.sample {
                    sql.push(" AND x.sample = 1");
                }
            }
            Filter::Custom => {
                if let Some(custom) = s.custom {
                    sql.push(" AND (' ' || x.customization || ' ') LIKE ")
                        .push_bind(format!("% {} %", custom.as_str()));
                }
            }
        }
    }

    /// `1 = 1` and every filter's condition but `except`'s.
    fn push_conditions_but(&self, sql: &mut QueryBuilder<'_, Any>, except: Option<Filter>) {
        sql.push("1 = 1");
        for filter in FILTERS.into_iter().filter(|f| Some(*f) != except) {
            self.push_condition(sql, filter);
        }
    }

    /// One query counting every facet: rows of (facet, key, count).
    pub fn facet_query(&self) -> QueryBuilder<'static, Any> {
        let mut sql = QueryBuilder::new("WITH x AS MATERIALIZED (");
        self.push_matching(&mut sql, false);
        sql.push(") SELECT 'category' AS facet, CAST(x.category_id AS TEXT) AS k, COUNT(*) AS n FROM x WHERE ");
        self.push_conditions_but(&mut sql, None);
        sql.push(" GROUP BY x.category_id");
        let moq_limits: Vec<i64> = MOQ_LIMITS.iter().map(|m| *m as i64).collect();
        let lead_limits: Vec<i64> = LEAD_LIMITS.iter().map(|d| i64::from(*d)).collect();
        let arms: [(&str, Key, Filter); 7] = [
            ("country", Key::Column("x.country"), Filter::Country),
            ("verified", Key::Column("CAST(x.verified AS TEXT)"), Filter::Verified),
            ("sample", Key::Column("CAST(x.sample AS TEXT)"), Filter::Sample),
            ("custom", Key::Column("x.customization"), Filter::Custom),
            ("moq", Key::Bucket("x.moq", &moq_limits, false), Filter::Moq),
            ("lead", Key::Bucket("x.lead", &lead_limits, false), Filter::Lead),
            ("price", Key::Bucket("x.price", &price_series(), true), Filter::Price),
        ];
        for (facet, key, except) in arms {
            sql.push(format!(" UNION ALL SELECT '{facet}' AS facet, "));
            key.push(&mut sql);
            sql.push(" AS k, COUNT(*) AS n FROM x WHERE ");
            self.push_conditions_but(&mut sql, Some(except));
            // By the output's name: the key's expression holds bound values, which differ
            // in placeholder from a repeated expression.
            sql.push(" GROUP BY k");
        }
        sql
    }

    /// The ids of the page's products, in order.
    pub fn page_query(&self, price_currency: Option<Currency>) -> QueryBuilder<'static, Any> {
        let mut sql = QueryBuilder::new("SELECT x.id FROM (");
        self.push_matching(&mut sql, true);
        sql.push(") x WHERE ");
        self.push_conditions_but(&mut sql, None);
        sql.push(" ORDER BY ");
        let push_currency_first = |sql: &mut QueryBuilder<'static, Any>| {
            if let Some(c) = price_currency {
                sql.push("CASE WHEN x.currency = ").push_bind(c.code()).push(" THEN 0 ELSE 1 END, x.currency, ");
            }
        };
        match self.search.sort {
            SearchSort::Relevance if self.text.is_some() => {
                sql.push("x.exact, x.rank, x.id");
            }
            SearchSort::Relevance | SearchSort::Newest => {
                sql.push("x.published_at DESC, x.id DESC");
            }
            SearchSort::PriceLow => {
                push_currency_first(&mut sql);
                sql.push("x.price, x.id");
            }
            SearchSort::PriceHigh => {
                push_currency_first(&mut sql);
                sql.push("x.price DESC, x.id");
            }
            SearchSort::Moq => {
                sql.push("x.moq, x.price_from, x.id");
            }
            SearchSort::Rating if self.text.is_some() => {
                sql.push("x.rating DESC, x.exact, x.rank, x.id");
            }
            SearchSort::Rating => {
                sql.push("x.rating DESC, x.published_at DESC, x.id DESC");
            }
        }
        let offset = (self.search.page.max(1) - 1) * PAGE_SIZE;
        sql.push(" LIMIT ").push_bind(i64::from(PAGE_SIZE)).push(" OFFSET ").push_bind(i64::from(offset));
        sql
    }
}

/// What a facet's rows are keyed by: a column, or the bucket of limits a value falls in
/// (`-1` for none; the price's bucket after its currency, `USD:4`).
enum Key<'a> {
    Column(&'static str),
    Bucket(&'static str, &'a [i64], bool),
}

impl Key<'_> {
    fn push(&self, sql: &mut QueryBuilder<'_, Any>) {
        match self {
            Key::Column(column) => {
                sql.push(*column);
            }
            Key::Bucket(column, limits, by_currency) => {
                if *by_currency {
                    sql.push("x.currency || ':' || ");
                }
                sql.push(format!("CAST(CASE WHEN {column} IS NULL THEN -1"));
                for (i, limit) in limits.iter().enumerate() {
                    sql.push(format!(" WHEN {column} <= ")).push_bind(*limit).push(format!(" THEN {i}"));
                }
                sql.push(format!(" ELSE {} END AS TEXT)", limits.len()));
            }
        }
    }
}
