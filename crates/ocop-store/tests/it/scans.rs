//! Scans on a real database: the batch writer's counts and alerts (too many scans, far apart,
//! never issued, after expiry, each raised once), the dashboard limited to what the caller may
//! see, and consumers' reports with their audit row.

use std::time::Duration;

use ocop_domain::access::Role;
use ocop_domain::lot::LotInput;
use ocop_domain::product::ProductInput;
use ocop_domain::scan::{
    AgentClass, AlertKind, AlertRules, CoarsePlace, HandlingInput, Report, ReportKind,
};
use ocop_store::lots::Lot;
use ocop_store::products::ProductExtras;
use ocop_store::scans::{
    KnownAlerts, LoggedScan, MAX_SCAN_LOG, ScanEvent, ScanLog, ScanLogSettings,
};
use ocop_store::users::NewUser;
use ocop_store::{Caller, StoreError};
use time::OffsetDateTime;

use crate::db::TestDb;
use crate::on_both_backends;
use crate::story::{producer, product, tax};

const BINH_LIEU: u32 = 6838;

struct World {
    lot: Lot,
    owner: Caller,
    province: Caller,
    elsewhere: Caller,
    council: Caller,
}

async fn user(
    db: &TestDb,
    email: &str,
    role: Role,
    unit: Option<u32>,
    of: Option<uuid::Uuid>,
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
                producer_id: of,
            },
        )
        .await
        .unwrap();
    Caller::User(user)
}

async fn world(db: &TestDb) -> World {
    let s = &db.store;
    let system = Caller::system("test");
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
    let product = s
        .register_product(
            &system,
            here.id,
            &ProductInput::from_data(&product("Miến dong Bình Liêu", "active")),
            ProductExtras::default(),
        )
        .await
        .unwrap();
    let lot = s
        .register_lot(
            &system,
            product.id,
            &LotInput {
                lot_number: "MD-2026-01".into(),
                produced_on: "2026-05-10".into(),
                expires_on: "2027-06-10".into(),
                quantity: "1000".into(),
                unit: "gói".into(),
                storage_notes: String::new(),
                materials: String::new(),
            },
        )
        .await
        .unwrap();
    World {
        lot,
        owner: user(db, "chuthe@example.vn", Role::Producer, None, Some(here.id)).await,
        province: user(db, "tinh@example.vn", Role::Provincial, Some(22), None).await,
        elsewhere: user(db, "hanoi@example.vn", Role::Provincial, Some(1), None).await,
        council: user(
            db,
            "hoidong@example.vn",
            Role::CouncilMember,
            Some(22),
            None,
        )
        .await,
    }
}

fn scan(serial: &str, lot: Option<&Lot>, at: OffsetDateTime, place: Option<&str>) -> ScanEvent {
    ScanEvent {
        at,
        serial: serial.as_bytes().try_into().unwrap(),
        series_no: 7,
        lot_id: lot.map(|l| l.id),
        expires_on: lot.and_then(|l| l.expires_on),
        place: place.and_then(CoarsePlace::parse),
        agent: AgentClass::Android,
        demo: false,
        count: 1,
    }
}

/// Hands `n` scans of `serial` to `log`, numbered from 1, a millisecond apart after `start`.
fn record_numbered(log: &ScanLog, n: u32, serial: &str, lot: &Lot, start: OffsetDateTime) {
    for i in 1..=n {
        log.record(nth(i, serial, lot, start + Duration::from_millis(i.into())));
    }
}

/// The `count`th scan of `serial`, as the resolver counted it.
fn nth(count: u32, serial: &str, lot: &Lot, at: OffsetDateTime) -> ScanEvent {
    ScanEvent {
        count,
        ..scan(serial, Some(lot), at, None)
    }
}

/// Every scan in the log.
async fn whole_log(db: &TestDb) -> Vec<LoggedScan> {
    db.store
        .scan_log(day("1970-01-01"), day("2200-01-01"), MAX_SCAN_LOG)
        .await
        .unwrap()
}

