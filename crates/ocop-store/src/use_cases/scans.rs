//! Lượt quét tem: the scan dashboard of a producer and its officials, and consumers' reports.

use ocop_domain::access::{Scope, authorize_scan_dashboard, authorize_scan_handle, view_scope};
use ocop_domain::scan::{AlertKind, HandlingInput, Report, ReportKind};
use serde::Serialize;
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use super::Caller;
use crate::audit::append_audit;
use crate::db::Query;
use crate::{Result, Store, StoreError};

/// Days the dashboard looks back.
pub const DASHBOARD_DAYS: u32 = 30;
/// Most rows of each of the dashboard's lists.
pub const DASHBOARD_ROWS: u32 = 50;

/// Scans of the caller's products over the last [`DASHBOARD_DAYS`] days, with the alerts and
/// the consumers' reports.
#[derive(Debug, Clone, Serialize)]
pub struct ScanDashboard {
    #[serde(with = "time::serde::rfc3339")]
    pub since: OffsetDateTime,
    pub total: i64,
    pub per_product: Vec<ProductScans>,
    /// By the province nearest the place consumers shared (None: not shared).
    pub per_province: Vec<ProvinceScans>,
    /// By day in Vietnam's time, `YYYY-MM-DD`, oldest first.
    pub per_day: Vec<DayScans>,
    pub alerts: Vec<ScanAlert>,
    pub reports: Vec<ConsumerReport>,
}

#[derive(Debug, Clone, Serialize, FromRow)]
pub struct ProductScans {
    pub product_id: Uuid,
    pub product_name: String,
    pub scans: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProvinceScans {
    pub province_code: Option<u32>,
    pub scans: i64,
}

#[derive(Debug, Clone, Serialize, FromRow)]
pub struct DayScans {
    pub day: String,
    pub scans: i64,
}

/// An alert as the dashboard lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ScanAlert {
    pub id: Uuid,
    pub serial: String,
    pub kind: AlertKind,
    pub series_no: u32,
    pub lot_id: Option<Uuid>,
    pub lot_number: Option<String>,
    pub product_name: Option<String>,
    pub detail: String,
    #[serde(with = "time::serde::rfc3339")]
    pub raised_at: OffsetDateTime,
    pub demo: bool,
    /// Đã xử lý: when, by whom and how; None while the alert is open.
    pub handled: Option<Handling>,
}

/// How an alert or a consumer's report was handled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Handling {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub by: String,
    pub note: String,
}

impl Handling {
    /// The handling stored in a row's three columns; None while open.
    fn from_columns(
        at: Option<OffsetDateTime>,
        by: Option<String>,
        note: Option<String>,
    ) -> Option<Handling> {
        at.map(|at| Handling {
            at,
            by: by.unwrap_or_default(),
            note: note.unwrap_or_default(),
        })
    }
}

/// The alert columns the dashboard and the handling read, with the lot and product named.
const ALERT_SELECT: &str = "SELECT a.id, a.serial, a.kind, a.series_no, a.lot_id, l.lot_number, \
     p.name AS product_name, a.detail, a.raised_at, a.demo, a.handled_at, a.handled_by, \
     a.handling_note FROM scan_alerts a LEFT JOIN lots l ON l.id = a.lot_id \
     LEFT JOIN products p ON p.id = l.product_id";

#[derive(FromRow)]
struct AlertRow {
    id: Uuid,
    serial: String,
    kind: String,
    series_no: i64,
    lot_id: Option<Uuid>,
    lot_number: Option<String>,
    product_name: Option<String>,
    detail: String,
    raised_at: OffsetDateTime,
    demo: bool,
    handled_at: Option<OffsetDateTime>,
    handled_by: Option<String>,
    handling_note: Option<String>,
}

impl TryFrom<AlertRow> for ScanAlert {
    type Error = StoreError;

    fn try_from(r: AlertRow) -> Result<ScanAlert> {
        Ok(ScanAlert {
            kind: AlertKind::parse(&r.kind)
                .ok_or_else(|| StoreError::Corrupt(format!("loại cảnh báo {}", r.kind)))?,
            id: r.id,
            serial: r.serial,
            series_no: u32::try_from(r.series_no).unwrap_or_default(),
            lot_id: r.lot_id,
            lot_number: r.lot_number,
            product_name: r.product_name,
            detail: r.detail,
            raised_at: r.raised_at,
            demo: r.demo,
            handled: Handling::from_columns(r.handled_at, r.handled_by, r.handling_note),
        })
    }
}

