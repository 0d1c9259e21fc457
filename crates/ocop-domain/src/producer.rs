//! Chủ thể OCOP: the producer that owns products — a cooperative, cooperative group,
//! enterprise, household business or farm (and for tourism an association or centre).

use serde::{Deserialize, Serialize};

use crate::identifiers::{
    EMAIL_PATTERN, MAX_EMAIL_CHARS, MAX_PHONE_CHARS, MAX_TAX_CODE_CHARS, PHONE_PATTERN,
    TAX_CODE_PATTERN, TaxCode, parse_email, parse_phone,
};
use crate::input::{InputField, InputFields, Shape};
use crate::units::{AdminUnits, Level, Structure, UnitRef};
use crate::validation::{FieldErrors, invalid, optional_text, parse_flag, required_text};

/// Loại hình chủ thể.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProducerKind {
    /// Hợp tác xã.
    Cooperative,
    /// Tổ hợp tác.
    CooperativeGroup,
    /// Doanh nghiệp: công ty TNHH.
    LimitedCompany,
    /// Doanh nghiệp: công ty cổ phần.
    JointStockCompany,
    /// Doanh nghiệp tư nhân.
    PrivateEnterprise,
    /// Hộ sản xuất kinh doanh có đăng ký kinh doanh.
    HouseholdBusiness,
    /// Trang trại.
    Farm,
    /// Hội, hiệp hội (tourism products only).
    Association,
    /// Trung tâm điều hành (tourism products only).
    Centre,
}

impl ProducerKind {
    pub const ALL: [ProducerKind; 9] = [
        ProducerKind::Cooperative,
        ProducerKind::CooperativeGroup,
        ProducerKind::LimitedCompany,
        ProducerKind::JointStockCompany,
        ProducerKind::PrivateEnterprise,
        ProducerKind::HouseholdBusiness,
        ProducerKind::Farm,
        ProducerKind::Association,
        ProducerKind::Centre,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ProducerKind::Cooperative => "cooperative",
            ProducerKind::CooperativeGroup => "cooperative_group",
            ProducerKind::LimitedCompany => "limited_company",
            ProducerKind::JointStockCompany => "joint_stock_company",
            ProducerKind::PrivateEnterprise => "private_enterprise",
            ProducerKind::HouseholdBusiness => "household_business",
            ProducerKind::Farm => "farm",
            ProducerKind::Association => "association",
            ProducerKind::Centre => "centre",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProducerKind::Cooperative => "Hợp tác xã",
            ProducerKind::CooperativeGroup => "Tổ hợp tác",
            ProducerKind::LimitedCompany => "Công ty TNHH",
            ProducerKind::JointStockCompany => "Công ty cổ phần",
            ProducerKind::PrivateEnterprise => "Doanh nghiệp tư nhân",
            ProducerKind::HouseholdBusiness => "Hộ sản xuất kinh doanh có ĐKKD",
            ProducerKind::Farm => "Trang trại",
            ProducerKind::Association => "Hội, hiệp hội (du lịch)",
            ProducerKind::Centre => "Trung tâm điều hành (du lịch)",
        }
    }

    /// The kind stored under `key` (exactly; [`ProducerKind::parse`] is for what people type).
    pub fn from_key(key: &str) -> Option<ProducerKind> {
        ProducerKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Accepts the key or the Vietnamese label, with or without marks.
    pub fn parse(raw: &str) -> Option<ProducerKind> {
        let folded = crate::text::fold_vi(raw);
        ProducerKind::ALL
            .into_iter()
            .find(|k| k.key() == raw.trim() || crate::text::fold_vi(k.label()) == folded)
    }

    /// Households, cooperative groups and farms may hold a registration number that is not a
    /// tax code.
    fn allows_registration_number(self) -> bool {
        matches!(
            self,
            ProducerKind::HouseholdBusiness
                | ProducerKind::CooperativeGroup
                | ProducerKind::Farm
                | ProducerKind::Association
                | ProducerKind::Centre
        )
    }
}

/// Giới tính of the legal representative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    /// The gender stored under `key` (exactly; [`Gender::parse`] is for what people type).
    pub fn from_key(key: &str) -> Option<Gender> {
        [Gender::Female, Gender::Male]
            .into_iter()
            .find(|g| g.key() == key)
    }

    pub fn parse(raw: &str) -> Option<Gender> {
        match crate::text::fold_vi(raw).as_str() {
            "female" | "nu" => Some(Gender::Female),
            "male" | "nam" => Some(Gender::Male),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Gender::Female => "Nữ",
            Gender::Male => "Nam",
        }
    }
}