fn day(d: &str) -> OffsetDateTime {
    OffsetDateTime::parse(
        &format!("{d}T09:00:00Z"),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap()
}

/// The first `n` scans of `serial`, a second apart from `from`, no place shared.
fn scans_of(serial: &str, lot: &Lot, from: OffsetDateTime, n: u32) -> Vec<ScanEvent> {
    (1..=n)
        .map(|i| nth(i, serial, lot, from + Duration::from_secs((i - 1).into())))
        .collect()
}

on_both_backends!(scans_count_and_raise_each_alert_once);
async fn scans_count_and_raise_each_alert_once(db: &TestDb) {
    let s = &db.store;
    let w = world(db).await;
    let rules = AlertRules::default();
    let known = &mut KnownAlerts::default();
    let before_expiry = day("2026-06-01");
    let batch = scans_of("AAAAAAAAAA", &w.lot, before_expiry, 20);
    assert_eq!(s.record_scans(&batch, &rules, known).await.unwrap(), vec![]);
    let count = s.scan_count("AAAAAAAAAA").await.unwrap().unwrap();
    assert_eq!(count.count, 20);
    assert_eq!(count.first_at, before_expiry);
    assert_eq!(s.scan_count("BBBBBBBBBB").await.unwrap(), None);

    // The 21st scan is over the threshold of 20; the 22nd raises nothing new, whether the
    // writer knows of the alert or not (a writer started since: the table refuses it).
    let later = before_expiry + Duration::from_secs(60);
    let raised = s
        .record_scans(&[nth(21, "AAAAAAAAAA", &w.lot, later)], &rules, known)
        .await
        .unwrap();
    assert_eq!(
        raised,
        vec![("AAAAAAAAAA".to_owned(), AlertKind::ManyScans)]
    );
    for known in [&mut *known, &mut KnownAlerts::default()] {
        let again = s
            .record_scans(&[nth(22, "AAAAAAAAAA", &w.lot, later)], &rules, known)
            .await
            .unwrap();
        assert_eq!(again, vec![]);
    }
    assert_eq!(s.scan_count("AAAAAAAAAA").await.unwrap().unwrap().count, 23);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM scan_alerts WHERE serial = 'AAAAAAAAAA'")
            .await,
        1
    );

    // A threshold lowered later: a stamp already over it and never alerted is alerted at
    // its next scan (it had not crossed the old threshold, so nothing was raised before).
    let lower = AlertRules {
        max_scans: 2,
        ..rules
    };
    let batch = scans_of("FFFFFFFFFF", &w.lot, later, 3);
    assert_eq!(s.record_scans(&batch, &rules, known).await.unwrap(), vec![]);
    let raised = s
        .record_scans(&[nth(4, "FFFFFFFFFF", &w.lot, later)], &lower, known)
        .await
        .unwrap();
    assert_eq!(
        raised,
        vec![("FFFFFFFFFF".to_owned(), AlertKind::ManyScans)]
    );

    // Hà Nội, then Hồ Chí Minh City an hour later; a never-issued series; after the expiry.
    let t = day("2026-06-02");
    let raised = s
        .record_scans(
            &[
                scan("CCCCCCCCCC", Some(&w.lot), t, Some("21.03,105.85")),
                scan(
                    "CCCCCCCCCC",
                    Some(&w.lot),
                    t + Duration::from_secs(3600),
                    Some("10.78,106.70"),
                ),
                scan("DDDDDDDDDD", None, t, None),
                scan("EEEEEEEEEE", Some(&w.lot), day("2027-07-01"), None),
            ],
            &rules,
            known,
        )
        .await
        .unwrap();
    assert_eq!(
        raised,
        vec![
            ("CCCCCCCCCC".to_owned(), AlertKind::FarApart),
            ("DDDDDDDDDD".to_owned(), AlertKind::NeverIssued),
            ("EEEEEEEEEE".to_owned(), AlertKind::AfterExpiry),
        ]
    );
    let logged = whole_log(db).await;
    assert_eq!(logged.len(), 31);
    assert_eq!(db.count("SELECT COUNT(*) FROM scan_alerts").await, 5);
    assert_eq!(
        logged
            .iter()
            .filter(|l| l.place_province == Some(79))
            .count(),
        1,
        "the place names its nearest province"
    );
}