/// Báo cáo của người tiêu dùng, as the dashboard lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ConsumerReport {
    pub id: Uuid,
    pub serial: String,
    pub lot_id: Uuid,
    pub lot_number: String,
    pub product_name: String,
    pub kind: ReportKind,
    pub message: String,
    pub phone: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub reported_at: OffsetDateTime,
    pub demo: bool,
    /// Đã xử lý: when, by whom and how; None while the report is open.
    pub handled: Option<Handling>,
}

/// The report columns the dashboard and the handling read, with the lot and product named.
const REPORT_SELECT: &str = "SELECT r.id, r.serial, r.lot_id, l.lot_number, \
     p.name AS product_name, r.kind, r.message, r.phone, r.reported_at, r.demo, r.handled_at, \
     r.handled_by, r.handling_note FROM consumer_reports r JOIN lots l ON l.id = r.lot_id \
     JOIN products p ON p.id = l.product_id";

#[derive(FromRow)]
struct ReportRow {
    id: Uuid,
    serial: String,
    lot_id: Uuid,
    lot_number: String,
    product_name: String,
    kind: String,
    message: String,
    phone: Option<String>,
    reported_at: OffsetDateTime,
    demo: bool,
    handled_at: Option<OffsetDateTime>,
    handled_by: Option<String>,
    handling_note: Option<String>,
}

impl TryFrom<ReportRow> for ConsumerReport {
    type Error = StoreError;

    fn try_from(r: ReportRow) -> Result<ConsumerReport> {
        Ok(ConsumerReport {
            kind: ReportKind::parse(&r.kind)
                .ok_or_else(|| StoreError::Corrupt(format!("loại báo cáo {}", r.kind)))?,
            id: r.id,
            serial: r.serial,
            lot_id: r.lot_id,
            lot_number: r.lot_number,
            product_name: r.product_name,
            message: r.message,
            phone: r.phone,
            reported_at: r.reported_at,
            demo: r.demo,
            handled: Handling::from_columns(r.handled_at, r.handled_by, r.handling_note),
        })
    }
}

/// What is marked handled: the table, the audit's entity, and the Vietnamese name.
#[derive(Debug, Clone, Copy)]
enum FollowUp {
    Alert,
    Report,
}

impl FollowUp {
    fn table(self) -> &'static str {
        match self {
            FollowUp::Alert => "scan_alerts",
            FollowUp::Report => "consumer_reports",
        }
    }

    fn entity(self) -> &'static str {
        match self {
            FollowUp::Alert => "scan_alert",
            FollowUp::Report => "consumer_report",
        }
    }

    fn already(self) -> &'static str {
        match self {
            FollowUp::Alert => "Cảnh báo này đã được xử lý",
            FollowUp::Report => "Báo cáo này đã được xử lý",
        }
    }
}

/// Limits a query over products `p` to `scope`; false when the scope sees no product's scans
/// (an account with no unit), so the caller answers empty lists.
fn push_scope(q: &mut Query, scope: Scope) -> bool {
    match scope {
        Scope::Everything => {}
        Scope::Province(code) => {
            q.and_where("p.province_code = ").push_bind(code);
        }
        Scope::Commune(code) => {
            q.and_where("p.commune_code = ").push_bind(code);
        }
        Scope::Producer(id) => {
            q.and_where("p.producer_id = ").push_bind(id);
        }
        Scope::PublicOnly => return false,
    }
    true
}

