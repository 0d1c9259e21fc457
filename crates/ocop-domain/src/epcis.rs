//! Sự kiện truy xuất: a lot's events in the EPCIS 2.0 model, and their export as an EPCIS 2.0
//! JSON-LD document (GS1 EPCIS 2.0 / CBV 2.0; `../shared/TRACEABILITY.md` §4).
//!
//! Every event is an `ObjectEvent`: *what* — the product class (the GS1 Digital Link URI of
//! the GTIN and lot when the product has a GTIN, else an internal URN) with the lot's quantity
//! and optional stamp serials; *when* — the event time with its time-zone offset (Vietnam,
//! +07:00) and the record time; *where* — read point and business location ids; *why* — the
//! CBV business step and disposition. Lot master data (production and expiry dates, ILMD)
//! rides only on `ADD`. The log is append-only: a mistake is corrected by a new event that
//! declares the error (`errorDeclaration`) of the one it corrects, never by an edit.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};
use uuid::Uuid;

use crate::identifiers::{Gtin, gs1_check_digit};
use crate::input::{InputField, InputFields, Shape};
use crate::validation::{FieldError, FieldErrors, invalid, optional_text};

/// The JSON-LD context of EPCIS 2.0.
pub const EPCIS_CONTEXT: &str = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
/// The `GS1-EPCIS-Version` and `GS1-CBV-Version` header values of an export.
pub const EPCIS_VERSION: &str = "2.0.0";
pub const CBV_VERSION: &str = "2.0.0";
/// Vietnam's time zone (ICT), the offset every event is recorded with.
pub const TIME_ZONE_OFFSET: &str = "+07:00";
/// Most serials one event names.
pub const MAX_SERIALS: usize = 1000;
/// Longest serial (a stamp's `SERIAL.TAG` is 21).
pub const MAX_SERIAL_CHARS: usize = 40;
/// Longest serials text.
pub const MAX_SERIALS_CHARS: usize = MAX_SERIALS * (MAX_SERIAL_CHARS + 1);
/// Longest location id as given.
pub const MAX_LOCATION_CHARS: usize = 200;
/// Longest correction reason.
pub const MAX_CORRECTION_REASON_CHARS: usize = 1000;
/// How far ahead of the server's clock an event time may be (clock skew of a phone).
const FUTURE_SKEW: time::Duration = time::Duration::minutes(5);

/// Bước nghiệp vụ: the CBV 2.0 business steps a lot goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BizStep {
    Commissioning,
    Packing,
    Storing,
    Shipping,
    Receiving,
    RetailSelling,
    Inspecting,
    Holding,
    Destroying,
}

impl BizStep {
    pub const ALL: [BizStep; 9] = [
        BizStep::Commissioning,
        BizStep::Packing,
        BizStep::Storing,
        BizStep::Shipping,
        BizStep::Receiving,
        BizStep::RetailSelling,
        BizStep::Inspecting,
        BizStep::Holding,
        BizStep::Destroying,
    ];

    /// The CBV 2.0 term, as JSON-LD writes it.
    pub fn key(self) -> &'static str {
        match self {
            BizStep::Commissioning => "commissioning",
            BizStep::Packing => "packing",
            BizStep::Storing => "storing",
            BizStep::Shipping => "shipping",
            BizStep::Receiving => "receiving",
            BizStep::RetailSelling => "retail_selling",
            BizStep::Inspecting => "inspecting",
            BizStep::Holding => "holding",
            BizStep::Destroying => "destroying",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BizStep::Commissioning => "Sản xuất (khởi tạo lô)",
            BizStep::Packing => "Đóng gói",
            BizStep::Storing => "Lưu kho",
            BizStep::Shipping => "Xuất hàng",
            BizStep::Receiving => "Nhận hàng",
            BizStep::RetailSelling => "Bán lẻ",
            BizStep::Inspecting => "Kiểm tra",
            BizStep::Holding => "Tạm giữ",
            BizStep::Destroying => "Tiêu hủy",
        }
    }

    pub fn from_key(key: &str) -> Option<BizStep> {
        BizStep::ALL.into_iter().find(|s| s.key() == key.trim())
    }

    /// The disposition an event of this step has when none is given.
    pub fn default_disposition(self) -> Disposition {
        match self {
            BizStep::Commissioning | BizStep::Packing | BizStep::Storing => Disposition::Active,
            BizStep::Shipping => Disposition::InTransit,
            BizStep::Receiving => Disposition::SellableAccessible,
            BizStep::RetailSelling => Disposition::RetailSold,
            BizStep::Inspecting => Disposition::Conformant,
            BizStep::Holding => Disposition::NonSellableOther,
            BizStep::Destroying => Disposition::Destroyed,
        }
    }
}

