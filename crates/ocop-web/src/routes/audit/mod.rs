//! Lịch sử thay đổi of one record: every audit row, newest first, with the fields it changed
//! shown before and after.

use axum::Router;
use axum::routing::get;
use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use ocop_domain::criteria::Library;
use ocop_domain::producer::{Gender, ProducerKind, ProducerStatus};
use ocop_domain::product::ProductStatus;
use ocop_domain::taxonomy::sheet_class;
use ocop_domain::units::Structure;
use ocop_store::AuditEntry;
use ocop_store::evaluations::EvaluationKind;
use serde_json::Value;

use crate::backoffice::{Admin, Nav, local_time, parse_id};
use crate::i18n::Tr;
use crate::view::PageCtx;
use crate::{AppError, AppState};
use ocop_store::use_cases::Entity;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/audit/{entity}/{id}", get(page))
}

/// One field of one audit row.
pub struct Change {
    pub label: String,
    pub before: String,
    pub after: String,
    pub changed: bool,
}

pub struct EntryView {
    pub at: String,
    pub actor: String,
    pub action: String,
    /// The fields this row changed (for a creation: every field it set).
    pub changes: Vec<Change>,
    /// Every field, to read the whole record as it was.
    pub fields: Vec<Change>,
    pub created: bool,
}

#[derive(Template)]
#[template(path = "audit/audit.html")]
struct AuditPage {
    ctx: PageCtx,
    nav: Nav,
    entity_label: &'static str,
    name: String,
    record_url: String,
    entries: Vec<EntryView>,
}

pub async fn page(
    State(state): State<AppState>,
    admin: Admin,
    Path((entity, id)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    let caller = admin.caller();
    let (entity, id, name, record_url) = match entity.as_str() {
        "producer" => {
            let id = parse_id(&id, "chủ thể")?;
            let p = state.store.visible_producer(&caller, id).await?;
            (
                Entity::Producer,
                id,
                p.data.name,
                format!("/admin/producers/{id}"),
            )
        }
        "product" => {
            let id = parse_id(&id, "sản phẩm")?;
            let p = state.store.visible_product(&caller, id).await?;
            (
                Entity::Product,
                id,
                p.data.name,
                format!("/admin/products/{id}"),
            )
        }
        _ => return Err(AppError::not_found("loại hồ sơ")),
    };
    let rows = state.store.history(&caller, entity, id).await?;
    let tr = admin.tr();
    let entries = rows
        .iter()
        .rev()
        .map(|row| match row.entity.as_str() {
            "evaluation" => evaluation_entry(tr, row),
            _ => entry_view(tr, entity, row),
        })
        .collect();
    Ok(Html(
        AuditPage {
            ctx: admin.ctx(),
            nav: admin.nav(if entity == Entity::Producer {
                "producers"
            } else {
                "products"
            }),
            entity_label: if entity == Entity::Producer {
                tr.entity_producer()
            } else {
                tr.entity_product()
            },
            name,
            record_url,
            entries,
        }
        .render()?,
    ))
}

fn action_label(action: &str, tr: Tr) -> String {
    let label = match action {
        "create" => tr.action_create(),
        "update" => tr.action_update(),
        "import" => tr.action_import(),
        "recode" => tr.action_recode(),
        "successor" => tr.action_successor(),
        "choose_successor" => tr.action_choose_successor(),
        other => other,
    };
    label.to_owned()
}

/// Bookkeeping fields that change on every write or never mean anything to a reader.
const HIDDEN: [&str; 4] = ["id", "producer_id", "created_at", "updated_at"];

/// Field labels in the order a reader expects them; unknown fields follow by name.
fn labels(tr: Tr) -> [(&'static str, &'static str); 32] {
    [
        ("name", tr.name()),
        ("kind", tr.kind()),
        ("tax_code", tr.tax_code()),
        ("representative.name", tr.representative_name()),
        ("representative.gender", tr.representative_gender()),
        (
            "representative.ethnic_minority",
            tr.representative_ethnic_minority(),
        ),
        ("representative.disability", tr.representative_disability()),
        ("phone", tr.phone()),
        ("email", tr.email()),
        ("classification.version", tr.classification_version()),
        ("classification.sheet", tr.product_sheet()),
        ("classification.sector", tr.sector_2019()),
        ("description", tr.description()),
        ("story", tr.story()),
        ("ingredients", tr.ingredients_short()),
        ("packaging", tr.packaging()),
        ("gtin", tr.gtin_plain()),
        ("status", tr.status()),
        ("product_code", tr.product_code()),
        ("historical_codes", tr.former_codes()),
        ("stars", tr.stars()),
        ("stars_demo", tr.stars_demo()),
        ("certificate_ref", tr.certificate()),
        ("street", tr.address()),
        ("community_capital_percent", tr.community_capital_short()),
        ("unit.structure", tr.unit_structure()),
        ("unit.level", tr.unit_level()),
        ("unit.code", tr.unit_code()),
        ("legacy_unit_code", tr.former_district_code()),
        ("province_code", tr.province()),
        ("commune_code", tr.commune()),
        ("demo", tr.demo_badge()),
    ]
}

/// `{"representative": {"name": …}}` → `representative.name`; lists stay whole.
fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        other => {
            out.insert(prefix.to_owned(), other.clone());
        }
    }
}

