//! The resolver's answers, rendered once per lot and filled per scan.
//!
//! A stamp's page is the same for everyone who scans any stamp of its lot but for the code
//! and the scan history, and it is bilingual (Vietnamese, with English under it), so it needs
//! no session or language cookie: it is rendered when the lot is loaded, with markers where
//! the code and the history go (and where the lot's own text starts and ends), and cut there
//! into [`Pieces`], shared between lots where they are the same. A scan then only joins the
//! pieces with its two values — one allocation, no template work. The JSON answer and the
//! `Link` header are made the same way. (Answering the pieces as they are, one buffer each in
//! one `writev`, was measured slower than this one copy: see BENCHMARKS.md.)

use std::collections::HashSet;
use std::sync::{Arc, LazyLock, Mutex};

use askama::Template;
use ocop_domain::VIETNAM;
use ocop_domain::lot::LotStatus;
use ocop_domain::product::ProductStatus;
use ocop_store::lots::LotPublicView;
use time::{Date, OffsetDateTime};

use crate::i18n::{Lang, Tr};
use crate::view::{PageCtx, day, province_name, star_glyphs};

const CODE: &str = "@@OCOP-CODE@@";
/// Room kept for the scan history (its longest, with the many-scans warning, is under this).
const HISTORY_ROOM: usize = 640;
const HISTORY: &str = "@@OCOP-HISTORY@@";

/// Marks a place where a lot's own text starts or ends, so that the text around it, the same
/// for every lot, is kept once ([`SHARED`]).
const CUT: &str = "@@OCOP-CUT@@";

/// What goes after a piece of fixed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Code,
    History,
    /// Nothing: the end, or a [`CUT`].
    Nothing,
}

/// A text cut at its slots, each piece of fixed text kept once for all lots ([`SHARED`]): most
/// of a stamp's page is the same for every lot (the head, the labels, the report form), and
/// kept once it stays in the cache, where each lot's own copy would be read from memory on
/// each scan — with thousands of lots on sale, memory misses were a third of a scan's cost
/// (BENCHMARKS.md, eighth session). A lot's answers then hold only its own text.
#[derive(Debug, Clone)]
pub struct Pieces {
    parts: Box<[(Arc<str>, Slot)]>,
    /// Counted once when cut, so that a scan sizes its answer without walking the parts.
    fixed_len: usize,
    codes: usize,
}

/// The pieces of fixed text the lots' answers share.
static SHARED: LazyLock<Mutex<Shared>> = LazyLock::new(|| {
    Mutex::new(Shared {
        texts: HashSet::new(),
        prune_at: MIN_PRUNE,
    })
});
/// The fewest pieces kept before the ones no answer holds any more are dropped.
const MIN_PRUNE: usize = 1024;

struct Shared {
    texts: HashSet<Arc<str>>,
    /// How many pieces may be kept before those no answer holds are dropped: twice as many
    /// as were held at the last pruning, so that pruning costs a constant share of insertions.
    prune_at: usize,
}

impl Shared {
    fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(kept) = self.texts.get(text) {
            return kept.clone();
        }
        let kept: Arc<str> = Arc::from(text);
        self.texts.insert(kept.clone());
        if self.texts.len() >= self.prune_at {
            self.texts.retain(|text| Arc::strong_count(text) > 1);
            self.prune_at = (2 * self.texts.len()).max(MIN_PRUNE);
        }
        kept
    }
}

impl Pieces {
    fn cut(text: &str) -> Pieces {
        let mut parts = Vec::new();
        let mut shared = SHARED.lock().unwrap_or_else(|p| p.into_inner());
        let mut rest = text;
        loop {
            let next = [
                (CODE, Slot::Code),
                (HISTORY, Slot::History),
                (CUT, Slot::Nothing),
            ]
            .into_iter()
            .filter_map(|(marker, slot)| rest.find(marker).map(|at| (at, marker, slot)))
            .min_by_key(|(at, ..)| *at);
            match next {
                Some((at, marker, slot)) => {
                    parts.push((shared.get(&rest[..at]), slot));
                    rest = &rest[at + marker.len()..];
                }
                None => {
                    parts.push((shared.get(rest), Slot::Nothing));
                    break;
                }
            }
        }
        Pieces {
            fixed_len: parts.iter().map(|(p, _)| p.len()).sum(),
            codes: parts.iter().filter(|(_, s)| *s == Slot::Code).count(),
            parts: parts.into_boxed_slice(),
        }
    }

