//! Stamps on a real database: a series of any size is one row under the next series number,
//! its codes verify with the stored keys, keys rotate without breaking old stamps, and who may
//! issue or read series, by role and unit. A refusal writes nothing.

use ocop_domain::access::Role;
use ocop_domain::lot::{LotInput, RecallInput};
use ocop_domain::product::ProductInput;
use ocop_domain::stamp::{IssueInput, SeriesCodes, StampCode};
use ocop_domain::units::AdminUnits;
use ocop_store::products::ProductExtras;
use ocop_store::users::NewUser;
use ocop_store::{Caller, Producer, StoreError};

use crate::db::TestDb;
use crate::on_both_backends;
use crate::story::{producer, product, tax};

const QUANG_NINH: u32 = 22;
const BINH_LIEU: u32 = 6838;

async fn user(
    db: &TestDb,
    email: &str,
    role: Role,
    unit: Option<u32>,
    of: Option<&Producer>,
) -> Caller {
    let user = db
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

fn issue(count: &str) -> IssueInput {
    IssueInput {
        count: count.into(),
        ..IssueInput::default()
    }
}

fn lot_input(number: &str) -> LotInput {
    LotInput {
        lot_number: number.into(),
        produced_on: "2026-05-10".into(),
        expires_on: "2027-05-10".into(),
        quantity: "1200".into(),
        unit: "gói".into(),
        ..LotInput::default()
    }
}

async fn counts(db: &TestDb) -> (i64, i64, i64) {
    (
        db.count("SELECT COUNT(*) FROM stamp_series").await,
        db.count("SELECT COUNT(*) FROM stamp_keys").await,
        db.count("SELECT COUNT(*) FROM audit_log").await,
    )
}

/// Producers in Bình Liêu (Quảng Ninh) and in another province, a lot of each.
async fn world(db: &TestDb) -> (Producer, uuid::Uuid, uuid::Uuid) {
    let s = &db.store;
    let system = Caller::system("test");
    let other_commune = AdminUnits::embedded().communes_of(1).next().unwrap().code;
    let mut lots = Vec::new();
    let mut here = None;
    for (i, commune) in [BINH_LIEU, other_commune].into_iter().enumerate() {
        let p = s
            .register_producer(
                &system,
                &ocop_domain::producer::ProducerInput::from_data(&producer(
                    &format!("HTX {i}"),
                    &tax(i as u32 + 1),
                    commune,
                )),
            )
            .await
            .unwrap();
        let prod = s
            .register_product(
                &system,
                p.id,
                &ProductInput::from_data(&product("Miến dong", "active")),
                ProductExtras::default(),
            )
            .await
            .unwrap();
        let lot = s
            .register_lot(&system, prod.id, &lot_input("MD-01"))
            .await
            .unwrap();
        lots.push(lot.id);
        here.get_or_insert(p);
    }
    (here.unwrap(), lots[0], lots[1])
}

on_both_backends!(a_series_is_one_row_and_its_codes_verify);
async fn a_series_is_one_row_and_its_codes_verify(db: &TestDb) {
    let s = &db.store;
    let (here, lot, _) = world(db).await;
    let owner = user(db, "chuthe@example.vn", Role::Producer, None, Some(&here)).await;
    let mut changes = s.stamp_series_changes();
    // No key until the first series: it is made then.
    assert!(s.stamp_keys().await.unwrap().keys().is_empty());
    let first = s
        .issue_stamps(&owner, lot, &issue("1000"), false)
        .await
        .unwrap();
    let second = s
        .issue_stamps(&owner, lot, &issue("5"), false)
        .await
        .unwrap();
    assert!(changes.has_changed().unwrap());
    changes.mark_unchanged();
    assert_eq!((first.series_no, second.series_no), (0, 1));
    assert_eq!((first.count, first.lot_id), (1000, lot));
    assert_eq!(db.count("SELECT COUNT(*) FROM stamp_series").await, 2);
    assert_eq!(
        s.stamp_series_all().await.unwrap(),
        [first.clone(), second.clone()]
    );
    // What the resolver keeps of them, all or those numbered above one already read.
    let issued = |series: &ocop_store::stamps::StampSeries| ocop_store::stamps::IssuedSeries {
        series_no: series.series_no,
        lot_id: series.lot_id,
        count: series.count,
        key_id: series.key_id,
        signed: series.signed,
        demo: series.demo,
    };
    assert_eq!(
        s.issued_series(None).await.unwrap(),
        [issued(&first), issued(&second)]
    );
    assert_eq!(s.issued_series(Some(0)).await.unwrap(), [issued(&second)]);
    assert!(s.issued_series(Some(1)).await.unwrap().is_empty());
    assert_eq!(
        s.lot_stamp_series(&owner, lot).await.unwrap(),
        [second.clone(), first.clone()]
    );
    // The issue is audited on the lot.
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'issue_stamps'")
            .await,
        2
    );

    // Every code of the series verifies with the stored ring, to its own index.
    let ring = s.stamp_keys().await.unwrap();
    let print = s.series_for_print(&owner, first.id).await.unwrap();
    for (index, code) in SeriesCodes::new(&print.key, first.series_no, first.count).enumerate() {
        let stamp = ring
            .verify(&StampCode::parse(&code.to_string()).unwrap())
            .unwrap();
        assert_eq!((stamp.series_no, stamp.index), (0, index as u32));
    }

    // Rotation: a new active key issues, the old one still verifies.
    let system = Caller::system("cli keys rotate");
    let old_code = StampCode::issue(&print.key, first.series_no, 7);
    let rotated = s.rotate_stamp_keys(&system).await.unwrap();
    assert!(rotated.active);
    let third = s
        .issue_stamps(&owner, lot, &issue("3"), false)
        .await
        .unwrap();
    assert_eq!(third.key_id, rotated.id);
    let ring = s.stamp_keys().await.unwrap();
    assert!(
        ring.verify(&StampCode::parse(&old_code.to_string()).unwrap())
            .is_ok()
    );
    let infos = s.list_stamp_keys(&system).await.unwrap();
    assert_eq!(infos.len(), 2);
    assert!(infos[0].retired_at.is_some() && !infos[0].active);
    // Accounts never handle keys.
    assert!(matches!(
        s.rotate_stamp_keys(&owner).await,
        Err(StoreError::Denied(_))
    ));
    assert!(matches!(
        s.list_stamp_keys(&owner).await,
        Err(StoreError::Denied(_))
    ));
    // No key's secret reaches the audit log: the rows name keys by id and dates.
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%secret%' \
             OR before_json LIKE '%secret%'"
        )
        .await,
        0
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_log WHERE entity = 'stamp_key'")
            .await,
        2
    );
}

