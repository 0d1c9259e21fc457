//! A producer opens a demo lot of its Miến dong, issues a series of stamps for it, and
//! downloads the series' label sheets: a real PDF.

use anyhow::ensure;

use crate::support::{BOTH, journey};

const PRODUCER: &str = "chuthe.dinhtrung@ocop.demo";
const PRODUCT: &str = "Miến dong Bình Liêu (HTX phát triển Đình Trung)";

#[tokio::test]
async fn a_producer_issues_stamps_and_downloads_the_labels() {
    journey("stamp-issue", BOTH, async |page| {
        let tr = page.tr();
        page.sign_in(PRODUCER).await?;
        page.follow(tr.products()).await?;
        page.follow(PRODUCT).await?;
        page.follow(tr.lots()).await?;
        page.follow("MD-2026-01").await?;
        page.follow(tr.lot_stamps_link()).await?;
        let heading = page.heading().await?;
        ensure!(
            heading == tr.stamps_of_lot("MD-2026-01"),
            "the stamps page reads «{heading}»"
        );
        page.fill(tr.stamp_count(), "60").await?;
        page.press(tr.issue_stamps()).await?;
        let shown = page.text().await?;
        ensure!(
            shown.contains(tr.series_issued("").trim_end_matches(" .")) && shown.contains("60"),
            "the new series is announced and listed: {shown}"
        );
        // The newest series comes first; its label sheets are fetched as the link would.
        let answer = page
            .run_script(
                r#"
return (async () => {
  const link = document.querySelector("a[href*='labels.pdf']");
  const response = await fetch(link.href);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return [response.status, response.headers.get("content-type"),
          String.fromCharCode(...bytes.slice(0, 5)), link.href];
})();
"#,
            )
            .await?;
        ensure!(
            answer[0] == 200 && answer[1] == "application/pdf" && answer[2] == "%PDF-",
            "the label sheets download as a PDF: {answer}"
        );
        Ok(())
    })
    .await;
}
