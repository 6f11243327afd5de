//! Words a search box can help with: the nearest spelling the index knows for a word that
//! matches nothing, and suggestions while typing.

use crate::domain::links;
use crate::domain::search::{ProductSearch, terms, typo_budget};
use crate::error::AppError;
use crate::model::search::Suggestion;
use crate::server::catalog::Taxonomy;
use crate::server::db::Db;
use std::cmp::Reverse;

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
        let best = candidates
            .into_iter()
            .filter(|c| c.word.chars().count().abs_diff(word.chars().count()) <= budget)
            .map(|c| (strsim::osa_distance(word, &c.word), Reverse(c.weight), c.word))
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

#[derive(sqlx::FromRow)]
struct TitleRow {
    id: i64,
    slug: String,
    title: String,
    supplier: String,
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
    let rows: Vec<TitleRow> = db.fetch_all(&mut db.dialect().title_suggestions(&words, LIMIT as i64)).await?;
    out.extend(rows.into_iter().map(|r| Suggestion {
        label: r.title,
        detail: r.supplier,
        href: links::product(&r.slug, r.id),
    }));
    out.truncate(LIMIT);
    Ok(out)
}