on_both_backends!(bad_counts_and_recalled_lots_write_nothing);
async fn bad_counts_and_recalled_lots_write_nothing(db: &TestDb) {
    let s = &db.store;
    let (here, lot, _) = world(db).await;
    let owner = user(db, "chuthe@example.vn", Role::Producer, None, Some(&here)).await;
    let before = counts(db).await;
    for count in ["0", "1000001", "-3", "nhiều", ""] {
        let Err(StoreError::Invalid(errors)) =
            s.issue_stamps(&owner, lot, &issue(count), false).await
        else {
            panic!("count {count:?} accepted");
        };
        assert!(errors.get("count").is_some(), "{count}: {errors}");
    }
    let small_label = IssueInput {
        label_width_mm: "24".into(),
        ..issue("10")
    };
    assert!(matches!(
        s.issue_stamps(&owner, lot, &small_label, true).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(counts(db).await, before);
    s.recall_lot(
        &owner,
        lot,
        &RecallInput {
            reason: "Bao bì lỗi".into(),
        },
    )
    .await
    .unwrap();
    let before = counts(db).await;
    assert!(matches!(
        s.issue_stamps(&owner, lot, &issue("10"), false).await,
        Err(StoreError::LotTransition(_))
    ));
    assert_eq!(counts(db).await, before);
}

on_both_backends!(who_issues_and_reads_series);
async fn who_issues_and_reads_series(db: &TestDb) {
    let s = &db.store;
    let (here, lot, foreign_lot) = world(db).await;
    let producer = user(db, "p@example.vn", Role::Producer, None, Some(&here)).await;
    let commune = user(db, "xa@example.vn", Role::Commune, Some(BINH_LIEU), None).await;
    let province = user(
        db,
        "tinh@example.vn",
        Role::Provincial,
        Some(QUANG_NINH),
        None,
    )
    .await;
    let central = user(db, "tw@example.vn", Role::Central, None, None).await;
    let council = user(
        db,
        "hd@example.vn",
        Role::CouncilMember,
        Some(QUANG_NINH),
        None,
    )
    .await;
    // (who, lot, may issue: Some(true) done, Some(false) refused, None unknown). The
    // products are public, so another unit's lot is seen and refused, as lots are.
    let rows = [
        (&producer, lot, Some(true)),
        (&producer, foreign_lot, Some(false)),
        (&commune, lot, Some(true)),
        (&commune, foreign_lot, Some(false)),
        (&province, lot, Some(true)),
        (&province, foreign_lot, Some(false)),
        (&central, lot, Some(false)),
        (&council, lot, Some(false)),
        (&Caller::Anonymous, lot, Some(false)),
    ];
    for (who, lot, expected) in rows {
        let before = counts(db).await;
        let outcome = match s.issue_stamps(who, lot, &issue("2"), false).await {
            Ok(_) => Some(true),
            Err(StoreError::Denied(_)) => Some(false),
            Err(StoreError::NotFound(_)) => None,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(outcome, expected, "{who:?} issuing for {lot}");
        if expected != Some(true) {
            assert_eq!(counts(db).await, before, "{who:?} refused but wrote");
        }
    }
    // Central officials read every series; council members none.
    let series = s.lot_stamp_series(&central, lot).await.unwrap();
    assert_eq!(series.len(), 3);
    assert!(s.series_for_print(&central, series[0].id).await.is_ok());
    assert!(matches!(
        s.lot_stamp_series(&council, lot).await,
        Err(StoreError::Denied(_))
    ));
    assert!(matches!(
        s.series_for_print(&producer, uuid::Uuid::now_v7()).await,
        Err(StoreError::NotFound(_))
    ));
}

on_both_backends!(the_demo_has_a_printable_series_per_demo_lot);
async fn the_demo_has_a_printable_series_per_demo_lot(db: &TestDb) {
    let s = &db.store;
    ocop_store::demo::load(s).await.unwrap();
    let series = s.stamp_series_all().await.unwrap();
    let demo_lots = db
        .count("SELECT COUNT(*) FROM lots WHERE demo = TRUE")
        .await;
    assert!(demo_lots >= 2);
    assert_eq!(series.len() as i64, demo_lots);
    assert!(series.iter().all(|x| x.demo && x.count <= 98));
    let ring = s.stamp_keys().await.unwrap();
    let print = s
        .series_for_print(&Caller::system("test"), series[0].id)
        .await
        .unwrap();
    let last = StampCode::issue(&print.key, series[0].series_no, series[0].count - 1);
    let stamp = ring
        .verify(&StampCode::parse(&last.to_string()).unwrap())
        .unwrap();
    assert_eq!(stamp.index, series[0].count - 1);
}
