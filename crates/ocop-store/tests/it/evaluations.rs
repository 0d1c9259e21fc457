//! Saved evaluations: save with an audit row, list newest first, latest; refused saves
//! write nothing; the product's stars stay as they were.

use std::collections::BTreeMap;

use ocop_domain::access::{Denied, Role};
use ocop_domain::criteria::Library;
use ocop_domain::identifiers::tax_check_digit;
use ocop_domain::producer::ProducerInput;
use ocop_domain::product::ProductInput;
use ocop_domain::scoring::{Answers, MemberAnswers, evaluate};
use ocop_domain::units::AdminUnits;
use ocop_store::evaluations::{EvaluationKind, NewEvaluation};
use ocop_store::products::ProductExtras;
use ocop_store::use_cases::{Entity, Worklist};
use ocop_store::users::NewUser;
use ocop_store::{AuditActor, Caller, StoreError};

use crate::db::TestDb;
use crate::on_both_backends;

fn tax(n: u32) -> String {
    let mut i = n;
    loop {
        let nine = format!("02{i:07}");
        if let Some(d) = tax_check_digit(&nine) {
            return format!("{nine}{d}");
        }
        i += 1_000_000;
    }
}

/// Sheet 7 answers: every criterion at option `pick` (capped at its last option).
pub fn answers(members: &[u32]) -> Answers {
    let sheet = Library::embedded()
        .version("V2026")
        .unwrap()
        .sheet(7)
        .unwrap();
    Answers {
        members: members
            .iter()
            .enumerate()
            .map(|(index, &pick)| MemberAnswers {
                name: format!("Thành viên {}", index + 1),
                choices: sheet
                    .leaves()
                    .iter()
                    .map(|leaf| {
                        let choice = pick.min(leaf.criterion.choice_count());
                        (leaf.criterion.id.clone(), choice)
                    })
                    .collect::<BTreeMap<_, _>>(),
            })
            .collect(),
        knockouts: Vec::new(),
        spread_threshold: None,
    }
}

