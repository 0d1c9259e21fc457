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
    pub system: Caller,
    pub here: Producer,
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
        system,
        here,
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
