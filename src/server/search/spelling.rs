//! Words a search box can help with: the nearest spelling the index knows for a word that
//! matches nothing, and suggestions while typing.

use crate::domain::links;
use crate::domain::search::{ProductSearch, terms, typo_budget};
use crate::error::AppError;
use crate::model::search::Suggestion;
use crate::server::catalog::Taxonomy;
use crate::server::db::{Db, push_ids};
use sqlx::QueryBuilder;
use std::cmp::Reverse;
use super::Engine;

#[derive(sqlx::FromRow)]
struct Candidate {
    word: String,
    weight: i64,
}

/// The nearest spelling the index knows for each word that matches nothing, or `None` when
/// no word needs (or has) a correction.
pub(super) async fn correct(db: &Db, words: &[String]) -> Result<Option<String>, AppError> {
    let dialect = db.dialect();
    let mut changed = false;
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        let budget = typo_budget(word);
        let known = budget == 0 || !db.fetch_all::<(i64,)>(&mut dialect.known_prefix(word)).await?.is_empty();
        if known {
            out.push(word.clone());
            continue;
        }
        let candidates: Vec<Candidate> = db.fetch_all(&mut dialect.spelling_candidates(word)).await?;
        match nearest(word, budget, candidates.into_iter().map(|c| (c.word, c.weight))) {
            Some(candidate) => {
                changed = true;
                out.push(candidate);
            }
            None => out.push(word.clone()),
        }
    }
    Ok(changed.then(|| out.join(" ")))
}

/// Of `candidates` (words with their weight: higher is likelier), the one fewest typing
/// mistakes from `word` within `budget`, the heavier first among equals.
pub(super) fn nearest(word: &str, budget: usize, candidates: impl IntoIterator<Item = (String, i64)>) -> Option<String> {
    candidates
        .into_iter()
        .filter(|(c, _)| c.chars().count().abs_diff(word.chars().count()) <= budget)
        .map(|(c, weight)| (strsim::osa_distance(word, &c), Reverse(weight), c))
        .filter(|(distance, _, _)| *distance <= budget)
        .min()
        .map(|(_, _, c)| c)
}

#[derive(sqlx::FromRow)]
struct TitleRow {
    id: i64,
    slug: String,
    title: String,
    supplier: String,
}

/// Suggestions for a search box: categories whose name starts like the text, then products
/// whose title does (from the engine when it is ready).
pub async fn suggest(db: &Db, engine: Option<&Engine>, q: &str) -> Result<Vec<Suggestion>, AppError> {
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
    let rows: Vec<TitleRow> = match engine {
        Some(engine) => {
            let ids = engine.title_matches(&words, LIMIT).await?;
            let mut sql = QueryBuilder::new(
                "SELECT p.id, p.slug, p.title, co.name AS supplier FROM products p \
                 JOIN companies co ON co.id = p.company_id WHERE p.id IN ",
            );
            push_ids(&mut sql, &ids);
            let mut rows: Vec<TitleRow> = db.fetch_all(&mut sql).await?;
            rows.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
            rows
        }
        None => db.fetch_all(&mut db.dialect().title_suggestions(&words, LIMIT as i64)).await?,
    };
    out.extend(rows.into_iter().map(|r| Suggestion {
        label: r.title,
        detail: r.supplier,
        href: links::product(&r.slug, r.id),
    }));
    out.truncate(LIMIT);
    Ok(out)
}
