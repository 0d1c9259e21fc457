use super::*;

fn defaults() -> DossierDefaults {
    DossierDefaults {
        unit_name: "HTX Chè Đình Trung".to_owned(),
        representative: "Nguyễn Văn A".to_owned(),
        address: Some("Bình Liêu, Quảng Ninh".to_owned()),
        phone: Some("0912345678".to_owned()),
        email: None,
        product_name: "Chè Bình Liêu".to_owned(),
        registration_number: Some("5700100256".to_owned()),
        tourism: false,
        year: 2026,
    }
}

fn input(kind: &str) -> DossierInput {
    DossierInput {
        kind: kind.to_owned(),
        ..DossierInput::default()
    }
}

#[test]
fn blank_registration_fields_take_the_producer_s() {
    let data = input("first_time").parse(&defaults()).unwrap();
    assert_eq!(data.registration.unit_name, "HTX Chè Đình Trung");
    assert_eq!(data.registration.samples, DEFAULT_SAMPLES);
    assert_eq!(data.criteria_version, "V2026");
    assert_eq!(data.year, 2026);
    let tourism = DossierDefaults {
        tourism: true,
        ..defaults()
    };
    assert_eq!(
        input("upgrade")
            .parse(&tourism)
            .unwrap()
            .registration
            .samples,
        0
    );
    // Round trip through the form.
    assert_eq!(DossierInput::of(&data).parse(&defaults()).unwrap(), data);
}

#[test]
fn every_bad_field_is_named() {
    let bad = DossierInput {
        kind: "again".to_owned(),
        criteria_version: "V2019".to_owned(),
        year: "1990".to_owned(),
        samples: "1000".to_owned(),
        phone: "12".to_owned(),
        history: "x".repeat(MAX_LONG_CHARS + 1),
        quality_declared: "maybe".to_owned(),
        ..DossierInput::default()
    };
    let errors = bad.parse(&defaults()).unwrap_err();
    let mut fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "criteria_version",
            "history",
            "kind",
            "phone",
            "quality_declared",
            "samples",
            "year"
        ]
    );
}

#[test]
fn the_self_score_is_the_engine_s_and_knows_its_sheet() {
    let set = criteria_set("V2026").unwrap();
    let score = SelfScore {
        choices: [("1.1".to_owned(), 1), ("3.3".to_owned(), 1)]
            .into_iter()
            .collect(),
        part_totals: None,
    };
    let summary = score_self(set, 1, &score).unwrap();
    assert!(summary.total > 0);
    assert!(summary.minimums_checked);
    let unknown = SelfScore {
        choices: [("99.9".to_owned(), 1)].into_iter().collect(),
        part_totals: None,
    };
    let errors = score_self(set, 1, &unknown).unwrap_err();
    assert_eq!(errors.0[0].field, "choices.99.9");
    assert_eq!(errors.0[0].code, "unknown_criterion");
    let option = SelfScore {
        choices: [("1.1".to_owned(), 42)].into_iter().collect(),
        part_totals: None,
    };
    assert_eq!(
        score_self(set, 1, &option).unwrap_err().0[0].code,
        "invalid_option"
    );
    // A historical version is scored from its part totals.
    let v2023 = criteria_set("V2023").unwrap();
    let totals = SelfScore {
        choices: BTreeMap::new(),
        part_totals: Some(PartPoints {
            a: 30,
            b: 20,
            c: 25,
        }),
    };
    let summary = score_self(v2023, 1, &totals).unwrap();
    assert_eq!(summary.total, 75);
    assert!(!summary.minimums_checked);
    assert!(score_self(v2023, 1, &score).is_err());
}

