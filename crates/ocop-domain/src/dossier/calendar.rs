//! Ngày làm việc: working days of Vietnam's public offices, for the commune's 15 working days
//! (Decision 26/2026 Điều 7.2). Weekends and the public holidays of the table
//! `calendar/holidays-vn.txt` (per year, with its source or assumption) are days off; a
//! weekend day worked in exchange for a bridge day is a working day.

use std::collections::BTreeMap;

use serde::Serialize;
use time::{Date, Duration, Weekday};

/// Working days the commune has to review a dossier after receiving it.
pub const COMMUNE_REVIEW_WORKING_DAYS: u32 = 15;
/// At most this many working days left: the dossier is nearly due.
pub const NEARLY_DUE_WORKING_DAYS: u32 = 3;

const HOLIDAYS: &str = include_str!("../../calendar/holidays-vn.txt");

/// One listed day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedDay {
    /// A day off on a weekday (true), or a weekend day worked (false).
    pub off: bool,
    pub name: String,
}

/// The holiday table.
#[derive(Debug, Clone)]
pub struct HolidayCalendar {
    days: BTreeMap<Date, ListedDay>,
}

impl HolidayCalendar {
    /// The embedded table, parsed once (its validity is a test).
    pub fn embedded() -> &'static HolidayCalendar {
        static CALENDAR: std::sync::OnceLock<HolidayCalendar> = std::sync::OnceLock::new();
        CALENDAR.get_or_init(|| {
            HolidayCalendar::parse(HOLIDAYS).expect("the embedded holiday table is valid")
        })
    }

    /// Parses lines `YYYY-MM-DD off|work name`; `#` starts a comment line.
    pub fn parse(text: &str) -> Result<HolidayCalendar, String> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let mut days = BTreeMap::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |what: &str| format!("dòng {}: {what}: {line}", number + 1);
            let mut parts = line.splitn(3, ' ');
            let date = parts.next().unwrap_or_default();
            let date = Date::parse(date, &format).map_err(|_| bad("ngày không hợp lệ"))?;
            let off = match parts.next() {
                Some("off") => true,
                Some("work") => false,
                _ => return Err(bad("cần \"off\" hoặc \"work\"")),
            };
            let name = parts.next().unwrap_or_default().trim().to_owned();
            if name.is_empty() {
                return Err(bad("thiếu tên ngày"));
            }
            if off == is_weekend(date) {
                return Err(bad(if off {
                    "ngày nghỉ trùng cuối tuần"
                } else {
                    "ngày làm bù không phải cuối tuần"
                }));
            }
            if days.insert(date, ListedDay { off, name }).is_some() {
                return Err(bad("ngày lặp lại"));
            }
        }
        Ok(HolidayCalendar { days })
    }

    /// The years the table lists.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.days.keys().map(|d| d.year()).collect();
        years.dedup();
        years
    }

    /// The listed day, if any (a holiday, or a weekend day worked).
    pub fn listed(&self, day: Date) -> Option<&ListedDay> {
        self.days.get(&day)
    }

    pub fn is_working_day(&self, day: Date) -> bool {
        match self.days.get(&day) {
            Some(listed) => !listed.off,
            None => !is_weekend(day),
        }
    }

    /// The day `n` working days after `from` (`from` itself not counted): the deadline of a
    /// dossier received on `from` is `add_working_days(from, 15)`.
    pub fn add_working_days(&self, from: Date, n: u32) -> Date {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = next_day(day);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days after `from` up to and including `to`; 0 when `to` is not after `from`.
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = next_day(day);
            if self.is_working_day(day) {
                count += 1;
            }
        }
        count
    }
}

fn next_day(day: Date) -> Date {
    day.checked_add(Duration::DAY).unwrap_or(day)
}

fn is_weekend(day: Date) -> bool {
    matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// `n` working days after `from` by the embedded table.
pub fn add_working_days(from: Date, n: u32) -> Date {
    HolidayCalendar::embedded().add_working_days(from, n)
}

/// Working days after `from` up to and including `to`, by the embedded table.
pub fn working_days_between(from: Date, to: Date) -> u32 {
    HolidayCalendar::embedded().working_days_between(from, to)
}

/// Where a dossier stands against the commune's deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DueState {
    /// Trong hạn.
    OnTime,
    /// Sắp đến hạn: at most [`NEARLY_DUE_WORKING_DAYS`] working days left.
    NearlyDue,
    /// Quá hạn: the deadline has passed.
    Overdue,
}

