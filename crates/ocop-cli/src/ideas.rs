//! `ocop ideas …`: the idea registrations of the yearly cycle, through the same use case as
//! the pages and the API (as the system: the command line sees every province).

use std::process::ExitCode;

use clap::Subcommand;
use ocop_domain::idea::IdeaState;
use ocop_store::ideas::IdeaQuery;
use ocop_store::{Caller, Store};
use time::format_description::well_known::Rfc3339;

/// Most ideas one listing prints.
const MAX_LISTED: u32 = 1000;

#[derive(Subcommand)]
pub enum IdeasCommand {
    /// List idea registrations, newest first (at most 1000).
    List {
        /// Only this state: filed, screened, selected, declined, withdrawn.
        #[arg(long)]
        state: Option<String>,
        /// Print JSON (one array) instead of a table.
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(store: &Store, command: IdeasCommand) -> anyhow::Result<ExitCode> {
    match command {
        IdeasCommand::List { state, json } => {
            let state = match state.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(raw) => match IdeaState::from_key(raw) {
                    Some(state) => Some(state),
                    None => {
                        let keys: Vec<&str> = IdeaState::ALL.iter().map(|s| s.key()).collect();
                        eprintln!(
                            "Trạng thái \"{raw}\" không hợp lệ; dùng một trong: {}",
                            keys.join(", ")
                        );
                        return Ok(ExitCode::from(crate::EXIT_INVALID));
                    }
                },
            };
            let query = IdeaQuery {
                state,
                page: 1,
                per_page: MAX_LISTED,
                ..Default::default()
            };
            let (ideas, total) = store
                .ideas(&Caller::system("cli ideas list"), &query)
                .await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&ideas)?);
                return Ok(ExitCode::SUCCESS);
            }
            for idea in &ideas {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    idea.id,
                    idea.created_at.format(&Rfc3339)?,
                    idea.state.key(),
                    idea.commune_code,
                    idea.applicant(),
                    idea.data.product_name
                );
            }
            if total > ideas.len() as u64 {
                eprintln!("(in {} trên {total} phiếu)", ideas.len());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
