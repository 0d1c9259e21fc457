//! Pure OCOP rules ("Mỗi xã một sản phẩm"): administrative units, producers, products and
//! their taxonomy, criteria sets and scoring, access rules. No I/O: clock, ids and data are
//! passed in; embedded data files are compiled in.

pub mod access;
pub mod business_plan;
pub mod change_request;
pub mod criteria;
pub mod cycle;
pub mod dossier;
pub mod epcis;
pub mod idea;
pub mod identifiers;
pub mod import;
pub mod input;
pub mod lot;
pub mod password;
pub mod producer;
pub mod product;
pub mod scan;
pub mod scoring;
pub mod stamp;
pub mod taxonomy;
pub mod text;
pub mod units;
pub mod validation;

/// Giờ Việt Nam: UTC+7 all year (no daylight saving), the offset of every day shown to
/// users or counted in days (deadlines, the scan dashboard, event times without an offset).
pub const VIETNAM: time::UtcOffset = time::macros::offset!(+7);

/// The day `at` falls on in Vietnam.
pub fn vietnam_date(at: time::OffsetDateTime) -> time::Date {
    at.to_offset(VIETNAM).date()
}