    /// The text with `code` and `history` in their places.
    pub fn fill(&self, code: &str, history: &str) -> String {
        self.fill_with(code, |out| out.push_str(history))
    }

    /// The text with `code` in its places and what `history` writes in its: the history goes
    /// straight into the answer, not through a string of its own (a scan's page is the hot
    /// path).
    pub fn fill_with(&self, code: &str, history: impl Fn(&mut String)) -> String {
        let mut out =
            String::with_capacity(self.fixed_len + self.codes * code.len() + HISTORY_ROOM);
        for (text, slot) in &self.parts {
            out.push_str(text);
            match slot {
                Slot::Code => out.push_str(code),
                Slot::History => history(&mut out),
                Slot::Nothing => {}
            }
        }
        out
    }
}

/// Both languages of one message, for the bilingual pages.
#[derive(Debug, Clone, Copy)]
pub struct Bi {
    pub vi: Tr,
    pub en: Tr,
}

impl Default for Bi {
    fn default() -> Bi {
        Bi {
            vi: Lang::Vi.tr(),
            en: Lang::En.tr(),
        }
    }
}

/// A lot's pre-rendered answers.
pub struct LotPage {
    /// The stamp's page (slots: code, history).
    pub html: Pieces,
    /// The lot's page without a stamp (GS1 `/01/…/10/…` with `linkType=gs1:traceability`).
    pub lot_html: String,
    /// The JSON answer (slots: code, history as JSON members).
    pub json: Pieces,
    /// The `Link` header of a stamp's answers (slot: code).
    pub links: Pieces,
    /// The GS1 Digital Link path of the lot, `/01/{gtin14}/10/{lot}`, when the product has a
    /// GTIN and the lot number fits AI 10.
    pub gs1_lot: Option<String>,
    pub recalled: bool,
}

/// The certificate banner: what is recorded today (the certificate issue is not built yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Certificate {
    /// Active product with a recorded star rating.
    Valid,
    /// Suspended or archived: no longer recognised.
    Revoked,
    /// No star rating recorded (or a draft product).
    None,
}

#[derive(Template)]
#[template(path = "resolver/stamp.html")]
struct StampPage<'a> {
    ctx: PageCtx,
    t: Bi,
    v: &'a LotPublicView,
    /// A stamp's page (history, report form) or the lot's alone.
    stamp: bool,
    code: &'static str,
    history: &'static str,
    cut: &'static str,
    certificate: Certificate,
    expired: bool,
    gs1_lot: Option<&'a str>,
    province: String,
    report_kinds: [(&'static str, &'static str, &'static str); 3],
}

impl StampPage<'_> {
    fn stars(&self) -> String {
        self.v.stars.map(star_glyphs).unwrap_or_default()
    }

    fn date(&self, date: &Date) -> String {
        day(*date)
    }

    fn recalled_on(&self) -> String {
        self.v
            .recalled_at
            .map(|at| day(at.to_offset(VIETNAM).date()))
            .unwrap_or_default()
    }

    fn unit_of(&self, unit: &Option<String>) -> String {
        unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default()
    }
}

fn gs1_lot_path(view: &LotPublicView) -> Option<String> {
    let gtin = view.gtin.as_deref()?;
    let path = ocop_domain::stamp::gs1::build_path(gtin, &view.lot_number, "x").ok()?;
    Some(path.strip_suffix("/21/x")?.to_owned())
}

