//! Demo dossiers for Bình Liêu (Quảng Ninh): one in every state of the workflow, filed at
//! dates before today so that one is overdue for the commune's review and one nearly due,
//! with self-scores made by the engine and evidence files that are generated PDFs flagged as
//! demo ([`evidence_files`]). They are made through the use cases, with the demo accounts of
//! the producer (HTX phát triển Đình Trung) and the commune, each at its own date.

use ocop_domain::criteria::{Criterion, Sheet};
use ocop_domain::dossier::evidence::{evidence_for, required_documents};
use ocop_domain::dossier::{
    CommuneReportInput, DocumentKind, DossierInput, DossierKind, ProposalInput, ReturnReason,
    SelfScore, criteria_set,
};
use ocop_domain::vietnam_date;
use sha2::{Digest, Sha256};
use time::{Date, Duration, OffsetDateTime, Time};
use uuid::Uuid;

use crate::db::Query;
use crate::dossiers::{Dossier, NewEvidence};
use crate::{Caller, Clock, Result, Store, StoreError};

/// Bình Liêu's commune code (today's structure).
const BINH_LIEU: u32 = 6838;

/// What the demo leaves each dossier at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Draft,
    /// Filed this many working days ago.
    Submitted(u32),
    Returned,
    Resubmitted,
    Accepted,
    Proposed,
    Withdrawn,
}

/// (which Bình Liêu product — by the start of its name and its producer —, registration
/// type, stage).
const PLAN: [(&str, &str, DossierKind, Stage); 8] = [
    (
        "Miến dong",
        "HTX phát triển Đình Trung",
        DossierKind::Upgrade,
        Stage::Draft,
    ),
    (
        "Miến dong",
        "HTX phát triển Đình Trung",
        DossierKind::FirstTime,
        Stage::Submitted(13),
    ),
    (
        "Miến dong",
        "HTX phát triển Đình Trung",
        DossierKind::ReEvaluation,
        Stage::Returned,
    ),
    (
        "Miến dong",
        "HTX phát triển Đình Trung",
        DossierKind::FirstTime,
        Stage::Withdrawn,
    ),
    (
        "Miến dong",
        "CT CP thương mại và dịch vụ Bình Liêu",
        DossierKind::FirstTime,
        Stage::Submitted(24),
    ),
    (
        "Dầu sở",
        "HTX phát triển xanh",
        DossierKind::FirstTime,
        Stage::Resubmitted,
    ),
    (
        "Miến dong",
        "CT CP thương mại và dịch vụ Bình Liêu",
        DossierKind::Upgrade,
        Stage::Accepted,
    ),
    (
        "Dầu sở",
        "HTX phát triển xanh",
        DossierKind::ReEvaluation,
        Stage::Proposed,
    ),
];

