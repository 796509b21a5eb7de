//! SQL that runs on either engine: the pool, transactions, values, queries and rows.
//!
//! Queries are written once, in SQL both SQLite and PostgreSQL read, with `?` (or `?N`)
//! placeholders; for PostgreSQL they are numbered `$N` when sent. Values are bound as
//! [`Value`]s, which carry their type so that a missing value is a typed NULL, and rows are
//! decoded into any type both engines can decode. Where the engines differ, the difference
//! is written once, in [`Engine`].

use std::borrow::Cow;
use std::future::Future;

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::FutureExt;
use serde_json::value::RawValue;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArguments, PgConnection, PgPool, PgRow};
use sqlx::sqlite::{SqliteArguments, SqliteConnection, SqlitePool, SqliteRow};
use sqlx::{Arguments, Decode, Executor, FromRow, Postgres, Sqlite, Type};

/// Which database engine a pool speaks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// One SQLite file in the data folder: the default.
    Sqlite,
    /// A PostgreSQL database, which several server instances may share.
    Postgres,
}

impl Engine {
    /// `column` starting with `prefix` (digits, no wildcards), with the pattern to bind.
    /// SQLite's `LIKE` ignores case and so cannot use an ordinary index; its `GLOB` can.
    /// PostgreSQL's `LIKE` on a column of the "C" collation can.
    pub fn starts_with(self, column: &str, prefix: &str) -> (String, String) {
        match self {
            Engine::Sqlite => (format!("{column} GLOB ?"), format!("{prefix}*")),
            Engine::Postgres => (format!("{column} LIKE ?"), format!("{prefix}%")),
        }
    }
}

/// Takes the writers' turn for the rest of the transaction; the number is the lock's
/// name, the same in every instance.
const WRITERS_TURN: &str = "SELECT pg_advisory_xact_lock(20261203)";

/// A pool of connections to one of the engines.
#[derive(Clone, Debug)]
pub enum Pool {
    /// SQLite.
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
}

impl Pool {
    /// The engine this pool speaks to.
    pub fn engine(&self) -> Engine {
        match self {
            Pool::Sqlite(_) => Engine::Sqlite,
            Pool::Postgres(_) => Engine::Postgres,
        }
    }

