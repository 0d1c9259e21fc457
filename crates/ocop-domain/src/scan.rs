//! Lượt quét tem: what is recorded when a consumer scans a stamp, the alerts scans raise, and
//! the problems consumers report from a stamp's page.
//!
//! A scan keeps no personal data: the time, the stamp, the kind of device (from the
//! `User-Agent`, one of five classes) and — only when the consumer pressed the button that
//! shares it — a coarse place rounded to 0.1° (about 11 km).

use serde::{Deserialize, Serialize};

use crate::input::{InputField, InputFields, Shape};
use crate::validation::{FieldErrors, invalid, optional_text, required_text};

/// Longest `User-Agent` looked at; the classes are decided by its first bytes.
pub const MAX_AGENT_BYTES: usize = 512;

/// The kind of device that scanned, from its `User-Agent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentClass {
    Android,
    Ios,
    Desktop,
    Bot,
    Other,
}

impl AgentClass {
    pub const ALL: [AgentClass; 5] = [
        AgentClass::Android,
        AgentClass::Ios,
        AgentClass::Desktop,
        AgentClass::Bot,
        AgentClass::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AgentClass::Android => "android",
            AgentClass::Ios => "ios",
            AgentClass::Desktop => "desktop",
            AgentClass::Bot => "bot",
            AgentClass::Other => "other",
        }
    }

    pub fn parse(raw: &str) -> Option<AgentClass> {
        AgentClass::ALL.into_iter().find(|c| c.key() == raw)
    }

    /// The class of a `User-Agent` header (None: no header). Crawlers first, since many
    /// also name a platform.
    pub fn classify(user_agent: Option<&[u8]>) -> AgentClass {
        let Some(raw) = user_agent else {
            return AgentClass::Other;
        };
        let ua = &raw[..raw.len().min(MAX_AGENT_BYTES)];
        let has = |needle: &[u8]| {
            ua.windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle))
        };
        if has(b"bot") || has(b"crawl") || has(b"spider") || has(b"curl") || has(b"wget") {
            AgentClass::Bot
        } else if has(b"android") {
            AgentClass::Android
        } else if has(b"iphone") || has(b"ipad") || has(b"ipod") {
            AgentClass::Ios
        } else if has(b"windows") || has(b"macintosh") || has(b"x11") || has(b"cros") {
            AgentClass::Desktop
        } else {
            AgentClass::Other
        }
    }
}

/// A coarse place, in tenths of a degree: what a consumer may choose to share with a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CoarsePlace {
    pub lat_tenths: i16,
    pub lon_tenths: i16,
}

/// Longest `loc` parameter looked at.
pub const MAX_PLACE_CHARS: usize = 40;

impl CoarsePlace {
    /// Reads `"lat,lon"` in degrees (as the browser's geolocation gives them) and rounds to
    /// 0.1°; None for anything else, which is then simply not recorded.
    pub fn parse(raw: &str) -> Option<CoarsePlace> {
        if raw.len() > MAX_PLACE_CHARS {
            return None;
        }
        let (lat, lon) = raw.split_once(',')?;
        let lat: f64 = lat.trim().parse().ok()?;
        let lon: f64 = lon.trim().parse().ok()?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return None;
        }
        Some(CoarsePlace {
            lat_tenths: (lat * 10.0).round() as i16,
            lon_tenths: (lon * 10.0).round() as i16,
        })
    }

    pub fn from_tenths(lat_tenths: i64, lon_tenths: i64) -> Option<CoarsePlace> {
        Some(CoarsePlace {
            lat_tenths: i16::try_from(lat_tenths).ok()?,
            lon_tenths: i16::try_from(lon_tenths).ok()?,
        })
    }

    pub fn lat(self) -> f64 {
        f64::from(self.lat_tenths) / 10.0
    }

    pub fn lon(self) -> f64 {
        f64::from(self.lon_tenths) / 10.0
    }

    /// Great-circle distance in kilometres.
    pub fn distance_km(self, other: CoarsePlace) -> f64 {
        distance_km(self.lat(), self.lon(), other.lat(), other.lon())
    }
}

fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const EARTH_KM: f64 = 6371.0;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_KM * a.sqrt().asin()
}

const PROVINCE_CENTROIDS: &str =
    include_str!("../../../data/admin-units/province-centroids-2025-07.csv");

/// A place this far from every province centroid is outside Vietnam.
const MAX_PROVINCE_KM: f64 = 250.0;

/// The province centroids (code, latitude, longitude), read from their CSV once.
static CENTROIDS: std::sync::LazyLock<Vec<(u32, f64, f64)>> = std::sync::LazyLock::new(|| {
    PROVINCE_CENTROIDS
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split(',');
            let code: u32 = cols.next()?.parse().ok()?;
            let lon: f64 = cols.next_back()?.parse().ok()?;
            let lat: f64 = cols.next_back()?.parse().ok()?;
            Some((code, lat, lon))
        })
        .collect()
});

/// The province (code of today's structure) whose centroid is nearest `place`: an
/// approximation good enough for "scans per province", none outside the country.
pub fn nearest_province(place: CoarsePlace) -> Option<u32> {
    CENTROIDS
        .iter()
        .map(|&(code, lat, lon)| (code, distance_km(place.lat(), place.lon(), lat, lon)))
        .filter(|(_, km)| *km <= MAX_PROVINCE_KM)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(code, _)| code)
}

/// Why a stamp's scans look wrong (cảnh báo).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// Scanned more than the setting's count: the stamp was probably copied.
    ManyScans,
    /// Scanned from places far apart within a short time.
    FarApart,
    /// A validly tagged code of a series that was never issued: a stamp key may have leaked.
    NeverIssued,
    /// Scanned after its lot's expiry date.
    AfterExpiry,
}

impl AlertKind {
    pub const ALL: [AlertKind; 4] = [
        AlertKind::ManyScans,
        AlertKind::FarApart,
        AlertKind::NeverIssued,
        AlertKind::AfterExpiry,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AlertKind::ManyScans => "many_scans",
            AlertKind::FarApart => "far_apart",
            AlertKind::NeverIssued => "never_issued",
            AlertKind::AfterExpiry => "after_expiry",
        }
    }

    pub fn parse(raw: &str) -> Option<AlertKind> {
        AlertKind::ALL.into_iter().find(|k| k.key() == raw)
    }
}

/// When scans raise alerts (settings `scans.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertRules {
    /// A serial scanned more than this many times.
    pub max_scans: u32,
    /// Two scans of one serial from places farther apart than this …
    pub far_km: u32,
    /// … within this many hours.
    pub far_hours: u32,
}

impl Default for AlertRules {
    fn default() -> Self {
        AlertRules {
            max_scans: 20,
            far_km: 100,
            far_hours: 24,
        }
    }
}

impl AlertRules {
    pub fn too_many(&self, count: u64) -> bool {
        count > u64::from(self.max_scans)
    }

    /// Whether two scans `hours` apart at `a` and `b` are too far apart for one stamp.
    pub fn too_far(&self, a: CoarsePlace, b: CoarsePlace, hours: f64) -> bool {
        hours.abs() <= f64::from(self.far_hours) && a.distance_km(b) > f64::from(self.far_km)
    }
}

/// What a consumer reports (báo cáo vấn đề).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ReportKind {
    /// Nghi hàng giả.
    Counterfeit,
    /// Vấn đề chất lượng.
    Quality,
    Other,
}

impl ReportKind {
    pub const ALL: [ReportKind; 3] = [
        ReportKind::Counterfeit,
        ReportKind::Quality,
        ReportKind::Other,
    ];
    pub const KEYS: &[&str] = &["counterfeit", "quality", "other"];

    pub fn key(self) -> &'static str {
        match self {
            ReportKind::Counterfeit => "counterfeit",
            ReportKind::Quality => "quality",
            ReportKind::Other => "other",
        }
    }

    pub fn parse(raw: &str) -> Option<ReportKind> {
        ReportKind::ALL.into_iter().find(|k| k.key() == raw.trim())
    }
}

