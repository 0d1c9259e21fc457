//! `ocop score` and `ocop criteria`: the scoring engine and the criteria sets from the
//! command line.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use ocop_domain::criteria::{Criterion, Library};
use ocop_domain::scoring::{Answers, TotalsAnswers, evaluate, evaluate_totals};

use crate::EXIT_INVALID;

#[derive(Subcommand)]
pub enum CriteriaCommand {
    /// List the versions and their sheets.
    List,
    /// Print one sheet: parts, sections, criteria, options with points and star minimums.
    Show {
        /// V2026, V2025, V2023 or V2019.
        version: String,
        /// Sheet number 1–26.
        sheet: u8,
        /// Print the sheet as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn invalid(message: impl std::fmt::Display) -> anyhow::Result<ExitCode> {
    eprintln!("Lỗi: {message}");
    Ok(ExitCode::from(EXIT_INVALID))
}

/// Scores an answers file and prints the evaluation as JSON.
pub fn score(version: &str, sheet: Option<u8>, answers: &Path) -> anyhow::Result<ExitCode> {
    let library = Library::embedded();
    let Some(set) = library.version(version) else {
        let known: Vec<&str> = library
            .versions()
            .iter()
            .map(|s| s.version.as_str())
            .collect();
        return invalid(format!(
            "phiên bản \"{version}\" không có (có: {})",
            known.join(", ")
        ));
    };
    let text = match std::fs::read_to_string(answers) {
        Ok(t) => t,
        Err(e) => return invalid(format!("không đọc được {}: {e}", answers.display())),
    };
    let json = if set.sheets.is_empty() {
        let parsed: TotalsAnswers = match serde_json::from_str(&text) {
            Ok(a) => a,
            Err(e) => {
                return invalid(format!(
                    "tệp trả lời {} không hợp lệ: {e}",
                    answers.display()
                ));
            }
        };
        match evaluate_totals(set, &parsed) {
            Ok(result) => serde_json::to_string_pretty(&result)?,
            Err(e) => return invalid(format!("{} ({}): {}", e.field(), e.code(), e.message())),
        }
    } else {
        let Some(sheet) = sheet else {
            return invalid("cần --sheet (1–26)");
        };
        let parsed: Answers = match serde_json::from_str(&text) {
            Ok(a) => a,
            Err(e) => {
                return invalid(format!(
                    "tệp trả lời {} không hợp lệ: {e}",
                    answers.display()
                ));
            }
        };
        match evaluate(set, sheet, &parsed) {
            Ok(result) => serde_json::to_string_pretty(&result)?,
            Err(e) => return invalid(format!("{} ({}): {}", e.field(), e.code(), e.message())),
        }
    };
    println!("{json}");
    Ok(ExitCode::SUCCESS)
}

pub fn criteria(command: CriteriaCommand) -> anyhow::Result<ExitCode> {
    let library = Library::embedded();
    match command {
        CriteriaCommand::List => {
            for set in library.versions() {
                println!(
                    "{} — {} (hiệu lực từ {}), A{}/B{}/C{}, {} phiếu",
                    set.version,
                    set.legal_basis,
                    set.effective_from,
                    set.part_maxima.a,
                    set.part_maxima.b,
                    set.part_maxima.c,
                    set.sheets.len()
                );
                for sheet in &set.sheets {
                    println!(
                        "  {:>2}. {} ({} tiêu chí chấm)",
                        sheet.number,
                        sheet.name,
                        sheet.leaves().len()
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        CriteriaCommand::Show {
            version,
            sheet,
            json,
        } => {
            let Some(set) = library.version(&version) else {
                return invalid(format!("phiên bản \"{version}\" không có"));
            };
            let Some(s) = set.sheet(sheet) else {
                return invalid(format!("phiên bản {version} không có phiếu {sheet}"));
            };
            if json {
                println!("{}", serde_json::to_string_pretty(s)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!("{} — Phiếu {}: {}", set.version, s.number, s.name);
            println!(
                "Nhóm: {} · Cơ quan chủ trì: {}",
                s.product_group, s.lead_ministry
            );
            if !s.knockout_text.is_empty() {
                println!("Hồ sơ bị loại khi: {}", s.knockout_text);
            }
            for part in &s.parts {
                println!("\nPhần {:?}: {} ({} điểm)", part.code, part.name, part.max);
                for section in &part.sections {
                    println!("  {}. {} ({})", section.id, section.name, section.max);
                    for c in &section.criteria {
                        print_criterion(c, 2);
                    }
                }
            }
            println!("\nTỔNG CỘNG: 100");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_criterion(c: &Criterion, depth: usize) {
    let pad = "  ".repeat(depth);
    println!("{pad}{} {} ({})", c.id, c.name, c.max);
    if c.is_yes_no() {
        println!("{pad}  [1] Đạt — {} điểm", c.max);
    }
    for (i, o) in c.options.iter().enumerate() {
        let stars = o
            .star_minimum
            .map(|s| format!(" {}", "*".repeat(s as usize)))
            .unwrap_or_default();
        println!("{pad}  [{}] {} — {} điểm{stars}", i + 1, o.text, o.points);
    }
    for child in &c.children {
        print_criterion(child, depth + 1);
    }
}
