//! Tài khoản: accounts created by officials for their unit; changing one's own password;
//! an administrator resetting, disabling and enabling the accounts they manage.

use std::net::IpAddr;

use ocop_domain::access::{
    AccountRecord, Denied, Resource, Role, authorize_account_admin, authorize_account_view,
    authorize_accounts, authorize_password_change, grantable_roles, own_unit,
};
use ocop_domain::password;
use ocop_domain::units::Placement;
use serde_json::json;
use sqlx::FromRow;
use uuid::Uuid;

use super::Caller;
use crate::audit::append_audit;
use crate::db::Query;
use crate::users::{
    NewUser, USER_COLUMNS, User, UserRow, end_sessions, generate_password, hash_password,
    open_session,
};
use crate::{Result, Store, StoreError, stored_code};

/// An account as its administrators see it: the user, the rules' view of it, and whether the
/// caller may administer it (reset its password, disable or enable it).
#[derive(Debug, Clone)]
pub struct Account {
    pub user: User,
    pub record: AccountRecord,
    pub manageable: bool,
}

/// A change of one's own password, as typed (no `Debug`: it holds passwords).
pub struct PasswordChange {
    pub current: String,
    pub new: String,
    pub confirmation: String,
}

/// A new account, and the password generated for it when none was given: shown once to
/// whoever created it, never stored in clear.
pub struct Registered {
    pub user: User,
    pub generated_password: Option<String>,
}

/// A user row with the place of its producer today (producer accounts sit where it does).
#[derive(FromRow)]
struct AccountRow {
    #[sqlx(flatten)]
    user: UserRow,
    producer_province: Option<i64>,
    producer_commune: Option<i64>,
}

impl TryFrom<AccountRow> for (User, AccountRecord) {
    type Error = StoreError;

    fn try_from(row: AccountRow) -> Result<(User, AccountRecord)> {
        let user = User::try_from(row.user)?;
        let corrupt = |what: String| StoreError::Corrupt(format!("tài khoản {}: {what}", user.id));
        let producer_province = row
            .producer_province
            .map(stored_code)
            .transpose()
            .map_err(corrupt)?;
        let producer_commune = row
            .producer_commune
            .map(stored_code)
            .transpose()
            .map_err(corrupt)?;
        let placement = match user.role {
            Role::Central => Placement {
                province_code: 0,
                commune_code: None,
            },
            Role::Provincial | Role::CouncilMember => Placement {
                province_code: user.province_code.unwrap_or(0),
                commune_code: None,
            },
            Role::Commune => Placement {
                province_code: user.province_code.unwrap_or(0),
                commune_code: user.commune_code,
            },
            Role::Producer => Placement {
                province_code: producer_province.or(user.province_code).unwrap_or(0),
                commune_code: producer_commune.or(user.commune_code),
            },
        };
        let record = AccountRecord {
            user_id: user.id,
            role: user.role,
            placement,
        };
        Ok((user, record))
    }
}

/// Most accounts a page of [`Store::accounts`] lists.
pub const ACCOUNTS_PER_PAGE: usize = 100;
/// Accounts read at a time while a page is gathered.
const ACCOUNT_CHUNK: usize = 500;

/// Where a page of the accounts list starts: after this e-mail (the page before's last).
/// Bounded like an e-mail, whichever entry point made it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountCursor(String);

impl AccountCursor {
    /// The cursor after `email`; None when it is longer than any e-mail.
    pub fn parse(email: &str) -> Option<AccountCursor> {
        (email.chars().count() <= ocop_domain::identifiers::MAX_EMAIL_CHARS)
            .then(|| AccountCursor(email.to_owned()))
    }

