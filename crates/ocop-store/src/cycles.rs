//! Chu trình OCOP in storage: a province's yearly cycle with its six steps' dates, and the
//! counts of each step per commune ([`Store::cycle_counts`]).

use ocop_domain::cycle::{CycleData, Step, StepDates, WorkflowVersion};
use serde::Serialize;
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::db::{Query, Tx};
use crate::{Result, Store, StoreError, stored_code};

/// A stored cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cycle {
    pub id: Uuid,
    pub province_code: u32,
    #[serde(flatten)]
    pub data: CycleData,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Cycle {
    pub fn step(&self, step: Step) -> Option<StepDates> {
        self.data.steps.iter().copied().find(|s| s.step == step)
    }
}

#[derive(FromRow)]
struct CycleRow {
    id: Uuid,
    province_code: i64,
    year: i64,
    workflow_version: String,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

#[derive(FromRow)]
struct StepRow {
    cycle_id: Uuid,
    step: String,
    starts_on: Date,
    ends_on: Date,
}

const CYCLE_COLUMNS: &str = "id, province_code, year, workflow_version, created_at, updated_at";

fn cycle_of(row: CycleRow, steps: &[StepRow]) -> Result<Cycle> {
    let id = row.id;
    let corrupt = |what: String| StoreError::Corrupt(format!("chu trình {id}: {what}"));
    let mut dated = Vec::new();
    for s in steps.iter().filter(|s| s.cycle_id == id) {
        dated.push(StepDates {
            step: Step::from_key(&s.step).ok_or_else(|| corrupt(format!("bước {}", s.step)))?,
            starts_on: s.starts_on,
            ends_on: s.ends_on,
        });
    }
    dated.sort_by_key(|s| Step::ALL.iter().position(|x| *x == s.step));
    Ok(Cycle {
        id,
        province_code: stored_code(row.province_code).map_err(corrupt)?,
        data: CycleData {
            year: i32::try_from(row.year).map_err(|_| corrupt(format!("năm {}", row.year)))?,
            workflow_version: WorkflowVersion::from_key(&row.workflow_version)
                .ok_or_else(|| corrupt(format!("phiên bản {}", row.workflow_version)))?,
            steps: dated,
        },
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// The counts of each step of a cycle in one commune. Ideas, plans and support are one
/// aggregate joined on the idea; the evaluation step's dossiers (of the cycle's province and
/// year) are a second aggregate, merged by commune.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, FromRow)]
pub struct CommuneCounts {
    pub commune_code: i64,
    /// Ideas filed and not withdrawn.
    pub ideas_filed: i64,
    /// Ideas the commune screened and forwarded (whatever the province decided since).
    pub ideas_screened: i64,
    pub ideas_selected: i64,
    /// Declined by the commune or the province.
    pub ideas_declined: i64,
    /// Plans submitted at least once.
    pub plans_submitted: i64,
    pub plans_approved: i64,
    pub support_records: i64,
    /// Total cost of the support recorded, in đồng.
    pub support_cost: i64,
    /// Dossiers filed with the commune and not withdrawn.
    #[sqlx(default)]
    pub dossiers_filed: i64,
    /// Dossiers the commune accepted (proposed since or not).
    #[sqlx(default)]
    pub dossiers_accepted: i64,
    /// Dossiers the commune proposed to the province.
    #[sqlx(default)]
    pub dossiers_proposed: i64,
}

impl CommuneCounts {
    /// Adds another commune's counts (a province's total).
    pub fn add(&mut self, other: &CommuneCounts) {
        self.ideas_filed += other.ideas_filed;
        self.ideas_screened += other.ideas_screened;
        self.ideas_selected += other.ideas_selected;
        self.ideas_declined += other.ideas_declined;
        self.plans_submitted += other.plans_submitted;
        self.plans_approved += other.plans_approved;
        self.support_records += other.support_records;
        self.support_cost += other.support_cost;
        self.dossiers_filed += other.dossiers_filed;
        self.dossiers_accepted += other.dossiers_accepted;
        self.dossiers_proposed += other.dossiers_proposed;
    }
}

impl Store {
    pub async fn cycle(&self, id: Uuid) -> Result<Cycle> {
        let q = Query::new(format!("SELECT {CYCLE_COLUMNS} FROM cycles WHERE id = $1")).bind(id);
        let row: Option<CycleRow> = self.fetch_optional(&q).await?;
        let row = row.ok_or(StoreError::NotFound("chu trình"))?;
        let steps: Vec<StepRow> = self
            .fetch_all(
                &Query::new(
                    "SELECT cycle_id, step, starts_on, ends_on FROM cycle_steps WHERE cycle_id = $1",
                )
                .bind(id),
            )
            .await?;
        cycle_of(row, &steps)
    }

    /// The cycle of a province for a year, if opened.
    pub async fn cycle_for(&self, province_code: u32, year: i32) -> Result<Option<Cycle>> {
        let q = Query::new("SELECT id FROM cycles WHERE province_code = $1 AND year = $2")
            .bind(province_code)
            .bind(i64::from(year));
        let id: Option<(Uuid,)> = self.fetch_optional(&q).await?;
        match id {
            Some((id,)) => Ok(Some(self.cycle(id).await?)),
            None => Ok(None),
        }
    }

    /// Cycles, newest year first; of one province when given. At most `limit`.
    pub async fn list_cycles(&self, province_code: Option<u32>, limit: u32) -> Result<Vec<Cycle>> {
        let mut q = Query::new(format!("SELECT {CYCLE_COLUMNS} FROM cycles"));
        if let Some(code) = province_code {
            q.and_where("province_code = ").push_bind(code);
        }
        q.push(&format!(" ORDER BY year DESC, province_code LIMIT {limit}"));
        let rows: Vec<CycleRow> = self.fetch_all(&q).await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let mut steps_q = Query::new(
            "SELECT cycle_id, step, starts_on, ends_on FROM cycle_steps WHERE cycle_id IN (",
        );
        steps_q.push_bind_list(rows.iter().map(|r| r.id)).push(")");
        let steps: Vec<StepRow> = self.fetch_all(&steps_q).await?;
        rows.into_iter().map(|row| cycle_of(row, &steps)).collect()
    }

    /// Each commune's counts at each step of a cycle (communes with nothing yet have no row).
    pub async fn cycle_counts(&self, cycle_id: Uuid) -> Result<Vec<CommuneCounts>> {
        let q = Query::new(
            "SELECT i.commune_code AS commune_code, \
             CAST(SUM(CASE WHEN i.state <> 'withdrawn' THEN 1 ELSE 0 END) AS BIGINT) AS ideas_filed, \
             CAST(SUM(CASE WHEN i.screened_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS ideas_screened, \
             CAST(SUM(CASE WHEN i.state = 'selected' THEN 1 ELSE 0 END) AS BIGINT) AS ideas_selected, \
             CAST(SUM(CASE WHEN i.state = 'declined' THEN 1 ELSE 0 END) AS BIGINT) AS ideas_declined, \
             CAST(SUM(CASE WHEN p.submitted_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS plans_submitted, \
             CAST(SUM(CASE WHEN p.state = 'approved' THEN 1 ELSE 0 END) AS BIGINT) AS plans_approved, \
             CAST(COALESCE(SUM(s.records), 0) AS BIGINT) AS support_records, \
             CAST(COALESCE(SUM(s.cost), 0) AS BIGINT) AS support_cost \
             FROM ideas i \
             LEFT JOIN business_plans p ON p.idea_id = i.id \
             LEFT JOIN (SELECT plan_id, COUNT(*) AS records, SUM(cost) AS cost \
                        FROM support_records GROUP BY plan_id) s ON s.plan_id = p.id \
             WHERE i.cycle_id = $1 \
             GROUP BY i.commune_code ORDER BY i.commune_code",
        )
        .bind(cycle_id);
        let mut counts: Vec<CommuneCounts> = self.fetch_all(&q).await?;
        let dossiers = Query::new(
            "SELECT d.commune_code, \
             CAST(SUM(CASE WHEN d.state IN ('submitted', 'returned', 'resubmitted', 'accepted', 'proposed') \
                 THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN d.state IN ('accepted', 'proposed') THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN d.state = 'proposed' THEN 1 ELSE 0 END) AS BIGINT) \
             FROM dossiers d JOIN cycles c ON c.province_code = d.province_code AND c.year = d.year \
             WHERE c.id = $1 AND d.commune_code IS NOT NULL \
             GROUP BY d.commune_code",
        )
        .bind(cycle_id);
        let dossiers: Vec<(i64, i64, i64, i64)> = self.fetch_all(&dossiers).await?;
        for (commune_code, filed, accepted, proposed) in dossiers {
            let row = match counts.iter().position(|c| c.commune_code == commune_code) {
                Some(at) => &mut counts[at],
                None => {
                    counts.push(CommuneCounts {
                        commune_code,
                        ..CommuneCounts::default()
                    });
                    counts.last_mut().expect("just pushed")
                }
            };
            row.dossiers_filed = filed;
            row.dossiers_accepted = accepted;
            row.dossiers_proposed = proposed;
        }
        Ok(counts)
    }
}

/// Writes a new cycle and its steps.
pub(crate) async fn insert_cycle(tx: &mut Tx, cycle: &Cycle) -> Result<(), sqlx::Error> {
    tx.execute(&Query::insert(
        "cycles",
        vec![
            ("id", cycle.id.into()),
            ("province_code", cycle.province_code.into()),
            ("year", i64::from(cycle.data.year).into()),
            ("workflow_version", cycle.data.workflow_version.key().into()),
            ("created_at", cycle.created_at.into()),
            ("updated_at", cycle.updated_at.into()),
        ],
    ))
    .await?;
    write_steps(tx, cycle).await
}

/// Replaces a cycle's version and dates.
pub(crate) async fn update_cycle(tx: &mut Tx, cycle: &Cycle) -> Result<(), sqlx::Error> {
    tx.execute(&Query::update(
        "cycles",
        vec![
            ("workflow_version", cycle.data.workflow_version.key().into()),
            ("updated_at", cycle.updated_at.into()),
        ],
        cycle.id,
    ))
    .await?;
    tx.execute(&Query::new("DELETE FROM cycle_steps WHERE cycle_id = $1").bind(cycle.id))
        .await?;
    write_steps(tx, cycle).await
}

async fn write_steps(tx: &mut Tx, cycle: &Cycle) -> Result<(), sqlx::Error> {
    for s in &cycle.data.steps {
        tx.execute(&Query::insert(
            "cycle_steps",
            vec![
                ("cycle_id", cycle.id.into()),
                ("step", s.step.key().into()),
                ("starts_on", s.starts_on.into()),
                ("ends_on", s.ends_on.into()),
            ],
        ))
        .await?;
    }
    Ok(())
}
