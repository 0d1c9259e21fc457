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
        /// Password (default: OCOP_USER_PASSWORD, else a strong one is generated and printed;
        /// a generated one must be changed at the first sign-in).
        #[arg(long, env = "OCOP_USER_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// List accounts (disabled ones and those that must change their password are marked).
    List,
    /// Set an account's password for good, e.g. the first central administrator's; its
    /// sessions end.
    Passwd {
        email: String,
        /// The new password (default: OCOP_USER_PASSWORD, else one line of standard input).
        #[arg(long, env = "OCOP_USER_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Give an account a generated password, printed once, to be changed at its next
    /// sign-in; its sessions end.
    Reset { email: String },
    /// Disable an account: its sessions end and it can no longer sign in.
    Disable { email: String },
    /// Enable a disabled account again.
    Enable { email: String },
}

const CLI: &str = "cli";

/// Prints a refusal the user must fix and returns its exit code; other errors go up.
fn refused(error: ocop_store::StoreError) -> anyhow::Result<ExitCode> {
    match error {
        ocop_store::StoreError::Invalid(errors) => {
            for e in errors.0 {
                eprintln!("{}: {}", e.field, e.message);
            }
        }
        ocop_store::StoreError::Conflict { message, .. } => eprintln!("{message}"),
        ocop_store::StoreError::NotFound(what) => eprintln!("Không tìm thấy {what}"),
        e => return Err(e.into()),
    }
    Ok(ExitCode::from(crate::EXIT_INVALID))
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
            let new = NewUser {
                display_name: name.unwrap_or_else(|| email.clone()),
                email,
                // Empty: the store generates one.
                password: password.unwrap_or_default(),
                role,
                unit_code: unit,
                producer_id,
            };
            match store.register_account(&Caller::system(CLI), new).await {
                Ok(registered) => {
                    let user = registered.user;
                    println!("Đã tạo tài khoản {} ({})", user.email, user.role.label());
                    if let Some(password) = registered.generated_password {
                        println!("Mật khẩu: {password}");
                        println!("(phải đổi ở lần đăng nhập đầu)");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => refused(e),
            }
        }
        UserCommand::Passwd { email, password } => {
            let password = match password {
                Some(password) => password,
                None => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let caller = Caller::system(CLI);
            let account = match store.account_by_email(&caller, &email).await {
                Ok(account) => account,
                Err(e) => return refused(e),
            };
            match store
                .set_password(&caller, account.user.id, &password)
                .await
            {
                Ok(user) => {
                    println!("Đã đặt mật khẩu mới cho {}", user.email);
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => refused(e),
            }
        }
        UserCommand::Reset { email } => {
            let caller = Caller::system(CLI);
            let account = match store.account_by_email(&caller, &email).await {
                Ok(account) => account,
                Err(e) => return refused(e),
            };
            let (user, password) = store.reset_password(&caller, account.user.id).await?;
            println!("Đã đặt lại mật khẩu của {}", user.email);
            println!("Mật khẩu: {password}");
            println!("(phải đổi ở lần đăng nhập tới)");
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::Disable { email } => set_active(store, &email, false).await,
        UserCommand::Enable { email } => set_active(store, &email, true).await,
        UserCommand::List => {
            for u in store.list_users().await? {
                let unit = u
                    .commune_code
                    .or(u.province_code)
                    .map(|c| c.to_string())
                    .unwrap_or_default();
                let state = match (u.active, u.must_change_password) {
                    (false, _) => "disabled",
                    (true, true) => "must_change_password",
                    (true, false) => "active",
                };
                println!(
                    "{}\t{}\t{}\t{}\t{state}",
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

async fn set_active(store: &Store, email: &str, active: bool) -> anyhow::Result<ExitCode> {
    let caller = Caller::system(CLI);
    let account = match store.account_by_email(&caller, email).await {
        Ok(account) => account,
        Err(e) => return refused(e),
    };
    if active {
        let user = store.enable_account(&caller, account.user.id).await?;
        println!("Đã mở khóa tài khoản {}", user.email);
    } else {
        let user = store.disable_account(&caller, account.user.id).await?;
        println!("Đã khóa tài khoản {}", user.email);
    }
    Ok(ExitCode::SUCCESS)
}
