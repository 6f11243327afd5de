//! What SQLite and PostgreSQL spell differently, in one place: case-insensitive matching,
//! and product full-text search (SQLite FTS5 ranked by BM25 with its vocabulary table for
//! spelling; PostgreSQL a weighted `tsvector` ranked by `ts_rank_cd`, with a trigram index
//! over the indexed words).

use super::Backend;
use sqlx::{Any, QueryBuilder};

/// SQLite's relevance: BM25 weighing title 10, category 4, supplier 3, specifications 2,
/// description 1 (lower is better).
const SQLITE_RANK: &str = "bm25(product_fts, 10.0, 4.0, 3.0, 2.0, 1.0)";

/// The SQL a backend needs where the two differ. Services ask it for that piece instead of
/// branching on the backend themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect(Backend);

impl Dialect {
    pub fn of(backend: Backend) -> Dialect {
        Dialect(backend)
    }

    pub fn backend(self) -> Backend {
        self.0
    }

    /// Case-insensitive `LIKE`: SQLite's already is (for ASCII); PostgreSQL has `ILIKE`.
    pub fn ilike(self) -> &'static str {
        match self.0 {
            Backend::Sqlite => "LIKE",
            Backend::Postgres => "ILIKE",
        }
    }

    /// A search's words as a full-text match expression: every word must be found, as a word
    /// or the start of one (so "bott" finds "bottles"). The words hold letters and digits
    /// only, so nothing a buyer types can be read as query syntax.
    pub fn match_expression(self, words: &[String]) -> Option<String> {
        if words.is_empty() {
            return None;
        }
        // A single letter is a whole word ("t" of "t-shirt"): as a prefix it would match a
        // large part of the vocabulary.
        let prefix = |w: &String| w.chars().nth(1).is_some();
        Some(match self.0 {
            Backend::Sqlite => words
                .iter()
                .map(|w| if prefix(w) { format!("\"{w}\"*") } else { format!("\"{w}\"") })
                .collect::<Vec<_>>()
                .join(" "),
            Backend::Postgres => words
                .iter()
                .map(|w| if prefix(w) { format!("{w}:*") } else { w.clone() })
                .collect::<Vec<_>>()
                .join(" & "),
        })
    }

    /// ` FROM …` of the search facts `s` of the published products that match `expression`,
    /// to be followed by a `WHERE` that [`push_text_condition`](Self::push_text_condition)
    /// completes. SQLite's planner is told to start from the full-text matches (CROSS JOIN),
    /// not to run the full-text query once per product.
    pub fn push_text_source(self, sql: &mut QueryBuilder<'_, Any>, expression: &str) {
        match self.0 {
            Backend::Sqlite => {
                sql.push(" FROM product_fts f CROSS JOIN search_facts s");
            }
            Backend::Postgres => {
                sql.push(
                    " FROM product_search ps JOIN search_facts s ON s.product_id = ps.product_id \
                     CROSS JOIN to_tsquery('simple', ",
                )
                .push_bind(expression.to_string())
                .push(") tq");
            }
        }
    }

    /// ` AND …`: the match condition of [`push_text_source`](Self::push_text_source).
    pub fn push_text_condition(self, sql: &mut QueryBuilder<'_, Any>, expression: &str) {
        match self.0 {
            Backend::Sqlite => {
                sql.push(" AND s.product_id = f.rowid AND product_fts MATCH ").push_bind(expression.to_string());
            }
            Backend::Postgres => {
                sql.push(" AND ps.document @@ tq");
            }
        }
    }

    /// The relevance of a match of [`push_text_source`](Self::push_text_source): lower is better.
    pub fn text_rank(self) -> &'static str {
        match self.0 {
            Backend::Sqlite => SQLITE_RANK,
            Backend::Postgres => "-ts_rank_cd(ps.document, tq)",
        }
    }

    /// One row if any indexed word starts with `word`.
    pub fn known_prefix(self, word: &str) -> QueryBuilder<'static, Any> {
        let mut sql = QueryBuilder::new("");
        match self.0 {
            Backend::Sqlite => {
                sql.push("SELECT rowid FROM product_fts WHERE product_fts MATCH ").push_bind(format!("\"{word}\"*"));
            }
            Backend::Postgres => {
                sql.push("SELECT 1 FROM search_words WHERE word LIKE ").push_bind(format!("{word}%"));
            }
        }
        sql.push(" LIMIT 1");
        sql
    }

    /// Indexed words that may be what `word` meant, as `(word, weight)` rows (a higher weight
    /// is likelier).
    pub fn spelling_candidates(self, word: &str) -> QueryBuilder<'static, Any> {
        let mut sql = QueryBuilder::new("");
        match self.0 {
            // The vocabulary is read by range, words with the same first letter only: reading
            // all of it means walking the whole index. (A wrong first letter is the rarer typo.)
            Backend::Sqlite => {
                let first: String = word.chars().take(1).collect();
                let next = first.chars().next().and_then(|c| char::from_u32(c as u32 + 1)).unwrap_or(char::MAX);
                sql.push("SELECT term AS word, 0 AS weight FROM product_vocab WHERE term >= ")
                    .push_bind(first)
                    .push(" AND term < ")
                    .push_bind(next.to_string());
            }
            Backend::Postgres => {
                sql.push("SELECT word, CAST(similarity(word, ")
                    .push_bind(word.to_string())
                    .push(") * 1000 AS BIGINT) AS weight FROM search_words WHERE word % ")
                    .push_bind(word.to_string())
                    .push(" ORDER BY weight DESC LIMIT 50");
            }
        }
        sql
    }

    /// The best-matching published products whose title has words starting like `words`,
    /// as `(id, slug, title, supplier)` rows.
    pub fn title_suggestions(self, words: &[String], limit: i64) -> QueryBuilder<'static, Any> {
        let mut sql = QueryBuilder::new("SELECT p.id, p.slug, p.title, co.name AS supplier");
        match self.0 {
            Backend::Sqlite => {
                let title = words.iter().map(|w| format!("title : \"{w}\"*")).collect::<Vec<_>>().join(" AND ");
                sql.push(
                    " FROM product_fts f CROSS JOIN products p JOIN companies co ON co.id = p.company_id \
                     WHERE p.id = f.rowid AND product_fts MATCH ",
                )
                .push_bind(title)
                .push(format!(" ORDER BY {SQLITE_RANK}"));
            }
            Backend::Postgres => {
                let title = words.iter().map(|w| format!("{w}:*A")).collect::<Vec<_>>().join(" & ");
                sql.push(
                    " FROM product_search s JOIN products p ON p.id = s.product_id JOIN companies co ON co.id = p.company_id \
                     CROSS JOIN to_tsquery('simple', ",
                )
                .push_bind(title)
                .push(") tq WHERE s.document @@ tq ORDER BY ts_rank_cd(s.document, tq) DESC, p.id");
            }
        }
        sql.push(" LIMIT ").push_bind(limit);
        sql
    }
}

