//! The OCOP web application: public catalogue, back-office for officials and producers,
//! JSON API `/api/v1` with its OpenAPI document. Only this crate knows HTTP.

use std::sync::Arc;

use axum::Router;
use ocop_store::Store;

pub mod auth;
pub mod csrf;
pub mod error;
pub mod files;
pub mod i18n;
pub mod images;
pub mod routes;
pub mod security;
pub mod throttle;
pub mod view;

pub use error::{ApiError, AppError};

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark session cookies `Secure` (behind TLS).
    pub secure_cookies: bool,
    /// Largest accepted upload (imports, photos), in bytes.
    pub max_upload_bytes: usize,
    /// Where uploaded files (product photos) are kept, content-addressed.
    pub files_dir: std::path::PathBuf,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: false,
            max_upload_bytes: 10 * 1024 * 1024,
            files_dir: "ocop-files".into(),
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    pub files: files::FileStore,
    pub login_throttle: Arc<throttle::LoginThrottle>,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> AppState {
        AppState {
            store,
            files: files::FileStore::new(config.files_dir.clone()),
            login_throttle: Arc::default(),
            config: Arc::new(config),
        }
    }
}

impl AppState {
    /// Checks a password, refusing while the e-mail is locked out after repeated failures.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
    ) -> Result<Option<ocop_store::User>, AppError> {
        let now = std::time::Instant::now();
        if let Err(wait) = self.login_throttle.check(email, now) {
            return Err(AppError::TooManyAttempts(wait.as_secs().div_ceil(60)));
        }
        let user = self.store.authenticate(email, password).await?;
        match &user {
            Some(_) => self.login_throttle.reset(email),
            None => self.login_throttle.record_failure(email, now),
        }
        Ok(user)
    }
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    routes::router(state)
}

/// Serves until the process gets Ctrl-C or SIGTERM.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
