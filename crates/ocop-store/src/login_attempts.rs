//! Chống dò mật khẩu: failed sign-ins are counted per client address and e-mail, and per
//! client address over all e-mails, in the database (shared by every server process and kept
//! across restarts). An attacker at one address can neither lock the owner out at another
//! address nor try e-mail after e-mail.

use std::net::IpAddr;
use std::time::Duration;

use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::Query;
use crate::{Result, Store, User};

/// Failed attempts one address may make at one e-mail within [`WINDOW`]: room for typos.
pub const MAX_FAILURES_PER_EMAIL: i64 = 5;
/// Failed attempts one address may make over all e-mails within [`WINDOW`]: room for an office
/// sharing one address, not for trying account after account.
pub const MAX_FAILURES_PER_CLIENT: i64 = 20;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// The outcome of a throttled sign-in.
#[derive(Debug)]
pub enum SignIn {
    Accepted(User),
    /// Unknown e-mail or wrong password (not said which, on purpose).
    Refused,
    /// The right password of a disabled account: said, since whoever knows the password may
    /// know that the account is disabled.
    Disabled,
    /// Too many failures from this address: refused without checking, for this long.
    Throttled(Duration),
}

fn client_key(client: IpAddr) -> String {
    // An IPv4 client reaching a dual-stack socket shows as ::ffff:a.b.c.d; count it as a.b.c.d.
    client.to_canonical().to_string()
}

/// The longest e-mail address there is (RFC 5321), in characters.
const MAX_EMAIL_CHARS: usize = 254;

/// The e-mail as counted: a sign-in body may hold a megabyte of "e-mail", and every attempt is
/// stored, so only as much as an address can hold is kept.
fn email_key(email: &str) -> String {
    email
        .trim()
        .chars()
        .take(MAX_EMAIL_CHARS)
        .collect::<String>()
        .to_lowercase()
}

impl Store {
    /// Checks a password unless the client address is over a failure limit.
    pub async fn sign_in(&self, client: IpAddr, email: &str, password: &str) -> Result<SignIn> {
        let now = self.now();
        if let Some(wait) = self.begin_login_attempt(client, email, now).await? {
            return Ok(SignIn::Throttled(wait));
        }
        match self.authenticate(email, password).await? {
            Some(user) if !user.active => Ok(SignIn::Disabled),
            Some(user) => {
                self.forget_login_failures(client, email).await?;
                Ok(SignIn::Accepted(user))
            }
            None => Ok(SignIn::Refused),
        }
    }

    /// Records an attempt, counted as failed until [`Store::forget_login_failures`]; or, when
    /// the address is over a limit, records nothing and returns how long it must wait.
    /// Recording before counting makes parallel guesses see each other, so at most the limit
    /// get through. Also prunes attempts older than the window.
    pub async fn begin_login_attempt(
        &self,
        client: IpAddr,
        email: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Duration>> {
        let (client, email) = (client_key(client), email_key(email));
        let now = now.unix_timestamp();
        let since = now - WINDOW.as_secs() as i64;
        let id = Uuid::new_v4();
        self.execute(&Query::new("DELETE FROM login_attempts WHERE at <= $1").bind(since))
            .await?;
        let record = Query::new(
            "INSERT INTO login_attempts (id, client, email, at) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(client.as_str())
        .bind(email.as_str())
        .bind(now);
        self.execute(&record).await?;
        // Counted after the insert has committed, so parallel attempts see each other.
        let counts = Query::new(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN email = $2 THEN 1 ELSE 0 END), 0), \
             MIN(at), MIN(CASE WHEN email = $2 THEN at END) \
             FROM login_attempts WHERE client = $1 AND at > $3 AND id <> $4",
        )
        .bind(client)
        .bind(email)
        .bind(since)
        .bind(id);
        let (all, for_email, oldest, oldest_for_email): (i64, i64, Option<i64>, Option<i64>) =
            self.fetch_one(&counts).await?;
        // Free again when the oldest failure that counts leaves the window.
        let free_at = [
            (for_email >= MAX_FAILURES_PER_EMAIL, oldest_for_email),
            (all >= MAX_FAILURES_PER_CLIENT, oldest),
        ]
        .into_iter()
        .filter_map(|(over, oldest)| oldest.filter(|_| over))
        .map(|oldest| oldest + WINDOW.as_secs() as i64)
        .max();
        let Some(free_at) = free_at else {
            return Ok(None);
        };
        self.execute(&Query::new("DELETE FROM login_attempts WHERE id = $1").bind(id))
            .await?;
        Ok(Some(Duration::from_secs((free_at - now).max(1) as u64)))
    }

    /// After a successful sign-in: this address's failures for this e-mail no longer count.
    pub async fn forget_login_failures(&self, client: IpAddr, email: &str) -> Result<()> {
        let q = Query::new("DELETE FROM login_attempts WHERE client = $1 AND email = $2")
            .bind(client_key(client))
            .bind(email_key(email));
        self.execute(&q).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_email_is_no_longer_than_an_address_can_be() {
        assert_eq!(email_key(" A@B.vn "), "a@b.vn");
        let huge = format!("{}@b.vn", "x".repeat(1_000_000));
        assert_eq!(email_key(&huge).chars().count(), MAX_EMAIL_CHARS);
    }
}