    /// The e-mail the page starts after.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A page of the accounts list.
#[derive(Debug, Clone)]
pub struct AccountPage {
    pub accounts: Vec<Account>,
    /// Where the next page starts; None on the last.
    pub next_after: Option<AccountCursor>,
}

fn account_query(filter: &str) -> Query {
    let columns: Vec<String> = USER_COLUMNS
        .split(", ")
        .map(|column| format!("u.{column}"))
        .collect();
    Query::new(format!(
        "SELECT {}, p.province_code AS producer_province, p.commune_code AS producer_commune \
         FROM users u LEFT JOIN producers p ON p.id = u.producer_id {filter}",
        columns.join(", ")
    ))
}

/// `{"field": value}` for an audit row: what changed, never a secret.
fn audit_json(value: serde_json::Value) -> Option<String> {
    Some(value.to_string())
}

impl Store {
    /// Whether the caller may manage accounts at all.
    pub fn may_manage_accounts(&self, caller: &Caller) -> Result<()> {
        caller.check(|actor| authorize_accounts(actor, &own_unit(actor)))?;
        Ok(())
    }

    /// Creates an account of a role the caller may grant, in a unit the caller manages. With
    /// no password given, a strong one is generated and returned once. The new account must
    /// change its password at its first sign-in when the password was generated, or chosen
    /// by a signed-in administrator (who knows it); an operator on the command line giving
    /// one sets it for good.
    pub async fn register_account(&self, caller: &Caller, mut new: NewUser) -> Result<Registered> {
        self.may_manage_accounts(caller)?;
        caller.check(|actor| {
            if grantable_roles(actor).contains(&new.role) {
                Ok(())
            } else {
                Err(Denied::Forbidden)
            }
        })?;
        // Where the account will sit; one without a valid unit is refused, field by field, by
        // `create_user`.
        if let Some(placement) = self.account_placement(&new).await? {
            let record = Resource {
                placement,
                producer_id: None,
                public: false,
                owner_editable: false,
            };
            caller.check(|actor| authorize_accounts(actor, &record))?;
        }
        let generated_password = if new.password.is_empty() {
            let generated = generate_password()?;
            new.password = generated.clone();
            Some(generated)
        } else {
            None
        };
        let must_change = generated_password.is_some() || matches!(caller, Caller::User(_));
        let user = self.insert_user(&caller.audit(), new, must_change).await?;
        Ok(Registered {
            user,
            generated_password,
        })
    }

    async fn account_placement(&self, new: &NewUser) -> Result<Option<Placement>> {
        Ok(match new.role {
            Role::Central => Some(Placement {
                province_code: 0,
                commune_code: None,
            }),
            Role::Provincial | Role::CouncilMember => new
                .unit_code
                .filter(|code| self.units.province(*code).is_some())
                .map(|province_code| Placement {
                    province_code,
                    commune_code: None,
                }),
            Role::Commune => new
                .unit_code
                .and_then(|code| self.units.commune(code))
                .and_then(|commune| {
                    commune.parent_code.map(|province_code| Placement {
                        province_code,
                        commune_code: Some(commune.code),
                    })
                }),
            Role::Producer => match new.producer_id {
                Some(id) => Some(self.producer(id).await?.placement()),
                None => None,
            },
        })
    }

    fn account_of(caller: &Caller, user: User, record: AccountRecord) -> Account {
        let manageable = caller
            .check(|actor| authorize_account_admin(actor, &record))
            .is_ok();
        Account {
            user,
            record,
            manageable,
        }
    }

