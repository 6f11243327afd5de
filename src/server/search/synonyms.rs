//! Synonym groups as admins keep them: a search for one alternative finds the others, in a
//! category (and everything under it) or anywhere. Each write reaches every server's engine
//! through the change feed (a trigger notes it).

use crate::domain::synonyms::Synonyms;
use crate::error::AppError;
use crate::model::search::SynonymEntry;
use crate::server::catalog::Taxonomy;
use crate::server::catalog::taxonomy::category_id;
use crate::server::db::Db;
use crate::server::now;

#[derive(sqlx::FromRow)]
pub struct SynonymRow {
    pub id: i64,
    pub category_id: Option<i64>,
    #[sqlx(try_from = "String")]
    pub synonyms: Synonyms,
}

pub async fn all(db: &Db) -> Result<Vec<SynonymRow>, AppError> {
    Ok(sqlx::query_as("SELECT id, category_id, words AS synonyms FROM search_synonyms ORDER BY id")
        .fetch_all(db.pool())
        .await?)
}

/// The groups as the admin page lists them, with their category's path.
pub async fn entries(db: &Db) -> Result<Vec<SynonymEntry>, AppError> {
    let taxonomy = Taxonomy::load(db).await?;
    let path = |id: i64| taxonomy.trail(id).iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(" › ");
    Ok(all(db)
        .await?
        .into_iter()
        .map(|row| SynonymEntry {
            id: row.id,
            category: row.category_id.map(path),
            words: row.synonyms.to_string(),
        })
        .collect())
}

/// Adds a group for the category with `category_slug` (empty: everywhere).
pub async fn add(db: &Db, category_slug: &str, words: &str) -> Result<i64, AppError> {
    let synonyms = Synonyms::parse(words).map_err(|e| AppError::field("words", e))?;
    let category = match category_slug.trim() {
        "" => None,
        slug => Some(
            category_id(db.pool(), slug)
                .await?
                .ok_or_else(|| AppError::field("category", "Pick a category from the list."))?,
        ),
    };
    let (id,): (i64,) =
        sqlx::query_as("INSERT INTO search_synonyms (category_id, words, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(category)
            .bind(synonyms.to_string())
            .bind(now())
            .fetch_one(db.pool())
            .await?;
    Ok(id)
}

pub async fn remove(db: &Db, id: i64) -> Result<(), AppError> {
    let done = sqlx::query("DELETE FROM search_synonyms WHERE id = $1").bind(id).execute(db.pool()).await?;
    if done.rows_affected() == 0 {
        return Err(AppError::not_found("synonym group"));
    }
    Ok(())
}
