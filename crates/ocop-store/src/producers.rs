//! Chủ thể OCOP in storage: create, update, archive, get, list.

use ocop_domain::access::{Denied, Scope};
use ocop_domain::identifiers::TaxCode;
use ocop_domain::producer::{
    Gender, LegalRepresentative, ProducerData, ProducerKind, ProducerStatus,
};
use ocop_domain::text::fold_vi;
use ocop_domain::units::{Level, Placement, Structure, UnitRef};
use serde::Serialize;
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::{AuditActor, append_audit};
use crate::db::{Query, Tx, Value};
use crate::products::{PRODUCT_COLUMNS, Product, ProductRow, search_fold};
use crate::search::write_search_row;
use crate::{Result, Store, StoreError, on_unique, stored_code, stored_unit};

/// A stored producer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Producer {
    pub id: Uuid,
    #[serde(flatten)]
    pub data: ProducerData,
    pub province_code: u32,
    pub commune_code: Option<u32>,
    /// False while the commune of today of a record of a divided old commune is the default
    /// successor, not yet confirmed by an official of the province.
    pub successor_confirmed: bool,
    /// Demo data (not a real record).
    pub demo: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Producer {
    /// The producer as the access rules see it: public while active; its own account keeps
    /// its profile current.
    pub fn resource(&self) -> ocop_domain::access::Resource {
        ocop_domain::access::Resource {
            placement: self.placement(),
            producer_id: Some(self.id),
            public: self.data.status == ocop_domain::producer::ProducerStatus::Active,
            owner_editable: true,
        }
    }

    pub fn placement(&self) -> Placement {
        Placement {
            province_code: self.province_code,
            commune_code: self.commune_code,
        }
    }
}

#[derive(FromRow)]
pub(crate) struct ProducerRow {
    id: Uuid,
    kind: String,
    name: String,
    tax_code: String,
    representative_name: String,
    representative_gender: String,
    representative_ethnic_minority: bool,
    representative_disability: bool,
    phone: Option<String>,
    email: Option<String>,
    unit_structure: String,
    unit_level: String,
    unit_code: i64,
    province_code: i64,
    commune_code: Option<i64>,
    successor_confirmed: bool,
    street: Option<String>,
    community_capital_percent: Option<i64>,
    status: String,
    demo: bool,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

pub(crate) const PRODUCER_COLUMNS: &str = "id, kind, name, tax_code, representative_name, \
    representative_gender, representative_ethnic_minority, representative_disability, phone, \
    email, unit_structure, unit_level, unit_code, province_code, commune_code, \
    successor_confirmed, street, community_capital_percent, status, demo, created_at, updated_at";

impl TryFrom<ProducerRow> for Producer {
    type Error = StoreError;

