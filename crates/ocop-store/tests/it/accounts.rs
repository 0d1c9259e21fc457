//! Accounts on both backends: who may reset, disable and enable whom (role × unit); a
//! disabled account's sessions end at once; changing one's own password (errors per field,
//! the sign-in throttle, other sessions ended); generated passwords must be changed; every
//! action audited without a secret.

use std::net::IpAddr;

use ocop_domain::access::{Denied, Role};
use ocop_domain::units::AdminUnits;
use ocop_store::login_attempts::{MAX_FAILURES_PER_EMAIL, SignIn};
use ocop_store::use_cases::{ACCOUNTS_PER_PAGE, AccountCursor};
use ocop_store::users::NewUser;
use ocop_store::{AuditActor, Caller, PasswordChange, Producer, StoreError, User};

use crate::db::TestDb;
use crate::on_both_backends;
use crate::story::{producer, tax};

const QUANG_NINH: u32 = 22;
const HA_NOI: u32 = 1;
const BINH_LIEU: u32 = 6838;
const PASSWORD: &str = "mat-khau-dai";

async fn account(
    db: &TestDb,
    email: &str,
    role: Role,
    unit: Option<u32>,
    of: Option<&Producer>,
) -> User {
    db.store
        .create_user(
            &AuditActor::system("test"),
            NewUser {
                email: email.into(),
                display_name: email.into(),
                password: PASSWORD.into(),
                role,
                unit_code: unit,
                producer_id: of.map(|p| p.id),
            },
        )
        .await
        .unwrap()
}

async fn producer_in(db: &TestDb, name: &str, n: u32, commune: u32) -> Producer {
    let input = ocop_domain::producer::ProducerInput::from_data(&producer(name, &tax(n), commune));
    db.store
        .register_producer(&Caller::system("test"), &input)
        .await
        .unwrap()
}

#[derive(Debug, PartialEq, Clone, Copy)]
enum Outcome {
    Done,
    Refused,
    OwnAccount,
    Unknown,
}

fn outcome<T>(result: Result<T, StoreError>) -> Outcome {
    match result {
        Ok(_) => Outcome::Done,
        Err(StoreError::Denied(Denied::OwnAccount)) => Outcome::OwnAccount,
        Err(StoreError::Denied(_)) => Outcome::Refused,
        Err(StoreError::NotFound(_)) => Outcome::Unknown,
        Err(e) => panic!("unexpected {e}"),
    }
}

