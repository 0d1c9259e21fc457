//! Hội đồng: aggregating members' totals into a mean, a spread and a band; explaining caps.

use serde::Serialize;

use super::{DEFAULT_SPREAD_THRESHOLD, Mean, UnmetMinimum};
use crate::criteria::{CriteriaSet, KnockOut};

pub(super) struct Council {
    pub mean: Mean,
    pub spread: u32,
    pub spread_threshold: u32,
    pub rescore_required: bool,
    pub band_stars: u8,
}

impl Council {
    /// `totals` must not be empty (the callers reject an empty council first).
    pub fn new(set: &CriteriaSet, totals: &[u32], spread_threshold: Option<u32>) -> Council {
        let mean = Mean {
            sum: totals.iter().copied().map(u64::from).sum(),
            count: totals.len() as u64,
        };
        let highest = totals.iter().copied().max().unwrap_or(0);
        let lowest = totals.iter().copied().min().unwrap_or(0);
        let spread = highest - lowest;
        let spread_threshold = spread_threshold.unwrap_or(DEFAULT_SPREAD_THRESHOLD);
        Council {
            mean,
            spread,
            spread_threshold,
            rescore_required: spread > spread_threshold,
            band_stars: band_stars(set, mean),
        }
    }
}

/// The first band (listed high to low) whose minimum the exact mean reaches. A validated
/// set always ends with a band starting at 0, so some band always matches.
pub(super) fn band_stars(set: &CriteriaSet, mean: Mean) -> u8 {
    set.bands
        .iter()
        .find(|band| mean.at_least(band.min))
        .map_or(0, |band| band.stars)
}

/// A knock-out found, with its label for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KnockOutEntry {
    pub code: KnockOut,
    pub label: &'static str,
}

/// The knock-outs as entered, each once, in the order first given.
pub(super) fn knockout_entries(knockouts: &[KnockOut]) -> Vec<KnockOutEntry> {
    let mut entries: Vec<KnockOutEntry> = Vec::new();
    for &knockout in knockouts {
        if !entries.iter().any(|entry| entry.code == knockout) {
            entries.push(KnockOutEntry {
                code: knockout,
                label: knockout.label(),
            });
        }
    }
    entries
}

/// Why a product got fewer stars than its band: the minimums of one level it misses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cap {
    pub band_stars: u8,
    pub stars: u8,
    /// The star level whose minimums are not all met.
    pub level: u8,
    /// The criteria whose minimum for `level` is unmet.
    pub criteria: Vec<String>,
    /// Explanation in Vietnamese.
    pub message: String,
    /// The same in English.
    pub message_en: String,
}

/// One cap per level between the stars given and the band reached that has unmet
/// minimums: all of them stand between the product and its band.
pub(super) fn caps(band_stars: u8, stars: u8, unmet: &[UnmetMinimum]) -> Vec<Cap> {
    ((stars + 1)..=band_stars)
        .filter_map(|level| {
            let missed: Vec<&UnmetMinimum> =
                unmet.iter().filter(|minimum| minimum.stars == level).collect();
            if missed.is_empty() {
                return None;
            }
            let named = missed
                .iter()
                .map(|minimum| format!("{} ({})", minimum.criterion, minimum.name))
                .collect::<Vec<_>>()
                .join("; ");
            Some(Cap {
                band_stars,
                stars,
                level,
                criteria: missed.iter().map(|minimum| minimum.criterion.clone()).collect(),
                message: format!(
                    "Điểm trung bình đạt hạng {band_stars} sao nhưng chưa đạt yêu cầu tối thiểu {level} sao ở tiêu chí {named}; sản phẩm được xếp hạng {stars} sao"
                ),
                message_en: format!(
                    "The mean total reaches the {band_stars}-star band, but the {level}-star minimum is not met on {named}; the product is ranked {stars} stars"
                ),
            })
        })
        .collect()
}
