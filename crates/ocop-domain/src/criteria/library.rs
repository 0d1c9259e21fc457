use time::Date;

use super::{CriteriaError, CriteriaSet};

/// The criteria files compiled into the binary, one per version.
const EMBEDDED: [&str; 4] = [
    include_str!("../../criteria/v2026.json"),
    include_str!("../../criteria/v2025.json"),
    include_str!("../../criteria/v2023.json"),
    include_str!("../../criteria/v2019.json"),
];

/// Every version of the criteria the software knows, validated.
#[derive(Debug, Clone)]
pub struct Library {
    /// Newest first (by `effective_from`).
    sets: Vec<CriteriaSet>,
}

impl Library {
    /// Parses and validates the embedded criteria files (V2026, V2025, V2023, V2019).
    pub fn load() -> Result<Library, CriteriaError> {
        Library::from_sources(&EMBEDDED)
    }

    /// Parses and validates criteria files given as JSON text.
    /// The embedded library, loaded and validated once (its validity is a test).
    pub fn embedded() -> &'static Library {
        static LIBRARY: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
        LIBRARY.get_or_init(|| Library::load().expect("embedded criteria sets are valid"))
    }

    pub fn from_sources(sources: &[&str]) -> Result<Library, CriteriaError> {
        let mut sets = Vec::with_capacity(sources.len());
        for source in sources {
            let set = CriteriaSet::from_json(source)?;
            if sets
                .iter()
                .any(|known: &CriteriaSet| known.version == set.version)
            {
                return Err(CriteriaError::DuplicateVersion {
                    version: set.version,
                });
            }
            sets.push(set);
        }
        sets.sort_by_key(|set| std::cmp::Reverse(set.effective_from));
        Ok(Library { sets })
    }

    /// The set with this version key, e.g. `V2026`.
    pub fn version(&self, version: &str) -> Option<&CriteriaSet> {
        self.sets.iter().find(|set| set.version == version)
    }

    /// All sets, newest first.
    pub fn versions(&self) -> &[CriteriaSet] {
        &self.sets
    }

    /// The set in force on that day: the newest one already effective.
    pub fn in_force_on(&self, day: Date) -> Option<&CriteriaSet> {
        self.sets.iter().find(|set| set.effective_from <= day)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::criteria::PartCode;

    fn library() -> Library {
        Library::load().expect("embedded criteria files load and validate")
    }

    #[test]
    fn holds_the_four_versions_newest_first() {
        let library = library();
        let versions: Vec<&str> = library
            .versions()
            .iter()
            .map(|set| set.version.as_str())
            .collect();
        assert_eq!(versions, ["V2026", "V2025", "V2023", "V2019"]);
        for old in ["V2025", "V2023", "V2019"] {
            assert!(library.version(old).unwrap().sheets.is_empty(), "{old}");
        }
        assert!(library.version("V2030").is_none());
    }

    #[test]
    fn version_in_force_follows_effective_dates() {
        let library = library();
        let in_force = |day| library.in_force_on(day).map(|set| set.version.as_str());
        assert_eq!(in_force(date!(2026 - 05 - 22)), Some("V2026"));
        assert_eq!(in_force(date!(2026 - 05 - 21)), Some("V2025"));
        assert_eq!(in_force(date!(2024 - 01 - 01)), Some("V2023"));
        assert_eq!(in_force(date!(2020 - 01 - 01)), Some("V2019"));
        assert_eq!(in_force(date!(2019 - 01 - 01)), None);
    }

    #[test]
    fn v2026_has_26_sheets_of_40_25_35() {
        let library = library();
        let set = library.version("V2026").unwrap();
        let numbers: Vec<u8> = set.sheets.iter().map(|sheet| sheet.number).collect();
        assert_eq!(numbers, (1..=26).collect::<Vec<u8>>());
        for sheet in &set.sheets {
            let maxima: Vec<(PartCode, u32)> = sheet
                .parts
                .iter()
                .map(|part| (part.code, part.max))
                .collect();
            assert_eq!(
                maxima,
                [(PartCode::A, 40), (PartCode::B, 25), (PartCode::C, 35)],
                "sheet {}",
                sheet.number
            );
            let leaves_total: u32 = sheet.leaves().iter().map(|leaf| leaf.criterion.max).sum();
            assert_eq!(leaves_total, 100, "sheet {}", sheet.number);
        }
    }

    /// Sheet number and the section maxima of parts A (1/2/3), B (4/5) and C (in order).
    type SectionMaxima = (u8, [u32; 3], [u32; 2], &'static [u32]);

    /// Section maxima per sheet, from DOMAIN.md §1.4.
    #[test]
    fn v2026_section_maxima_match_the_law() {
        let food_c: &'static [u32] = &[12, 3, 5, 5, 5, 2, 3];
        let processed_c: &'static [u32] = &[15, 5, 5, 5, 2, 3];
        let drink_c: &'static [u32] = &[15, 5, 5, 5, 5];
        let expected: Vec<SectionMaxima> = vec![
            (1, [18, 10, 12], [13, 12], food_c),
            (2, [18, 10, 12], [13, 12], processed_c),
            (3, [18, 10, 12], [13, 12], food_c),
            (4, [18, 10, 12], [13, 12], food_c),
            (5, [16, 12, 12], [13, 12], processed_c),
            (6, [18, 10, 12], [13, 12], processed_c),
            (7, [18, 10, 12], [13, 12], processed_c),
            (8, [18, 10, 12], [13, 12], processed_c),
            (9, [18, 10, 12], [13, 12], processed_c),
            (10, [18, 10, 12], [13, 12], processed_c),
            (11, [18, 10, 12], [13, 12], processed_c),
            (12, [18, 10, 12], [13, 12], processed_c),
            (13, [18, 10, 12], [13, 12], processed_c),
            (14, [17, 11, 12], [13, 12], drink_c),
            (15, [17, 11, 12], [13, 12], drink_c),
            (16, [17, 11, 12], [13, 12], drink_c),
            (17, [17, 11, 12], [13, 12], drink_c),
            (18, [18, 10, 12], [13, 12], &[5, 4, 5, 3, 3, 5, 3, 2, 5]),
            (19, [17, 11, 12], [13, 12], &[5, 3, 5, 4, 5, 3, 5, 2, 3]),
            (20, [17, 11, 12], [13, 12], &[5, 3, 5, 4, 3, 5, 5, 2, 3]),
            (21, [19, 9, 12], [13, 12], &[21, 4, 5, 5]),
            (22, [18, 10, 12], [13, 12], &[24, 3, 3, 5]),
            (23, [19, 9, 12], [13, 12], &[14, 8, 4, 4, 5]),
            (24, [19, 9, 12], [13, 12], &[17, 9, 4, 5]),
            (25, [19, 9, 12], [13, 12], &[15, 10, 5, 5]),
            (
                26,
                [14, 12, 14],
                [17, 8],
                &[3, 3, 3, 2, 3, 2, 3, 4, 4, 3, 3, 2],
            ),
        ];
        let library = library();
        let set = library.version("V2026").unwrap();
        for (number, a, b, c) in expected {
            let sheet = set.sheet(number).unwrap();
            let maxima = |index: usize| -> Vec<u32> {
                sheet.parts[index].sections.iter().map(|s| s.max).collect()
            };
            assert_eq!(maxima(0), a, "sheet {number} part A sections");
            assert_eq!(maxima(1), b, "sheet {number} part B sections");
            assert_eq!(maxima(2), c, "sheet {number} part C sections");
        }
    }
}
