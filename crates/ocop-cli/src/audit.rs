//! `ocop audit …`: checks on the audit log.

use std::process::ExitCode;

use clap::Subcommand;
use ocop_store::Store;
use time::format_description::well_known::Rfc3339;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain of the audit log and name its first broken link (exit code 1).
    Verify,
}

pub async fn run(store: &Store, command: AuditCommand) -> anyhow::Result<ExitCode> {
    match command {
        AuditCommand::Verify => {
            let chain = store.check_audit_chain().await?;
            let Some(link) = chain.broken else {
                println!("Nhật ký nguyên vẹn: đã kiểm tra {} dòng", chain.checked);
                return Ok(ExitCode::SUCCESS);
            };
            println!(
                "Nhật ký bị sửa: đã kiểm tra {} dòng; dòng đầu tiên sai là dòng {} \
                 (lúc {}, {} {})",
                chain.checked,
                link.seq,
                link.at.format(&Rfc3339)?,
                link.entity,
                link.entity_id
            );
            Ok(ExitCode::FAILURE)
        }
    }
}
