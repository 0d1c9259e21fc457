//! Nhãn tem: print-ready label sheets of stamps (A4 PDF), and each stamp's QR code as SVG or
//! PNG.
//!
//! The PDF is written page by page to any [`Write`]: memory holds one page, whatever the
//! number of labels. Each label has its QR code (drawn as vector rectangles, one per run of
//! dark modules), then three lines of text in an embedded font with Vietnamese letters and
//! stars: the OCOP mark with the stars, the product code, and the stamp's code. The font is a
//! vendored subset of DejaVu Sans Condensed Bold (`fonts/VENDORED.md`), embedded whole as a
//! CID font with a ToUnicode map, so the text can be searched and copied.

use std::io::{self, Write};

use flate2::Compression;
use flate2::write::ZlibEncoder;
use qrcode::{Color, EcLevel, QrCode};

const FONT: &[u8] = include_bytes!("../fonts/DejaVuSansCondensed-Bold-vi.ttf");
const FONT_NAME: &str = "DejaVuSansCondensed-Bold-vi";
const PT_PER_MM: f64 = 72.0 / 25.4;
/// Modules of blank margin around a QR code (the standard's quiet zone).
pub const QUIET_ZONE: u32 = 4;
/// Largest and smallest text size on a label, in points.
const MAX_TEXT_PT: f64 = 6.0;
const MIN_TEXT_PT: f64 = 3.0;

/// Why a label sheet or a QR code could not be made.
#[derive(Debug, thiserror::Error)]
pub enum LabelError {
    #[error("không tạo được mã QR: {0}")]
    Qr(#[from] qrcode::types::QrError),
    #[error("bố cục nhãn không hợp lệ: {0}")]
    Layout(&'static str),
    #[error("lỗi ghi tệp: {0}")]
    Io(#[from] io::Error),
    #[error("lỗi phông chữ nhúng")]
    Font,
}

/// Where labels go on an A4 sheet, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SheetLayout {
    pub page_width_mm: f64,
    pub page_height_mm: f64,
    pub margin_mm: f64,
    pub gap_mm: f64,
    pub label_width_mm: f64,
    pub label_height_mm: f64,
    /// Side of the QR code with its quiet zone, at the top of the label.
    pub qr_mm: f64,
    pub columns: u32,
    pub rows: u32,
}

impl SheetLayout {
    pub fn per_page(&self) -> u32 {
        self.columns * self.rows
    }

    fn check(&self) -> Result<(), LabelError> {
        if self.columns == 0 || self.rows == 0 {
            return Err(LabelError::Layout("không đặt được nhãn nào trên trang"));
        }
        let width = 2.0 * self.margin_mm
            + f64::from(self.columns) * self.label_width_mm
            + f64::from(self.columns - 1) * self.gap_mm;
        let height = 2.0 * self.margin_mm
            + f64::from(self.rows) * self.label_height_mm
            + f64::from(self.rows - 1) * self.gap_mm;
        if width > self.page_width_mm + 1e-6 || height > self.page_height_mm + 1e-6 {
            return Err(LabelError::Layout("nhãn vượt khổ giấy"));
        }
        if self.qr_mm > self.label_width_mm || self.qr_mm > self.label_height_mm {
            return Err(LabelError::Layout("mã QR lớn hơn nhãn"));
        }
        Ok(())
    }
}

/// One label: the URL its QR code holds and its three lines of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub url: String,
    pub lines: [String; 3],
}

/// The QR code of a stamp URL, at error correction level M. An upper-case URL fits the
/// alphanumeric mode, the densest for it.
pub fn qr_code(url: &str) -> Result<QrCode, LabelError> {
    Ok(QrCode::with_error_correction_level(
        url.as_bytes(),
        EcLevel::M,
    )?)
}

/// Modules across a QR code, quiet zone included.
pub fn modules_with_quiet_zone(code: &QrCode) -> u32 {
    code.width() as u32 + 2 * QUIET_ZONE
}

/// The QR code of `url` as a standalone SVG document, `size_px` wide, with the URL as its
/// title.
pub fn qr_svg(url: &str, size_px: u32) -> Result<String, LabelError> {
    let code = qr_code(url)?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(size_px, size_px)
        .quiet_zone(true)
        .build();
    let title = format!("<title>{}</title>", escape_xml(url));
    // The renderer's root element ends at its first '>'; the title goes right after it.
    Ok(
        match svg
            .find("<svg")
            .and_then(|i| svg[i..].find('>').map(|j| i + j + 1))
        {
            Some(at) => format!("{}{title}{}", &svg[..at], &svg[at..]),
            None => svg,
        },
    )
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The QR code of `url` as a black-and-white PNG, `scale` pixels per module (1–32).
pub fn qr_png(url: &str, scale: u32) -> Result<Vec<u8>, LabelError> {
    if !(1..=32).contains(&scale) {
        return Err(LabelError::Layout("tỷ lệ ảnh PNG phải từ 1 đến 32"));
    }
    let code = qr_code(url)?;
    let width = code.width() as u32;
    let colors = code.to_colors();
    let side = (width + 2 * QUIET_ZONE) * scale;
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| io::Error::other(e.to_string()))?;
        let mut pixels = vec![255u8; (side * side) as usize];
        for (i, color) in colors.iter().enumerate() {
            if *color == Color::Dark {
                let (mx, my) = (i as u32 % width + QUIET_ZONE, i as u32 / width + QUIET_ZONE);
                for dy in 0..scale {
                    let row = ((my * scale + dy) * side) as usize;
                    let from = row + (mx * scale) as usize;
                    pixels[from..from + scale as usize].fill(0);
                }
            }
        }
        writer
            .write_image_data(&pixels)
            .map_err(|e| io::Error::other(e.to_string()))?;
    }
    Ok(out)
}