/// Trạng thái of a registry record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProducerStatus {
    Active,
    Suspended,
    Archived,
}

impl ProducerStatus {
    pub const ALL: [ProducerStatus; 3] = [
        ProducerStatus::Active,
        ProducerStatus::Suspended,
        ProducerStatus::Archived,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ProducerStatus::Active => "active",
            ProducerStatus::Suspended => "suspended",
            ProducerStatus::Archived => "archived",
        }
    }

    /// The status stored under `key` (exactly: [`ProducerStatus::parse`] takes an empty
    /// input for active, which a stored row never holds).
    pub fn from_key(key: &str) -> Option<ProducerStatus> {
        ProducerStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn parse(raw: &str) -> Option<ProducerStatus> {
        match crate::text::fold_vi(raw).as_str() {
            "" | "active" | "hoat dong" => Some(ProducerStatus::Active),
            "suspended" | "tam dung" => Some(ProducerStatus::Suspended),
            "archived" | "luu tru" => Some(ProducerStatus::Archived),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProducerStatus::Active => "Hoạt động",
            ProducerStatus::Suspended => "Tạm dừng",
            ProducerStatus::Archived => "Lưu trữ",
        }
    }
}

/// Người đại diện theo pháp luật. Gender, ethnic minority and disability are scored by the
/// criteria (3.2: a woman, ethnic-minority or disabled representative earns the point).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LegalRepresentative {
    pub name: String,
    pub gender: Gender,
    pub ethnic_minority: bool,
    pub disability: bool,
}

/// A producer's registry data, valid by construction (see [`ProducerInput::parse`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProducerData {
    pub kind: ProducerKind,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub tax_code: TaxCode,
    pub representative: LegalRepresentative,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub unit: UnitRef,
    pub street: Option<String>,
    /// Tỷ lệ vốn góp của cộng đồng (%), for joint-stock companies (criterion 3.1: ≥ 51%).
    pub community_capital_percent: Option<u8>,
    pub status: ProducerStatus,
}

/// Longest name of a producer, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest name of the legal representative, in characters.
pub const MAX_REPRESENTATIVE_NAME_CHARS: usize = 120;
/// Longest street address, in characters.
pub const MAX_STREET_CHARS: usize = 200;
/// Unit codes have at most five digits in both structures.
pub const MAX_UNIT_CODE: u32 = 99_999;

/// The keys of [`ProducerKind::ALL`], as the API takes them.
const KIND_KEYS: [&str; 9] = [
    "cooperative",
    "cooperative_group",
    "limited_company",
    "joint_stock_company",
    "private_enterprise",
    "household_business",
    "farm",
    "association",
    "centre",
];

/// What a form, the API or an import row submits: text as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProducerInput {
    /// Loại hình: `cooperative`, `cooperative_group`, `limited_company`, `joint_stock_company`,
    /// `private_enterprise`, `household_business`, `farm`, `association`, `centre` (or the
    /// Vietnamese label).
    pub kind: String,
    pub name: String,
    pub tax_code: String,
    pub representative_name: String,
    /// `female`/`male` (or "Nữ"/"Nam").
    pub representative_gender: String,
    pub representative_ethnic_minority: String,
    pub representative_disability: String,
    pub phone: String,
    pub email: String,
    /// Unit structure: `2025-07` (default, today's) or `2025-01` (historical records).
    pub unit_structure: String,
    /// Unit level: `commune` (default) or `district` (historical records).
    pub unit_level: String,
    pub unit_code: String,
    pub street: String,
    pub community_capital_percent: String,
    pub status: String,
}