impl Store {
    /// The scan dashboard: scans per product, province and day over the last 30 days, the
    /// latest alerts and reports, of the products the caller may see the scans of.
    pub async fn scan_dashboard(&self, caller: &Caller) -> Result<ScanDashboard> {
        caller.check(authorize_scan_dashboard)?;
        let scope = caller
            .actor()
            .map_or(Scope::Everything, |a| view_scope(Some(&a)));
        let since = self.now() - time::Duration::days(i64::from(DASHBOARD_DAYS));
        // The figures come from the per-day sums the scan writer keeps, from the Vietnam day
        // of `since` on.
        let since_day = ocop_domain::vietnam_date(since).to_string();
        let from = |select: &str| {
            let mut q = Query::new(format!(
                "SELECT {select} FROM scan_days s JOIN lots l ON l.id = s.lot_id \
                 JOIN products p ON p.id = l.product_id"
            ));
            q.and_where("s.day >= ").push_bind(since_day.as_str());
            let visible = push_scope(&mut q, scope);
            (q, visible)
        };
        let mut dashboard = ScanDashboard {
            since,
            total: 0,
            per_product: Vec::new(),
            per_province: Vec::new(),
            per_day: Vec::new(),
            alerts: Vec::new(),
            reports: Vec::new(),
        };
        const SUM: &str = "CAST(SUM(s.scans) AS BIGINT) AS scans";
        let (mut q, visible) = from(&format!(
            "p.id AS product_id, p.name AS product_name, {SUM}"
        ));
        if !visible {
            return Ok(dashboard);
        }
        q.push(&format!(
            " GROUP BY p.id, p.name ORDER BY scans DESC, p.name LIMIT {DASHBOARD_ROWS}"
        ));
        dashboard.per_product = self.fetch_all(&q).await?;
        let (mut q, _) = from(&format!("s.place_province, {SUM}"));
        q.push(&format!(
            " GROUP BY s.place_province ORDER BY scans DESC LIMIT {DASHBOARD_ROWS}"
        ));
        let provinces: Vec<(i64, i64)> = self.fetch_all(&q).await?;
        dashboard.per_province = provinces
            .into_iter()
            .map(|(code, scans)| ProvinceScans {
                // 0: the consumers did not share a place.
                province_code: u32::try_from(code).ok().filter(|&c| c != 0),
                scans,
            })
            .collect();
        let (mut q, _) = from(&format!("s.day, {SUM}"));
        q.push(" GROUP BY s.day ORDER BY s.day");
        dashboard.per_day = self.fetch_all(&q).await?;
        dashboard.total = dashboard.per_day.iter().map(|d| d.scans).sum();

        // Alerts of a series never issued belong to no product: central officials see them.
        // Open alerts first, each part newest first.
        let mut q = Query::new(ALERT_SELECT);
        push_scope(&mut q, scope);
        q.push(&format!(
            " ORDER BY CASE WHEN a.handled_at IS NULL THEN 0 ELSE 1 END, a.raised_at DESC \
             LIMIT {DASHBOARD_ROWS}"
        ));
        let alerts: Vec<AlertRow> = self.fetch_all(&q).await?;
        dashboard.alerts = alerts
            .into_iter()
            .map(ScanAlert::try_from)
            .collect::<Result<_>>()?;

        // Open reports first, each part newest first.
        let mut q = Query::new(REPORT_SELECT);
        push_scope(&mut q, scope);
        q.push(&format!(
            " ORDER BY CASE WHEN r.handled_at IS NULL THEN 0 ELSE 1 END, r.reported_at DESC \
             LIMIT {DASHBOARD_ROWS}"
        ));
        let reports: Vec<ReportRow> = self.fetch_all(&q).await?;
        dashboard.reports = reports
            .into_iter()
            .map(ConsumerReport::try_from)
            .collect::<Result<_>>()?;
        Ok(dashboard)
    }

    /// Marks an open alert handled (đã xử lý) with what was done, and audits it. Whoever sees
    /// the alert may ([`authorize_scan_handle`]); to anyone else it does not exist. An
    /// alert already handled is a [`StoreError::StateConflict`], nothing written.
    pub async fn handle_scan_alert(
        &self,
        caller: &Caller,
        id: Uuid,
        input: &HandlingInput,
    ) -> Result<ScanAlert> {
        caller.check(authorize_scan_dashboard)?;
        const NOT_FOUND: StoreError = StoreError::NotFound("cảnh báo");
        let q = Query::new(format!("{ALERT_SELECT} WHERE a.id = $1")).bind(id);
        let row: Option<AlertRow> = self.fetch_optional(&q).await?;
        let alert = ScanAlert::try_from(row.ok_or(NOT_FOUND)?)?;
        let product = match alert.lot_id {
            Some(lot_id) => Some(self.product(self.lot(lot_id).await?.product_id).await?),
            None => None,
        };
        let resource = product.as_ref().map(|p| p.resource());
        caller
            .check(|actor| authorize_scan_handle(actor, resource.as_ref()))
            .map_err(|_| NOT_FOUND)?;
        let after = serde_json::json!({ "serial": alert.serial, "kind": alert.kind.key() });
        let handled = self
            .mark_handled(caller, FollowUp::Alert, id, input, after)
            .await?;
        Ok(ScanAlert {
            handled: Some(handled),
            ..alert
        })
    }

