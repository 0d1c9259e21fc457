//! `ocop stamps issue` and `ocop keys rotate|list`: the stamp use cases as the system, for
//! whoever runs the server.

use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use ocop_domain::stamp::IssueInput;
use ocop_store::{Caller, Store, StoreError};
use time::format_description::well_known::Rfc3339;

#[derive(Subcommand)]
pub enum StampCommand {
    /// Issue a series of stamps for a lot; with --output, write its codes as CSV.
    Issue {
        /// The lot's id (UUID), as its page and the API show it.
        #[arg(long)]
        lot: String,
        /// How many stamps, 1–1,000,000.
        #[arg(long)]
        count: String,
        /// Label width in mm (default 24).
        #[arg(long, default_value = "")]
        label_width: String,
        /// Label height in mm (default 33).
        #[arg(long, default_value = "")]
        label_height: String,
        /// Write the codes here (CSV: index, serial, tag, code, url, gs1_url), row by row.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Add a new stamp key that tags new stamps from now on; older keys keep verifying.
    Rotate,
    /// List the stamp keys: ids and dates, never secrets.
    List,
}

pub async fn issue(
    store: &Store,
    command: StampCommand,
    host: &str,
    signed: bool,
) -> anyhow::Result<ExitCode> {
    let StampCommand::Issue {
        lot,
        count,
        label_width,
        label_height,
        output,
    } = command;
    let Ok(lot_id) = lot.trim().parse::<uuid::Uuid>() else {
        eprintln!("Mã lô \"{lot}\" không hợp lệ (cần UUID của lô)");
        return Ok(ExitCode::from(crate::EXIT_INVALID));
    };
    let caller = Caller::system("cli stamps issue");
    let input = IssueInput {
        count,
        label_width_mm: label_width,
        label_height_mm: label_height,
    };
    let series = match store.issue_stamps(&caller, lot_id, &input, signed).await {
        Ok(series) => series,
        Err(StoreError::Invalid(errors)) => {
            for e in &errors.0 {
                eprintln!("{}: {}", e.field, e.message);
            }
            return Ok(ExitCode::from(crate::EXIT_INVALID));
        }
        Err(e @ (StoreError::NotFound(_) | StoreError::Transition(_))) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(crate::EXIT_INVALID));
        }
        Err(e) => return Err(e.into()),
    };
    println!(
        "Đã phát hành đợt tem số {} cho lô {}: {} tem (khóa {})",
        series.series_no, series.lot_id, series.count, series.key_id
    );
    if let Some(path) = output {
        let print = store.series_for_print(&caller, series.id).await?;
        let file =
            std::fs::File::create(&path).with_context(|| format!("tạo tệp {}", path.display()))?;
        let host = host.to_owned();
        let rows = tokio::task::spawn_blocking(move || {
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
            ocop_web::routes::stamps::print::write_csv(&print, &host, BufWriter::new(file), threads)
        })
        .await??;
        println!("Đã ghi {rows} mã tem vào {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn keys(store: &Store, command: KeyCommand) -> anyhow::Result<ExitCode> {
    let caller = Caller::system("cli keys");
    match command {
        KeyCommand::Rotate => {
            let key = store.rotate_stamp_keys(&caller).await?;
            println!(
                "Đã tạo khóa tem số {} (từ {}); các khóa cũ vẫn kiểm tra được tem đã in",
                key.id,
                key.created_at.format(&Rfc3339)?
            );
        }
        KeyCommand::List => {
            for key in store.list_stamp_keys(&caller).await? {
                let retired = match key.retired_at {
                    Some(at) => at.format(&Rfc3339)?,
                    None => "—".into(),
                };
                println!(
                    "{}\t{}\t{}\t{}",
                    key.id,
                    key.created_at.format(&Rfc3339)?,
                    retired,
                    if key.active {
                        "đang dùng"
                    } else {
                        "chỉ kiểm tra"
                    }
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