    /// Maps the columns straight into the domain types, without the input rules: the row was
    /// valid when written, and a rule tightened since must not make it unreadable. Only a key
    /// or a code that means nothing is corrupt data.
    fn try_from(row: ProducerRow) -> Result<Producer> {
        let id = row.id;
        let corrupt = |what: String| StoreError::Corrupt(format!("chủ thể {id}: {what}"));
        let data = ProducerData {
            kind: ProducerKind::from_key(&row.kind)
                .ok_or_else(|| corrupt(format!("loại hình \"{}\"", row.kind)))?,
            name: row.name,
            tax_code: TaxCode::from_stored(row.tax_code),
            representative: LegalRepresentative {
                name: row.representative_name,
                gender: Gender::from_key(&row.representative_gender).ok_or_else(|| {
                    corrupt(format!("giới tính \"{}\"", row.representative_gender))
                })?,
                ethnic_minority: row.representative_ethnic_minority,
                disability: row.representative_disability,
            },
            phone: row.phone,
            email: row.email,
            unit: stored_unit(&row.unit_structure, &row.unit_level, row.unit_code)
                .map_err(corrupt)?,
            street: row.street,
            community_capital_percent: row
                .community_capital_percent
                .map(|p| u8::try_from(p).map_err(|_| corrupt(format!("tỷ lệ vốn góp {p}"))))
                .transpose()?,
            status: ProducerStatus::from_key(&row.status)
                .ok_or_else(|| corrupt(format!("trạng thái \"{}\"", row.status)))?,
        };
        Ok(Producer {
            id,
            data,
            province_code: stored_code(row.province_code).map_err(corrupt)?,
            commune_code: row
                .commune_code
                .map(stored_code)
                .transpose()
                .map_err(corrupt)?,
            successor_confirmed: row.successor_confirmed,
            demo: row.demo,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// A producer list request.
#[derive(Debug, Clone, Default)]
pub struct ProducerQuery {
    pub text: Option<String>,
    pub province: Option<u32>,
    /// Only records of a divided old commune whose commune of today awaits confirmation.
    pub unconfirmed: bool,
    pub page: u32,
    pub per_page: u32,
}

fn taken_message(data: &ProducerData) -> String {
    format!(
        "Mã số thuế {} đã được đăng ký cho một chủ thể khác",
        data.tax_code.as_str()
    )
}

impl Store {
    pub(crate) fn placement_of(&self, unit: UnitRef) -> Result<Placement> {
        self.units
            .placement(unit)
            .ok_or_else(|| StoreError::Corrupt(format!("đơn vị {unit:?} không tồn tại")))
    }

    /// Whether a record made under `unit` is placed for sure: not when it is an old commune
    /// that was divided (its default successor awaits an official's confirmation).
    pub(crate) fn successor_certain(&self, unit: UnitRef) -> bool {
        !self.units.needs_successor_choice(unit)
    }

    /// Creates a producer; `authorize` sees where it will sit before anything is written.
    pub async fn create_producer(
        &self,
        actor: &AuditActor,
        data: ProducerData,
        demo: bool,
        authorize: impl FnOnce(Placement) -> Result<(), Denied>,
    ) -> Result<Producer> {
        let placement = self.placement_of(data.unit)?;
        authorize(placement).map_err(StoreError::from)?;
        let successor_confirmed = self.successor_certain(data.unit);
        let now = self.now();
        let producer = Producer {
            id: Uuid::now_v7(),
            data,
            province_code: placement.province_code,
            commune_code: placement.commune_code,
            successor_confirmed,
            demo,
            created_at: now,
            updated_at: now,
        };
        let after = serde_json::to_string(&producer).ok();
        let mut tx = self.begin().await?;
        insert_producer(&mut tx, &producer)
            .await
            .map_err(|e| on_unique(e, "tax_code", || taken_message(&producer.data)))?;
        append_audit(
            &mut tx,
            actor,
            "producer",
            producer.id,
            "create",
            None,
            after,
        )
        .await?;
        tx.commit().await?;
        Ok(producer)
    }

    /// Replaces a producer's data. `authorize` sees the stored record and the new data, inside
    /// the transaction; its refusal writes nothing.
    pub async fn update_producer(
        &self,
        actor: &AuditActor,
        id: Uuid,
        data: ProducerData,
        authorize: impl FnOnce(&Producer, Placement) -> Result<(), Denied>,
    ) -> Result<Producer> {
        let moved_to = self.placement_of(data.unit)?;
        let mut tx = self.begin().await?;
        let before = producer_in(&mut tx, id).await?;
        // In the same unit the record keeps its commune of today (an official may have
        // picked another successor than the default).
        let (placement, successor_confirmed) = if before.data.unit == data.unit {
            (before.placement(), before.successor_confirmed)
        } else {
            (moved_to, self.successor_certain(data.unit))
        };
        authorize(&before, placement)?;
        let updated = Producer {
            data,
            province_code: placement.province_code,
            commune_code: placement.commune_code,
            successor_confirmed,
            updated_at: self.now(),
            ..before.clone()
        };
        let q = Query::update("producers", changeable_columns(&updated), id);
        tx.execute(&q)
            .await
            .map_err(|e| on_unique(e, "tax_code", || taken_message(&updated.data)))?;
        refresh_products_of_producer(&mut tx, self, &updated).await?;
        let (before_json, after_json) = (
            serde_json::to_string(&before).ok(),
            serde_json::to_string(&updated).ok(),
        );
        append_audit(
            &mut tx,
            actor,
            "producer",
            id,
            "update",
            before_json,
            after_json,
        )
        .await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Places a record of an old commune in `commune_code`, one of the communes of today the
    /// old commune went into, and marks the choice confirmed; its products follow.
    /// `authorize` sees the stored record inside the transaction.
    pub async fn choose_successor(
        &self,
        actor: &AuditActor,
        id: Uuid,
        commune_code: u32,
        authorize: impl FnOnce(&Producer) -> Result<(), Denied>,
    ) -> Result<Producer> {
        let mut tx = self.begin().await?;
        let before = producer_in(&mut tx, id).await?;
        authorize(&before)?;
        if !self.units.is_successor(before.data.unit, commune_code) {
            let mut errors = ocop_domain::validation::FieldErrors::default();
            errors.add(
                "successor",
                "not_a_successor",
                format!("Xã mã {commune_code} không kế thừa địa bàn cũ của hồ sơ"),
            );
            return Err(errors.into());
        }
        let updated = Producer {
            commune_code: Some(commune_code),
            successor_confirmed: true,
            updated_at: self.now(),
            ..before.clone()
        };
        let q = Query::new(
            "UPDATE producers SET commune_code = $2, successor_confirmed = $3, updated_at = $4 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(commune_code)
        .bind(true)
        .bind(updated.updated_at);
        tx.execute(&q).await?;
        refresh_products_of_producer(&mut tx, self, &updated).await?;
        let (before_json, after_json) = (
            serde_json::to_string(&before).ok(),
            serde_json::to_string(&updated).ok(),
        );
        append_audit(
            &mut tx,
            actor,
            "producer",
            id,
            "choose_successor",
            before_json,
            after_json,
        )
        .await?;
        tx.commit().await?;
        Ok(updated)
    }

    pub async fn producer(&self, id: Uuid) -> Result<Producer> {
        let q = Query::new(format!(
            "SELECT {PRODUCER_COLUMNS} FROM producers WHERE id = $1"
        ))
        .bind(id);
        let row: Option<ProducerRow> = self.fetch_optional(&q).await?;
        row.ok_or(StoreError::NotFound("chủ thể"))?.try_into()
    }

    pub async fn producer_by_tax_code(&self, tax_code: &str) -> Result<Option<Producer>> {
        let q = Query::new(format!(
            "SELECT {PRODUCER_COLUMNS} FROM producers WHERE tax_code = $1"
        ))
        .bind(tax_code);
        let row: Option<ProducerRow> = self.fetch_optional(&q).await?;
        row.map(Producer::try_from).transpose()
    }

    /// Producers the scope may see (public: active ones), filtered, sorted by name.
    pub async fn list_producers(
        &self,
        scope: Scope,
        query: &ProducerQuery,
    ) -> Result<(Vec<Producer>, u64)> {
        let folded = query.text.as_deref().map(fold_vi).unwrap_or_default();
        let terms = ocop_domain::text::terms(&folded);
        // The same conditions for the page and for the count.
        let filter = |q: &mut Query| {
            for term in &terms {
                q.and_where("search_fold LIKE ")
                    .push_bind(format!("%{term}%"));
            }
            match scope {
                Scope::Everything => {}
                Scope::Province(p) => {
                    q.and_where("province_code = ").push_bind(p);
                }
                Scope::Commune(c) => {
                    q.and_where("commune_code = ").push_bind(c);
                }
                // A producer account sees its own record, whatever its status.
                Scope::Producer(id) => {
                    q.and_where("id = ").push_bind(id);
                }
                Scope::PublicOnly => {
                    q.and_where("status = 'active'");
                }
            }
            if let Some(p) = query.province {
                q.and_where("province_code = ").push_bind(p);
            }
            if query.unconfirmed {
                q.and_where("successor_confirmed = ").push_bind(false);
            }
        };
        let mut list = Query::new(format!("SELECT {PRODUCER_COLUMNS} FROM producers"));
        filter(&mut list);
        list.push(" ORDER BY name_fold, name")
            .push_page(query.page, query.per_page.clamp(1, 200));
        let mut count = Query::new("SELECT COUNT(*) FROM producers");
        filter(&mut count);
        let rows: Vec<ProducerRow> = self.fetch_all(&list).await?;
        let (total,): (i64,) = self.fetch_one(&count).await?;
        let producers = rows
            .into_iter()
            .map(Producer::try_from)
            .collect::<Result<Vec<_>>>()?;
        Ok((producers, total as u64))
    }
}

/// A producer read inside a transaction (to change it).
async fn producer_in(tx: &mut Tx, id: Uuid) -> Result<Producer> {
    let q = Query::new(format!(
        "SELECT {PRODUCER_COLUMNS} FROM producers WHERE id = $1"
    ))
    .bind(id);
    let row: Option<ProducerRow> = tx.fetch_optional(&q).await?;
    row.ok_or(StoreError::NotFound("chủ thể"))?.try_into()
}

/// The columns an update rewrites, with their values: all but the id, the demo flag and the
/// creation time. The insert writes these too, so the two cannot drift apart.
fn changeable_columns(p: &Producer) -> Vec<(&'static str, Value)> {
    let d = &p.data;
    vec![
        ("kind", d.kind.key().into()),
        ("name", d.name.as_str().into()),
        ("name_fold", fold_vi(&d.name).into()),
        ("search_fold", producer_search_text(d).into()),
        ("tax_code", d.tax_code.as_str().into()),
        ("representative_name", d.representative.name.as_str().into()),
        (
            "representative_gender",
            d.representative.gender.key().into(),
        ),
        (
            "representative_ethnic_minority",
            d.representative.ethnic_minority.into(),
        ),
        (
            "representative_disability",
            d.representative.disability.into(),
        ),
        ("phone", d.phone.as_deref().into()),
        ("email", d.email.as_deref().into()),
        ("unit_structure", d.unit.structure.key().into()),
        ("unit_level", d.unit.level.key().into()),
        ("unit_code", d.unit.code.into()),
        ("province_code", p.province_code.into()),
        ("commune_code", p.commune_code.into()),
        ("street", d.street.as_deref().into()),
        (
            "community_capital_percent",
            d.community_capital_percent.into(),
        ),
        ("status", d.status.key().into()),
        ("updated_at", p.updated_at.into()),
        ("successor_confirmed", p.successor_confirmed.into()),
    ]
}

/// Inserts a producer row. Returns the database's error as is, for the caller to name a
/// taken tax code.
pub(crate) async fn insert_producer(tx: &mut Tx, p: &Producer) -> Result<(), sqlx::Error> {
    let mut columns: Vec<(&str, Value)> = vec![
        ("id", p.id.into()),
        ("demo", p.demo.into()),
        ("created_at", p.created_at.into()),
    ];
    columns.extend(changeable_columns(p));
    tx.execute(&Query::insert("producers", columns)).await?;
    Ok(())
}

/// Keeps a producer's products placed with it and their search texts (and search rows)
/// current.
pub(crate) async fn refresh_products_of_producer(
    tx: &mut Tx,
    store: &Store,
    producer: &Producer,
) -> Result<()> {
    let rows: Vec<ProductRow> = tx
        .fetch_all(
            &Query::new(format!(
                "SELECT {PRODUCT_COLUMNS} FROM products WHERE producer_id = $1"
            ))
            .bind(producer.id),
        )
        .await?;
    for row in rows {
        let product = Product {
            unit: producer.data.unit,
            province_code: producer.province_code,
            commune_code: producer.commune_code,
            ..Product::try_from(row)?
        };
        let folded = search_fold(store.units, &product, &producer.data.name);
        let q = Query::new(
            "UPDATE products SET search_fold = $2, unit_structure = $3, unit_level = $4, \
             unit_code = $5, province_code = $6, commune_code = $7 WHERE id = $1",
        )
        .bind(product.id)
        .bind(folded)
        .bind(product.unit.structure.key())
        .bind(product.unit.level.key())
        .bind(product.unit.code)
        .bind(product.province_code)
        .bind(product.commune_code);
        tx.execute(&q).await?;
        write_search_row(tx, store.units, &product, &producer.data.name).await?;
    }
    Ok(())
}

impl From<Denied> for StoreError {
    fn from(d: Denied) -> Self {
        StoreError::Denied(d)
    }
}

/// What the producer list searches: the name, the tax code and the full place name, folded.
pub(crate) fn producer_search_text(data: &ProducerData) -> String {
    let place = ocop_domain::units::AdminUnits::embedded().full_name(data.unit);
    fold_vi(&format!("{} {} {place}", data.name, data.tax_code.as_str()))
}

/// Whether a unit is a commune of today's structure (product codes need one).
pub(crate) fn is_current_commune(unit: UnitRef) -> bool {
    unit.structure == Structure::TwoTier && unit.level == Level::Commune
}
