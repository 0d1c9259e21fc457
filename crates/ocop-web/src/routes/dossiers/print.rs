//! The dossier's forms as the law lays them out (Decision 26/2026, Phụ lục III), to print on
//! A4 from the browser: Mẫu 01, the registration, with the receipt number in the offices'
//! part; Mẫu 03, the commune's report, once the commune has written it.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use ocop_domain::dossier::DossierKind;
use ocop_store::dossiers::Dossier;

use super::view::{dossier_sheet, kind_label};
use crate::backoffice::{Admin, parse_id};
use crate::i18n::Tr;
use crate::view::PageCtx;
use crate::{AppError, AppState};

/// A tick box of the form.
pub struct Box {
    pub label: &'static str,
    pub checked: bool,
}

/// The part of Mẫu 01 an office fills when it receives the dossier.
pub struct Office {
    pub title: &'static str,
    pub receipt: String,
    pub received: String,
    pub receiver: String,
}

/// Mẫu 01's fields, in the form's order.
pub struct Registration {
    pub province_name: String,
    pub year: i32,
    pub producer_name: String,
    pub representative: String,
    pub representative_title: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub product_name: String,
    pub product_group: String,
    pub kinds: Vec<Box>,
    pub samples: String,
    pub place_date: String,
    pub offices: Vec<Office>,
}

#[derive(Template)]
#[template(path = "dossiers/print_registration.html")]
struct RegistrationPrint {
    ctx: PageCtx,
    back_url: String,
    f: Registration,
}

/// "Bình Liêu, ngày 5 tháng 6 năm 2026": where and when a form was signed.
fn place_date(place: &str, date: Option<time::Date>, tr: Tr) -> String {
    match date {
        Some(d) => tr.place_date(place, d.day(), u8::from(d.month()), d.year()),
        None => tr.blank_date().to_owned(),
    }
}

/// A commune's short name for the place line ("Xã Bình Liêu" → "Bình Liêu").
fn short_place(dossier: &Dossier) -> String {
    let units = ocop_domain::units::AdminUnits::embedded();
    dossier
        .commune_code
        .and_then(|c| units.commune(c))
        .map(|c| {
            c.name
                .split_once(' ')
                .map_or(c.name.clone(), |(_, rest)| rest.to_owned())
        })
        .unwrap_or_default()
}

fn commune_name(dossier: &Dossier) -> String {
    let units = ocop_domain::units::AdminUnits::embedded();
    dossier
        .commune_code
        .and_then(|c| units.commune(c))
        .map(|c| c.name.clone())
        .unwrap_or_default()
}

/// A province as a committee's name takes it: "Tỉnh Quảng Ninh", "Thành phố Hà Nội" (the
/// unit lists write some names with their type, some without).
fn province_title(code: u32) -> String {
    let units = ocop_domain::units::AdminUnits::embedded();
    let Some(province) = units.province(code) else {
        return crate::view::province_name(code);
    };
    if province.name.starts_with("Tỉnh ") || province.name.starts_with("Thành phố ") {
        return province.name.clone();
    }
    let kind = if province.division_type.starts_with("thành phố") {
        "Thành phố"
    } else {
        "Tỉnh"
    };
    format!("{kind} {}", province.name)
}

pub async fn registration(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id, "hồ sơ")?;
    let detail = state.store.dossier_detail(&admin.caller(), id).await?;
    let tr = admin.tr();
    let dossier = &detail.dossier;
    let r = &dossier.data.registration;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let group = dossier_sheet(dossier)
        .map(|sheet| match &sheet.subgroup {
            Some(sub) => format!("{} · {} · {sub}", sheet.product_group, sheet.name),
            None => format!("{} · {}", sheet.product_group, sheet.name),
        })
        .unwrap_or_default();
    let received = dossier
        .received_on()
        .map(crate::view::day)
        .unwrap_or_default();
    let receipt = dossier.receipt_number.clone().unwrap_or_default();
    let f = Registration {
        province_name: province_title(dossier.province_code),
        year: dossier.data.year,
        producer_name: r.unit_name.clone(),
        representative: r.representative.clone(),
        representative_title: text(&r.position),
        address: text(&r.address),
        phone: text(&r.phone),
        email: text(&r.email),
        product_name: r.product_name.clone(),
        product_group: group,
        kinds: DossierKind::ALL
            .into_iter()
            .map(|k| Box {
                label: kind_label(tr, k),
                checked: k == dossier.data.kind,
            })
            .collect(),
        samples: r.samples.to_string(),
        place_date: place_date(
            &short_place(dossier),
            dossier.first_submitted_at.map(ocop_domain::vietnam_date),
            tr,
        ),
        offices: vec![
            Office {
                title: tr.office_commune(),
                receipt,
                received,
                receiver: String::new(),
            },
            Office {
                title: tr.office_province(),
                receipt: String::new(),
                received: String::new(),
                receiver: String::new(),
            },
        ],
    };
    Ok(Html(
        RegistrationPrint {
            ctx: PageCtx::new(Some(&admin.session), admin.lang),
            back_url: format!("/admin/dossiers/{id}"),
            f,
        }
        .render()?,
    ))
}

