//! The marketplace's category tree (three levels): as pickable options, as trails, and in
//! memory for walking it.

use crate::error::AppError;
use crate::model::catalog::CategoryOption;
use crate::model::session::CategoryLink;
use crate::server::db::Db;

/// One category as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CategoryRow {
    pub id: i64,
    #[sqlx(rename = "parent_id")]
    pub parent: Option<i64>,
    pub slug: String,
    pub name: String,
}

/// A category with the specification keys suggested for it (`|`-separated).
#[derive(sqlx::FromRow)]
struct KeyedCategory {
    #[sqlx(flatten)]
    category: CategoryRow,
    spec_keys: String,
}

/// The whole taxonomy as pickable options, each with its path and the specification keys
/// suggested for it (a category without keys of its own inherits its parent's).
pub async fn categories(db: &Db) -> Result<Vec<CategoryOption>, AppError> {
    let rows: Vec<KeyedCategory> =
        sqlx::query_as("SELECT id, parent_id, slug, name, spec_keys FROM categories ORDER BY position, name")
            .fetch_all(db.pool())
            .await?;
    // Ancestors first, so the list reads as a tree: top level, then its children, and theirs.
    let mut options = Vec::with_capacity(rows.len());
    fn walk(parent: Option<i64>, prefix: &str, inherited: &str, rows: &[KeyedCategory], out: &mut Vec<CategoryOption>) {
        for row in rows.iter().filter(|r| r.category.parent == parent) {
            let name = &row.category.name;
            let path = if prefix.is_empty() { name.clone() } else { format!("{prefix} › {name}") };
            let keys = if row.spec_keys.is_empty() { inherited } else { row.spec_keys.as_str() };
            out.push(CategoryOption {
                slug: row.category.slug.clone(),
                path: path.clone(),
                spec_keys: keys.split('|').filter(|k| !k.is_empty()).map(str::to_string).collect(),
            });
            walk(Some(row.category.id), &path, keys, rows, out);
        }
    }
    walk(None, "", "", &rows, &mut options);
    Ok(options)
}

/// A category with its parent and the top one, where there are.
#[derive(sqlx::FromRow)]
struct TrailRow {
    slug: String,
    name: String,
    parent_slug: Option<String>,
    parent_name: Option<String>,
    top_slug: Option<String>,
    top_name: Option<String>,
}

/// A category and those above it, top first (the taxonomy has three levels), without reading
/// the whole taxonomy: product pages ask for it on every view.
pub async fn category_trail(db: &Db, slug: &str) -> Result<Vec<CategoryLink>, AppError> {
    let trail: Option<TrailRow> = sqlx::query_as(
        "SELECT c.slug, c.name, p.slug AS parent_slug, p.name AS parent_name, g.slug AS top_slug, g.name AS top_name \
         FROM categories c LEFT JOIN categories p ON p.id = c.parent_id LEFT JOIN categories g ON g.id = p.parent_id \
         WHERE c.slug = $1",
    )
    .bind(slug)
    .fetch_optional(db.pool())
    .await?;
    Ok(trail
        .map(|t| {
            let link = |slug: Option<String>, name: Option<String>| Some(CategoryLink { slug: slug?, name: name? });
            [link(t.top_slug, t.top_name), link(t.parent_slug, t.parent_name), link(Some(t.slug), Some(t.name))]
                .into_iter()
                .flatten()
                .collect()
        })
        .unwrap_or_default())
}

/// The whole taxonomy (a few hundred rows), for walking it in memory.
pub struct Taxonomy(Vec<CategoryRow>);

impl Taxonomy {
    pub fn rows(&self) -> &[CategoryRow] {
        &self.0
    }

    pub async fn load(db: &Db) -> Result<Taxonomy, AppError> {
        let rows = sqlx::query_as("SELECT id, parent_id, slug, name FROM categories ORDER BY position, name")
            .fetch_all(db.pool())
            .await?;
        Ok(Taxonomy(rows))
    }

    pub fn by_slug(&self, slug: &str) -> Option<&CategoryRow> {
        self.0.iter().find(|c| c.slug == slug)
    }

    pub fn by_id(&self, id: i64) -> Option<&CategoryRow> {
        self.0.iter().find(|c| c.id == id)
    }

    pub fn subtree(&self, id: i64) -> Vec<i64> {
        let mut ids = vec![id];
        let mut n = 0;
        while n < ids.len() {
            let parent = ids[n];
            ids.extend(self.0.iter().filter(|c| c.parent == Some(parent)).map(|c| c.id));
            n += 1;
        }
        ids
    }

    /// The category and those above it, top first.
    pub fn trail(&self, id: i64) -> Vec<&CategoryRow> {
        let mut trail: Vec<&CategoryRow> = Vec::new();
        let mut next = self.by_id(id);
        while let Some(row) = next {
            trail.insert(0, row);
            next = row.parent.and_then(|p| self.by_id(p));
        }
        trail
    }

    /// Of `id` and those above it, the one directly under `parent` (a top-level one for `None`).
    pub fn ancestor_under(&self, id: i64, parent: Option<i64>) -> Option<&CategoryRow> {
        self.trail(id).into_iter().find(|c| c.parent == parent)
    }
}

/// The ids of a category and everything under it (none for an unknown one).
pub async fn category_subtree(db: &Db, slug: &str) -> Result<Vec<i64>, AppError> {
    let taxonomy = Taxonomy::load(db).await?;
    Ok(taxonomy.by_slug(slug).map(|c| taxonomy.subtree(c.id)).unwrap_or_default())
}

/// The id of the category with `slug`, if there is one.
pub async fn category_id<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    slug: &str,
) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM categories WHERE slug = $1").bind(slug).fetch_optional(executor).await?)
}