/// Longest report text.
pub const MAX_REPORT_CHARS: usize = 1000;
/// Longest phone number as typed (digits, spaces, `+`, `.`, `-`).
pub const MAX_PHONE_CHARS: usize = 20;

/// The fields of a consumer report, for the form, the API and its document.
pub const REPORT_FIELDS: &[InputField] = &[
    InputField {
        name: "kind",
        required: true,
        shape: Shape::Choice(ReportKind::KEYS),
        description: "Loại vấn đề: counterfeit (nghi hàng giả), quality (chất lượng), other",
    },
    InputField {
        name: "message",
        required: true,
        shape: Shape::Text {
            max_chars: MAX_REPORT_CHARS,
        },
        description: "Mô tả vấn đề",
    },
    InputField {
        name: "phone",
        required: false,
        shape: Shape::Code {
            pattern: r"^[0-9+ .\-]{0,20}$",
            max_chars: MAX_PHONE_CHARS,
            format: None,
        },
        description: "Số điện thoại để liên hệ lại (không bắt buộc)",
    },
];

/// Báo cáo vấn đề: what the report form and the API submit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportInput {
    pub kind: String,
    pub message: String,
    pub phone: String,
}

impl InputFields for ReportInput {
    fn fields() -> Vec<InputField> {
        REPORT_FIELDS.to_vec()
    }
}

#[cfg(feature = "openapi")]
crate::input_schemas!(ReportInput: "Báo cáo vấn đề của người tiêu dùng về một tem");

impl ReportInput {
    pub fn parse(&self) -> Result<Report, FieldErrors> {
        Report::parse(&self.kind, &self.message, &self.phone)
    }
}

/// A consumer's report, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub kind: ReportKind,
    pub message: String,
    pub phone: Option<String>,
}

impl Report {
    /// Checks a report's fields as given (a form or a JSON body).
    pub fn parse(kind: &str, message: &str, phone: &str) -> Result<Report, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind = ReportKind::parse(kind);
        if kind.is_none() {
            errors.add(
                "kind",
                "invalid_choice",
                "Loại vấn đề phải là: nghi hàng giả, chất lượng hoặc khác",
            );
        }
        let message = errors.take(
            "message",
            required_text(message, "Mô tả vấn đề", MAX_REPORT_CHARS),
        );
        let phone = errors
            .take(
                "phone",
                optional_text(phone, "Số điện thoại", MAX_PHONE_CHARS).and_then(|p| match p {
                    Some(p) if !valid_phone(&p) => Err(invalid(
                        "invalid_phone",
                        "Số điện thoại chỉ gồm 8–15 chữ số (có thể có +, dấu cách, chấm, gạch)",
                    )),
                    other => Ok(other),
                }),
            )
            .flatten();
        match (kind, message) {
            (Some(kind), Some(message)) if errors.is_empty() => Ok(Report {
                kind,
                message,
                phone,
            }),
            _ => Err(errors),
        }
    }
}

/// Longest note of how an alert was handled.
pub const MAX_HANDLING_NOTE_CHARS: usize = 1000;

/// Xử lý cảnh báo: what marking a scan alert handled submits — what was done about it (the
/// stamp checked with the producer, the shop visited, the market watch told).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HandlingInput {
    pub note: String,
}

impl InputFields for HandlingInput {
    fn fields() -> Vec<InputField> {
        vec![InputField {
            name: "note",
            required: true,
            shape: Shape::Text {
                max_chars: MAX_HANDLING_NOTE_CHARS,
            },
            description: "Đã xử lý thế nào (bắt buộc)",
        }]
    }
}

#[cfg(feature = "openapi")]
crate::input_schemas!(HandlingInput: "Xử lý cảnh báo quét tem: what was done");

impl HandlingInput {
    /// The note, trimmed: required, at most [`MAX_HANDLING_NOTE_CHARS`].
    pub fn parse(&self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        let note = errors.take(
            "note",
            required_text(&self.note, "Cách xử lý", MAX_HANDLING_NOTE_CHARS),
        );
        match note {
            Some(note) if errors.is_empty() => Ok(note),
            _ => Err(errors),
        }
    }
}

