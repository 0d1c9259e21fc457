//! Tài khoản and phiên đăng nhập: accounts with argon2 password hashes, and server-side
//! sessions (only a hash of the session token is stored).

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use ocop_domain::access::{Actor, Role};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::FromRow;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::audit::{AuditActor, append_audit};
use crate::db::{Query, Tx};
use crate::{Result, Store, StoreError, on_unique, stored_code};

/// A user account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub province_code: Option<u32>,
    pub commune_code: Option<u32>,
    pub producer_id: Option<Uuid>,
    pub active: bool,
    /// Mật khẩu phải đổi: the password was given by someone else (generated, or set by an
    /// administrator), so the account must choose its own before doing anything else.
    pub must_change_password: bool,
}

impl User {
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.id,
            role: self.role,
            province_code: self.province_code,
            commune_code: self.commune_code,
            producer_id: self.producer_id,
        }
    }

    pub fn audit_actor(&self) -> AuditActor {
        AuditActor {
            user_id: Some(self.id),
            label: format!("{} <{}>", self.display_name, self.email),
        }
    }
}

#[derive(FromRow)]
pub(crate) struct UserRow {
    id: Uuid,
    email: String,
    display_name: String,
    password_hash: String,
    role: String,
    province_code: Option<i64>,
    commune_code: Option<i64>,
    producer_id: Option<Uuid>,
    active: bool,
    must_change_password: bool,
}

pub(crate) const USER_COLUMNS: &str = "id, email, display_name, password_hash, role, province_code, commune_code, producer_id, active, must_change_password";

impl TryFrom<UserRow> for User {
    type Error = StoreError;

    fn try_from(row: UserRow) -> Result<User> {
        let id = row.id;
        let corrupt = |what: String| StoreError::Corrupt(format!("tài khoản {id}: {what}"));
        Ok(User {
            role: Role::parse(&row.role).ok_or_else(|| corrupt(format!("vai trò {}", row.role)))?,
            id,
            email: row.email,
            display_name: row.display_name,
            province_code: row
                .province_code
                .map(stored_code)
                .transpose()
                .map_err(corrupt)?,
            commune_code: row
                .commune_code
                .map(stored_code)
                .transpose()
                .map_err(corrupt)?,
            producer_id: row.producer_id,
            active: row.active,
            must_change_password: row.must_change_password,
        })
    }
}

/// A new account, checked by [`NewUser::validate`] against the units and producers.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    /// For provincial officers and council members: the province; for commune officers:
    /// the commune (the province is derived).
    pub unit_code: Option<u32>,
    pub producer_id: Option<Uuid>,
}

/// A signed-in session: the user and the token forms must echo back.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
}

const SESSION_DAYS: i64 = 7;

/// Letters and digits of a generated password: no `l`, `o`, `0` or `1`, which read alike.
const PASSWORD_ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";

/// A strong password for someone to read off a screen and type once: 20 characters from 32
/// (100 bits from the OS generator), in groups of five, e.g. `k7mzq-2hfa9-…`.
pub fn generate_password() -> Result<String> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(PASSWORD_ALPHABET[usize::from(b % 32)]))
        .collect();
    Ok(chars
        .chunks(5)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn random_token() -> String {
    // Two v4 UUIDs: 244 random bits from the OS generator.
    format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple())
}

fn hash_blocking(password: &str) -> Result<String> {
    let salt = SaltString::encode_b64(Uuid::new_v4().as_bytes())
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Hashes a password with argon2id (slow by design: run off the async threads).
pub async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| StoreError::Corrupt(e.to_string()))?
}

/// Checked instead of a real hash when there is no active account for the e-mail, so that
/// answering takes as long as for a known one and does not tell which accounts exist.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    hash_blocking("không có tài khoản").expect("argon2 hashes a constant with a valid salt")
});

