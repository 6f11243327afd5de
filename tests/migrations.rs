//! The two migration folders (`migrations/sqlite`, `migrations/postgres`) must build the same
//! schema: this test migrates a fresh database on each backend, reads back its tables, views,
//! columns, keys and indexes from the catalog, and compares them after normalising the type
//! names the backends spell differently (INTEGER/BIGINT, TEXT/VARCHAR …).
//!
//! Only the full-text search tables differ by design (FTS5 on SQLite, tsvector and trigrams on
//! PostgreSQL); they are named below. Column defaults and triggers are written in each
//! backend's own syntax and are checked by the behaviour tests instead.

mod common;

use common::{TestApp, every_backend};
use sqlx::{AnyPool, FromRow};
use std::collections::{BTreeMap, BTreeSet};

/// Tables that exist on one backend only: each one's full-text machinery.
const SQLITE_ONLY: &[&str] = &[
    "product_fts",
    "product_fts_config",
    "product_fts_content",
    "product_fts_data",
    "product_fts_docsize",
    "product_fts_idx",
    "product_vocab",
];
const POSTGRES_ONLY: &[&str] = &["product_search", "search_words"];
const POSTGRES_ONLY_INDEXES: &[&str] = &["product_search_document", "search_words_trigram"];

#[derive(Debug, PartialEq)]
struct Column {
    name: String,
    kind: &'static str,
    not_null: bool,
}

#[derive(Debug, PartialEq)]
struct Index {
    table: String,
    unique: bool,
    partial: bool,
    /// Column names in key order; an expression is written `(expression)`.
    columns: Vec<String>,
}

#[derive(Debug, Default, PartialEq)]
struct Schema {
    /// Every table's columns in declaration order.
    tables: BTreeMap<String, Vec<Column>>,
    /// A view's column names (their types are inferred differently by each backend).
    views: BTreeMap<String, Vec<String>>,
    /// Primary key and UNIQUE constraints: table → key columns, in key order.
    keys: BTreeSet<(String, Vec<String>)>,
    /// Indexes created with CREATE INDEX, by name.
    indexes: BTreeMap<String, Index>,
}

/// One name for each family of types the migrations use.
fn kind_of(declared: &str) -> &'static str {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" | "smallint" | "int" | "int8" | "int4" => "integer",
        "text" | "varchar" | "character varying" => "text",
        "real" | "double precision" => "real",
        "blob" | "bytea" => "blob",
        "" => "none",
        other => panic!("the schema declares a column type this test does not know: {other}"),
    }
}

#[derive(FromRow)]
struct ObjectRow {
    name: String,
    is_view: i64,
}

#[derive(FromRow)]
struct ColumnRow {
    name: String,
    declared: String,
    not_null: i64,
}

#[derive(FromRow)]
struct NameRow {
    name: String,
}

