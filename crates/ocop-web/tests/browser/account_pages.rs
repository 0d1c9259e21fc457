//! A province's official looks for an account past the first page of the account list: the
//! list shows 100 accounts a page, by e-mail, and its "Trang sau" link goes on after the last
//! one shown.

use anyhow::ensure;
use ocop_domain::access::Role;
use ocop_store::AuditActor;
use ocop_store::demo::DEMO_PASSWORD;
use ocop_store::users::NewUser;

use crate::support::{BOTH, journey};

const PROVINCE: &str = "tinh.quangninh@ocop.demo";
/// A commune of Quảng Ninh (today's structure).
const COMMUNE: u32 = 6688;
/// More accounts than a page holds, e-mails after the demo's (demo values).
const ADDED: usize = 105;

fn email(n: usize) -> String {
    format!("xa.thu{n:03}@ocop.demo")
}

#[tokio::test]
async fn an_official_pages_through_the_account_list() {
    journey("account-pages", BOTH, async |page| {
        for n in 0..ADDED {
            page.app
                .store
                .create_user(
                    &AuditActor::system("browser test"),
                    NewUser {
                        email: email(n),
                        display_name: format!("Cán bộ xã thử {n}"),
                        password: DEMO_PASSWORD.into(),
                        role: Role::Commune,
                        unit_code: Some(COMMUNE),
                        producer_id: None,
                    },
                )
                .await?;
        }
        let tr = page.tr();
        page.sign_in(PROVINCE).await?;
        page.open("/admin/users").await?;
        let first = page.text().await?;
        ensure!(first.contains(&email(0)), "the first page:\n{first}");
        ensure!(
            !first.contains(&email(ADDED - 1)),
            "the first page holds more than a page"
        );

        page.follow(&format!("{} →", tr.next())).await?;
        let second = page.text().await?;
        ensure!(
            second.contains(&email(ADDED - 1)),
            "the second page:\n{second}"
        );
        ensure!(
            !second.contains(&email(0)),
            "the second page repeats the first"
        );
        ensure!(
            !second.contains(tr.next()),
            "the last page links to a next one"
        );
        Ok(())
    })
    .await;
}
