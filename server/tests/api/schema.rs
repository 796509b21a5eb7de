//! Both engines, migrated from empty, end with the same schema: tables, columns, types
//! (SQLite's declared type mapped to PostgreSQL's), nullability, defaults, keys, indexes.

use std::collections::BTreeMap;
use std::fmt;

use sqlx::{Connection, Row};

use crate::common;

/// A column as both engines can say it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    kind: String,
    not_null: bool,
    default: Option<String>,
    key: bool,
}

/// An index by its name: whether it is unique or partial, and what it covers, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Index {
    table: String,
    unique: bool,
    partial: bool,
    covers: Vec<String>,
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Schema {
    tables: BTreeMap<String, BTreeMap<String, Column>>,
    indexes: BTreeMap<String, Index>,
}

impl fmt::Display for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (table, columns) in &self.tables {
            writeln!(f, "{table}")?;
            for (name, c) in columns {
                writeln!(f, "  {name}: {c:?}")?;
            }
        }
        for (name, i) in &self.indexes {
            writeln!(f, "index {name}: {i:?}")?;
        }
        Ok(())
    }
}

/// The kind a declared type stands for. SQLite keeps whatever was declared, so the
/// declarations are held to PostgreSQL's names; only the integers differ in spelling
/// (SQLite's rowid key must be declared `INTEGER`).
fn kind(declared: &str) -> String {
    let lower = declared.trim().to_ascii_lowercase();
    match lower.as_str() {
        "integer" | "bigint" | "int" | "int8" | "int4" | "smallint" => "integer",
        "text" | "character varying" => "text",
        "timestamptz" | "timestamp with time zone" => "timestamptz",
        "blob" | "bytea" => "bytes",
        "json" | "jsonb" => "json",
        "boolean" => "boolean",
        "date" => "date",
        "real" | "double precision" => "real",
        _ => return format!("unknown({lower})"),
    }
    .to_owned()
}

/// A default as an expression both engines would agree on: casts and the engines' own
/// spellings of "now" and of truth taken away; a key's sequence is the key, not a default.
fn default(raw: Option<String>, kind: &str) -> Option<String> {
    let raw = raw?;
    if raw.starts_with("nextval(") {
        return None;
    }
    let mut text = raw.trim().to_owned();
    while text.starts_with('(') && text.ends_with(')') {
        text = text[1..text.len() - 1].trim().to_owned();
    }
    if let Some((value, _cast)) = text.rsplit_once("::") {
        text = value.to_owned();
    }
    let text = match (text.to_ascii_lowercase().as_str(), kind) {
        ("now()" | "current_timestamp" | "current_timestamp(6)", _) => "now".to_owned(),
        ("true" | "1", "boolean") => "true".to_owned(),
        ("false" | "0", "boolean") => "false".to_owned(),
        _ => text,
    };
    Some(text)
}

async fn sqlite(dir: &std::path::Path) -> Schema {
    let db = server::db::Db::open(dir, server::db::Settings::default())
        .await
        .expect("SQLite migrates");
    db.close().await;
    let url = format!("sqlite://{}", dir.join("brs.sqlite3").display());
    let mut conn = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("the SQLite file opens");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .expect("the tables");
    let mut schema = Schema::default();
    for table in tables {
        let mut columns = BTreeMap::new();
        let rows =
            sqlx::query("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)")
                .bind(&table)
                .fetch_all(&mut conn)
                .await
                .expect("the columns");
        for row in rows {
            let kind = kind(row.get::<String, _>(1).as_str());
            let key = row.get::<i64, _>(4) > 0;
            let column = Column {
                // SQLite lets a key be NULL unless told; PostgreSQL never does.
                not_null: row.get::<i64, _>(2) == 1 || key,
                default: default(row.get(3), &kind),
                kind,
                key,
            };
            columns.insert(row.get(0), column);
        }
        let indexes =
            sqlx::query("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)")
                .bind(&table)
                .fetch_all(&mut conn)
                .await
                .expect("the indexes");
        for row in indexes {
            let name: String = row.get(0);
            let origin: String = row.get(2);
            let covers: Vec<String> = sqlx::query_scalar(
                "SELECT coalesce(name, '<expression>') FROM pragma_index_info(?) ORDER BY seqno",
            )
            .bind(&name)
            .fetch_all(&mut conn)
            .await
            .expect("the index's columns");
            if origin == "pk" {
                continue;
            }
            // A UNIQUE clause's index is named by each engine its own way.
            let name = match origin.as_str() {
                "c" => name,
                _ => format!("{table}({})", covers.join(",")),
            };
            let index = Index {
                table: table.clone(),
                unique: row.get::<i64, _>(1) == 1,
                partial: row.get::<i64, _>(3) == 1,
                covers,
            };
            schema.indexes.insert(name, index);
        }
        schema.tables.insert(table, columns);
    }
    schema
}