impl InputFields for ProducerInput {
    fn fields() -> Vec<InputField> {
        let field = |name, required, shape, description| InputField {
            name,
            required,
            shape,
            description,
        };
        let text = |max_chars| Shape::Text { max_chars };
        vec![
            field(
                "kind",
                true,
                Shape::Choice(&KIND_KEYS),
                "Loại hình chủ thể (the Vietnamese label is taken too)",
            ),
            field("name", true, text(MAX_NAME_CHARS), "Tên chủ thể"),
            field(
                "tax_code",
                true,
                Shape::Code {
                    pattern: TAX_CODE_PATTERN,
                    max_chars: MAX_TAX_CODE_CHARS,
                    format: Some("vn-tax-code"),
                },
                "Mã số thuế: 10 digits ending with their check digit, the same and `-` and 3 digits for a branch, or a 12-digit personal id; households, cooperative groups, farms, associations and centres may give a registration number (6–20 letters, digits, `/`, `-`). Unique among producers.",
            ),
            field(
                "representative_name",
                true,
                text(MAX_REPRESENTATIVE_NAME_CHARS),
                "Họ tên người đại diện theo pháp luật",
            ),
            field(
                "representative_gender",
                true,
                Shape::Choice(&["female", "male"]),
                "Giới tính người đại diện (`Nữ` and `Nam` are taken too)",
            ),
            field(
                "representative_ethnic_minority",
                false,
                Shape::Flag,
                "Người đại diện là người dân tộc thiểu số",
            ),
            field(
                "representative_disability",
                false,
                Shape::Flag,
                "Người đại diện là người khuyết tật",
            ),
            field(
                "phone",
                false,
                Shape::Code {
                    pattern: PHONE_PATTERN,
                    max_chars: MAX_PHONE_CHARS,
                    format: None,
                },
                "Số điện thoại: 10 digits starting with 0 (or +84 and 9 digits), landlines 11 digits starting with 02; spaces, dots, dashes and brackets are left out",
            ),
            field(
                "email",
                false,
                Shape::Code {
                    pattern: EMAIL_PATTERN,
                    max_chars: MAX_EMAIL_CHARS,
                    format: None,
                },
                "Email",
            ),
            field(
                "unit_structure",
                false,
                Shape::Choice(&["2025-07", "2025-01"]),
                "Cơ cấu đơn vị hành chính: `2025-07` (default, today's) or `2025-01` (historical records)",
            ),
            field(
                "unit_level",
                false,
                Shape::Choice(&["commune", "district"]),
                "Cấp đơn vị: `commune` (default) or `district` (2025-01 only)",
            ),
            field(
                "unit_code",
                true,
                Shape::Integer {
                    min: 1,
                    max: MAX_UNIT_CODE,
                },
                "Mã đơn vị: a commune (or district) that exists in the structure given",
            ),
            field(
                "street",
                false,
                text(MAX_STREET_CHARS),
                "Địa chỉ (số nhà, đường, thôn)",
            ),
            field(
                "community_capital_percent",
                false,
                Shape::Integer {
                    min: 0,
                    max: MAX_PERCENT,
                },
                "Tỷ lệ vốn góp của cộng đồng (%), joint-stock companies only",
            ),
            field(
                "status",
                false,
                Shape::Choice(&["active", "suspended", "archived"]),
                "Trạng thái (default `active`)",
            ),
        ]
    }
}

#[cfg(feature = "openapi")]
crate::input_schemas!(ProducerInput: "Chủ thể: every field as in the registry; checked together, each error naming its              field");