    /// Starts a transaction.
    pub async fn begin(&self) -> sqlx::Result<Tx> {
        Ok(match self {
            Pool::Sqlite(p) => Tx::Sqlite(p.begin().await?),
            Pool::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// Starts a write transaction. Server instances sharing a PostgreSQL database take
    /// turns here, as the writers of one instance do: each write transaction first takes
    /// one advisory lock, held until it commits. So the sequence numbers writes take commit
    /// in the order they were taken, across instances, and a pull that has seen change N
    /// has seen every change before it.
    ///
    /// On SQLite the transaction takes the file's write lock as it begins, waiting for it
    /// as long as the connection waits when busy. Begun as a reader, a write that read
    /// first would be refused at once ("database is locked") if a statement outside the
    /// writers' turn, such as a session saved, held the lock at its first write.
    pub async fn begin_write(&self) -> sqlx::Result<Tx> {
        Ok(match self {
            Pool::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(p) => {
                let mut t = p.begin().await?;
                (&mut *t).execute(WRITERS_TURN).await?;
                Tx::Postgres(t)
            }
        })
    }

    /// Starts a read-only transaction whose statements all see one snapshot. SQLite's
    /// transactions do; PostgreSQL's see a new snapshot per statement unless asked.
    pub async fn snapshot(&self) -> sqlx::Result<Tx> {
        let mut tx = self.begin().await?;
        if let Tx::Postgres(t) = &mut tx {
            (&mut **t)
                .execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .await?;
        }
        Ok(tx)
    }

    /// Closes every connection.
    pub async fn close(&self) {
        match self {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }
}

/// A transaction on one of the engines.
#[derive(Debug)]
pub enum Tx {
    /// SQLite.
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    /// PostgreSQL.
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl Tx {
    /// Commits the transaction.
    pub async fn commit(self) -> sqlx::Result<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await,
            Tx::Postgres(t) => t.commit().await,
        }
    }

    /// Rolls the transaction back.
    pub async fn rollback(self) -> sqlx::Result<()> {
        match self {
            Tx::Sqlite(t) => t.rollback().await,
            Tx::Postgres(t) => t.rollback().await,
        }
    }
}

/// Where a query runs: on a pool (any free connection) or inside a transaction.
#[derive(Debug)]
pub enum On<'a> {
    /// A SQLite pool.
    SqlitePool(&'a SqlitePool),
    /// A PostgreSQL pool.
    PgPool(&'a PgPool),
    /// A SQLite connection (a transaction's).
    Sqlite(&'a mut SqliteConnection),
    /// A PostgreSQL connection (a transaction's).
    Postgres(&'a mut PgConnection),
}

impl<'a> From<&'a Pool> for On<'a> {
    fn from(pool: &'a Pool) -> Self {
        match pool {
            Pool::Sqlite(p) => On::SqlitePool(p),
            Pool::Postgres(p) => On::PgPool(p),
        }
    }
}

impl<'a> From<&'a mut Tx> for On<'a> {
    fn from(tx: &'a mut Tx) -> Self {
        match tx {
            Tx::Sqlite(t) => On::Sqlite(t),
            Tx::Postgres(t) => On::Postgres(t),
        }
    }
}

impl<'a> From<&'a super::Db> for On<'a> {
    fn from(db: &'a super::Db) -> Self {
        db.pool().into()
    }
}

/// JSON text, stored as `jsonb` on PostgreSQL and as text on SQLite.
#[derive(Clone, Debug)]
pub struct Json(pub String);

/// A value bound to a query, with its type even when it is missing.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An integer (`INTEGER`, `BIGINT`).
    Int(Option<i64>),
    /// Text.
    Text(Option<String>),
    /// A truth value (`INTEGER` 0/1 on SQLite, `BOOLEAN` on PostgreSQL).
    Bool(Option<bool>),
    /// An instant (text on SQLite, `TIMESTAMPTZ` on PostgreSQL).
    Time(Option<DateTime<Utc>>),
    /// A calendar date (text on SQLite, `DATE` on PostgreSQL).
    Date(Option<NaiveDate>),
    /// JSON (text on SQLite, `JSONB` on PostgreSQL).
    Json(Option<String>),
}

macro_rules! values {
    ($($t:ty => $variant:ident $(via $conv:expr)?),* $(,)?) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Value::$variant(Some(values!(@conv v $(, $conv)?)))
            }
        }
        impl From<Option<$t>> for Value {
            fn from(v: Option<$t>) -> Self {
                Value::$variant(v.map(|v| values!(@conv v $(, $conv)?)))
            }
        }
    )*};
    (@conv $v:ident) => { $v };
    (@conv $v:ident, $conv:expr) => { $conv($v) };
}

values! {
    i64 => Int,
    i32 => Int via i64::from,
    u32 => Int via i64::from,
    u16 => Int via i64::from,
    u8 => Int via i64::from,
    String => Text,
    &str => Text via str::to_owned,
    &String => Text via String::clone,
    bool => Bool,
    DateTime<Utc> => Time,
    NaiveDate => Date,
    Json => Json via |j: Json| j.0,
}

impl From<&Option<String>> for Value {
    fn from(v: &Option<String>) -> Self {
        Value::Text(v.clone())
    }
}

impl Value {
    fn add_sqlite(self, args: &mut SqliteArguments<'static>) -> Result<(), BoxDynError> {
        match self {
            Value::Int(v) => args.add(v),
            Value::Text(v) | Value::Json(v) => args.add(v),
            Value::Bool(v) => args.add(v),
            Value::Time(v) => args.add(v),
            Value::Date(v) => args.add(v),
        }
    }

    fn add_pg(self, args: &mut PgArguments) -> Result<(), BoxDynError> {
        match self {
            Value::Int(v) => args.add(v),
            Value::Text(v) => args.add(v),
            Value::Bool(v) => args.add(v),
            Value::Time(v) => args.add(v),
            Value::Date(v) => args.add(v),
            Value::Json(v) => {
                let raw = v.map(RawValue::from_string).transpose()?;
                args.add(raw.map(sqlx::types::Json))
            }
        }
    }
}