/// The embedded font: glyph ids and advance widths by character.
struct Font {
    face: ttf_parser::Face<'static>,
    units_per_em: f64,
}

impl Font {
    fn load() -> Result<Font, LabelError> {
        let face = ttf_parser::Face::parse(FONT, 0).map_err(|_| LabelError::Font)?;
        let units_per_em = f64::from(face.units_per_em());
        Ok(Font { face, units_per_em })
    }

    /// Glyph ids of `text` (a character the font lacks shows as its "missing" glyph).
    fn glyphs(&self, text: &str) -> Vec<u16> {
        text.chars()
            .map(|c| self.face.glyph_index(c).map_or(0, |g| g.0))
            .collect()
    }

    /// Width of the glyphs at 1 pt, in points.
    fn width(&self, glyphs: &[u16]) -> f64 {
        glyphs
            .iter()
            .map(|&g| {
                f64::from(
                    self.face
                        .glyph_hor_advance(ttf_parser::GlyphId(g))
                        .unwrap_or(0),
                ) / self.units_per_em
            })
            .sum()
    }

    fn thousandths(&self, glyph: u16) -> u32 {
        let advance = self
            .face
            .glyph_hor_advance(ttf_parser::GlyphId(glyph))
            .unwrap_or(0);
        (f64::from(advance) * 1000.0 / self.units_per_em).round() as u32
    }
}

/// Writes PDF objects and remembers where each starts, for the cross-reference table.
struct PdfWriter<W: Write> {
    out: W,
    position: u64,
    offsets: Vec<u64>,
}

