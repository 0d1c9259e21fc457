//! A consumer searches the catalogue without diacritics and opens the product it meant.

use anyhow::ensure;

use crate::support::{BOTH, DESKTOP, journey};

#[tokio::test]
async fn a_consumer_searches_without_diacritics_and_opens_the_product_it_meant() {
    journey("consumer-search", BOTH, async |page| {
        let tr = page.tr();
        page.open("/").await?;
        page.fill(tr.search(), "mien dong").await?;
        page.press(tr.search()).await?;
        let path = page.path().await?;
        ensure!(
            path.starts_with("/catalog?q=mien+dong"),
            "the search went to {path}"
        );

        // Narrowing the search updates the results in place (htmx) and the address with them.
        page.fill(tr.search(), "mien dong binh lieu").await?;
        page.wait_for_query("q", "mien dong binh lieu").await?;
        page.screenshot_for_readme("catalogue", DESKTOP).await?;

        page.follow("Miến dong Bình Liêu").await?;
        let heading = page.heading().await?;
        ensure!(
            heading == "Miến dong Bình Liêu",
            "the product page is «{heading}»"
        );
        let text = page.text().await?;
        ensure!(
            text.contains("Bình Liêu"),
            "the product page does not say where it is made"
        );
        Ok(())
    })
    .await;
}
