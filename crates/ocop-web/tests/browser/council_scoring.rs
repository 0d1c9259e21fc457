//! A council member finds a product from its dashboard, scores it on the phone-size form,
//! saves, and the product page shows the evaluation, labelled apart from the recognised rating.

use anyhow::{Context, ensure};

use crate::support::{PHONE, journey};

const COUNCIL: &str = "hoidong.quangninh@ocop.demo";

#[tokio::test]
async fn a_council_member_scores_a_product_from_the_dashboard_on_a_phone() {
    journey("council-scoring", &[PHONE], async |page| {
        let tr = page.tr();
        page.sign_in(COUNCIL).await?;
        let dashboard = page.text().await?;
        ensure!(
            dashboard.contains(tr.work_to_evaluate()),
            "the dashboard does not list the products awaiting evaluation:\n{dashboard}"
        );

        page.follow(tr.score_now()).await?;
        let form = page.path().await?;
        let product = form
            .strip_suffix("/score")
            .context("the dashboard's link did not open a scoring form")?
            .to_owned();
        let summary = page.text_of("live-summary").await?;
        ensure!(
            summary.contains(tr.not_scored_yet()),
            "an empty form already shows a verdict: «{summary}»"
        );

        let tapped = page.answer_every_criterion_best().await?;
        ensure!(tapped > 10, "only {tapped} criteria were answered");
        page.wait_for_text("live-summary", "★").await?;
        page.screenshot_for_readme("scoring-phone", PHONE).await?;

        page.press(tr.save_result()).await?;
        let saved = page.text().await?;
        ensure!(
            saved.contains(tr.result_saved()),
            "saving did not confirm: {saved}"
        );

        page.open(&product).await?;
        let shown = page.text().await?;
        ensure!(
            shown.contains(tr.latest_evaluation()) && shown.contains(tr.recognised_rating()),
            "the product page does not show the evaluation apart from the recognised rating:\n{shown}"
        );
        Ok(())
    })
    .await;
}