impl<W: Write> PdfWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.position += bytes.len() as u64;
        Ok(())
    }

    /// Object numbers start at 1; a reserved number's offset is filled in when written.
    fn reserve(&mut self) -> usize {
        self.offsets.push(0);
        self.offsets.len()
    }

    fn object(&mut self, id: usize, body: &str) -> io::Result<()> {
        self.offsets[id - 1] = self.position;
        self.write(format!("{id} 0 obj\n{body}\nendobj\n").as_bytes())
    }

    fn stream(&mut self, id: usize, dict: &str, data: &[u8], compress: bool) -> io::Result<()> {
        let data = if compress {
            deflate(data)?
        } else {
            data.to_vec()
        };
        let filter = if compress {
            " /Filter /FlateDecode"
        } else {
            ""
        };
        self.offsets[id - 1] = self.position;
        self.write(
            format!(
                "{id} 0 obj\n<< {dict} /Length {}{filter} >>\nstream\n",
                data.len()
            )
            .as_bytes(),
        )?;
        self.write(&data)?;
        self.write(b"\nendstream\nendobj\n")
    }
}

fn deflate(data: &[u8]) -> io::Result<Vec<u8>> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(data)?;
    encoder.finish()
}

/// What a sheet-writing run produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetSummary {
    pub labels: u64,
    pub pages: u64,
    pub bytes: u64,
}

/// Writes the labels as an A4 PDF to `out`, page by page. `title` names the document.
pub fn write_label_sheets<W: Write>(
    out: W,
    layout: &SheetLayout,
    title: &str,
    labels: impl IntoIterator<Item = Label>,
) -> Result<SheetSummary, LabelError> {
    layout.check()?;
    let font = Font::load()?;
    let mut pdf = PdfWriter {
        out,
        position: 0,
        offsets: Vec::new(),
    };
    pdf.write(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")?;
    let catalog = pdf.reserve();
    let pages = pdf.reserve();
    let font_id = write_font(&mut pdf, &font)?;
    let info = pdf.reserve();
    pdf.object(
        info,
        &format!(
            "<< /Title {} /Producer (ocop) /Creator (ocop) >>",
            pdf_text_string(title)
        ),
    )?;

    let page_w = layout.page_width_mm * PT_PER_MM;
    let page_h = layout.page_height_mm * PT_PER_MM;
    let mut kids = Vec::new();
    let mut labels = labels.into_iter().peekable();
    let mut count = 0u64;
    while labels.peek().is_some() {
        let mut content = Vec::with_capacity(64 * 1024);
        for slot in 0..layout.per_page() {
            let Some(label) = labels.next() else { break };
            let (column, row) = (slot % layout.columns, slot / layout.columns);
            let x_mm =
                layout.margin_mm + f64::from(column) * (layout.label_width_mm + layout.gap_mm);
            let top_mm =
                layout.margin_mm + f64::from(row) * (layout.label_height_mm + layout.gap_mm);
            draw_label(&mut content, &font, layout, &label, x_mm, top_mm, page_h)?;
            count += 1;
        }
        let contents = pdf.reserve();
        pdf.stream(contents, "", &content, true)?;
        let page = pdf.reserve();
        pdf.object(
            page,
            &format!(
                "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 {page_w:.2} {page_h:.2}] \
                 /Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {contents} 0 R >>"
            ),
        )?;
        kids.push(page);
    }
    if kids.is_empty() {
        return Err(LabelError::Layout("không có nhãn nào để in"));
    }
    let kid_refs: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
    pdf.object(
        pages,
        &format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kid_refs.join(" "),
            kids.len()
        ),
    )?;
    pdf.object(catalog, &format!("<< /Type /Catalog /Pages {pages} 0 R >>"))?;
    let xref = pdf.position;
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", pdf.offsets.len() + 1);
    for offset in &pdf.offsets {
        table.push_str(&format!("{offset:010} 00000 n \n"));
    }
    table.push_str(&format!(
        "trailer\n<< /Size {} /Root {catalog} 0 R /Info {info} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        pdf.offsets.len() + 1
    ));
    pdf.write(table.as_bytes())?;
    pdf.out.flush()?;
    Ok(SheetSummary {
        labels: count,
        pages: kids.len() as u64,
        bytes: pdf.position,
    })
}

/// A PDF text string: UTF-16BE with its byte-order mark, as hex.
fn pdf_text_string(text: &str) -> String {
    let mut hex = String::from("<FEFF");
    for unit in text.encode_utf16() {
        hex.push_str(&format!("{unit:04X}"));
    }
    hex.push('>');
    hex
}

