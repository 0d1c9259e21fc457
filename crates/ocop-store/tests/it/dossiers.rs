//! Dossiers on a real database: the whole filing from draft to the province, the rules of
//! who may act on which dossier in which state (a refusal writes nothing), the receipt
//! numbers under concurrency, optimistic concurrency between two officials, the frozen
//! versions, and deleting a draft without losing files held elsewhere.

use ocop_domain::access::Role;
use ocop_domain::criteria::Library;
use ocop_domain::dossier::{
    CommuneReportInput, DocumentKind, DossierInput, DossierState, DueState, ProposalInput,
    ReturnReason, SelfScore,
};
use ocop_domain::product::ProductInput;
use ocop_store::dossiers::NewEvidence;
use ocop_store::products::ProductExtras;
use ocop_store::use_cases::DossierQuery;
use ocop_store::users::NewUser;
use ocop_store::{Caller, Clock, Producer, Product, Store, StoreError};
use time::macros::datetime;

use crate::db::TestDb;
use crate::on_both_backends;
use crate::story::{producer, product, tax};

const QUANG_NINH: u32 = 22;
const BINH_LIEU: u32 = 6838;

pub struct World {
    pub product: Product,
    pub own: Caller,
    pub commune: Caller,
    pub neighbour_commune: Caller,
    pub province: Caller,
    pub other_province: Caller,
    pub central: Caller,
    pub council: Caller,
    pub stranger: Caller,
}