/// Tình trạng: the CBV 2.0 dispositions of a lot's goods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Disposition {
    Active,
    InTransit,
    SellableAccessible,
    RetailSold,
    Conformant,
    NonConformant,
    NonSellableOther,
    Expired,
    Recalled,
    Destroyed,
}

impl Disposition {
    pub const ALL: [Disposition; 10] = [
        Disposition::Active,
        Disposition::InTransit,
        Disposition::SellableAccessible,
        Disposition::RetailSold,
        Disposition::Conformant,
        Disposition::NonConformant,
        Disposition::NonSellableOther,
        Disposition::Expired,
        Disposition::Recalled,
        Disposition::Destroyed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Disposition::Active => "active",
            Disposition::InTransit => "in_transit",
            Disposition::SellableAccessible => "sellable_accessible",
            Disposition::RetailSold => "retail_sold",
            Disposition::Conformant => "conformant",
            Disposition::NonConformant => "non_conformant",
            Disposition::NonSellableOther => "non_sellable_other",
            Disposition::Expired => "expired",
            Disposition::Recalled => "recalled",
            Disposition::Destroyed => "destroyed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Disposition::Active => "Đang lưu hành",
            Disposition::InTransit => "Đang vận chuyển",
            Disposition::SellableAccessible => "Sẵn sàng bán",
            Disposition::RetailSold => "Đã bán lẻ",
            Disposition::Conformant => "Đạt yêu cầu",
            Disposition::NonConformant => "Không đạt",
            Disposition::NonSellableOther => "Không được bán",
            Disposition::Expired => "Hết hạn",
            Disposition::Recalled => "Đã thu hồi",
            Disposition::Destroyed => "Đã tiêu hủy",
        }
    }

    pub fn from_key(key: &str) -> Option<Disposition> {
        Disposition::ALL.into_iter().find(|d| d.key() == key.trim())
    }

    /// Puts goods (back) on the market: refused for a recalled lot.
    pub fn on_market(self) -> bool {
        matches!(
            self,
            Disposition::Active
                | Disposition::InTransit
                | Disposition::SellableAccessible
                | Disposition::RetailSold
        )
    }
}

/// Hành động: what the event does to the objects' existence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EventAction {
    #[serde(rename = "ADD")]
    Add,
    #[serde(rename = "OBSERVE")]
    Observe,
    #[serde(rename = "DELETE")]
    Delete,
}

impl EventAction {
    pub const ALL: [EventAction; 3] = [EventAction::Add, EventAction::Observe, EventAction::Delete];

    pub fn key(self) -> &'static str {
        match self {
            EventAction::Add => "ADD",
            EventAction::Observe => "OBSERVE",
            EventAction::Delete => "DELETE",
        }
    }

    pub fn from_key(key: &str) -> Option<EventAction> {
        EventAction::ALL
            .into_iter()
            .find(|a| a.key().eq_ignore_ascii_case(key.trim()))
    }
}

/// A new event's facts, valid by construction (the lot, times and ids are the store's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventData {
    pub action: EventAction,
    pub biz_step: BizStep,
    pub disposition: Disposition,
    pub event_time: OffsetDateTime,
    pub read_point: Option<String>,
    pub biz_location: Option<String>,
    pub quantity: Option<u32>,
    pub serials: Vec<String>,
    /// The event this one corrects, and why the earlier one was wrong.
    pub correction: Option<(Uuid, String)>,
}

/// What a form or the API submits for an event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventInput {
    pub biz_step: String,
    pub disposition: String,
    pub action: String,
    /// `2026-05-10T08:30` (Vietnam time) or RFC 3339; blank is now.
    pub event_time: String,
    pub read_point: String,
    pub biz_location: String,
    pub quantity: String,
    /// Stamp serials, separated by spaces, commas or lines.
    pub serials: String,
    /// The id of an earlier event of the lot that this one corrects.
    pub corrects: String,
    pub correction_reason: String,
}