/// `?` placeholders as `$1`, `$2` …, leaving quoted text and identifiers alone.
pub(super) fn number_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut quote: Option<char> = None;
    let mut n = 0;
    for c in sql.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                out.push(c);
            }
            (Some(q), c) if c == q => {
                // A doubled quote inside text closes and reopens it: the same state results.
                quote = None;
                out.push(c);
            }
            (None, '?') => {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_outside_quotes() {
        assert_eq!(number_placeholders("SELECT ? WHERE a = ? AND b LIKE 'x?' AND \"c?\" = ?"), {
            "SELECT $1 WHERE a = $2 AND b LIKE 'x?' AND \"c?\" = $3"
        });
        assert_eq!(number_placeholders("SELECT 'it''s?' , ?"), "SELECT 'it''s?' , $1");
        assert_eq!(number_placeholders("SELECT 1"), "SELECT 1");
    }

    #[test]
    fn match_expressions_quote_every_word() {
        let words = vec!["steel".to_string(), "bott".to_string(), "t".to_string()];
        assert_eq!(Dialect::of(Backend::Sqlite).match_expression(&words).unwrap(), r#""steel"* "bott"* "t""#);
        assert_eq!(Dialect::of(Backend::Postgres).match_expression(&words).unwrap(), "steel:* & bott:* & t");
        assert_eq!(Dialect::of(Backend::Sqlite).match_expression(&[]), None);
    }

    #[test]
    fn each_backend_spells_case_insensitive_matching() {
        assert_eq!(Dialect::of(Backend::Sqlite).ilike(), "LIKE");
        assert_eq!(Dialect::of(Backend::Postgres).ilike(), "ILIKE");
    }
}
