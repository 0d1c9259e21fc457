//! `ocop dossiers …`: the dossiers (hồ sơ sản phẩm), through the same use case as the pages
//! and the API, as the system.

use std::process::ExitCode;

use clap::Subcommand;
use ocop_domain::dossier::DossierState;
use ocop_store::use_cases::DossierQuery;
use ocop_store::{Caller, Store};

/// Rows per page read from the store.
const PAGE: u32 = 100;

#[derive(Subcommand)]
pub enum DossiersCommand {
    /// List dossiers, the latest change first.
    List {
        /// Only this state: draft, submitted, returned, resubmitted, accepted, proposed,
        /// withdrawn.
        #[arg(long)]
        state: Option<String>,
        /// Print JSON (one array) instead of a table.
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(store: &Store, command: DossiersCommand) -> anyhow::Result<ExitCode> {
    match command {
        DossiersCommand::List { state, json } => {
            let state = match state.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(raw) => match DossierState::from_key(raw) {
                    Some(state) => Some(state),
                    None => {
                        let keys: Vec<&str> = DossierState::ALL.iter().map(|s| s.key()).collect();
                        eprintln!(
                            "Lỗi: trạng thái \"{raw}\" không hợp lệ; dùng một trong: {}",
                            keys.join(", ")
                        );
                        return Ok(ExitCode::from(crate::EXIT_INVALID));
                    }
                },
            };
            let caller = Caller::system("cli dossiers list");
            let mut items = Vec::new();
            let mut page = 1;
            loop {
                let query = DossierQuery {
                    state,
                    page,
                    per_page: PAGE,
                    ..DossierQuery::default()
                };
                let found = store.list_dossiers(&caller, &query).await?;
                let done = found.items.len() < PAGE as usize;
                items.extend(found.items);
                if done {
                    break;
                }
                page += 1;
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&items)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "{:<36}  {:<20}  {:<14}  {:<24}  {:<10}  Sản phẩm",
                "Mã hồ sơ", "Trạng thái", "Lần đăng ký", "Số phiếu", "Hạn xã"
            );
            for d in &items {
                let due = d
                    .deadline
                    .map(|deadline| format!("{} {}", deadline.due_on, deadline.state.label()))
                    .unwrap_or_default();
                println!(
                    "{:<36}  {:<20}  {:<14}  {:<24}  {:<10}  {}",
                    d.id,
                    d.state.label(),
                    d.kind.label(),
                    d.receipt_number.as_deref().unwrap_or("—"),
                    due,
                    d.product_name
                );
            }
            println!("{} hồ sơ", items.len());
            Ok(ExitCode::SUCCESS)
        }
    }
}