impl LotPage {
    /// Renders a lot's answers once; `today` decides the expiry notice.
    pub fn render(view: &LotPublicView, today: Date) -> LotPage {
        let recalled = view.status == LotStatus::Recalled;
        let certificate = match (view.product_status, view.stars) {
            (ProductStatus::Suspended | ProductStatus::Archived, _) => Certificate::Revoked,
            (ProductStatus::Active, Some(_)) => Certificate::Valid,
            _ => Certificate::None,
        };
        let gs1_lot = gs1_lot_path(view);
        let page = |stamp: bool| StampPage {
            ctx: PageCtx::new(None, Lang::Vi),
            t: Bi::default(),
            v: view,
            stamp,
            code: CODE,
            history: HISTORY,
            cut: CUT,
            certificate,
            expired: view.expires_on.is_some_and(|e| e < today),
            gs1_lot: gs1_lot.as_deref(),
            province: province_name(view.province_code),
            report_kinds: [
                (
                    "counterfeit",
                    Bi::default().vi.scan_kind_counterfeit(),
                    Bi::default().en.scan_kind_counterfeit(),
                ),
                (
                    "quality",
                    Bi::default().vi.scan_kind_quality(),
                    Bi::default().en.scan_kind_quality(),
                ),
                (
                    "other",
                    Bi::default().vi.help_other(),
                    Bi::default().en.help_other(),
                ),
            ],
        };
        let html = page(true)
            .render()
            .unwrap_or_else(|e| format!("<!doctype html><title>OCOP</title><p>{e}</p>"));
        let lot_html = page(false)
            .render()
            .map(|page| page.replace(CUT, ""))
            .unwrap_or_else(|e| format!("<!doctype html><title>OCOP</title><p>{e}</p>"));
        LotPage {
            html: Pieces::cut(&html),
            lot_html,
            json: Pieces::cut(&json_template(view, certificate, gs1_lot.as_deref())),
            links: Pieces::cut(&link_template(view, gs1_lot.as_deref())),
            gs1_lot,
            recalled,
        }
    }
}

/// The JSON answer with its two slots: `"code":"@@…@@"` and the history members.
fn json_template(view: &LotPublicView, certificate: Certificate, gs1_lot: Option<&str>) -> String {
    let body = serde_json::json!({
        "genuine": true,
        "code": CODE,
        "product": {
            "id": view.product_id,
            "name": view.product_name,
            "product_code": view.product_code,
            "gtin": view.gtin,
            "story": view.story,
            "status": view.product_status,
            "page": format!("/products/{}", view.product_id),
        },
        "producer": {
            "id": view.producer_id,
            "name": view.producer_name,
            "province_code": view.province_code,
        },
        "certificate": {
            "status": match certificate {
                Certificate::Valid => "valid",
                Certificate::Revoked => "revoked",
                Certificate::None => "none",
            },
            "stars": view.stars,
            "stars_demo": view.stars_demo,
            "certificate_ref": view.certificate_ref,
        },
        "lot": {
            "id": view.lot_id,
            "lot_number": view.lot_number,
            "produced_on": view.produced_on.to_string(),
            "expires_on": view.expires_on.map(|d| d.to_string()),
            "quantity": view.quantity,
            "unit": view.unit,
            "materials": view.materials,
            "tests": view.tests.iter().map(|t| serde_json::json!({
                "lab_name": t.lab_name,
                "tested_on": t.tested_on.to_string(),
                "results": t.results,
            })).collect::<Vec<_>>(),
            "demo": view.lot_demo,
        },
        "recall": (view.status == LotStatus::Recalled).then(|| serde_json::json!({
            "reason": view.recall_reason,
            "recalled_at": view.recalled_at.and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok()),
        })),
        "links": {
            "page": format!("/v/{CODE}"),
            "gs1": gs1_lot.map(|p| format!("{p}/21/{CODE}")),
            "report": format!("/api/v1/stamps/{CODE}/reports"),
        },
    });
    let text = body.to_string();
    // The history members close the object: `…,"scans":{…}}`.
    let open = text.strip_suffix('}').unwrap_or(&text);
    format!("{open},{HISTORY}}}")
}

/// The `Link` header of a stamp's answers: the GS1 link types of the stamp, and its linkset.
fn link_template(view: &LotPublicView, gs1_lot: Option<&str>) -> String {
    let mut links = vec![
        format!(
            "</v/{CODE}>; rel=\"https://gs1.org/voc/pip\"; type=\"text/html\"; hreflang=\"vi\""
        ),
        format!("</v/{CODE}#lot>; rel=\"https://gs1.org/voc/traceability\"; type=\"text/html\""),
        format!(
            "</v/{CODE}#certificate>; rel=\"https://gs1.org/voc/certificationInfo\"; type=\"text/html\""
        ),
        format!(
            "</products/{}>; rel=\"https://gs1.org/voc/masterData\"; type=\"text/html\"",
            view.product_id
        ),
    ];
    let linkset = match gs1_lot {
        Some(path) => {
            links.push(format!("<{path}/21/{CODE}>; rel=\"owl:sameAs\""));
            format!("{path}/21/{CODE}?linkType=linkset")
        }
        None => format!("/v/{CODE}?linkType=linkset"),
    };
    links.push(format!(
        "<{linkset}>; rel=\"linkset\"; type=\"application/linkset+json\""
    ));
    links.join(", ")
}