/// A type both engines decode a row into.
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{}

/// A type both engines decode a single column into.
pub trait Column:
    for<'r> Decode<'r, Sqlite>
    + Type<Sqlite>
    + for<'r> Decode<'r, Postgres>
    + Type<Postgres>
    + Send
    + Unpin
{
}
impl<T> Column for T where
    T: for<'r> Decode<'r, Sqlite>
        + Type<Sqlite>
        + for<'r> Decode<'r, Postgres>
        + Type<Postgres>
        + Send
        + Unpin
{
}

/// A statement and the values bound to it, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    sql: String,
    args: Vec<Value>,
}

/// `?, ?, ?`: the placeholders of `count` values, for `IN (…)` or a row of an insert.
pub fn marks(count: usize) -> String {
    vec!["?"; count].join(", ")
}

/// A query of `sql`, its values to be bound.
pub fn query(sql: impl Into<String>) -> Query {
    Query {
        sql: sql.into(),
        args: Vec::new(),
    }
}

/// Runs `sql`, which may hold several statements and no values, on `on`.
pub fn batch<'a>(
    sql: &'a str,
    on: impl Into<On<'a>>,
) -> impl Future<Output = sqlx::Result<()>> + Send + 'a {
    let on = on.into();
    async move { batch_on(sql, on).await }
}

async fn batch_on(sql: &str, on: On<'_>) -> sqlx::Result<()> {
    match on {
        On::SqlitePool(p) => p.execute(sql).await.map(drop),
        On::PgPool(p) => p.execute(sql).await.map(drop),
        On::Sqlite(c) => c.execute(sql).await.map(drop),
        On::Postgres(c) => c.execute(sql).await.map(drop),
    }
}

/// Runs `$method` of the query built by `$make(sql, args)` on whichever engine `$on` is.
macro_rules! run {
    ($self:ident, $on:expr, $make:ident, $method:ident) => {{
        match $on {
            On::SqlitePool(p) => {
                let args = $self.sqlite_args()?;
                sqlx::$make(&$self.sql, args).$method(p).boxed().await
            }
            On::Sqlite(c) => {
                let args = $self.sqlite_args()?;
                sqlx::$make(&$self.sql, args).$method(c).boxed().await
            }
            On::PgPool(p) => {
                let sql = numbered(&$self.sql);
                let args = $self.pg_args()?;
                sqlx::$make(&sql, args).$method(p).boxed().await
            }
            On::Postgres(c) => {
                let sql = numbered(&$self.sql);
                let args = $self.pg_args()?;
                sqlx::$make(&sql, args).$method(c).boxed().await
            }
        }
    }};
}

impl Query {
    /// Binds the next value.
    pub fn bind(mut self, value: impl Into<Value>) -> Self {
        self.args.push(value.into());
        self
    }

    /// Binds the next value, in place.
    pub fn add(&mut self, value: impl Into<Value>) -> &mut Self {
        self.args.push(value.into());
        self
    }

    /// How many values are bound so far.
    pub(super) fn bound(&self) -> usize {
        self.args.len()
    }

    /// Adds `by` to the integer bound at `index`.
    pub(super) fn shift(&mut self, index: usize, by: i64) {
        if let Some(Value::Int(Some(n))) = self.args.get_mut(index) {
            *n += by;
        }
    }

    /// Adds SQL text.
    pub fn push(&mut self, sql: impl AsRef<str>) -> &mut Self {
        self.sql.push_str(sql.as_ref());
        self
    }