const BIZ_STEP_KEYS: [&str; 8] = [
    "packing",
    "storing",
    "shipping",
    "receiving",
    "retail_selling",
    "inspecting",
    "holding",
    "destroying",
];
const DISPOSITION_KEYS: [&str; 9] = [
    "active",
    "in_transit",
    "sellable_accessible",
    "retail_sold",
    "conformant",
    "non_conformant",
    "non_sellable_other",
    "expired",
    "destroyed",
];

impl InputFields for EventInput {
    fn fields() -> Vec<InputField> {
        let field = |name, required, shape, description| InputField {
            name,
            required,
            shape,
            description,
        };
        vec![
            field(
                "biz_step",
                true,
                Shape::Choice(&BIZ_STEP_KEYS),
                "Bước nghiệp vụ (CBV 2.0). Commissioning is recorded when the lot is created",
            ),
            field(
                "disposition",
                false,
                Shape::Choice(&DISPOSITION_KEYS),
                "Tình trạng (CBV 2.0); blank takes the step's usual one. `recalled` only \
                 through the recall",
            ),
            field(
                "action",
                false,
                Shape::Choice(&["OBSERVE", "DELETE"]),
                "EPCIS action (default `OBSERVE`); `ADD` is the lot's commissioning",
            ),
            field(
                "event_time",
                false,
                Shape::Text { max_chars: 35 },
                "Thời điểm: `2026-05-10T08:30` (Vietnam time) or RFC 3339; blank is now",
            ),
            field(
                "read_point",
                false,
                Shape::Text {
                    max_chars: MAX_LOCATION_CHARS,
                },
                "Điểm ghi nhận: a GLN (13 digits), a URI, or a short internal id",
            ),
            field(
                "biz_location",
                false,
                Shape::Text {
                    max_chars: MAX_LOCATION_CHARS,
                },
                "Địa điểm nghiệp vụ: a GLN (13 digits), a URI, or a short internal id",
            ),
            field(
                "quantity",
                false,
                Shape::Integer {
                    min: 1,
                    max: crate::lot::MAX_QUANTITY,
                },
                "Số lượng (in the lot's unit)",
            ),
            field(
                "serials",
                false,
                Shape::Text {
                    max_chars: MAX_SERIALS_CHARS,
                },
                "Stamp serials, separated by spaces, commas or lines (at most 1000)",
            ),
            field(
                "corrects",
                false,
                Shape::Code {
                    pattern: r"^[0-9a-fA-F-]{36}$",
                    max_chars: 36,
                    format: Some("uuid"),
                },
                "The id of an earlier event of this lot that this event corrects",
            ),
            field(
                "correction_reason",
                false,
                Shape::Text {
                    max_chars: MAX_CORRECTION_REASON_CHARS,
                },
                "Why the corrected event was wrong (required with `corrects`)",
            ),
        ]
    }
}

#[cfg(feature = "openapi")]
crate::input_schemas!(EventInput: "Sự kiện của lô (EPCIS ObjectEvent): checked together, each error naming its field");

/// A location id: a GLN (13 digits with its check digit) as its Digital Link URI, a URI as
/// given, or a short internal id as an `urn:ocop:location:` URN.
pub fn parse_location(raw: &str, label: &str) -> Result<Option<String>, FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if v.chars().count() > MAX_LOCATION_CHARS {
        return Err(invalid(
            "too_long",
            format!("{label} dài quá {MAX_LOCATION_CHARS} ký tự"),
        ));
    }
    let bad = || {
        invalid(
            "invalid_location",
            format!(
                "{label} \"{v}\" không hợp lệ: cần mã GLN 13 số, một URI, hoặc mã nội bộ (chữ không dấu, số, - . _)"
            ),
        )
    };
    if v.len() == 13 && v.chars().all(|c| c.is_ascii_digit()) {
        let check = v[12..].parse::<u32>().map_err(|_| bad())?;
        if gs1_check_digit(&v[..12]) != check {
            return Err(invalid(
                "invalid_gln",
                format!("{label}: mã GLN {v} sai số kiểm tra"),
            ));
        }
        return Ok(Some(format!("https://id.gs1.org/414/{v}")));
    }
    let uri_char = |c: char| c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '\\');
    if (v.starts_with("urn:") || v.starts_with("https://")) && v.chars().all(uri_char) {
        return Ok(Some(v.to_owned()));
    }
    if v.chars().count() <= 60
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
    {
        return Ok(Some(format!("urn:ocop:location:{v}")));
    }
    Err(bad())
}