async fn postgres(url: &str) -> Schema {
    let mut conn = sqlx::PgConnection::connect(url)
        .await
        .expect("the database answers");
    let mut schema = Schema::default();
    let rows = sqlx::query(
        "SELECT c.table_name::text, c.column_name::text, c.data_type::text, \
                c.is_nullable = 'NO', c.column_default::text, \
                EXISTS (SELECT 1 FROM information_schema.table_constraints k \
                        JOIN information_schema.key_column_usage u \
                          ON u.constraint_name = k.constraint_name \
                         AND u.table_name = k.table_name \
                        WHERE k.table_schema = 'public' AND k.constraint_type = 'PRIMARY KEY' \
                          AND k.table_name = c.table_name AND u.column_name = c.column_name) \
         FROM information_schema.columns c \
         JOIN information_schema.tables t \
           ON t.table_name = c.table_name AND t.table_schema = c.table_schema \
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' \
           AND c.table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut conn)
    .await
    .expect("the columns");
    for row in rows {
        let kind = kind(row.get::<String, _>(2).as_str());
        let column = Column {
            not_null: row.get(3),
            default: default(row.get(4), &kind),
            kind,
            key: row.get(5),
        };
        schema
            .tables
            .entry(row.get(0))
            .or_default()
            .insert(row.get(1), column);
    }
    let rows = sqlx::query(
        "SELECT t.relname::text, i.relname::text, x.indisunique, x.indpred IS NOT NULL, \
                EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid), \
                x.indisprimary, \
                array(SELECT coalesce(a.attname::text, '<expression>') \
                      FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n) \
                      LEFT JOIN pg_attribute a \
                        ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum <> 0 \
                      ORDER BY k.n) \
         FROM pg_index x \
         JOIN pg_class i ON i.oid = x.indexrelid \
         JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace s ON s.oid = t.relnamespace \
         WHERE s.nspname = 'public' AND t.relname <> '_sqlx_migrations'",
    )
    .fetch_all(&mut conn)
    .await
    .expect("the indexes");
    for row in rows {
        // A key is compared as its columns' `key`.
        if row.get::<bool, _>(5) {
            continue;
        }
        let table: String = row.get(0);
        let mut covers: Vec<String> = row.get(6);
        // SQLite ends every index with the row's id unasked; PostgreSQL is told to.
        if covers.len() > 1 && covers.last().is_some_and(|c| c == ROWID) {
            covers.pop();
        }
        let name = if row.get::<bool, _>(4) {
            format!("{table}({})", covers.join(","))
        } else {
            row.get(1)
        };
        let index = Index {
            table,
            unique: row.get(2),
            partial: row.get(3),
            covers,
        };
        schema.indexes.insert(name, index);
    }
    schema
}

/// The column PostgreSQL is given where SQLite has its implicit row id.
const ROWID: &str = "rowid";

/// How SQLite stores what PostgreSQL types: times, dates and JSON as text, truth as 0/1.
fn stored_as(postgres: &str) -> &str {
    match postgres {
        "timestamptz" | "date" | "json" => "text",
        "boolean" => "integer",
        other => other,
    }
}

/// Where the engines differ on purpose, each with why; any other difference is drift.
const ON_PURPOSE: &[(&str, &str)] = &[
    (
        "sessions.expiry_date",
        "the session stores of each engine keep the expiry as each one's own time type",
    ),
    (
        "index users(username)",
        "SQLite's UNIQUE COLLATE NOCASE is PostgreSQL's unique index on lower(username)",
    ),
    (
        "index users_username",
        "the same rule, as PostgreSQL says it",
    ),
    (
        "index users_username_lower",
        "SQLite looks names up by lower(username) through its own index",
    ),
    (
        "index case_index_answer",
        "PostgreSQL orders by the row id it is given, SQLite by its implicit one",
    ),
    (
        "index case_index_answer_status",
        "PostgreSQL's half of the same pair",
    ),
    (
        "index case_index_name_anywhere",
        "PostgreSQL finds a name anywhere through trigrams, SQLite scans the index",
    ),
];

/// Whether a SQLite column is how SQLite keeps a PostgreSQL one.
fn same_column(sqlite: &Column, postgres: &Column) -> bool {
    let kind = stored_as(&postgres.kind);
    // A default is read by the type it is kept as: SQLite's 0 is PostgreSQL's false.
    let by_kind = |c: &Column| default(c.default.clone(), &postgres.kind);
    sqlite.kind == kind
        && sqlite.not_null == postgres.not_null
        && sqlite.key == postgres.key
        && by_kind(sqlite) == by_kind(postgres)
}

/// What one schema has that the other has not, or has otherwise, a line each, by what
/// it names (a table's column or an index).
fn drift(sqlite: &Schema, postgres: &Schema) -> Vec<(String, String)> {
    let mut lines = Vec::new();
    let tables: std::collections::BTreeSet<&String> =
        sqlite.tables.keys().chain(postgres.tables.keys()).collect();
    for table in tables {
        let (s, p) = (sqlite.tables.get(table), postgres.tables.get(table));
        let (Some(s), Some(p)) = (s, p) else {
            lines.push((
                format!("table {table}"),
                format!("SQLite {s:?}, PostgreSQL {p:?}"),
            ));
            continue;
        };
        let columns: std::collections::BTreeSet<&String> = s.keys().chain(p.keys()).collect();
        for column in columns {
            let same = match (s.get(column), p.get(column)) {
                (Some(a), Some(b)) => same_column(a, b),
                (None, Some(_)) => column == ROWID,
                _ => false,
            };
            if !same {
                lines.push((
                    format!("{table}.{column}"),
                    format!("SQLite {:?}, PostgreSQL {:?}", s.get(column), p.get(column)),
                ));
            }
        }
    }
    let names: std::collections::BTreeSet<&String> = sqlite
        .indexes
        .keys()
        .chain(postgres.indexes.keys())
        .collect();
    for name in names {
        let (a, b) = (sqlite.indexes.get(name), postgres.indexes.get(name));
        let rowid = b.is_some_and(|b| b.covers == [ROWID]) && a.is_none();
        if a != b && !rowid {
            lines.push((
                format!("index {name}"),
                format!("SQLite {a:?}, PostgreSQL {b:?}"),
            ));
        }
    }
    lines
}

#[tokio::test]
async fn both_engines_end_with_the_same_schema() {
    let Some(url) = common::fresh_database().await else {
        eprintln!("the schemas are compared when the suite runs against PostgreSQL");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = sqlite(dir.path()).await;
    common::migrate(&url).await;
    let postgres = postgres(&url).await;
    assert!(sqlite.tables.len() >= 20, "{sqlite}");
    assert!(
        sqlite
            .tables
            .values()
            .flatten()
            .all(|(_, c)| !c.kind.starts_with("unknown")),
        "every declared type has its kind:\n{sqlite}"
    );
    let found = drift(&sqlite, &postgres);
    let unexplained: Vec<String> = found
        .iter()
        .filter(|(what, _)| !ON_PURPOSE.iter().any(|(known, _)| known == what))
        .map(|(what, how)| format!("{what}: {how}"))
        .collect();
    assert!(
        unexplained.is_empty(),
        "the engines' schemas differ:\n{}",
        unexplained.join("\n")
    );
    // A difference mended stops being excused.
    let stale: Vec<&str> = ON_PURPOSE
        .iter()
        .map(|(known, _)| *known)
        .filter(|known| !found.iter().any(|(what, _)| what == known))
        .collect();
    assert!(stale.is_empty(), "no longer different: {stale:?}");
}

#[test]
fn a_drift_is_seen() {
    let column = |kind: &str| Column {
        kind: kind.to_owned(),
        not_null: true,
        default: None,
        key: false,
    };
    let mut a = Schema::default();
    a.tables
        .entry("cases".into())
        .or_default()
        .insert("id".into(), column("integer"));
    let mut b = Schema::default();
    b.tables
        .entry("cases".into())
        .or_default()
        .insert("id".into(), column("text"));
    assert_eq!(drift(&a, &b).len(), 1);
    // SQLite keeps a PostgreSQL date as text, and its 0 is false.
    let mut p = column("boolean");
    p.default = Some("false".into());
    let mut q = column("integer");
    q.default = Some("0".into());
    assert!(same_column(&q, &p));
    assert!(!same_column(&column("integer"), &column("date")));
    assert!(drift(&a, &a).is_empty());
    assert_eq!(
        default(Some("'x'::text".into()), "text"),
        Some("'x'".into())
    );
    assert_eq!(default(Some("0".into()), "boolean"), Some("false".into()));
    assert_eq!(
        default(Some("CURRENT_TIMESTAMP".into()), "timestamptz"),
        default(Some("now()".into()), "timestamptz")
    );
}