/// The font objects; returns the Type0 font's object number.
fn write_font<W: Write>(pdf: &mut PdfWriter<W>, font: &Font) -> Result<usize, LabelError> {
    let type0 = pdf.reserve();
    let cid = pdf.reserve();
    let descriptor = pdf.reserve();
    let file = pdf.reserve();
    let to_unicode = pdf.reserve();
    let face = &font.face;
    let scale = |v: i16| (f64::from(v) * 1000.0 / font.units_per_em).round() as i32;
    let bbox = face.global_bounding_box();
    let glyph_count = face.number_of_glyphs();
    let widths: Vec<String> = (0..glyph_count)
        .map(|g| font.thousandths(g).to_string())
        .collect();
    pdf.object(
        type0,
        &format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /{FONT_NAME} /Encoding /Identity-H \
             /DescendantFonts [{cid} 0 R] /ToUnicode {to_unicode} 0 R >>"
        ),
    )?;
    pdf.object(
        cid,
        &format!(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{FONT_NAME} \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
             /FontDescriptor {descriptor} 0 R /CIDToGIDMap /Identity /W [0 [{}]] >>",
            widths.join(" ")
        ),
    )?;
    pdf.object(
        descriptor,
        &format!(
            "<< /Type /FontDescriptor /FontName /{FONT_NAME} /Flags 32 \
             /FontBBox [{} {} {} {}] /ItalicAngle 0 /Ascent {} /Descent {} /CapHeight {} \
             /StemV 120 /FontFile2 {file} 0 R >>",
            scale(bbox.x_min),
            scale(bbox.y_min),
            scale(bbox.x_max),
            scale(bbox.y_max),
            scale(face.ascender()),
            scale(face.descender()),
            scale(face.capital_height().unwrap_or(face.ascender())),
        ),
    )?;
    pdf.stream(file, &format!("/Length1 {}", FONT.len()), FONT, true)?;
    pdf.stream(to_unicode, "", to_unicode_cmap(face).as_bytes(), true)?;
    Ok(type0)
}