on_both_backends!(a_scan_is_after_the_expiry_by_the_day_in_vietnam);
async fn a_scan_is_after_the_expiry_by_the_day_in_vietnam(db: &TestDb) {
    let w = world(db).await;
    assert_eq!(w.lot.expires_on, Some(time::macros::date!(2027 - 06 - 10)));
    let at = |text: &str| {
        OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).unwrap()
    };
    // 23:59 and 00:00 in Vietnam (UTC+7): the same day in UTC, the last day and the day after
    // the expiry on the label.
    let raised = db
        .store
        .record_scans(
            &[
                scan("GGGGGGGGGG", Some(&w.lot), at("2027-06-10T16:59:00Z"), None),
                scan("HHHHHHHHHH", Some(&w.lot), at("2027-06-10T17:00:00Z"), None),
            ],
            &AlertRules::default(),
            &mut KnownAlerts::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        raised,
        vec![("HHHHHHHHHH".to_owned(), AlertKind::AfterExpiry)]
    );
}

on_both_backends!(the_writer_batches_and_flushes);
async fn the_writer_batches_and_flushes(db: &TestDb) {
    let w = world(db).await;
    let log = ScanLog::spawn(
        db.store.clone(),
        ScanLogSettings {
            batch: 8,
            interval: Duration::from_millis(20),
            ..ScanLogSettings::default()
        },
    );
    let now = db.store.now();
    record_numbered(&log, 25, "FFFFFFFFFF", &w.lot, now);
    log.flush().await;
    let figures = log.figures();
    assert_eq!(
        (figures.accepted, figures.written, figures.dropped),
        (25, 25, 0)
    );
    assert_eq!(figures.alerts, 1);
    let logged: Vec<(OffsetDateTime, String)> = whole_log(db)
        .await
        .into_iter()
        .map(|l| (l.at, l.serial))
        .collect();
    let expected: Vec<(OffsetDateTime, String)> = (1..=25u64)
        .map(|i| (now + Duration::from_millis(i), "FFFFFFFFFF".to_owned()))
        .collect();
    assert_eq!(
        logged, expected,
        "the log keeps the batches' scans in order"
    );
    assert_eq!(
        db.store
            .scan_count("FFFFFFFFFF")
            .await
            .unwrap()
            .unwrap()
            .count,
        25
    );

    // A full channel drops and counts instead of waiting.
    let tiny = ScanLog::spawn(
        db.store.clone(),
        ScanLogSettings {
            capacity: 1,
            batch: 1,
            interval: Duration::from_secs(60),
            ..ScanLogSettings::default()
        },
    );
    for _ in 0..50 {
        tiny.record(scan("GGGGGGGGGG", Some(&w.lot), now, None));
    }
    assert!(tiny.figures().dropped > 0, "{:?}", tiny.figures());
    tiny.flush().await;
}

on_both_backends!(the_writer_writes_the_counts_on_its_own_within_their_interval);
async fn the_writer_writes_the_counts_on_its_own_within_their_interval(db: &TestDb) {
    let w = world(db).await;
    let log = ScanLog::spawn(
        db.store.clone(),
        ScanLogSettings {
            batch: 4,
            interval: Duration::from_millis(10),
            counts_every: Duration::from_millis(100),
            ..ScanLogSettings::default()
        },
    );
    let now = db.store.now();
    record_numbered(&log, 10, "PPPPPPPPPP", &w.lot, now);
    // No flush and no further scan: the counts of its three batches are summed and written
    // once their interval is up, while the writer waits for scans.
    let mut stored = None;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        stored = db.store.scan_count("PPPPPPPPPP").await.unwrap();
        if stored.is_some_and(|c| c.count == 10) {
            break;
        }
    }
    let stored = stored.expect("the counts were never written");
    assert_eq!(
        (stored.count, stored.first_at),
        (10, now + Duration::from_millis(1))
    );
    assert_eq!(log.figures().written, 10);
}

