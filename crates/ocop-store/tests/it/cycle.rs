//! The yearly cycle on a real database: opening it (once per province and year), filing ideas
//! and moving them through their states, business plans with comments and support, and the
//! counts per commune. Each refusal is checked to write nothing.

use ocop_domain::access::Role;
use ocop_domain::business_plan::{PlanAction, PlanInput, PlanState, SupportInput, TextInput};
use ocop_domain::cycle::CycleInput;
use ocop_domain::idea::{DecisionInput, IdeaAction, IdeaInput, IdeaState};
use ocop_domain::producer::ProducerInput;
use ocop_domain::units::AdminUnits;
use ocop_store::ideas::IdeaQuery;
use ocop_store::users::NewUser;
use ocop_store::{Caller, Producer, StoreError};

use crate::db::TestDb;
use crate::on_both_backends;
use crate::story::{producer, tax};

const QUANG_NINH: u32 = 22;
const BINH_LIEU: u32 = 6838;

#[derive(Debug, PartialEq)]
enum Outcome {
    Done,
    Refused,
    Unknown,
    Invalid,
    Conflict,
}

fn outcome<T>(result: Result<T, StoreError>) -> Outcome {
    match result {
        Ok(_) => Outcome::Done,
        Err(StoreError::Denied(_)) => Outcome::Refused,
        Err(StoreError::NotFound(_)) => Outcome::Unknown,
        Err(StoreError::Invalid(_)) => Outcome::Invalid,
        Err(StoreError::StateConflict(_)) => Outcome::Conflict,
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

pub fn cycle_input(year: i32) -> CycleInput {
    let d = |md: &str| format!("{year}-{md}");
    CycleInput {
        year: year.to_string(),
        workflow_version: String::new(),
        promotion_start: d("01-05"),
        promotion_end: d("03-31"),
        ideas_start: d("03-01"),
        ideas_end: d("05-31"),
        business_plans_start: d("06-01"),
        business_plans_end: d("08-31"),
        implementation_start: d("07-01"),
        implementation_end: d("12-31"),
        evaluation_start: d("03-01"),
        evaluation_end: d("12-30"),
        trade_promotion_start: d("01-05"),
        trade_promotion_end: d("12-31"),
    }
}

fn idea_input(name: &str) -> IdeaInput {
    IdeaInput {
        year: "2026".into(),
        product_name: name.into(),
        raw_materials: "Củ dong riềng".into(),
        market: "Trong tỉnh".into(),
        help: "design,training".into(),
        ..Default::default()
    }
}

fn plan_input() -> PlanInput {
    PlanInput {
        title: "Mở rộng xưởng miến".into(),
        summary: "Tăng công suất".into(),
        goals: "Đạt 3 sao".into(),
        investment: "450000000".into(),
        timeline: "Quý 3/2026".into(),
        market: "Siêu thị".into(),
    }
}

fn reason(text: &str) -> DecisionInput {
    DecisionInput {
        reason: text.into(),
    }
}

on_both_backends!(an_idea_goes_from_filing_to_an_approved_plan_with_support);
async fn an_idea_goes_from_filing_to_an_approved_plan_with_support(db: &TestDb) {
    use Outcome::*;
    let s = &db.store;
    let system = Caller::system("test");
    let units = AdminUnits::embedded();
    let neighbour = units
        .communes_of(QUANG_NINH)
        .map(|c| c.code)
        .find(|c| *c != BINH_LIEU)
        .unwrap();
    let here = s
        .register_producer(
            &system,
            &ProducerInput::from_data(&producer("HTX Đình Trung", &tax(1), BINH_LIEU)),
        )
        .await
        .unwrap();
    let next_door = s
        .register_producer(
            &system,
            &ProducerInput::from_data(&producer("HTX Bên cạnh", &tax(2), neighbour)),
        )
        .await
        .unwrap();
    let province = user(
        db,
        "tinh@example.vn",
        Role::Provincial,
        Some(QUANG_NINH),
        None,
    )
    .await;
    let hanoi = user(db, "hn@example.vn", Role::Provincial, Some(1), None).await;
    let central = user(db, "tw@example.vn", Role::Central, None, None).await;
    let commune = user(db, "xa@example.vn", Role::Commune, Some(BINH_LIEU), None).await;
    let other_commune = user(db, "xa2@example.vn", Role::Commune, Some(neighbour), None).await;
    let own = user(db, "htx@example.vn", Role::Producer, None, Some(&here)).await;
    let other_producer = user(
        db,
        "htx2@example.vn",
        Role::Producer,
        None,
        Some(&next_door),
    )
    .await;

    // Opening the cycle: the province's own unit, once a year.
    let audit = s.verify_audit_chain().await.unwrap();
    assert_eq!(
        outcome(s.open_cycle(&hanoi, QUANG_NINH, &cycle_input(2026)).await),
        Refused
    );
    assert_eq!(
        outcome(s.open_cycle(&central, QUANG_NINH, &cycle_input(2026)).await),
        Refused
    );
    assert_eq!(
        outcome(s.file_idea(&own, &idea_input("Miến")).await),
        Invalid,
        "no cycle yet"
    );
    assert_eq!(
        s.verify_audit_chain().await.unwrap(),
        audit,
        "refusals write nothing"
    );
    let cycle = s
        .open_cycle(&province, QUANG_NINH, &cycle_input(2026))
        .await
        .unwrap();
    assert_eq!(
        outcome(
            s.open_cycle(&province, QUANG_NINH, &cycle_input(2026))
                .await
        ),
        Conflict
    );
    assert_eq!(outcome(s.visible_cycle(&hanoi, cycle.id).await), Unknown);
    assert_eq!(outcome(s.visible_cycle(&central, cycle.id).await), Done);
    assert_eq!(s.cycles(&own, None).await.unwrap().len(), 1);
    assert!(s.cycles(&hanoi, None).await.unwrap().is_empty());
    let mut later = cycle_input(2026);
    later.ideas_end = "2026-06-30".into();
    let changed = s.change_cycle(&province, cycle.id, &later).await.unwrap();
    assert_eq!(s.cycle(cycle.id).await.unwrap(), changed);
    assert_eq!(
        outcome(
            s.change_cycle(&province, cycle.id, &cycle_input(2027))
                .await
        ),
        Invalid
    );

    // Filing: a producer for itself; the commune for a would-be producer.
    let idea = s
        .file_idea(&own, &idea_input("Miến dong sợi nhỏ"))
        .await
        .unwrap();
    assert_eq!(
        (idea.state, idea.commune_code, idea.producer_id),
        (IdeaState::Filed, BINH_LIEU, Some(here.id))
    );
    let mut for_someone = idea_input("Bánh gio");
    assert_eq!(
        outcome(s.file_idea(&commune, &for_someone).await),
        Invalid,
        "name and phone needed"
    );
    for_someone.applicant_name = "Hoàng Văn Sáng".into();
    for_someone.applicant_phone = "0912345678".into();
    let would_be = s.file_idea(&commune, &for_someone).await.unwrap();
    assert_eq!(would_be.producer_id, None);
    let mut theirs = idea_input("Nem");
    theirs.producer_id = next_door.id.to_string();
    assert_eq!(
        outcome(s.file_idea(&commune, &theirs).await),
        Refused,
        "another commune's producer"
    );
    let foreign = s
        .file_idea(&other_producer, &idea_input("Nem chua"))
        .await
        .unwrap();

    // Who sees what.
    assert_eq!(outcome(s.visible_idea(&own, foreign.id).await), Unknown);
    assert_eq!(
        outcome(s.visible_idea(&other_commune, idea.id).await),
        Unknown
    );
    assert_eq!(outcome(s.visible_idea(&hanoi, idea.id).await), Unknown);
    assert_eq!(
        s.ideas(
            &commune,
            &IdeaQuery {
                page: 1,
                per_page: 50,
                ..Default::default()
            }
        )
        .await
        .unwrap()
        .1,
        2
    );
    assert_eq!(
        s.ideas(
            &province,
            &IdeaQuery {
                state: Some(IdeaState::Filed),
                page: 1,
                per_page: 50,
                ..Default::default()
            }
        )
        .await
        .unwrap()
        .1,
        3
    );

    // Refusals: 403 by role or unit, 409 by state; none writes.
    let audit = s.verify_audit_chain().await.unwrap();
    let none = DecisionInput::default();
    assert_eq!(
        outcome(
            s.act_on_idea(&own, idea.id, IdeaAction::Screen, &none)
                .await
        ),
        Refused
    );
    assert_eq!(
        outcome(
            s.act_on_idea(&province, idea.id, IdeaAction::Select, &none)
                .await
        ),
        Conflict,
        "not screened yet"
    );
    assert_eq!(
        outcome(
            s.act_on_idea(&other_commune, foreign.id, IdeaAction::Decline, &none)
                .await
        ),
        Invalid,
        "a reason is needed"
    );
    assert_eq!(
        outcome(
            s.act_on_idea(&commune, foreign.id, IdeaAction::Screen, &none)
                .await
        ),
        Unknown
    );
    assert_eq!(
        outcome(
            s.act_on_idea(&central, idea.id, IdeaAction::Select, &none)
                .await
        ),
        Refused
    );
    assert_eq!(s.verify_audit_chain().await.unwrap(), audit);
    assert_eq!(s.idea(idea.id).await.unwrap().state, IdeaState::Filed);

    // The way through.
    let screened = s
        .act_on_idea(
            &commune,
            idea.id,
            IdeaAction::Screen,
            &reason("Nguyên liệu tại chỗ"),
        )
        .await
        .unwrap();
    assert_eq!(screened.screen_note.as_deref(), Some("Nguyên liệu tại chỗ"));
    assert_eq!(
        outcome(
            s.act_on_idea(&own, idea.id, IdeaAction::Withdraw, &none)
                .await
        ),
        Conflict,
        "forwarded already"
    );
    assert_eq!(
        outcome(
            s.act_on_idea(&commune, idea.id, IdeaAction::Decline, &reason("x"))
                .await
        ),
        Conflict,
        "with the province now"
    );
    s.act_on_idea(&province, idea.id, IdeaAction::Select, &none)
        .await
        .unwrap();
    s.act_on_idea(
        &commune,
        would_be.id,
        IdeaAction::Decline,
        &reason("Chưa có nguyên liệu"),
    )
    .await
    .unwrap();
    s.act_on_idea(&other_producer, foreign.id, IdeaAction::Withdraw, &none)
        .await
        .unwrap();

    // The plan: only for a selected idea, by its producer.
    assert_eq!(
        outcome(s.create_plan(&own, foreign.id, &plan_input()).await),
        Unknown
    );
    assert_eq!(
        outcome(s.create_plan(&commune, idea.id, &plan_input()).await),
        Refused,
        "the producer's own to write"
    );
    let plan = s.create_plan(&own, idea.id, &plan_input()).await.unwrap();
    assert_eq!(
        outcome(s.create_plan(&own, idea.id, &plan_input()).await),
        Conflict
    );
    let text = |t: &str| TextInput { text: t.into() };
    assert_eq!(
        outcome(
            s.act_on_plan(&province, plan.id, PlanAction::Approve, &text(""))
                .await
        ),
        Conflict,
        "a draft"
    );
    s.act_on_plan(&own, plan.id, PlanAction::Submit, &text(""))
        .await
        .unwrap();
    assert_eq!(
        outcome(s.change_plan(&own, plan.id, &plan_input()).await),
        Conflict,
        "with the province"
    );
    s.comment_on_plan(&commune, plan.id, &text("Cần bổ sung thị trường"))
        .await
        .unwrap();
    assert_eq!(
        outcome(s.comment_on_plan(&own, plan.id, &text("x")).await),
        Refused
    );
    assert_eq!(
        outcome(
            s.act_on_plan(&province, plan.id, PlanAction::Return, &text(" "))
                .await
        ),
        Invalid
    );
    let returned = s
        .act_on_plan(
            &province,
            plan.id,
            PlanAction::Return,
            &text("Bổ sung dự toán"),
        )
        .await
        .unwrap();
    assert_eq!(
        (returned.state, returned.return_reason.as_deref()),
        (PlanState::Returned, Some("Bổ sung dự toán"))
    );
    let support = SupportInput {
        kind: "design".into(),
        given_on: "2026-08-01".into(),
        description: "Thiết kế bao bì".into(),
        cost: "25000000".into(),
        funding_source: "provincial_budget".into(),
    };
    assert_eq!(
        outcome(s.record_support(&province, plan.id, &support).await),
        Conflict,
        "not approved"
    );
    let mut revised = plan_input();
    revised.investment = "500000000".into();
    s.change_plan(&own, plan.id, &revised).await.unwrap();
    s.act_on_plan(&own, plan.id, PlanAction::Submit, &text(""))
        .await
        .unwrap();
    let approved = s
        .act_on_plan(&province, plan.id, PlanAction::Approve, &text(""))
        .await
        .unwrap();
    assert_eq!(
        (approved.state, approved.data.investment),
        (PlanState::Approved, 500_000_000)
    );
    assert_eq!(
        outcome(s.record_support(&other_commune, plan.id, &support).await),
        Unknown
    );
    assert_eq!(
        outcome(s.record_support(&own, plan.id, &support).await),
        Refused
    );
    s.record_support(&commune, plan.id, &support).await.unwrap();
    s.record_support(
        &province,
        plan.id,
        &SupportInput {
            kind: "training".into(),
            cost: "5.000.000".into(),
            funding_source: "commune_budget".into(),
            ..support.clone()
        },
    )
    .await
    .unwrap();
    let detail = s.plan_detail(&own, plan.id).await.unwrap();
    assert_eq!(
        (detail.plan.support_records, detail.plan.support_total),
        (2, 30_000_000)
    );
    assert_eq!((detail.comments.len(), detail.support.len()), (1, 2));

    // The counts per commune.
    let overview = s.cycle_overview(&province, cycle.id).await.unwrap();
    let binh_lieu = overview
        .communes
        .iter()
        .find(|c| c.commune_code == i64::from(BINH_LIEU))
        .unwrap();
    assert_eq!(
        (
            binh_lieu.ideas_filed,
            binh_lieu.ideas_screened,
            binh_lieu.ideas_selected,
            binh_lieu.ideas_declined
        ),
        (2, 1, 1, 1)
    );
    assert_eq!(
        (
            binh_lieu.plans_submitted,
            binh_lieu.plans_approved,
            binh_lieu.support_records,
            binh_lieu.support_cost
        ),
        (1, 1, 2, 30_000_000)
    );
    assert_eq!(
        overview.total.ideas_filed, 2,
        "a withdrawn idea is not counted"
    );
    assert_eq!(
        overview.communes.len(),
        units.communes_of(QUANG_NINH).count()
    );
}
