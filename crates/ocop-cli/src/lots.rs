//! `ocop lots`: import lots from a spreadsheet, list a product's lots and add a lab test
//! report to a lot, through the same use cases as the portal and the API, as the system.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use ocop_domain::lot::LabTestInput;
use ocop_render::{ReadLimits, TableFormat, read_table};
use ocop_store::import::ImportOptions;
use ocop_store::lots::TestFile;
use ocop_store::{Caller, Store, StoreError};
use ocop_web::files::FileStore;
use ocop_web::routes::lots::report_file;
use uuid::Uuid;

use crate::EXIT_INVALID;

#[derive(Subcommand)]
pub enum LotsCommand {
    /// Import lots (lô sản phẩm) from an .xlsx or .csv file with the import template's
    /// columns; `Mã sản phẩm` names the product by its product code or id.
    Import {
        file: PathBuf,
        /// Check every row and report, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the valid rows and report the invalid ones (default: any invalid row stops
        /// the import and nothing is written).
        #[arg(long)]
        skip_invalid: bool,
    },
    /// List a product's lots, the latest production first.
    List {
        /// The product's id.
        #[arg(long)]
        product: Uuid,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Add a lab test report (phiếu kết quả kiểm nghiệm) to a lot, with its file if given (a
    /// PDF, or a photo re-encoded as the portal does).
    AddTest {
        /// The lot's id.
        lot: Uuid,
        /// The laboratory.
        #[arg(long)]
        lab: String,
        /// The test's date, YYYY-MM-DD.
        #[arg(long)]
        on: String,
        /// One result, "name | value | unit" (the unit may be left out); repeat for more.
        #[arg(long = "result")]
        results: Vec<String>,
        /// The report's file: PDF, JPEG, PNG or WebP, at most `max_upload_mb`.
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

/// Where report files go, and how large one may be.
pub struct Files {
    pub store: FileStore,
    pub max_bytes: usize,
}

pub async fn run(
    store: &Store,
    command: LotsCommand,
    limits: &ReadLimits,
    files: &Files,
) -> anyhow::Result<ExitCode> {
    match command {
        LotsCommand::Import {
            file,
            dry_run,
            skip_invalid,
        } => {
            let name = file.display().to_string();
            let Some(format) = TableFormat::from_file_name(&name) else {
                eprintln!("Tệp {name}: chỉ nhận .xlsx hoặc .csv");
                return Ok(ExitCode::from(EXIT_INVALID));
            };
            let bytes = std::fs::read(&file).with_context(|| format!("đọc tệp {name}"))?;
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
            let (valid, errors) =
                ocop_domain::import::lot_rows(&table.headers, &rows, store.today());
            let caller = Caller::system(&format!("cli lots import {name}"));
            let options = ImportOptions {
                dry_run,
                skip_invalid,
            };
            let outcome = store
                .import_lot_rows(&caller, valid, errors, options)
                .await?;
            Ok(crate::transfer::report(&outcome))
        }
        LotsCommand::AddTest {
            lot,
            lab,
            on,
            results,
            file,
        } => {
            let input = LabTestInput {
                lab_name: lab,
                tested_on: on,
                results: results.join("\n"),
            };
            let stored = match file {
                None => None,
                Some(path) => match report_file(&path, files).await? {
                    Ok(stored) => Some(stored),
                    Err(refusal) => {
                        eprintln!("Tệp phiếu {} không được nhận: {refusal}", path.display());
                        return Ok(ExitCode::from(EXIT_INVALID));
                    }
                },
            };
            let test = store
                .record_lab_test(&Caller::system("cli lots add-test"), lot, &input, stored)
                .await?;
            println!(
                "Đã thêm phiếu kiểm nghiệm {} ({}, {}, {} chỉ tiêu)",
                test.id,
                test.lab_name,
                test.tested_on,
                test.results.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        LotsCommand::List { product, json } => {
            let caller = Caller::system("cli lots list");
            let lots = match store.product_lots(&caller, product).await {
                Ok(lots) => lots,
                Err(StoreError::NotFound(_)) => {
                    eprintln!("Không có sản phẩm mã {product}");
                    return Ok(ExitCode::from(EXIT_INVALID));
                }
                Err(e) => return Err(e.into()),
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&lots)?);
            } else {
                for lot in &lots {
                    println!(
                        "{}\t{}\t{}\t{}\t{} {}\t{}",
                        lot.id,
                        lot.lot_number,
                        lot.produced_on,
                        lot.expires_on.map(|d| d.to_string()).unwrap_or_default(),
                        lot.quantity,
                        lot.unit,
                        lot.status.label()
                    );
                }
                println!("{} lô", lots.len());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Stores the report file at `path` as the portal does, read no further than the upload
/// limit: the stored file, or why it is refused.
async fn report_file(path: &Path, files: &Files) -> anyhow::Result<Result<TestFile, String>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| {
            file.take(files.max_bytes as u64 + 1)
                .read_to_end(&mut bytes)
        })
        .with_context(|| format!("không đọc được {}", path.display()))?;
    if bytes.len() > files.max_bytes {
        return Ok(Err(format!(
            "lớn hơn {} MB",
            files.max_bytes.div_ceil(1024 * 1024)
        )));
    }
    Ok(match report_file::store(&files.store, bytes).await? {
        Ok(Some(stored)) => Ok(stored),
        Ok(None) => Err("tệp rỗng".to_owned()),
        Err(refusal) => Err(refusal.to_string()),
    })
}
