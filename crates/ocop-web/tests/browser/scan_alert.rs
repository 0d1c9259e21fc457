//! A provincial official opens the scan dashboard, finds the demo's alert of a stamp scanned
//! too many times (a copied stamp) and marks it handled with what was done: the alert then
//! shows who handled it, when and how, and no longer offers the form. Then the consumer's
//! report of a counterfeit, the same way (the demo's other report shows its handling already).

use anyhow::ensure;

use crate::support::{BOTH, journey};

#[tokio::test]
async fn an_official_marks_a_scan_alert_and_a_report_handled() {
    journey("scan-alert", BOTH, async |page| {
        page.sign_in("tinh.quangninh@ocop.demo").await?;
        page.open("/admin/scans").await?;
        let text = page.text().await?;
        ensure!(
            text.contains("Quét quá nhiều lần"),
            "the dashboard shows no many-scans alert: {text}"
        );
        ensure!(
            text.contains("Đã kiểm tra mẫu lưu của lô"),
            "the demo's handled report does not show how it was handled: {text}"
        );
        let forms_before = page
            .run_script("return document.querySelectorAll('form.alert-handle').length;")
            .await?;
        // An empty note is refused, with the reason beside the alert.
        page.press("Đánh dấu đã xử lý").await?;
        ensure!(
            page.text()
                .await?
                .contains("Cách xử lý không được để trống"),
            "the refusal does not name the field"
        );
        page.fill(
            "Cách xử lý",
            "Đã báo Đội quản lý thị trường kiểm tra cửa hàng",
        )
        .await?;
        page.press("Đánh dấu đã xử lý").await?;
        let text = page.text().await?;
        ensure!(
            text.contains("Đã xử lý — ")
                && text.contains("Đã báo Đội quản lý thị trường kiểm tra cửa hàng"),
            "the alert does not show it was handled: {text}"
        );
        let forms_after = page
            .run_script("return document.querySelectorAll('form.alert-handle').length;")
            .await?;
        ensure!(
            forms_after.as_u64().unwrap_or(0) + 1 == forms_before.as_u64().unwrap_or(0),
            "the handled alert still offers its form ({forms_before} → {forms_after})"
        );

        // The report is the one item left open.
        ensure!(forms_after.as_u64() == Some(1), "{forms_after} forms left");
        page.fill("Cách xử lý", "Đã gọi lại cho người tiêu dùng")
            .await?;
        page.press("Đánh dấu đã xử lý").await?;
        let text = page.text().await?;
        ensure!(
            text.contains("Đã gọi lại cho người tiêu dùng"),
            "the report does not show it was handled: {text}"
        );
        let forms_left = page
            .run_script("return document.querySelectorAll('form.alert-handle').length;")
            .await?;
        ensure!(forms_left.as_u64() == Some(0), "{forms_left} forms left");
        Ok(())
    })
    .await;
}