async fn user(
    s: &Store,
    email: &str,
    role: Role,
    unit: Option<u32>,
    of: Option<&Producer>,
) -> Caller {
    let user = s
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

pub async fn world(s: &Store) -> World {
    let system = Caller::system("test");
    let input = |name: &str, n: u32, commune: u32| {
        ocop_domain::producer::ProducerInput::from_data(&producer(name, &tax(n), commune))
    };
    let here = s
        .register_producer(&system, &input("HTX Đình Trung", 1, BINH_LIEU))
        .await
        .unwrap();
    let other = s
        .register_producer(&system, &input("HTX Khác", 2, BINH_LIEU))
        .await
        .unwrap();
    let product = s
        .register_product(
            &system,
            here.id,
            &ProductInput::from_data(&product("Miến dong", "active")),
            ProductExtras::default(),
        )
        .await
        .unwrap();
    let neighbour = s
        .units()
        .communes_of(QUANG_NINH)
        .map(|c| c.code)
        .find(|c| *c != BINH_LIEU)
        .unwrap();
    World {
        own: user(s, "htx@example.vn", Role::Producer, None, Some(&here)).await,
        stranger: user(s, "khac@example.vn", Role::Producer, None, Some(&other)).await,
        commune: user(s, "xa@example.vn", Role::Commune, Some(BINH_LIEU), None).await,
        neighbour_commune: user(s, "xa2@example.vn", Role::Commune, Some(neighbour), None).await,
        province: user(
            s,
            "tinh@example.vn",
            Role::Provincial,
            Some(QUANG_NINH),
            None,
        )
        .await,
        other_province: user(s, "hn@example.vn", Role::Provincial, Some(1), None).await,
        central: user(s, "tw@example.vn", Role::Central, None, None).await,
        council: user(
            s,
            "hd@example.vn",
            Role::CouncilMember,
            Some(QUANG_NINH),
            None,
        )
        .await,
        product,
    }
}

/// Two criteria of the product's sheet (7), answered with their first option.
pub fn two_criteria() -> (String, String) {
    let sheet = Library::embedded()
        .version("V2026")
        .unwrap()
        .sheet(7)
        .unwrap();
    let leaves = sheet.leaves();
    (
        leaves[0].criterion.id.clone(),
        leaves[1].criterion.id.clone(),
    )
}

pub fn score() -> SelfScore {
    let (a, b) = two_criteria();
    SelfScore {
        choices: [(a, 1), (b, 1)].into_iter().collect(),
        part_totals: None,
    }
}

pub fn file(sha: &str, kind: DocumentKind, criteria: &[&str]) -> NewEvidence {
    NewEvidence {
        sha256: sha.repeat(64 / sha.len()),
        content_type: "application/pdf".into(),
        size_bytes: 1234,
        file_name: "minh-chung.pdf".into(),
        kind,
        criteria: criteria.iter().map(|c| c.to_string()).collect(),
        demo: false,
    }
}

pub fn first_time() -> DossierInput {
    DossierInput {
        kind: "first_time".into(),
        business_plan_results: "Doanh thu năm 2025 tăng 20%".into(),
        production_plan: "Mở rộng vùng trồng dong riềng".into(),
        ..DossierInput::default()
    }
}

/// A draft with everything it needs to be filed.
pub async fn complete_draft(s: &Store, w: &World) -> ocop_store::dossiers::Dossier {
    let d = s
        .file_dossier(&w.own, w.product.id, &first_time())
        .await
        .unwrap();
    let d = s
        .score_dossier(&w.own, d.id, d.revision, &score())
        .await
        .unwrap();
    let (a, b) = two_criteria();
    s.attach_evidence(
        &w.own,
        d.id,
        Some(d.revision),
        &[
            file("a", DocumentKind::BusinessRegistration, &[]),
            file("b", DocumentKind::RawMaterialContract, &[&a, &b]),
        ],
    )
    .await
    .unwrap();
    s.dossier(d.id).await.unwrap()
}

fn report() -> CommuneReportInput {
    CommuneReportInput {
        local_raw_materials: "Dong riềng trồng tại xã".into(),
        local_labour: "15 lao động địa phương".into(),
        idea_origin: "Nghề truyền thống".into(),
        local_identity: "Miến dong của người Sán Chỉ".into(),
    }
}

on_both_backends!(a_dossier_goes_from_draft_to_the_province);
async fn a_dossier_goes_from_draft_to_the_province(db: &TestDb) {
    let at = datetime!(2026-03-02 09:00 +7);
    let s = &db.store.clone().with_clock(Clock::fixed(at));
    let w = world(s).await;
    let d = s
        .file_dossier(&w.own, w.product.id, &first_time())
        .await
        .unwrap();
    assert_eq!(d.state, DossierState::Draft);
    assert_eq!(d.data.registration.unit_name, "HTX Đình Trung");
    assert_eq!(d.data.registration.samples, 5);
    // Nothing yet: the checklist refuses the filing, naming what is missing.
    let refused = s
        .submit_dossier(&w.own, d.id, d.revision)
        .await
        .unwrap_err();
    let StoreError::Invalid(errors) = refused else {
        panic!("{refused:?}")
    };
    let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "checklist.self_score",
            "checklist.document.business_registration"
        ]
    );
    // A criterion the sheet does not have is refused; nothing is written.
    let wrong = SelfScore {
        choices: [("99.9".to_owned(), 1)].into_iter().collect(),
        part_totals: None,
    };
    let StoreError::Invalid(errors) = s
        .score_dossier(&w.own, d.id, d.revision, &wrong)
        .await
        .unwrap_err()
    else {
        panic!()
    };
    assert_eq!(errors.0[0].field, "choices.99.9");
    assert_eq!(s.dossier(d.id).await.unwrap(), d);

    let d = complete_draft(s, &w).await;
    let detail = s.dossier_detail(&w.own, d.id).await.unwrap();
    assert_eq!(detail.checklist, []);
    assert!(detail.dossier.score.unwrap().total > 0);
    let submitted = s.submit_dossier(&w.own, d.id, d.revision).await.unwrap();
    assert_eq!(submitted.state, DossierState::Submitted);
    assert_eq!(
        submitted.receipt_number.as_deref(),
        Some("1/PĐK-22-06838-2026")
    );
    let deadline = submitted
        .deadline(time::macros::date!(2026 - 03 - 02))
        .unwrap();
    assert_eq!(deadline.due_on, time::macros::date!(2026 - 03 - 23));
    assert_eq!(deadline.state, DueState::OnTime);

    // The commune's inbox holds it; the province sees it; the producer may no longer edit.
    let inbox = s.dossier_inbox(&w.commune).await.unwrap();
    assert_eq!(inbox.len(), 2 - 1);
    assert_eq!(inbox[0].id, d.id);
    assert!(matches!(
        s.edit_dossier(&w.own, d.id, submitted.revision, &first_time())
            .await,
        Err(StoreError::Transition(_))
    ));

    let reasons = [ReturnReason {
        item: "tiêu chí 1.1".into(),
        reason: "Thiếu hợp đồng mua dong riềng".into(),
    }];
    let returned = s
        .return_dossier(&w.commune, d.id, submitted.revision, &reasons)
        .await
        .unwrap();
    assert_eq!(returned.state, DossierState::Returned);
    let fixed = s
        .edit_dossier(
            &w.own,
            d.id,
            returned.revision,
            &DossierInput {
                attachments: "Hợp đồng mua dong riềng 2026".into(),
                ..first_time()
            },
        )
        .await
        .unwrap();
    let resubmitted = s
        .resubmit_dossier(&w.own, d.id, fixed.revision)
        .await
        .unwrap();
    assert_eq!(resubmitted.state, DossierState::Resubmitted);
    assert_eq!(resubmitted.receipt_number, submitted.receipt_number);
    let accepted = s
        .accept_dossier(&w.commune, d.id, resubmitted.revision, &report())
        .await
        .unwrap();
    assert_eq!(accepted.state, DossierState::Accepted);
    let letter = ProposalInput {
        letter_number: "45/UBND-KT".into(),
        letter_date: "2026-03-02".into(),
        letter_signer: "Chủ tịch UBND xã Bình Liêu".into(),
    };
    let proposed = s
        .propose_dossier(&w.commune, d.id, accepted.revision, &letter)
        .await
        .unwrap();
    assert_eq!(proposed.state, DossierState::Proposed);
    assert_eq!(proposed.letter.unwrap().number, "45/UBND-KT");

    let detail = s.dossier_detail(&w.province, d.id).await.unwrap();
    assert_eq!(detail.versions.len(), 2);
    assert_eq!(detail.versions[0].action, "submit");
    assert_eq!(
        detail.versions[1].registration.attachments.as_deref(),
        Some("Hợp đồng mua dong riềng 2026")
    );
    assert_eq!(detail.versions[0].evidence.len(), 2);
    assert_eq!(detail.returns[0].reasons, reasons);
    assert_eq!(detail.actions, []);
    // Versions never change.
    assert!(
        db.try_execute("UPDATE dossier_versions SET self_total = 0")
            .await
            .is_err()
    );
    assert!(
        db.try_execute("DELETE FROM dossier_versions")
            .await
            .is_err()
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM dossier_versions").await, 2);
    let history = s.audit_of("dossier", d.id).await.unwrap();
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create",
            "self_score",
            "add_evidence",
            "add_evidence",
            "submit",
            "return",
            "edit",
            "resubmit",
            "accept",
            "propose"
        ]
    );
    db.store.verify_audit_chain().await.unwrap();
}

