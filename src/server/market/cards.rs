//! Supplier cards: how a supplier is summed up on the home page, category pages and in the
//! directory.

//! Read models for the public marketplace pages.

use super::country_name;
use crate::error::AppError;
use crate::model::market::SupplierCard;
use crate::server::db::{Db, push_ids};
use sqlx::QueryBuilder;
use std::collections::HashMap;

const SUMMARY_CHARS: usize = 160;

/// A supplier as its card shows it, read with [`CARD_COLUMNS`].
#[derive(sqlx::FromRow)]
pub(super) struct CardRow {
    id: i64,
    name: String,
    slug: String,
    country: String,
    city: String,
    description: String,
    created_at: i64,
    verified_at: Option<i64>,
}

pub(super) const CARD_COLUMNS: &str =
    "c.id, c.name, c.slug, c.country, c.city, c.description, c.created_at, c.verified_at";

#[derive(sqlx::FromRow)]
struct CompanyCategory {
    company_id: i64,
    name: String,
}

/// Turns company rows into cards, fetching all their categories in one query.
pub(super) async fn cards(db: &Db, rows: Vec<CardRow>) -> Result<Vec<SupplierCard>, AppError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = QueryBuilder::new(
        "SELECT cc.company_id, cat.name FROM company_categories cc JOIN categories cat ON cat.id = cc.category_id \
         WHERE cc.company_id IN ",
    );
    push_ids(&mut sql, &rows.iter().map(|r| r.id).collect::<Vec<_>>());
    sql.push(" ORDER BY cat.position, cat.name");
    let category_rows: Vec<CompanyCategory> = db.fetch_all(&mut sql).await?;
    let mut categories: HashMap<i64, Vec<String>> = HashMap::new();
    for row in category_rows {
        categories.entry(row.company_id).or_default().push(row.name);
    }
    Ok(rows
        .into_iter()
        .map(|row| SupplierCard {
            name: row.name,
            slug: row.slug,
            country_name: country_name(&row.country),
            country_code: row.country,
            city: row.city,
            summary: summarise(&row.description),
            categories: categories.remove(&row.id).unwrap_or_default(),
            member_since: row.created_at,
            verified: row.verified_at.is_some(),
        })
        .collect())
}

/// The first sentence-ish of a description, cut at a word boundary.
fn summarise(description: &str) -> String {
    let first_paragraph = description.split("\n\n").next().unwrap_or_default().trim();
    if first_paragraph.chars().count() <= SUMMARY_CHARS {
        return first_paragraph.to_string();
    }
    let cut: String = first_paragraph.chars().take(SUMMARY_CHARS).collect();
    let at_word = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", at_word.trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_cut_at_words() {
        assert_eq!(summarise("Short.\n\nSecond paragraph."), "Short.");
        let long = "word ".repeat(60);
        let summary = summarise(&long);
        assert!(summary.ends_with('…') && summary.chars().count() <= SUMMARY_CHARS + 1);
        assert!(!summary.contains("wor…"));
    }
}