    /// The accounts the caller administers, and their own, by e-mail: `limit` of them (at
    /// most [`ACCOUNTS_PER_PAGE`]) after the e-mail `after` (the page before's last). The
    /// rule is the domain's, asked of each account, so the accounts are read in bounded chunks
    /// until the page is full: memory never holds more than a chunk and a page.
    pub async fn accounts(
        &self,
        caller: &Caller,
        after: Option<&AccountCursor>,
        limit: usize,
    ) -> Result<AccountPage> {
        self.may_manage_accounts(caller)?;
        let limit = limit.clamp(1, ACCOUNTS_PER_PAGE);
        let mut after = after.map(|c| c.0.clone()).unwrap_or_default();
        let mut accounts = Vec::new();
        loop {
            let rows: Vec<AccountRow> = self
                .fetch_all(
                    &account_query(&format!(
                        "WHERE u.email > $1 ORDER BY u.email LIMIT {ACCOUNT_CHUNK}"
                    ))
                    .bind(after.as_str()),
                )
                .await?;
            let last_chunk = rows.len() < ACCOUNT_CHUNK;
            for row in rows {
                let (user, record) = row.try_into()?;
                after.clone_from(&user.email);
                if caller
                    .check(|actor| authorize_account_view(actor, &record))
                    .is_ok()
                {
                    // One more than a page tells that a next page has something.
                    if accounts.len() == limit {
                        let next_after = accounts
                            .last()
                            .map(|a: &Account| AccountCursor(a.user.email.clone()));
                        return Ok(AccountPage {
                            accounts,
                            next_after,
                        });
                    }
                    accounts.push(Self::account_of(caller, user, record));
                }
            }
            if last_chunk {
                return Ok(AccountPage {
                    accounts,
                    next_after: None,
                });
            }
        }
    }

    /// One account, for its page: their own, or else refused to whoever manages no accounts
    /// and unknown unless the caller administers it.
    pub async fn account(&self, caller: &Caller, id: Uuid) -> Result<Account> {
        if !matches!(caller, Caller::User(user) if user.id == id) {
            self.may_manage_accounts(caller)?;
        }
        let row: Option<AccountRow> = self
            .fetch_optional(&account_query("WHERE u.id = $1").bind(id))
            .await?;
        let (user, record) = row.ok_or(StoreError::NotFound("tài khoản"))?.try_into()?;
        match caller.check(|actor| authorize_account_view(actor, &record)) {
            Ok(()) => Ok(Self::account_of(caller, user, record)),
            Err(Denied::NotSignedIn) => Err(Denied::NotSignedIn.into()),
            Err(_) => Err(StoreError::NotFound("tài khoản")),
        }
    }

    /// The account by e-mail, for the command line, as [`Store::account`].
    pub async fn account_by_email(&self, caller: &Caller, email: &str) -> Result<Account> {
        let id = self
            .user_by_email(email)
            .await?
            .ok_or(StoreError::NotFound("tài khoản"))?
            .id;
        self.account(caller, id).await
    }

    /// Loads an account the caller administers: unknown when they may not see it, refused
    /// when it is their own.
    async fn administered(&self, caller: &Caller, id: Uuid) -> Result<User> {
        self.may_manage_accounts(caller)?;
        let account = self.account(caller, id).await?;
        caller.check(|actor| authorize_account_admin(actor, &account.record))?;
        Ok(account.user)
    }

    /// Đổi mật khẩu: the signed-in user changes their own password with the current one. A
    /// wrong current password counts as a failed sign-in from `client` (and the change is
    /// refused while that address is throttled). On success every session of the account
    /// ends and a new one is opened for the caller: its token is returned.
    pub async fn change_own_password(
        &self,
        caller: &Caller,
        client: IpAddr,
        change: &PasswordChange,
    ) -> Result<String> {
        let user = match caller {
            Caller::User(user) => user,
            Caller::Anonymous => return Err(Denied::NotSignedIn.into()),
            // The command line sets a password with `set_password`.
            Caller::System(_) => return Err(Denied::Forbidden.into()),
        };
        caller.check(|actor| authorize_password_change(actor, user.id))?;
        let mut errors = password::check_change(
            &change.current,
            &change.new,
            &change.confirmation,
            &user.email,
        );
        if !change.current.is_empty() {
            if let Some(wait) = self
                .begin_login_attempt(client, &user.email, self.now())
                .await?
            {
                return Err(StoreError::Throttled(wait));
            }
            if self.password_matches(user.id, &change.current).await? {
                self.forget_login_failures(client, &user.email).await?;
                if change.new == change.current {
                    errors.add(
                        password::NEW,
                        "same_as_current",
                        "Mật khẩu mới phải khác mật khẩu hiện tại",
                    );
                }
            } else {
                errors.add(
                    password::CURRENT,
                    "wrong_password",
                    "Mật khẩu hiện tại không đúng",
                );
            }
        }
        errors.into_result(())?;
        let hash = hash_password(change.new.clone()).await?;
        let mut tx = self.begin().await?;
        self.replace_password(&mut tx, caller, user, hash, false, "change_password")
            .await?;
        let token = open_session(&mut tx, user.id).await?;
        tx.commit().await?;
        Ok(token)
    }

