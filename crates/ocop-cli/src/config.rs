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
    /// Stamps (`[stamps]` in ocop.toml, `OCOP_STAMPS__…` in the environment).
    pub stamps: StampSettings,
    /// The stamp resolver's scans (`[scans]` in ocop.toml, `OCOP_SCANS__…`).
    pub scans: ScanSettings,
}

/// Settings of the stamp resolver and its scan alerts.
#[derive(Debug, Clone, Deserialize)]
pub struct ScanSettings {
    /// Alert when a serial is scanned more than this many times.
    pub max_scans: u32,
    /// Alert when one serial is scanned from places farther apart than this (km) …
    pub far_km: u32,
    /// … within this many hours.
    pub far_hours: u32,
    /// Stamp pages per minute per client address (`/v/`, the GS1 paths).
    pub views_per_minute: u32,
    /// Consumer reports per hour per client address.
    pub reports_per_hour: u32,
}

impl ScanSettings {
    /// The resolver's settings: these, the rest at their defaults.
    pub fn resolver(&self) -> ocop_web::routes::resolver::memory::ResolverSettings {
        let mut settings = ocop_web::routes::resolver::memory::ResolverSettings {
            views_per_minute: self.views_per_minute,
            reports_per_hour: self.reports_per_hour,
            ..Default::default()
        };
        settings.scan_log.rules = ocop_domain::scan::AlertRules {
            max_scans: self.max_scans,
            far_km: self.far_km,
            far_hours: self.far_hours,
        };
        settings
    }
}

/// Settings of the stamps.
#[derive(Debug, Clone, Deserialize)]
pub struct StampSettings {
    /// The public host (and port) printed in stamp URLs, e.g. `ocop.example.vn`; empty: the
    /// address the server listens on.
    pub host: String,
    /// Sign each stamp's code with Ed25519 (published at `/.well-known/ocop-stamp-keys.json`),
    /// so that anyone can check a stamp offline. Signed stamps need larger labels.
    pub ed25519_signing: bool,
}

impl StampSettings {
    /// The host stamps print: the setting, or else `listen`.
    pub fn host_or(&self, listen: &str) -> String {
        if self.host.trim().is_empty() {
            listen.to_owned()
        } else {
            self.host.trim().to_owned()
        }
    }
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
            .set_default("stamps.host", "")?
            .set_default("stamps.ed25519_signing", false)?
            .set_default("scans.max_scans", 20)?
            .set_default("scans.far_km", 100)?
            .set_default("scans.far_hours", 24)?
            .set_default("scans.views_per_minute", 120)?
            .set_default("scans.reports_per_hour", 10)?
            .add_source(config::File::with_name("ocop.toml").required(false))
            .add_source(
                config::Environment::with_prefix("OCOP")
                    .prefix_separator("_")
                    .separator("__")
                    .try_parsing(true),
            )
            .build()?;
        Ok(settings.try_deserialize()?)
    }
}