fn fields_of(json: Option<&str>) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    if let Some(value) = json.and_then(|j| serde_json::from_str::<Value>(j).ok()) {
        flatten("", &value, &mut out);
    }
    for hidden in HIDDEN {
        out.remove(hidden);
    }
    out
}

/// A stored value as a reader says it: labels for codes, "Có"/"Không" for flags.
fn readable(tr: Tr, entity: Entity, key: &str, value: Option<&Value>) -> String {
    let Some(value) = value else {
        return String::new();
    };
    let text = match value {
        Value::Null => return String::new(),
        Value::Bool(b) => return if *b { tr.yes() } else { tr.no() }.to_owned(),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            return items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join(", ");
        }
        other => other.to_string(),
    };
    match key {
        "status" if entity == Entity::Producer => {
            ProducerStatus::parse(&text).map_or(text, |s| tr.producer_status(s).to_owned())
        }
        "status" => ProductStatus::parse(&text).map_or(text, |s| tr.product_status(s).to_owned()),
        "kind" => ProducerKind::parse(&text).map_or(text, |k| tr.producer_kind(k).to_owned()),
        "classification.version" => Library::embedded()
            .version(&text)
            .map_or(text, |set| tr.legal_basis(&set.legal_basis)),
        "classification.sheet" => text
            .parse()
            .ok()
            .and_then(sheet_class)
            .map_or(text, |s| tr.sheet_named(s.sheet, s.name)),
        "unit.structure" => {
            Structure::parse(&text).map_or(text, |s| tr.structure_name(s).to_owned())
        }
        "unit.level" => match text.as_str() {
            "commune" => tr.commune_ward().to_owned(),
            "district" => tr.district().to_owned(),
            "province" => tr.province().to_owned(),
            _ => text,
        },
        "representative.gender" => {
            Gender::parse(&text).map_or(text, |g| tr.gender_name(g).to_owned())
        }
        "province_code" => text.parse().map_or(text.clone(), |c| {
            format!("{text} · {}", crate::view::province_name(c))
        }),
        "commune_code" => text.parse().map_or(text.clone(), |c| {
            format!(
                "{text} · {}",
                crate::view::unit_name(ocop_domain::units::UnitRef::commune(c))
            )
        }),
        _ => text,
    }
}