/// An event time: RFC 3339, or `YYYY-MM-DDTHH:MM[:SS]` (a form's local time) in Vietnam time.
pub fn parse_event_time(raw: &str, now: OffsetDateTime) -> Result<OffsetDateTime, FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(now);
    }
    let bad = || {
        invalid(
            "invalid_time",
            format!("Thời điểm \"{v}\" không hợp lệ (dạng 2026-05-10T08:30)"),
        )
    };
    if v.len() > 35 {
        return Err(bad());
    }
    let at = match OffsetDateTime::parse(v, &Rfc3339) {
        Ok(t) => t,
        Err(_) => {
            let local = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
            let with_seconds =
                time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
            let naive = time::PrimitiveDateTime::parse(v, &local)
                .or_else(|_| time::PrimitiveDateTime::parse(v, &with_seconds))
                .map_err(|_| bad())?;
            naive.assume_offset(crate::VIETNAM)
        }
    };
    if at > now + FUTURE_SKEW {
        return Err(invalid("in_future", format!("Thời điểm {v} ở tương lai")));
    }
    Ok(at)
}

/// Serials separated by white space, commas or semicolons; each letters, digits and `.`.
pub fn parse_serials(raw: &str) -> Result<Vec<String>, FieldError> {
    if raw.chars().count() > MAX_SERIALS_CHARS {
        return Err(invalid(
            "too_long",
            format!("Danh sách số sê-ri dài quá {MAX_SERIALS_CHARS} ký tự"),
        ));
    }
    let serials: Vec<String> = raw
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|s| !s.is_empty())
        .map(str::to_uppercase)
        .collect();
    if serials.len() > MAX_SERIALS {
        return Err(invalid(
            "too_many",
            format!(
                "Tối đa {MAX_SERIALS} số sê-ri (nhận được {})",
                serials.len()
            ),
        ));
    }
    if let Some(bad) = serials.iter().find(|s| {
        s.chars().count() > MAX_SERIAL_CHARS
            || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
    }) {
        return Err(invalid(
            "invalid_serial",
            format!(
                "Số sê-ri \"{bad}\" không hợp lệ (chữ không dấu, số và dấu chấm, tối đa {MAX_SERIAL_CHARS} ký tự)"
            ),
        ));
    }
    Ok(serials)
}