on_both_backends!(the_dashboard_shows_each_caller_their_own);
async fn the_dashboard_shows_each_caller_their_own(db: &TestDb) {
    let s = &db.store;
    let w = world(db).await;
    let now = s.now();
    let rules = AlertRules {
        max_scans: 2,
        ..AlertRules::default()
    };
    let batch: Vec<ScanEvent> = (1..=3)
        .map(|i| ScanEvent {
            count: i,
            ..scan(
                "HHHHHHHHHH",
                Some(&w.lot),
                now - Duration::from_secs(i.into()),
                Some("21.3,107.2"),
            )
        })
        .chain([scan("JJJJJJJJJJ", None, now, None)])
        .collect();
    s.record_scans(&batch, &rules, &mut KnownAlerts::default())
        .await
        .unwrap();
    let report = Report::parse("counterfeit", "Tem in mờ, nghi hàng giả", "0912345678").unwrap();
    let audit_before = db.count("SELECT COUNT(*) FROM audit_log").await;
    s.report_problem(&Caller::Anonymous, w.lot.id, "HHHHHHHHHH", &report)
        .await
        .unwrap();
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_log").await,
        audit_before + 1
    );

    for caller in [&w.owner, &w.province] {
        let d = s.scan_dashboard(caller).await.unwrap();
        assert_eq!(d.total, 3);
        assert_eq!(d.per_product.len(), 1);
        assert_eq!(d.per_product[0].scans, 3);
        assert_eq!(d.per_province[0].province_code, Some(22));
        assert_eq!(d.per_day.iter().map(|d| d.scans).sum::<i64>(), 3);
        // The never-issued series belongs to no product: not theirs.
        assert_eq!(d.alerts.len(), 1, "{:?}", d.alerts);
        assert_eq!(d.alerts[0].kind, AlertKind::ManyScans);
        assert_eq!(d.reports.len(), 1);
        assert_eq!(d.reports[0].kind, ReportKind::Counterfeit);
        assert_eq!(d.reports[0].phone.as_deref(), Some("0912345678"));
    }
    let central = s.scan_dashboard(&Caller::system("test")).await.unwrap();
    assert_eq!(central.alerts.len(), 2);
    let other = s.scan_dashboard(&w.elsewhere).await.unwrap();
    assert_eq!(
        (other.total, other.alerts.len(), other.reports.len()),
        (0, 0, 0)
    );
    assert!(matches!(
        s.scan_dashboard(&w.council).await,
        Err(StoreError::Denied(_))
    ));
    assert!(matches!(
        s.scan_dashboard(&Caller::Anonymous).await,
        Err(StoreError::Denied(_))
    ));
    // A report of an unknown lot writes nothing.
    let reports = db.count("SELECT COUNT(*) FROM consumer_reports").await;
    assert!(matches!(
        s.report_problem(&Caller::Anonymous, uuid::Uuid::nil(), "HHHHHHHHHH", &report)
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        db.count("SELECT COUNT(*) FROM consumer_reports").await,
        reports
    );
}

