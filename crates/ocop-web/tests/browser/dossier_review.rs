//! The front of the OCOP cycle, end to end: a producer, on a phone, files a dossier for its
//! product with its self-score and an evidence upload; the commune officer, at a desk,
//! returns it with a reason; the producer fixes and files it again; the commune accepts it
//! with its Mẫu 03 report and proposes it to the province. The commune's deadline is shown
//! at every step.

use anyhow::{Context, ensure};

use crate::support::{DESKTOP, PHONE, Page, journey};

const PRODUCER: &str = "chuthe.dinhtrung@ocop.demo";
const COMMUNE: &str = "xa.binhlieu@ocop.demo";
/// The demo producer's product the journey registers.
const PRODUCT: &str = "Miến dong Bình Liêu";
const RETURN_REASON: &str = "Chưa nêu doanh thu, lợi nhuận năm gần nhất.";

/// A small, complete PDF (the evidence check reads its `%%EOF`).
const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// Signs out through the header's button.
async fn sign_out(page: &Page) -> anyhow::Result<()> {
    page.press(page.tr().logout()).await
}

/// The commune's deadline as the dossier page shows it: a due state in words and the day.
async fn deadline_shown(page: &Page) -> anyhow::Result<String> {
    let shown = page.text_of("commune-deadline").await?;
    let tr = page.tr();
    ensure!(
        [
            tr.due_state(ocop_domain::dossier::DueState::OnTime),
            tr.due_state(ocop_domain::dossier::DueState::NearlyDue),
            tr.due_state(ocop_domain::dossier::DueState::Overdue)
        ]
        .iter()
        .any(|label| shown.contains(label))
            && shown.contains('/'),
        "the deadline is not shown in words with its day: «{shown}»"
    );
    Ok(shown)
}