impl EventInput {
    /// Checks every field at `now` (no event is in the future).
    pub fn parse(&self, now: OffsetDateTime) -> Result<EventData, FieldErrors> {
        let mut errors = FieldErrors::default();
        let biz_step = match BizStep::from_key(&self.biz_step) {
            Some(BizStep::Commissioning) => {
                errors.add(
                    "biz_step",
                    "commissioning",
                    "Sự kiện sản xuất (khởi tạo lô) được ghi khi tạo lô",
                );
                None
            }
            Some(step) => Some(step),
            None => {
                errors.add(
                    "biz_step",
                    "invalid_biz_step",
                    format!("Bước nghiệp vụ \"{}\" không hợp lệ", self.biz_step.trim()),
                );
                None
            }
        };
        let disposition = if self.disposition.trim().is_empty() {
            biz_step.map(BizStep::default_disposition)
        } else {
            match Disposition::from_key(&self.disposition) {
                Some(Disposition::Recalled) => {
                    errors.add(
                        "disposition",
                        "recall_only",
                        "Tình trạng \"đã thu hồi\" chỉ ghi qua chức năng thu hồi lô",
                    );
                    None
                }
                Some(d) => Some(d),
                None => {
                    errors.add(
                        "disposition",
                        "invalid_disposition",
                        format!("Tình trạng \"{}\" không hợp lệ", self.disposition.trim()),
                    );
                    None
                }
            }
        };
        let action = match self.action.trim() {
            "" => Some(EventAction::Observe),
            raw => match EventAction::from_key(raw) {
                Some(EventAction::Add) => {
                    errors.add(
                        "action",
                        "add_is_commissioning",
                        "Hành động ADD chỉ dùng cho sự kiện khởi tạo lô",
                    );
                    None
                }
                Some(a) => Some(a),
                None => {
                    errors.add(
                        "action",
                        "invalid_action",
                        format!("Hành động \"{raw}\" không hợp lệ (OBSERVE hoặc DELETE)"),
                    );
                    None
                }
            },
        };
        let event_time = errors.take("event_time", parse_event_time(&self.event_time, now));
        let read_point = errors.take(
            "read_point",
            parse_location(&self.read_point, "Điểm ghi nhận"),
        );
        let biz_location = errors.take(
            "biz_location",
            parse_location(&self.biz_location, "Địa điểm nghiệp vụ"),
        );
        let quantity = match self.quantity.trim() {
            "" => Some(None),
            raw => match raw.parse::<u32>() {
                Ok(n) if (1..=crate::lot::MAX_QUANTITY).contains(&n) => Some(Some(n)),
                _ => {
                    errors.add(
                        "quantity",
                        "invalid_number",
                        format!(
                            "Số lượng phải là số nguyên từ 1 đến {}",
                            crate::lot::MAX_QUANTITY
                        ),
                    );
                    None
                }
            },
        };
        let serials = errors.take("serials", parse_serials(&self.serials));
        let correction = self.correction(&mut errors);
        match (
            biz_step,
            disposition,
            action,
            event_time,
            read_point,
            biz_location,
            quantity,
            serials,
            correction,
        ) {
            (
                Some(biz_step),
                Some(disposition),
                Some(action),
                Some(event_time),
                Some(read_point),
                Some(biz_location),
                Some(quantity),
                Some(serials),
                Some(correction),
            ) if errors.is_empty() => Ok(EventData {
                action,
                biz_step,
                disposition,
                event_time,
                read_point,
                biz_location,
                quantity,
                serials,
                correction,
            }),
            _ => Err(errors),
        }
    }

    fn correction(&self, errors: &mut FieldErrors) -> Option<Option<(Uuid, String)>> {
        let reason = errors.take(
            "correction_reason",
            optional_text(
                &self.correction_reason,
                "Lý do đính chính",
                MAX_CORRECTION_REASON_CHARS,
            ),
        )?;
        match (self.corrects.trim(), reason) {
            ("", None) => Some(None),
            ("", Some(_)) => {
                errors.add("corrects", "required", "Chọn sự kiện cần đính chính");
                None
            }
            (id, reason) => {
                let Ok(id) = Uuid::parse_str(id) else {
                    errors.add(
                        "corrects",
                        "invalid_id",
                        format!("Mã sự kiện \"{id}\" không hợp lệ"),
                    );
                    return None;
                };
                match reason {
                    Some(reason) => Some(Some((id, reason))),
                    None => {
                        errors.add(
                            "correction_reason",
                            "required",
                            "Lý do đính chính không được để trống",
                        );
                        None
                    }
                }
            }
        }
    }
}

/// A GTIN as 14 digits (GTIN-8/12/13 left-padded with zeros), as Digital Link writes it.
pub fn gtin14(gtin: &Gtin) -> String {
    format!("{:0>14}", gtin.as_str())
}

/// Percent-encodes a path segment (lot numbers and serials are plain already; this keeps a
/// `/` of a lot number from splitting the path).
fn segment(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// What an event is about: the product class of the lot, and how its instances are named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotIdentity {
    pub product_id: Uuid,
    pub gtin: Option<Gtin>,
    pub lot_number: String,
}

impl LotIdentity {
    /// The lot's class: `https://id.gs1.org/01/{gtin14}/10/{lot}` with a GTIN, else
    /// `urn:ocop:product:{id}:lot:{lot}`.
    pub fn class_uri(&self) -> String {
        match &self.gtin {
            Some(gtin) => format!(
                "https://id.gs1.org/01/{}/10/{}",
                gtin14(gtin),
                segment(&self.lot_number)
            ),
            None => format!(
                "urn:ocop:product:{}:lot:{}",
                self.product_id,
                segment(&self.lot_number)
            ),
        }
    }