on_both_backends!(evaluations_are_saved_listed_and_audited);
async fn evaluations_are_saved_listed_and_audited(db: &TestDb) {
    let s = &db.store;
    let system = AuditActor::system("test");
    let producer = s
        .create_producer(
            &system,
            ProducerInput {
                kind: "cooperative".into(),
                name: "HTX phát triển Đình Trung".into(),
                tax_code: tax(7),
                representative_name: "Lý Thị Mai".into(),
                representative_gender: "female".into(),
                unit_code: "6838".into(),
                ..Default::default()
            }
            .parse(AdminUnits::embedded())
            .unwrap(),
            false,
            |_| Ok(()),
        )
        .await
        .unwrap();
    let product = s
        .create_product(
            &system,
            producer.id,
            ProductInput {
                name: "Miến dong Đình Trung".into(),
                classification: "7".into(),
                status: "active".into(),
                ..Default::default()
            }
            .parse()
            .unwrap(),
            ProductExtras {
                stars: Some(3),
                ..Default::default()
            },
            |_| Ok(()),
        )
        .await
        .unwrap();
    let official = s
        .create_user(
            &system,
            NewUser {
                email: "tinh@example.vn".into(),
                display_name: "Cán bộ tỉnh".into(),
                password: "mat-khau-dai-du".into(),
                role: Role::Provincial,
                unit_code: Some(22),
                producer_id: None,
            },
        )
        .await
        .unwrap();
    let set = Library::embedded().version("V2026").unwrap();
    assert!(s.evaluations_of(product.id).await.unwrap().is_empty());
    assert!(s.latest_evaluation(product.id).await.unwrap().is_none());
    let audit_before = s.verify_audit_chain().await.unwrap();
    let as_official = Caller::User(official.clone());
    let awaiting = |work: &Worklist| {
        work.to_evaluate
            .as_ref()
            .expect("officials evaluate")
            .items
            .iter()
            .any(|w| w.item.product.id == product.id)
    };
    let work = s.worklist(&as_official).await.unwrap();
    assert!(awaiting(&work), "active and never evaluated");
    assert!(work.drafts.is_some() && work.unconfirmed.is_some());
    assert!(work.own_products.is_none());

    // The producer's self-assessment: low options everywhere.
    let low = answers(&[1]);
    let low_result = evaluate(set, 7, &low).unwrap();
    let first = s
        .save_evaluation(
            &system,
            NewEvaluation {
                product_id: product.id,
                kind: EvaluationKind::SelfAssessment,
                answers: &low,
                evaluation: &low_result,
            },
            |_| Ok(()),
        )
        .await
        .unwrap();
    assert_eq!(
        (first.version.as_str(), first.sheet, first.stars),
        ("V2026", 7, low_result.stars)
    );
    assert_eq!(first.created_by, None);

    // An official's council of three: the mean is kept exact.
    let council = answers(&[9, 9, 2]);
    let council_result = evaluate(set, 7, &council).unwrap();
    assert_ne!(
        council_result.mean_exact.sum % 3,
        0,
        "a mean with a fraction"
    );
    let second = s
        .save_evaluation(
            &official.audit_actor(),
            NewEvaluation {
                product_id: product.id,
                kind: EvaluationKind::Official,
                answers: &council,
                evaluation: &council_result,
            },
            |_| Ok(()),
        )
        .await
        .unwrap();
    assert_eq!(second.created_by, Some(official.id));
    // A self-assessment does not count; an official evaluation does.
    assert!(!awaiting(&s.worklist(&as_official).await.unwrap()));

    let listed = s.evaluations_of(product.id).await.unwrap();
    assert_eq!(listed, vec![second.clone(), first.clone()], "newest first");
    assert_eq!(listed[0].mean, council_result.mean_exact);
    assert_eq!(listed[0].answers, council);
    assert_eq!(listed[1].kind, EvaluationKind::SelfAssessment);
    let stored: serde_json::Value = serde_json::from_str(&listed[0].result_json).unwrap();
    assert_eq!(stored["stars"], council_result.stars);
    assert_eq!(stored["members"].as_array().unwrap().len(), 3);
    assert_eq!(
        s.latest_evaluation(product.id).await.unwrap(),
        Some(second.clone())
    );
    // The dashboard's batch read agrees, and leaves out products never scored.
    let batch = s
        .latest_evaluations(&[product.id, uuid::Uuid::nil()])
        .await
        .unwrap();
    assert_eq!(batch.len(), 1);
    assert_eq!(batch.get(&product.id), Some(&second));

    // One audit row per save, in the chain.
    let history = s.audit_of("evaluation", second.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].action, "create");
    assert_eq!(history[0].actor_id, Some(official.id));
    assert!(
        history[0]
            .after_json
            .as_deref()
            .unwrap()
            .contains("official")
    );
    assert_eq!(s.verify_audit_chain().await.unwrap(), audit_before + 2);
    // The product's history holds its evaluations, in order.
    let product_history = s
        .history(&as_official, Entity::Product, product.id)
        .await
        .unwrap();
    let entities: Vec<(&str, uuid::Uuid)> = product_history
        .iter()
        .map(|row| (row.entity.as_str(), row.entity_id))
        .collect();
    assert_eq!(
        entities,
        vec![
            ("product", product.id),
            ("evaluation", first.id),
            ("evaluation", second.id)
        ]
    );

    // Refused: nothing written, not even an audit row.
    let refused = s
        .save_evaluation(
            &system,
            NewEvaluation {
                product_id: product.id,
                kind: EvaluationKind::Official,
                answers: &council,
                evaluation: &council_result,
            },
            |_| Err(Denied::Forbidden),
        )
        .await;
    assert!(matches!(
        refused,
        Err(StoreError::Denied(Denied::Forbidden))
    ));
    let unknown = s
        .save_evaluation(
            &system,
            NewEvaluation {
                product_id: uuid::Uuid::now_v7(),
                kind: EvaluationKind::Official,
                answers: &council,
                evaluation: &council_result,
            },
            |_| Ok(()),
        )
        .await;
    assert!(matches!(unknown, Err(StoreError::NotFound(_))));
    assert_eq!(s.evaluations_of(product.id).await.unwrap().len(), 2);
    assert_eq!(s.verify_audit_chain().await.unwrap(), audit_before + 2);

    // Recognition is separate: the product keeps its stars.
    assert_eq!(s.product(product.id).await.unwrap().stars, Some(3));
}