on_both_backends!(an_alert_is_handled_once_by_whoever_sees_it);
async fn an_alert_is_handled_once_by_whoever_sees_it(db: &TestDb) {
    let s = &db.store;
    let w = world(db).await;
    let now = s.now();
    let rules = AlertRules {
        max_scans: 2,
        ..AlertRules::default()
    };
    let batch: Vec<ScanEvent> = scans_of("HHHHHHHHHH", &w.lot, now, 3)
        .into_iter()
        .chain([scan("JJJJJJJJJJ", None, now, None)])
        .collect();
    s.record_scans(&batch, &rules, &mut KnownAlerts::default())
        .await
        .unwrap();
    let alerts = s
        .scan_dashboard(&Caller::system("test"))
        .await
        .unwrap()
        .alerts;
    let of = |kind| alerts.iter().find(|a| a.kind == kind).unwrap().id;
    let (copied, leaked) = (of(AlertKind::ManyScans), of(AlertKind::NeverIssued));
    let note = |text: &str| HandlingInput { note: text.into() };
    let audit = db.count("SELECT COUNT(*) FROM audit_log").await;

    // Whoever does not see an alert is told it does not exist; a council member never sees
    // alerts; a note is required. Nothing is written.
    for (caller, id) in [
        (&w.elsewhere, copied),
        (&w.owner, leaked),
        (&w.province, leaked),
    ] {
        assert!(matches!(
            s.handle_scan_alert(caller, id, &note("Đã kiểm tra")).await,
            Err(StoreError::NotFound(_))
        ));
    }
    assert!(matches!(
        s.handle_scan_alert(&w.council, copied, &note("Đã kiểm tra"))
            .await,
        Err(StoreError::Denied(_))
    ));
    assert!(matches!(
        s.handle_scan_alert(&w.owner, copied, &note("   ")).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        s.handle_scan_alert(&w.owner, uuid::Uuid::nil(), &note("x"))
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        db.count("SELECT COUNT(*) FROM scan_alerts WHERE handled_at IS NOT NULL")
            .await,
        0
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_log").await, audit);

    // The producer handles its stamp's alert: the dashboard shows who, when and how, after
    // the open ones; handling it again is refused.
    let handled = s
        .handle_scan_alert(
            &w.owner,
            copied,
            &note("  Tem bị sao chép ở chợ Bình Liêu; đã báo QLTT "),
        )
        .await
        .unwrap();
    let how = handled.handled.clone().unwrap();
    assert_eq!(how.note, "Tem bị sao chép ở chợ Bình Liêu; đã báo QLTT");
    assert!(how.by.contains("chuthe@example.vn"), "{}", how.by);
    assert!((now..=s.now()).contains(&how.at), "{}", how.at);
    let central = s
        .scan_dashboard(&Caller::system("test"))
        .await
        .unwrap()
        .alerts;
    assert_eq!(
        central
            .iter()
            .map(|a| (a.id, a.handled.is_some()))
            .collect::<Vec<_>>(),
        [(leaked, false), (copied, true)]
    );
    let seen_by_province = s.scan_dashboard(&w.province).await.unwrap().alerts;
    assert_eq!(seen_by_province[0].handled, Some(how));
    assert!(matches!(
        s.handle_scan_alert(&w.province, copied, &note("Lần nữa"))
            .await,
        Err(StoreError::StateConflict(_))
    ));
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_log").await, audit + 1);
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'scan_alert' AND action = 'handle'"
        )
        .await,
        1
    );
    // The alert of a series never issued: central officials (here the system) only.
    s.handle_scan_alert(&Caller::system("test"), leaked, &note("Đã đổi khóa tem"))
        .await
        .unwrap();
}

