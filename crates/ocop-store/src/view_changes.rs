//! The change log of what stamp pages show (table `view_changes`). The database's triggers
//! write it, so every change is in it whichever process made it: this server, another one,
//! the CLI, an import, plain SQL. Each server's resolver reads it every second through a
//! [`ChangeReader`] and drops the lot views a change touches; a change made through this
//! store is also told at once, in this process ([`Store::lot_view_changes`]).

use std::collections::BTreeSet;

use uuid::Uuid;

use crate::db::Query;
use crate::{Result, Store};

/// A change to what lots' public views (the stamp pages) are read from: the resolver drops
/// the views it keeps of those lots, instead of answering them until their time is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewChange {
    /// The lot itself: a recall, a lab test, its materials.
    Lot(Uuid),
    /// Every lot of the product: its name, story, stars, status.
    Product(Uuid),
    /// Every lot of the producer's products: its name.
    Producer(Uuid),
}

/// Changes read at most at once: more, and the reader drops every view instead.
pub const MAX_CHANGES_READ: usize = 1000;
/// Rows the log keeps ([`Store::prune_view_changes`]): a reader further behind drops every
/// view.
pub const VIEW_CHANGES_KEPT: i64 = 100_000;
/// How far back each read looks again. On PostgreSQL a transaction may commit after one that
/// took a later number from the sequence; the log's last numbers are read again, and those
/// already seen skipped, so that such a change is not missed.
const LOOK_BACK: i64 = 64;

/// What the log says changed since the last read.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub views: Vec<ViewChange>,
    /// Too many changes, or some no longer kept: every view is to be dropped.
    pub all_views: bool,
    /// A series was issued, or a key added or changed: the keys and series are to be read again.
    pub series: bool,
}

/// Where one reader is in the log.
#[derive(Debug)]
pub struct ChangeReader {
    /// The highest number read.
    position: i64,
    /// The numbers read within [`LOOK_BACK`] of the position.
    seen: BTreeSet<i64>,
}

impl ChangeReader {
    /// A reader from the log's end: what changed before is already in what it reads next.
    pub async fn at_end(store: &Store) -> Result<ChangeReader> {
        let (position,): (Option<i64>,) = store
            .fetch_one(&Query::new("SELECT max(seq) FROM view_changes"))
            .await?;
        let position = position.unwrap_or(0);
        let seen: Vec<(i64,)> = store
            .fetch_all(
                &Query::new("SELECT seq FROM view_changes WHERE seq > $1 AND seq <= $2")
                    .bind(position - LOOK_BACK)
                    .bind(position),
            )
            .await?;
        Ok(ChangeReader {
            position,
            seen: seen.into_iter().map(|(seq,)| seq).collect(),
        })
    }

    /// The changes logged since the last read.
    pub async fn read(&mut self, store: &Store) -> Result<Changes> {
        let from = self.position - LOOK_BACK;
        let rows: Vec<(i64, String, Option<Uuid>)> = store
            .fetch_all(
                &Query::new(
                    "SELECT seq, kind, ref_id FROM view_changes WHERE seq > $1 ORDER BY seq \
                     LIMIT $2",
                )
                .bind(from)
                .bind((MAX_CHANGES_READ as i64) + LOOK_BACK + 1),
            )
            .await?;
        let fresh: Vec<_> = rows
            .into_iter()
            .filter(|(seq, _, _)| *seq > self.position || !self.seen.contains(seq))
            .collect();
        if fresh.is_empty() {
            return Ok(Changes::default());
        }
        // Rows pruned past this reader: the log keeps its newest, so some are new here.
        let (oldest,): (Option<i64>,) = store
            .fetch_one(&Query::new("SELECT min(seq) FROM view_changes"))
            .await?;
        let mut changes = Changes {
            all_views: oldest.is_some_and(|oldest| oldest > self.position + 1),
            ..Changes::default()
        };
        if fresh.len() > MAX_CHANGES_READ {
            changes.all_views = true;
            changes.series = true;
        }
        for (seq, kind, id) in fresh {
            self.position = self.position.max(seq);
            self.seen.insert(seq);
            match (kind.as_str(), id) {
                ("series", _) => changes.series = true,
                ("lot", Some(id)) => changes.views.push(ViewChange::Lot(id)),
                ("product", Some(id)) => changes.views.push(ViewChange::Product(id)),
                ("producer", Some(id)) => changes.views.push(ViewChange::Producer(id)),
                _ => changes.all_views = true,
            }
        }
        let keep_from = self.position - LOOK_BACK;
        self.seen = self.seen.split_off(&keep_from);
        if changes.all_views {
            changes.views.clear();
        }
        changes.views.dedup();
        Ok(changes)
    }
}

impl Store {
    /// Deletes the log's rows but the newest [`VIEW_CHANGES_KEPT`].
    pub async fn prune_view_changes(&self) -> Result<u64> {
        Ok(self
            .execute(
                &Query::new(
                    "DELETE FROM view_changes WHERE seq <= \
                     (SELECT max(seq) FROM view_changes) - $1",
                )
                .bind(VIEW_CHANGES_KEPT),
            )
            .await?)
    }
}