impl ProducerInput {
    /// Validates every field and reports each invalid one, in Vietnamese.
    pub fn parse(&self, units: &AdminUnits) -> Result<ProducerData, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind = ProducerKind::parse(&self.kind);
        if kind.is_none() {
            errors.add(
                "kind",
                "invalid_kind",
                format!("Loại hình chủ thể \"{}\" không hợp lệ", self.kind),
            );
        }
        let name = errors.take(
            "name",
            required_text(&self.name, "Tên chủ thể", MAX_NAME_CHARS),
        );
        let tax_code = errors.take(
            "tax_code",
            TaxCode::parse(
                &self.tax_code,
                kind.is_none_or(|k| k.allows_registration_number()),
            ),
        );
        let rep_name = errors.take(
            "representative_name",
            required_text(
                &self.representative_name,
                "Họ tên người đại diện",
                MAX_REPRESENTATIVE_NAME_CHARS,
            ),
        );
        let gender = Gender::parse(&self.representative_gender);
        if gender.is_none() {
            errors.add(
                "representative_gender",
                "invalid_gender",
                "Giới tính người đại diện phải là \"Nữ\" hoặc \"Nam\"",
            );
        }
        let ethnic = errors.take(
            "representative_ethnic_minority",
            parse_flag(&self.representative_ethnic_minority, "Dân tộc thiểu số"),
        );
        let disability = errors.take(
            "representative_disability",
            parse_flag(&self.representative_disability, "Người khuyết tật"),
        );
        let phone = if self.phone.trim().is_empty() {
            Some(None)
        } else {
            errors.take("phone", parse_phone(&self.phone)).map(Some)
        };
        let email = if self.email.trim().is_empty() {
            Some(None)
        } else {
            errors.take("email", parse_email(&self.email)).map(Some)
        };
        let unit = errors.take(
            "unit_code",
            unit_ref(
                units,
                &self.unit_structure,
                &self.unit_level,
                &self.unit_code,
            ),
        );
        let street = errors.take(
            "street",
            optional_text(&self.street, "Địa chỉ", MAX_STREET_CHARS),
        );
        let capital = errors.take(
            "community_capital_percent",
            parse_percent(&self.community_capital_percent),
        );
        if let (Some(Some(_)), Some(k)) = (&capital, kind)
            && k != ProducerKind::JointStockCompany
        {
            errors.add(
                "community_capital_percent",
                "not_applicable",
                "Tỷ lệ vốn góp cộng đồng chỉ áp dụng cho công ty cổ phần",
            );
        }
        let status = ProducerStatus::parse(&self.status);
        if status.is_none() {
            errors.add(
                "status",
                "invalid_status",
                format!("Trạng thái \"{}\" không hợp lệ", self.status),
            );
        }
        match (
            kind, name, tax_code, rep_name, gender, ethnic, disability, phone, email, unit, street,
            capital, status,
        ) {
            (
                Some(kind),
                Some(name),
                Some(tax_code),
                Some(rep_name),
                Some(gender),
                Some(ethnic_minority),
                Some(disability),
                Some(phone),
                Some(email),
                Some(unit),
                Some(street),
                Some(community_capital_percent),
                Some(status),
            ) if errors.is_empty() => Ok(ProducerData {
                kind,
                name,
                tax_code,
                representative: LegalRepresentative {
                    name: rep_name,
                    gender,
                    ethnic_minority,
                    disability,
                },
                phone,
                email,
                unit,
                street,
                community_capital_percent,
                status,
            }),
            _ => Err(errors),
        }
    }

    /// The input that would produce `data` (to prefill an edit form).
    pub fn from_data(data: &ProducerData) -> ProducerInput {
        let flag = |b: bool| if b { "có" } else { "không" }.to_owned();
        ProducerInput {
            kind: data.kind.key().to_owned(),
            name: data.name.clone(),
            tax_code: data.tax_code.as_str().to_owned(),
            representative_name: data.representative.name.clone(),
            representative_gender: data.representative.gender.key().to_owned(),
            representative_ethnic_minority: flag(data.representative.ethnic_minority),
            representative_disability: flag(data.representative.disability),
            phone: data.phone.clone().unwrap_or_default(),
            email: data.email.clone().unwrap_or_default(),
            unit_structure: data.unit.structure.key().to_owned(),
            unit_level: data.unit.level.key().to_owned(),
            unit_code: data.unit.code.to_string(),
            street: data.street.clone().unwrap_or_default(),
            community_capital_percent: data
                .community_capital_percent
                .map(|p| p.to_string())
                .unwrap_or_default(),
            status: data.status.key().to_owned(),
        }
    }
}

/// Validates the unit named by a record: a commune of today's structure, or for historical
/// records a commune or district of the three-tier structure.
pub fn unit_ref(
    units: &AdminUnits,
    structure: &str,
    level: &str,
    code: &str,
) -> Result<UnitRef, crate::validation::FieldError> {
    let structure = match structure.trim() {
        "" => Structure::TwoTier,
        s => Structure::parse(s).ok_or_else(|| {
            invalid(
                "invalid_structure",
                format!("Cơ cấu đơn vị hành chính \"{s}\" không hợp lệ (2025-07 hoặc 2025-01)"),
            )
        })?,
    };
    let level = match level.trim() {
        "" => Level::Commune,
        l => Level::parse(l)
            .ok_or_else(|| invalid("invalid_level", format!("Cấp đơn vị \"{l}\" không hợp lệ")))?,
    };
    if level == Level::Province || (structure == Structure::TwoTier && level == Level::District) {
        return Err(invalid(
            "invalid_level",
            "Hồ sơ phải gắn với một xã (hoặc huyện với hồ sơ trước 01/07/2025)",
        ));
    }
    let code_text = code.trim();
    if code_text.is_empty() {
        return Err(invalid("required", "Chưa chọn xã/phường"));
    }
    let code: u32 = code_text
        .parse()
        .map_err(|_| invalid("invalid_unit", format!("Mã xã \"{code_text}\" phải là số")))?;
    let r = UnitRef {
        structure,
        level,
        code,
    };
    units.get(r).map(|_| r).ok_or_else(|| {
        invalid(
            "unknown_unit",
            format!(
                "Không có đơn vị mã {code} ({}) trong danh mục {}",
                level.key(),
                structure.key()
            ),
        )
    })
}