/// "dd/mm/yyyy hh:mm" in Vietnam's time, written without allocating: it is on every page of
/// a stamp scanned before.
fn minute_text(at: OffsetDateTime, buf: &mut [u8; 16]) -> &str {
    let at = at.to_offset(VIETNAM);
    let two = |b: &mut [u8], n: u8| {
        b[0] = b'0' + n / 10 % 10;
        b[1] = b'0' + n % 10;
    };
    let year = at.year().clamp(0, 9999) as u16;
    two(&mut buf[0..2], at.day());
    buf[2] = b'/';
    two(&mut buf[3..5], u8::from(at.month()));
    buf[5] = b'/';
    two(&mut buf[6..8], (year / 100) as u8);
    two(&mut buf[8..10], (year % 100) as u8);
    buf[10] = b' ';
    two(&mut buf[11..13], at.hour());
    buf[13] = b':';
    two(&mut buf[14..16], at.minute());
    std::str::from_utf8(buf).unwrap_or("")
}

/// Writes the scan history of a page: "first scan" or "scanned n times before, first on …".
pub fn write_history_html(
    out: &mut String,
    before: u64,
    first_at: Option<OffsetDateTime>,
    many: bool,
) {
    let t = Bi::default();
    match (before, first_at) {
        (0, _) | (_, None) => {
            out.push_str("<p class=\"scan-history first\"><strong>");
            out.push_str(t.vi.scan_first());
            out.push_str("</strong><span class=\"en\">");
            out.push_str(t.en.scan_first());
            out.push_str("</span></p>");
        }
        (n, Some(first)) => {
            let mut buf = [0; 16];
            let when = minute_text(first, &mut buf);
            out.push_str("<p class=\"scan-history seen\"><strong>");
            out.push_str(&t.vi.scan_before(n, when));
            out.push_str("</strong><span class=\"en\">");
            out.push_str(&t.en.scan_before(n, when));
            out.push_str("</span></p>");
            if many {
                out.push_str("<p class=\"alert warning\" role=\"alert\">");
                out.push_str(t.vi.scan_many_warning());
                out.push_str("<span class=\"en\">");
                out.push_str(t.en.scan_many_warning());
                out.push_str("</span></p>");
            }
        }
    }
}

/// Writes the history members of the JSON answer.
pub fn write_history_json(out: &mut String, before: u64, first_at: Option<OffsetDateTime>) {
    use std::fmt::Write;
    let _ = write!(out, "\"scans\":{{\"before\":{before},\"first_at\":");
    match first_at.and_then(|t| {
        t.format(&time::format_description::well_known::Rfc3339)
            .ok()
    }) {
        Some(first) => {
            let _ = write!(out, "\"{first}\"}}");
        }
        None => out.push_str("null}"),
    }
}

#[derive(Template)]
#[template(path = "resolver/notice.html")]
struct NoticePage {
    ctx: PageCtx,
    t: Bi,
    kind: Notice,
    back: Option<String>,
}

/// The resolver's fixed pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    NotFound,
    TooMany,
    Unavailable,
    Reported,
}

