//! The OCOP web application: public catalogue, back-office for officials and producers,
//! JSON API `/api/v1` with its OpenAPI document. Only this crate knows HTTP.

use std::net::IpAddr;
use std::sync::Arc;

use ocop_store::Store;
use ocop_store::login_attempts::SignIn;

pub mod api;
pub mod assets;
pub mod auth;
pub mod backoffice;
pub mod csrf;
pub mod demo;
pub mod error;
pub mod files;
pub mod forms;
pub mod heavy;
pub mod i18n;
pub mod images;
pub mod limiter;
pub mod routes;
pub mod security;
pub mod site;
pub mod trace;
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
    /// What an imported spreadsheet may hold at most (rows, columns, unpacked size).
    pub read_limits: ocop_render::ReadLimits,
    /// Serving the demo data (`serve --demo`): the sign-in page names the demo accounts.
    pub demo: bool,
    /// The stamp resolver: rate limits, caches, the scan writer and its alert rules.
    pub resolver: routes::resolver::memory::ResolverSettings,
    /// The host (and port) printed in stamp URLs, `HTTPS://<HOST>/V/<CODE>`.
    pub stamp_host: String,
    /// Sign stamp codes with Ed25519 (setting `stamps.ed25519_signing`).
    pub stamp_signing: bool,
    /// How long a client may take to send a request's head (its line and headers) before
    /// its connection is closed: a client sending a byte now and then would otherwise hold
    /// a connection for ever (slowloris). It also closes a kept-alive connection idle so long.
    pub header_read_timeout: std::time::Duration,
}

/// How long a client may take to send a request's head: see [`WebConfig::header_read_timeout`].
pub const HEADER_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: false,
            max_upload_bytes: 10 * 1024 * 1024,
            files_dir: "ocop-files".into(),
            read_limits: ocop_render::ReadLimits::default(),
            demo: false,
            resolver: Default::default(),
            stamp_host: "localhost:8080".into(),
            stamp_signing: false,
            header_read_timeout: HEADER_READ_TIMEOUT,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    pub files: files::FileStore,
    pub import_reports: Arc<routes::import::ImportReports>,
    /// The stamp resolver's memory and scan writer.
    pub resolver: Arc<routes::resolver::memory::Resolver>,
}

impl AppState {
    /// The state of a server; starts the resolver's tasks on the current Tokio runtime.
    pub fn new(store: Store, config: WebConfig) -> AppState {
        AppState {
            resolver: routes::resolver::memory::Resolver::start(
                store.clone(),
                config.resolver.clone(),
            ),
            store,
            files: files::FileStore::new(config.files_dir.clone()),
            import_reports: Arc::default(),
            config: Arc::new(config),
        }
    }
}

impl AppState {
    /// Checks a password, refusing while the client address has failed too often (for this
    /// e-mail, or over all e-mails), and a disabled account. The sign-in page and the API
    /// both come here.
    pub async fn sign_in(
        &self,
        client: IpAddr,
        email: &str,
        password: &str,
    ) -> Result<Option<ocop_store::User>, AppError> {
        match self.store.sign_in(client, email, password).await? {
            SignIn::Accepted(user) => Ok(Some(user)),
            SignIn::Refused => Ok(None),
            SignIn::Disabled => Err(AppError::AccountDisabled),
            SignIn::Throttled(wait) => Err(AppError::TooManyAttempts(wait.as_secs().div_ceil(60))),
        }
    }
}

pub use site::serve_until;

/// Serves until the process gets Ctrl-C or SIGTERM, then writes what the scan log still holds
/// (the scans of the last half second, the counts of the last five).
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let scans = state.resolver.scan_log().clone();
    serve_until(listener, state, shutdown_signal()).await?;
    scans.flush().await;
    Ok(())
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
