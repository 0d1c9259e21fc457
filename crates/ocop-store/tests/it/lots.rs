//! Lots on a real database: registering with materials and the commissioning event, the event
//! log that is only ever appended to, recall (status and event together), the import that
//! writes all rows or none, and who may do which, by role and unit.

use ocop_domain::access::Role;
use ocop_domain::epcis::{BizStep, Disposition, EventAction, EventInput};
use ocop_domain::import::lot_rows;
use ocop_domain::lot::{LabTestInput, LotInput, LotStatus, RecallInput, TransitionRefused};
use ocop_domain::product::ProductInput;
use ocop_domain::units::AdminUnits;
use ocop_store::import::ImportOptions;
use ocop_store::lots::TestFile;
use ocop_store::products::ProductExtras;
use ocop_store::users::NewUser;
use ocop_store::{Caller, Producer, Product, StoreError, ViewChange};

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

fn lot_input(number: &str) -> LotInput {
    LotInput {
        lot_number: number.into(),
        produced_on: "2026-05-10".into(),
        expires_on: "2027-05-10".into(),
        quantity: "1200".into(),
        unit: "gói".into(),
        storage_notes: "Nơi khô ráo, thoáng mát".into(),
        materials:
            "Củ dong riềng | HTX Đồng Văn | Đồng Văn, Bình Liêu | VietGAP\nNước | Giếng khoan"
                .into(),
    }
}

struct World {
    here: Producer,
    there: Producer,
    product: Product,
    foreign: Product,
}

async fn world(db: &TestDb) -> World {
    let s = &db.store;
    let system = Caller::system("test");
    let other_commune = AdminUnits::embedded().communes_of(1).next().unwrap().code;
    let here = s
        .register_producer(
            &system,
            &ocop_domain::producer::ProducerInput::from_data(&producer(
                "HTX Đình Trung",
                &tax(1),
                BINH_LIEU,
            )),
        )
        .await
        .unwrap();
    let there = s
        .register_producer(
            &system,
            &ocop_domain::producer::ProducerInput::from_data(&producer(
                "HTX Hà Nội",
                &tax(2),
                other_commune,
            )),
        )
        .await
        .unwrap();
    let mut data = product("Miến dong Bình Liêu", "active");
    data.gtin = Some(ocop_domain::identifiers::Gtin::parse("8935049500643").unwrap());
    let product = s
        .register_product(
            &system,
            here.id,
            &ProductInput::from_data(&data),
            ProductExtras::default(),
        )
        .await
        .unwrap();
    let foreign = s
        .register_product(
            &system,
            there.id,
            &ProductInput::from_data(&product_data("Nem chua", "active")),
            ProductExtras::default(),
        )
        .await
        .unwrap();
    World {
        here,
        there,
        product,
        foreign,
    }
}

fn product_data(name: &str, status: &str) -> ocop_domain::product::ProductData {
    product(name, status)
}

async fn counts(db: &TestDb) -> (i64, i64, i64) {
    (
        db.count("SELECT COUNT(*) FROM lots").await,
        db.count("SELECT COUNT(*) FROM lot_events").await,
        db.count("SELECT COUNT(*) FROM audit_log").await,
    )
}

