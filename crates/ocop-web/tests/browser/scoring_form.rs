//! A council member finds a product in the catalogue and opens its scoring form on a phone.
//! (The whole journey — from the dashboard to the saved evaluation — comes with issue 8's
//! fourth journey; this part already keeps the form accessible at phone size.)

use anyhow::ensure;

use crate::support::{PHONE, journey};

const COUNCIL: &str = "hoidong.quangninh@ocop.demo";

#[tokio::test]
async fn a_council_member_opens_the_scoring_form_on_a_phone() {
    journey("scoring-form", &[PHONE], async |page| {
        let tr = page.tr();
        page.sign_in(COUNCIL).await?;
        page.follow(tr.catalog()).await?;
        page.fill(tr.search(), "mien dong binh lieu").await?;
        page.wait_for_query("q", "mien dong binh lieu").await?;
        page.follow("Miến dong Bình Liêu").await?;
        page.follow(tr.score_product()).await?;
        let heading = page.heading().await?;
        ensure!(
            heading.ends_with("Miến dong Bình Liêu"),
            "the scoring form is for «{heading}»"
        );
        page.screenshot_for_readme("scoring-phone", PHONE).await?;
        Ok(())
    })
    .await;
}
