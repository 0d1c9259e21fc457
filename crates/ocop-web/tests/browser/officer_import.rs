//! An officer imports an XLSX file with bad rows and sees each error by row and column;
//! nothing is written.

use anyhow::{Context, ensure};
use ocop_domain::identifiers::tax_check_digit;
use ocop_domain::import::PRODUCER_COLUMNS;
use ocop_render::Table;

use crate::support::{BOTH, journey};

const QUANG_NINH: &str = "tinh.quangninh@ocop.demo";
/// Xã Bình Liêu, Quảng Ninh (2025-07).
const BINH_LIEU: &str = "06838";
/// The first nine digits of the tax code of the file's valid row.
const VALID: &str = "580000101";

/// A valid tax code (not a real one) from its first nine digits.
fn tax_code(nine: &str) -> String {
    let digit = tax_check_digit(nine).expect("a check digit");
    format!("{nine}{digit}")
}

/// The same with its check digit wrong.
fn wrong_tax_code(nine: &str) -> String {
    let digit = tax_check_digit(nine).expect("a check digit");
    format!("{nine}{}", (digit + 1) % 10)
}

/// Data rows 2 (valid), 3 (a wrong check digit) and 4 (no representative, an unknown
/// commune) of a producer file with every column.
fn producers_file(dir: &std::path::Path) -> anyhow::Result<std::path::PathBuf> {
    let row = |name: &str, tax_code: &str, representative: &str, commune: &str| {
        PRODUCER_COLUMNS
            .iter()
            .map(|c| match c.field {
                "name" => name,
                "kind" => "Hợp tác xã",
                "tax_code" => tax_code,
                "representative_name" => representative,
                "representative_gender" => "Nữ",
                "unit_code" => commune,
                _ => "",
            })
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let table = Table::new(
        PRODUCER_COLUMNS
            .iter()
            .map(|c| c.header.to_owned())
            .collect(),
        vec![
            row(
                "HTX Chè Hoành Mô",
                &tax_code(VALID),
                "Hoàng Thị Mai",
                BINH_LIEU,
            ),
            row(
                "HTX Miến Đồng Văn",
                &wrong_tax_code("580000102"),
                "Lục Văn Sáng",
                BINH_LIEU,
            ),
            row("HTX Rượu Lục Hồn", &tax_code("580000103"), "", "99999"),
        ],
    );
    let path = dir.join("chu-the.xlsx");
    std::fs::write(&path, ocop_render::write_xlsx("Chủ thể", &table)?)?;
    Ok(path)
}

#[tokio::test]
async fn an_officer_imports_a_file_with_bad_rows_sees_them_and_nothing_is_written() {
    journey("officer-import", BOTH, async |page| {
        let tr = page.tr();
        let dir = tempfile::tempdir()?;
        let file = producers_file(dir.path())?;

        page.sign_in(QUANG_NINH).await?;
        page.follow(tr.nav_import()).await?;
        page.choose(tr.nav_producers()).await?;
        page.attach(tr.data_file(), &file).await?;
        page.untick(tr.dry_run()).await?;
        page.press(tr.upload()).await?;

        let text = page.text().await?;
        ensure!(
            text.contains(tr.nothing_written_errors()),
            "the page does not say that nothing was written"
        );
        let written = page.fact(tr.written()).await?;
        ensure!(written == "0", "written: {written}");
        let errors = page.table_rows(tr.errors_to_fix()).await?;
        let at = |row: &str, column: &str| {
            errors
                .iter()
                .find(|e| e[0] == row && e[1] == column)
                .map(|e| e[2].clone())
        };
        let wrong =
            at("3", "Mã số thuế").context(format!("no error at row 3, Mã số thuế: {errors:?}"))?;
        ensure!(wrong.contains("kiểm tra"), "row 3, Mã số thuế: «{wrong}»");
        ensure!(
            at("4", "Người đại diện").is_some() && at("4", "Mã xã").is_some(),
            "row 4 should be refused for its representative and its commune: {errors:?}"
        );
        ensure!(errors.len() == 3, "three errors expected: {errors:?}");
        ensure!(
            errors.iter().all(|e| e[0] != "2"),
            "the valid row 2 is reported: {errors:?}"
        );

        let stored = page
            .app
            .store
            .producer_by_tax_code(&tax_code(VALID))
            .await?;
        ensure!(
            stored.is_none(),
            "the valid row was written although the file had errors"
        );
        Ok(())
    })
    .await;
}
