//! A producer on its phone proposes a change of its active product (revising the request it
//! has open); the commune officer finds it in the inbox, reads the diff and approves it; the
//! product's public page then shows the new value, which it did not before.

use anyhow::ensure;

use crate::support::{BOTH, journey};

const PRODUCER: &str = "chuthe.dinhtrung@ocop.demo";
const BINH_LIEU: &str = "xa.binhlieu@ocop.demo";
const PRODUCT: &str = "Miến dong Bình Liêu (HTX phát triển Đình Trung)";
const NEW_PACKAGING: &str = "Túi giấy 250 g (minh họa)";

#[tokio::test]
async fn a_producer_proposes_a_change_and_the_commune_officer_approves_it() {
    journey("change-request", BOTH, async |page| {
        let tr = page.tr();
        page.sign_in(PRODUCER).await?;
        page.follow(tr.products()).await?;
        page.follow(PRODUCT).await?;
        let record = page.text().await?;
        ensure!(
            record.contains(tr.cr_pending_notice()),
            "the product does not say a change awaits review:\n{record}"
        );
        let product_path = page.path().await?;
        page.follow(tr.cr_propose()).await?;
        page.fill(tr.packaging(), NEW_PACKAGING).await?;
        page.press(tr.cr_send()).await?;
        let sent = page.text().await?;
        ensure!(
            sent.contains(tr.cr_saved_revised()) && sent.contains(NEW_PACKAGING),
            "the request does not show the proposal:\n{sent}"
        );
        let public_path = product_path.replace("/admin/products/", "/products/");
        page.open(&public_path).await?;
        ensure!(
            !page.text().await?.contains(NEW_PACKAGING),
            "the public page shows the value before its approval"
        );
        page.open("/admin").await?;
        page.press(tr.logout()).await?;

        page.sign_in(BINH_LIEU).await?;
        let dashboard = page.text().await?;
        ensure!(
            dashboard.contains(tr.cr_open_tile()),
            "the officer's dashboard has no change-request count:\n{dashboard}"
        );
        page.follow(tr.cr_nav()).await?;
        page.follow(PRODUCT).await?;
        let review = page.text().await?;
        ensure!(
            review.contains(tr.cr_current()) && review.contains(NEW_PACKAGING),
            "the review page does not show the diff:\n{review}"
        );
        page.press(tr.cr_approve()).await?;
        let done = page.text().await?;
        ensure!(
            done.contains(tr.cr_saved_approved()),
            "the approval was not confirmed:\n{done}"
        );
        page.follow(tr.public_page()).await?;
        let public = page.text().await?;
        ensure!(
            public.contains(NEW_PACKAGING),
            "the public page does not show the approved value:\n{public}"
        );
        Ok(())
    })
    .await;
}