/// A one-page PDF saying what the demo document stands for (ASCII text: the built-in
/// fonts have no Vietnamese marks).
pub fn demo_pdf(title: &str) -> Vec<u8> {
    let text: String = ocop_domain::text::fold_vi(title)
        .chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .filter(|c| !matches!(c, '(' | ')' | '\\'))
        .collect();
    let stream =
        format!("BT /F1 14 Tf 50 780 Td (TAI LIEU MINH HOA - DEMO) Tj 0 -24 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// The demo's evidence files: one PDF per kind of document.
pub fn evidence_files() -> Vec<(DocumentKind, Vec<u8>)> {
    DocumentKind::ALL
        .into_iter()
        .map(|kind| (kind, demo_pdf(kind.label())))
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The highest option of each scored criterion, except every third one left at its first
/// option: a self-score with room to grow.
fn self_score(sheet: &Sheet) -> SelfScore {
    let choices = sheet
        .leaves()
        .iter()
        .enumerate()
        .map(|(i, leaf)| {
            let best = leaf.criterion.choice_count();
            (leaf.criterion.id.clone(), if i % 3 == 2 { 1 } else { best })
        })
        .collect();
    SelfScore {
        choices,
        part_totals: None,
    }
}

/// One evidence file per kind of document that proves the sheet's criteria (linked to
/// them), and the documents the registration type requires.
fn evidence(sheet: &Sheet, kind: DossierKind) -> Vec<NewEvidence> {
    let files = evidence_files();
    let mut by_kind: Vec<(DocumentKind, Vec<String>)> = Vec::new();
    let leaves = sheet.leaves();
    let criteria: Vec<&Criterion> = leaves.iter().map(|leaf| leaf.criterion).collect();
    for criterion in criteria {
        let document = evidence_for(criterion)[0];
        match by_kind.iter_mut().find(|(k, _)| *k == document) {
            Some((_, ids)) => ids.push(criterion.id.clone()),
            None => by_kind.push((document, vec![criterion.id.clone()])),
        }
    }
    for document in required_documents(kind) {
        if !by_kind.iter().any(|(k, _)| k == document) {
            by_kind.push((*document, Vec::new()));
        }
    }
    by_kind
        .into_iter()
        .map(|(document, criteria)| {
            let bytes = &files
                .iter()
                .find(|(k, _)| *k == document)
                .map(|(_, b)| b.clone())
                .unwrap_or_default();
            NewEvidence {
                sha256: sha256(bytes),
                content_type: "application/pdf".to_owned(),
                size_bytes: i64::try_from(bytes.len()).unwrap_or(0),
                file_name: format!("{}-minh-hoa.pdf", document.key().replace('_', "-")),
                kind: document,
                criteria,
                demo: true,
            }
        })
        .collect()
}

/// 09:00 in Vietnam on `day`.
fn morning(day: Date) -> OffsetDateTime {
    day.with_time(Time::from_hms(9, 0, 0).unwrap_or(Time::MIDNIGHT))
        .assume_offset(ocop_domain::VIETNAM)
}

/// The working day `n` working days before `today`.
fn working_days_before(today: Date, n: u32) -> Date {
    let mut day = today;
    while ocop_domain::dossier::working_days_between(day, today) < n
        || !ocop_domain::dossier::calendar::HolidayCalendar::embedded().is_working_day(day)
    {
        day -= Duration::DAY;
    }
    day
}

async fn demo_caller(store: &Store, email: &str) -> Result<Caller> {
    store
        .user_by_email(email)
        .await?
        .map(Caller::User)
        .ok_or(StoreError::NotFound("tài khoản demo"))
}

/// Files the demo dossiers; returns how many.
pub async fn load(store: &Store) -> Result<usize> {
    let producer_account = demo_caller(store, "chuthe.dinhtrung@ocop.demo").await?;
    let commune = demo_caller(store, "xa.binhlieu@ocop.demo").await?;
    let system = Caller::system("demo");
    let products: Vec<(Uuid, String, String, i64)> = store
        .fetch_all(
            &Query::new(
                "SELECT p.id, p.name, r.name, p.seq FROM products p \
                 JOIN producers r ON r.id = p.producer_id \
                 WHERE p.commune_code = $1 ORDER BY p.seq",
            )
            .bind(BINH_LIEU),
        )
        .await?;
    let today = vietnam_date(store.now());
    let set = criteria_set("V2026").ok_or(StoreError::NotFound("bộ tiêu chí V2026"))?;
    let mut created = 0;
    for (index, (product_start, producer_name, kind, stage)) in PLAN.into_iter().enumerate() {
        let Some((product_id, _, _, _)) = products.iter().find(|(_, name, producer, _)| {
            name.starts_with(product_start) && producer == producer_name
        }) else {
            continue;
        };
        let own = producer_name == "HTX phát triển Đình Trung";
        let filer = if own { &producer_account } else { &system };
        // Each dossier is filed a few working days before it is acted on.
        let filed_on = match stage {
            Stage::Submitted(days) => working_days_before(today, days),
            Stage::Draft => working_days_before(today, 1),
            _ => working_days_before(today, 20 + index as u32),
        };
        let at = |day: Date| store.clone().with_clock(Clock::fixed(morning(day)));
        let prepared_on = working_days_before(filed_on, 2);
        let s = at(prepared_on);
        let input = DossierInput {
            kind: kind.key().to_owned(),
            year: today.year().to_string(),
            position: "Giám đốc".to_owned(),
            product_spec: "Gói 500 g, hút chân không; tiêu chuẩn cơ sở (dữ liệu minh họa)"
                .to_owned(),
            has_business_registration: "true".to_owned(),
            quality_declared: "true".to_owned(),
            food_safety_certified: "true".to_owned(),
            history: "Thành lập từ năm 2015, tham gia OCOP Quảng Ninh (dữ liệu minh họa)"
                .to_owned(),
            organisation: "Ban giám đốc, tổ sản xuất, tổ tiêu thụ (dữ liệu minh họa)".to_owned(),
            business_plan_results: "Doanh thu tăng 18% so với năm trước; mở thêm 3 điểm bán \
                                    (dữ liệu minh họa)"
                .to_owned(),
            production_plan: "Mở rộng vùng nguyên liệu thêm 5 ha; đăng ký nhãn hiệu tập thể \
                              (dữ liệu minh họa)"
                .to_owned(),
            ..DossierInput::default()
        };
        let dossier = s.file_dossier(filer, *product_id, &input).await?;
        mark_demo(store, dossier.id).await?;
        let sheet = set
            .sheet(dossier.sheet)
            .ok_or(StoreError::NotFound("phiếu"))?;
        let dossier = s
            .score_dossier(filer, dossier.id, dossier.revision, &self_score(sheet))
            .await?;
        let mut files = evidence(sheet, kind);
        if stage == Stage::Draft {
            // A draft still missing some of its evidence: the checklist shows what.
            files.truncate(2);
        }
        s.attach_evidence(filer, dossier.id, Some(dossier.revision), &files)
            .await?;
        created += 1;
        if stage == Stage::Draft {
            continue;
        }
        let s = at(filed_on);
        let d = fresh(store, dossier.id).await?;
        let d = s.submit_dossier(filer, d.id, d.revision).await?;
        let acted_on = working_days_before(today, 5 + index as u32 % 3);
        let s = at(acted_on);
        match stage {
            Stage::Draft | Stage::Submitted(_) => {}
            Stage::Withdrawn => {
                s.withdraw_dossier(filer, d.id, d.revision).await?;
            }
            Stage::Returned | Stage::Resubmitted => {
                let reasons = [
                    ReturnReason {
                        item: "Mẫu 02 phần III, tiêu chí 1.2".to_owned(),
                        reason: "Hợp đồng mua nguyên liệu đã hết hạn; bổ sung hợp đồng năm nay \
                                 (dữ liệu minh họa)"
                            .to_owned(),
                    },
                    ReturnReason {
                        item: "Mẫu 01".to_owned(),
                        reason: "Thiếu chức vụ người đại diện (dữ liệu minh họa)".to_owned(),
                    },
                ];
                let d = s
                    .return_dossier(&commune, d.id, d.revision, &reasons)
                    .await?;
                if stage == Stage::Resubmitted {
                    let s = at(working_days_before(today, 2));
                    s.resubmit_dossier(filer, d.id, d.revision).await?;
                }
            }
            Stage::Accepted | Stage::Proposed => {
                let report = CommuneReportInput {
                    local_raw_materials: "Nguyên liệu trồng tại các thôn của xã Bình Liêu, \
                                          có hợp đồng liên kết với hộ trồng (dữ liệu minh họa)"
                        .to_owned(),
                    local_labour: "12 lao động thường xuyên là người địa phương, có đóng bảo \
                                   hiểm (dữ liệu minh họa)"
                        .to_owned(),
                    idea_origin: "Sản phẩm truyền thống của đồng bào Tày, Dao, Sán Chỉ \
                                  (dữ liệu minh họa)"
                        .to_owned(),
                    local_identity: "Cách làm thủ công truyền thống, phơi trên giàn tre theo \
                                     kinh nghiệm của cộng đồng (dữ liệu minh họa)"
                        .to_owned(),
                };
                let d = s
                    .accept_dossier(&commune, d.id, d.revision, &report)
                    .await?;
                if stage == Stage::Proposed {
                    let letter = ProposalInput {
                        letter_number: format!("{}/UBND-KT (minh họa)", 40 + index),
                        letter_date: acted_on.to_string(),
                        letter_signer: "Chủ tịch UBND xã Bình Liêu (minh họa)".to_owned(),
                    };
                    s.propose_dossier(&commune, d.id, d.revision, &letter)
                        .await?;
                }
            }
        }
    }
    Ok(created)
}

async fn fresh(store: &Store, id: Uuid) -> Result<Dossier> {
    store.dossier(id).await
}

/// Flags a dossier as demo data (not an action of the workflow: no audit row).
async fn mark_demo(store: &Store, id: Uuid) -> Result<()> {
    store
        .execute(
            &Query::new("UPDATE dossiers SET demo = $1 WHERE id = $2")
                .bind(true)
                .bind(id),
        )
        .await?;
    Ok(())
}