async fn read_sqlite(pool: &AnyPool) -> Schema {
    let mut schema = Schema::default();
    let objects: Vec<ObjectRow> = sqlx::query_as(
        "SELECT name, CASE type WHEN 'view' THEN 1 ELSE 0 END AS is_view FROM sqlite_master \
         WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
         AND name NOT LIKE '\\_sqlx%' ESCAPE '\\' ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .expect("list SQLite tables");
    for object in objects.into_iter().filter(|o| !SQLITE_ONLY.contains(&o.name.as_str())) {
        // An INTEGER PRIMARY KEY is the rowid: never null, though `notnull` says 0.
        let columns: Vec<ColumnRow> = sqlx::query_as(
            "SELECT name, type AS declared, CASE WHEN \"notnull\" = 1 OR pk > 0 THEN 1 ELSE 0 END AS not_null \
             FROM pragma_table_info($1) ORDER BY cid",
        )
        .bind(&object.name)
        .fetch_all(pool)
        .await
        .expect("read SQLite columns");
        if object.is_view == 1 {
            schema.views.insert(object.name, columns.into_iter().map(|c| c.name).collect());
            continue;
        }
        let primary: Vec<NameRow> = sqlx::query_as("SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk")
            .bind(&object.name)
            .fetch_all(pool)
            .await
            .expect("read SQLite primary key");
        if !primary.is_empty() {
            schema.keys.insert((object.name.clone(), primary.into_iter().map(|c| c.name).collect()));
        }
        read_sqlite_indexes(pool, &object.name, &mut schema).await;
        let columns = columns
            .into_iter()
            .map(|c| Column { kind: kind_of(&c.declared), not_null: c.not_null == 1, name: c.name })
            .collect();
        schema.tables.insert(object.name, columns);
    }
    schema
}

#[derive(FromRow)]
struct SqliteIndexRow {
    name: String,
    is_unique: i64,
    origin: String,
    partial: i64,
}

async fn read_sqlite_indexes(pool: &AnyPool, table: &str, schema: &mut Schema) {
    let indexes: Vec<SqliteIndexRow> = sqlx::query_as(
        "SELECT name, \"unique\" AS is_unique, origin, partial FROM pragma_index_list($1) ORDER BY name",
    )
    .bind(table)
    .fetch_all(pool)
    .await
    .expect("list SQLite indexes");
    for index in indexes {
        let columns: Vec<(Option<String>,)> = sqlx::query_as("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
            .bind(&index.name)
            .fetch_all(pool)
            .await
            .expect("read SQLite index columns");
        let columns: Vec<String> =
            columns.into_iter().map(|(name,)| name.unwrap_or_else(|| "(expression)".into())).collect();
        match index.origin.as_str() {
            // The primary key was read from the table's columns.
            "pk" => {}
            "u" => {
                schema.keys.insert((table.to_string(), columns));
            }
            _ => {
                let index_entry = Index {
                    table: table.to_string(),
                    unique: index.is_unique == 1,
                    partial: index.partial == 1,
                    columns,
                };
                schema.indexes.insert(index.name, index_entry);
            }
        }
    }
}

#[derive(FromRow)]
struct PgIndexRow {
    name: String,
    table_name: String,
    is_unique: i64,
    partial: i64,
    columns: String,
    constraint_kind: String,
}

async fn read_postgres(pool: &AnyPool) -> Schema {
    let mut schema = Schema::default();
    let objects: Vec<ObjectRow> = sqlx::query_as(
        "SELECT table_name::text AS name, CASE table_type WHEN 'VIEW' THEN 1 ELSE 0 END::bigint AS is_view \
         FROM information_schema.tables WHERE table_schema = current_schema() \
         AND table_name NOT LIKE '\\_sqlx%' ORDER BY table_name",
    )
    .fetch_all(pool)
    .await
    .expect("list PostgreSQL tables");
    for object in objects.into_iter().filter(|o| !POSTGRES_ONLY.contains(&o.name.as_str())) {
        let columns: Vec<ColumnRow> = sqlx::query_as(
            "SELECT column_name::text AS name, data_type::text AS declared, \
             CASE is_nullable WHEN 'NO' THEN 1 ELSE 0 END::bigint AS not_null \
             FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 \
             ORDER BY ordinal_position",
        )
        .bind(&object.name)
        .fetch_all(pool)
        .await
        .expect("read PostgreSQL columns");
        if object.is_view == 1 {
            schema.views.insert(object.name, columns.into_iter().map(|c| c.name).collect());
        } else {
            let columns = columns
                .into_iter()
                .map(|c| Column { kind: kind_of(&c.declared), not_null: c.not_null == 1, name: c.name })
                .collect();
            schema.tables.insert(object.name, columns);
        }
    }
    // Every index, with the constraint it backs ('p' primary key, 'u' unique, '' none).
    let indexes: Vec<PgIndexRow> = sqlx::query_as(
        "SELECT i.relname::text AS name, t.relname::text AS table_name, \
         CASE WHEN x.indisunique THEN 1 ELSE 0 END::bigint AS is_unique, \
         CASE WHEN x.indpred IS NULL THEN 0 ELSE 1 END::bigint AS partial, \
         array_to_string(ARRAY(SELECT COALESCE(a.attname::text, '(expression)') \
             FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
             LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum \
             ORDER BY k.ord), ',') AS columns, \
         COALESCE((SELECT c.contype::text FROM pg_constraint c \
             WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u')), '') AS constraint_kind \
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() \
         AND t.relname NOT LIKE '\\_sqlx%' ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .expect("list PostgreSQL indexes");
    for index in indexes {
        if POSTGRES_ONLY.contains(&index.table_name.as_str()) || POSTGRES_ONLY_INDEXES.contains(&index.name.as_str()) {
            continue;
        }
        let columns: Vec<String> = index.columns.split(',').map(str::to_string).collect();
        if index.constraint_kind.is_empty() {
            let entry =
                Index { table: index.table_name, unique: index.is_unique == 1, partial: index.partial == 1, columns };
            schema.indexes.insert(index.name, entry);
        } else {
            schema.keys.insert((index.table_name, columns));
        }
    }
    schema
}

async fn schema_of(app: &TestApp) -> Schema {
    match app.backend {
        "sqlite" => read_sqlite(app.db.pool()).await,
        _ => read_postgres(app.db.pool()).await,
    }
}

/// What one schema has that the other lacks or spells differently, line by line.
fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    compare(&mut out, "table", &sqlite.tables, &postgres.tables);
    compare(&mut out, "view", &sqlite.views, &postgres.views);
    compare(&mut out, "index", &sqlite.indexes, &postgres.indexes);
    for key in sqlite.keys.symmetric_difference(&postgres.keys) {
        let side = if sqlite.keys.contains(key) { "SQLite" } else { "PostgreSQL" };
        out.push(format!("key {key:?} only on {side}"));
    }
    out
}

fn compare<T: PartialEq + std::fmt::Debug>(
    out: &mut Vec<String>,
    what: &str,
    sqlite: &BTreeMap<String, T>,
    postgres: &BTreeMap<String, T>,
) {
    for (name, s) in sqlite {
        match postgres.get(name) {
            None => out.push(format!("{what} {name} only on SQLite")),
            Some(p) if p != s => out.push(format!("{what} {name} differs:\n  SQLite:     {s:?}\n  PostgreSQL: {p:?}")),
            Some(_) => {}
        }
    }
    out.extend(postgres.keys().filter(|n| !sqlite.contains_key(*n)).map(|n| format!("{what} {n} only on PostgreSQL")));
}

#[tokio::test]
async fn both_backends_migrate_to_the_same_schema() {
    let apps = every_backend().await;
    let mut schemas = Vec::new();
    for app in apps {
        schemas.push(schema_of(&app).await);
        app.finish().await;
    }
    let sqlite = &schemas[0];
    assert!(
        sqlite.tables.contains_key("products") && sqlite.indexes.len() > 30,
        "the SQLite schema was read: {sqlite:?}"
    );
    let Some(postgres) = schemas.get(1) else {
        eprintln!("TEST_DATABASE_URL is not set: the PostgreSQL side of the schema comparison was skipped");
        return;
    };
    let differences = differences(sqlite, postgres);
    assert!(differences.is_empty(), "the migrations build different schemas:\n{}", differences.join("\n"));
}

#[test]
fn the_comparison_normalises_type_names_and_reports_what_is_missing() {
    // A table on one side only is reported; type names normalise, types do not.
    let sqlite = Schema { tables: BTreeMap::from([("a".into(), vec![])]), ..Schema::default() };
    let postgres = Schema::default();
    assert_eq!(differences(&sqlite, &postgres), ["table a only on SQLite"]);
    let column = |kind| Column { name: "price".into(), kind, not_null: true };
    let sqlite =
        Schema { tables: BTreeMap::from([("t".into(), vec![column(kind_of("INTEGER"))])]), ..Schema::default() };
    let postgres =
        Schema { tables: BTreeMap::from([("t".into(), vec![column(kind_of("bigint"))])]), ..Schema::default() };
    assert!(differences(&sqlite, &postgres).is_empty(), "INTEGER and BIGINT are one kind");
    let text = Schema { tables: BTreeMap::from([("t".into(), vec![column(kind_of("text"))])]), ..Schema::default() };
    assert_eq!(differences(&sqlite, &text).len(), 1, "an integer column is not a text column");
}
