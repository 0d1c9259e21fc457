//! A provincial officer edits a product with a bad GTIN, sees the error at the field, fixes
//! it, and finds the change in the product's history.

use anyhow::ensure;

use crate::support::{BOTH, DESKTOP, journey};

const QUANG_NINH: &str = "tinh.quangninh@ocop.demo";
/// The check digit of 893456789012 is 0: ending in 3 it is wrong, ending in 0 right.
const BAD_GTIN: &str = "8934567890123";
const GOOD_GTIN: &str = "8934567890120";

#[tokio::test]
async fn an_officer_fixes_a_bad_gtin_and_finds_the_change_in_the_history() {
    journey("officer-edit", BOTH, async |page| {
        let tr = page.tr();
        page.sign_in(QUANG_NINH).await?;
        page.screenshot_for_readme("officer-dashboard", DESKTOP)
            .await?;

        page.follow(tr.products()).await?;
        page.fill(tr.search_products(), "mien dong binh lieu")
            .await?;
        page.wait_for_query("q", "mien dong binh lieu").await?;
        page.follow("Miến dong Bình Liêu").await?;
        page.follow(tr.edit_product()).await?;

        page.fill(tr.gtin_field(), BAD_GTIN).await?;
        page.press(tr.save()).await?;
        let error = page.field_error(tr.gtin_field()).await?;
        ensure!(
            error.contains(BAD_GTIN) && error.contains("chữ số kiểm tra"),
            "the GTIN field says «{error}»"
        );

        page.fill(tr.gtin_field(), GOOD_GTIN).await?;
        page.press(tr.save()).await?;
        let shown = page.fact(tr.gtin_barcode()).await?;
        ensure!(shown == GOOD_GTIN, "the product shows the GTIN «{shown}»");

        page.follow(tr.change_history()).await?;
        // The newest entry comes first: its table of changed fields.
        let changes = page.table_rows(tr.field()).await?;
        let gtin = changes
            .iter()
            .find(|row| row.first().map(String::as_str) == Some(tr.gtin_plain()))
            .map(|row| row[1..].to_vec());
        ensure!(
            gtin == Some(vec![String::new(), GOOD_GTIN.to_owned()]),
            "the latest change of the GTIN reads {gtin:?} (changes: {changes:?})"
        );
        Ok(())
    })
    .await;
}