#[test]
fn the_checklist_lists_what_is_missing() {
    let mut data = input("re_evaluation").parse(&defaults()).unwrap();
    let keys = |items: Vec<MissingItem>| items.into_iter().map(|i| i.key).collect::<Vec<_>>();
    assert_eq!(
        keys(checklist(&data, 1, None, &[])),
        [
            "self_score",
            "document.business_registration",
            "document.quality_declaration",
            "document.lab_report",
            "document.update_report",
            "business_plan_results",
            "production_plan"
        ]
    );
    data.report.business_plan_results = Some("Doanh thu tăng 20%".to_owned());
    data.report.production_plan = Some("Mở rộng vùng chè".to_owned());
    let score = SelfScore {
        choices: [("1.1".to_owned(), 2), ("3.3".to_owned(), 0)]
            .into_iter()
            .collect(),
        part_totals: None,
    };
    let proves_1_1 = ["1.1".to_owned()];
    let none: [String; 0] = [];
    let evidence = [
        EvidenceLink {
            kind: DocumentKind::BusinessRegistration,
            criteria: &none,
        },
        EvidenceLink {
            kind: DocumentKind::QualityDeclaration,
            criteria: &none,
        },
        EvidenceLink {
            kind: DocumentKind::LabReport,
            criteria: &none,
        },
    ];
    assert_eq!(
        keys(checklist(&data, 1, Some(&score), &evidence)),
        ["evidence.1.1", "document.update_report"]
    );
    let complete = [
        EvidenceLink {
            kind: DocumentKind::UpdateReport,
            criteria: &proves_1_1,
        },
        evidence[0].clone(),
        evidence[1].clone(),
        evidence[2].clone(),
    ];
    assert!(checklist(&data, 1, Some(&score), &complete).is_empty());
}

#[test]
fn linked_criteria_must_be_the_sheet_s() {
    let set = criteria_set("V2026").unwrap();
    assert!(check_linked_criteria(set, 1, &["1.1".to_owned()]).is_ok());
    let errors = check_linked_criteria(set, 1, &["42".to_owned()]).unwrap_err();
    assert_eq!(errors.0[0].code, "unknown_criterion");
    let many: Vec<String> = (0..=MAX_LINKED_CRITERIA)
        .map(|_| "1.1".to_owned())
        .collect();
    assert_eq!(
        check_linked_criteria(set, 1, &many).unwrap_err().0[0].code,
        "too_many"
    );
}

#[test]
fn return_reasons_are_bounded() {
    let reason = |item: &str, reason: &str| ReturnReason {
        item: item.to_owned(),
        reason: reason.to_owned(),
    };
    assert!(parse_return_reasons(&[]).is_err());
    let parsed =
        parse_return_reasons(&[reason(" tiêu chí 1.2 ", "Thiếu hợp đồng  nguyên liệu")]).unwrap();
    assert_eq!(parsed[0].item, "tiêu chí 1.2");
    assert_eq!(parsed[0].reason, "Thiếu hợp đồng nguyên liệu");
    let errors =
        parse_return_reasons(&[reason("", "x"), reason("a", &"x".repeat(3000))]).unwrap_err();
    let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["reasons[0].item", "reasons[1].reason"]);
    let many = vec![reason("a", "b"); MAX_RETURN_REASONS + 1];
    assert_eq!(
        parse_return_reasons(&many).unwrap_err().0[0].code,
        "too_many"
    );
}

#[test]
fn the_commune_report_and_letter_are_checked() {
    let report = CommuneReportInput {
        local_raw_materials: "Chè shan tuyết của xã".to_owned(),
        local_labour: "12 lao động địa phương".to_owned(),
        idea_origin: "Truyền thống".to_owned(),
        local_identity: " ".to_owned(),
    };
    assert_eq!(report.parse().unwrap_err().0[0].field, "local_identity");
    let today = time::macros::date!(2026 - 05 - 20);
    let letter = ProposalInput {
        letter_number: "45/UBND-KT".to_owned(),
        letter_date: "2026-05-18".to_owned(),
        letter_signer: "Chủ tịch UBND xã".to_owned(),
    };
    assert_eq!(
        letter
            .parse(Some(time::macros::date!(2026 - 05 - 04)), today)
            .unwrap()
            .date,
        time::macros::date!(2026 - 05 - 18)
    );
    let late = ProposalInput {
        letter_date: "2026-05-21".to_owned(),
        ..letter.clone()
    };
    assert_eq!(
        late.parse(None, today).unwrap_err().0[0].code,
        "future_date"
    );
    let early = ProposalInput {
        letter_date: "2026-05-01".to_owned(),
        ..letter
    };
    assert_eq!(
        early
            .parse(Some(time::macros::date!(2026 - 05 - 04)), today)
            .unwrap_err()
            .0[0]
            .code,
        "before_receipt"
    );
}