on_both_backends!(a_report_is_handled_once_by_whoever_sees_it);
async fn a_report_is_handled_once_by_whoever_sees_it(db: &TestDb) {
    let s = &db.store;
    let w = world(db).await;
    let report = |message: &str| Report::parse("quality", message, "").unwrap();
    let first = s
        .report_problem(&Caller::Anonymous, w.lot.id, "HHHHHHHHHH", &report("Mốc"))
        .await
        .unwrap();
    let second = s
        .report_problem(&Caller::Anonymous, w.lot.id, "HHHHHHHHHH", &report("Ẩm"))
        .await
        .unwrap();
    let note = |text: &str| HandlingInput { note: text.into() };
    let audit = db.count("SELECT COUNT(*) FROM audit_log").await;

    // Refused, nothing written: another province's official is told it does not exist, a
    // council member may not, a note is required, an unknown id does not exist.
    assert!(matches!(
        s.handle_consumer_report(&w.elsewhere, first, &note("Đã gọi"))
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        s.handle_consumer_report(&w.council, first, &note("Đã gọi"))
            .await,
        Err(StoreError::Denied(_))
    ));
    assert!(matches!(
        s.handle_consumer_report(&w.province, first, &note(" "))
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        s.handle_consumer_report(&w.owner, uuid::Uuid::nil(), &note("x"))
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        db.count("SELECT COUNT(*) FROM consumer_reports WHERE handled_at IS NOT NULL")
            .await,
        0
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_log").await, audit);

    // The province handles the first: listed after the open one, with who and how; the
    // producer sees the same; a second time is refused.
    let handled = s
        .handle_consumer_report(&w.province, first, &note("Đã thu hồi gói mốc, đổi gói mới"))
        .await
        .unwrap();
    let how = handled.handled.clone().unwrap();
    assert!(how.by.contains("tinh@example.vn"), "{}", how.by);
    assert_eq!(how.note, "Đã thu hồi gói mốc, đổi gói mới");
    let listed = s.scan_dashboard(&w.owner).await.unwrap().reports;
    assert_eq!(
        listed
            .iter()
            .map(|r| (r.id, r.handled.clone()))
            .collect::<Vec<_>>(),
        [(second, None), (first, Some(how))]
    );
    assert!(matches!(
        s.handle_consumer_report(&w.owner, first, &note("Lần nữa"))
            .await,
        Err(StoreError::StateConflict(_))
    ));
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'consumer_report' \
             AND action = 'handle'"
        )
        .await,
        1
    );
    // The producer handles the other.
    s.handle_consumer_report(&w.owner, second, &note("Đã gọi lại"))
        .await
        .unwrap();
}

on_both_backends!(the_dashboard_sums_every_scan_of_the_window_by_vietnam_day);
async fn the_dashboard_sums_every_scan_of_the_window_by_vietnam_day(db: &TestDb) {
    let s = &db.store;
    let w = world(db).await;
    let now = s.now();
    let rules = AlertRules::default();
    // Vietnam's midnight is 17:00 UTC: a second either side falls on two days.
    let midnight = (now - Duration::from_secs(3 * 86_400))
        .replace_time(time::Time::from_hms(17, 0, 0).unwrap());
    let second = Duration::from_secs(1);
    let place = Some("21.3,107.2");
    // Two batches, so that the second adds to the sums the first wrote.
    let first = [
        scan("KKKKKKKKKK", Some(&w.lot), midnight - second, None),
        scan("KKKKKKKKKK", Some(&w.lot), midnight + second, place),
        scan(
            "MMMMMMMMMM",
            Some(&w.lot),
            now - Duration::from_secs(40 * 86_400),
            None,
        ),
    ];
    let second_batch = [
        scan("MMMMMMMMMM", Some(&w.lot), midnight, None),
        scan("MMMMMMMMMM", Some(&w.lot), now, place),
        scan("NNNNNNNNNN", None, now, None),
    ];
    let known = &mut KnownAlerts::default();
    s.record_scans(&first, &rules, known).await.unwrap();
    s.record_scans(&second_batch, &rules, known).await.unwrap();
    assert_eq!(whole_log(db).await.len(), 6, "the log keeps every scan");

    let d = s.scan_dashboard(&Caller::system("test")).await.unwrap();
    let vietnam = time::UtcOffset::from_hms(7, 0, 0).unwrap();
    let days: Vec<(String, i64)> = d.per_day.iter().map(|d| (d.day.clone(), d.scans)).collect();
    assert_eq!(
        days,
        [
            (midnight.date().to_string(), 1),
            (midnight.date().next_day().unwrap().to_string(), 2),
            (now.to_offset(vietnam).date().to_string(), 1),
        ],
        "the scan 40 days ago is outside the window; the never-issued one has no lot"
    );
    assert_eq!(d.total, 4);
    assert_eq!(d.per_product.len(), 1);
    assert_eq!(d.per_product[0].scans, 4);
    let mut provinces: Vec<(Option<u32>, i64)> = d
        .per_province
        .iter()
        .map(|p| (p.province_code, p.scans))
        .collect();
    provinces.sort();
    assert_eq!(provinces, [(None, 2), (Some(22), 2)]);
}