on_both_backends!(a_lot_is_registered_with_its_materials_and_commissioning);
async fn a_lot_is_registered_with_its_materials_and_commissioning(db: &TestDb) {
    let s = &db.store;
    let w = world(db).await;
    let owner = user(db, "chuthe@example.vn", Role::Producer, None, Some(&w.here)).await;
    let lot = s
        .register_lot(&owner, w.product.id, &lot_input("MD-2026-05"))
        .await
        .unwrap();
    assert_eq!(lot.status, LotStatus::Active);
    let detail = s.lot_detail(&owner, lot.id).await.unwrap();
    assert_eq!(detail.materials.len(), 2);
    assert_eq!(
        detail.materials[0].certification.as_deref(),
        Some("VietGAP")
    );
    assert_eq!(detail.events.len(), 1);
    let first = &detail.events[0];
    assert_eq!(
        (first.action, first.biz_step, first.quantity),
        (EventAction::Add, BizStep::Commissioning, Some(1200))
    );
    assert_eq!(
        s.lots_of_product(w.product.id).await.unwrap(),
        std::slice::from_ref(&lot)
    );

    // The number is unique within the product, on the lot_number field.
    let again = s
        .register_lot(&owner, w.product.id, &lot_input("MD-2026-05"))
        .await;
    assert!(
        matches!(
            again,
            Err(StoreError::Conflict {
                field: "lot_number",
                ..
            })
        ),
        "{again:?}"
    );
    // Bad input names its fields, and nothing is written.
    let before = counts(db).await;
    let bad = LotInput {
        quantity: "0".into(),
        materials: "| HTX".into(),
        ..lot_input("MD-2")
    };
    let Err(StoreError::Invalid(errors)) = s.register_lot(&owner, w.product.id, &bad).await else {
        panic!("invalid input accepted");
    };
    assert!(errors.get("quantity").is_some() && errors.get("materials").is_some());
    assert_eq!(counts(db).await, before);

    // A lab test with its file, then what the public sees through a stamp.
    let test = s
        .record_lab_test(
            &owner,
            lot.id,
            &LabTestInput {
                lab_name: "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng Quảng Ninh".into(),
                tested_on: "2026-05-20".into(),
                results: "Độ ẩm | 11,2 | %\nChì (Pb) | KPH | mg/kg".into(),
            },
            Some(TestFile {
                sha256: "ab".repeat(32),
                content_type: "application/pdf".into(),
                size_bytes: 1234,
            }),
        )
        .await
        .unwrap();
    assert_eq!(test.results.len(), 2);
    let view = s.lot_public_view(lot.id).await.unwrap();
    assert_eq!(view.product_name, "Miến dong Bình Liêu");
    assert_eq!(view.producer_name, "HTX Đình Trung");
    assert_eq!(view.gtin.as_deref(), Some("8935049500643"));
    assert_eq!(view.materials.len(), 2);
    assert_eq!(view.tests[0].results[1].value, "KPH");
    assert!(!view.is_recalled());

    // The EPCIS export: the commissioning ADD carries the lot's master data.
    let doc = s.lot_epcis(&owner, lot.id).await.unwrap();
    let event = &doc["epcisBody"]["eventList"][0];
    assert_eq!(event["action"], "ADD");
    assert_eq!(event["ilmd"]["cbvmda:itemExpirationDate"], "2027-05-10");
    assert_eq!(
        event["quantityList"][0]["epcClass"],
        "https://id.gs1.org/01/08935049500643/10/MD-2026-05"
    );
}

