//! Fresh databases for tests: a temp SQLite file, or a new schema on the PostgreSQL server.

use std::str::FromStr;

use ocop_store::Store;
use sqlx::Connection;

pub struct TestDb {
    pub store: Store,
    pub url: String,
    schema: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        TestDb {
            store: Store::open(&url).await.expect("open sqlite"),
            url,
            schema: None,
            _dir: Some(dir),
        }
    }

    /// None when no server is configured (unless `OCOP_REQUIRE_PG=1`, then it panics).
    pub async fn postgres() -> Option<TestDb> {
        let Ok(base) = std::env::var("OCOP_TEST_PG_URL") else {
            assert!(
                std::env::var("OCOP_REQUIRE_PG").is_err(),
                "OCOP_REQUIRE_PG is set but OCOP_TEST_PG_URL is not"
            );
            return None;
        };
        let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect(&base)
            .await
            .expect("connect to OCOP_TEST_PG_URL");
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&mut conn)
            .await
            .unwrap();
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
        Some(TestDb {
            store: Store::open(&url).await.expect("open postgres"),
            url,
            schema: Some((base, schema)),
            _dir: None,
        })
    }

    /// Runs raw SQL outside the store (to tamper with data in tests).
    pub async fn execute(&self, sql: &str) {
        if self.url.starts_with("sqlite:") {
            let mut conn = sqlx::SqliteConnection::connect_with(
                &sqlx::sqlite::SqliteConnectOptions::from_str(&self.url).unwrap(),
            )
            .await
            .unwrap();
            sqlx::query(sql).execute(&mut conn).await.unwrap();
        } else {
            let mut conn = sqlx::PgConnection::connect(&self.url).await.unwrap();
            sqlx::query(sql).execute(&mut conn).await.unwrap();
        }
    }

    /// Runs raw SQL outside the store, answering the database's refusal.
    pub async fn try_execute(&self, sql: &str) -> Result<(), sqlx::Error> {
        if self.url.starts_with("sqlite:") {
            let mut conn = sqlx::SqliteConnection::connect_with(
                &sqlx::sqlite::SqliteConnectOptions::from_str(&self.url).unwrap(),
            )
            .await?;
            sqlx::query(sql).execute(&mut conn).await.map(|_| ())
        } else {
            let mut conn = sqlx::PgConnection::connect(&self.url).await?;
            sqlx::query(sql).execute(&mut conn).await.map(|_| ())
        }
    }

    /// A count by raw SQL outside the store (to see rows the store does not expose).
    pub async fn count(&self, sql: &str) -> i64 {
        if self.url.starts_with("sqlite:") {
            let mut conn = sqlx::SqliteConnection::connect_with(
                &sqlx::sqlite::SqliteConnectOptions::from_str(&self.url).unwrap(),
            )
            .await
            .unwrap();
            sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()
        } else {
            let mut conn = sqlx::PgConnection::connect(&self.url).await.unwrap();
            sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()
        }
    }

    pub async fn drop(self) {
        self.store.close().await;
        if let Some((base, schema)) = self.schema {
            let mut conn = sqlx::PgConnection::connect(&base).await.unwrap();
            sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                .execute(&mut conn)
                .await
                .unwrap();
        }
    }
}

/// Runs a story on SQLite, then on PostgreSQL when configured.
#[macro_export]
macro_rules! on_both_backends {
    ($story:ident) => {
        mod $story {
            #[tokio::test]
            async fn sqlite() {
                let db = $crate::db::TestDb::sqlite().await;
                super::$story(&db).await;
                db.drop().await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(db) = $crate::db::TestDb::postgres().await {
                    super::$story(&db).await;
                    db.drop().await;
                }
            }
        }
    };
}