#[tokio::test]
async fn a_dossier_is_filed_returned_fixed_accepted_and_proposed() {
    journey("dossier-review", &[PHONE], async |page| {
        let tr = page.tr();
        let files = tempfile::tempdir()?;
        let pdf = files.path().join("giay-dang-ky-kinh-doanh.pdf");
        std::fs::write(&pdf, PDF)?;
        let proof = files.path().join("minh-chung.pdf");
        std::fs::write(&proof, PDF)?;

        // The producer, on a phone: Mẫu 01 for its product.
        page.sign_in(PRODUCER).await?;
        page.follow(tr.nav_dossiers()).await?;
        ensure!(
            page.heading().await? == tr.dossiers_mine(),
            "not the producer's list"
        );
        page.follow(tr.dossier_new()).await?;
        let width = page.run_script("return window.innerWidth;").await?;
        ensure!(
            width == PHONE.width,
            "the producer's screen is {width} px wide"
        );
        page.select(tr.dossier_product(), PRODUCT).await?;
        page.select(
            tr.dossier_kind_field(),
            tr.dossier_kind(ocop_domain::dossier::DossierKind::FirstTime),
        )
        .await?;
        page.fill(tr.dossier_position(), "Giám đốc").await?;
        page.press(tr.dossier_create()).await?;
        let dossier = page.path().await?;
        let dossier = dossier
            .split('?')
            .next()
            .context("the dossier's address")?
            .to_owned();

        // Mẫu 02 parts II and IV.
        page.follow(tr.dossier_edit()).await?;
        page.fill(
            tr.dossier_business_plan_results(),
            "Mở rộng vùng trồng dong riềng 20 ha; sản lượng 120 tấn miến mỗi năm.",
        )
        .await?;
        page.fill(
            tr.dossier_production_plan(),
            "Đầu tư máy sấy; mở rộng thị trường Hà Nội.",
        )
        .await?;
        page.press(tr.save()).await?;

        // The self-score: the first criterion answered at its best.
        page.follow(tr.dossier_self_score()).await?;
        let answered = page.answer_criteria_best(1).await?;
        ensure!(answered == 1, "no criterion could be answered");
        page.press(tr.self_score_save()).await?;
        let score = page.text_of("self-score").await?;
        ensure!(
            score.contains('★'),
            "the engine's score is not shown: «{score}»"
        );
        page.follow(tr.dossier_back_to_dossier()).await?;

        // The checklist names the criterion that needs evidence.
        let checklist = page.text_of("checklist").await?;
        let criterion = checklist
            .split("Tiêu chí ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .with_context(|| format!("no criterion in the checklist: {checklist}"))?
            .to_owned();
        page.screenshot_for_readme("dossier-phone", PHONE).await?;

        // Evidence: the business registration, and the proof of the criterion.
        page.follow(tr.dossier_evidence()).await?;
        page.screenshot_for_readme("dossier-evidence-phone", PHONE)
            .await?;
        page.attach(tr.evidence_file(), &pdf).await?;
        page.press(tr.upload()).await?;
        ensure!(
            page.text().await?.contains(tr.evidence_uploaded()),
            "the upload was not confirmed"
        );
        page.attach(&format!("{} {criterion}", tr.evidence_file()), &proof)
            .await?;
        page.press(&format!("{} {criterion}", tr.upload())).await?;
        page.follow(tr.dossier_back_to_dossier()).await?;
        ensure!(
            page.text().await?.contains(tr.checklist_complete()),
            "the checklist still lists something: {}",
            page.text_of("checklist").await.unwrap_or_default()
        );

        // Filed: the receipt number and the commune's deadline.
        page.press(tr.submit_dossier()).await?;
        let receipt = page.text_of("receipt-number").await?;
        ensure!(
            receipt.contains("/PĐK-22-"),
            "no receipt number: «{receipt}»"
        );
        deadline_shown(page).await?;
        sign_out(page).await?;

        // The commune officer, at a desk: the inbox by deadline, the review, a return.
        page.resize(DESKTOP).await?;
        page.sign_in(COMMUNE).await?;
        let width = page.run_script("return window.innerWidth;").await?;
        ensure!(
            width == DESKTOP.width,
            "the officer's screen is {width} px wide"
        );
        page.follow(tr.nav_dossiers()).await?;
        let inbox = page.table_rows(tr.dossiers_inbox()).await?;
        ensure!(
            inbox
                .iter()
                .any(|row| row.iter().any(|c| c.contains(&receipt))),
            "the inbox does not list {receipt}: {inbox:?}"
        );
        page.open(&format!("{dossier}/review")).await?;
        deadline_shown(page).await?;
        page.screenshot_for_readme("dossier-review", DESKTOP)
            .await?;
        page.select(
            &format!("{} 1", tr.return_item()),
            tr.dossier_part2_section(),
        )
        .await?;
        page.fill(&tr.return_reason_n(1), RETURN_REASON).await?;
        page.press(tr.return_submit()).await?;
        ensure!(
            page.text().await?.contains(tr.dossier_returned_notice()),
            "the return was not confirmed"
        );
        sign_out(page).await?;

        // The producer sees the reason at the item, fixes it and files again.
        page.resize(PHONE).await?;
        page.sign_in(PRODUCER).await?;
        page.open(&dossier).await?;
        let shown = page.text().await?;
        ensure!(
            shown.contains(RETURN_REASON) && shown.contains(tr.returned_reasons()),
            "the reason is not shown to the producer:\n{shown}"
        );
        page.follow(tr.dossier_edit()).await?;
        ensure!(
            page.text().await?.contains(RETURN_REASON),
            "the form does not show the reason"
        );
        page.fill(
            tr.dossier_business_plan_results(),
            "Doanh thu 2025: 3,2 tỷ đồng; lợi nhuận 410 triệu đồng. Vùng trồng 20 ha.",
        )
        .await?;
        page.press(tr.save()).await?;
        page.press(tr.resubmit_dossier()).await?;
        deadline_shown(page).await?;
        sign_out(page).await?;

        // The commune accepts with Mẫu 03 and proposes it to the province.
        page.resize(DESKTOP).await?;
        page.sign_in(COMMUNE).await?;
        page.open(&format!("{dossier}/review")).await?;
        deadline_shown(page).await?;
        page.fill(
            tr.report_raw_materials(),
            "Củ dong riềng trồng tại các thôn của xã.",
        )
        .await?;
        page.fill(
            tr.report_labour(),
            "35 lao động địa phương, phần lớn là phụ nữ.",
        )
        .await?;
        page.fill(
            tr.report_idea_origin(),
            "Nghề làm miến truyền thống của người Tày.",
        )
        .await?;
        page.fill(
            tr.report_identity(),
            "Giống dong riềng bản địa, cách tráng và phơi miến thủ công.",
        )
        .await?;
        page.press(tr.accept_submit()).await?;
        ensure!(
            page.text().await?.contains(tr.dossier_accepted_notice()),
            "the acceptance was not confirmed"
        );
        page.fill(tr.letter_number(), "45/UBND-KT").await?;
        let today = ocop_domain::vietnam_date(time::OffsetDateTime::now_utc());
        let today = format!(
            "{:04}-{:02}-{:02}",
            today.year(),
            u8::from(today.month()),
            today.day()
        );
        page.pick_date(tr.letter_date(), &today).await?;
        page.fill(tr.letter_signer(), "Nguyễn Văn A").await?;
        page.press(tr.propose_submit()).await?;
        let state = page.text_of("dossier-state").await?;
        ensure!(
            state == tr.dossier_state(ocop_domain::dossier::DossierState::Proposed),
            "the dossier is «{state}»"
        );

        // Mẫu 03 prints in the law's layout.
        page.follow(tr.print_form_03()).await?;
        page.screenshot_for_readme("dossier-form-03", DESKTOP)
            .await?;
        let printed = page.text().await?;
        ensure!(
            printed
                .to_uppercase()
                .contains(&tr.national_name().to_uppercase())
                && printed.contains(tr.national_motto())
                && printed.contains(&receipt),
            "the printed report lacks the motto or the receipt number:\n{printed}"
        );
        Ok(())
    })
    .await;
}