/// The SQLite migrations numbered below `version`: a database as an older server left it.
fn sqlite_migrations_below(version: i64) -> sqlx::migrate::Migrator {
    let mut migrator = sqlx::migrate!("migrations/sqlite");
    migrator.migrations = migrator
        .migrations
        .iter()
        .filter(|m| m.version < version)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    migrator
}

on_both_backends!(the_scan_log_answers_a_window_in_written_order_within_its_limit);
async fn the_scan_log_answers_a_window_in_written_order_within_its_limit(db: &TestDb) {
    let s = &db.store;
    let w = world(db).await;
    let rules = AlertRules::default();
    let known = &mut KnownAlerts::default();
    let start = day("2026-06-01");
    let secs = |n: u64| start + Duration::from_secs(n);
    s.record_scans(&scans_of("JJJJJJJJJJ", &w.lot, start, 5), &rules, known)
        .await
        .unwrap();
    s.record_scans(&scans_of("KKKKKKKKKK", &w.lot, secs(10), 5), &rules, known)
        .await
        .unwrap();

    let window = s.scan_log(secs(3), secs(11), 100).await.unwrap();
    let seen: Vec<(&str, OffsetDateTime)> =
        window.iter().map(|l| (l.serial.as_str(), l.at)).collect();
    assert_eq!(
        seen,
        [
            ("JJJJJJJJJJ", secs(3)),
            ("JJJJJJJJJJ", secs(4)),
            ("KKKKKKKKKK", secs(10)),
        ],
        "from included, to excluded, in the order written"
    );
    assert!(window.iter().all(|l| l.lot_id == Some(w.lot.id)
        && l.series_no == 7
        && l.agent == AgentClass::Android
        && l.place.is_none()
        && !l.demo));
    assert_eq!(s.scan_log(start, secs(60), 7).await.unwrap().len(), 7);
    assert_eq!(s.scan_log(secs(60), secs(120), 7).await.unwrap(), []);

    // A batch larger than a block is written as several.
    let blocks = db.count("SELECT COUNT(*) FROM scan_blocks").await;
    let many = scans_of("LLLLLLLLLL", &w.lot, secs(100), 10_001);
    s.record_scans(&many, &rules, known).await.unwrap();
    assert_eq!(
        db.count("SELECT COUNT(*) FROM scan_blocks").await,
        blocks + 2
    );
    let logged = s
        .scan_log(secs(100), secs(20_000), MAX_SCAN_LOG)
        .await
        .unwrap();
    assert_eq!(logged.len(), 10_001);
    assert_eq!(logged.last().map(|l| l.at), Some(secs(10_100)));
}

