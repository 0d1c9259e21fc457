//! `ocop user …`: accounts from the command line.

use std::process::ExitCode;

use clap::Subcommand;
use ocop_domain::access::Role;
use ocop_store::users::NewUser;
use ocop_store::{Caller, Store};

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account, e.g. `ocop user add --role provincial --unit 22 --email a@b.vn`.
    Add {
        /// central | provincial | commune | producer | council_member
        #[arg(long)]
        role: String,
        /// Province code (provincial, council_member) or commune code (commune), 2025-07 codes.
        #[arg(long)]
        unit: Option<u32>,
        /// For producer accounts: the producer's tax code.
        #[arg(long)]
        producer: Option<String>,
        #[arg(long)]
        email: String,
        /// Display name (default: the e-mail).
        #[arg(long)]
        name: Option<String>,
        /// Password (default: OCOP_USER_PASSWORD, else a random one is generated and printed).
        #[arg(long, env = "OCOP_USER_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// List accounts.
    List,
}

pub async fn run(store: &Store, command: UserCommand) -> anyhow::Result<ExitCode> {
    match command {
        UserCommand::Add {
            role,
            unit,
            producer,
            email,
            name,
            password,
        } => {
            let Some(role) = Role::parse(&role) else {
                eprintln!(
                    "Vai trò \"{role}\" không hợp lệ: central, provincial, commune, producer, council_member"
                );
                return Ok(ExitCode::from(crate::EXIT_INVALID));
            };
            let producer_id = match producer {
                Some(tax) => match store.producer_by_tax_code(&tax).await? {
                    Some(p) => Some(p.id),
                    None => {
                        eprintln!("Không có chủ thể mang mã số thuế {tax}");
                        return Ok(ExitCode::from(crate::EXIT_INVALID));
                    }
                },
                None => None,
            };
            let (password, generated) = match password {
                Some(p) => (p, false),
                None => (
                    uuid::Uuid::new_v4().simple().to_string()[..16].to_owned(),
                    true,
                ),
            };
            let new = NewUser {
                display_name: name.unwrap_or_else(|| email.clone()),
                email,
                password: password.clone(),
                role,
                unit_code: unit,
                producer_id,
            };
            match store.register_account(&Caller::system("cli"), new).await {
                Ok(user) => {
                    println!("Đã tạo tài khoản {} ({})", user.email, user.role.label());
                    if generated {
                        println!("Mật khẩu: {password}");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(ocop_store::StoreError::Invalid(errors)) => {
                    for e in errors.0 {
                        eprintln!("{}: {}", e.field, e.message);
                    }
                    Ok(ExitCode::from(crate::EXIT_INVALID))
                }
                Err(ocop_store::StoreError::Conflict { message, .. }) => {
                    eprintln!("{message}");
                    Ok(ExitCode::from(crate::EXIT_INVALID))
                }
                Err(e) => Err(e.into()),
            }
        }
        UserCommand::List => {
            for u in store.list_users().await? {
                let unit = u
                    .commune_code
                    .or(u.province_code)
                    .map(|c| c.to_string())
                    .unwrap_or_default();
                println!(
                    "{}\t{}\t{}\t{}",
                    u.email,
                    u.role.key(),
                    unit,
                    u.display_name
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