    /// The operator sets an account's password from the command line (e.g. the first
    /// central administrator's): checked by the policy, for good, every session ended. Only
    /// the system may; people change their own with [`Store::change_own_password`].
    pub async fn set_password(&self, caller: &Caller, id: Uuid, new: &str) -> Result<User> {
        caller.check(|_| Err::<(), _>(Denied::Forbidden))?;
        let user = self.account(caller, id).await?.user;
        let mut errors = ocop_domain::validation::FieldErrors::default();
        password::check_new(new, &user.email, "password", &mut errors);
        errors.into_result(())?;
        let hash = hash_password(new.to_owned()).await?;
        let mut tx = self.begin().await?;
        self.replace_password(&mut tx, caller, &user, hash, false, "set_password")
            .await?;
        tx.commit().await?;
        Ok(User {
            must_change_password: false,
            ..user
        })
    }

    /// Đặt lại mật khẩu: an administrator gives an account they manage a new, generated
    /// password (returned once, to be handed over), which the account must change at its
    /// next sign-in; every session of the account ends.
    pub async fn reset_password(&self, caller: &Caller, id: Uuid) -> Result<(User, String)> {
        let user = self.administered(caller, id).await?;
        let generated = generate_password()?;
        let hash = hash_password(generated.clone()).await?;
        let mut tx = self.begin().await?;
        self.replace_password(&mut tx, caller, &user, hash, true, "reset_password")
            .await?;
        tx.commit().await?;
        let user = User {
            must_change_password: true,
            ..user
        };
        Ok((user, generated))
    }

    /// Khóa tài khoản: an administrator disables an account they manage (never their own):
    /// its sessions end at once, and it can no longer sign in.
    pub async fn disable_account(&self, caller: &Caller, id: Uuid) -> Result<User> {
        self.set_active(caller, id, false).await
    }

    /// Mở khóa tài khoản: an administrator enables a disabled account again.
    pub async fn enable_account(&self, caller: &Caller, id: Uuid) -> Result<User> {
        self.set_active(caller, id, true).await
    }

    async fn set_active(&self, caller: &Caller, id: Uuid, active: bool) -> Result<User> {
        let user = self.administered(caller, id).await?;
        if user.active == active {
            return Ok(user);
        }
        let mut tx = self.begin().await?;
        tx.execute(
            &Query::new("UPDATE users SET active = $1 WHERE id = $2")
                .bind(active)
                .bind(user.id),
        )
        .await?;
        if !active {
            end_sessions(&mut tx, user.id).await?;
        }
        append_audit(
            &mut tx,
            &caller.audit(),
            "user",
            user.id,
            if active { "enable" } else { "disable" },
            audit_json(json!({"active": user.active})),
            audit_json(json!({"active": active})),
        )
        .await?;
        tx.commit().await?;
        Ok(User { active, ..user })
    }

    /// Writes `user`'s new password hash, ends every session of the account, and audits
    /// `action`: only whether a change is now required, never a secret.
    async fn replace_password(
        &self,
        tx: &mut crate::db::Tx,
        caller: &Caller,
        user: &User,
        hash: String,
        must_change_password: bool,
        action: &str,
    ) -> Result<()> {
        tx.execute(
            &Query::new(
                "UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3",
            )
            .bind(hash)
            .bind(must_change_password)
            .bind(user.id),
        )
        .await?;
        end_sessions(tx, user.id).await?;
        append_audit(
            tx,
            &caller.audit(),
            "user",
            user.id,
            action,
            audit_json(json!({"must_change_password": user.must_change_password})),
            audit_json(json!({"must_change_password": must_change_password})),
        )
        .await
    }
}
