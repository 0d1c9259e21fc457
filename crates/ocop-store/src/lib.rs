//! OCOP storage: one code path for SQLite (default, a file in WAL mode) and PostgreSQL.
//!
//! Use cases are short transactions: load → let the domain decide → write + audit row.
//! Queries are runtime-checked and written once with `$n` placeholders, which both databases
//! accept: a `db::Query` holds the SQL and its typed values, and runs in a `db::Tx`
//! (`store.begin()`) or, for reads, on the store itself. Steps shared by several use cases
//! (the audit row, inserting a producer, a product code) are plain `async fn`s taking
//! `&mut Tx`. Only `db.rs` knows there are two backends; dialects split only where SQL
//! differs (full-text search), by [`Store::backend`]. Rows are read into `#[derive(FromRow)]`
//! structs and mapped into domain types without the input validators: a stored row was valid
//! when written.

use ocop_domain::units::{AdminUnits, Level, Structure, UnitRef};

pub mod audit;
pub mod business_plans;
pub mod change_requests;
pub mod cycles;
mod data_migrations;
mod db;
pub mod demo;
pub mod dossiers;
pub mod evaluations;
pub mod export;
pub mod ideas;
pub mod import;
pub mod login_attempts;
pub mod lots;
pub mod photos;
pub mod producers;
pub mod products;
pub mod scans;
mod search;
pub mod stamps;
pub mod use_cases;
pub mod users;
pub mod view_changes;
mod writer_thread;

pub use audit::{AuditActor, AuditChain, AuditEntry, BrokenLink};
pub use db::Backend;
pub use producers::Producer;
pub use products::{CatalogPage, CatalogQuery, Product, ProductSummary, SEARCH_COUNT_CAP};
pub use use_cases::{Account, AccountPage, Caller, PasswordChange, Registered, SeriesPrint};
pub use users::{NewUser, User};
pub use view_changes::{ChangeReader, Changes, ViewChange};

use db::{Db, Query};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Denied(ocop_domain::access::Denied),
    #[error("không tìm thấy {0}")]
    NotFound(&'static str),
    /// A dossier's workflow refuses the action: the role never takes it, or not from the
    /// dossier's state.
    #[error("{0}")]
    Transition(ocop_domain::dossier::TransitionRefusal),
    /// The record changed since the caller saw it (optimistic concurrency): someone acted
    /// first.
    #[error(
        "Người khác đã thao tác trên hồ sơ này trước bạn (phiên bản hiện tại {current}); hãy tải lại rồi thử lại"
    )]
    Stale { current: i64 },
    /// A unique value is taken: the field and a Vietnamese message.
    #[error("{message}")]
    Conflict {
        field: &'static str,
        message: String,
    },
    /// A change of state the lot's state does not allow (e.g. recalling a recalled lot).
    #[error("{0}")]
    LotTransition(ocop_domain::lot::TransitionRefused),
    /// The record's present state does not allow the action (a transition the state table
    /// refuses, a version changed since it was read, a second cycle for a year, an idea acted
    /// on meanwhile): a 409 with the reason.
    #[error("{0}")]
    StateConflict(String),
    /// The product already has an open change request: this one (a 409 naming it).
    #[error(
        "Sản phẩm đã có một yêu cầu thay đổi đang chờ duyệt (mã {0}); hãy cập nhật yêu cầu đó thay vì gửi yêu cầu mới"
    )]
    OpenChangeRequest(uuid::Uuid),
    /// Input the domain rejected, per field.
    #[error("dữ liệu không hợp lệ: {0}")]
    Invalid(#[from] ocop_domain::validation::FieldErrors),
    /// Too many wrong passwords from this client address: refused without checking, for this
    /// long (see [`login_attempts`]).
    #[error("Nhập sai mật khẩu quá nhiều lần; vui lòng thử lại sau {} phút", .0.as_secs().div_ceil(60))]
    Throttled(std::time::Duration),
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
    clock: Clock,
    /// Statements and transactions started, over all clones: the hook that proves a path
    /// touches no database ([`Store::queries_run`]).
    queries: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Passwords checked with argon2, over all clones ([`Store::password_checks_run`]).
    password_checks: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Bumped after each issued series, so that an in-memory verifier reloads at once.
    stamp_changes: std::sync::Arc<tokio::sync::watch::Sender<u64>>,
    /// Told of each change to what a lot's public view is read from, so that the resolver
    /// drops the views it keeps of it.
    lot_view_changes: tokio::sync::broadcast::Sender<ViewChange>,
}

/// Changes kept for a resolver that has not read them yet; beyond, it drops every view.
const VIEW_CHANGES_KEPT: usize = 1024;

/// Where the store reads the time: the system's clock, or a fixed one (tests, replaying a
/// historical round). Use cases take their time from it, so each is given its clock.
#[derive(Clone)]
pub struct Clock(std::sync::Arc<dyn Fn() -> time::OffsetDateTime + Send + Sync>);