on_both_backends!(the_event_log_is_append_only);
async fn the_event_log_is_append_only(db: &TestDb) {
    let s = &db.store;
    let w = world(db).await;
    let system = Caller::system("test");
    let lot = s
        .register_lot(&system, w.product.id, &lot_input("L1"))
        .await
        .unwrap();
    let shipped = s
        .record_lot_event(
            &system,
            lot.id,
            &EventInput {
                biz_step: "shipping".into(),
                quantity: "300".into(),
                biz_location: "kho-binh-lieu".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(shipped.disposition, Disposition::InTransit);
    // A correction is a new event naming the one it corrects.
    let corrected = s
        .record_lot_event(
            &system,
            lot.id,
            &EventInput {
                biz_step: "shipping".into(),
                quantity: "250".into(),
                corrects: shipped.id.to_string(),
                correction_reason: "Nhập nhầm số lượng".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(corrected.corrects_event_id, Some(shipped.id));
    let events = s.lot_events(lot.id).await.unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(events[1], shipped, "the corrected event stays as it was");
    let doc = s.lot_epcis(&system, lot.id).await.unwrap();
    let list = doc["epcisBody"]["eventList"].as_array().unwrap();
    assert_eq!(
        list.len(),
        4,
        "the declaration re-states the corrected event"
    );
    assert_eq!(list[2]["eventID"], format!("urn:uuid:{}", shipped.id));
    assert_eq!(
        list[2]["errorDeclaration"]["correctiveEventIDs"][0],
        format!("urn:uuid:{}", corrected.id)
    );
    // Correcting an event of another lot is refused on its field.
    let other = s
        .register_lot(&system, w.product.id, &lot_input("L2"))
        .await
        .unwrap();
    let wrong = s
        .record_lot_event(
            &system,
            other.id,
            &EventInput {
                biz_step: "packing".into(),
                corrects: shipped.id.to_string(),
                correction_reason: "x".into(),
                ..Default::default()
            },
        )
        .await;
    assert!(matches!(wrong, Err(StoreError::Invalid(e)) if e.get("corrects").is_some()));
    // The database itself refuses edits and deletions of events.
    for sql in [
        "UPDATE lot_events SET quantity = 1".to_owned(),
        "DELETE FROM lot_events".to_owned(),
    ] {
        assert!(raw_execute(db, &sql).await.is_err(), "{sql} was allowed");
    }
    assert_eq!(s.lot_events(lot.id).await.unwrap(), events);
}

/// Runs SQL outside the store, answering its error instead of panicking.
async fn raw_execute(db: &TestDb, sql: &str) -> Result<(), sqlx::Error> {
    use sqlx::Connection;
    use std::str::FromStr;
    if db.url.starts_with("sqlite:") {
        let options = sqlx::sqlite::SqliteConnectOptions::from_str(&db.url)?;
        let mut conn = sqlx::SqliteConnection::connect_with(&options).await?;
        sqlx::query(sql).execute(&mut conn).await.map(|_| ())
    } else {
        let mut conn = sqlx::PgConnection::connect(&db.url).await?;
        sqlx::query(sql).execute(&mut conn).await.map(|_| ())
    }
}

on_both_backends!(a_recall_writes_status_and_event_together);
async fn a_recall_writes_status_and_event_together(db: &TestDb) {
    let s = &db.store;
    let w = world(db).await;
    let system = Caller::system("test");
    let commune = user(db, "xa@example.vn", Role::Commune, Some(BINH_LIEU), None).await;
    let council = user(
        db,
        "hoidong@example.vn",
        Role::CouncilMember,
        Some(QUANG_NINH),
        None,
    )
    .await;
    let lot = s
        .register_lot(&system, w.product.id, &lot_input("L1"))
        .await
        .unwrap();
    let reason = RecallInput {
        reason: "Phát hiện nấm mốc ở một số gói".into(),
    };
    // Refusals and blank reasons write nothing.
    let before = counts(db).await;
    assert!(matches!(
        s.recall_lot(&council, lot.id, &reason).await,
        Err(StoreError::Denied(_))
    ));
    assert!(matches!(
        s.recall_lot(&commune, lot.id, &RecallInput::default())
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(counts(db).await, before);

    let (mut views, series) = (s.lot_view_changes(), s.stamp_series_changes());
    let recalled = s.recall_lot(&commune, lot.id, &reason).await.unwrap();
    assert_eq!(recalled.status, LotStatus::Recalled);
    // The resolver is told to drop its view of this lot; the series did not change.
    assert_eq!(views.try_recv(), Ok(ViewChange::Lot(lot.id)));
    assert!(views.is_empty());
    assert!(!series.has_changed().unwrap());
    assert_eq!(
        recalled.recall_reason.as_deref(),
        Some(reason.reason.as_str())
    );
    assert_eq!(s.lot(lot.id).await.unwrap(), recalled);
    let events = s.lot_events(lot.id).await.unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.disposition, Disposition::Recalled);
    assert_eq!(
        last.record_time,
        recalled.recalled_at.unwrap(),
        "one transaction, one time"
    );
    let (lots, events_after, audit) = counts(db).await;
    assert_eq!(
        (lots, events_after, audit),
        (before.0, before.1 + 1, before.2 + 1)
    );
    assert!(s.lot_public_view(lot.id).await.unwrap().is_recalled());
    let doc = s.lot_epcis(&commune, lot.id).await.unwrap();
    assert_eq!(doc["epcisBody"]["eventList"][1]["disposition"], "recalled");

    // A second recall, or goods put back on the market, is a refused transition.
    assert!(matches!(
        s.recall_lot(&commune, lot.id, &reason).await,
        Err(StoreError::LotTransition(
            TransitionRefused::AlreadyRecalled
        ))
    ));
    let back = EventInput {
        biz_step: "shipping".into(),
        ..Default::default()
    };
    assert!(matches!(
        s.record_lot_event(&commune, lot.id, &back).await,
        Err(StoreError::LotTransition(TransitionRefused::RecalledLot))
    ));
    let destroyed = EventInput {
        biz_step: "destroying".into(),
        ..Default::default()
    };
    assert!(
        s.record_lot_event(&commune, lot.id, &destroyed)
            .await
            .is_ok()
    );
}

// Who may do what with lots, by role and unit: done, refused, or unknown.
on_both_backends!(the_change_log_names_what_each_change_touches);
/// The database's triggers log each change a stamp page shows, whoever makes it; a reader
/// reads each once, from where it started.
async fn the_change_log_names_what_each_change_touches(db: &TestDb) {
    use ocop_store::{ChangeReader, Changes};
    let s = &db.store;
    let w = world(db).await;
    let system = Caller::system("test");
    let lot = s
        .register_lot(&system, w.product.id, &lot_input("L1"))
        .await
        .unwrap();
    // A reader starts at the log's end: the lot's materials, logged before, are not read.
    let mut log = ChangeReader::at_end(s).await.unwrap();
    assert_eq!(log.read(s).await.unwrap(), Changes::default());

    let mut data = w.product.data.clone();
    data.story = Some("Sợi miến dai, trong".into());
    s.change_product(&system, w.product.id, &ProductInput::from_data(&data))
        .await
        .unwrap();
    let mut producer = w.here.data.clone();
    producer.name = "HTX Đình Trung (đổi tên)".into();
    s.change_producer(
        &system,
        w.here.id,
        &ocop_domain::producer::ProducerInput::from_data(&producer),
    )
    .await
    .unwrap();
    s.record_lab_test(
        &system,
        lot.id,
        &LabTestInput {
            lab_name: "Viện Kiểm nghiệm".into(),
            tested_on: "2026-05-20".into(),
            results: "Độ ẩm | 11 | %".into(),
        },
        None,
    )
    .await
    .unwrap();
    let changes = log.read(s).await.unwrap();
    assert!(!changes.all_views && !changes.series, "{changes:?}");
    for change in [
        ViewChange::Product(w.product.id),
        ViewChange::Producer(w.here.id),
        ViewChange::Lot(lot.id),
    ] {
        assert!(changes.views.contains(&change), "{change:?} in {changes:?}");
    }
    assert!(
        changes
            .views
            .iter()
            .all(|c| matches!(c, ViewChange::Lot(id) if *id == lot.id)
                || *c == ViewChange::Product(w.product.id)
                || *c == ViewChange::Producer(w.here.id)),
        "{changes:?}"
    );
    // Each change is read once.
    assert_eq!(log.read(s).await.unwrap(), Changes::default());

    s.recall_lot(
        &system,
        lot.id,
        &RecallInput {
            reason: "Nấm mốc".into(),
        },
    )
    .await
    .unwrap();
    let other = s
        .register_lot(&system, w.product.id, &lot_input("L2"))
        .await
        .unwrap();
    s.issue_stamps(
        &system,
        other.id,
        &ocop_domain::stamp::IssueInput {
            count: "3".into(),
            ..Default::default()
        },
        false,
    )
    .await
    .unwrap();
    let changes = log.read(s).await.unwrap();
    assert!(changes.series, "{changes:?}");
    assert!(
        changes.views.contains(&ViewChange::Lot(lot.id)),
        "{changes:?}"
    );
    assert!(!changes.all_views);
}

on_both_backends!(a_change_committed_late_or_no_longer_kept_is_not_missed);
/// A change numbered before one already read (on PostgreSQL, a transaction that commits after
/// one that took a later number) is still read; a reader behind the log's oldest row drops
/// every view.
async fn a_change_committed_late_or_no_longer_kept_is_not_missed(db: &TestDb) {
    use ocop_store::{ChangeReader, Changes};
    let s = &db.store;
    let w = world(db).await;
    let mut log = ChangeReader::at_end(s).await.unwrap();
    let end = db
        .count("SELECT coalesce(max(seq), 0) FROM view_changes")
        .await;
    let id = w.product.id;
    let log_product = async |seq: i64| {
        let hex = id.simple().to_string();
        let value = match s.backend() {
            ocop_store::Backend::Sqlite => format!("x'{hex}'"),
            ocop_store::Backend::Postgres => format!("'{hex}'::uuid"),
        };
        db.execute(&format!(
            "INSERT INTO view_changes (seq, kind, ref_id) VALUES ({seq}, 'product', {value})"
        ))
        .await;
    };
    let product = Changes {
        views: vec![ViewChange::Product(id)],
        ..Changes::default()
    };
    log_product(end + 1).await;
    assert_eq!(log.read(s).await.unwrap(), product);
    log_product(end + 3).await;
    assert_eq!(log.read(s).await.unwrap(), product);
    log_product(end + 2).await;
    assert_eq!(log.read(s).await.unwrap(), product, "the late change");
    assert_eq!(log.read(s).await.unwrap(), Changes::default());

    log_product(end + 100).await;
    log_product(end + 101).await;
    db.execute(&format!(
        "DELETE FROM view_changes WHERE seq <= {}",
        end + 100
    ))
    .await;
    let changes = log.read(s).await.unwrap();
    assert!(changes.all_views, "{changes:?}");
    assert_eq!(log.read(s).await.unwrap(), Changes::default());
}

on_both_backends!(lot_use_cases_decide_by_role_and_unit);
async fn lot_use_cases_decide_by_role_and_unit(db: &TestDb) {
    let s = &db.store;
    let w = world(db).await;
    let system = Caller::system("test");
    let lot = s
        .register_lot(&system, w.product.id, &lot_input("L1"))
        .await
        .unwrap();
    let mut draft = product("Rượu mơ", "draft");
    draft.gtin = None;
    let draft = s
        .register_product(
            &system,
            w.here.id,
            &ProductInput::from_data(&draft),
            ProductExtras::default(),
        )
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
    let owner = user(db, "chu@example.vn", Role::Producer, None, Some(&w.here)).await;
    let outsider = user(db, "khac@example.vn", Role::Producer, None, Some(&w.there)).await;
    let council = user(
        db,
        "hd@example.vn",
        Role::CouncilMember,
        Some(QUANG_NINH),
        None,
    )
    .await;
    #[derive(Debug, PartialEq)]
    enum O {
        Done,
        Refused,
        Unknown,
    }
    fn o<T: std::fmt::Debug>(r: Result<T, StoreError>) -> O {
        match r {
            Ok(_) => O::Done,
            Err(StoreError::Denied(_)) => O::Refused,
            Err(StoreError::NotFound(_)) => O::Unknown,
            Err(e) => panic!("unexpected {e}"),
        }
    }
    // (who, reads the lot, registers on the active product, on the draft, on the foreign one)
    let rows = [
        (&central, O::Done, O::Refused, O::Refused, O::Refused),
        (&province, O::Done, O::Done, O::Done, O::Refused),
        (&commune, O::Done, O::Done, O::Done, O::Refused),
        (&owner, O::Done, O::Done, O::Done, O::Refused),
        (&outsider, O::Refused, O::Refused, O::Unknown, O::Done),
        (&council, O::Refused, O::Refused, O::Refused, O::Refused),
        (
            &Caller::Anonymous,
            O::Refused,
            O::Refused,
            O::Unknown,
            O::Refused,
        ),
    ];
    for (i, (who, read, active, draft_case, foreign)) in rows.into_iter().enumerate() {
        let label = format!("{i}: {:?}", who.actor().map(|a| a.role));
        assert_eq!(o(s.lot_detail(who, lot.id).await), read, "{label} reads");
        let before = counts(db).await;
        let n = format!("N{i}");
        let got = o(s
            .register_lot(who, w.product.id, &lot_input(&format!("{n}A")))
            .await);
        assert_eq!(got, active, "{label} on the active product");
        if got != O::Done {
            assert_eq!(
                counts(db).await,
                before,
                "{label}: a refusal writes nothing"
            );
        }
        let got = o(s
            .register_lot(who, draft.id, &lot_input(&format!("{n}B")))
            .await);
        assert_eq!(got, draft_case, "{label} on the draft");
        let got = o(s
            .register_lot(who, w.foreign.id, &lot_input(&format!("{n}C")))
            .await);
        assert_eq!(got, foreign, "{label} on the foreign product");
    }
}

on_both_backends!(an_import_writes_every_row_or_none);
async fn an_import_writes_every_row_or_none(db: &TestDb) {
    let s = &db.store;
    let w = world(db).await;
    let commune = user(db, "xa@example.vn", Role::Commune, Some(BINH_LIEU), None).await;
    let code = w.product.product_code.clone().unwrap();
    let headers: Vec<String> = [
        "Mã sản phẩm",
        "Số lô",
        "Ngày sản xuất",
        "Số lượng",
        "Đơn vị tính",
    ]
    .map(str::to_owned)
    .to_vec();
    let row = |cells: [&str; 5]| cells.map(str::to_owned).to_vec();
    let rows = vec![
        (2, row([&code, "I-1", "2026-05-01", "100", "gói"])),
        (
            3,
            row([&w.foreign.id.to_string(), "I-2", "2026-05-01", "100", "gói"]),
        ),
        (
            4,
            row(["22-99999-9-2026", "I-3", "2026-05-01", "100", "gói"]),
        ),
    ];
    let today = s.today();
    let (valid, errors) = lot_rows(&headers, &rows, today);
    let before = counts(db).await;
    let outcome = s
        .import_lot_rows(&commune, valid, errors, ImportOptions::default())
        .await
        .unwrap();
    assert_eq!(outcome.written, 0);
    assert_eq!(outcome.valid_rows, 1);
    let rows_with_errors: Vec<(usize, &str)> = outcome
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str()))
        .collect();
    assert_eq!(rows_with_errors, [(3, "Mã sản phẩm"), (4, "Mã sản phẩm")]);
    assert_eq!(counts(db).await, before, "nothing stored when a row fails");

    let good = vec![
        (2, row([&code, "I-1", "2026-05-01", "100", "gói"])),
        (
            3,
            row([&w.product.id.to_string(), "I-2", "01/05/2026", "50", "kg"]),
        ),
    ];
    let (valid, errors) = lot_rows(&headers, &good, today);
    let outcome = s
        .import_lot_rows(&commune, valid, errors, ImportOptions::default())
        .await
        .unwrap();
    assert_eq!((outcome.written, outcome.errors.len()), (2, 0));
    let lots = s.lots_of_product(w.product.id).await.unwrap();
    assert_eq!(lots.len(), 2);
    assert_eq!(s.lot_events(lots[0].id).await.unwrap().len(), 1);
    // The same lot numbers again: refused on their rows.
    let (valid, errors) = lot_rows(&headers, &good, today);
    let again = s
        .import_lot_rows(&commune, valid, errors, ImportOptions::default())
        .await
        .unwrap();
    assert_eq!(again.written, 0);
    assert_eq!(again.errors.len(), 2);
    assert!(again.errors[0].message.contains("đã có"));
    // Council members and central officials do not import lots.
    let council = user(
        db,
        "hd@example.vn",
        Role::CouncilMember,
        Some(QUANG_NINH),
        None,
    )
    .await;
    assert!(matches!(
        s.import_lot_rows(&council, Vec::new(), Vec::new(), ImportOptions::default())
            .await,
        Err(StoreError::Denied(_))
    ));
}
