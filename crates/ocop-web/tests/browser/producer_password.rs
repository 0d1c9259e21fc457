//! A producer signs in, finds its product on its dashboard, opens its advice, and changes its
//! password; the new password is the one that signs it in.

use anyhow::ensure;

use crate::support::{BOTH, journey};

const PRODUCER: &str = "chuthe.dinhtrung@ocop.demo";
const NEW_PASSWORD: &str = "che-dinh-trung-2027";

#[tokio::test]
async fn a_producer_reads_its_advice_and_changes_its_password() {
    journey("producer-password", BOTH, async |page| {
        let tr = page.tr();
        page.sign_in(PRODUCER).await?;
        let dashboard = page.text().await?;
        ensure!(
            dashboard.contains(tr.work_own_products()),
            "the producer's dashboard does not list its products:\n{dashboard}"
        );

        page.follow(tr.advice_short()).await?;
        ensure!(
            page.path().await?.ends_with("/advice"),
            "the advice link opened {}",
            page.path().await?
        );
        page.follow(tr.change_password()).await?;
        page.fill(tr.current_password(), crate::support::DEMO_PASSWORD)
            .await?;
        page.fill(tr.new_password(), NEW_PASSWORD).await?;
        page.fill(tr.confirm_password(), "something else").await?;
        page.press(tr.change_password()).await?;
        let error = page.field_error(tr.confirm_password()).await?;
        ensure!(!error.is_empty(), "a mismatched confirmation gave no error");

        page.fill(tr.current_password(), crate::support::DEMO_PASSWORD)
            .await?;
        page.fill(tr.new_password(), NEW_PASSWORD).await?;
        page.fill(tr.confirm_password(), NEW_PASSWORD).await?;
        page.press(tr.change_password()).await?;
        let shown = page.text().await?;
        ensure!(
            shown.contains(tr.password_changed()),
            "the change was not confirmed:\n{shown}"
        );

        page.press(tr.logout()).await?;
        page.sign_in_with(PRODUCER, NEW_PASSWORD).await
    })
    .await;
}
