//! The database handle. One `AnyPool` serves SQLite (the embedded default) and PostgreSQL
//! (for several app servers); queries are written once in portable SQL with `$1` placeholders,
//! or assembled with sqlx's `QueryBuilder` where they depend on input. What the dialects do
//! differently is asked of one [`Dialect`].

mod dialect;
mod ids;

pub use dialect::Dialect;

use crate::error::{AppError, OrInternal};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::{Any, AnyPool, Execute, Executor, FromRow, QueryBuilder, Transaction};
use std::path::Path;
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite: or postgres:// (got {0:?})")]
    UnsupportedUrl(String),
    #[error("could not create the database directory {path}: {source}")]
    CreateDir { path: String, source: std::io::Error },
    #[error("could not connect to the database: {0}")]
    Connect(#[from] sqlx::Error),
    #[error("could not apply migrations: {0}")]
    Migrate(#[from] MigrateError),
}

#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

impl Db {
    /// Connects (creating a SQLite file and its directory on first use).
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        install_default_drivers();
        let backend = Backend::from_url(url).ok_or_else(|| DbError::UnsupportedUrl(redact(url)))?;
        let pool = match backend {
            Backend::Sqlite => {
                ensure_sqlite_dir(url)?;
                AnyPoolOptions::new()
                    .max_connections(8)
                    // A connection to a file cannot drop the way a network one can, and the
                    // test is a round trip to the connection's thread before every query.
                    .test_before_acquire(false)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // WAL lets readers run beside the writer; the busy timeout makes a
                            // second writer wait instead of failing; foreign keys are off by
                            // default in SQLite.
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect(&with_create_mode(url))
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    // sqlx tests every connection as it comes back to the pool already; testing
                    // it again on the way out was a third round trip to the server per query.
                    // A connection that dies while idle fails one query, and the pool drops it.
                    .test_before_acquire(false)
                    .connect(url)
                    .await?
            }
        };
        Ok(Db { pool, backend })
    }

    /// Applies pending migrations. Migrations only ever add; existing data is never dropped.
    pub async fn migrate(&self) -> Result<(), DbError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await?;
        Ok(())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The SQL that differs between the backends.
    pub fn dialect(&self) -> Dialect {
        Dialect::of(self.backend)
    }

    /// Rows of a statement assembled with a `QueryBuilder`.
    pub async fn fetch_all<T>(&self, builder: &mut QueryBuilder<'_, Any>) -> Result<Vec<T>, sqlx::Error>
    where
        T: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
    {
        let (sql, args) = self.prepared(builder)?;
        sqlx::query_as_with(&sql, args).fetch_all(&self.pool).await
    }

    /// The one row of a statement assembled with a `QueryBuilder`.
    pub async fn fetch_one<T>(&self, builder: &mut QueryBuilder<'_, Any>) -> Result<T, sqlx::Error>
    where
        T: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
    {
        let (sql, args) = self.prepared(builder)?;
        sqlx::query_as_with(&sql, args).fetch_one(&self.pool).await
    }

    /// The one value of a statement assembled with a `QueryBuilder` (a count …).
    pub async fn fetch_scalar<T>(&self, builder: &mut QueryBuilder<'_, Any>) -> Result<T, sqlx::Error>
    where
        (T,): for<'r> FromRow<'r, AnyRow>,
        T: Send + Unpin,
    {
        let (sql, args) = self.prepared(builder)?;
        sqlx::query_scalar_with(&sql, args).fetch_one(&self.pool).await
    }

    /// A builder's text and arguments. The builder writes `?` placeholders whichever driver
    /// runs it (launchbadge/sqlx#3000): SQLite reads them as they are, PostgreSQL needs them
    /// numbered (`$1`, `$2` …).
    fn prepared<'q>(&self, builder: &'q mut QueryBuilder<'_, Any>) -> Result<(String, AnyArguments<'q>), sqlx::Error> {
        let mut query = builder.build();
        let args = query.take_arguments().map_err(sqlx::Error::Encode)?.unwrap_or_default();
        let sql = match self.backend {
            Backend::Sqlite => query.sql().to_string(),
            Backend::Postgres => dialect::number_placeholders(query.sql()),
        };
        Ok((sql, args))
    }

    /// A transaction that will write. On SQLite it takes the write lock up front, so two
    /// writers queue on the busy timeout instead of one failing when it upgrades its lock.
    pub async fn begin_write(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Readiness: the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&self.pool).await.map(|_| ())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn with_create_mode(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

fn ensure_sqlite_dir(url: &str) -> Result<(), DbError> {
    let path = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path.contains(":memory:") {
        return Ok(());
    }
    match Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir)
            .map_err(|source| DbError::CreateDir { path: dir.display().to_string(), source }),
        _ => Ok(()),
    }
}

/// A URL fit for logs: the password, if any, replaced.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// A column holding JSON, decoded into `T` by `#[sqlx(try_from = "String")]`: text the type
/// does not read is a decoding error (logged), never a default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T: serde::de::DeserializeOwned> TryFrom<String> for Json<T> {
    type Error = serde_json::Error;
    fn try_from(text: String) -> Result<Self, serde_json::Error> {
        serde_json::from_str(&text).map(Json)
    }
}

/// A column holding one of a closed list of choices, or nothing yet (empty text), decoded by
/// `#[sqlx(try_from = "String")]`: a value the list does not know is a decoding error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice<T>(pub Option<T>);

impl<T: std::str::FromStr> TryFrom<String> for Choice<T> {
    type Error = T::Err;
    fn try_from(text: String) -> Result<Self, T::Err> {
        match text.trim() {
            "" => Ok(Choice(None)),
            value => value.parse().map(|v| Choice(Some(v))),
        }
    }
}

/// `value` as the JSON text a column stores.
#[track_caller]
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).or_internal()
}

/// A parenthesised list of bound ids for `IN`; `(NULL)` for none, which matches no row.
pub fn push_ids(sql: &mut QueryBuilder<'_, Any>, ids: &[i64]) {
    if ids.is_empty() {
        sql.push("(NULL)");
        return;
    }
    sql.push("(");
    let mut list = sql.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    list.push_unseparated(")");
}

/// Is this error a violated UNIQUE constraint (a duplicate email, slug …)?
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_backends() {
        assert_eq!(Backend::from_url("sqlite://data/caravan.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::from_url("sqlite::memory:"), Some(Backend::Sqlite));
        assert_eq!(Backend::from_url("postgres://u@h/db"), Some(Backend::Postgres));
        assert_eq!(Backend::from_url("postgresql://u@h/db"), Some(Backend::Postgres));
        assert_eq!(Backend::from_url("mysql://u@h/db"), None);
    }

    #[test]
    fn adds_create_mode_to_sqlite_urls() {
        assert_eq!(with_create_mode("sqlite://a.db"), "sqlite://a.db?mode=rwc");
        assert_eq!(with_create_mode("sqlite://a.db?cache=shared"), "sqlite://a.db?cache=shared&mode=rwc");
        assert_eq!(with_create_mode("sqlite://a.db?mode=ro"), "sqlite://a.db?mode=ro");
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(redact("postgres://app:s3cret@db:5432/caravan"), "postgres://app:***@db:5432/caravan");
        assert_eq!(redact("postgres://app@db/caravan"), "postgres://app@db/caravan");
        assert_eq!(redact("sqlite://data/caravan.db"), "sqlite://data/caravan.db");
    }
}
