//! The use cases as one table on a real database: who (role, own or foreign unit) does what
//! to which record (draft, active) and whether it is done, refused, or answered as unknown.
//! A refusal writes nothing. Pages, API and command line call these same functions.

use ocop_domain::access::Role;
use ocop_domain::product::ProductInput;
use ocop_domain::scoring::evaluate;
use ocop_domain::units::AdminUnits;
use ocop_store::evaluations::EvaluationKind;
use ocop_store::import::ImportOptions;
use ocop_store::products::{ProductExtras, ProductListQuery};
use ocop_store::users::NewUser;
use ocop_store::{Caller, Producer, Product, StoreError, User};

use crate::db::TestDb;
use crate::on_both_backends;
use crate::story::{producer, product, tax};

const QUANG_NINH: u32 = 22;
const BINH_LIEU: u32 = 6838;

/// What a use case came to.
#[derive(Debug, PartialEq)]
enum Outcome {
    Done,
    Refused,
    Unknown,
    Invalid,
}

fn outcome<T>(result: Result<T, StoreError>) -> Outcome {
    match result {
        Ok(_) => Outcome::Done,
        Err(StoreError::Denied(_)) => Outcome::Refused,
        Err(StoreError::NotFound(_)) => Outcome::Unknown,
        Err(StoreError::Invalid(_)) => Outcome::Invalid,
        Err(e) => panic!("unexpected {e}"),
    }
}

async fn user(
    db: &TestDb,
    email: &str,
    role: Role,
    unit: Option<u32>,
    of: Option<&Producer>,
) -> Caller {
    let user: User = db
        .store
        .create_user(
            &ocop_store::AuditActor::system("test"),
            NewUser {
                email: email.into(),
                display_name: email.into(),
                password: "mat-khau-dai".into(),
                role,
                unit_code: unit,
                producer_id: of.map(|p| p.id),
            },
        )
        .await
        .unwrap();
    Caller::User(user)
}

fn input_of(p: &Product) -> ProductInput {
    ProductInput::from_data(&p.data)
}

