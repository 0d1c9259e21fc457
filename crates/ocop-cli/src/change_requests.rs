//! `ocop change-requests …`: the product change requests, as the API lists and decides them.

use std::process::ExitCode;

use clap::Subcommand;
use ocop_domain::change_request::{ChangeRequestState, DecisionInput, RejectionInput};
use ocop_store::change_requests::ChangeRequestQuery;
use ocop_store::{Caller, Store};
use ocop_web::routes::change_requests::api::ChangeRequestItemView;
use uuid::Uuid;

#[derive(Subcommand)]
pub enum ChangeRequestCommand {
    /// List the change requests, newest first.
    List {
        /// Only this state: open, approved, rejected, withdrawn.
        #[arg(long)]
        state: Option<String>,
        /// Print JSON (the API's list items) instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// Approve an open request: its values replace the product's (the same use case, rule and
    /// audit as the page and the API).
    Approve {
        /// The request's id (`ocop change-requests list` shows it).
        id: Uuid,
        /// The revision decided on (the list's third column): a request revised since, or a
        /// product changed since, is refused.
        #[arg(long)]
        revision: String,
    },
    /// Reject an open request, saying why.
    Reject {
        id: Uuid,
        #[arg(long)]
        revision: String,
        /// Why (the producer reads it).
        #[arg(long)]
        reason: String,
    },
}

/// Rows read per query.
const BATCH: u32 = 100;

pub async fn run(store: &Store, command: ChangeRequestCommand) -> anyhow::Result<ExitCode> {
    let caller = Caller::system("cli change-requests");
    match command {
        ChangeRequestCommand::List { state, json } => list(store, &caller, state, json).await,
        ChangeRequestCommand::Approve { id, revision } => {
            let (request, product) = store
                .approve_change_request(&caller, id, &DecisionInput { revision })
                .await?;
            println!(
                "Đã duyệt yêu cầu {} (lần sửa {}): sản phẩm \"{}\" đã cập nhật",
                request.id, request.revision, product.data.name
            );
            Ok(ExitCode::SUCCESS)
        }
        ChangeRequestCommand::Reject {
            id,
            revision,
            reason,
        } => {
            let request = store
                .reject_change_request(&caller, id, &RejectionInput { revision, reason })
                .await?;
            println!(
                "Đã từ chối yêu cầu {} (lần sửa {})",
                request.id, request.revision
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn list(
    store: &Store,
    caller: &Caller,
    state: Option<String>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let state = match state.as_deref().map(str::trim) {
        None => None,
        Some(raw) => match ChangeRequestState::from_key(raw) {
            Some(state) => Some(state),
            None => {
                eprintln!(
                    "Trạng thái \"{raw}\" không hợp lệ; dùng một trong: open, approved, \
                     rejected, withdrawn"
                );
                return Ok(ExitCode::from(crate::EXIT_INVALID));
            }
        },
    };
    let mut items = Vec::new();
    for page in 1.. {
        let query = ChangeRequestQuery {
            state,
            page,
            per_page: BATCH,
            ..Default::default()
        };
        let (batch, total) = store.change_requests(caller, &query).await?;
        let done = batch.is_empty() || u64::from(page * BATCH) >= total;
        items.extend(batch.into_iter().map(ChangeRequestItemView::of));
        if done {
            break;
        }
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&items)?);
        return Ok(ExitCode::SUCCESS);
    }
    for item in &items {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            item.id,
            item.state.key(),
            item.revision,
            item.product_name,
            item.producer_name,
            item.changed_fields.join(","),
            item.created_at
                .format(&time::format_description::well_known::Rfc3339)?
        );
    }
    println!("{} yêu cầu thay đổi", items.len());
    Ok(ExitCode::SUCCESS)
}
