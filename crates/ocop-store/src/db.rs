//! The one place that knows there are two backends. Everything else writes SQL once, with
//! `$1…$n` placeholders (both databases accept them), as a [`Query`] of text and typed
//! [`Value`]s, and runs it in a [`Tx`] or through the read helpers on [`Store`]. Each of
//! those has the single `match` on the backend; [`arguments`] binds the values for either.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{Arguments, Database, Encode, FromRow, Postgres, Sqlite, Type};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::{Result, Store, StoreError};

/// Which backend a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The two backends' pools. SQLite has one writer connection (SQLite allows one writer at a
/// time; a single connection avoids SQLITE_BUSY on read-to-write upgrades) and a read pool.
#[derive(Clone)]
pub(crate) enum Db {
    Sqlite { write: SqlitePool, read: SqlitePool },
    Postgres(PgPool),
}

impl Db {
    /// Connects to `sqlite://path` (created if missing) or `postgres://…`.
    pub(crate) async fn connect(url: &str) -> Result<Db> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|e| StoreError::BadUrl(e.to_string()))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
                // Reads go through the OS page cache mapped in, shared by all connections,
                // instead of each connection's small private cache.
                .pragma("mmap_size", "268435456")
                .pragma("cache_size", "-16384")
                // A statement of many rows inside a transaction keeps the pages it changes in
                // a statement journal: in memory, not a temporary file written page by page
                // (a fifth of the scan writer's time went to those writes).
                .pragma("temp_store", "memory");
            // No ping before each use (sqlx's default): a SQLite connection is a file opened in
            // this process and cannot have gone away; the ping was one more trip to the
            // connection's thread for every statement.
            let write = SqlitePoolOptions::new()
                .max_connections(1)
                .test_before_acquire(false)
                .after_connect(|_, _| {
                    Box::pin(async {
                        crate::writer_thread::make_background();
                        Ok(())
                    })
                })
                .connect_with(
                    options
                        .clone()
                        .thread_name(crate::writer_thread::thread_name),
                )
                .await?;
            let read = SqlitePoolOptions::new()
                .max_connections(8)
                .test_before_acquire(false)
                .connect_with(options.read_only(true))
                .await?;
            Ok(Db::Sqlite { write, read })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options =
                PgConnectOptions::from_str(url).map_err(|e| StoreError::BadUrl(e.to_string()))?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            Err(StoreError::BadUrl(format!(
                "{url}: cần bắt đầu bằng sqlite:// hoặc postgres://"
            )))
        }
    }

    /// The same database through connections of its own (at most `max`), for a thread with
    /// its own runtime. A PostgreSQL connection's socket belongs to the runtime that opened
    /// it: shared in one pool, a connection opened on a background thread's runtime would
    /// keep the request handlers waiting on that thread to read it. These are opened when
    /// first needed, on the runtime that uses them. SQLite's connections run on threads of
    /// their own and are shared as they are.
    pub(crate) fn own_connections(&self, max: u32) -> Db {
        match self {
            Db::Sqlite { .. } => self.clone(),
            Db::Postgres(pool) => Db::Postgres(
                PgPoolOptions::new()
                    .max_connections(max)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_lazy_with((*pool.connect_options()).clone()),
            ),
        }
    }

    /// Applies the backend's embedded schema migrations.
    pub(crate) async fn migrate(&self) -> Result<()> {
        match self {
            Db::Sqlite { write, .. } => sqlx::migrate!("migrations/sqlite").run(write).await?,
            Db::Postgres(pool) => sqlx::migrate!("migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    pub(crate) fn backend(&self) -> Backend {
        match self {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    pub(crate) async fn close(&self) {
        match self {
            Db::Sqlite { write, read } => {
                write.close().await;
                read.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// A value to bind. Each variant keeps its type when NULL: PostgreSQL checks a parameter's
/// type even when its value is NULL.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Bool(Option<bool>),
    Uuid(Option<Uuid>),
    Time(Option<OffsetDateTime>),
    Date(Option<Date>),
    Bytes(Option<Vec<u8>>),
}

impl From<&[u8]> for Value {
    fn from(v: &[u8]) -> Value {
        Value::Bytes(Some(v.to_vec()))
    }
}

impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Value {
        Value::Bytes(Some(v))
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(Some(v))
    }
}

impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Value {
        Value::Int(v)
    }
}

/// Codes (units, provinces) are u32 in the domain and BIGINT in the tables.
impl From<u32> for Value {
    fn from(v: u32) -> Value {
        Value::Int(Some(v.into()))
    }
}

impl From<Option<u32>> for Value {
    fn from(v: Option<u32>) -> Value {
        Value::Int(v.map(i64::from))
    }
}

/// Stars and sheet numbers are u8 in the domain.
impl From<u8> for Value {
    fn from(v: u8) -> Value {
        Value::Int(Some(v.into()))
    }
}

impl From<Option<u8>> for Value {
    fn from(v: Option<u8>) -> Value {
        Value::Int(v.map(i64::from))
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(Some(v.to_owned()))
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(Some(v))
    }
}

impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Value {
        Value::Text(v.map(str::to_owned))
    }
}

impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Value {
        Value::Text(v)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Bool(Some(v))
    }
}

impl From<Option<bool>> for Value {
    fn from(v: Option<bool>) -> Value {
        Value::Bool(v)
    }
}

impl From<Uuid> for Value {
    fn from(v: Uuid) -> Value {
        Value::Uuid(Some(v))
    }
}

impl From<Option<Uuid>> for Value {
    fn from(v: Option<Uuid>) -> Value {
        Value::Uuid(v)
    }
}

impl From<OffsetDateTime> for Value {
    fn from(v: OffsetDateTime) -> Value {
        Value::Time(Some(v))
    }
}

impl From<Option<OffsetDateTime>> for Value {
    fn from(v: Option<OffsetDateTime>) -> Value {
        Value::Time(v)
    }
}

impl From<Date> for Value {
    fn from(v: Date) -> Value {
        Value::Date(Some(v))
    }
}

impl From<Option<Date>> for Value {
    fn from(v: Option<Date>) -> Value {
        Value::Date(v)
    }
}

/// SQL text and the values of its placeholders, in order.
///
/// Fixed SQL is written with `$1…$n` and given its values with [`Query::bind`]. Dynamic SQL
/// (filters, scopes, paging) is assembled with [`Query::push`], [`Query::push_bind`], which
/// writes the next placeholder itself, and [`Query::and_where`]; never number by hand there.
#[derive(Debug, Clone)]
pub(crate) struct Query {
    sql: String,
    values: Vec<Value>,
    /// Whether [`Query::and_where`] has begun a WHERE clause.
    in_where: bool,
    /// Placeholders are SQLite's anonymous `?` (see [`Query::bulk`]).
    anonymous: bool,
}

impl Query {
    pub(crate) fn new(sql: impl Into<String>) -> Query {
        Query {
            sql: sql.into(),
            values: Vec::new(),
            in_where: false,
            anonymous: false,
        }
    }

    /// A statement of many rows whose every value is pushed with [`Query::push_bind`]
    /// (none written in `sql`). On SQLite its placeholders are the anonymous `?`: the driver
    /// asks SQLite each parameter's name when binding, and for `$n` SQLite finds it by walking
    /// the statement's list of names, so a statement of n numbered parameters costs n² to
    /// bind; anonymous ones have no name to look for.
    pub(crate) fn bulk(backend: Backend, sql: impl Into<String>) -> Query {
        Query {
            anonymous: backend == Backend::Sqlite,
            ..Query::new(sql)
        }
    }

    /// `INSERT INTO table (a, b, …) VALUES ($1, $2, …)`: each column named once, beside its
    /// value, so that names and placeholders cannot fall out of step.
    pub(crate) fn insert(table: &str, columns: Vec<(&str, Value)>) -> Query {
        let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
        let mut q = Query::new(format!(
            "INSERT INTO {table} ({}) VALUES (",
            names.join(", ")
        ));
        q.push_bind_list(columns.into_iter().map(|(_, value)| value))
            .push(")");
        q
    }

    /// `UPDATE table SET a = $1, … WHERE id = $n`, with the same column list as an insert.
    pub(crate) fn update(table: &str, columns: Vec<(&str, Value)>, id: uuid::Uuid) -> Query {
        let mut q = Query::new(format!("UPDATE {table} SET "));
        for (i, (name, value)) in columns.into_iter().enumerate() {
            q.push(if i == 0 { "" } else { ", " })
                .push(name)
                .push(" = ");
            q.push_bind(value);
        }
        q.push(" WHERE id = ").push_bind(id);
        q
    }

    /// The value of the next placeholder written in the SQL (`$1`, then `$2`, …).
    pub(crate) fn bind(mut self, value: impl Into<Value>) -> Query {
        self.values.push(value.into());
        self
    }

    pub(crate) fn push(&mut self, sql: &str) -> &mut Query {
        self.sql.push_str(sql);
        self
    }

    /// Appends the placeholder of a new value.
    pub(crate) fn push_bind(&mut self, value: impl Into<Value>) -> &mut Query {
        self.values.push(value.into());
        if self.anonymous {
            self.sql.push('?');
        } else {
            self.sql.push_str(&format!("${}", self.values.len()));
        }
        self
    }

    /// Appends `$a, $b, …`, one placeholder per value (an `IN (…)` list, a row of values).
    pub(crate) fn push_bind_list<V: Into<Value>>(
        &mut self,
        values: impl IntoIterator<Item = V>,
    ) -> &mut Query {
        for (i, value) in values.into_iter().enumerate() {
            self.push(if i == 0 { "" } else { ", " }).push_bind(value);
        }
        self
    }

    /// Appends `($a, $b, …), ($c, …)`: the rows of a many-row `VALUES`, one placeholder per
    /// value.
    pub(crate) fn push_rows<R: IntoIterator<Item = Value>>(
        &mut self,
        rows: impl IntoIterator<Item = R>,
    ) -> &mut Query {
        for (i, row) in rows.into_iter().enumerate() {
            self.push(if i == 0 { "(" } else { ", (" })
                .push_bind_list(row)
                .push(")");
        }
        self
    }

    /// Appends ` LIMIT … OFFSET …` for a 1-based page. The numbers are written, not bound:
    /// they are the store's own integers, and a bound limit hides the row count from
    /// PostgreSQL's generic plans.
    pub(crate) fn push_page(&mut self, page: u32, per_page: u32) -> &mut Query {
        let offset = page_offset(page, per_page);
        self.push(&format!(" LIMIT {per_page} OFFSET {offset}"))
    }

    /// Appends a condition: ` WHERE sql` the first time, ` AND sql` after. The query so far
    /// must end where a WHERE clause can start.
    pub(crate) fn and_where(&mut self, sql: &str) -> &mut Query {
        self.sql
            .push_str(if self.in_where { " AND " } else { " WHERE " });
        self.in_where = true;
        self.push(sql)
    }
}

/// Rows before a 1-based page. In u64, where `u32 × u32` cannot overflow: in u32 a page far
/// past the end wrapped around to a small offset and showed real rows again.
fn page_offset(page: u32, per_page: u32) -> u64 {
    u64::from(page.saturating_sub(1)) * u64::from(per_page)
}

/// A row type readable from both backends: one `#[derive(FromRow)]` struct (or a tuple)
/// serves both.
pub(crate) trait Record:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

impl<T> Record for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

/// The values bound for either backend (the bounds say each value type encodes there).
fn arguments<'q, DB>(values: &'q [Value]) -> Result<DB::Arguments<'q>, sqlx::Error>
where
    DB: Database,
    Option<i64>: Encode<'q, DB> + Type<DB>,
    Option<&'q str>: Encode<'q, DB> + Type<DB>,
    Option<bool>: Encode<'q, DB> + Type<DB>,
    Option<Uuid>: Encode<'q, DB> + Type<DB>,
    Option<OffsetDateTime>: Encode<'q, DB> + Type<DB>,
    Option<time::Date>: Encode<'q, DB> + Type<DB>,
    Option<Date>: Encode<'q, DB> + Type<DB>,
    Option<&'q [u8]>: Encode<'q, DB> + Type<DB>,
{
    let mut args = DB::Arguments::default();
    for value in values {
        match value {
            Value::Int(v) => args.add(*v),
            Value::Text(v) => args.add(v.as_deref()),
            Value::Bool(v) => args.add(*v),
            Value::Uuid(v) => args.add(*v),
            Value::Date(v) => args.add(*v),
            Value::Time(v) => args.add(*v),
            Value::Bytes(v) => args.add(v.as_deref()),
        }
        .map_err(sqlx::Error::Encode)?;
    }
    Ok(args)
}

/// A transaction on either backend (on SQLite, on the single writer connection), and the
/// time of the store's clock when it began: every row it writes carries that one time.
pub(crate) struct Tx {
    conn: Conn,
    now: OffsetDateTime,
}

enum Conn {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl Tx {
    /// The time the transaction began, by the store's clock.
    pub(crate) fn now(&self) -> OffsetDateTime {
        self.now
    }

    /// Runs a statement; returns the number of rows it changed.
    pub(crate) async fn execute(&mut self, q: &Query) -> Result<u64, sqlx::Error> {
        let done = match &mut self.conn {
            Conn::Sqlite(tx) => sqlx::query_with(&q.sql, arguments::<Sqlite>(&q.values)?)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
            Conn::Postgres(tx) => sqlx::query_with(&q.sql, arguments::<Postgres>(&q.values)?)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
        };
        Ok(done)
    }

    pub(crate) async fn fetch_all<T: Record>(&mut self, q: &Query) -> Result<Vec<T>, sqlx::Error> {
        match &mut self.conn {
            Conn::Sqlite(tx) => {
                sqlx::query_as_with(&q.sql, arguments::<Sqlite>(&q.values)?)
                    .fetch_all(&mut **tx)
                    .await
            }
            Conn::Postgres(tx) => {
                sqlx::query_as_with(&q.sql, arguments::<Postgres>(&q.values)?)
                    .fetch_all(&mut **tx)
                    .await
            }
        }
    }

    pub(crate) async fn fetch_optional<T: Record>(
        &mut self,
        q: &Query,
    ) -> Result<Option<T>, sqlx::Error> {
        match &mut self.conn {
            Conn::Sqlite(tx) => {
                sqlx::query_as_with(&q.sql, arguments::<Sqlite>(&q.values)?)
                    .fetch_optional(&mut **tx)
                    .await
            }
            Conn::Postgres(tx) => {
                sqlx::query_as_with(&q.sql, arguments::<Postgres>(&q.values)?)
                    .fetch_optional(&mut **tx)
                    .await
            }
        }
    }

    pub(crate) async fn fetch_one<T: Record>(&mut self, q: &Query) -> Result<T, sqlx::Error> {
        match &mut self.conn {
            Conn::Sqlite(tx) => {
                sqlx::query_as_with(&q.sql, arguments::<Sqlite>(&q.values)?)
                    .fetch_one(&mut **tx)
                    .await
            }
            Conn::Postgres(tx) => {
                sqlx::query_as_with(&q.sql, arguments::<Postgres>(&q.values)?)
                    .fetch_one(&mut **tx)
                    .await
            }
        }
    }

    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        match self.conn {
            Conn::Sqlite(tx) => tx.commit().await,
            Conn::Postgres(tx) => tx.commit().await,
        }
    }
}

impl Store {
    /// Opens a transaction; dropped without [`Tx::commit`], it rolls back.
    pub(crate) async fn begin(&self) -> Result<Tx, sqlx::Error> {
        self.count_query();
        let conn = match &self.db {
            Db::Sqlite { write, .. } => Conn::Sqlite(write.begin().await?),
            Db::Postgres(pool) => Conn::Postgres(pool.begin().await?),
        };
        Ok(Tx {
            conn,
            now: self.now(),
        })
    }

    /// Runs one statement on its own (on SQLite, on the writer connection); returns the
    /// number of rows it changed.
    pub(crate) async fn execute(&self, q: &Query) -> Result<u64, sqlx::Error> {
        self.count_query();
        let done = match &self.db {
            Db::Sqlite { write, .. } => sqlx::query_with(&q.sql, arguments::<Sqlite>(&q.values)?)
                .execute(write)
                .await?
                .rows_affected(),
            Db::Postgres(pool) => sqlx::query_with(&q.sql, arguments::<Postgres>(&q.values)?)
                .execute(pool)
                .await?
                .rows_affected(),
        };
        Ok(done)
    }

    /// Reads outside a transaction (on SQLite, from the read pool).
    pub(crate) async fn fetch_all<T: Record>(&self, q: &Query) -> Result<Vec<T>, sqlx::Error> {
        self.count_query();
        match &self.db {
            Db::Sqlite { read, .. } => {
                sqlx::query_as_with(&q.sql, arguments::<Sqlite>(&q.values)?)
                    .fetch_all(read)
                    .await
            }
            Db::Postgres(pool) => {
                sqlx::query_as_with(&q.sql, arguments::<Postgres>(&q.values)?)
                    .fetch_all(pool)
                    .await
            }
        }
    }

    pub(crate) async fn fetch_optional<T: Record>(
        &self,
        q: &Query,
    ) -> Result<Option<T>, sqlx::Error> {
        self.count_query();
        match &self.db {
            Db::Sqlite { read, .. } => {
                sqlx::query_as_with(&q.sql, arguments::<Sqlite>(&q.values)?)
                    .fetch_optional(read)
                    .await
            }
            Db::Postgres(pool) => {
                sqlx::query_as_with(&q.sql, arguments::<Postgres>(&q.values)?)
                    .fetch_optional(pool)
                    .await
            }
        }
    }

    pub(crate) async fn fetch_one<T: Record>(&self, q: &Query) -> Result<T, sqlx::Error> {
        self.count_query();
        match &self.db {
            Db::Sqlite { read, .. } => {
                sqlx::query_as_with(&q.sql, arguments::<Sqlite>(&q.values)?)
                    .fetch_one(read)
                    .await
            }
            Db::Postgres(pool) => {
                sqlx::query_as_with(&q.sql, arguments::<Postgres>(&q.values)?)
                    .fetch_one(pool)
                    .await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Query, Value, page_offset};

    #[test]
    fn page_offsets_do_not_wrap() {
        assert_eq!(page_offset(0, 20), 0);
        assert_eq!(page_offset(1, 20), 0);
        assert_eq!(page_offset(3, 20), 40);
        assert_eq!(page_offset(42_949_674, 100), 4_294_967_300);
        assert_eq!(
            page_offset(u32::MAX, u32::MAX),
            u64::from(u32::MAX - 1) * u64::from(u32::MAX)
        );
    }

    #[test]
    fn pushed_values_number_their_own_placeholders() {
        let mut q = Query::new("SELECT id FROM producers");
        q.and_where("province_code = ").push_bind(22u32);
        q.and_where("status = 'active'");
        q.and_where("(id = ")
            .push_bind(None::<uuid::Uuid>)
            .push(")");
        assert_eq!(
            q.sql,
            "SELECT id FROM producers WHERE province_code = $1 AND status = 'active' \
             AND (id = $2)"
        );
        assert_eq!(q.values, [Value::Int(Some(22)), Value::Uuid(None)]);
        let q = Query::new("UPDATE t SET a = $1 WHERE id = $2")
            .bind("x")
            .bind(7i64);
        assert_eq!(
            q.values,
            [Value::Text(Some("x".into())), Value::Int(Some(7))]
        );
    }
}