/// What a use case came to.
#[derive(Debug, PartialEq, Clone, Copy)]
enum Outcome {
    Done,
    /// 403: outside the caller's scope, or a role that never takes the action.
    Refused,
    /// 409: not from the dossier's state.
    NotNow,
    Unknown,
}

fn outcome<T>(result: Result<T, StoreError>) -> Outcome {
    use ocop_domain::dossier::TransitionRefusal;
    match result {
        Ok(_) => Outcome::Done,
        Err(StoreError::Denied(_))
        | Err(StoreError::Transition(TransitionRefusal::Role { .. })) => Outcome::Refused,
        Err(StoreError::Transition(TransitionRefusal::State { .. })) => Outcome::NotNow,
        Err(StoreError::NotFound(_)) => Outcome::Unknown,
        Err(e) => panic!("unexpected {e}"),
    }
}

on_both_backends!(who_may_do_what_to_which_dossier);
async fn who_may_do_what_to_which_dossier(db: &TestDb) {
    let s = &db.store;
    let w = world(s).await;
    use Outcome::*;
    let draft = complete_draft(s, &w).await;
    let filed = complete_draft(s, &w).await;
    let filed = s
        .submit_dossier(&w.own, filed.id, filed.revision)
        .await
        .unwrap();

    // Reads: drafts are their producer's alone; a filed dossier is its commune's, province's
    // and the centre's; council members and strangers do not see it.
    for (who, caller, dossier, expected) in [
        ("own", &w.own, &draft, Done),
        ("commune", &w.commune, &draft, Unknown),
        ("province", &w.province, &draft, Unknown),
        ("central", &w.central, &draft, Unknown),
        ("own", &w.own, &filed, Done),
        ("stranger", &w.stranger, &filed, Unknown),
        ("commune", &w.commune, &filed, Done),
        ("neighbour commune", &w.neighbour_commune, &filed, Unknown),
        ("province", &w.province, &filed, Done),
        ("other province", &w.other_province, &filed, Unknown),
        ("central", &w.central, &filed, Done),
        ("council", &w.council, &filed, Unknown),
        ("anonymous", &Caller::Anonymous, &filed, Unknown),
    ] {
        assert_eq!(
            outcome(s.dossier_detail(caller, dossier.id).await),
            expected,
            "{who} reads {:?}",
            dossier.state
        );
    }

    // Actions: each refused one writes nothing (same row, same audit length).
    let audit = s.verify_audit_chain().await.unwrap();
    for (who, caller, expected) in [
        ("own", &w.own, Refused),
        ("province", &w.province, Refused),
        ("central", &w.central, Refused),
        ("neighbour commune", &w.neighbour_commune, Unknown),
        ("stranger", &w.stranger, Unknown),
    ] {
        assert_eq!(
            outcome(
                s.accept_dossier(caller, filed.id, filed.revision, &report())
                    .await
            ),
            expected,
            "{who} accepts"
        );
    }
    assert_eq!(
        outcome(
            s.propose_dossier(
                &w.commune,
                filed.id,
                filed.revision,
                &ProposalInput::default()
            )
            .await
        ),
        NotNow
    );
    assert_eq!(
        outcome(s.submit_dossier(&w.own, filed.id, filed.revision).await),
        NotNow
    );
    assert_eq!(
        outcome(s.delete_dossier(&w.own, filed.id, filed.revision).await),
        NotNow
    );
    assert_eq!(
        outcome(
            s.edit_dossier(&w.commune, filed.id, filed.revision, &first_time())
                .await
        ),
        Refused
    );
    assert_eq!(
        outcome(
            s.file_dossier(&w.commune, w.product.id, &first_time())
                .await
        ),
        Refused
    );
    assert_eq!(
        outcome(
            s.file_dossier(&w.stranger, w.product.id, &first_time())
                .await
        ),
        Refused
    );
    assert_eq!(s.dossier(filed.id).await.unwrap(), filed);
    assert_eq!(s.verify_audit_chain().await.unwrap(), audit);

    // Lists follow the same scopes.
    let all = DossierQuery {
        page: 1,
        per_page: 20,
        ..DossierQuery::default()
    };
    assert_eq!(s.list_dossiers(&w.own, &all).await.unwrap().total, 2);
    assert_eq!(s.list_dossiers(&w.commune, &all).await.unwrap().total, 1);
    assert_eq!(s.list_dossiers(&w.province, &all).await.unwrap().total, 1);
    assert_eq!(
        s.list_dossiers(&w.other_province, &all)
            .await
            .unwrap()
            .total,
        0
    );
    assert_eq!(s.list_dossiers(&w.stranger, &all).await.unwrap().total, 0);
    assert!(s.list_dossiers(&w.council, &all).await.is_err());
    let drafts = DossierQuery {
        state: Some(DossierState::Draft),
        ..all.clone()
    };
    assert_eq!(
        s.list_dossiers(&w.own, &drafts).await.unwrap().items[0].id,
        draft.id
    );
    assert_eq!(s.dossier_inbox(&w.neighbour_commune).await.unwrap(), []);

    // The province's overview: its communes' counts; not another province's.
    let counts = s
        .dossier_counts_by_commune(&w.province, QUANG_NINH, filed.data.year)
        .await
        .unwrap();
    assert_eq!(counts.len(), 1);
    assert_eq!(counts[0].commune_code, Some(BINH_LIEU));
    assert_eq!(counts[0].by_state.get("submitted"), Some(&1));
    assert!(
        s.dossier_counts_by_commune(&w.other_province, QUANG_NINH, 2026)
            .await
            .is_err()
    );
    assert!(
        s.dossier_counts_by_commune(&w.commune, QUANG_NINH, 2026)
            .await
            .is_err()
    );
}

