//! Sign-in throttling and the time an unknown e-mail takes, on both backends.

use std::net::IpAddr;
use std::time::Duration;

use ocop_domain::access::Role;
use ocop_store::AuditActor;
use ocop_store::login_attempts::{MAX_FAILURES_PER_CLIENT, MAX_FAILURES_PER_EMAIL, SignIn, WINDOW};
use ocop_store::users::NewUser;
use time::OffsetDateTime;

use crate::db::TestDb;
use crate::on_both_backends;

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

on_both_backends!(failures_are_counted_per_address_and_email_and_per_address);
async fn failures_are_counted_per_address_and_email_and_per_address(db: &TestDb) {
    let s = &db.store;
    let (attacker, owner) = (ip("203.0.113.7"), ip("198.51.100.1"));
    let start = OffsetDateTime::now_utc();
    for _ in 0..MAX_FAILURES_PER_EMAIL {
        let wait = s.begin_login_attempt(attacker, "chu@ocop.vn", start).await;
        assert_eq!(wait.unwrap(), None);
    }
    // The pair is locked for the window (e-mails compared trimmed and lowercased) …
    let wait = s
        .begin_login_attempt(attacker, " CHU@ocop.vn", start)
        .await
        .unwrap()
        .expect("locked");
    assert!(
        wait <= WINDOW && wait > WINDOW - Duration::from_secs(5),
        "{wait:?}"
    );
    // … but not the owner at another address, nor the attacker's other tries (yet).
    assert_eq!(
        s.begin_login_attempt(owner, "chu@ocop.vn", start)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        s.begin_login_attempt(attacker, "khac@ocop.vn", start)
            .await
            .unwrap(),
        None
    );
    // An IPv4 client through a dual-stack socket is the same client.
    assert!(
        s.begin_login_attempt(ip("::ffff:203.0.113.7"), "chu@ocop.vn", start)
            .await
            .unwrap()
            .is_some()
    );
    // Refused attempts are not counted: the lock ends a window after the last real failure.
    let minute = Duration::from_secs(60);
    for _ in 0..MAX_FAILURES_PER_EMAIL {
        let wait = s
            .begin_login_attempt(attacker, "chu@ocop.vn", start + minute)
            .await;
        assert!(wait.unwrap().is_some());
    }
    let later = start + WINDOW + Duration::from_secs(1);
    assert_eq!(
        s.begin_login_attempt(attacker, "chu@ocop.vn", later)
            .await
            .unwrap(),
        None
    );

    // A success forgets that address's failures for that e-mail only.
    let typist = ip("192.0.2.9");
    for _ in 0..MAX_FAILURES_PER_EMAIL {
        s.begin_login_attempt(typist, "a@ocop.vn", start)
            .await
            .unwrap();
        s.begin_login_attempt(typist, "b@ocop.vn", start)
            .await
            .unwrap();
    }
    s.forget_login_failures(typist, "A@ocop.vn ").await.unwrap();
    assert_eq!(
        s.begin_login_attempt(typist, "a@ocop.vn", start)
            .await
            .unwrap(),
        None
    );
    assert!(
        s.begin_login_attempt(typist, "b@ocop.vn", start)
            .await
            .unwrap()
            .is_some()
    );

    // One address trying e-mail after e-mail is stopped at the per-address limit.
    let sprayer = ip("2001:db8::1");
    for i in 0..MAX_FAILURES_PER_CLIENT {
        let email = format!("nguoi{i}@ocop.vn");
        assert_eq!(
            s.begin_login_attempt(sprayer, &email, start).await.unwrap(),
            None
        );
    }
    assert!(
        s.begin_login_attempt(sprayer, "moi@ocop.vn", start)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        s.begin_login_attempt(owner, "moi@ocop.vn", start)
            .await
            .unwrap(),
        None
    );
    let after = start + WINDOW + Duration::from_secs(1);
    assert_eq!(
        s.begin_login_attempt(sprayer, "moi@ocop.vn", after)
            .await
            .unwrap(),
        None
    );
    // Attempts older than the window are pruned: only the one just made is left.
    let much_later = start + 3 * WINDOW;
    assert_eq!(
        s.begin_login_attempt(owner, "x@ocop.vn", much_later)
            .await
            .unwrap(),
        None
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM login_attempts").await, 1);
}

on_both_backends!(parallel_guesses_get_no_more_than_the_limit);
async fn parallel_guesses_get_no_more_than_the_limit(db: &TestDb) {
    let now = OffsetDateTime::now_utc();
    let attempts = (0..3 * MAX_FAILURES_PER_EMAIL).map(|_| {
        let store = db.store.clone();
        tokio::spawn(async move {
            store
                .begin_login_attempt(ip("203.0.113.7"), "chu@ocop.vn", now)
                .await
                .unwrap()
        })
    });
    let mut let_through = 0;
    for attempt in attempts.collect::<Vec<_>>() {
        if attempt.await.unwrap().is_none() {
            let_through += 1;
        }
    }
    assert!(let_through <= MAX_FAILURES_PER_EMAIL, "{let_through}");
}

on_both_backends!(sign_in_is_throttled_and_a_success_clears_the_count);
async fn sign_in_is_throttled_and_a_success_clears_the_count(db: &TestDb) {
    let s = &db.store;
    s.create_user(&AuditActor::system("test"), officer("tinh@example.vn"))
        .await
        .unwrap();
    let client = ip("192.0.2.1");
    for _ in 0..MAX_FAILURES_PER_EMAIL - 1 {
        let outcome = s.sign_in(client, "tinh@example.vn", "sai").await.unwrap();
        assert!(matches!(outcome, SignIn::Refused), "{outcome:?}");
    }
    let outcome = s.sign_in(client, "tinh@example.vn", "mat-khau-dai").await;
    assert!(matches!(outcome, Ok(SignIn::Accepted(_))), "{outcome:?}");
    // The typos before the success no longer count.
    for _ in 0..MAX_FAILURES_PER_EMAIL {
        let outcome = s.sign_in(client, "tinh@example.vn", "sai").await.unwrap();
        assert!(matches!(outcome, SignIn::Refused), "{outcome:?}");
    }
    let outcome = s.sign_in(client, "tinh@example.vn", "mat-khau-dai").await;
    assert!(matches!(outcome, Ok(SignIn::Throttled(_))), "{outcome:?}");
}

fn officer(email: &str) -> NewUser {
    NewUser {
        email: email.into(),
        display_name: "Cán bộ tỉnh".into(),
        password: "mat-khau-dai".into(),
        role: Role::Provincial,
        unit_code: Some(22),
        producer_id: None,
    }
}

/// The argon2 checks one sign-in with `email` and `password` makes (none or one).
async fn checks_of(db: &TestDb, email: &str, password: &str) -> u64 {
    let before = db.store.password_checks_run();
    assert!(
        db.store
            .authenticate(email, password)
            .await
            .unwrap()
            .is_none()
    );
    db.store.password_checks_run() - before
}

on_both_backends!(unknown_and_disabled_accounts_take_as_long_as_known_ones);
/// An unknown or disabled account's sign-in checks a password (against a dummy hash with the
/// real ones' parameters, a unit test in `users.rs` checks) like a known one's, so that it
/// takes as long: counted, not timed, so that a loaded machine cannot fail it.
async fn unknown_and_disabled_accounts_take_as_long_as_known_ones(db: &TestDb) {
    let s = &db.store;
    for email in ["tinh@example.vn", "nghi@example.vn"] {
        s.create_user(&AuditActor::system("test"), officer(email))
            .await
            .unwrap();
    }
    db.execute("UPDATE users SET active = FALSE WHERE email = 'nghi@example.vn'")
        .await;
    for email in ["tinh@example.vn", "khong-co@example.vn", "nghi@example.vn"] {
        assert_eq!(checks_of(db, email, "sai").await, 1, "{email}");
    }
}

on_both_backends!(over_long_credentials_are_refused_without_hashing);
async fn over_long_credentials_are_refused_without_hashing(db: &TestDb) {
    let s = &db.store;
    s.create_user(&AuditActor::system("test"), officer("tinh@example.vn"))
        .await
        .unwrap();
    let over = "x".repeat(ocop_domain::password::MAX_SIGN_IN_CHARS + 1);
    assert_eq!(checks_of(db, "tinh@example.vn", "sai").await, 1);
    assert_eq!(checks_of(db, "tinh@example.vn", &over).await, 0);
    let long_email = format!("{}@example.vn", "a".repeat(300));
    assert_eq!(checks_of(db, &long_email, "sai").await, 0);
}