/// A saved evaluation in its product's history: who scored, on what, with which outcome (the
/// members' answers stay in the evaluation itself).
fn evaluation_entry(tr: Tr, row: &AuditEntry) -> EntryView {
    let saved = row
        .after_json
        .as_deref()
        .and_then(|json| serde_json::from_str::<Value>(json).ok())
        .unwrap_or_default();
    let text = |key: &str| saved[key].as_str().unwrap_or_default().to_owned();
    let number = |value: &Value| value.as_u64().unwrap_or_default();
    let (sum, count) = (
        number(&saved["mean"]["sum"]),
        number(&saved["mean"]["count"]),
    );
    let version = text("version");
    let sheet = number(&saved["sheet"]);
    let facts = [
        (
            tr.evaluation_kind_field(),
            EvaluationKind::parse(&text("kind"))
                .map_or_else(String::new, |k| tr.evaluation_kind(k).to_owned()),
        ),
        (
            tr.criteria_version_field(),
            Library::embedded()
                .version(&version)
                .map_or(version, |set| tr.legal_basis(&set.legal_basis)),
        ),
        (
            tr.scoring_sheet_field(),
            u8::try_from(sheet)
                .ok()
                .and_then(sheet_class)
                .map_or_else(|| sheet.to_string(), |s| tr.sheet_named(s.sheet, s.name)),
        ),
        (tr.stars(), tr.n_stars(number(&saved["stars"]))),
        (
            tr.mean_points_field(),
            if count == 0 {
                String::new()
            } else {
                tr.decimal(sum as f64 / count as f64)
            },
        ),
        (tr.members_field(), count.to_string()),
    ];
    let changes: Vec<Change> = facts
        .into_iter()
        .map(|(label, after)| Change {
            label: label.to_owned(),
            before: String::new(),
            after,
            changed: true,
        })
        .collect();
    EntryView {
        at: local_time(row.at),
        actor: row.actor_label.clone(),
        action: tr.action_evaluation().to_owned(),
        fields: Vec::new(),
        changes,
        created: true,
    }
}

fn entry_view(tr: Tr, entity: Entity, row: &AuditEntry) -> EntryView {
    let before = fields_of(row.before_json.as_deref());
    let after = fields_of(row.after_json.as_deref());
    let labels = labels(tr);
    let order_of = |key: &str| {
        labels
            .iter()
            .position(|(k, _)| *k == key)
            .unwrap_or(labels.len())
    };
    let label_of = |key: &str| {
        labels
            .iter()
            .find(|(k, _)| *k == key)
            .map_or_else(|| key.to_owned(), |(_, l)| (*l).to_owned())
    };
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort_by_key(|k| (order_of(k), (*k).clone()));
    keys.dedup();
    let created = row.before_json.is_none();
    let fields: Vec<Change> = keys
        .into_iter()
        .map(|key| {
            let (b, a) = (before.get(key), after.get(key));
            Change {
                label: label_of(key),
                before: readable(tr, entity, key, b),
                after: readable(tr, entity, key, a),
                changed: b != a,
            }
        })
        .collect();
    let changes = fields
        .iter()
        .filter(|c| c.changed && !(created && c.after.is_empty()))
        .map(|c| Change {
            label: c.label.clone(),
            before: c.before.clone(),
            after: c.after.clone(),
            changed: true,
        })
        .collect();
    EntryView {
        at: local_time(row.at),
        actor: row.actor_label.clone(),
        action: action_label(&row.action, tr),
        changes,
        fields,
        created,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn nested_fields_are_flattened_and_compared() {
        let before = fields_of(Some(
            r#"{"id":"x","name":"A","representative":{"name":"B","gender":"male"},"status":"active"}"#,
        ));
        assert_eq!(
            before.get("representative.name"),
            Some(&Value::String("B".into()))
        );
        assert!(!before.contains_key("id"));
        let vi = Lang::Vi.tr();
        assert_eq!(
            readable(
                vi,
                Entity::Producer,
                "representative.gender",
                before.get("representative.gender")
            ),
            "Nam"
        );
        assert_eq!(
            readable(vi, Entity::Producer, "status", before.get("status")),
            "Hoạt động"
        );
        assert_eq!(
            readable(
                vi,
                Entity::Product,
                "status",
                Some(&Value::String("draft".into()))
            ),
            "Bản nháp"
        );
    }
}
