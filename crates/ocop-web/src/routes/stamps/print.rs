//! A series' printed forms: its stamps' URLs, the codes CSV and the label-sheet PDF, made
//! from the series, its lot and product and its key. The API, the pages and the command line
//! (`ocop stamps issue --output`) all print through these.

use std::io::Write;

use ocop_domain::stamp::{
    LABEL_GAP_MM, LabelSettings, PAGE_HEIGHT_MM, PAGE_MARGIN_MM, PAGE_WIDTH_MM, SeriesCodes,
    StampCode, gs1, signing,
};
use ocop_render::labels::{
    CODES_CSV_HEADER, CodeRow, Label, LabelError, SheetLayout, SheetSummary, push_code_row,
    write_label_sheets,
};
use ocop_store::SeriesPrint;

/// Most labels in one PDF: a larger series is printed in parts of this many.
pub const LABELS_PER_PDF: u32 = 10_000;

/// The URL a stamp's QR code holds: upper case, with the signature when the series is signed.
pub fn stamp_url(print: &SeriesPrint, code: &StampCode, host: &str) -> String {
    let mut url = String::new();
    UrlPrefixes::new(print, host).push_stamp_url(print, code, &code.to_string(), &mut url);
    url
}

/// The GS1 Digital Link URL of a stamp, when its product has a GTIN and its lot number fits.
pub fn gs1_url(print: &SeriesPrint, code: &StampCode, host: &str) -> Option<String> {
    Some(UrlPrefixes::new(print, host).gs1? + &code.to_string())
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

/// Stamps per piece of the codes CSV that one thread makes at a time.
const CSV_PIECE: u32 = 16_384;

/// Writes the codes of the whole series as CSV, in pieces of [`CSV_PIECE`] rows made by
/// `threads` threads (the codes are independent of each other) and written in order. The
/// URLs' fixed parts are made once and rows go straight into each piece's buffer.
pub fn write_csv(
    print: &SeriesPrint,
    host: &str,
    mut out: impl Write,
    threads: usize,
) -> Result<u64, LabelError> {
    let prefixes = UrlPrefixes::new(print, host);
    let count = print.series.count;
    let pieces = count.div_ceil(CSV_PIECE);
    let piece = |n: u32, bytes: &mut Vec<u8>| {
        let first = n * CSV_PIECE;
        bytes.clear();
        csv_rows(
            print,
            &prefixes,
            first,
            (first + CSV_PIECE).min(count),
            bytes,
        );
    };
    out.write_all(CODES_CSV_HEADER)?;
    let threads = threads.clamp(1, 8) as u32;
    if threads == 1 || pieces <= 1 {
        let mut bytes = Vec::with_capacity(CSV_PIECE as usize * 128);
        for n in 0..pieces {
            piece(n, &mut bytes);
            out.write_all(&bytes)?;
        }
    } else {
        std::thread::scope(|scope| -> Result<(), LabelError> {
            // Thread t makes pieces t, t + threads, …; a full channel makes it wait, and a
            // dropped receiver (the writer failed, the client left) makes it stop.
            let receivers: Vec<_> = (0..threads)
                .map(|t| {
                    let (sender, receiver) = std::sync::mpsc::sync_channel(2);
                    let piece = &piece;
                    scope.spawn(move || {
                        for n in (t..pieces).step_by(threads as usize) {
                            let mut bytes = Vec::with_capacity(CSV_PIECE as usize * 128);
                            piece(n, &mut bytes);
                            if sender.send(bytes).is_err() {
                                return;
                            }
                        }
                    });
                    receiver
                })
                .collect();
            for n in 0..pieces {
                let bytes = receivers[(n % threads) as usize]
                    .recv()
                    .map_err(|_| std::io::Error::other("a CSV thread stopped"))?;
                out.write_all(&bytes)?;
            }
            Ok(())
        })?;
    }
    out.flush()?;
    Ok(u64::from(count))
}

/// The fixed parts of a series' URLs: everything before the code, made once per series for
/// the CSV and once per stamp for a label.
struct UrlPrefixes {
    stamp: String,
    gs1: Option<String>,
}

impl UrlPrefixes {
    fn new(print: &SeriesPrint, host: &str) -> UrlPrefixes {
        UrlPrefixes {
            stamp: StampCode::url_prefix(host),
            gs1: print.product.data.gtin.as_ref().and_then(|gtin| {
                gs1::serial_prefix(gtin.as_str(), &print.lot.lot_number)
                    .ok()
                    .map(|path| format!("HTTPS://{}{path}", host.to_ascii_uppercase()))
            }),
        }
    }

    /// Appends the URL stamp `code` (written `code_text`) prints, with its signature when the
    /// series is signed.
    fn push_stamp_url(
        &self,
        print: &SeriesPrint,
        code: &StampCode,
        code_text: &str,
        url: &mut String,
    ) {
        url.push_str(&self.stamp);
        url.push_str(code_text);
        if print.series.signed {
            url.push_str("?s=");
            url.push_str(&signing::sign(&print.key, code));
        }
    }
}

/// Appends the CSV rows of stamps `first..end` (0-based) to `out`.
fn csv_rows(print: &SeriesPrint, prefixes: &UrlPrefixes, first: u32, end: u32, out: &mut Vec<u8>) {
    let (mut code_text, mut url, mut gs1) = (String::new(), String::new(), String::new());
    let codes = SeriesCodes::range(&print.key, print.series.series_no, first, end);
    for (index, code) in (first + 1..).zip(codes) {
        code_text.clear();
        code_text.push_str(code.serial());
        code_text.push('.');
        code_text.push_str(code.tag());
        url.clear();
        prefixes.push_stamp_url(print, &code, &code_text, &mut url);
        if let Some(prefix) = &prefixes.gs1 {
            gs1.clear();
            gs1.push_str(prefix);
            gs1.push_str(&code_text);
        }
        push_code_row(
            out,
            &CodeRow {
                index,
                serial: code.serial(),
                tag: code.tag(),
                code: &code_text,
                url: &url,
                gs1_url: prefixes.gs1.as_ref().map(|_| gs1.as_str()),
            },
        );
    }
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