impl Store {
    /// Checks a password against a stored hash, or against [`DUMMY_HASH`] when there is none,
    /// and counts the check ([`Store::password_checks_run`]).
    async fn verify_password(&self, password: String, hash: Option<String>) -> bool {
        let checks = self.password_checks.clone();
        tokio::task::spawn_blocking(move || {
            PasswordHash::new(hash.as_deref().unwrap_or(&DUMMY_HASH))
                .map(|parsed| {
                    checks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    Argon2::default()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false)
    }

    /// How many passwords this store (and its clones) has checked with argon2 so far: the
    /// tests' proof that an unknown e-mail costs a check like a known one, and an over-long
    /// password none.
    pub fn password_checks_run(&self) -> u64 {
        self.password_checks
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Creates an account after checking its role's scope: officials need a unit of today's
    /// structure (province or commune), producers a producer.
    pub async fn create_user(&self, actor: &AuditActor, new: NewUser) -> Result<User> {
        self.insert_user(actor, new, false).await
    }

    /// [`Store::create_user`], the account marked to change its password at its first
    /// sign-in when `must_change_password`.
    pub(crate) async fn insert_user(
        &self,
        actor: &AuditActor,
        new: NewUser,
        must_change_password: bool,
    ) -> Result<User> {
        let mut errors = ocop_domain::validation::FieldErrors::default();
        let email = errors.take("email", ocop_domain::identifiers::parse_email(&new.email));
        ocop_domain::password::check_new(&new.password, &new.email, "password", &mut errors);
        if new.display_name.trim().is_empty() {
            errors.add("display_name", "required", "Họ tên không được để trống");
        }
        let (mut province_code, mut commune_code, mut producer_id) = (None, None, None);
        match new.role {
            Role::Central => {}
            Role::Provincial | Role::CouncilMember => match new.unit_code {
                Some(code) if self.units.province(code).is_some() => province_code = Some(code),
                _ => errors.add(
                    "unit",
                    "invalid_unit",
                    "Cần mã tỉnh/thành phố hợp lệ (cơ cấu 2025-07)",
                ),
            },
            Role::Commune => match new.unit_code.and_then(|c| self.units.commune(c)) {
                Some(commune) => {
                    commune_code = Some(commune.code);
                    province_code = commune.parent_code;
                }
                None => errors.add(
                    "unit",
                    "invalid_unit",
                    "Cần mã xã/phường hợp lệ (cơ cấu 2025-07)",
                ),
            },
            Role::Producer => match new.producer_id {
                Some(id) => {
                    let producer = self.producer(id).await?;
                    producer_id = Some(id);
                    province_code = Some(producer.province_code);
                    commune_code = producer.commune_code;
                }
                None => errors.add(
                    "producer",
                    "required",
                    "Tài khoản chủ thể cần gắn với một chủ thể",
                ),
            },
        }
        let Some(email) = email.filter(|_| errors.is_empty()) else {
            return Err(errors.into());
        };
        let user = User {
            id: Uuid::now_v7(),
            email,
            display_name: new.display_name.trim().to_owned(),
            role: new.role,
            province_code,
            commune_code,
            producer_id,
            active: true,
            must_change_password,
        };
        let hash = hash_password(new.password).await?;
        let after = serde_json::to_string(&user).ok();
        let q = Query::new(
            "INSERT INTO users (id, email, display_name, password_hash, role, province_code, \
             commune_code, producer_id, active, created_at, must_change_password) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(user.id)
        .bind(user.email.as_str())
        .bind(user.display_name.as_str())
        .bind(hash)
        .bind(user.role.key())
        .bind(user.province_code)
        .bind(user.commune_code)
        .bind(user.producer_id)
        .bind(true)
        .bind(self.now())
        .bind(must_change_password);
        let mut tx = self.begin().await?;
        tx.execute(&q).await.map_err(|e| {
            on_unique(e, "email", || {
                format!("Email {} đã có tài khoản", user.email)
            })
        })?;
        append_audit(&mut tx, actor, "user", user.id, "create", None, after).await?;
        tx.commit().await?;
        Ok(user)
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        let q = Query::new(format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1"))
            .bind(email.trim().to_lowercase());
        let row: Option<UserRow> = self.fetch_optional(&q).await?;
        row.map(User::try_from).transpose()
    }

    pub async fn list_users(&self) -> Result<Vec<User>> {
        let q = Query::new(format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY role, email"
        ));
        let rows: Vec<UserRow> = self.fetch_all(&q).await?;
        rows.into_iter().map(User::try_from).collect()
    }

    /// Checks a password; None for an unknown e-mail or a wrong password (the caller cannot
    /// tell which, on purpose). A disabled account with its right password is returned as it
    /// is (`active` false): only who knows the password learns that it is disabled.
    pub async fn authenticate(&self, email: &str, password: &str) -> Result<Option<User>> {
        // Over the bounds no account matches: neither the query nor argon2 sees such input.
        if email.chars().count() > ocop_domain::identifiers::MAX_EMAIL_CHARS
            || password.chars().count() > ocop_domain::password::MAX_SIGN_IN_CHARS
        {
            return Ok(None);
        }
        let q = Query::new(format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1"))
            .bind(email.trim().to_lowercase());
        let row: Option<UserRow> = self.fetch_optional(&q).await?;
        let hash = row.as_ref().map(|r| r.password_hash.clone());
        // Verified even without an account: answering as slowly hides which e-mails exist.
        let verified = self.verify_password(password.to_owned(), hash).await;
        match row {
            Some(row) if verified => User::try_from(row).map(Some),
            _ => Ok(None),
        }
    }

    /// Whether `password` is the account's, checked against its stored hash (a password over
    /// the policy's length is wrong without hashing it).
    pub(crate) async fn password_matches(&self, user_id: Uuid, password: &str) -> Result<bool> {
        if ocop_domain::password::too_long(password) {
            return Ok(false);
        }
        let q = Query::new("SELECT password_hash FROM users WHERE id = $1").bind(user_id);
        let (hash,): (String,) = self.fetch_one(&q).await?;
        Ok(self.verify_password(password.to_owned(), Some(hash)).await)
    }

    /// Opens a session; returns the secret token for the cookie.
    pub async fn create_session(&self, user_id: Uuid) -> Result<String> {
        let mut tx = self.begin().await?;
        let token = open_session(&mut tx, user_id).await?;
        tx.commit().await?;
        Ok(token)
    }

    /// The session behind a cookie token, if it exists, has not expired and its user is active.
    pub async fn session(&self, token: &str) -> Result<Option<Session>> {
        let sql = "SELECT u.id, u.email, u.display_name, u.password_hash, u.role, u.province_code, \
             u.commune_code, u.producer_id, u.active, u.must_change_password, s.csrf_token, \
             s.expires_at \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1";
        #[derive(FromRow)]
        struct Row {
            #[sqlx(flatten)]
            user: UserRow,
            csrf_token: String,
            expires_at: OffsetDateTime,
        }
        let row: Option<Row> = self
            .fetch_optional(&Query::new(sql).bind(token_hash(token)))
            .await?;
        match row {
            Some(r) if r.user.active && r.expires_at > OffsetDateTime::now_utc() => {
                Ok(Some(Session {
                    user: r.user.try_into()?,
                    csrf_token: r.csrf_token,
                }))
            }
            _ => Ok(None),
        }
    }

    pub async fn delete_session(&self, token: &str) -> Result<()> {
        self.execute(
            &Query::new("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(token)),
        )
        .await?;
        Ok(())
    }
}

/// Opens a session for `user_id` inside a transaction; returns the secret token.
pub(crate) async fn open_session(tx: &mut Tx, user_id: Uuid) -> Result<String> {
    let token = random_token();
    let now = tx.now();
    let q = Query::new(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(random_token())
    .bind(now)
    .bind(now + Duration::days(SESSION_DAYS));
    tx.execute(&q).await?;
    Ok(token)
}

/// Ends every session of an account: its cookies and API tokens stop working at once.
pub(crate) async fn end_sessions(tx: &mut Tx, user_id: Uuid) -> Result<()> {
    tx.execute(&Query::new("DELETE FROM sessions WHERE user_id = $1").bind(user_id))
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_are_long_and_readable() {
        let one = generate_password().unwrap();
        assert_eq!(one.len(), 23, "{one}");
        assert_eq!(one.split('-').count(), 4, "{one}");
        assert!(
            one.chars()
                .all(|c| c == '-' || PASSWORD_ALPHABET.contains(&(c as u8))),
            "{one}"
        );
        assert_ne!(one, generate_password().unwrap());
        let mut errors = ocop_domain::validation::FieldErrors::default();
        ocop_domain::password::check_new(&one, "a@b.vn", "password", &mut errors);
        assert!(errors.is_empty(), "{errors}");
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_does() {
        let real = hash_blocking("mat-khau-that").unwrap();
        let (real, dummy) = (
            PasswordHash::new(&real).unwrap(),
            PasswordHash::new(&DUMMY_HASH).unwrap(),
        );
        assert_eq!(dummy.algorithm, real.algorithm);
        assert_eq!(dummy.version, real.version);
        assert_eq!(dummy.params, real.params);
    }
}
