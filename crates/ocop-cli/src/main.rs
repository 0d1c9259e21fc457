//! `ocop`: the one binary of the OCOP system — server, migrations, accounts, imports and
//! exports, scoring.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

mod accounts;
mod audit;
mod change_requests;
mod config;
mod dossiers;
mod ideas;
mod logging;
mod lots;
mod scans;
mod scoring;
mod stamps;
mod transfer;

#[derive(Parser)]
#[command(
    name = "ocop",
    version,
    about = "Hệ thống OCOP — Mỗi xã một sản phẩm (One Commune One Product)"
)]
struct Cli {
    /// Database URL (overrides ocop.toml and OCOP_DATABASE): sqlite://FILE or postgres://…
    #[arg(long, global = true)]
    database: Option<String>,
    /// Log lines as `text` or `json` (overrides ocop.toml and OCOP_LOG_FORMAT).
    #[arg(long, global = true, value_enum)]
    log_format: Option<config::LogFormat>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (public catalogue, back-office, API).
    Serve {
        /// Address to listen on, e.g. 0.0.0.0:8080 (default 127.0.0.1:8080).
        #[arg(long)]
        listen: Option<String>,
        /// Load the demo data (Quảng Ninh's key products, one account per role) into an
        /// empty database first.
        #[arg(long)]
        demo: bool,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Load the demo data into an empty database and exit.
    Demo,
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: accounts::UserCommand,
    },
    /// Lots (lô sản phẩm): import from a spreadsheet, list a product's lots.
    Lots {
        #[command(subcommand)]
        command: lots::LotsCommand,
    },
    /// Product change requests (yêu cầu thay đổi).
    ChangeRequests {
        #[command(subcommand)]
        command: change_requests::ChangeRequestCommand,
    },
    /// Idea registrations of the yearly OCOP cycle.
    Ideas {
        #[command(subcommand)]
        command: ideas::IdeasCommand,
    },
    /// Hồ sơ sản phẩm: list dossiers.
    Dossiers {
        #[command(subcommand)]
        command: dossiers::DossiersCommand,
    },
    /// Stamp scans (lượt quét tem): the dashboard of scans, alerts and consumer reports.
    Scans {
        #[command(subcommand)]
        command: scans::ScansCommand,
    },
    /// Check the audit log.
    Audit {
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
    /// Import producers or products from an .xlsx or .csv file.
    Import {
        kind: Kind,
        file: PathBuf,
        /// Check every row and report, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the valid rows and report the invalid ones (default: any invalid row stops
        /// the import and nothing is written).
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Score an answers file (JSON) against a criteria set; prints the evaluation as JSON.
    Score {
        /// Criteria version: V2026 (default), V2025, V2023, V2019.
        #[arg(long, default_value = "V2026")]
        version: String,
        /// Sheet number 1–26 (versions with sheets).
        #[arg(long)]
        sheet: Option<u8>,
        /// `{"members": [{"name": "…", "choices": {"1.1": 3}}], "knockouts": [], "spread_threshold": 10}`
        #[arg(long)]
        answers: PathBuf,
    },
    /// Print the criteria sets.
    Criteria {
        #[command(subcommand)]
        command: scoring::CriteriaCommand,
    },
    /// Issue stamp series for lots.
    Stamps {
        #[command(subcommand)]
        command: stamps::StampCommand,
    },
    /// Manage the stamp keys (never shown: only their ids and dates).
    Keys {
        #[command(subcommand)]
        command: stamps::KeyCommand,
    },
    /// Export producers or products as .xlsx or .csv.
    Export {
        kind: Kind,
        #[arg(long, value_enum, default_value = "xlsx")]
        format: Format,
        /// Output file (default: ocop-<kind>.<format> in the working directory).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Producers,
    Products,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Xlsx,
    Csv,
}

/// Exit code for input the user must fix (invalid rows, bad answers file).
pub const EXIT_INVALID: u8 = 2;

/// mimalloc instead of glibc's allocator: the stamp resolver makes a few buffers per scan
/// (the page, its headers, the scan's row), and glibc's bins and their merging were a tenth of
/// its CPU (BENCHMARKS.md, "Stamp resolver").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Read before logging starts: the settings say how to log.
    let mut settings = match config::Settings::load() {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("Lỗi: đọc cấu hình: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(db) = cli.database.clone() {
        settings.database = db;
    }
    if let Some(format) = cli.log_format {
        settings.log_format = format;
    }
    logging::init(settings.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    match runtime.block_on(run(cli, settings)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Lỗi: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The demo's pictures, into `files_dir` and linked to their products (only with freshly
/// loaded demo data: an existing database keeps its photos as they are).
async fn demo_photos(store: &ocop_store::Store, settings: &config::Settings) -> anyhow::Result<()> {
    let files = ocop_web::files::FileStore::new(&settings.files_dir);
    let attached = ocop_web::demo::attach_photos(store, &files)
        .await
        .context("nạp ảnh demo")?;
    tracing::info!(attached, "demo photos");
    let evidence = ocop_web::demo::store_evidence_files(&files)
        .await
        .context("nạp tệp minh chứng demo")?;
    tracing::info!(evidence, "demo evidence files");
    Ok(())
}

async fn run(cli: Cli, settings: config::Settings) -> anyhow::Result<ExitCode> {
    let open = || async {
        ocop_store::Store::open(&settings.database)
            .await
            .with_context(|| format!("mở cơ sở dữ liệu {}", settings.database))
    };
    match cli.command {
        Command::Serve { listen, demo } => {
            let store = open().await?;
            if demo {
                let created = ocop_store::demo::load(&store)
                    .await
                    .context("nạp dữ liệu demo")?;
                tracing::info!(created, "demo data");
                if created > 0 {
                    demo_photos(&store, &settings).await?;
                }
            }
            let listen = listen.unwrap_or(settings.listen.clone());
            let listener = tokio::net::TcpListener::bind(&listen)
                .await
                .with_context(|| format!("mở cổng {listen}"))?;
            tracing::info!("OCOP đang chạy tại http://{}", listener.local_addr()?);
            let state = ocop_web::AppState::new(
                store,
                ocop_web::WebConfig {
                    secure_cookies: settings.secure_cookies,
                    max_upload_bytes: settings.max_upload_mb * 1024 * 1024,
                    files_dir: settings.files_dir.clone().into(),
                    read_limits: settings.read_limits(),
                    demo,
                    stamp_host: settings.stamps.host_or(&listen),
                    stamp_signing: settings.stamps.ed25519_signing,
                    resolver: settings.scans.resolver(),
                    header_read_timeout: ocop_web::HEADER_READ_TIMEOUT,
                },
            );
            ocop_web::serve(listener, state).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            open().await?;
            println!("Đã cập nhật cơ sở dữ liệu {}", settings.database);
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo => {
            let store = open().await?;
            let created = ocop_store::demo::load(&store).await?;
            if created == 0 {
                println!("Cơ sở dữ liệu đã có dữ liệu: không nạp demo");
            } else {
                demo_photos(&store, &settings).await?;
                println!("Đã nạp {created} sản phẩm demo");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::User { command } => accounts::run(&open().await?, command).await,
        Command::Audit { command } => audit::run(&open().await?, command).await,
        Command::Scans { command } => scans::run(&open().await?, command).await,
        Command::Dossiers { command } => dossiers::run(&open().await?, command).await,
        Command::Ideas { command } => ideas::run(&open().await?, command).await,
        Command::Lots { command } => {
            let files = lots::Files {
                store: ocop_web::files::FileStore::new(&settings.files_dir),
                max_bytes: settings.max_upload_mb * 1024 * 1024,
            };
            lots::run(&open().await?, command, &settings.read_limits(), &files).await
        }
        Command::ChangeRequests { command } => change_requests::run(&open().await?, command).await,
        Command::Import {
            kind,
            file,
            dry_run,
            skip_invalid,
        } => {
            let limits = settings.read_limits();
            transfer::import(&open().await?, kind, &file, &limits, dry_run, skip_invalid).await
        }
        Command::Export {
            kind,
            format,
            output,
        } => transfer::export(&open().await?, kind, format, output).await,
        Command::Score {
            version,
            sheet,
            answers,
        } => scoring::score(&version, sheet, &answers),
        Command::Criteria { command } => scoring::criteria(command),
        Command::Stamps { command } => {
            stamps::issue(
                &open().await?,
                command,
                &settings.stamps.host_or(&settings.listen),
                settings.stamps.ed25519_signing,
            )
            .await
        }
        Command::Keys { command } => stamps::keys(&open().await?, command).await,
    }
}