impl DueState {
    pub fn key(self) -> &'static str {
        match self {
            DueState::OnTime => "on_time",
            DueState::NearlyDue => "nearly_due",
            DueState::Overdue => "overdue",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DueState::OnTime => "Trong hạn",
            DueState::NearlyDue => "Sắp đến hạn",
            DueState::Overdue => "Quá hạn",
        }
    }
}

/// The commune's deadline for a dossier received on `received`, and how it stands `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadline {
    #[serde(with = "super::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_on: Date,
    /// Working days left after today, up to and including the due day (0 on the day itself
    /// and after it).
    pub working_days_left: u32,
    pub state: DueState,
}

impl Deadline {
    /// The 15-working-day deadline of a dossier received on `received`, seen on `today`.
    pub fn commune_review(received: Date, today: Date) -> Deadline {
        let calendar = HolidayCalendar::embedded();
        let due_on = calendar.add_working_days(received, COMMUNE_REVIEW_WORKING_DAYS);
        let working_days_left = calendar.working_days_between(today, due_on);
        let state = if today > due_on {
            DueState::Overdue
        } else if working_days_left <= NEARLY_DUE_WORKING_DAYS {
            DueState::NearlyDue
        } else {
            DueState::OnTime
        };
        Deadline {
            due_on,
            working_days_left,
            state,
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn the_table_covers_2025_to_2027() {
        assert_eq!(HolidayCalendar::embedded().years(), [2025, 2026, 2027]);
    }

    #[test]
    fn weekends_and_holidays_are_skipped() {
        let c = HolidayCalendar::embedded();
        // Friday → Monday.
        assert_eq!(
            c.add_working_days(date!(2026 - 03 - 06), 1),
            date!(2026 - 03 - 09)
        );
        // Tết Bính Ngọ: Friday 13/02 + 1 → Monday 23/02 (14–22/02 off).
        assert_eq!(
            c.add_working_days(date!(2026 - 02 - 13), 1),
            date!(2026 - 02 - 23)
        );
        // Received Tuesday 10/02/2026: 3 working days (11, 12, 13/02) before Tết, then 12
        // from 23/02 → Tuesday 10/03.
        assert_eq!(
            c.add_working_days(date!(2026 - 02 - 10), COMMUNE_REVIEW_WORKING_DAYS),
            date!(2026 - 03 - 10)
        );
        assert_eq!(
            c.working_days_between(date!(2026 - 02 - 10), date!(2026 - 03 - 10)),
            15
        );
        // 30/4–1/5/2026 (Thursday, Friday) and the Giỗ Tổ day made up on Monday 27/04:
        // Friday 24/04 + 3 → Tuesday 28/04, Wednesday 29/04, Monday 04/05.
        assert_eq!(
            c.add_working_days(date!(2026 - 04 - 24), 3),
            date!(2026 - 05 - 04)
        );
        // A Saturday worked in exchange counts (26/04/2025).
        assert!(c.is_working_day(date!(2025 - 04 - 26)));
        assert!(!c.is_working_day(date!(2025 - 05 - 02)));
        assert_eq!(
            c.working_days_between(date!(2026 - 03 - 10), date!(2026 - 03 - 10)),
            0
        );
        assert_eq!(
            c.working_days_between(date!(2026 - 03 - 11), date!(2026 - 03 - 10)),
            0
        );
    }

    #[test]
    fn due_states() {
        let received = date!(2026 - 03 - 02);
        let due = date!(2026 - 03 - 23);
        let on = |today| Deadline::commune_review(received, today);
        assert_eq!(on(received).due_on, due);
        assert_eq!(on(received).state, DueState::OnTime);
        assert_eq!(on(date!(2026 - 03 - 17)).working_days_left, 4);
        assert_eq!(on(date!(2026 - 03 - 17)).state, DueState::OnTime);
        assert_eq!(on(date!(2026 - 03 - 18)).state, DueState::NearlyDue);
        assert_eq!(on(due).state, DueState::NearlyDue);
        assert_eq!(on(due).working_days_left, 0);
        assert_eq!(on(date!(2026 - 03 - 24)).state, DueState::Overdue);
    }

    #[test]
    fn bad_tables_are_refused() {
        for bad in [
            "2026-01-03 off Thứ Bảy",
            "2026-01-05 work Thứ Hai",
            "2026-13-01 off X",
            "2026-01-01 holiday X",
            "2026-01-01 off",
            "2026-01-01 off A\n2026-01-01 off B",
        ] {
            assert!(HolidayCalendar::parse(bad).is_err(), "{bad}");
        }
    }
}