on_both_backends!(use_cases_decide_by_role_unit_and_state);
async fn use_cases_decide_by_role_unit_and_state(db: &TestDb) {
    let s = &db.store;
    let system = Caller::system("test");
    let units = AdminUnits::embedded();
    let other_commune = units.communes_of(1).next().unwrap().code;
    let neighbour = units
        .communes_of(QUANG_NINH)
        .map(|c| c.code)
        .find(|c| *c != BINH_LIEU)
        .unwrap();
    let here = s
        .register_producer(&system, &producer_input("HTX Đình Trung", 1, BINH_LIEU))
        .await
        .unwrap();
    let there = s
        .register_producer(&system, &producer_input("HTX Hà Nội", 2, other_commune))
        .await
        .unwrap();
    let extras = ProductExtras::default;
    let draft = s
        .register_product(
            &system,
            here.id,
            &product_input("Miến dong", "draft"),
            extras(),
        )
        .await
        .unwrap();
    let active = s
        .register_product(
            &system,
            here.id,
            &product_input("Rượu mơ", "active"),
            extras(),
        )
        .await
        .unwrap();
    let foreign_draft = s
        .register_product(&system, there.id, &product_input("Nem", "draft"), extras())
        .await
        .unwrap();

    let central = user(db, "tw@example.vn", Role::Central, None, None).await;
    let province = user(
        db,
        "tinh@example.vn",
        Role::Provincial,
        Some(QUANG_NINH),
        None,
    )
    .await;
    let commune = user(db, "xa@example.vn", Role::Commune, Some(BINH_LIEU), None).await;
    let own = user(db, "htx@example.vn", Role::Producer, None, Some(&here)).await;
    let council = user(
        db,
        "hd@example.vn",
        Role::CouncilMember,
        Some(QUANG_NINH),
        None,
    )
    .await;
    let anonymous = Caller::Anonymous;

    use Outcome::*;
    // Reads: a record one may not see is unknown.
    for (caller, product, expected) in [
        (&anonymous, &draft, Unknown),
        (&anonymous, &active, Done),
        (&own, &draft, Done),
        (&own, &foreign_draft, Unknown),
        (&council, &draft, Done),
        (&commune, &foreign_draft, Unknown),
        (&central, &foreign_draft, Done),
    ] {
        assert_eq!(
            outcome(s.visible_product(caller, product.id).await),
            expected,
            "{caller:?} sees {}",
            product.data.name
        );
    }

    let before = s.verify_audit_chain().await.unwrap();
    // Refusals, each writing nothing.
    let mut moved = producer_input("HTX Đình Trung", 1, neighbour);
    moved.status = "active".into();
    assert_eq!(
        outcome(s.change_producer(&own, here.id, &moved).await),
        Refused,
        "a producer never moves itself"
    );
    assert_eq!(
        outcome(s.change_producer(&commune, here.id, &moved).await),
        Refused,
        "a commune officer cannot place it in another commune"
    );
    assert_eq!(
        outcome(s.change_product(&own, active.id, &input_of(&active)).await),
        Refused,
        "an active product is the officials' to change"
    );
    let mut published = input_of(&draft);
    published.status = "active".into();
    assert_eq!(
        outcome(s.change_product(&own, draft.id, &published).await),
        Refused,
        "a producer does not publish"
    );
    assert_eq!(outcome(s.archive_product(&own, draft.id).await), Refused);
    assert_eq!(
        outcome(
            s.change_product(&council, draft.id, &input_of(&draft))
                .await
        ),
        Refused,
        "council members score, not edit"
    );
    assert_eq!(
        outcome(
            s.change_product(&anonymous, active.id, &input_of(&active))
                .await
        ),
        Refused
    );
    assert_eq!(
        outcome(s.archive_product(&commune, foreign_draft.id).await),
        Unknown
    );
    assert_eq!(
        outcome(
            s.register_product(&own, there.id, &input_of(&draft), extras())
                .await
        ),
        Refused,
        "another producer's products are not its own"
    );
    assert_eq!(
        outcome(
            s.register_product(&commune, uuid::Uuid::now_v7(), &input_of(&draft), extras())
                .await
        ),
        Invalid,
        "an unknown producer is reported on its field"
    );
    assert_eq!(
        outcome(
            s.register_producer(&own, &producer_input("HTX mới", 3, BINH_LIEU))
                .await
        ),
        Refused
    );
    assert_eq!(
        outcome(s.export_producer_table(&own, &Default::default()).await),
        Refused
    );
    assert_eq!(
        outcome(
            s.export_product_table(&council, &ProductListQuery::default())
                .await
        ),
        Refused
    );
    assert_eq!(
        outcome(
            s.import_producer_rows(
                &own,
                Vec::new(),
                Vec::new(),
                ImportOptions::default(),
                |_| {}
            )
            .await
        ),
        Refused
    );
    assert_eq!(
        outcome(
            s.history(&own, ocop_store::use_cases::Entity::Product, draft.id)
                .await
        ),
        Refused
    );
    let account = NewUser {
        email: "moi@example.vn".into(),
        display_name: "Cán bộ mới".into(),
        password: "mat-khau-dai".into(),
        role: Role::Commune,
        unit_code: Some(other_commune),
        producer_id: None,
    };
    assert_eq!(
        outcome(s.register_account(&province, account.clone()).await),
        Refused,
        "only in its own province"
    );
    assert_eq!(
        outcome(
            s.register_account(
                &commune,
                NewUser {
                    unit_code: Some(BINH_LIEU),
                    ..account.clone()
                }
            )
            .await
        ),
        Refused
    );
    assert_eq!(
        outcome(
            s.register_account(
                &province,
                NewUser {
                    role: Role::Central,
                    ..account.clone()
                }
            )
            .await
        ),
        Refused,
        "a role it may not grant"
    );
    assert_eq!(
        s.verify_audit_chain().await.unwrap(),
        before,
        "refusals write nothing"
    );

    // What each may do.
    let mut edited = input_of(&draft);
    edited.description = "Làm từ củ dong riềng Bình Liêu".into();
    assert_eq!(
        outcome(s.change_product(&own, draft.id, &edited).await),
        Done
    );
    assert_eq!(
        outcome(
            s.change_product(&commune, active.id, &input_of(&active))
                .await
        ),
        Done
    );
    assert_eq!(
        outcome(s.change_producer(&province, here.id, &moved).await),
        Done,
        "the province places it anywhere in the province"
    );
    assert_eq!(
        outcome(s.archive_product(&commune, draft.id).await),
        Unknown,
        "it moved out of the commune with its producer"
    );
    assert_eq!(outcome(s.archive_product(&province, draft.id).await), Done);
    assert_eq!(
        outcome(
            s.register_account(
                &province,
                NewUser {
                    unit_code: Some(BINH_LIEU),
                    ..account
                }
            )
            .await
        ),
        Done
    );
    assert_eq!(
        outcome(s.export_producer_table(&system, &Default::default()).await),
        Done
    );

    // Scoring: the capacity follows the role.
    let set = ocop_domain::criteria::Library::embedded()
        .version("V2026")
        .unwrap();
    let answers = crate::evaluations::answers(&[3]);
    let evaluation = evaluate(set, 7, &answers).unwrap();
    for (caller, kind) in [
        (&own, EvaluationKind::SelfAssessment),
        (&council, EvaluationKind::Official),
        (&province, EvaluationKind::Official),
    ] {
        let saved = s
            .save_scores(caller, active.id, &answers, &evaluation)
            .await
            .unwrap();
        assert_eq!(saved.kind, kind, "{caller:?}");
    }
    // The product moved out of the commune officer's unit with its producer above: it is
    // public, so seen, but not the officer's to score.
    assert_eq!(
        outcome(
            s.save_scores(&commune, active.id, &answers, &evaluation)
                .await
        ),
        Refused
    );
    assert_eq!(
        outcome(
            s.save_scores(&council, foreign_draft.id, &answers, &evaluation)
                .await
        ),
        Unknown
    );
}

fn producer_input(name: &str, n: u32, commune: u32) -> ocop_domain::producer::ProducerInput {
    ocop_domain::producer::ProducerInput::from_data(&producer(name, &tax(n), commune))
}

fn product_input(name: &str, status: &str) -> ProductInput {
    ProductInput::from_data(&product(name, status))
}

on_both_backends!(use_cases_take_their_time_from_the_store_clock);
async fn use_cases_take_their_time_from_the_store_clock(db: &TestDb) {
    let at = time::macros::datetime!(2027-01-01 00:00:01.5 UTC);
    let s = db.store.clone().with_clock(ocop_store::Clock::fixed(at));
    let system = Caller::system("test");
    let producer = s
        .register_producer(&system, &producer_input("HTX Đình Trung", 11, BINH_LIEU))
        .await
        .unwrap();
    let product = s
        .register_product(
            &system,
            producer.id,
            &product_input("Miến dong", "active"),
            ProductExtras::default(),
        )
        .await
        .unwrap();
    assert_eq!(producer.created_at, at);
    assert_eq!(product.updated_at, at);
    let code = product.product_code.unwrap();
    assert!(
        code.ends_with("-2027"),
        "the code's year is the clock's: {code}"
    );
    let history = s
        .history(&system, ocop_store::use_cases::Entity::Product, product.id)
        .await
        .unwrap();
    assert_eq!(history.last().unwrap().at, at, "so is the audit row's time");
}
