//! The suite's own check: axe-core fails a page with a serious violation, so a journey that
//! passes has met pages without one.

use anyhow::ensure;

use crate::support::{DESKTOP, journey};

#[tokio::test]
async fn the_accessibility_check_fails_a_page_with_a_serious_violation() {
    journey("accessibility-check", &[DESKTOP], async |page| {
        page.open("/").await?;
        // A link with no text (axe-core's "link-name", serious).
        page.run_script(
            "const a = document.createElement('a'); a.href = '/catalog'; \
             document.querySelector('main').append(a);",
        )
        .await?;
        let outcome = page.check_accessibility().await;
        let message = format!("{:#}", outcome.expect_err("axe-core passed an empty link"));
        ensure!(message.contains("link-name"), "axe-core said: {message}");
        Ok(())
    })
    .await;
}