    /// Adds a placeholder and binds its value.
    pub fn push_bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.sql.push('?');
        self.add(value)
    }

    /// The SQL text so far.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// Appends `other`'s text and values after this one's, as one more statement.
    pub fn append(&mut self, other: Query) {
        self.sql.push_str(&other.sql);
        self.sql.push_str(";\n");
        self.args.extend(other.args);
    }

    fn sqlite_args(&self) -> sqlx::Result<SqliteArguments<'static>> {
        let mut args = SqliteArguments::default();
        for v in &self.args {
            v.clone()
                .add_sqlite(&mut args)
                .map_err(sqlx::Error::Encode)?;
        }
        Ok(args)
    }

    fn pg_args(&self) -> sqlx::Result<PgArguments> {
        let mut args = PgArguments::default();
        for v in &self.args {
            v.clone().add_pg(&mut args).map_err(sqlx::Error::Encode)?;
        }
        Ok(args)
    }

    /// Runs the statement; how many rows it changed.
    pub fn execute<'a>(
        self,
        on: impl Into<On<'a>>,
    ) -> impl Future<Output = sqlx::Result<u64>> + Send + 'a {
        self.execute_on(on.into())
    }

    async fn execute_on(self, on: On<'_>) -> sqlx::Result<u64> {
        Ok(match on {
            On::SqlitePool(p) => sqlx::query_with(&self.sql, self.sqlite_args()?)
                .execute(p)
                .boxed()
                .await?
                .rows_affected(),
            On::Sqlite(c) => sqlx::query_with(&self.sql, self.sqlite_args()?)
                .execute(c)
                .boxed()
                .await?
                .rows_affected(),
            On::PgPool(p) => sqlx::query_with(&numbered(&self.sql), self.pg_args()?)
                .execute(p)
                .boxed()
                .await?
                .rows_affected(),
            On::Postgres(c) => sqlx::query_with(&numbered(&self.sql), self.pg_args()?)
                .execute(c)
                .boxed()
                .await?
                .rows_affected(),
        })
    }

    /// Every row.
    pub fn fetch_all<'a, T: Row + 'a>(
        self,
        on: impl Into<On<'a>>,
    ) -> impl Future<Output = sqlx::Result<Vec<T>>> + Send + 'a {
        let on = on.into();
        async move { run!(self, on, query_as_with, fetch_all) }
    }

    /// The one row; an error when there is none.
    pub fn fetch_one<'a, T: Row + 'a>(
        self,
        on: impl Into<On<'a>>,
    ) -> impl Future<Output = sqlx::Result<T>> + Send + 'a {
        let on = on.into();
        async move { run!(self, on, query_as_with, fetch_one) }
    }

    /// The first row, if any.
    pub fn fetch_optional<'a, T: Row + 'a>(
        self,
        on: impl Into<On<'a>>,
    ) -> impl Future<Output = sqlx::Result<Option<T>>> + Send + 'a {
        let on = on.into();
        async move { run!(self, on, query_as_with, fetch_optional) }
    }

    /// The first column of every row.
    pub fn scalars<'a, T: Column + 'a>(
        self,
        on: impl Into<On<'a>>,
    ) -> impl Future<Output = sqlx::Result<Vec<T>>> + Send + 'a {
        let on = on.into();
        async move { run!(self, on, query_scalar_with, fetch_all) }
    }

    /// The first column of the one row; an error when there is none.
    pub fn scalar<'a, T: Column + 'a>(
        self,
        on: impl Into<On<'a>>,
    ) -> impl Future<Output = sqlx::Result<T>> + Send + 'a {
        let on = on.into();
        async move { run!(self, on, query_scalar_with, fetch_one) }
    }

    /// The first column of the first row, if any.
    pub fn scalar_optional<'a, T: Column + 'a>(
        self,
        on: impl Into<On<'a>>,
    ) -> impl Future<Output = sqlx::Result<Option<T>>> + Send + 'a {
        let on = on.into();
        async move { run!(self, on, query_scalar_with, fetch_optional) }
    }
}

/// `sql` with its `?` and `?N` placeholders written `$N`, as PostgreSQL reads them. A bare
/// `?` takes the number after the largest used before it, as SQLite numbers it; text in
/// quotes is left alone.
pub fn numbered(sql: &str) -> Cow<'_, str> {
    if !sql.contains('?') {
        return Cow::Borrowed(sql);
    }
    Cow::Owned(each_placeholder(sql, |n, out| {
        out.push('$');
        out.push_str(&n.to_string());
    }))
}

