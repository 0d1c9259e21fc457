//! `ocop scans`: the scan dashboard (lượt quét tem) as the system sees it — every product's
//! scans over the last 30 days, the alerts and the consumers' reports — through the same use
//! case as the back-office page and the API; and the scan log itself, for audits.

use std::process::ExitCode;

use clap::Subcommand;
use ocop_domain::lot::parse_date;
use ocop_domain::scan::HandlingInput;
use ocop_store::scans::MAX_SCAN_LOG;
use ocop_store::use_cases::Handling;
use ocop_store::{Caller, Store};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
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
    /// Marks an open consumer's report handled (đã xử lý), with what was done; as for an alert.
    HandleReport {
        /// The report's id (`ocop scans dashboard` lists them).
        id: Uuid,
        /// What was done about it.
        #[arg(long)]
        note: String,
    },
    /// The scan log (nhật ký quét) as CSV: every scan logged from one time to another, in
    /// the order written.
    Log {
        /// From this time, included: RFC 3339 (2026-12-01T08:00:00+07:00) or a day
        /// (2026-12-01, from its start in Vietnam).
        #[arg(long, value_parser = parse_moment)]
        from: OffsetDateTime,
        /// To this time, excluded (a day: its start in Vietnam).
        #[arg(long, value_parser = parse_moment)]
        to: OffsetDateTime,
        /// At most this many scans.
        #[arg(long, default_value_t = 100_000,
              value_parser = clap::value_parser!(u32).range(1..=MAX_SCAN_LOG as i64))]
        limit: u32,
    },
}

/// "  [đã xử lý: what was done]" after a handled alert or report.
fn handled_note(handled: Option<&Handling>) -> String {
    handled
        .map(|h| format!("  [đã xử lý: {}]", h.note))
        .unwrap_or_default()
}

/// A time as RFC 3339, or a day (as the lots' dates are typed) as its first instant in
/// Vietnam.
fn parse_moment(raw: &str) -> Result<OffsetDateTime, String> {
    if let Ok(at) = OffsetDateTime::parse(raw, &Rfc3339) {
        return Ok(at);
    }
    let day = parse_date(raw, "Ngày").map_err(|_| {
        format!("'{raw}' không phải thời điểm RFC 3339 (2026-12-01T08:00:00+07:00) hay ngày (2026-12-01)")
    })?;
    Ok(day.midnight().assume_offset(ocop_domain::VIETNAM))
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
                    handled_note(a.handled.as_ref())
                );
            }
            println!("Báo cáo của người tiêu dùng: {}", d.reports.len());
            for r in &d.reports {
                println!(
                    "  {}  {}  {:<11}  {} · {}  {}{}",
                    r.id,
                    r.reported_at.date(),
                    r.kind.key(),
                    r.product_name,
                    r.lot_number,
                    r.message,
                    handled_note(r.handled.as_ref())
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        ScansCommand::Log { from, to, limit } => {
            if from >= to {
                anyhow::bail!("--from phải trước --to");
            }
            let log = store.scan_log(from, to, limit as usize).await?;
            println!("scanned_at,serial,series_no,lot_id,lat,lon,province,agent,demo");
            for scan in &log {
                let (lat, lon) = scan.place.map_or((String::new(), String::new()), |p| {
                    (format!("{:.1}", p.lat()), format!("{:.1}", p.lon()))
                });
                println!(
                    "{},{},{},{},{},{},{},{},{}",
                    scan.at.format(&Rfc3339)?,
                    scan.serial,
                    scan.series_no,
                    scan.lot_id.map(|id| id.to_string()).unwrap_or_default(),
                    lat,
                    lon,
                    scan.place_province
                        .map(|p| p.to_string())
                        .unwrap_or_default(),
                    scan.agent.key(),
                    u8::from(scan.demo)
                );
            }
            if log.len() == limit as usize {
                eprintln!("Đã dừng ở {limit} lượt quét (--limit); còn có thể có thêm.");
            }
            Ok(ExitCode::SUCCESS)
        }
        ScansCommand::HandleReport { id, note } => {
            let report = store
                .handle_consumer_report(&Caller::system("cli scans"), id, &HandlingInput { note })
                .await?;
            println!(
                "Đã xử lý báo cáo {} ({}, {})",
                report.id,
                report.kind.key(),
                report.serial
            );
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
