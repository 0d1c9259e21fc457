//! Sản phẩm in storage: create (with the commune's product code), update, get, and the
//! catalogue search (over the search table of `search.rs`, most relevant first).

use ocop_domain::access::{Denied, Scope};
use ocop_domain::identifiers::Gtin;
use ocop_domain::product::{ProductData, ProductStatus};
use ocop_domain::taxonomy::Classification;
use ocop_domain::text::{fold_vi, terms};
use ocop_domain::units::{AdminUnits, Placement, UnitRef};
use serde::Serialize;
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::{AuditActor, append_audit};
use crate::db::{Query, Tx, Value};
use crate::producers::Producer;
use crate::search::{SearchText, Words, write_search_row};
use crate::{Backend, Result, Store, StoreError, on_unique, stored_code, stored_unit};

/// A stored product.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Product {
    pub id: Uuid,
    pub producer_id: Uuid,
    #[serde(flatten)]
    pub data: ProductData,
    /// Mã số sản phẩm (T)-(X)-(STT)-(năm), issued for products of today's communes.
    pub product_code: Option<String>,
    /// Codes issued before (kept as issued).
    pub historical_codes: Vec<String>,
    pub stars: Option<u8>,
    /// The star rating is demo data, not a real recognition.
    pub stars_demo: bool,
    pub certificate_ref: Option<String>,
    /// The historical district (three-tier structure) the product was recorded under.
    pub legacy_unit_code: Option<u32>,
    pub unit: UnitRef,
    pub province_code: u32,
    pub commune_code: Option<u32>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Product {
    /// The product as the access rules see it: public while active; its producer may change
    /// it only while a draft.
    pub fn resource(&self) -> ocop_domain::access::Resource {
        ocop_domain::access::Resource {
            placement: self.placement(),
            producer_id: Some(self.producer_id),
            public: self.data.status.is_public(),
            owner_editable: self.data.status == ocop_domain::product::ProductStatus::Draft,
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
pub(crate) struct ProductRow {
    id: Uuid,
    producer_id: Uuid,
    name: String,
    taxonomy_version: String,
    classification: String,
    description: Option<String>,
    story: Option<String>,
    ingredients: Option<String>,
    packaging: Option<String>,
    gtin: Option<String>,
    status: String,
    product_code: Option<String>,
    historical_codes: String,
    stars: Option<i64>,
    stars_demo: bool,
    certificate_ref: Option<String>,
    legacy_unit_code: Option<i64>,
    unit_structure: String,
    unit_level: String,
    unit_code: i64,
    province_code: i64,
    commune_code: Option<i64>,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

pub(crate) const PRODUCT_COLUMNS: &str = "id, producer_id, name, taxonomy_version, classification, \
    description, story, ingredients, packaging, gtin, status, product_code, historical_codes, \
    stars, stars_demo, certificate_ref, legacy_unit_code, unit_structure, unit_level, unit_code, \
    province_code, commune_code, created_at, updated_at";

impl TryFrom<ProductRow> for Product {
    type Error = StoreError;

    /// Maps the columns straight into the domain types, without the input rules: the row was
    /// valid when written, and a rule tightened since must not make it unreadable. Only a key
    /// or a code that means nothing is corrupt data.
    fn try_from(row: ProductRow) -> Result<Product> {
        let id = row.id;
        let corrupt = |what: String| StoreError::Corrupt(format!("sản phẩm {id}: {what}"));
        let data = ProductData {
            classification: Classification::from_key(&row.taxonomy_version, &row.classification)
                .ok_or_else(|| {
                    corrupt(format!(
                        "phân loại {} \"{}\"",
                        row.taxonomy_version, row.classification
                    ))
                })?,
            name: row.name,
            description: row.description,
            story: row.story,
            ingredients: row.ingredients,
            packaging: row.packaging,
            gtin: row.gtin.map(Gtin::from_stored),
            status: ProductStatus::from_key(&row.status)
                .ok_or_else(|| corrupt(format!("trạng thái \"{}\"", row.status)))?,
        };
        Ok(Product {
            id,
            producer_id: row.producer_id,
            data,
            product_code: row.product_code,
            historical_codes: serde_json::from_str(&row.historical_codes)
                .map_err(|e| corrupt(e.to_string()))?,
            stars: row
                .stars
                .map(|s| u8::try_from(s).map_err(|_| corrupt(format!("hạng sao {s}"))))
                .transpose()?,
            stars_demo: row.stars_demo,
            certificate_ref: row.certificate_ref,
            legacy_unit_code: row
                .legacy_unit_code
                .map(stored_code)
                .transpose()
                .map_err(corrupt)?,
            unit: stored_unit(&row.unit_structure, &row.unit_level, row.unit_code)
                .map_err(corrupt)?,
            province_code: stored_code(row.province_code).map_err(corrupt)?,
            commune_code: row
                .commune_code
                .map(stored_code)
                .transpose()
                .map_err(corrupt)?,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// The folded text the back-office list searches: the product's name, producer, place and
/// classification.
pub(crate) fn search_fold(units: &AdminUnits, product: &Product, producer_name: &str) -> String {
    let place = units.full_name(product.unit);
    fold_vi(&format!(
        "{} | {producer_name} | {place} | {}",
        product.data.name,
        product.data.classification.label()
    ))
}

/// Extra facts a product may carry beyond its registry data (demo data, imports of history).
#[derive(Debug, Clone, Default)]
pub struct ProductExtras {
    pub stars: Option<u8>,
    pub stars_demo: bool,
    pub historical_codes: Vec<String>,
    pub legacy_unit_code: Option<u32>,
}

/// A catalogue request: `text` searched in Vietnamese with or without marks.
#[derive(Debug, Clone, Default)]
pub struct CatalogQuery {
    pub text: Option<String>,
    pub province: Option<u32>,
    /// Category code (`food`, `drink`, `herbal`, `craft`, `ornamental`, `tourism`).
    pub category: Option<String>,
    pub stars: Option<u8>,
    pub producer: Option<Uuid>,
    pub page: u32,
    pub per_page: u32,
}

/// One catalogue row.
#[derive(Debug, Clone, PartialEq, Serialize, FromRow)]
pub struct ProductSummary {
    pub id: Uuid,
    pub name: String,
    pub producer_id: Uuid,
    pub producer_name: String,
    pub category: String,
    pub classification: String,
    pub taxonomy_version: String,
    pub status: String,
    pub product_code: Option<String>,
    pub stars: Option<i64>,
    pub stars_demo: bool,
    pub province_code: i64,
    pub commune_code: Option<i64>,
    pub unit_structure: String,
    pub unit_level: String,
    pub unit_code: i64,
}

/// How many matches a text search counts before it says "more than": a broad word ("dong")
/// can match a third of the country's products, and counting each of them cost more than
/// finding and ranking the page shown. Nobody pages through a thousand results; they refine.
pub const SEARCH_COUNT_CAP: u64 = 1_000;

/// One page of the catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogPage {
    pub items: Vec<ProductSummary>,
    /// The matches over every page; for a text search, at most [`SEARCH_COUNT_CAP`].
    pub total: u64,
    /// A text search stopped counting at [`SEARCH_COUNT_CAP`]: there are more matches than
    /// `total` (the catalogue says "more than 1,000").
    pub total_capped: bool,
    pub page: u32,
    pub per_page: u32,
}

/// Restricts a product query (products as `p`) to the records `scope` may see; with
/// `or_active`, every active product besides (the catalogue).
fn push_scope(q: &mut Query, scope: Scope, or_active: bool) {
    let (condition, value): (&str, Value) = match scope {
        Scope::Everything => return,
        Scope::PublicOnly => {
            q.and_where("p.status = 'active'");
            return;
        }
        Scope::Province(code) => ("p.province_code = ", code.into()),
        Scope::Commune(code) => ("p.commune_code = ", code.into()),
        Scope::Producer(id) => ("p.producer_id = ", id.into()),
    };
    if or_active {
        q.and_where("(")
            .push(condition)
            .push_bind(value)
            .push(" OR p.status = 'active')");
    } else {
        q.and_where(condition).push_bind(value);
    }
}

impl Store {
    /// Creates a product of `producer_id`. Products of today's communes get the next product
    /// code of the commune; `authorize` sees the producer before anything is written.
    pub async fn create_product(
        &self,
        actor: &AuditActor,
        producer_id: Uuid,
        data: ProductData,
        extras: ProductExtras,
        authorize: impl FnOnce(&Producer) -> Result<(), Denied>,
    ) -> Result<Product> {
        let producer = self.producer(producer_id).await?;
        authorize(&producer)?;
        let now = self.now();
        let mut product = Product {
            id: Uuid::now_v7(),
            producer_id,
            data,
            product_code: None,
            historical_codes: extras.historical_codes,
            stars: extras.stars,
            stars_demo: extras.stars_demo,
            certificate_ref: None,
            legacy_unit_code: extras.legacy_unit_code,
            unit: producer.data.unit,
            province_code: producer.province_code,
            commune_code: producer.commune_code,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.begin().await?;
        assign_product_code(&mut tx, &mut product, now.year()).await?;
        insert_product(&mut tx, self.units, &product, &producer.data.name).await?;
        let after = serde_json::to_string(&product).ok();
        append_audit(&mut tx, actor, "product", product.id, "create", None, after).await?;
        tx.commit().await?;
        Ok(product)
    }

    /// Replaces a product's registry data; `authorize` sees the stored product inside the
    /// transaction. Codes, stars and certificate stay as they are.
    pub async fn update_product(
        &self,
        actor: &AuditActor,
        id: Uuid,
        data: ProductData,
        authorize: impl FnOnce(&Product) -> Result<(), Denied>,
    ) -> Result<Product> {
        let mut tx = self.begin().await?;
        let q = Query::new(format!(
            "SELECT {PRODUCT_COLUMNS} FROM products WHERE id = $1"
        ))
        .bind(id);
        let row: Option<ProductRow> = tx.fetch_optional(&q).await?;
        let before = Product::try_from(row.ok_or(StoreError::NotFound("sản phẩm"))?)?;
        authorize(&before)?;
        let producer = self.producer(before.producer_id).await?;
        let updated = write_product_update(
            &mut tx,
            self.units,
            actor,
            &before,
            data,
            &producer.data.name,
            self.now(),
        )
        .await?;
        tx.commit().await?;
        Ok(updated)
    }

    pub async fn product(&self, id: Uuid) -> Result<Product> {
        let q = Query::new(format!(
            "SELECT {PRODUCT_COLUMNS} FROM products WHERE id = $1"
        ))
        .bind(id);
        let row: Option<ProductRow> = self.fetch_optional(&q).await?;
        row.ok_or(StoreError::NotFound("sản phẩm"))?.try_into()
    }

    /// Whether the producer already has a product of this folded name.
    /// The product a person names by its product code (as issued) or its id.
    pub async fn product_by_reference(&self, reference: &str) -> Result<Option<Product>> {
        let reference = reference.trim();
        if let Ok(id) = Uuid::parse_str(reference) {
            return match self.product(id).await {
                Ok(product) => Ok(Some(product)),
                Err(StoreError::NotFound(_)) => Ok(None),
                Err(e) => Err(e),
            };
        }
        let q = Query::new(format!(
            "SELECT {PRODUCT_COLUMNS} FROM products WHERE product_code = $1"
        ))
        .bind(reference);
        let row: Option<ProductRow> = self.fetch_optional(&q).await?;
        row.map(Product::try_from).transpose()
    }

    pub async fn product_named(&self, producer_id: Uuid, name_fold: &str) -> Result<bool> {
        let q =
            Query::new("SELECT COUNT(*) FROM products WHERE producer_id = $1 AND name_fold = $2")
                .bind(producer_id)
                .bind(name_fold);
        let (count,): (i64,) = self.fetch_one(&q).await?;
        Ok(count > 0)
    }

    pub async fn products_of(&self, producer_id: Uuid) -> Result<Vec<Product>> {
        let q = Query::new(format!(
            "SELECT {PRODUCT_COLUMNS} FROM products WHERE producer_id = $1 ORDER BY name_fold, name"
        ))
        .bind(producer_id);
        let rows: Vec<ProductRow> = self.fetch_all(&q).await?;
        rows.into_iter().map(Product::try_from).collect()
    }

    /// The catalogue: what `scope` may see (the public sees active products), matching any
    /// word of the query, most relevant first (see [`SearchText::push_relevance`]), then by
    /// stars and name; without a query, by name. It reads the narrow search table, and the
    /// wide product rows of the page only.
    pub async fn search_products(&self, scope: Scope, query: &CatalogQuery) -> Result<CatalogPage> {
        let text = SearchText::parse(query.text.as_deref().unwrap_or(""));
        let backend = self.backend();
        // On SQLite without a province, the full-text matches drive the query (CROSS JOIN fixes
        // the loop order); left to itself SQLite scans the whole status index. With a province,
        // its index narrows first and matches are checked against it. The search table is `p`,
        // so that the scope and the filters read as they do on products.
        let fts_drives = text.is_some() && backend == Backend::Sqlite && query.province.is_none();
        let from = if fts_drives {
            "product_search_fts f CROSS JOIN product_search p ON p.seq = f.rowid"
        } else {
            "product_search p"
        };
        // The same conditions for the page and for the counts.
        let filter = |q: &mut Query, words: Words| {
            if let Some(text) = &text {
                if fts_drives {
                    q.and_where("product_search_fts MATCH ")
                        .push_bind(text.fts5_query(words));
                } else {
                    q.and_where("");
                    text.push_match(q, backend, words);
                }
            }
            // The catalogue shows every public product besides the scope's own records.
            push_scope(q, scope, true);
            if let Some(code) = query.province {
                q.and_where("p.province_code = ").push_bind(code);
            }
            if let Some(category) = &query.category {
                q.and_where("p.category = ").push_bind(category.as_str());
            }
            if let Some(stars) = query.stars {
                q.and_where("p.stars = ").push_bind(stars);
            }
            if let Some(producer) = query.producer {
                q.and_where("p.producer_id = ").push_bind(producer);
            }
        };
        // Counts the matching rows, stopping at `limit` when one is given: reading every one
        // of thousands of matches only to print their number is what made a broad text search
        // slow.
        let count = |words: Words, limit: Option<u64>| {
            let mut count = Query::new(format!("SELECT COUNT(*) FROM (SELECT 1 FROM {from}"));
            filter(&mut count, words);
            if let Some(limit) = limit {
                count.push(" LIMIT ").push_bind(limit as i64);
            }
            count.push(") c");
            async move {
                let (n,): (i64,) = self.fetch_one(&count).await?;
                Ok::<u64, StoreError>(n as u64)
            }
        };
        let per_page = query.per_page.clamp(1, 100);
        let page = query.page.max(1);
        let (total, total_capped) = match &text {
            Some(_) => {
                let counted = count(Words::Any, Some(SEARCH_COUNT_CAP + 1)).await?;
                (counted.min(SEARCH_COUNT_CAP), counted > SEARCH_COUNT_CAP)
            }
            None => (count(Words::Any, None).await?, false),
        };
        // The ranking's first tiers are sets an index finds: the products holding every word
        // in their own name, then those holding every word anywhere. A page within a tier is
        // ranked among that tier alone, far fewer rows than all the matches; whether the page
        // lies within it needs only that many of them counted.
        let through_page = u64::from(page) * u64::from(per_page);
        let ranked_among = match &text {
            Some(_) if count(Words::AllInName, Some(through_page)).await? >= through_page => {
                Words::AllInName
            }
            Some(text)
                if text.has_several_words()
                    && count(Words::All, Some(through_page)).await? >= through_page =>
            {
                Words::All
            }
            _ => Words::Any,
        };
        let mut list = Query::new(
            "SELECT s.id, s.name, s.producer_id, \
             (SELECT r.name FROM producers r WHERE r.id = s.producer_id) AS producer_name, \
             s.category, s.classification, s.taxonomy_version, s.status, s.product_code, \
             s.stars, s.stars_demo, s.province_code, s.commune_code, s.unit_structure, \
             s.unit_level, s.unit_code FROM (SELECT p.product_id, ",
        );
        let order: &[&str] = match &text {
            Some(text) => {
                text.push_relevance(&mut list, backend);
                &[
                    "relevance DESC",
                    "star_rank DESC",
                    "name_fold",
                    "name",
                    "product_id",
                ]
            }
            None => {
                list.push("0");
                &["name_fold", "name", "product_id"]
            }
        };
        list.push(&format!(
            " AS relevance, COALESCE(p.stars, 0) AS star_rank, p.name_fold, p.name FROM {from}"
        ));
        filter(&mut list, ranked_among);
        list.push(&format!(" ORDER BY {}", order.join(", ")))
            .push_page(page, per_page);
        let outer: Vec<String> = order.iter().map(|key| format!("h.{key}")).collect();
        list.push(&format!(
            ") h JOIN products s ON s.id = h.product_id ORDER BY {}",
            outer.join(", ")
        ));
        let items: Vec<ProductSummary> = self.fetch_all(&list).await?;
        Ok(CatalogPage {
            items,
            total,
            total_capped,
            page,
            per_page,
        })
    }
}

/// A back-office list request: strictly the records of the scope (unlike the catalogue,
/// which adds every public product), optionally filtered.
#[derive(Debug, Clone, Default)]
pub struct ProductListQuery {
    /// Searched folded over name, producer, place and classification.
    pub text: Option<String>,
    pub status: Option<ProductStatus>,
    pub producer: Option<Uuid>,
    /// Only products without an official evaluation (a council's or an official's) saved.
    pub unevaluated: bool,
    pub page: u32,
    pub per_page: u32,
}

/// One back-office list row: the product with its producer's name and tax code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductListItem {
    pub product: Product,
    pub producer_name: String,
    pub producer_tax_code: String,
}

#[derive(FromRow)]
struct ProductListRow {
    #[sqlx(flatten)]
    product: ProductRow,
    producer_name: String,
    producer_tax_code: String,
}

impl Store {
    /// Products inside `scope` only (a province's officer sees the province's products, a
    /// producer its own), sorted by name; returns the page and the total count.
    pub async fn list_products(
        &self,
        scope: Scope,
        query: &ProductListQuery,
    ) -> Result<(Vec<ProductListItem>, u64)> {
        let folded = query.text.as_deref().map(fold_vi).unwrap_or_default();
        let terms = terms(&folded);
        // The same conditions for the page and for the count.
        let filter = |q: &mut Query| {
            for term in &terms {
                q.and_where("p.search_fold LIKE ")
                    .push_bind(format!("%{term}%"));
            }
            push_scope(q, scope, false);
            if let Some(status) = query.status {
                q.and_where("p.status = ").push_bind(status.key());
            }
            if let Some(producer) = query.producer {
                q.and_where("p.producer_id = ").push_bind(producer);
            }
            if query.unevaluated {
                q.and_where(
                    "NOT EXISTS (SELECT 1 FROM evaluations e \
                     WHERE e.product_id = p.id AND e.kind = 'official')",
                );
            }
        };
        let columns = PRODUCT_COLUMNS
            .split(',')
            .map(|c| format!("p.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let mut list = Query::new(format!(
            "SELECT {columns}, r.name AS producer_name, r.tax_code AS producer_tax_code \
             FROM products p JOIN producers r ON r.id = p.producer_id"
        ));
        filter(&mut list);
        list.push(" ORDER BY p.name_fold, p.name, p.id")
            .push_page(query.page, query.per_page.clamp(1, 1000));
        let mut count = Query::new("SELECT COUNT(*) FROM products p");
        filter(&mut count);
        let rows: Vec<ProductListRow> = self.fetch_all(&list).await?;
        let (total,): (i64,) = self.fetch_one(&count).await?;
        let items = rows
            .into_iter()
            .map(|r| {
                Ok(ProductListItem {
                    product: r.product.try_into()?,
                    producer_name: r.producer_name,
                    producer_tax_code: r.producer_tax_code,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((items, total as u64))
    }
}

/// Writes `data` over the stored product `before` (read in this transaction) with its search
/// row and its audit row, codes, stars and certificate kept: the one way a product's registry
/// data changes, directly or by an approved change request. Only over `before`'s version (its
/// `updated_at`): a change another transaction committed meanwhile is a conflict, nothing
/// written.
pub(crate) async fn write_product_update(
    tx: &mut Tx,
    units: &AdminUnits,
    actor: &AuditActor,
    before: &Product,
    data: ProductData,
    producer_name: &str,
    now: OffsetDateTime,
) -> Result<Product> {
    let updated = Product {
        data,
        updated_at: now,
        ..before.clone()
    };
    let folded = search_fold(units, &updated, producer_name);
    let mut q = Query::update("products", data_columns(&updated, &folded), before.id);
    q.push(" AND updated_at = ").push_bind(before.updated_at);
    if tx.execute(&q).await? == 0 {
        return Err(StoreError::StateConflict(
            "Sản phẩm vừa được người khác thay đổi; hãy tải lại và xem lại".to_owned(),
        ));
    }
    write_search_row(tx, units, &updated, producer_name).await?;
    let (before_json, after_json) = (
        serde_json::to_string(before).ok(),
        serde_json::to_string(&updated).ok(),
    );
    append_audit(
        tx,
        actor,
        "product",
        before.id,
        "update",
        before_json,
        after_json,
    )
    .await?;
    Ok(updated)
}

/// Gives a product of today's communes the commune's next running number (STT) and its code.
pub(crate) async fn assign_product_code(
    tx: &mut Tx,
    product: &mut Product,
    year: i32,
) -> Result<()> {
    if !crate::producers::is_current_commune(product.unit) {
        return Ok(());
    }
    loop {
        let next = Query::new(
            "INSERT INTO commune_counters (commune_code, last_number) VALUES ($1, 1) \
             ON CONFLICT (commune_code) \
             DO UPDATE SET last_number = commune_counters.last_number + 1 \
             RETURNING last_number",
        )
        .bind(product.unit.code);
        let (number,): (i64,) = tx.fetch_one(&next).await?;
        let code = ocop_domain::identifiers::ProductCode {
            province: product.province_code,
            commune: product.unit.code,
            number: number as u32,
            year,
        }
        .to_string();
        // A code can already be taken when commune codes were corrected: the commune that
        // wrongly held this code issued it, and issued codes stay. Skip it.
        let taken =
            Query::new("SELECT COUNT(*) FROM products WHERE product_code = $1").bind(code.as_str());
        let (taken,): (i64,) = tx.fetch_one(&taken).await?;
        if taken == 0 {
            product.product_code = Some(code);
            return Ok(());
        }
    }
}

/// The columns of a product's registry data, which an update rewrites (codes, stars,
/// certificate and place stay), with the search texts; the insert writes them too.
fn data_columns(p: &Product, folded: &str) -> Vec<(&'static str, Value)> {
    let d = &p.data;
    vec![
        ("name", d.name.as_str().into()),
        ("name_fold", fold_vi(&d.name).into()),
        ("search_fold", folded.into()),
        ("taxonomy_version", d.classification.version().into()),
        ("classification", d.classification.value().into()),
        ("category", d.classification.category().into()),
        ("description", d.description.as_deref().into()),
        ("story", d.story.as_deref().into()),
        ("ingredients", d.ingredients.as_deref().into()),
        ("packaging", d.packaging.as_deref().into()),
        ("gtin", d.gtin.as_ref().map(|g| g.as_str()).into()),
        ("status", d.status.key().into()),
        ("updated_at", p.updated_at.into()),
    ]
}

/// Inserts a product row and its search row; a taken product code is a field conflict.
pub(crate) async fn insert_product(
    tx: &mut Tx,
    units: &AdminUnits,
    product: &Product,
    producer_name: &str,
) -> Result<()> {
    let folded = search_fold(units, product, producer_name);
    let mut columns: Vec<(&str, Value)> = vec![
        ("id", product.id.into()),
        ("producer_id", product.producer_id.into()),
        ("product_code", product.product_code.as_deref().into()),
        (
            "historical_codes",
            serde_json::to_string(&product.historical_codes)
                .unwrap_or_else(|_| "[]".into())
                .into(),
        ),
        ("stars", product.stars.into()),
        ("stars_demo", product.stars_demo.into()),
        ("certificate_ref", product.certificate_ref.as_deref().into()),
        ("legacy_unit_code", product.legacy_unit_code.into()),
        ("unit_structure", product.unit.structure.key().into()),
        ("unit_level", product.unit.level.key().into()),
        ("unit_code", product.unit.code.into()),
        ("province_code", product.province_code.into()),
        ("commune_code", product.commune_code.into()),
        ("created_at", product.created_at.into()),
    ];
    columns.extend(data_columns(product, &folded));
    let q = Query::insert("products", columns);
    tx.execute(&q).await.map_err(|e| {
        on_unique(e, "product_code", || {
            format!(
                "Mã số sản phẩm {} đã tồn tại",
                product.product_code.as_deref().unwrap_or_default()
            )
        })
    })?;
    write_search_row(tx, units, product, producer_name).await
}
