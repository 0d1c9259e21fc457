//! `ocop scans`: the scan dashboard (lượt quét tem) as the system sees it — every product's
//! scans over the last 30 days, the alerts and the consumers' reports — through the same use
//! case as the back-office page and the API.

use std::process::ExitCode;

use clap::Subcommand;
use ocop_domain::scan::HandlingInput;
use ocop_store::{Caller, Store};
use uuid::Uuid;

#[derive(Subcommand)]
pub enum ScansCommand {
    /// Scans per product and day, the latest alerts and consumer reports.
    Dashboard {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Marks an open alert handled (đã xử lý), with what was done; the same rule and audit
    /// as the page and the API.
    HandleAlert {
        /// The alert's id (`ocop scans dashboard` lists them).
        id: Uuid,
        /// What was done about it.
        #[arg(long)]
        note: String,
    },
}

pub async fn run(store: &Store, command: ScansCommand) -> anyhow::Result<ExitCode> {
    match command {
        ScansCommand::Dashboard { json } => {
            let d = store.scan_dashboard(&Caller::system("cli scans")).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&d)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!("Lượt quét 30 ngày gần nhất: {}", d.total);
            for p in &d.per_product {
                println!("  {:>6}  {}", p.scans, p.product_name);
            }
            println!("Theo ngày:");
            for day in &d.per_day {
                println!("  {}  {:>6}", day.day, day.scans);
            }
            println!("Cảnh báo: {}", d.alerts.len());
            for a in &d.alerts {
                println!(
                    "  {}  {}  {:<12}  {}  {}{}",
                    a.id,
                    a.raised_at.date(),
                    a.kind.key(),
                    a.serial,
                    a.detail,
                    a.handled
                        .as_ref()
                        .map(|h| format!("  [đã xử lý: {}]", h.note))
                        .unwrap_or_default()
                );
            }
            println!("Báo cáo của người tiêu dùng: {}", d.reports.len());
            for r in &d.reports {
                println!(
                    "  {}  {:<11}  {} · {}  {}",
                    r.reported_at.date(),
                    r.kind.key(),
                    r.product_name,
                    r.lot_number,
                    r.message
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        ScansCommand::HandleAlert { id, note } => {
            let alert = store
                .handle_scan_alert(&Caller::system("cli scans"), id, &HandlingInput { note })
                .await?;
            println!(
                "Đã xử lý cảnh báo {} ({}, {})",
                alert.id,
                alert.kind.key(),
                alert.serial
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
