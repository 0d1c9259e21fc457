//! `ocop import` and `ocop export`: spreadsheets in and out, from the command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use ocop_render::{ReadLimits, Table, TableFormat, read_table, write_csv, write_xlsx};
use ocop_store::import::{ImportOptions, ImportOutcome};
use ocop_store::{Caller, Store};

use crate::{EXIT_INVALID, Format, Kind};

pub async fn import(
    store: &Store,
    kind: Kind,
    file: &Path,
    limits: &ReadLimits,
    dry_run: bool,
    skip_invalid: bool,
) -> anyhow::Result<ExitCode> {
    let name = file.display().to_string();
    let Some(format) = TableFormat::from_file_name(&name) else {
        eprintln!("Tệp {name}: chỉ nhận .xlsx hoặc .csv");
        return Ok(ExitCode::from(EXIT_INVALID));
    };
    let bytes = std::fs::read(file).with_context(|| format!("đọc tệp {name}"))?;
    let table = match read_table(&bytes, format, limits) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("Tệp {name}: {e}");
            return Ok(ExitCode::from(EXIT_INVALID));
        }
    };
    let rows: Vec<(usize, Vec<String>)> = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (table.row_number(i), r.clone()))
        .collect();
    let bar = ProgressBar::new(rows.len() as u64).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} dòng · {elapsed}")
            .expect("valid template"),
    );
    let caller = Caller::system(&format!("cli import {name}"));
    let options = ImportOptions {
        dry_run,
        skip_invalid,
    };
    // The command line is an operator's tool: every unit is in scope.
    let progress = |n: usize| bar.set_position(n as u64);
    let outcome = match kind {
        Kind::Producers => {
            let (valid, errors) =
                ocop_domain::import::producer_rows(store.units(), &table.headers, &rows);
            store
                .import_producer_rows(&caller, valid, errors, options, progress)
                .await?
        }
        Kind::Products => {
            let (valid, errors) = ocop_domain::import::product_rows(&table.headers, &rows);
            store
                .import_product_rows(&caller, valid, errors, options, progress)
                .await?
        }
    };
    bar.finish_and_clear();
    Ok(report(&outcome))
}

pub(crate) fn report(outcome: &ImportOutcome) -> ExitCode {
    for e in &outcome.errors {
        eprintln!("{e}");
    }
    println!(
        "{} dòng, {} hợp lệ, {} lỗi, đã ghi {}{}",
        outcome.total_rows,
        outcome.valid_rows,
        outcome.errors.len(),
        outcome.written,
        if outcome.dry_run {
            " (chạy thử, không ghi)"
        } else {
            ""
        }
    );
    if !outcome.errors.is_empty() && outcome.written == 0 && !outcome.dry_run {
        println!("Không ghi dòng nào: sửa các lỗi trên hoặc dùng --skip-invalid");
    }
    if outcome.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    }
}

pub async fn export(
    store: &Store,
    kind: Kind,
    format: Format,
    output: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let (table, name) = match kind {
        Kind::Producers => (
            store
                .export_producer_table(&Caller::system("cli export"), &Default::default())
                .await?,
            "producers",
        ),
        Kind::Products => (
            store
                .export_product_table(&Caller::system("cli export"), &Default::default())
                .await?,
            "products",
        ),
    };
    let count = table.rows.len();
    let table = Table::new(table.headers, table.rows);
    let (bytes, ext) = match format {
        Format::Xlsx => (write_xlsx(name, &table)?, "xlsx"),
        Format::Csv => (write_csv(&table)?, "csv"),
    };
    let path = output.unwrap_or_else(|| PathBuf::from(format!("ocop-{name}.{ext}")));
    std::fs::write(&path, bytes).with_context(|| format!("ghi tệp {}", path.display()))?;
    println!("Đã xuất {count} dòng vào {}", path.display());
    Ok(ExitCode::SUCCESS)
}
