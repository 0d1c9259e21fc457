//! The resolver's answers, rendered once per lot and filled per scan.
//!
//! A stamp's page is the same for everyone who scans any stamp of its lot but for the code
//! and the scan history, and it is bilingual (Vietnamese, with English under it), so it needs
//! no session or language cookie: it is rendered when the lot is loaded, with markers where
//! the code and the history go and around each of the lot's values, and cut there into
//! [`Pieces`]: a skeleton, the same for every lot of the same shape and kept once, and the
//! lot's values. A scan then only joins them with its code and history — one allocation, no
//! template work. The JSON answer and the `Link` header are made the same way. (Answering the
//! pieces as they are, one buffer each in one `writev`, was measured slower than this one
//! copy: see BENCHMARKS.md.)

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

/// Marks where each of a lot's own values starts and ends, so that the text around them, the
/// same for every lot, is kept once ([`SHARED`]).
const CUT: &str = "@@OCOP-CUT@@";

/// What goes in a gap of a [`Skeleton`]'s text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Gap {
    Code,
    History,
    /// The lot's next own value.
    Own,
}

/// The fixed text of an answer without the lot's own values: the same for every lot of the
/// same shape (the head, the labels, the report form), so kept once for all of them
/// ([`SHARED`]), where it stays in the cache.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Skeleton {
    text: Box<str>,
    /// The gaps, each after the text up to its offset in `text`.
    gaps: Box<[(u32, Gap)]>,
    codes: usize,
}

/// A lot's answer: a shared [`Skeleton`] and the lot's own values, in one block of text. A
/// scan reads from memory only that block: with thousands of lots on sale, memory misses on
/// the lots' texts were a third of a scan's cost (BENCHMARKS.md, eighth session), and the
/// values alone are a fraction of the page (ninth session).
#[derive(Debug, Clone)]
pub struct Pieces {
    skeleton: Arc<Skeleton>,
    own: Box<str>,
    /// Where each own value ends in `own`.
    own_ends: Box<[u32]>,
}

/// The skeletons the lots' answers share.
static SHARED: LazyLock<Mutex<Shared>> = LazyLock::new(|| {
    Mutex::new(Shared {
        skeletons: HashSet::new(),
        prune_at: MIN_PRUNE,
    })
});
/// The fewest skeletons kept before the ones no answer holds any more are dropped.
const MIN_PRUNE: usize = 1024;

struct Shared {
    skeletons: HashSet<Arc<Skeleton>>,
    /// How many skeletons may be kept before those no answer holds are dropped: twice as many
    /// as were held at the last pruning, so that pruning costs a constant share of insertions.
    prune_at: usize,
}

impl Shared {
    fn get(&mut self, skeleton: Skeleton) -> Arc<Skeleton> {
        if let Some(kept) = self.skeletons.get(&skeleton) {
            return kept.clone();
        }
        let kept = Arc::new(skeleton);
        self.skeletons.insert(kept.clone());
        if self.skeletons.len() >= self.prune_at {
            self.skeletons.retain(|kept| Arc::strong_count(kept) > 1);
            self.prune_at = (2 * self.skeletons.len()).max(MIN_PRUNE);
        }
        kept
    }
}