/// The ToUnicode CMap: each glyph of the font's character map back to its character.
fn to_unicode_cmap(face: &ttf_parser::Face<'_>) -> String {
    let mut pairs: Vec<(u16, char)> = Vec::new();
    if let Some(cmap) = face.tables().cmap {
        for subtable in cmap.subtables {
            if !subtable.is_unicode() {
                continue;
            }
            subtable.codepoints(|cp| {
                if let (Some(c), Some(g)) = (char::from_u32(cp), subtable.glyph_index(cp)) {
                    pairs.push((g.0, c));
                }
            });
        }
    }
    pairs.sort();
    pairs.dedup_by_key(|p| p.0);
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in pairs.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (glyph, c) in chunk {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap.push_str(&format!("<{glyph:04X}> <{hex}>\n"));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}

/// Draws one label whose top-left corner is `(x_mm, top_mm)` from the page's top-left.
fn draw_label(
    content: &mut Vec<u8>,
    font: &Font,
    layout: &SheetLayout,
    label: &Label,
    x_mm: f64,
    top_mm: f64,
    page_h: f64,
) -> Result<(), LabelError> {
    let x = x_mm * PT_PER_MM;
    let top = page_h - top_mm * PT_PER_MM;
    let w = layout.label_width_mm * PT_PER_MM;
    let h = layout.label_height_mm * PT_PER_MM;
    // A hairline grey border to cut along.
    writeln!(
        content,
        "q 0.8 G 0.2 w {x:.2} {:.2} {w:.2} {h:.2} re S Q",
        top - h
    )?;
    let code = qr_code(&label.url)?;
    let modules = code.width();
    let side = layout.qr_mm * PT_PER_MM;
    let module = side / f64::from(modules_with_quiet_zone(&code));
    let qr_x = x + (w - side) / 2.0 + f64::from(QUIET_ZONE) * module;
    let qr_top = top - f64::from(QUIET_ZONE) * module;
    // In module units, y growing downwards from the code's top-left corner.
    writeln!(
        content,
        "q {module:.4} 0 0 -{module:.4} {qr_x:.3} {qr_top:.3} cm 0 g"
    )?;
    let colors = code.to_colors();
    for row in 0..modules {
        let mut column = 0;
        while column < modules {
            if colors[row * modules + column] == Color::Dark {
                let start = column;
                while column < modules && colors[row * modules + column] == Color::Dark {
                    column += 1;
                }
                writeln!(content, "{start} {row} {} 1 re", column - start)?;
            } else {
                column += 1;
            }
        }
    }
    content.extend_from_slice(b"f Q\n");
    // The text lines under the code, each centred and shrunk to fit the label's width.
    let text_top = top - side;
    let line_h = (h - side) / 3.0;
    for (i, line) in label.lines.iter().enumerate() {
        let glyphs = font.glyphs(line);
        let width_1pt = font.width(&glyphs);
        let available = w - 2.0;
        let size = if width_1pt > 0.0 {
            (available / width_1pt).clamp(MIN_TEXT_PT, MAX_TEXT_PT.min(line_h * 0.9))
        } else {
            MAX_TEXT_PT
        };
        let text_w = width_1pt * size;
        let tx = x + (w - text_w).max(0.0) / 2.0;
        let ty = text_top - line_h * (i as f64 + 1.0) + (line_h - size) / 2.0 + size * 0.2;
        let hex: String = glyphs.iter().map(|g| format!("{g:04X}")).collect();
        writeln!(
            content,
            "BT /F1 {size:.2} Tf {tx:.2} {ty:.2} Td <{hex}> Tj ET"
        )?;
    }
    Ok(())
}

/// The codes CSV's header row.
pub const CODES_CSV_HEADER: &[u8] = b"index,serial,tag,code,url,gs1_url\n";

/// Appends one row of the codes CSV to `out`. Rows are written straight into a byte buffer
/// (a million rows to a file or a download, no allocation per row); a field holding a comma,
/// a quote or a line break is quoted as RFC 4180 says.
pub fn push_code_row(out: &mut Vec<u8>, row: &CodeRow<'_>) {
    out.extend_from_slice(itoa::Buffer::new().format(row.index).as_bytes());
    for field in [
        row.serial,
        row.tag,
        row.code,
        row.url,
        row.gs1_url.unwrap_or(""),
    ] {
        out.push(b',');
        push_csv_field(out, field);
    }
    out.push(b'\n');
}

fn push_csv_field(out: &mut Vec<u8>, field: &str) {
    // A fold, not `any`: without an early exit the check runs over whole vectors at a time.
    let needs_quotes = field.bytes().fold(false, |seen, b| {
        seen | matches!(b, b',' | b'"' | b'\n' | b'\r')
    });
    if needs_quotes {
        out.push(b'"');
        for b in field.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(field.as_bytes());
    }
}

/// One row of the codes CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeRow<'a> {
    pub index: u32,
    pub serial: &'a str,
    pub tag: &'a str,
    pub code: &'a str,
    pub url: &'a str,
    pub gs1_url: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "HTTPS://OCOP.GOV.VN/V/7K3M9XQ2ZP.4F8HQ2N7KX";

    #[test]
    fn an_upper_case_stamp_url_fits_a_two_centimetre_label() {
        let code = qr_code(URL).unwrap();
        // Alphanumeric mode keeps it at version 3 (29 modules).
        assert!(matches!(code.version(), qrcode::Version::Normal(v) if v <= 3));
        let module_mm = 20.0 / f64::from(modules_with_quiet_zone(&code));
        assert!(module_mm >= 0.5, "module {module_mm:.2} mm");
        // The same URL in lower case needs byte mode and a larger code.
        let lower = qr_code(&URL.to_lowercase()).unwrap();
        assert!(lower.width() > code.width());
    }

    #[test]
    fn a_codes_csv_row_reads_back_as_written() {
        let mut out = CODES_CSV_HEADER.to_vec();
        let odd = CodeRow {
            index: 1_000_000,
            serial: "7K3M9XQ2ZP",
            tag: "4F8HQ2N7KX",
            code: "7K3M9XQ2ZP.4F8HQ2N7KX",
            url: "HTTPS://A,B/V/\"X\"",
            gs1_url: None,
        };
        let plain = CodeRow {
            index: 2,
            url: URL,
            gs1_url: Some("HTTPS://OCOP.GOV.VN/01/08935049500650/10/L%2C1/21/X"),
            ..odd
        };
        push_code_row(&mut out, &odd);
        push_code_row(&mut out, &plain);
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(text.ends_with(&format!("2,7K3M9XQ2ZP,4F8HQ2N7KX,7K3M9XQ2ZP.4F8HQ2N7KX,{URL},HTTPS://OCOP.GOV.VN/01/08935049500650/10/L%2C1/21/X\n")));
        let mut reader = ::csv::Reader::from_reader(out.as_slice());
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(
            rows[0],
            ["1000000", odd.serial, odd.tag, odd.code, odd.url, ""]
        );
        assert_eq!(rows[1][4], URL);
    }

    #[test]
    fn the_font_has_vietnamese_letters_and_stars() {
        let font = Font::load().unwrap();
        for c in "OCOP ★☆ Miến dong Bình Liêu ĐƯỜNG ỐNG ữ ỹ".chars() {
            assert!(font.face.glyph_index(c).is_some(), "{c}");
        }
    }

    fn layout() -> SheetLayout {
        SheetLayout {
            page_width_mm: 210.0,
            page_height_mm: 297.0,
            margin_mm: 10.0,
            gap_mm: 2.0,
            label_width_mm: 24.0,
            label_height_mm: 33.0,
            qr_mm: 24.0,
            columns: 7,
            rows: 7,
        }
    }

    fn label(i: u32) -> Label {
        Label {
            url: URL.into(),
            lines: [
                "OCOP ★★★★".into(),
                "22-06838-001-2024".into(),
                format!("7K3M9XQ2ZP.4F8HQ{i:04}"),
            ],
        }
    }

    #[test]
    fn a_sheet_is_a_real_pdf_with_one_page_per_49_labels() {
        let mut pdf = Vec::new();
        let summary =
            write_label_sheets(&mut pdf, &layout(), "Tem lô MD-01", (0..100).map(label)).unwrap();
        assert_eq!((summary.labels, summary.pages), (100, 3));
        assert_eq!(summary.bytes, pdf.len() as u64);
        assert!(pdf.starts_with(b"%PDF-"));
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        assert_eq!(doc.get_pages().len(), 3);
        let text = doc.extract_text(&[1]).unwrap();
        assert!(text.contains("OCOP ★★★★"), "{text}");
        assert!(text.contains("7K3M9XQ2ZP.4F8HQ0000"), "{text}");
    }

    #[test]
    fn a_layout_that_does_not_fit_is_refused() {
        let too_many = SheetLayout {
            columns: 8,
            ..layout()
        };
        assert!(matches!(
            write_label_sheets(Vec::new(), &too_many, "x", (0..1).map(label)),
            Err(LabelError::Layout(_))
        ));
        assert!(matches!(
            write_label_sheets(Vec::new(), &layout(), "x", std::iter::empty()),
            Err(LabelError::Layout(_))
        ));
    }

    #[test]
    fn svg_and_png_hold_the_qr_code() {
        let svg = qr_svg(URL, 200).unwrap();
        assert!(svg.contains("<svg") && svg.contains(&format!("<title>{URL}</title>")));
        let png = qr_png(URL, 4).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        assert!(qr_png(URL, 0).is_err());
    }
}
