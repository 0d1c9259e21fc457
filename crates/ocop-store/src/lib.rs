//! OCOP storage: one code path for SQLite (default, a file in WAL mode) and PostgreSQL.
//!
//! Use cases are short transactions: load → let the domain decide → write + audit row.
//! Queries are runtime-checked (`query_as` + `FromRow`) and written once with `$n`
//! placeholders, which both databases accept; [`with_db!`] compiles the same body for each
//! pool type. Dialects split only where SQL differs (full-text search).

use std::str::FromStr;
use std::time::Duration;

use ocop_domain::units::AdminUnits;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub mod audit;
mod data_migrations;
pub mod demo;
pub mod evaluations;
pub mod export;
pub mod import;
pub mod login_attempts;
pub mod photos;
pub mod producers;
pub mod products;
pub mod use_cases;
pub mod users;

pub use audit::{AuditActor, AuditChain, AuditEntry, BrokenLink};
pub use producers::Producer;
pub use products::{CatalogPage, CatalogQuery, Product, ProductSummary};
pub use use_cases::Caller;
pub use users::{NewUser, User};

/// Runs `$body` with `$pool` bound to the SQLite write pool or the PostgreSQL pool.
macro_rules! with_db {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.db {
            $crate::Db::Sqlite { write: $pool, .. } => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// Like [`with_db!`] but with SQLite's read pool, for queries that write nothing.
macro_rules! with_read_db {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.db {
            $crate::Db::Sqlite { read: $pool, .. } => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

pub(crate) use {with_db, with_read_db};

/// The two backends. SQLite has one writer connection (SQLite allows one writer at a time;
/// a single connection avoids SQLITE_BUSY on read-to-write upgrades) and a read pool.
#[derive(Clone)]
pub enum Db {
    Sqlite { write: SqlitePool, read: SqlitePool },
    Postgres(PgPool),
}

/// Which backend a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Denied(ocop_domain::access::Denied),
    #[error("không tìm thấy {0}")]
    NotFound(&'static str),
    /// A unique value is taken: the field and a Vietnamese message.
    #[error("{message}")]
    Conflict {
        field: &'static str,
        message: String,
    },
    /// Input the domain rejected, per field.
    #[error("dữ liệu không hợp lệ: {0}")]
    Invalid(#[from] ocop_domain::validation::FieldErrors),
    #[error("địa chỉ cơ sở dữ liệu không hợp lệ: {0}")]
    BadUrl(String),
    #[error("dữ liệu lưu trữ bị hỏng: {0}")]
    Corrupt(String),
    #[error("lỗi cơ sở dữ liệu: {0}")]
    Database(#[from] sqlx::Error),
    #[error("lỗi di trú cơ sở dữ liệu: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The store: pools plus the administrative units every record is placed with.
#[derive(Clone)]
pub struct Store {
    pub(crate) db: Db,
    pub(crate) units: &'static AdminUnits,
}

impl Store {
    /// Connects to `sqlite://path` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Store> {
        let db = if url.starts_with("sqlite:") {
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
                .pragma("cache_size", "-16384");
            let write = SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options.clone())
                .await?;
            let read = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options.read_only(true))
                .await?;
            Db::Sqlite { write, read }
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options =
                PgConnectOptions::from_str(url).map_err(|e| StoreError::BadUrl(e.to_string()))?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Db::Postgres(pool)
        } else {
            return Err(StoreError::BadUrl(format!(
                "{url}: cần bắt đầu bằng sqlite:// hoặc postgres://"
            )));
        };
        Ok(Store {
            db,
            units: AdminUnits::embedded(),
        })
    }

    /// Connects and applies the embedded migrations of the backend.
    pub async fn open(url: &str) -> Result<Store> {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Applies the schema migrations, then the data migrations not yet run.
    pub async fn migrate(&self) -> Result<()> {
        match &self.db {
            Db::Sqlite { write, .. } => sqlx::migrate!("migrations/sqlite").run(write).await?,
            Db::Postgres(pool) => sqlx::migrate!("migrations/postgres").run(pool).await?,
        }
        self.run_data_migrations().await
    }

    pub fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    pub fn units(&self) -> &'static AdminUnits {
        self.units
    }

    /// Refreshes the query planner's statistics after a bulk load, so that searches keep
    /// using the right indexes; on PostgreSQL also the visibility map, so that counts can
    /// read the index alone. (Autovacuum does the same, later.)
    pub async fn refresh_statistics(&self) -> Result<()> {
        match &self.db {
            Db::Sqlite { write, .. } => {
                sqlx::query("ANALYZE").execute(write).await?;
            }
            Db::Postgres(pool) => {
                sqlx::query("VACUUM (ANALYZE) producers, products")
                    .execute(pool)
                    .await?;
            }
        }
        Ok(())
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        let result: Result<i64, sqlx::Error> = with_read_db!(self, pool => {
            sqlx::query_scalar("SELECT CAST(1 AS BIGINT)").fetch_one(pool).await
        });
        result.is_ok()
    }

    pub async fn close(&self) {
        match &self.db {
            Db::Sqlite { write, read } => {
                write.close().await;
                read.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// Maps a unique-constraint violation to a field conflict (a 422 for the web layer).
pub(crate) fn on_unique(
    err: sqlx::Error,
    field: &'static str,
    message: impl FnOnce() -> String,
) -> StoreError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict {
            field,
            message: message(),
        },
        _ => StoreError::Database(err),
    }
}

/// Rows before a 1-based page. In u64, where `u32 × u32` cannot overflow: in u32 a page far
/// past the end wrapped around to a small offset and showed real rows again.
pub(crate) fn page_offset(page: u32, per_page: u32) -> u64 {
    u64::from(page.saturating_sub(1)) * u64::from(per_page)
}

pub(crate) fn now() -> time::OffsetDateTime {
    // Stored with microsecond precision so SQLite and PostgreSQL round-trip the same value.
    let t = time::OffsetDateTime::now_utc();
    t.replace_nanosecond(t.nanosecond() / 1000 * 1000)
        .unwrap_or(t)
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_offsets_do_not_wrap() {
        assert_eq!(super::page_offset(0, 20), 0);
        assert_eq!(super::page_offset(1, 20), 0);
        assert_eq!(super::page_offset(3, 20), 40);
        assert_eq!(super::page_offset(42_949_674, 100), 4_294_967_300);
        assert_eq!(
            super::page_offset(u32::MAX, u32::MAX),
            u64::from(u32::MAX - 1) * u64::from(u32::MAX)
        );
    }
}