/// Migration 0018 packs the log from then on: the scans written as rows before are still read,
/// first, and one with a place still counts for the far-apart alert.
#[tokio::test]
async fn the_scans_written_before_the_log_was_packed_are_still_read() {
    use sqlx::Connection;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("log.db").display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlite_migrations_below(18).run(&mut conn).await.unwrap();
    let morning = day("2026-12-01");
    let insert = "INSERT INTO scans (scanned_at, serial, series_no, lot_id, lat_tenths, \
                  lon_tenths, place_province, agent) VALUES ($1, $2, 3, NULL, $3, $4, $5, $6)";
    for (at, serial, lat, lon, province, agent) in [
        (morning, "HHHHHHHHHH", Some(210), Some(1058), Some(1), "ios"),
        (
            morning + Duration::from_secs(1),
            "IIIIIIIIII",
            None,
            None,
            None,
            "bot",
        ),
    ] {
        sqlx::query(insert)
            .bind(at)
            .bind(serial)
            .bind(lat)
            .bind(lon)
            .bind(province)
            .bind(agent)
            .execute(&mut conn)
            .await
            .unwrap();
    }
    conn.close().await.unwrap();

    let store = ocop_store::Store::open(&url).await.unwrap();
    // An hour later, 1,100 km away: the scan made before the migration is found.
    let saigon = scan(
        "HHHHHHHHHH",
        None,
        morning + Duration::from_secs(3600),
        Some("10.78,106.70"),
    );
    let raised = store
        .record_scans(
            &[saigon],
            &AlertRules::default(),
            &mut KnownAlerts::default(),
        )
        .await
        .unwrap();
    assert!(
        raised.contains(&("HHHHHHHHHH".to_owned(), AlertKind::FarApart)),
        "{raised:?}"
    );
    let log = store
        .scan_log(day("2026-11-30"), day("2026-12-02"), 10)
        .await
        .unwrap();
    let seen: Vec<(&str, OffsetDateTime, Option<u32>, AgentClass)> = log
        .iter()
        .map(|l| (l.serial.as_str(), l.at, l.place_province, l.agent))
        .collect();
    assert_eq!(
        seen,
        [
            ("HHHHHHHHHH", morning, Some(1), AgentClass::Ios),
            (
                "IIIIIIIIII",
                morning + Duration::from_secs(1),
                None,
                AgentClass::Bot
            ),
            (
                "HHHHHHHHHH",
                morning + Duration::from_secs(3600),
                Some(79),
                AgentClass::Android
            ),
        ]
    );
    assert_eq!(
        log[0].place,
        Some(CoarsePlace {
            lat_tenths: 210,
            lon_tenths: 1058
        })
    );
    let first_two = store
        .scan_log(day("2026-11-30"), day("2026-12-02"), 2)
        .await
        .unwrap();
    assert_eq!(first_two.len(), 2);
    assert_eq!(first_two[1].serial, "IIIIIIIIII");
    store.close().await;
}

/// Migration 0016 makes the SQLite scan log again without its key to lots: the scans already
/// written are kept with their numbers, numbering goes on after them, and a scan is no longer
/// checked against the lots (the key it had refused an unknown lot).
#[tokio::test]
async fn the_scan_log_keeps_its_rows_when_its_lot_key_is_dropped() {
    use sqlx::Connection;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("log.db").display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlite_migrations_below(16).run(&mut conn).await.unwrap();
    let insert = "INSERT INTO scans (scanned_at, serial, series_no, lot_id, agent) \
                  VALUES ('2026-12-01T00:00:00Z', $1, 1, $2, 'ios')";
    let unknown_lot = uuid::Uuid::now_v7();
    for serial in ["AAAAAAAAAA", "BBBBBBBBBB", "CCCCCCCCCC"] {
        sqlx::query(insert)
            .bind(serial)
            .bind(None::<uuid::Uuid>)
            .execute(&mut conn)
            .await
            .unwrap();
    }
    sqlx::query("DELETE FROM scans WHERE serial = 'CCCCCCCCCC'")
        .execute(&mut conn)
        .await
        .unwrap();
    assert!(
        sqlx::query(insert)
            .bind("DDDDDDDDDD")
            .bind(unknown_lot)
            .execute(&mut conn)
            .await
            .is_err(),
        "before 0016 the key refuses an unknown lot"
    );

    sqlite_migrations_below(18).run(&mut conn).await.unwrap();
    let kept: Vec<(i64, String)> = sqlx::query_as("SELECT seq, serial FROM scans ORDER BY seq")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        kept,
        [(1, "AAAAAAAAAA".to_owned()), (2, "BBBBBBBBBB".to_owned())]
    );
    sqlx::query(insert)
        .bind("EEEEEEEEEE")
        .bind(unknown_lot)
        .execute(&mut conn)
        .await
        .unwrap();
    let (seq,): (i64,) = sqlx::query_as("SELECT seq FROM scans WHERE serial = 'EEEEEEEEEE'")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(seq, 4, "numbers are not given again (3 was deleted)");
    let placed: Option<(String,)> =
        sqlx::query_as("SELECT name FROM sqlite_master WHERE name = 'scans_placed'")
            .fetch_optional(&mut conn)
            .await
            .unwrap();
    assert!(placed.is_some(), "the placed-scans index is made again");
}