impl Clock {
    pub fn system() -> Clock {
        Clock(std::sync::Arc::new(time::OffsetDateTime::now_utc))
    }

    /// Always `at`.
    pub fn fixed(at: time::OffsetDateTime) -> Clock {
        Clock(std::sync::Arc::new(move || at))
    }

    /// Now, with microsecond precision, so that SQLite and PostgreSQL round-trip the same
    /// value.
    pub fn now(&self) -> time::OffsetDateTime {
        let t = (self.0)();
        t.replace_nanosecond(t.nanosecond() / 1000 * 1000)
            .unwrap_or(t)
    }
}

impl Store {
    /// Connects to `sqlite://path` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Store> {
        Ok(Store {
            db: Db::connect(url).await?,
            units: AdminUnits::embedded(),
            clock: Clock::system(),
            queries: Default::default(),
            password_checks: Default::default(),
            stamp_changes: std::sync::Arc::new(tokio::sync::watch::Sender::new(0)),
            lot_view_changes: tokio::sync::broadcast::Sender::new(VIEW_CHANGES_KEPT),
        })
    }

    /// The same store reading the time from `clock`.
    pub fn with_clock(self, clock: Clock) -> Store {
        Store { clock, ..self }
    }

    /// This store for a thread with a runtime of its own: see [`db::Db::own_connections`].
    pub(crate) fn with_own_connections(&self, max: u32) -> Store {
        Store {
            db: self.db.own_connections(max),
            ..self.clone()
        }
    }

    /// Now, by the store's clock.
    pub fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }

    /// Connects and applies the embedded migrations of the backend.
    pub async fn open(url: &str) -> Result<Store> {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Applies the schema migrations, then the data migrations not yet run.
    pub async fn migrate(&self) -> Result<()> {
        self.db.migrate().await?;
        self.run_data_migrations().await
    }

    /// Changes whenever a stamp series is issued through this store (or a clone of it).
    pub fn stamp_series_changes(&self) -> tokio::sync::watch::Receiver<u64> {
        self.stamp_changes.subscribe()
    }

    pub(crate) fn notify_stamp_series(&self) {
        self.stamp_changes.send_modify(|n| *n += 1);
    }

    /// The changes to lots' public views made through this store (or a clone of it) from now
    /// on: a recall must show at once, and a corrected name or story as soon. Issuing a
    /// series changes no lot's view.
    pub fn lot_view_changes(&self) -> tokio::sync::broadcast::Receiver<ViewChange> {
        self.lot_view_changes.subscribe()
    }

    pub(crate) fn notify_lot_view(&self, change: ViewChange) {
        // An error only says that no resolver listens.
        let _ = self.lot_view_changes.send(change);
    }

    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// How many statements and transactions this store (and its clones) has started so far.
    /// The resolver's tests read it around a request to prove it touched no database.
    pub fn queries_run(&self) -> u64 {
        self.queries.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub(crate) fn count_query(&self) {
        self.queries
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn units(&self) -> &'static AdminUnits {
        self.units
    }

    /// Refreshes the query planner's statistics after a bulk load, so that searches keep
    /// using the right indexes; on PostgreSQL also the visibility map, so that counts can
    /// read the index alone. (Autovacuum does the same, later.)
    pub async fn refresh_statistics(&self) -> Result<()> {
        let sql = match self.backend() {
            Backend::Sqlite => "ANALYZE",
            Backend::Postgres => "VACUUM (ANALYZE) producers, products, product_search",
        };
        self.execute(&Query::new(sql)).await?;
        Ok(())
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        let one: Result<(i64,), sqlx::Error> = self
            .fetch_one(&Query::new("SELECT CAST(1 AS BIGINT)"))
            .await;
        one.is_ok()
    }

    pub async fn close(&self) {
        self.db.close().await
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

/// A code (unit, province) as stored: BIGINT in the tables, u32 in the domain.
pub(crate) fn stored_code(value: i64) -> Result<u32, String> {
    u32::try_from(value).map_err(|_| format!("mã {value}"))
}

/// The unit a row names by its stored keys; one the embedded unit lists (the store's
/// [`Store::units`]) do not have means nothing. The level rules of
/// [`ocop_domain::producer::unit_ref`] are input rules, not applied.
pub(crate) fn stored_unit(structure: &str, level: &str, code: i64) -> Result<UnitRef, String> {
    let unit = match (
        Structure::parse(structure),
        Level::parse(level),
        stored_code(code),
    ) {
        (Some(structure), Some(level), Ok(code)) => UnitRef {
            structure,
            level,
            code,
        },
        _ => return Err(format!("đơn vị {structure}/{level}/{code}")),
    };
    match AdminUnits::embedded().get(unit) {
        Some(_) => Ok(unit),
        None => Err(format!(
            "đơn vị {structure}/{level}/{code} không có trong danh mục"
        )),
    }
}