/// `sql` with each placeholder (`?`, or `?N` for the Nth value) replaced by what `write`
/// writes for its number, counted from 1; a `?` inside quotes is text, not a placeholder.
fn each_placeholder(sql: &str, mut write: impl FnMut(u32, &mut String)) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut largest = 0u32;
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                out.push(c);
            }
            (Some(_), c) => out.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                out.push(c);
            }
            (None, '?') => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    digits.push(d);
                    chars.next();
                }
                let n = match digits.parse::<u32>() {
                    Ok(n) => n,
                    Err(_) => largest + 1,
                };
                largest = largest.max(n);
                write(n, &mut out);
            }
            (None, c) => out.push(c),
        }
    }
    out
}

impl Query {
    /// The statement for PostgreSQL with its values written in, each typed as binding
    /// would type it: several such statements go to the server in one message, which
    /// statements with bound values cannot. Text is dollar-quoted under a tag it does not
    /// hold, so no value can end its quote.
    pub fn inlined(&self) -> String {
        each_placeholder(&self.sql, |n, out| {
            let value = usize::try_from(n)
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| self.args.get(i));
            match value {
                Some(v) => v.write_literal(out),
                None => out.push_str("NULL"),
            }
        })
    }
}

impl Value {
    /// Writes the value as a PostgreSQL literal of the type it is bound as.
    fn write_literal(&self, out: &mut String) {
        use std::fmt::Write as _;
        let (text, cast) = match self {
            Value::Int(v) => (v.map(|v| v.to_string()), "int8"),
            Value::Text(v) => (v.as_deref().map(dollar_quoted), "text"),
            Value::Bool(v) => (v.map(|v| v.to_string()), "boolean"),
            Value::Time(v) => (
                v.map(|v| {
                    format!(
                        "'{}'",
                        v.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
                    )
                }),
                "timestamptz",
            ),
            Value::Date(v) => (v.map(|v| format!("'{v}'")), "date"),
            Value::Json(v) => (v.as_deref().map(dollar_quoted), "jsonb"),
        };
        let _ = write!(out, "{}::{cast}", text.as_deref().unwrap_or("NULL"));
    }
}

/// `text` between dollar quotes whose tag it does not contain.
fn dollar_quoted(text: &str) -> String {
    let mut n = 0u32;
    loop {
        let tag = if n == 0 {
            "$v$".to_owned()
        } else {
            format!("$v{n}$")
        };
        // The closing tag must be the first place the tag appears after the opening one,
        // the end of the text included (a text ending in "$v" would end early).
        let closed = format!("{text}{tag}");
        if closed.find(&tag) == Some(text.len()) {
            return format!("{tag}{closed}");
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::numbered;

    #[test]
    fn values_are_written_in_so_none_can_end_its_quote() {
        let mut q = super::query("INSERT INTO t VALUES (?, ?, ?2, ?)");
        q.add("it's $v$ here $v");
        q.add(Some(7i64));
        q.add(None::<bool>);
        let sql = q.inlined();
        assert_eq!(
            sql,
            "INSERT INTO t VALUES ($v1$it's $v$ here $v$v1$::text, 7::int8, 7::int8, NULL::boolean)"
        );
        assert_eq!(super::dollar_quoted("a$v"), "$v1$a$v$v1$");
        assert_eq!(super::dollar_quoted("plain"), "$v$plain$v$");
    }

    #[test]
    fn placeholders_are_numbered_as_sqlite_numbers_them() {
        assert_eq!(numbered("SELECT 1"), "SELECT 1");
        assert_eq!(
            numbered("a = ? AND b = ? OR c = ?"),
            "a = $1 AND b = $2 OR c = $3"
        );
        assert_eq!(
            numbered("a = ?1 OR b = ?1 AND c = ?"),
            "a = $1 OR b = $1 AND c = $2"
        );
        assert_eq!(numbered("a = '?' AND b = ?"), "a = '?' AND b = $1");
        assert_eq!(
            numbered("a = 'it''s?' AND b = ?"),
            "a = 'it''s?' AND b = $1"
        );
    }
}