/// The largest percentage.
const MAX_PERCENT: u32 = 100;

fn parse_percent(raw: &str) -> Result<Option<u8>, crate::validation::FieldError> {
    let v = raw.trim().trim_end_matches('%').trim();
    if v.is_empty() {
        return Ok(None);
    }
    match v.parse::<u8>() {
        Ok(p) if u32::from(p) <= MAX_PERCENT => Ok(Some(p)),
        _ => Err(invalid(
            "invalid_percent",
            format!("Tỷ lệ vốn góp \"{raw}\" phải là số nguyên từ 0 đến 100"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_input() -> ProducerInput {
        ProducerInput {
            kind: "Hợp tác xã".into(),
            name: "HTX phát triển Đình Trung".into(),
            tax_code: "0100109106".into(),
            representative_name: "Hoàng Thị Lan".into(),
            representative_gender: "Nữ".into(),
            representative_ethnic_minority: "có".into(),
            representative_disability: "".into(),
            phone: "0912 345 678".into(),
            email: "".into(),
            unit_code: "6838".into(),
            ..Default::default()
        }
    }

    #[test]
    fn parses_a_valid_producer() {
        let data = valid_input().parse(AdminUnits::embedded()).unwrap();
        assert_eq!(data.kind, ProducerKind::Cooperative);
        assert_eq!(data.representative.gender, Gender::Female);
        assert!(data.representative.ethnic_minority);
        assert_eq!(data.unit, UnitRef::commune(6838));
        assert_eq!(data.status, ProducerStatus::Active);
        let again = ProducerInput::from_data(&data)
            .parse(AdminUnits::embedded())
            .unwrap();
        assert_eq!(again, data);
    }

    #[test]
    fn reports_every_bad_field_in_vietnamese() {
        let input = ProducerInput {
            kind: "công ty ma".into(),
            name: " ".into(),
            tax_code: "0100109107".into(),
            phone: "123".into(),
            unit_code: "99999".into(),
            ..valid_input()
        };
        let errors = input.parse(AdminUnits::embedded()).unwrap_err();
        for field in ["kind", "name", "tax_code", "phone", "unit_code"] {
            assert!(errors.get(field).is_some(), "{field}: {errors}");
        }
        assert!(
            errors
                .get("name")
                .unwrap()
                .message
                .contains("không được để trống")
        );
    }

    #[test]
    fn community_capital_only_for_joint_stock() {
        let input = ProducerInput {
            community_capital_percent: "60".into(),
            ..valid_input()
        };
        assert!(
            input
                .parse(AdminUnits::embedded())
                .unwrap_err()
                .get("community_capital_percent")
                .is_some()
        );
        let input = ProducerInput {
            kind: "joint_stock_company".into(),
            community_capital_percent: "60%".into(),
            ..valid_input()
        };
        assert_eq!(
            input
                .parse(AdminUnits::embedded())
                .unwrap()
                .community_capital_percent,
            Some(60)
        );
    }

    #[test]
    fn stored_keys_are_read_exactly() {
        for kind in ProducerKind::ALL {
            assert_eq!(ProducerKind::from_key(kind.key()), Some(kind));
        }
        for status in ProducerStatus::ALL {
            assert_eq!(ProducerStatus::from_key(status.key()), Some(status));
        }
        assert_eq!(Gender::from_key("female"), Some(Gender::Female));
        // Labels and empty input are for forms, not for stored rows.
        assert_eq!(ProducerKind::from_key("Hợp tác xã"), None);
        assert_eq!(Gender::from_key("Nữ"), None);
        assert_eq!(ProducerStatus::from_key(""), None);
    }

    #[test]
    fn historical_records_may_name_a_district() {
        let input = ProducerInput {
            unit_structure: "2025-01".into(),
            unit_level: "district".into(),
            unit_code: "198".into(),
            ..valid_input()
        };
        // District 198 of the three-tier list is Huyện Bình Liêu, Quảng Ninh.
        let units = AdminUnits::embedded();
        let data = input.parse(units).unwrap();
        assert_eq!(units.placement(data.unit).unwrap().province_code, 22);
        let input = ProducerInput {
            unit_level: "district".into(),
            unit_code: "198".into(),
            ..valid_input()
        };
        assert!(input.parse(units).unwrap_err().get("unit_code").is_some());
    }
}
