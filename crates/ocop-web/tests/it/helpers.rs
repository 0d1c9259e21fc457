//! `spawn_app()`: a fresh database with the demo data and the server on a random port.

use ocop_domain::identifiers::tax_check_digit;
use ocop_store::Store;
use ocop_store::demo::DEMO_PASSWORD;
use ocop_web::{AppState, WebConfig};
use reqwest::header::{HeaderMap, HeaderValue, ORIGIN};

pub struct TestApp {
    pub address: String,
    pub store: Store,
    /// The server's state (the stamp resolver's scan writer, to flush it).
    pub state: AppState,
    /// The database's URL (for a second server on it).
    pub database_url: String,
    /// The PostgreSQL schema to drop when the test ends (PostgreSQL runs only).
    pg_schema: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

/// A fresh database: a temp SQLite file, or with `OCOP_TEST_WEB_BACKEND=postgres` a new
/// schema on the server at `OCOP_TEST_PG_URL` (CI runs the suite both ways).
async fn fresh_database(dir: &std::path::Path) -> (String, Option<(String, String)>) {
    if std::env::var("OCOP_TEST_WEB_BACKEND").as_deref() != Ok("postgres") {
        return (format!("sqlite://{}", dir.join("ocop.db").display()), None);
    }
    use sqlx::Connection;
    let base =
        std::env::var("OCOP_TEST_PG_URL").expect("OCOP_TEST_PG_URL for the postgres backend");
    let schema = format!("w_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(&base)
        .await
        .expect("connect to OCOP_TEST_PG_URL");
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut conn)
        .await
        .unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    (url, Some((base, schema)))
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let Some((base, schema)) = self.pg_schema.take() else {
            return;
        };
        // Drop is not async: clean up on a thread with its own small runtime.
        let cleanup = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                use sqlx::Connection;
                if let Ok(mut conn) = sqlx::PgConnection::connect(&base).await {
                    let _ = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                        .execute(&mut conn)
                        .await;
                }
            });
        });
        let _ = cleanup.join();
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// `spawn_app()` with settings changed by `configure`.
pub async fn spawn_app_with(configure: impl FnOnce(&mut WebConfig)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, pg_schema) = fresh_database(dir.path()).await;
    let store = Store::open(&url).await.expect("open store");
    ocop_store::demo::load(&store).await.expect("demo data");
    let mut config = WebConfig {
        max_upload_bytes: 1024 * 1024,
        files_dir: dir.path().join("files"),
        ..WebConfig::default()
    };
    configure(&mut config);
    let state = AppState::new(store.clone(), config);
    let address = serve(state.clone()).await;
    TestApp {
        address,
        store,
        state,
        database_url: url,
        pg_schema,
        _dir: dir,
    }
}

/// Serves `state` on a random loopback port in the background: its `http://` address.
pub async fn serve(state: AppState) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(
        async move { ocop_web::serve_until(listener, state, std::future::pending()).await },
    );
    address
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// The server's store of uploaded files.
    pub fn files(&self) -> ocop_web::files::FileStore {
        ocop_web::files::FileStore::new(self._dir.path().join("files"))
    }

    /// Where the server keeps uploaded files.
    pub fn files_dir(&self) -> std::path::PathBuf {
        self._dir.path().join("files")
    }

    /// A browser-like client without a session: keeps cookies, sends our Origin.
    pub fn browser(&self) -> reqwest::Client {
        self.browser_at("127.0.0.1")
    }

    /// Like [`TestApp::browser`], connecting from another loopback address (127.0.0.2, …),
    /// as a client on another machine would.
    pub fn browser_at(&self, local_address: &str) -> reqwest::Client {
        let mut headers = HeaderMap::new();
        headers.insert(ORIGIN, HeaderValue::from_str(&self.address).unwrap());
        reqwest::Client::builder()
            .cookie_store(true)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .local_address(local_address.parse::<std::net::IpAddr>().unwrap())
            .build()
            .unwrap()
    }

    /// A browser-like client signed in as a demo account.
    pub async fn login(&self, email: &str) -> reqwest::Client {
        let client = self.browser();
        let response = client
            .post(self.url("/login"))
            .form(&[
                ("email", email),
                ("password", DEMO_PASSWORD),
                ("next", "/admin"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "login as {email}");
        client
    }

    /// An API bearer token for a demo account.
    pub async fn token(&self, email: &str) -> String {
        let user = self
            .store
            .user_by_email(email)
            .await
            .unwrap()
            .expect("demo account");
        self.store.create_session(user.id).await.unwrap()
    }
}

/// A valid 10-digit tax code, different for each `n` (not a real one).
pub fn tax_code(n: u32) -> String {
    (0..)
        .find_map(|i| {
            let nine = format!("58{:07}", n * 100 + i);
            tax_check_digit(&nine).map(|d| format!("{nine}{d}"))
        })
        .unwrap()
}
