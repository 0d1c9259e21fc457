//! Settings, layered: defaults → `ocop.toml` in the working directory → `OCOP_*` environment
//! variables → command-line flags.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// `sqlite://ocop.db` (default) or `postgres://user@host/db`.
    pub database: String,
    /// Address the server listens on.
    pub listen: String,
    /// Mark session cookies `Secure` (set when served behind TLS).
    pub secure_cookies: bool,
    /// Largest upload accepted, in MiB.
    pub max_upload_mb: usize,
    /// Folder for uploaded files (product photos), content-addressed.
    pub files_dir: String,
    /// Most data rows an imported spreadsheet may hold.
    pub max_import_rows: usize,
    /// Most columns an imported spreadsheet may hold.
    pub max_import_columns: usize,
    /// Log lines as text for people (default) or as JSON for a log collector.
    pub log_format: LogFormat,
}

/// How log lines are written (to standard error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

impl Settings {
    /// What an import reads at most, for the server and the command line alike.
    pub fn read_limits(&self) -> ocop_render::ReadLimits {
        ocop_render::ReadLimits {
            max_rows: self.max_import_rows,
            max_columns: self.max_import_columns,
            ..ocop_render::ReadLimits::default()
        }
    }
}

impl Settings {
    pub fn load() -> anyhow::Result<Settings> {
        let settings = config::Config::builder()
            .set_default("database", "sqlite://ocop.db")?
            .set_default("listen", "127.0.0.1:8080")?
            .set_default("secure_cookies", false)?
            .set_default("max_upload_mb", 10)?
            .set_default("files_dir", "ocop-files")?
            .set_default("max_import_rows", 50_000)?
            .set_default("max_import_columns", 100)?
            .set_default("log_format", "text")?
            .add_source(config::File::with_name("ocop.toml").required(false))
            .add_source(config::Environment::with_prefix("OCOP").try_parsing(true))
            .build()?;
        Ok(settings.try_deserialize()?)
    }
}
