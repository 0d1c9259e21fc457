//! A producer records a new lot of its Miến dong with its raw materials, finds the lot's
//! production event on its page, and recalls it with a reason.

use anyhow::ensure;

use crate::support::{BOTH, journey};

const PRODUCER: &str = "chuthe.dinhtrung@ocop.demo";
const PRODUCT: &str = "Miến dong Bình Liêu (HTX phát triển Đình Trung)";

#[tokio::test]
async fn a_producer_records_a_lot_and_recalls_it() {
    journey("producer-lots", BOTH, async |page| {
        let tr = page.tr();
        page.sign_in(PRODUCER).await?;
        page.follow(tr.products()).await?;
        page.follow(PRODUCT).await?;
        page.follow(tr.lots()).await?;
        let lots = page.text().await?;
        ensure!(
            lots.contains("MD-2026-01") && lots.contains(tr.lot_recalled()),
            "the demo lots are listed: {lots}"
        );
        page.follow(tr.new_lot()).await?;
        page.fill(tr.lot_number(), "MD-2026-09").await?;
        page.fill(tr.quantity(), "250").await?;
        page.fill(tr.unit_of_quantity(), "gói 500 g").await?;
        page.fill(
            tr.raw_materials(),
            "Củ dong riềng | Tổ hợp tác Đồng Văn | Bình Liêu | VietGAP",
        )
        .await?;
        page.press(tr.save()).await?;
        let heading = page.heading().await?;
        ensure!(
            heading.contains("MD-2026-09"),
            "the lot page reads «{heading}»"
        );
        let shown = page.text().await?;
        ensure!(
            shown.contains(tr.lot_created()) && shown.contains("VietGAP"),
            "the new lot shows its notice and materials: {shown}"
        );

        page.fill(tr.recall_reason(), "Bao bì hở mép hàn").await?;
        page.press(tr.recall_lot()).await?;
        let shown = page.text().await?;
        ensure!(
            shown.contains(tr.lot_recalled_notice()) && shown.contains("Bao bì hở mép hàn"),
            "the recalled lot shows its banner and reason: {shown}"
        );
        Ok(())
    })
    .await;
}
