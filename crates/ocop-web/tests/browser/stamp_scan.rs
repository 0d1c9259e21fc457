//! A consumer scans a demo stamp with a phone: sees the product and its lot, then reports a
//! problem and is told it was received.

use anyhow::ensure;
use ocop_domain::stamp::{KeyId, StampCode};

use crate::support::{PHONE, journey};

#[tokio::test]
async fn a_consumer_opens_a_stamp_and_reports_a_problem() {
    journey("stamp-scan", &[PHONE], async |page| {
        // A label of the demo's lot MD-2026-01, as its QR code prints it (upper case).
        let store = &page.app.store;
        let ring = store.stamp_keys().await?;
        let mut url = None;
        for series in store.stamp_series_all().await? {
            let lot = store.lot(series.lot_id).await?;
            if lot.lot_number == "MD-2026-01" {
                let key = KeyId::new(series.key_id).and_then(|id| ring.key(id));
                let key = key.ok_or_else(|| anyhow::anyhow!("no key {}", series.key_id))?;
                url = Some(format!("/V/{}", StampCode::issue(key, series.series_no, 5)));
            }
        }
        let url = url.ok_or_else(|| anyhow::anyhow!("no stamps for MD-2026-01"))?;
        page.open(&url).await?;
        let heading = page.heading().await?;
        ensure!(
            heading.starts_with("Miến dong Bình Liêu"),
            "the stamp's page is «{heading}»"
        );
        let text = page.text().await?;
        for expected in [
            "Tem chính hãng",
            "Genuine stamp",
            "MD-2026-01",
            "Củ dong riềng",
        ] {
            ensure!(
                text.contains(expected),
                "the stamp's page does not say «{expected}»"
            );
        }
        page.screenshot_for_readme("stamp-scan", PHONE).await?;

        page.choose("Vấn đề chất lượng / Quality problem").await?;
        page.fill("Mô tả / Description", "Sợi miến bị gãy vụn, có mùi lạ")
            .await?;
        page.press("Gửi báo cáo / Send report").await?;
        let text = page.text().await?;
        ensure!(
            text.contains("Đã nhận báo cáo") && text.contains("Report received"),
            "no confirmation: {text}"
        );
        page.follow("Quay lại trang tem").await?;
        ensure!(
            page.path().await?.starts_with("/v/"),
            "not back on the stamp"
        );
        Ok(())
    })
    .await;
}
