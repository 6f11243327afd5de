//! The supplier directory: suppliers matching a query, with a count for every facet.

//! Read models for the public marketplace pages.

use super::{CARD_COLUMNS, CardRow, SELLERS, cards, country_name, top_categories};
use crate::domain::Country;
use crate::domain::date::civil_date;
use crate::domain::search::clip_query;
use crate::error::AppError;
use crate::model::market::{CountryCount, SupplierFilters, SupplierSearch, YEARS_IN_BUSINESS};
use crate::server::catalog::category_subtree;
use crate::server::db::{Db, push_ids};
use crate::server::now;
use sqlx::{Any, QueryBuilder};

const SEARCH_LIMIT: i64 = 60;

/// `LIKE` pattern matching `text` anywhere, with the pattern characters in it taken literally.
pub fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(ch);
    }
    pattern.push('%');
    pattern
}

/// The supplier directory's conditions: the query's words (each in the name, city,
/// description or a category's name) and the category; the country, verification and years
/// each where asked, so every facet can be counted without its own.
struct DirectoryFilter {
    words: Vec<String>,
    categories: Option<Vec<i64>>,
    country: Option<Country>,
    verified: bool,
    established_by: Option<i64>,
}

/// Which of the optional conditions a statement applies.
#[derive(Clone, Copy)]
struct Applying {
    country: bool,
    verified: bool,
    years: bool,
}

impl DirectoryFilter {
    fn push(&self, sql: &mut QueryBuilder<'_, Any>, applying: Applying) {
        sql.push(format!(" FROM companies c WHERE {SELLERS}"));
        for word in &self.words {
            sql.push(" AND (LOWER(c.name) LIKE ").push_bind(word.clone());
            sql.push(" ESCAPE '\\' OR LOWER(c.city) LIKE ").push_bind(word.clone());
            sql.push(" ESCAPE '\\' OR LOWER(c.description) LIKE ").push_bind(word.clone());
            sql.push(
                " ESCAPE '\\' OR EXISTS (SELECT 1 FROM company_categories cc JOIN categories cat ON cat.id = cc.category_id \
                 WHERE cc.company_id = c.id AND LOWER(cat.name) LIKE ",
            )
            .push_bind(word.clone())
            .push(" ESCAPE '\\'))");
        }
        if let Some(ids) = &self.categories {
            sql.push(
                " AND EXISTS (SELECT 1 FROM company_categories cc WHERE cc.company_id = c.id AND cc.category_id IN ",
            );
            push_ids(sql, ids);
            sql.push(")");
        }
        if let Some(country) = self.country.filter(|_| applying.country) {
            sql.push(" AND c.country = ").push_bind(country.code());
        }
        if self.verified && applying.verified {
            sql.push(" AND c.verified_at IS NOT NULL");
        }
        if let Some(by) = self.established_by.filter(|_| applying.years) {
            sql.push(" AND c.year_established <= ").push_bind(by);
        }
    }
}

/// The directory's facet counts (`SUM` is NULL over no rows).
#[derive(sqlx::FromRow)]
struct DirectoryCounts {
    verified: Option<i64>,
    years_0: Option<i64>,
    years_1: Option<i64>,
    years_2: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct CountryRow {
    country: String,
    companies: i64,
}

/// Suppliers whose name, city, description or categories contain every word of the query.
pub async fn search_suppliers(db: &Db, filters: SupplierFilters) -> Result<SupplierSearch, AppError> {
    let SupplierFilters { q, country, category, verified, min_years, page } = filters;
    let query = clip_query(&q);
    let this_year = civil_date(now()).0;
    let established_by = |years: u32| this_year - i64::from(years);
    let categories = top_categories(db).await?;
    // Any category of the taxonomy, with everything under it; an unknown one filters nothing.
    let subtree = if category.is_empty() { Vec::new() } else { category_subtree(db, &category).await? };
    let category = if subtree.is_empty() { String::new() } else { category };
    let filter = DirectoryFilter {
        words: query.to_lowercase().split(' ').filter(|w| !w.is_empty()).take(8).map(contains_pattern).collect(),
        categories: (!subtree.is_empty()).then_some(subtree),
        country: Country::parse(&country).ok(),
        verified,
        established_by: min_years.map(established_by),
    };
    let all = Applying { country: true, verified: true, years: true };
    // Country counts leave the country out, the other counts keep it: people can switch.
    let mut facet = QueryBuilder::new("SELECT c.country, COUNT(*) AS companies");
    filter.push(&mut facet, Applying { country: false, ..all });
    facet.push(" GROUP BY c.country");
    let mut countries: Vec<CountryCount> = db
        .fetch_all::<CountryRow>(&mut facet)
        .await?
        .into_iter()
        .map(|r| CountryCount { name: country_name(&r.country), code: r.country, count: r.companies })
        .collect();
    countries.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    // The verified and years-in-business counts each leave their own condition out.
    let mut counts = QueryBuilder::new("SELECT SUM(CASE WHEN c.verified_at IS NOT NULL");
    if let Some(by) = filter.established_by {
        counts.push(" AND c.year_established <= ").push_bind(by);
    }
    counts.push(" THEN 1 ELSE 0 END) AS verified");
    for (n, years) in YEARS_IN_BUSINESS.iter().enumerate() {
        counts.push(", SUM(CASE WHEN c.year_established <= ").push_bind(established_by(*years));
        if verified {
            counts.push(" AND c.verified_at IS NOT NULL");
        }
        counts.push(format!(" THEN 1 ELSE 0 END) AS years_{n}"));
    }
    filter.push(&mut counts, Applying { verified: false, years: false, ..all });
    let counts: DirectoryCounts = db.fetch_one(&mut counts).await?;
    let mut total = QueryBuilder::new("SELECT COUNT(*)");
    filter.push(&mut total, all);
    let total: i64 = db.fetch_scalar(&mut total).await?;
    let pages = (total.max(0) as u32).div_ceil(SEARCH_LIMIT as u32).max(1);
    let page = page.clamp(1, pages);
    let mut rows = QueryBuilder::new(format!("SELECT {CARD_COLUMNS}"));
    filter.push(&mut rows, all);
    rows.push(" ORDER BY c.verified_at IS NULL, c.name, c.id LIMIT ")
        .push_bind(SEARCH_LIMIT)
        .push(" OFFSET ")
        .push_bind(i64::from(page - 1) * SEARCH_LIMIT);
    let rows: Vec<CardRow> = db.fetch_all(&mut rows).await?;
    Ok(SupplierSearch {
        query,
        country: filter.country.map(|c| c.code().to_string()),
        category,
        verified,
        min_years,
        results: cards(db, rows).await?,
        total: total.max(0) as u64,
        page,
        pages,
        countries,
        verified_count: counts.verified.unwrap_or(0).max(0) as u64,
        years: YEARS_IN_BUSINESS
            .iter()
            .zip([counts.years_0, counts.years_1, counts.years_2])
            .map(|(y, n)| (*y, n.unwrap_or(0).max(0) as u64))
            .collect(),
        categories,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("steel"), "%steel%");
        assert_eq!(contains_pattern("100%_co\\"), "%100\\%\\_co\\\\%");
    }
}