on_both_backends!(two_officials_at_once_never_lose_an_action);
async fn two_officials_at_once_never_lose_an_action(db: &TestDb) {
    let s = &db.store;
    let w = world(s).await;
    let colleague = user(s, "xa.b@example.vn", Role::Commune, Some(BINH_LIEU), None).await;
    let d = complete_draft(s, &w).await;
    let filed = s.submit_dossier(&w.own, d.id, d.revision).await.unwrap();
    // Both saw the same revision; the first acts, the second is told someone acted first.
    s.accept_dossier(&w.commune, d.id, filed.revision, &report())
        .await
        .unwrap();
    let reasons = [ReturnReason {
        item: "Mẫu 01".into(),
        reason: "Thiếu chữ ký".into(),
    }];
    let late = s
        .return_dossier(&colleague, d.id, filed.revision, &reasons)
        .await
        .unwrap_err();
    assert!(matches!(late, StoreError::Stale { .. }), "{late:?}");
    assert!(late.to_string().contains("Người khác đã thao tác"));
    assert_eq!(s.dossier(d.id).await.unwrap().state, DossierState::Accepted);
    assert_eq!(s.dossier_returns(d.id).await.unwrap(), []);

    // At the same moment: exactly one of two actions on one revision is done.
    let d = complete_draft(s, &w).await;
    let filed = s.submit_dossier(&w.own, d.id, d.revision).await.unwrap();
    let report = report();
    let (a, b) = tokio::join!(
        s.accept_dossier(&w.commune, d.id, filed.revision, &report),
        s.return_dossier(&colleague, d.id, filed.revision, &reasons),
    );
    assert!(
        a.is_ok() != b.is_ok(),
        "one of the two is done: {a:?} / {b:?}"
    );
    let loser = match (a, b) {
        (Ok(_), Err(e)) | (Err(e), Ok(_)) => e,
        other => panic!("one of the two is done: {other:?}"),
    };
    assert!(matches!(loser, StoreError::Stale { .. }), "{loser:?}");
}