/// One assessment of Mẫu 03 part II.
pub struct Item {
    pub title: &'static str,
    pub text: String,
}

/// Mẫu 03's fields, in the form's order.
pub struct Report {
    pub commune_name: String,
    pub letter: Option<String>,
    pub receipt: String,
    pub producer_name: String,
    pub producer_kind: String,
    pub address: String,
    pub representative: String,
    pub gender: String,
    pub ethnicity: String,
    pub product_name: String,
    pub items: Vec<Item>,
    pub proposal: String,
    pub place_date: String,
    pub signer: String,
}

#[derive(Template)]
#[template(path = "dossiers/print_commune_report.html")]
struct ReportPrint {
    ctx: PageCtx,
    back_url: String,
    r: Report,
}

pub async fn commune_report(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id, "hồ sơ")?;
    let detail = state.store.dossier_detail(&admin.caller(), id).await?;
    let tr = admin.tr();
    let dossier = &detail.dossier;
    let report = dossier
        .commune_report
        .as_ref()
        .ok_or_else(|| AppError::NotFound(tr.report_not_written().to_owned()))?;
    let producer = state.store.producer(dossier.producer_id).await?;
    let p = &producer.data;
    let commune = commune_name(dossier);
    let province = province_title(dossier.province_code);
    let address = match &p.street {
        Some(street) => format!("{street}, {}", crate::view::unit_name(p.unit)),
        None => crate::view::unit_name(p.unit),
    };
    let r = Report {
        letter: dossier
            .letter
            .as_ref()
            .map(|l| tr.proposal_letter_line(&l.number, crate::view::day(l.date), &l.signer)),
        receipt: dossier.receipt_number.clone().unwrap_or_default(),
        producer_name: p.name.clone(),
        producer_kind: tr.producer_kind(p.kind).to_owned(),
        address,
        representative: p.representative.name.clone(),
        gender: tr.gender_name(p.representative.gender).to_owned(),
        ethnicity: if p.representative.ethnic_minority {
            tr.ethnic_minority_value().to_owned()
        } else {
            "……………".to_owned()
        },
        product_name: detail.product_name.clone(),
        items: vec![
            Item {
                title: tr.report_raw_materials(),
                text: report.local_raw_materials.clone(),
            },
            Item {
                title: tr.report_labour(),
                text: report.local_labour.clone(),
            },
            Item {
                title: tr.report_idea_origin(),
                text: report.idea_origin.clone(),
            },
            Item {
                title: tr.report_identity(),
                text: report.local_identity.clone(),
            },
        ],
        proposal: tr.report_proposal(&commune, &province, &detail.product_name, &p.name),
        place_date: place_date(
            &short_place(dossier),
            dossier
                .letter
                .as_ref()
                .map(|l| l.date)
                .or(dossier.accepted_at.map(ocop_domain::vietnam_date)),
            tr,
        ),
        signer: dossier
            .letter
            .as_ref()
            .map(|l| l.signer.clone())
            .unwrap_or_default(),
        commune_name: commune,
    };
    Ok(Html(
        ReportPrint {
            ctx: PageCtx::new(Some(&admin.session), admin.lang),
            back_url: format!("/admin/dossiers/{id}"),
            r,
        }
        .render()?,
    ))
}