fn valid_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    (8..=15).contains(&digits)
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '.' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handling_note_is_required_and_bounded() {
        let note = |n: &str| HandlingInput { note: n.to_owned() }.parse();
        assert_eq!(
            note("  Đã báo quản lý thị trường  ").unwrap(),
            "Đã báo quản lý thị trường"
        );
        for bad in ["", "   ", &"x".repeat(MAX_HANDLING_NOTE_CHARS + 1)] {
            let errors = note(bad).unwrap_err();
            assert_eq!(errors.0.len(), 1, "{bad:?}");
            assert_eq!(errors.0[0].field, "note");
        }
        assert!(note(&"ư".repeat(MAX_HANDLING_NOTE_CHARS)).is_ok());
    }

    #[test]
    fn user_agents_fall_in_five_classes() {
        for (ua, class) in [
            (
                "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 Chrome/120 Mobile",
                AgentClass::Android,
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15",
                AgentClass::Ios,
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120",
                AgentClass::Desktop,
            ),
            (
                "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                AgentClass::Bot,
            ),
            ("curl/8.5.0", AgentClass::Bot),
            ("Zalo", AgentClass::Other),
        ] {
            assert_eq!(AgentClass::classify(Some(ua.as_bytes())), class, "{ua}");
        }
        assert_eq!(AgentClass::classify(None), AgentClass::Other);
        for class in AgentClass::ALL {
            assert_eq!(AgentClass::parse(class.key()), Some(class));
        }
    }

    #[test]
    fn places_are_rounded_to_a_tenth_of_a_degree() {
        let p = CoarsePlace::parse("21.0367,105.8342").unwrap();
        assert_eq!((p.lat_tenths, p.lon_tenths), (210, 1058));
        assert_eq!(
            CoarsePlace::parse(" -8.05 , 105.0 ").unwrap().lat_tenths,
            -81
        );
        for bad in ["", "21", "91,0", "0,181", "a,b", "NaN,1", &"1".repeat(41)] {
            assert_eq!(CoarsePlace::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn hanoi_to_ho_chi_minh_city_is_far_and_places_name_their_province() {
        let hanoi = CoarsePlace::parse("21.03,105.85").unwrap();
        let hcm = CoarsePlace::parse("10.78,106.70").unwrap();
        let km = hanoi.distance_km(hcm);
        assert!((1100.0..1200.0).contains(&km), "{km}");
        assert_eq!(nearest_province(hanoi), Some(1));
        assert_eq!(nearest_province(hcm), Some(79));
        // The middle of the Pacific is no province.
        assert_eq!(
            nearest_province(CoarsePlace::parse("0,-150").unwrap()),
            None
        );
        let rules = AlertRules::default();
        assert!(rules.too_far(hanoi, hcm, 2.0));
        assert!(!rules.too_far(hanoi, hcm, 48.0));
        assert!(!rules.too_far(hanoi, hanoi, 1.0));
        assert!(!rules.too_many(20) && rules.too_many(21));
    }

    #[test]
    fn reports_are_bounded_and_name_their_fields() {
        let ok = Report::parse("quality", "  Bao bì bị rách ", "0912 345 678").unwrap();
        assert_eq!(ok.kind, ReportKind::Quality);
        assert_eq!(ok.message, "Bao bì bị rách");
        assert_eq!(ok.phone.as_deref(), Some("0912 345 678"));
        assert_eq!(Report::parse("other", "x", "").unwrap().phone, None);
        let errors = Report::parse("spam", " ", "12").unwrap_err();
        for field in ["kind", "message", "phone"] {
            assert!(errors.get(field).is_some(), "{field}: {errors}");
        }
        let long = "a".repeat(MAX_REPORT_CHARS + 1);
        assert_eq!(
            Report::parse("other", &long, "")
                .unwrap_err()
                .get("message")
                .unwrap()
                .code,
            "too_long"
        );
        assert_eq!(
            Report::parse("other", "a\u{0}b", "")
                .unwrap_err()
                .get("message")
                .unwrap()
                .code,
            "control_character"
        );
    }
}