    /// Marks an open consumer's report handled (đã xử lý) with what was done, and audits it,
    /// as [`Store::handle_scan_alert`] does an alert: whoever sees the report may
    /// ([`authorize_scan_handle`]: the product's producer, the officials of its unit, central
    /// officials); to anyone else it does not exist.
    pub async fn handle_consumer_report(
        &self,
        caller: &Caller,
        id: Uuid,
        input: &HandlingInput,
    ) -> Result<ConsumerReport> {
        caller.check(authorize_scan_dashboard)?;
        const NOT_FOUND: StoreError = StoreError::NotFound("báo cáo");
        let q = Query::new(format!("{REPORT_SELECT} WHERE r.id = $1")).bind(id);
        let row: Option<ReportRow> = self.fetch_optional(&q).await?;
        let report = ConsumerReport::try_from(row.ok_or(NOT_FOUND)?)?;
        let product = self
            .product(self.lot(report.lot_id).await?.product_id)
            .await?;
        caller
            .check(|actor| authorize_scan_handle(actor, Some(&product.resource())))
            .map_err(|_| NOT_FOUND)?;
        // The phone number is personal: the audit row keeps the kind and the stamp only.
        let after = serde_json::json!({ "serial": report.serial, "kind": report.kind.key() });
        let handled = self
            .mark_handled(caller, FollowUp::Report, id, input, after)
            .await?;
        Ok(ConsumerReport {
            handled: Some(handled),
            ..report
        })
    }

    /// Writes how an open alert or report was handled, and its audit row (`after` with the
    /// note added). Only while it is open: already handled, or by someone else a moment ago,
    /// is a [`StoreError::StateConflict`], nothing written.
    async fn mark_handled(
        &self,
        caller: &Caller,
        what: FollowUp,
        id: Uuid,
        input: &HandlingInput,
        mut after: serde_json::Value,
    ) -> Result<Handling> {
        let note = input.parse()?;
        let by = caller.audit();
        let mut tx = self.begin().await?;
        let at = tx.now();
        let changed = tx
            .execute(
                &Query::new(format!(
                    "UPDATE {} SET handled_at = $1, handled_by = $2, handling_note = $3 \
                     WHERE id = $4 AND handled_at IS NULL",
                    what.table()
                ))
                .bind(at)
                .bind(by.label.as_str())
                .bind(note.as_str())
                .bind(id),
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::StateConflict(what.already().to_owned()));
        }
        after["note"] = note.as_str().into();
        append_audit(
            &mut tx,
            &by,
            what.entity(),
            id,
            "handle",
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(Handling {
            at,
            by: by.label,
            note,
        })
    }

    /// A consumer reports a problem with the stamp `serial` of lot `lot_id` (the resolver
    /// has verified the stamp). Anyone may; the report reaches the producer and the
    /// province through the dashboard, and is audited.
    pub async fn report_problem(
        &self,
        caller: &Caller,
        lot_id: Uuid,
        serial: &str,
        report: &Report,
    ) -> Result<Uuid> {
        let lot = self.lot(lot_id).await?;
        let id = Uuid::now_v7();
        let mut tx = self.begin().await?;
        let at = tx.now();
        tx.execute(&Query::insert(
            "consumer_reports",
            vec![
                ("id", id.into()),
                ("serial", serial.into()),
                ("lot_id", lot_id.into()),
                ("kind", report.kind.key().into()),
                ("message", report.message.as_str().into()),
                ("phone", report.phone.as_deref().into()),
                ("reported_at", at.into()),
                ("demo", lot.demo.into()),
            ],
        ))
        .await?;
        // The phone number is personal: the audit row keeps the kind and the stamp only.
        let after = serde_json::json!({
            "serial": serial,
            "lot_id": lot_id,
            "kind": report.kind.key(),
        });
        append_audit(
            &mut tx,
            &caller.audit(),
            "consumer_report",
            id,
            "report",
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }
}
