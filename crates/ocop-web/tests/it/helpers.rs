//! `spawn_app()`: a fresh database with the demo data and the server on a random port.

use ocop_store::Store;
use ocop_store::demo::DEMO_PASSWORD;
use ocop_web::{AppState, WebConfig};
use reqwest::header::{HeaderMap, HeaderValue, ORIGIN};

pub struct TestApp {
    pub address: String,
    pub store: Store,
    _dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("ocop.db").display());
    let store = Store::open(&url).await.expect("open store");
    ocop_store::demo::load(&store).await.expect("demo data");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("addr"));
    let state = AppState::new(
        store.clone(),
        WebConfig {
            max_upload_bytes: 1024 * 1024,
            files_dir: dir.path().join("files"),
            ..WebConfig::default()
        },
    );
    tokio::spawn(async move { axum::serve(listener, ocop_web::app(state)).await });
    TestApp {
        address,
        store,
        _dir: dir,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A browser-like client without a session: keeps cookies, sends our Origin.
    pub fn browser(&self) -> reqwest::Client {
        let mut headers = HeaderMap::new();
        headers.insert(ORIGIN, HeaderValue::from_str(&self.address).unwrap());
        reqwest::Client::builder()
            .cookie_store(true)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
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