/// An offset in an answer's text (far below 4 GiB: a lot's view is bounded).
fn offset(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl Pieces {
    /// Cuts `text` at its slots and around the values between pairs of [`CUT`].
    fn cut(text: &str) -> Pieces {
        let (mut fixed, mut gaps, mut own, mut own_ends) =
            (String::new(), Vec::new(), String::new(), Vec::new());
        let mut in_value = false;
        let mut rest = text;
        loop {
            let next = [
                (CODE, Some(Gap::Code)),
                (HISTORY, Some(Gap::History)),
                (CUT, None),
            ]
            .into_iter()
            .filter_map(|(marker, gap)| rest.find(marker).map(|at| (at, marker, gap)))
            .min_by_key(|(at, ..)| *at);
            let at = next.map_or(rest.len(), |(at, ..)| at);
            if in_value {
                own.push_str(&rest[..at]);
                // A value ends at its closing cut, or at a slot (the rest is a value again).
                own_ends.push(offset(own.len()));
                gaps.push((offset(fixed.len()), Gap::Own));
            } else {
                fixed.push_str(&rest[..at]);
            }
            let Some((at, marker, gap)) = next else {
                break;
            };
            match gap {
                Some(gap) => gaps.push((offset(fixed.len()), gap)),
                None => in_value = !in_value,
            }
            rest = &rest[at + marker.len()..];
        }
        let codes = gaps.iter().filter(|(_, g)| *g == Gap::Code).count();
        let skeleton = Skeleton {
            text: fixed.into_boxed_str(),
            gaps: gaps.into_boxed_slice(),
            codes,
        };
        Pieces {
            skeleton: SHARED
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(skeleton),
            own: own.into_boxed_str(),
            own_ends: own_ends.into_boxed_slice(),
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
        let skeleton = &*self.skeleton;
        let mut out = String::with_capacity(
            skeleton.text.len() + self.own.len() + skeleton.codes * code.len() + HISTORY_ROOM,
        );
        let (mut at, mut own_at) = (0, 0);
        let mut own_ends = self.own_ends.iter();
        for &(end, gap) in &skeleton.gaps {
            let end = end as usize;
            out.push_str(skeleton.text.get(at..end).unwrap_or_default());
            at = end;
            match gap {
                Gap::Code => out.push_str(code),
                Gap::History => history(&mut out),
                Gap::Own => {
                    let own_end = own_ends.next().map_or(own_at, |&e| e as usize);
                    out.push_str(self.own.get(own_at..own_end).unwrap_or_default());
                    own_at = own_end;
                }
            }
        }
        out.push_str(skeleton.text.get(at..).unwrap_or_default());
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
            "</products/{CUT}{}{CUT}>; rel=\"https://gs1.org/voc/masterData\"; type=\"text/html\"",
            view.product_id
        ),
    ];
    let linkset = match gs1_lot {
        Some(path) => {
            links.push(format!("<{CUT}{path}{CUT}/21/{CODE}>; rel=\"owl:sameAs\""));
            format!("{CUT}{path}{CUT}/21/{CODE}?linkType=linkset")
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

/// A message with a count and a date (`Tr::scan_before`), cut once at its two arguments:
/// formatting it in both languages was a tenth of a scan's instructions (BENCHMARKS.md, ninth
/// session).
struct CountAndDate(Vec<(String, Option<Arg>)>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arg {
    Count,
    Date,
}

impl CountAndDate {
    const COUNT: char = '\u{1}';
    const DATE: char = '\u{2}';

    /// `text`, made with [`Self::COUNT`] and [`Self::DATE`] for its arguments.
    fn cut(text: &str) -> CountAndDate {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find([Self::COUNT, Self::DATE]) {
            let arg = if rest[at..].starts_with(Self::COUNT) {
                Arg::Count
            } else {
                Arg::Date
            };
            parts.push((rest[..at].to_owned(), Some(arg)));
            // Both markers are one byte long.
            rest = &rest[at + 1..];
        }
        parts.push((rest.to_owned(), None));
        CountAndDate(parts)
    }

    fn write(&self, out: &mut String, count: u64, date: &str) {
        use std::fmt::Write;
        for (text, arg) in &self.0 {
            out.push_str(text);
            match arg {
                Some(Arg::Count) => {
                    let _ = write!(out, "{count}");
                }
                Some(Arg::Date) => out.push_str(date),
                None => {}
            }
        }
    }
}

/// "Scanned n times before, first on …": Vietnamese, English, English for once.
static SCAN_BEFORE: LazyLock<[CountAndDate; 3]> = LazyLock::new(|| {
    let (count, date) = (CountAndDate::COUNT, CountAndDate::DATE);
    [
        CountAndDate::cut(&Lang::Vi.tr().scan_before(count, date)),
        CountAndDate::cut(&Lang::En.tr().scan_before(count, date)),
        CountAndDate::cut(&Lang::En.tr().scan_before(1, date)),
    ]
});

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
            let [vi, en, en_once] = &*SCAN_BEFORE;
            out.push_str("<p class=\"scan-history seen\"><strong>");
            vi.write(out, n, when);
            out.push_str("</strong><span class=\"en\">");
            if n == 1 { en_once } else { en }.write(out, n, when);
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
        // Values, empty ones, a slot inside a value, and a value left open at the end.
        let values = Pieces::cut(&format!(
            "<{CUT}v1{CUT}|{CUT}{CUT}|{CUT}x{CODE}y{CUT}|{CUT}open"
        ));
        assert_eq!(values.fill("C", "H"), "<v1||xCy|open");
        assert_eq!(&*values.own, "v1xyopen");
    }

    #[test]
    fn answers_of_the_same_shape_share_their_skeleton_and_keep_their_values() {
        let one = Pieces::cut(&format!("<h1>{CUT}Chè{CUT}</h1>{CODE}<p>{CUT}L-1{CUT}</p>"));
        let two = Pieces::cut(&format!(
            "<h1>{CUT}Mật ong{CUT}</h1>{CODE}<p>{CUT}L-2{CUT}</p>"
        ));
        assert!(Arc::ptr_eq(&one.skeleton, &two.skeleton));
        assert_eq!(one.fill("C1", ""), "<h1>Chè</h1>C1<p>L-1</p>");
        assert_eq!(two.fill("C2", ""), "<h1>Mật ong</h1>C2<p>L-2</p>");
        let other = Pieces::cut(&format!("<h2>{CUT}Chè{CUT}</h2>"));
        assert!(!Arc::ptr_eq(&one.skeleton, &other.skeleton));
    }

    #[test]
    fn shared_text_no_answer_holds_is_dropped_and_held_text_stays_shared() {
        let mut shared = Shared {
            skeletons: HashSet::new(),
            prune_at: MIN_PRUNE,
        };
        let skeleton = |text: &str| Skeleton {
            text: text.into(),
            gaps: Box::new([(0, Gap::Code)]),
            codes: 1,
        };
        let held = shared.get(skeleton("held by a page"));
        for i in 0..10 * MIN_PRUNE {
            // The skeleton of a lot whose page is gone at once.
            drop(shared.get(skeleton(&format!("gone {i}"))));
            assert!(shared.skeletons.len() <= MIN_PRUNE, "at {i}");
        }
        assert!(Arc::ptr_eq(&held, &shared.get(skeleton("held by a page"))));
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
        // All of a page but the lot's values is held once for both lots: the head, the labels,
        // the report form; the values are a small part of it.
        for (a, b) in [(&one.html, &two.html), (&one.links, &two.links)] {
            assert!(Arc::ptr_eq(&a.skeleton, &b.skeleton));
            assert!(
                4 * a.own.len() < a.skeleton.text.len(),
                "{} own bytes beside {} shared",
                a.own.len(),
                a.skeleton.text.len()
            );
        }
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
        let history = |before, many| {
            let mut out = String::new();
            write_history_html(&mut out, before, Some(first), many);
            out
        };
        for (before, says) in [
            (14, "Đã quét 14 lần, lần đầu 04/12/2026 08:02"),
            (14, "Scanned 14 times before, first on 04/12/2026 08:02"),
            (1, "Đã quét 1 lần, lần đầu 04/12/2026 08:02"),
            (1, "Scanned once before, on 04/12/2026 08:02"),
        ] {
            let out = history(before, false);
            assert!(out.contains(says), "{out}");
            assert!(!out.contains("role=\"alert\""), "{out}");
        }
        let many = history(25, true);
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