/// A fixed page (rendered once at start), with a link back to a stamp's page.
pub fn notice_html(kind: Notice, back: Option<String>) -> String {
    NoticePage {
        ctx: PageCtx::new(None, Lang::Vi),
        t: Bi::default(),
        kind,
        back,
    }
    .render()
    .unwrap_or_else(|e| format!("<!doctype html><title>OCOP</title><p>{e}</p>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_fill_their_slots_in_order() {
        let p = Pieces::cut(&format!("a{CODE}b{HISTORY}c{CODE}"));
        assert_eq!(p.fill("X", "H"), "aXbHcX");
        assert_eq!(Pieces::cut("plain").fill("X", "H"), "plain");
        let ends = Pieces::cut(&format!("{CODE}{CODE}a{HISTORY}"));
        assert_eq!(ends.fill("X", "H"), "XXaH");
        assert_eq!(Pieces::cut(&format!("a{CUT}b{CUT}")).fill("X", "H"), "ab");
    }

    #[test]
    fn shared_text_no_answer_holds_is_dropped_and_held_text_stays_shared() {
        let mut shared = Shared {
            texts: HashSet::new(),
            prune_at: MIN_PRUNE,
        };
        let held = shared.get("held by a page");
        for i in 0..10 * MIN_PRUNE {
            // Text of a lot whose page is gone at once.
            drop(shared.get(&format!("gone {i}")));
            assert!(shared.texts.len() <= MIN_PRUNE, "at {i}");
        }
        assert!(Arc::ptr_eq(&held, &shared.get("held by a page")));
    }

    fn view(product: &str, lot: &str) -> LotPublicView {
        LotPublicView {
            lot_id: uuid::Uuid::new_v4(),
            lot_number: lot.into(),
            produced_on: time::macros::date!(2026 - 11 - 02),
            expires_on: Some(time::macros::date!(2027 - 11 - 02)),
            quantity: 500,
            unit: "hộp".into(),
            status: LotStatus::Active,
            recall_reason: None,
            recalled_at: None,
            lot_demo: false,
            product_id: uuid::Uuid::new_v4(),
            product_name: product.into(),
            product_status: ProductStatus::Active,
            product_code: None,
            gtin: None,
            story: Some(format!("Câu chuyện của {product}")),
            stars: Some(4),
            stars_demo: false,
            certificate_ref: None,
            producer_id: uuid::Uuid::new_v4(),
            producer_name: "HTX Chè Tân Cương".into(),
            province_code: 19,
            materials: Vec::new(),
            tests: Vec::new(),
        }
    }

    #[test]
    fn lots_share_the_text_their_pages_have_in_common_and_keep_their_own() {
        let today = time::macros::date!(2026 - 12 - 04);
        let (one, two) = (
            LotPage::render(&view("Chè Tân Cương", "L-1"), today),
            LotPage::render(&view("Mật ong bạc hà", "L-2"), today),
        );
        let total = |p: &Pieces| p.parts.iter().map(|(t, _)| t.len()).sum::<usize>();
        let shared = |a: &Pieces, b: &Pieces| {
            a.parts
                .iter()
                .filter(|(t, _)| b.parts.iter().any(|(u, _)| Arc::ptr_eq(t, u)))
                .map(|(t, _)| t.len())
                .sum::<usize>()
        };
        // Most of a page is held once for both lots: the head, the labels, the report form.
        assert!(
            2 * shared(&one.html, &two.html) > total(&one.html),
            "{} of {} bytes shared",
            shared(&one.html, &two.html),
            total(&one.html)
        );
        assert!(2 * shared(&one.links, &two.links) > total(&one.links));
        // Each page still says its own lot, and no marker is left in any answer.
        let page = one.html.fill("CODE1", "");
        assert!(page.contains("<title>Chè Tân Cương · "), "{page:.400}");
        assert!(page.contains("L-1") && !page.contains("L-2"));
        assert!(two.html.fill("CODE2", "").contains("Mật ong bạc hà"));
        for text in [page, one.lot_html.clone(), one.json.fill("C", "")] {
            assert!(!text.contains("@@OCOP-"), "{text:.400}");
        }
    }

    #[test]
    fn minute_text_is_the_day_and_minute_in_vietnam() {
        // 20:05 UTC on the last day of the year is 03:05 on New Year's Day in Vietnam.
        let at = time::macros::datetime!(2026-12-31 20:05:59 UTC);
        let local = at.to_offset(VIETNAM);
        let expected = format!(
            "{} {:02}:{:02}",
            day(local.date()),
            local.hour(),
            local.minute()
        );
        assert_eq!(minute_text(at, &mut [0; 16]), expected);
        assert_eq!(minute_text(at, &mut [0; 16]), "01/01/2027 03:05");
        let early = time::macros::datetime!(0999-03-04 00:00 +07:00);
        assert_eq!(minute_text(early, &mut [0; 16]), "04/03/0999 00:00");
    }

    #[test]
    fn history_of_a_stamp_seen_before_names_the_count_and_first_minute() {
        let first = time::macros::datetime!(2026-12-04 01:02 UTC);
        let mut out = String::new();
        write_history_html(&mut out, 14, Some(first), false);
        assert!(out.contains("04/12/2026 08:02"), "{out}");
        assert!(out.contains("14"), "{out}");
        assert!(!out.contains("role=\"alert\""), "{out}");
        let mut many = String::new();
        write_history_html(&mut many, 25, Some(first), true);
        assert!(many.contains("role=\"alert\""), "{many}");
    }

    #[test]
    fn json_history_closes_the_object() {
        let mut text = "{\"a\":1,".to_owned();
        write_history_json(&mut text, 3, None);
        text.push('}');
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["scans"]["before"], 3);
        assert!(value["scans"]["first_at"].is_null());
    }
}