    /// One instance (a stamped item) of the lot.
    pub fn instance_uri(&self, serial: &str) -> String {
        match &self.gtin {
            Some(gtin) => format!(
                "https://id.gs1.org/01/{}/10/{}/21/{}",
                gtin14(gtin),
                segment(&self.lot_number),
                segment(serial)
            ),
            None => format!(
                "urn:ocop:product:{}:lot:{}:serial:{}",
                self.product_id,
                segment(&self.lot_number),
                segment(serial)
            ),
        }
    }
}

/// A stored event as the export needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedEvent {
    pub id: Uuid,
    pub action: EventAction,
    pub biz_step: BizStep,
    pub disposition: Disposition,
    pub event_time: OffsetDateTime,
    pub record_time: OffsetDateTime,
    pub read_point: Option<String>,
    pub biz_location: Option<String>,
    pub quantity: Option<u32>,
    pub serials: Vec<String>,
    pub correction: Option<(Uuid, String)>,
}

/// The lot's master data an `ADD` event carries (ILMD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotMasterData {
    pub produced_on: Date,
    pub expires_on: Option<Date>,
    /// The unit the lot is counted in, as written ("kg", "gói").
    pub unit: String,
}

fn time_text(t: OffsetDateTime) -> String {
    t.to_offset(crate::VIETNAM)
        .format(&Rfc3339)
        .unwrap_or_default()
}