on_both_backends!(receipt_numbers_are_unique_under_concurrency);
async fn receipt_numbers_are_unique_under_concurrency(db: &TestDb) {
    let s = &db.store;
    let w = world(s).await;
    let mut drafts = Vec::new();
    for _ in 0..6 {
        drafts.push(complete_draft(s, &w).await);
    }
    let mut filings = tokio::task::JoinSet::new();
    for d in &drafts {
        let (s, own, id, revision) = (s.clone(), w.own.clone(), d.id, d.revision);
        filings.spawn(async move { s.submit_dossier(&own, id, revision).await });
    }
    let filed = filings.join_all().await;
    let mut numbers: Vec<String> = filed
        .into_iter()
        .map(|r| r.unwrap().receipt_number.unwrap())
        .collect();
    numbers.sort();
    let year = s.now().year();
    let mut expected: Vec<String> = (1..=6)
        .map(|n| format!("{n}/PĐK-22-06838-{year}"))
        .collect();
    expected.sort();
    assert_eq!(numbers, expected);
}

on_both_backends!(deleting_a_draft_keeps_files_held_elsewhere);
async fn deleting_a_draft_keeps_files_held_elsewhere(db: &TestDb) {
    let s = &db.store;
    let w = world(s).await;
    // "a" and "b" are in the complete draft; "a" is filed in another dossier too.
    let other = complete_draft(s, &w).await;
    s.submit_dossier(&w.own, other.id, other.revision)
        .await
        .unwrap();
    let d = complete_draft(s, &w).await;
    s.attach_evidence(&w.own, d.id, None, &[file("c", DocumentKind::Photo, &[])])
        .await
        .unwrap();
    let d = s.dossier(d.id).await.unwrap();
    let mut orphans = s.delete_dossier(&w.own, d.id, d.revision).await.unwrap();
    orphans.sort();
    assert_eq!(orphans, ["c".repeat(64)]);
    assert!(matches!(
        s.dossier(d.id).await,
        Err(StoreError::NotFound(_))
    ));
    // A file removed from a returned dossier stays while a filed version holds it.
    let filed = s.dossier(other.id).await.unwrap();
    let reasons = [ReturnReason {
        item: "document.raw_material_contract".into(),
        reason: "Hợp đồng hết hạn".into(),
    }];
    s.return_dossier(&w.commune, other.id, filed.revision, &reasons)
        .await
        .unwrap();
    let held = s.evidence_of(other.id).await.unwrap();
    let orphans = s.detach_evidence(&w.own, held[1].id, None).await.unwrap();
    assert_eq!(orphans, Vec::<String>::new());
    assert_eq!(s.evidence_of(other.id).await.unwrap().len(), 1);
}

