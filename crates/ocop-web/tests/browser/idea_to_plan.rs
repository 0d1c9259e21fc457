//! From an idea to an approved plan, on a phone and a desktop: the producer files an idea, the
//! commune officer screens it, the province selects it, the producer writes and submits its
//! business plan, the province approves it; then the province reads the cycle's counts. Every
//! page passes axe-core and fits the screen.

use anyhow::ensure;

use crate::support::{BOTH, journey};

const PRODUCER: &str = "chuthe.dinhtrung@ocop.demo";
const BINH_LIEU: &str = "xa.binhlieu@ocop.demo";
const QUANG_NINH: &str = "tinh.quangninh@ocop.demo";
const IDEA: &str = "Miến dong hành tím (hành trình thử)";
const PLAN: &str = "Phương án miến dong hành tím";

#[tokio::test]
async fn an_idea_becomes_an_approved_plan() {
    journey("idea-to-plan", BOTH, async |page| {
        let tr = page.tr();
        // The producer files the idea from its dashboard.
        page.sign_in(PRODUCER).await?;
        page.follow(tr.file_idea()).await?;
        page.fill(tr.product_name(), IDEA).await?;
        page.fill(tr.raw_materials(), "Củ dong riềng, hành tím Bình Liêu")
            .await?;
        page.fill(tr.market(), "Cửa hàng OCOP trong tỉnh").await?;
        page.choose(tr.help_design()).await?;
        page.press(tr.send_idea()).await?;
        let state = page.text_of("idea-state").await?;
        ensure!(state == tr.idea_filed(), "the new idea is «{state}»");
        page.press(tr.logout()).await?;

        // The commune officer finds it in the inbox and screens it.
        page.sign_in(BINH_LIEU).await?;
        page.open("/admin/ideas?state=filed").await?;
        page.follow(IDEA).await?;
        page.fill(tr.screen_note(), "Nguyên liệu tại chỗ").await?;
        page.press(tr.action_screen()).await?;
        let state = page.text_of("idea-state").await?;
        ensure!(
            state == tr.idea_screened(),
            "after screening the idea is «{state}»"
        );
        page.press(tr.logout()).await?;

        // The province selects it.
        page.sign_in(QUANG_NINH).await?;
        page.open("/admin/ideas?state=screened").await?;
        page.follow(IDEA).await?;
        page.press(tr.action_select()).await?;
        let state = page.text_of("idea-state").await?;
        ensure!(
            state == tr.idea_selected(),
            "after selection the idea is «{state}»"
        );
        page.press(tr.logout()).await?;

        // The producer writes its plan and submits it.
        page.sign_in(PRODUCER).await?;
        page.open("/admin/ideas?state=selected").await?;
        page.follow(IDEA).await?;
        page.follow(tr.write_plan()).await?;
        page.fill(tr.plan_title(), PLAN).await?;
        page.fill(tr.plan_summary(), "Sản xuất miến dong trộn hành tím")
            .await?;
        page.fill(tr.plan_goals(), "Đạt 3 sao OCOP").await?;
        page.fill(tr.plan_investment(), "350.000.000").await?;
        page.fill(tr.plan_timeline(), "Quý 1 năm 2027").await?;
        page.fill(tr.market(), "Cửa hàng OCOP trong tỉnh").await?;
        page.press(tr.save_draft()).await?;
        page.press(tr.action_submit()).await?;
        let state = page.text_of("plan-state").await?;
        ensure!(
            state == tr.plan_submitted(),
            "the submitted plan is «{state}»"
        );
        page.press(tr.logout()).await?;

        // The province approves it and reads the cycle.
        page.sign_in(QUANG_NINH).await?;
        page.open("/admin/plans?state=submitted").await?;
        page.follow(PLAN).await?;
        page.press(tr.action_approve()).await?;
        let state = page.text_of("plan-state").await?;
        ensure!(
            state == tr.plan_approved(),
            "the approved plan is «{state}»"
        );
        page.open("/admin/cycles").await?;
        page.follow(&tr.cycle_of_year(2026)).await?;
        let shown = page.text().await?;
        ensure!(
            shown.contains(tr.counts_by_commune()) && shown.contains("Bình Liêu"),
            "the cycle page shows no counts:\n{shown}"
        );
        Ok(())
    })
    .await;
}
