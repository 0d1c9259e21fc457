//! A series' printed forms: its stamps' URLs, the codes CSV and the label-sheet PDF, made
//! from the series, its lot and product and its key. The API, the pages and the command line
//! (`ocop stamps issue --output`) all print through these.

use std::io::Write;

use ocop_domain::stamp::{
    LABEL_GAP_MM, LabelSettings, PAGE_HEIGHT_MM, PAGE_MARGIN_MM, PAGE_WIDTH_MM, SeriesCodes,
    StampCode, gs1, signing,
};
use ocop_render::labels::{
    CodeRow, Label, LabelError, SheetLayout, SheetSummary, write_codes_csv, write_label_sheets,
};
use ocop_store::SeriesPrint;

/// Most labels in one PDF: a larger series is printed in parts of this many.
pub const LABELS_PER_PDF: u32 = 10_000;

/// The URL a stamp's QR code holds: upper case, with the signature when the series is signed.
pub fn stamp_url(print: &SeriesPrint, code: &StampCode, host: &str) -> String {
    let url = code.to_url(host);
    if print.series.signed {
        format!("{url}?s={}", signing::sign(&print.key, code))
    } else {
        url
    }
}

/// The GS1 Digital Link URL of a stamp, when its product has a GTIN and its lot number fits.
pub fn gs1_url(print: &SeriesPrint, code: &StampCode, host: &str) -> Option<String> {
    let gtin = print.product.data.gtin.as_ref()?;
    let path = gs1::build_path(gtin.as_str(), &print.lot.lot_number, &code.to_string()).ok()?;
    Some(format!("HTTPS://{}{path}", host.to_ascii_uppercase()))
}

/// The code of stamp `index` (0-based) of the series.
pub fn stamp_code(print: &SeriesPrint, index: u32) -> StampCode {
    StampCode::issue(&print.key, print.series.series_no, index)
}

/// Where a series' labels go on the sheet.
pub fn layout(label: LabelSettings) -> SheetLayout {
    SheetLayout {
        page_width_mm: f64::from(PAGE_WIDTH_MM),
        page_height_mm: f64::from(PAGE_HEIGHT_MM),
        margin_mm: f64::from(PAGE_MARGIN_MM),
        gap_mm: f64::from(LABEL_GAP_MM),
        label_width_mm: f64::from(label.width_mm),
        label_height_mm: f64::from(label.height_mm),
        qr_mm: f64::from(label.qr_mm()),
        columns: label.columns(),
        rows: label.rows(),
    }
}

/// The OCOP mark with the product's stars, e.g. "OCOP ★★★★".
pub fn ocop_mark(stars: Option<u8>) -> String {
    match stars {
        Some(n) if n > 0 => format!("OCOP {}", "★".repeat(usize::from(n.min(5)))),
        _ => "OCOP".to_owned(),
    }
}

/// How many PDF parts a series prints in.
pub fn pdf_parts(count: u32) -> u32 {
    count.div_ceil(LABELS_PER_PDF)
}

/// Writes the codes of the whole series as CSV, row by row.
pub fn write_csv(print: &SeriesPrint, host: &str, out: impl Write) -> Result<u64, LabelError> {
    let rows = SeriesCodes::new(&print.key, print.series.series_no, print.series.count)
        .enumerate()
        .map(|(index, code)| CodeRow {
            index: index as u32 + 1,
            serial: code.serial().to_owned(),
            tag: code.tag().to_owned(),
            code: code.to_string(),
            url: stamp_url(print, &code, host),
            gs1_url: gs1_url(print, &code, host),
        });
    write_codes_csv(out, rows)
}

/// Writes part `part` (1-based, [`LABELS_PER_PDF`] labels each) of the series' label sheets.
/// `None` when the series has no such part.
pub fn write_pdf(
    print: &SeriesPrint,
    host: &str,
    part: u32,
    out: impl Write,
) -> Option<Result<SheetSummary, LabelError>> {
    if part == 0 || part > pdf_parts(print.series.count) {
        return None;
    }
    let first = (part - 1) * LABELS_PER_PDF;
    let last = (first + LABELS_PER_PDF).min(print.series.count);
    let mark = ocop_mark(print.product.stars);
    let product_line = print
        .product
        .product_code
        .clone()
        .unwrap_or_else(|| print.lot.lot_number.clone());
    let labels = (first..last).map(|index| {
        let code = stamp_code(print, index);
        Label {
            url: stamp_url(print, &code, host),
            lines: [mark.clone(), product_line.clone(), code.to_string()],
        }
    });
    let title = format!(
        "Tem OCOP · {} · lô {} · đợt {}",
        print.product.data.name, print.lot.lot_number, print.series.series_no
    );
    Some(write_label_sheets(
        out,
        &layout(print.series.label),
        &title,
        labels,
    ))
}