on_both_backends!(who_may_reset_and_disable_whom);
async fn who_may_reset_and_disable_whom(db: &TestDb) {
    let s = &db.store;
    let hanoi_commune = AdminUnits::embedded()
        .communes_of(HA_NOI)
        .next()
        .unwrap()
        .code;
    let htx = producer_in(db, "HTX Đình Trung", 1, BINH_LIEU).await;
    let hanoi_htx = producer_in(db, "HTX Hà Nội", 2, hanoi_commune).await;
    let central = account(db, "tw@example.vn", Role::Central, None, None).await;
    let other_central = account(db, "tw2@example.vn", Role::Central, None, None).await;
    let province = account(
        db,
        "qn@example.vn",
        Role::Provincial,
        Some(QUANG_NINH),
        None,
    )
    .await;
    let province2 = account(
        db,
        "qn2@example.vn",
        Role::Provincial,
        Some(QUANG_NINH),
        None,
    )
    .await;
    let hanoi = account(db, "hn@example.vn", Role::Provincial, Some(HA_NOI), None).await;
    let commune = account(db, "bl@example.vn", Role::Commune, Some(BINH_LIEU), None).await;
    let hanoi_xa = account(
        db,
        "xahn@example.vn",
        Role::Commune,
        Some(hanoi_commune),
        None,
    )
    .await;
    let council = account(
        db,
        "hd@example.vn",
        Role::CouncilMember,
        Some(QUANG_NINH),
        None,
    )
    .await;
    let own = account(db, "htx@example.vn", Role::Producer, None, Some(&htx)).await;
    let hanoi_own = account(
        db,
        "htxhn@example.vn",
        Role::Producer,
        None,
        Some(&hanoi_htx),
    )
    .await;

    use Outcome::*;
    let who = |u: &User| Caller::User(u.clone());
    // (actor, account, outcome of a reset, a disable and an enable alike)
    let rows: Vec<(&User, &User, Outcome)> = vec![
        (&central, &other_central, Done),
        (&central, &hanoi, Done),
        (&central, &hanoi_own, Done),
        (&central, &central, OwnAccount),
        (&province, &commune, Done),
        (&province, &council, Done),
        (&province, &own, Done),
        (&province, &hanoi_xa, Unknown),
        (&province, &hanoi_own, Unknown),
        (&province, &hanoi, Unknown),
        (&province, &province2, Unknown),
        (&province, &central, Unknown),
        (&province, &province, OwnAccount),
        (&hanoi, &commune, Unknown),
        (&hanoi, &hanoi_xa, Done),
        (&commune, &own, Refused),
        (&commune, &commune, Refused),
        (&council, &own, Refused),
        (&own, &own, Refused),
        (&own, &commune, Refused),
    ];
    for (actor, target, expected) in rows {
        let caller = who(actor);
        let before = s.verify_audit_chain().await.unwrap();
        let reset = outcome(s.reset_password(&caller, target.id).await);
        let disable = outcome(s.disable_account(&caller, target.id).await);
        let enable = outcome(s.enable_account(&caller, target.id).await);
        let label = format!("{} → {}", actor.email, target.email);
        // Those who may not manage accounts at all are refused before anything is looked up.
        let expected = if matches!(
            actor.role,
            Role::Commune | Role::CouncilMember | Role::Producer
        ) {
            Refused
        } else {
            expected
        };
        assert_eq!([reset, disable, enable], [expected; 3], "{label}");
        if expected != Done {
            assert_eq!(
                s.verify_audit_chain().await.unwrap(),
                before,
                "{label}: a refusal writes nothing"
            );
        }
    }
    // A producer account sits where its producer does today: moved to Hà Nội, it is no longer
    // Quảng Ninh's to manage.
    db.execute(&format!(
        "UPDATE producers SET province_code = {HA_NOI}, commune_code = {hanoi_commune}"
    ))
    .await;
    assert_eq!(
        outcome(s.disable_account(&who(&province), own.id).await),
        Unknown
    );
    assert_eq!(outcome(s.disable_account(&who(&hanoi), own.id).await), Done);

    // The list shows what one administers, and one's own account, by e-mail.
    let page = s
        .accounts(&who(&province), None, ACCOUNTS_PER_PAGE)
        .await
        .unwrap();
    let listed: Vec<String> = page
        .accounts
        .iter()
        .map(|a| format!("{}:{}", a.user.email, a.manageable))
        .collect();
    assert_eq!(
        listed,
        [
            "bl@example.vn:true",
            "hd@example.vn:true",
            "qn@example.vn:false"
        ]
    );
    assert_eq!(page.next_after, None);
    // Page by page, two at a time: the next page starts after the last one shown, the
    // accounts the caller may not see are skipped, and the last page says so.
    let first = s.accounts(&who(&province), None, 2).await.unwrap();
    let emails = |p: &ocop_store::AccountPage| {
        p.accounts
            .iter()
            .map(|a| a.user.email.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(emails(&first), ["bl@example.vn", "hd@example.vn"]);
    assert_eq!(
        first.next_after.as_ref().map(AccountCursor::as_str),
        Some("hd@example.vn")
    );
    let second = s
        .accounts(&who(&province), first.next_after.as_ref(), 2)
        .await
        .unwrap();
    assert_eq!(emails(&second), ["qn@example.vn"]);
    assert_eq!(second.next_after, None);
    // A cursor is bounded like an e-mail, whoever makes it.
    let longest = "a".repeat(ocop_domain::identifiers::MAX_EMAIL_CHARS);
    assert!(AccountCursor::parse(&longest).is_some());
    assert_eq!(AccountCursor::parse(&format!("{longest}a")), None);
    assert_eq!(
        outcome(
            s.accounts(&who(&commune), None, ACCOUNTS_PER_PAGE)
                .await
                .map(|p| p.accounts)
        ),
        Refused
    );
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

on_both_backends!(a_disabled_account_is_signed_out_at_once);
async fn a_disabled_account_is_signed_out_at_once(db: &TestDb) {
    let s = &db.store;
    let admin = account(
        db,
        "qn@example.vn",
        Role::Provincial,
        Some(QUANG_NINH),
        None,
    )
    .await;
    let officer = account(db, "bl@example.vn", Role::Commune, Some(BINH_LIEU), None).await;
    let (browser, api) = (
        s.create_session(officer.id).await.unwrap(),
        s.create_session(officer.id).await.unwrap(),
    );
    let admin = Caller::User(admin);
    let disabled = s.disable_account(&admin, officer.id).await.unwrap();
    assert!(!disabled.active);
    for token in [&browser, &api] {
        assert!(s.session(token).await.unwrap().is_none());
    }
    let client = ip("192.0.2.1");
    let refused = s.sign_in(client, "bl@example.vn", PASSWORD).await.unwrap();
    assert!(matches!(refused, SignIn::Disabled), "{refused:?}");
    // Only the right password learns that the account is disabled.
    let wrong = s
        .sign_in(client, "bl@example.vn", "sai-mat-khau")
        .await
        .unwrap();
    assert!(matches!(wrong, SignIn::Refused), "{wrong:?}");
    // Disabling again changes nothing and writes nothing.
    let before = s.verify_audit_chain().await.unwrap();
    s.disable_account(&admin, officer.id).await.unwrap();
    assert_eq!(s.verify_audit_chain().await.unwrap(), before);

    s.enable_account(&admin, officer.id).await.unwrap();
    let back = s.sign_in(client, "bl@example.vn", PASSWORD).await.unwrap();
    assert!(matches!(back, SignIn::Accepted(_)), "{back:?}");
    assert!(
        s.session(&browser).await.unwrap().is_none(),
        "old sessions stay ended"
    );

    let actions: Vec<(String, Option<String>, Option<String>)> = s
        .audit_of("user", officer.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.before_json, e.after_json))
        .skip(1)
        .collect();
    let json = |v: &str| Some(v.to_owned());
    assert_eq!(
        actions,
        [
            (
                "disable".to_owned(),
                json(r#"{"active":true}"#),
                json(r#"{"active":false}"#)
            ),
            (
                "enable".to_owned(),
                json(r#"{"active":false}"#),
                json(r#"{"active":true}"#)
            ),
        ]
    );
}

on_both_backends!(a_reset_password_must_be_changed_and_ends_every_session);
async fn a_reset_password_must_be_changed_and_ends_every_session(db: &TestDb) {
    let s = &db.store;
    let admin = account(
        db,
        "qn@example.vn",
        Role::Provincial,
        Some(QUANG_NINH),
        None,
    )
    .await;
    let officer = account(db, "bl@example.vn", Role::Commune, Some(BINH_LIEU), None).await;
    let token = s.create_session(officer.id).await.unwrap();
    let (reset, generated) = s
        .reset_password(&Caller::User(admin.clone()), officer.id)
        .await
        .unwrap();
    assert!(reset.must_change_password);
    assert!(generated.len() >= 20, "{generated}");
    assert!(s.session(&token).await.unwrap().is_none());
    let client = ip("192.0.2.1");
    assert!(matches!(
        s.sign_in(client, "bl@example.vn", PASSWORD).await.unwrap(),
        SignIn::Refused
    ));
    let SignIn::Accepted(user) = s
        .sign_in(client, "bl@example.vn", &generated)
        .await
        .unwrap()
    else {
        panic!("the generated password signs in");
    };
    assert!(user.must_change_password);
    let session = s.create_session(user.id).await.unwrap();
    assert!(
        s.session(&session)
            .await
            .unwrap()
            .unwrap()
            .user
            .must_change_password
    );

    // Changing it lifts the requirement.
    let caller = Caller::User(user.clone());
    let change = PasswordChange {
        current: generated.clone(),
        new: "mat-khau-cua-toi".into(),
        confirmation: "mat-khau-cua-toi".into(),
    };
    let renewed = s
        .change_own_password(&caller, client, &change)
        .await
        .unwrap();
    let now = s.session(&renewed).await.unwrap().unwrap();
    assert!(!now.user.must_change_password);

    let entries = s.audit_of("user", officer.id).await.unwrap();
    let reset_row = &entries[1];
    assert_eq!(reset_row.action, "reset_password");
    assert_eq!(reset_row.actor_id, Some(admin.id));
    assert_eq!(
        reset_row.after_json.as_deref(),
        Some(r#"{"must_change_password":true}"#)
    );
    for entry in &entries {
        let text = format!("{:?} {:?}", entry.before_json, entry.after_json);
        assert!(
            !text.contains(&generated) && !text.contains("mat-khau") && !text.contains("argon2"),
            "no secret in the audit: {text}"
        );
    }
}

on_both_backends!(changing_ones_own_password);
async fn changing_ones_own_password(db: &TestDb) {
    let s = &db.store;
    let user = account(db, "chu@example.vn", Role::Central, None, None).await;
    let caller = Caller::User(user.clone());
    let client = ip("192.0.2.7");
    let change = |current: &str, new: &str, confirmation: &str| PasswordChange {
        current: current.into(),
        new: new.into(),
        confirmation: confirmation.into(),
    };
    let fields = |result: Result<String, StoreError>| -> Vec<(String, String)> {
        match result {
            Err(StoreError::Invalid(errors)) => {
                errors.0.into_iter().map(|e| (e.field, e.code)).collect()
            }
            other => panic!("expected field errors, got {other:?}"),
        }
    };
    let pair = |f: &str, c: &str| (f.to_owned(), c.to_owned());
    let other_session = s.create_session(user.id).await.unwrap();

    assert_eq!(
        fields(
            s.change_own_password(&caller, client, &change("", "ngan", "ngan"))
                .await
        ),
        [
            pair("current_password", "required"),
            pair("new_password", "too_short")
        ]
    );
    assert_eq!(
        fields(
            s.change_own_password(&caller, client, &change(PASSWORD, "mat-khau-moi", "khac"))
                .await
        ),
        [pair("confirm_password", "mismatch")]
    );
    assert_eq!(
        fields(
            s.change_own_password(&caller, client, &change(PASSWORD, PASSWORD, PASSWORD))
                .await
        ),
        [pair("new_password", "same_as_current")]
    );
    assert_eq!(
        fields(
            s.change_own_password(
                &caller,
                client,
                &change(PASSWORD, "chu@example.vn", "chu@example.vn")
            )
            .await
        ),
        [pair("new_password", "same_as_email")]
    );
    let huge = "x".repeat(1_000_000);
    assert_eq!(
        fields(
            s.change_own_password(
                &caller,
                client,
                &change(&huge, "mat-khau-moi", "mat-khau-moi")
            )
            .await
        ),
        [pair("current_password", "wrong_password")],
        "an over-long password is wrong without hashing it"
    );
    assert!(
        s.session(&other_session).await.unwrap().is_some(),
        "nothing changed yet"
    );

    // Wrong current passwords count against the sign-in throttle of this address.
    for _ in 1..MAX_FAILURES_PER_EMAIL {
        assert_eq!(
            fields(
                s.change_own_password(
                    &caller,
                    client,
                    &change("sai", "mat-khau-moi", "mat-khau-moi")
                )
                .await
            ),
            [pair("current_password", "wrong_password")]
        );
    }
    let throttled = s
        .change_own_password(
            &caller,
            client,
            &change(PASSWORD, "mat-khau-moi", "mat-khau-moi"),
        )
        .await;
    assert!(
        matches!(throttled, Err(StoreError::Throttled(_))),
        "{throttled:?}"
    );
    assert!(matches!(
        s.sign_in(client, "chu@example.vn", PASSWORD).await.unwrap(),
        SignIn::Throttled(_)
    ));

    // From another address it goes through; other sessions end, a new one is opened.
    let home = ip("198.51.100.2");
    let token = s
        .change_own_password(
            &caller,
            home,
            &change(PASSWORD, "mat-khau-moi", "mat-khau-moi"),
        )
        .await
        .unwrap();
    assert!(s.session(&other_session).await.unwrap().is_none());
    assert_eq!(s.session(&token).await.unwrap().unwrap().user.id, user.id);
    assert!(matches!(
        s.sign_in(home, "chu@example.vn", "mat-khau-moi")
            .await
            .unwrap(),
        SignIn::Accepted(_)
    ));
    let last = s.audit_of("user", user.id).await.unwrap().pop().unwrap();
    assert_eq!(
        (last.action.as_str(), last.actor_id),
        ("change_password", Some(user.id))
    );

    // Nobody changes a password without being that account.
    assert_eq!(
        outcome(
            s.change_own_password(&Caller::Anonymous, home, &change("a", "b", "b"))
                .await
        ),
        Outcome::Refused
    );
    assert_eq!(
        outcome(
            s.change_own_password(&Caller::system("cli"), home, &change("a", "b", "b"))
                .await
        ),
        Outcome::Refused
    );
    // The operator sets one for good on the command line; users may not.
    assert_eq!(
        outcome(s.set_password(&caller, user.id, "mat-khau-khac").await),
        Outcome::Refused
    );
    let set = s
        .set_password(&Caller::system("cli"), user.id, "mat-khau-khac")
        .await
        .unwrap();
    assert!(!set.must_change_password);
    assert!(s.session(&token).await.unwrap().is_none());
}

on_both_backends!(generated_and_administrator_chosen_passwords_must_be_changed);
async fn generated_and_administrator_chosen_passwords_must_be_changed(db: &TestDb) {
    let s = &db.store;
    let admin = account(
        db,
        "qn@example.vn",
        Role::Provincial,
        Some(QUANG_NINH),
        None,
    )
    .await;
    let new = |email: &str, password: &str| NewUser {
        email: email.into(),
        display_name: email.into(),
        password: password.into(),
        role: Role::Commune,
        unit_code: Some(BINH_LIEU),
        producer_id: None,
    };
    let admin = Caller::User(admin);
    let chosen = s
        .register_account(&admin, new("a@example.vn", PASSWORD))
        .await
        .unwrap();
    assert!(chosen.generated_password.is_none());
    assert!(
        chosen.user.must_change_password,
        "the administrator knows it"
    );
    let generated = s
        .register_account(&admin, new("b@example.vn", ""))
        .await
        .unwrap();
    let password = generated.generated_password.expect("generated");
    assert!(generated.user.must_change_password);
    assert!(matches!(
        s.sign_in(ip("192.0.2.1"), "b@example.vn", &password).await.unwrap(),
        SignIn::Accepted(u) if u.must_change_password
    ));
    let system = Caller::system("cli");
    let operator = s
        .register_account(&system, new("c@example.vn", PASSWORD))
        .await
        .unwrap();
    assert!(
        !operator.user.must_change_password,
        "the operator sets it for good"
    );
    let operator_generated = s
        .register_account(&system, new("d@example.vn", ""))
        .await
        .unwrap();
    assert!(operator_generated.user.must_change_password);
    let after = s.audit_of("user", generated.user.id).await.unwrap()[0]
        .after_json
        .clone()
        .unwrap();
    assert!(after.contains(r#""must_change_password":true"#), "{after}");
    assert!(!after.contains(&password), "{after}");
}