fn date_text(d: Date) -> String {
    d.format(time::macros::format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// The UN/ECE Recommendation 20 code of a unit people write, where one fits; other units
/// ("gói", "chai") count instances and carry no code.
pub fn uom_code(unit: &str) -> Option<&'static str> {
    match crate::text::fold_vi(unit).as_str() {
        "kg" | "kilogam" => Some("KGM"),
        "g" | "gam" | "gram" => Some("GRM"),
        "tan" | "t" => Some("TNE"),
        "l" | "lit" | "litre" | "liter" => Some("LTR"),
        "ml" => Some("MLT"),
        _ => None,
    }
}

fn event_id(id: Uuid) -> String {
    format!("urn:uuid:{id}")
}

/// One event as an EPCIS 2.0 JSON-LD `ObjectEvent`.
fn object_event(
    lot: &LotIdentity,
    master: &LotMasterData,
    event: &RecordedEvent,
    error_declaration: Option<Value>,
) -> Value {
    let mut e = Map::new();
    e.insert("type".into(), "ObjectEvent".into());
    e.insert("eventID".into(), event_id(event.id).into());
    e.insert("eventTime".into(), time_text(event.event_time).into());
    e.insert("eventTimeZoneOffset".into(), TIME_ZONE_OFFSET.into());
    e.insert(
        "recordTime".into(),
        event
            .record_time
            .to_offset(UtcOffset::UTC)
            .format(&Rfc3339)
            .unwrap_or_default()
            .into(),
    );
    if let Some(declaration) = error_declaration {
        e.insert("errorDeclaration".into(), declaration);
    }
    let epcs: Vec<Value> = event
        .serials
        .iter()
        .map(|s| lot.instance_uri(s).into())
        .collect();
    e.insert("epcList".into(), Value::Array(epcs));
    if let Some(quantity) = event.quantity {
        let mut element = Map::new();
        element.insert("epcClass".into(), lot.class_uri().into());
        element.insert("quantity".into(), quantity.into());
        if let Some(uom) = uom_code(&master.unit) {
            element.insert("uom".into(), uom.into());
        }
        e.insert("quantityList".into(), json!([element]));
    } else if event.serials.is_empty() {
        // Without serials or a count, the class itself is what the event is about.
        e.insert(
            "quantityList".into(),
            json!([{ "epcClass": lot.class_uri() }]),
        );
    }
    e.insert("action".into(), event.action.key().into());
    e.insert("bizStep".into(), event.biz_step.key().into());
    e.insert("disposition".into(), event.disposition.key().into());
    if let Some(id) = &event.read_point {
        e.insert("readPoint".into(), json!({ "id": id }));
    }
    if let Some(id) = &event.biz_location {
        e.insert("bizLocation".into(), json!({ "id": id }));
    }
    if event.action == EventAction::Add {
        let mut ilmd = Map::new();
        ilmd.insert("cbvmda:lotNumber".into(), lot.lot_number.clone().into());
        ilmd.insert(
            "cbvmda:productionDate".into(),
            date_text(master.produced_on).into(),
        );
        if let Some(expires) = master.expires_on {
            ilmd.insert(
                "cbvmda:itemExpirationDate".into(),
                date_text(expires).into(),
            );
        }
        e.insert("ilmd".into(), Value::Object(ilmd));
    }
    Value::Object(e)
}

/// The lot's events as an EPCIS 2.0 JSON-LD `EPCISDocument`. A correcting event follows the
/// event it corrects, re-stated with its `errorDeclaration` (as EPCIS declares an error:
/// same `eventID`, the declaration time, the reason and the corrective event's id).
pub fn document(
    lot: &LotIdentity,
    master: &LotMasterData,
    events: &[RecordedEvent],
    created: OffsetDateTime,
) -> Value {
    let mut list = Vec::with_capacity(events.len() * 2);
    for event in events {
        if let Some((corrected, reason)) = &event.correction
            && let Some(original) = events.iter().find(|e| e.id == *corrected)
        {
            let declaration = json!({
                "declarationTime": time_text(event.record_time),
                "reason": "incorrect_data",
                "correctiveEventIDs": [event_id(event.id)],
                "rdfs:comment": reason,
            });
            list.push(object_event(lot, master, original, Some(declaration)));
        }
        list.push(object_event(lot, master, event, None));
    }
    json!({
        "@context": [EPCIS_CONTEXT],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": created.to_offset(UtcOffset::UTC).format(&Rfc3339).unwrap_or_default(),
        "epcisBody": { "eventList": list },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-06-01 03:00 UTC);

    fn input() -> EventInput {
        EventInput {
            biz_step: "shipping".into(),
            event_time: "2026-06-01T09:30".into(),
            read_point: "8935049500001".into(),
            biz_location: "kho-binh-lieu".into(),
            quantity: "200".into(),
            serials: "7K3M9XQ2ZP.4F8HQ2N7KX, abc".into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_event_takes_its_steps_usual_disposition_and_vietnam_time() {
        let e = input().parse(NOW).unwrap();
        assert_eq!(e.disposition, Disposition::InTransit);
        assert_eq!(e.action, EventAction::Observe);
        assert_eq!(e.event_time, datetime!(2026-06-01 02:30 UTC));
        assert_eq!(
            e.read_point.as_deref(),
            Some("https://id.gs1.org/414/8935049500001")
        );
        assert_eq!(
            e.biz_location.as_deref(),
            Some("urn:ocop:location:kho-binh-lieu")
        );
        assert_eq!(e.serials, ["7K3M9XQ2ZP.4F8HQ2N7KX", "ABC"]);
    }

    #[test]
    fn commissioning_add_and_recalled_are_not_for_recorded_events() {
        let bad = EventInput {
            biz_step: "commissioning".into(),
            disposition: "recalled".into(),
            action: "ADD".into(),
            event_time: "2026-06-02T09:30".into(),
            read_point: "8935049500002".into(),
            corrects: "not-a-uuid".into(),
            ..input()
        };
        let errors = bad.parse(NOW).unwrap_err();
        for f in [
            "biz_step",
            "disposition",
            "action",
            "event_time",
            "read_point",
            "corrects",
        ] {
            assert!(errors.get(f).is_some(), "{f}: {errors}");
        }
        let no_reason = EventInput {
            corrects: Uuid::nil().to_string(),
            ..input()
        };
        assert!(
            no_reason
                .parse(NOW)
                .unwrap_err()
                .get("correction_reason")
                .is_some()
        );
    }

    #[test]
    fn serials_are_bounded() {
        let many = "A ".repeat(MAX_SERIALS + 1);
        assert_eq!(parse_serials(&many).unwrap_err().code, "too_many");
        assert_eq!(parse_serials("a/b").unwrap_err().code, "invalid_serial");
    }

    #[test]
    fn identities_are_digital_link_uris_with_a_gtin() {
        let with = LotIdentity {
            product_id: Uuid::nil(),
            gtin: Some(Gtin::from_stored("8935049500643".into())),
            lot_number: "MD/01".into(),
        };
        assert_eq!(
            with.class_uri(),
            "https://id.gs1.org/01/08935049500643/10/MD%2F01"
        );
        let without = LotIdentity { gtin: None, ..with };
        assert!(without.class_uri().starts_with("urn:ocop:product:"));
    }
}
