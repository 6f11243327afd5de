//! What SQLite and PostgreSQL spell differently, in one place.

use super::Backend;

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
    fn each_backend_spells_case_insensitive_matching() {
        assert_eq!(Dialect::of(Backend::Sqlite).ilike(), "LIKE");
        assert_eq!(Dialect::of(Backend::Postgres).ilike(), "ILIKE");
    }
}