on_both_backends!(the_inbox_puts_the_nearest_deadline_first);
async fn the_inbox_puts_the_nearest_deadline_first(db: &TestDb) {
    let today = datetime!(2026-03-24 10:00 +7);
    let w = world(&db.store).await;
    // Filed on 2026-03-02 (due 23/03: overdue on 24/03), 2026-03-05 (due 26/03: nearly due),
    // and today.
    let mut ids = Vec::new();
    for at in [
        datetime!(2026-03-05 10:00 +7),
        datetime!(2026-03-02 10:00 +7),
        today,
    ] {
        let s = db.store.clone().with_clock(Clock::fixed(at));
        let d = complete_draft(&s, &w).await;
        s.submit_dossier(&w.own, d.id, d.revision).await.unwrap();
        ids.push(d.id);
    }
    let s = db.store.clone().with_clock(Clock::fixed(today));
    let inbox = s.dossier_inbox(&w.commune).await.unwrap();
    let order: Vec<_> = inbox.iter().map(|i| i.id).collect();
    assert_eq!(order, [ids[1], ids[0], ids[2]]);
    let due: Vec<DueState> = inbox.iter().map(|i| i.deadline.unwrap().state).collect();
    assert_eq!(
        due,
        [DueState::Overdue, DueState::NearlyDue, DueState::OnTime]
    );
    let counts = s
        .dossier_counts_by_commune(&w.province, QUANG_NINH, 2026)
        .await
        .unwrap();
    assert_eq!((counts[0].overdue, counts[0].nearly_due), (1, 1));
}

on_both_backends!(the_demo_holds_dossiers_in_every_state);
async fn the_demo_holds_dossiers_in_every_state(db: &TestDb) {
    let s = &db.store;
    ocop_store::demo::load(s).await.unwrap();
    let system = Caller::system("test");
    let all = DossierQuery {
        page: 1,
        per_page: 100,
        ..DossierQuery::default()
    };
    let page = s.list_dossiers(&system, &all).await.unwrap();
    for state in DossierState::ALL {
        assert!(
            page.items.iter().any(|d| d.state == state),
            "a demo dossier is {state:?}"
        );
    }
    assert!(page.items.iter().all(|d| d.demo));
    let commune = Caller::User(
        s.user_by_email("xa.binhlieu@ocop.demo")
            .await
            .unwrap()
            .unwrap(),
    );
    let inbox = s.dossier_inbox(&commune).await.unwrap();
    let due: Vec<DueState> = inbox.iter().map(|d| d.deadline.unwrap().state).collect();
    assert!(due.contains(&DueState::Overdue), "{due:?}");
    assert!(due.contains(&DueState::NearlyDue), "{due:?}");
    let producer = Caller::User(
        s.user_by_email("chuthe.dinhtrung@ocop.demo")
            .await
            .unwrap()
            .unwrap(),
    );
    let own = s.list_dossiers(&producer, &all).await.unwrap();
    assert!(own.items.iter().any(|d| d.state == DossierState::Draft));
    let draft = own
        .items
        .iter()
        .find(|d| d.state == DossierState::Draft)
        .unwrap();
    let detail = s.dossier_detail(&producer, draft.id).await.unwrap();
    assert!(!detail.checklist.is_empty());
    assert!(detail.dossier.score.is_some());
    s.verify_audit_chain().await.unwrap();
}
