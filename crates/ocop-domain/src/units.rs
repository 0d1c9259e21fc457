//! Đơn vị hành chính: Vietnam's administrative units in both structures.
//!
//! The two-tier structure (province → commune) is in force since 2025-07-01; the three-tier
//! one (province → district → commune) was in force before. A record names the unit it was
//! made under; reports roll old records up to today's provinces through the 2025 province
//! merge table. Data: the statistics office's lists, embedded from `data/admin-units/`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use time::{Date, macros::date};

/// Which structure of administrative units a record was made under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Structure {
    /// Ba cấp (tỉnh → huyện → xã), 63 provinces, in force until 2025-06-30.
    #[serde(rename = "2025-01")]
    ThreeTier,
    /// Hai cấp (tỉnh → xã), 34 provinces, in force since 2025-07-01.
    #[serde(rename = "2025-07")]
    TwoTier,
}

impl Structure {
    pub const ALL: [Structure; 2] = [Structure::TwoTier, Structure::ThreeTier];

    pub fn key(self) -> &'static str {
        match self {
            Structure::ThreeTier => "2025-01",
            Structure::TwoTier => "2025-07",
        }
    }

    pub fn parse(key: &str) -> Option<Structure> {
        Structure::ALL.into_iter().find(|s| s.key() == key)
    }

    /// First day the structure was in force (None: before our records begin).
    pub fn valid_from(self) -> Option<Date> {
        match self {
            Structure::ThreeTier => None,
            Structure::TwoTier => Some(date!(2025 - 07 - 01)),
        }
    }

    /// Last day the structure was in force (None: still in force).
    pub fn valid_until(self) -> Option<Date> {
        match self {
            Structure::ThreeTier => Some(date!(2025 - 06 - 30)),
            Structure::TwoTier => None,
        }
    }

    /// The structure in force on a date.
    pub fn in_force_on(day: Date) -> Structure {
        if day >= date!(2025 - 07 - 01) {
            Structure::TwoTier
        } else {
            Structure::ThreeTier
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Structure::ThreeTier => "Ba cấp (trước 01/07/2025)",
            Structure::TwoTier => "Hai cấp (từ 01/07/2025)",
        }
    }
}

/// Cấp: province (tỉnh/thành phố), district (huyện, historical) or commune (xã/phường/đặc khu).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Level {
    Province,
    District,
    Commune,
}

impl Level {
    pub fn key(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
        }
    }

    pub fn parse(key: &str) -> Option<Level> {
        match key {
            "province" => Some(Level::Province),
            "district" => Some(Level::District),
            "commune" => Some(Level::Commune),
            _ => None,
        }
    }
}

/// One administrative unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    pub structure: Structure,
    pub level: Level,
    pub code: u32,
    pub name: String,
    pub division_type: String,
    pub parent_code: Option<u32>,
}

/// A reference to a unit as stored on a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitRef {
    pub structure: Structure,
    pub level: Level,
    pub code: u32,
}

impl UnitRef {
    pub fn commune(code: u32) -> UnitRef {
        UnitRef {
            structure: Structure::TwoTier,
            level: Level::Commune,
            code,
        }
    }

    pub fn province(code: u32) -> UnitRef {
        UnitRef {
            structure: Structure::TwoTier,
            level: Level::Province,
            code,
        }
    }

    /// A commune of the three-tier structure, which has successors among today's communes.
    pub fn is_old_commune(self) -> bool {
        (self.structure, self.level) == (Structure::ThreeTier, Level::Commune)
    }
}

/// Where a record sits today: its current province and, when known, its current commune.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Placement {
    pub province_code: u32,
    pub commune_code: Option<u32>,
}

/// Đính chính: a commune of today's structure whose code or name an earlier copy of the list
/// had wrong. Records stored with the wrong code are re-coded with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommuneCorrection {
    pub province_code: u32,
    pub wrong_code: u32,
    pub wrong_name: String,
    pub code: u32,
    pub name: String,
}

/// Kế thừa: a commune of the three-tier structure and one commune of today it went into
/// (wholly, or a part of it when it was divided).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Succession {
    /// The old commune (structure 2025-01).
    pub old_code: u32,
    /// The commune of today (structure 2025-07).
    pub new_code: u32,
    /// The old commune's main successor: the one answer when a record gives no finer
    /// address. An old commune that went whole into one commune has only this one.
    pub is_default: bool,
}

/// Both structures, indexed.
pub struct AdminUnits {
    units: Vec<Unit>,
    index: HashMap<(Structure, Level, u32), usize>,
    province_merge: HashMap<u32, u32>,
    corrections: Vec<CommuneCorrection>,
    /// Successions, the default one first for each old commune.
    successions: Vec<Succession>,
    successors: HashMap<u32, Vec<usize>>,
    predecessors: HashMap<u32, Vec<usize>>,
    /// Each unit's name folded (`fold_vi`), parallel to `units`, for finding by name.
    folded_names: Vec<String>,
}

/// The most communes [`AdminUnits::find_communes`] answers with.
pub const MAX_COMMUNE_MATCHES: usize = 20;
/// The longest query [`AdminUnits::find_communes`] is asked, in characters (a commune's full
/// name is far shorter); callers refuse longer ones.
pub const MAX_COMMUNE_QUERY_CHARS: usize = 100;

/// The CSV texts the units are parsed from (see `data/admin-units/README.md`).
pub struct UnitSources<'a> {
    pub two_tier: &'a str,
    pub three_tier: &'a str,
    pub province_merge: &'a str,
    pub corrections: &'a str,
    pub commune_merge: &'a str,
}

const UNITS_2025_07: &str = include_str!("../../../data/admin-units/units-2025-07.csv");
const UNITS_2025_01: &str = include_str!("../../../data/admin-units/units-2025-01.csv");
const PROVINCE_MERGE: &str = include_str!("../../../data/admin-units/province-merge-2025.csv");
const CORRECTIONS: &str = include_str!("../../../data/admin-units/units-2025-07-corrections.csv");
const COMMUNE_MERGE: &str = include_str!("../../../data/admin-units/commune-merge-2025.csv");

impl AdminUnits {
    /// The embedded lists, parsed once.
    pub fn embedded() -> &'static AdminUnits {
        static UNITS: OnceLock<AdminUnits> = OnceLock::new();
        UNITS.get_or_init(|| {
            AdminUnits::parse(UnitSources {
                two_tier: UNITS_2025_07,
                three_tier: UNITS_2025_01,
                province_merge: PROVINCE_MERGE,
                corrections: CORRECTIONS,
                commune_merge: COMMUNE_MERGE,
            })
            .expect("embedded administrative units are valid")
        })
    }

    /// Parses the CSV lists (`level,code,name,division_type,parent_code`) and the tables
    /// beside them.
    pub fn parse(sources: UnitSources<'_>) -> Result<AdminUnits, String> {
        let mut units = Vec::new();
        for (structure, text) in [
            (Structure::TwoTier, sources.two_tier),
            (Structure::ThreeTier, sources.three_tier),
        ] {
            for (n, line) in text.lines().enumerate().skip(1) {
                if line.trim().is_empty() {
                    continue;
                }
                let cells: Vec<&str> = line.split(',').collect();
                let bad = || format!("{} line {}: {line}", structure.key(), n + 1);
                if cells.len() != 5 {
                    return Err(bad());
                }
                units.push(Unit {
                    structure,
                    level: Level::parse(cells[0]).ok_or_else(bad)?,
                    code: cells[1].parse().map_err(|_| bad())?,
                    name: cells[2].to_owned(),
                    division_type: cells[3].to_owned(),
                    parent_code: if cells[4].is_empty() {
                        None
                    } else {
                        Some(cells[4].parse().map_err(|_| bad())?)
                    },
                });
            }
        }
        let index: HashMap<(Structure, Level, u32), usize> = units
            .iter()
            .enumerate()
            .map(|(i, u)| ((u.structure, u.level, u.code), i))
            .collect();
        let mut province_merge = HashMap::new();
        for line in sources
            .province_merge
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
        {
            let cells: Vec<&str> = line.split(',').collect();
            let (Some(old), Some(new)) = (cells.first(), cells.get(2)) else {
                return Err(format!("merge: {line}"));
            };
            province_merge.insert(
                old.parse().map_err(|_| format!("merge: {line}"))?,
                new.parse().map_err(|_| format!("merge: {line}"))?,
            );
        }
        let mut corrections = Vec::new();
        for line in sources
            .corrections
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
        {
            let bad = || format!("corrections: {line}");
            let cells: Vec<&str> = line.split(',').collect();
            let [province, wrong_code, wrong_name, code, name] = cells[..] else {
                return Err(bad());
            };
            let number = |cell: &str| cell.parse::<u32>().map_err(|_| bad());
            corrections.push(CommuneCorrection {
                province_code: number(province)?,
                wrong_code: number(wrong_code)?,
                wrong_name: wrong_name.to_owned(),
                code: number(code)?,
                name: name.to_owned(),
            });
        }
        let mut successions = Vec::new();
        for line in sources
            .commune_merge
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
        {
            let bad = || format!("commune merge: {line}");
            let cells: Vec<&str> = line.split(',').collect();
            let [old_code, _, _, new_code, _, is_default] = cells[..] else {
                return Err(bad());
            };
            let number = |cell: &str| cell.parse::<u32>().map_err(|_| bad());
            let succession = Succession {
                old_code: number(old_code)?,
                new_code: number(new_code)?,
                is_default: is_default == "1",
            };
            let known = |structure, code| index.contains_key(&(structure, Level::Commune, code));
            if !known(Structure::ThreeTier, succession.old_code)
                || !known(Structure::TwoTier, succession.new_code)
            {
                return Err(bad());
            }
            successions.push(succession);
        }
        // Default successor first, then by code: the order every answer lists them in.
        successions.sort_by_key(|s| (s.old_code, !s.is_default, s.new_code));
        let mut successors: HashMap<u32, Vec<usize>> = HashMap::new();
        let mut predecessors: HashMap<u32, Vec<usize>> = HashMap::new();
        for (i, s) in successions.iter().enumerate() {
            successors.entry(s.old_code).or_default().push(i);
            predecessors.entry(s.new_code).or_default().push(i);
        }
        if let Some((old, _)) = successors
            .iter()
            .find(|(_, list)| list.iter().filter(|&&i| successions[i].is_default).count() != 1)
        {
            return Err(format!(
                "commune merge: commune {old} needs one default successor"
            ));
        }
        let folded_names = units
            .iter()
            .map(|u| crate::text::fold_vi(&u.name))
            .collect();
        Ok(AdminUnits {
            units,
            index,
            province_merge,
            corrections,
            successions,
            successors,
            predecessors,
            folded_names,
        })
    }

    /// The communes of today a commune of either structure stands for, as (code, is the
    /// default): a commune of today itself, or the communes an old one went into, the
    /// default first.
    pub fn todays_communes(&self, unit: &Unit) -> Vec<(u32, bool)> {
        match unit.structure {
            Structure::TwoTier => vec![(unit.code, true)],
            Structure::ThreeTier => self
                .successors(unit.code)
                .map(|s| (s.new_code, s.is_default))
                .collect(),
        }
    }

    /// Communes of both structures found by a name or a code as a person gives it ("Hữu
    /// Lân", "xa huu lan", "6838"): a commune of today, or an old one whose successors say
    /// where it is today. Whole-name matches come first, then today's communes before old
    /// ones, then by name; at most [`MAX_COMMUNE_MATCHES`].
    pub fn find_communes(&self, query: &str) -> Vec<&Unit> {
        let folded = crate::text::fold_vi(query);
        let words: Vec<&str> = folded.split_whitespace().collect();
        if words.is_empty() {
            return Vec::new();
        }
        let code: Option<u32> = query.trim().parse().ok();
        let mut found: Vec<(bool, Structure, &str, &Unit)> = self
            .units
            .iter()
            .zip(&self.folded_names)
            .filter(|(u, _)| u.level == Level::Commune)
            .filter_map(|(u, name)| {
                let by_code = code == Some(u.code);
                // Every word of the query is a word of the name ("huu lan" in "xa huu lan").
                let name_words: Vec<&str> = name.split_whitespace().collect();
                let by_name = words.iter().all(|w| name_words.contains(w));
                (by_code || by_name).then(|| {
                    let whole = by_code || name_words.ends_with(&words);
                    (!whole, u.structure, name.as_str(), u)
                })
            })
            .collect();
        // Whole-name matches first, then today's communes, then by name.
        found.sort_by(|a, b| {
            (a.0, a.1 != Structure::TwoTier, a.2).cmp(&(b.0, b.1 != Structure::TwoTier, b.2))
        });
        found
            .into_iter()
            .take(MAX_COMMUNE_MATCHES)
            .map(|(.., u)| u)
            .collect()
    }

    /// The communes of today an old commune (structure 2025-01) went into, its default
    /// successor first; empty for the few that no longer existed in 2025.
    pub fn successors(&self, old_code: u32) -> impl Iterator<Item = &Succession> {
        self.successors
            .get(&old_code)
            .into_iter()
            .flatten()
            .map(|&i| &self.successions[i])
    }

    /// The old communes (structure 2025-01) a commune of today took in, wholly or in part.
    pub fn predecessors(&self, new_code: u32) -> impl Iterator<Item = &Succession> {
        self.predecessors
            .get(&new_code)
            .into_iter()
            .flatten()
            .map(|&i| &self.successions[i])
    }

    /// The communes of today's structure an earlier copy of the list had wrong.
    pub fn commune_corrections(&self) -> &[CommuneCorrection] {
        &self.corrections
    }

    /// Wrong code → right code, for the corrections that changed a code. Some codes were
    /// rotated among communes, so the map must be applied to all records at once.
    pub fn commune_recoding(&self) -> HashMap<u32, u32> {
        self.corrections
            .iter()
            .filter(|c| c.wrong_code != c.code)
            .map(|c| (c.wrong_code, c.code))
            .collect()
    }

    pub fn get(&self, r: UnitRef) -> Option<&Unit> {
        self.index
            .get(&(r.structure, r.level, r.code))
            .map(|&i| &self.units[i])
    }

    /// A commune of today's structure.
    pub fn commune(&self, code: u32) -> Option<&Unit> {
        self.get(UnitRef::commune(code))
    }

    /// A province of today's structure.
    pub fn province(&self, code: u32) -> Option<&Unit> {
        self.get(UnitRef::province(code))
    }

    /// The parent unit (commune → district or province; district → province).
    pub fn parent(&self, unit: &Unit) -> Option<&Unit> {
        let code = unit.parent_code?;
        let level = match (unit.structure, unit.level) {
            (_, Level::Province) => return None,
            (Structure::ThreeTier, Level::Commune) => Level::District,
            _ => Level::Province,
        };
        self.get(UnitRef {
            structure: unit.structure,
            level,
            code,
        })
    }

    /// The province that holds a unit, in the unit's own structure.
    pub fn province_of<'a>(&'a self, unit: &'a Unit) -> &'a Unit {
        let mut u = unit;
        while let Some(p) = self.parent(u) {
            u = p;
        }
        u
    }

    /// Today's province code for a unit of either structure (old provinces roll up
    /// through the 2025 merge).
    pub fn current_province_code(&self, unit: &Unit) -> u32 {
        let province = self.province_of(unit);
        match unit.structure {
            Structure::TwoTier => province.code,
            Structure::ThreeTier => self
                .province_merge
                .get(&province.code)
                .copied()
                .unwrap_or(province.code),
        }
    }

    /// Where a record made under `r` sits today; None when `r` names no unit. A record of an
    /// old commune sits in its default successor (see [`AdminUnits::successors`]); one of an
    /// old district in no commune.
    pub fn placement(&self, r: UnitRef) -> Option<Placement> {
        let unit = self.get(r)?;
        let commune_code = match (r.structure, r.level) {
            (Structure::TwoTier, Level::Commune) => Some(r.code),
            (Structure::ThreeTier, Level::Commune) => self.default_successor(r.code),
            _ => None,
        };
        Some(Placement {
            province_code: self.current_province_code(unit),
            commune_code,
        })
    }

    /// The main commune of today an old commune went into.
    pub fn default_successor(&self, old_code: u32) -> Option<u32> {
        self.successors(old_code).next().map(|s| s.new_code)
    }

    /// Whether an old commune was divided among several communes of today.
    pub fn is_divided(&self, old_code: u32) -> bool {
        self.successors(old_code).nth(1).is_some()
    }

    /// Whether a record made under `unit` sits in a commune of today chosen among several: an
    /// old commune that was divided, whose default successor an official confirms.
    pub fn needs_successor_choice(&self, unit: UnitRef) -> bool {
        unit.is_old_commune() && self.is_divided(unit.code)
    }

    /// Whether a record made under `unit`, an old commune, may sit in `commune_code`.
    pub fn is_successor(&self, unit: UnitRef, commune_code: u32) -> bool {
        unit.is_old_commune()
            && self
                .successors(unit.code)
                .any(|s| s.new_code == commune_code)
    }

    /// Where a record is, for people: the unit it was made under and, for an old commune,
    /// the commune of today it belongs to ("Xã A (cũ), nay thuộc Xã B, Tỉnh C"), marked
    /// while an official has not confirmed which part of a divided commune it is in.
    pub fn place_name(&self, r: UnitRef, commune_code: Option<u32>, confirmed: bool) -> String {
        match (self.get(r), commune_code) {
            (Some(unit), Some(code)) if r.is_old_commune() => format!(
                "{} (cũ), nay thuộc {}{}",
                unit.name,
                self.full_name(UnitRef::commune(code)),
                if confirmed {
                    ""
                } else {
                    " (chưa xác nhận)"
                }
            ),
            _ => self.full_name(r),
        }
    }

    pub fn provinces(&self, structure: Structure) -> impl Iterator<Item = &Unit> {
        self.units
            .iter()
            .filter(move |u| u.structure == structure && u.level == Level::Province)
    }

    /// The units directly under a unit (province → communes or districts, district → communes).
    pub fn children<'a>(&'a self, parent: &'a Unit) -> impl Iterator<Item = &'a Unit> + 'a {
        self.units.iter().filter(move |u| {
            u.structure == parent.structure
                && u.parent_code == Some(parent.code)
                && self.parent(u).is_some_and(|p| p.level == parent.level)
        })
    }

    /// Communes of today's structure in a province.
    pub fn communes_of(&self, province_code: u32) -> impl Iterator<Item = &Unit> {
        self.units.iter().filter(move |u| {
            u.structure == Structure::TwoTier
                && u.level == Level::Commune
                && u.parent_code == Some(province_code)
        })
    }

    pub fn all(&self) -> &[Unit] {
        &self.units
    }

    /// Full name, e.g. "Xã Bình Liêu, Quảng Ninh".
    pub fn full_name(&self, r: UnitRef) -> String {
        let Some(unit) = self.get(r) else {
            return format!("(mã {})", r.code);
        };
        let mut names = vec![unit.name.clone()];
        let mut u = unit;
        while let Some(p) = self.parent(u) {
            names.push(p.name.clone());
            u = p;
        }
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn communes_are_found_by_an_old_or_a_new_name_or_code() {
        let units = AdminUnits::embedded();
        // An old commune, with or without marks, and where it is today.
        for query in ["Hữu Lân", "xa huu lan", "HUU LAN"] {
            let found = units.find_communes(query);
            let old = found
                .iter()
                .find(|u| u.structure == Structure::ThreeTier)
                .unwrap_or_else(|| panic!("{query}: {found:?}"));
            assert_eq!((old.code, old.name.as_str()), (6598, "Xã Hữu Lân"));
            let today: Vec<u32> = units.successors(old.code).map(|s| s.new_code).collect();
            assert_eq!(today, [6577]);
        }
        // Today's commune of a name comes before the old one of the same name.
        let found = units.find_communes("Bình Liêu");
        assert_eq!(
            (found[0].structure, found[0].code),
            (Structure::TwoTier, 6838)
        );
        assert!(found.iter().any(|u| u.structure == Structure::ThreeTier));
        // A code names the commune of that code in either structure.
        let found = units.find_communes("82");
        assert!(
            found
                .iter()
                .any(|u| u.structure == Structure::TwoTier && u.name == "Phường Cửa Nam")
        );
        assert!(units.find_communes("  ").is_empty());
        assert!(units.find_communes("xa").len() <= MAX_COMMUNE_MATCHES);
    }

    #[test]
    fn counts_match_the_reform() {
        let units = AdminUnits::embedded();
        let count = |s, l| {
            units
                .all()
                .iter()
                .filter(|u| u.structure == s && u.level == l)
                .count()
        };
        assert_eq!(count(Structure::TwoTier, Level::Province), 34);
        assert_eq!(count(Structure::TwoTier, Level::Commune), 3321);
        assert_eq!(count(Structure::ThreeTier, Level::Province), 63);
        assert_eq!(count(Structure::ThreeTier, Level::District), 696);
        assert_eq!(count(Structure::ThreeTier, Level::Commune), 10051);
    }

    #[test]
    fn every_commune_has_a_parent_province() {
        let units = AdminUnits::embedded();
        for u in units.all().iter().filter(|u| u.level != Level::Province) {
            let p = units.province_of(u);
            assert_eq!(p.level, Level::Province, "{u:?}");
            assert!(
                units.province(units.current_province_code(u)).is_some(),
                "{u:?}"
            );
        }
    }

    #[test]
    fn old_units_roll_up_to_todays_province() {
        let units = AdminUnits::embedded();
        // Hà Giang (2) merged into Tuyên Quang (8).
        let ha_giang = units
            .get(UnitRef {
                structure: Structure::ThreeTier,
                level: Level::Province,
                code: 2,
            })
            .unwrap();
        assert_eq!(units.current_province_code(ha_giang), 8);
        let binh_lieu = units
            .provinces(Structure::ThreeTier)
            .find(|p| p.code == 22)
            .map(|p| {
                units
                    .children(p)
                    .find(|d| d.name.contains("Bình Liêu"))
                    .unwrap()
            })
            .unwrap();
        assert_eq!(binh_lieu.level, Level::District);
        assert_eq!(units.current_province_code(binh_lieu), 22);
    }

    #[test]
    fn corrections_name_communes_of_the_list() {
        let units = AdminUnits::embedded();
        assert_eq!(units.commune_corrections().len(), 160);
        for c in units.commune_corrections() {
            let commune = units
                .commune(c.code)
                .expect("corrected code is in the list");
            assert_eq!(
                (commune.name.as_str(), commune.parent_code),
                (c.name.as_str(), Some(c.province_code))
            );
        }
        let recoding = units.commune_recoding();
        assert_eq!(recoding.len(), 122);
        // Phường Cửa Nam is 82, not 73.
        assert_eq!(recoding.get(&73), Some(&82));
        assert_eq!(units.commune(82).unwrap().name, "Phường Cửa Nam");
        // Three Cao Bằng communes had their codes rotated among themselves.
        assert_eq!([1558, 1561, 1537].map(|c| recoding[&c]), [1537, 1558, 1561]);
        // The map is one-to-one, so applying it at once loses no record.
        let targets: std::collections::HashSet<_> = recoding.values().collect();
        assert_eq!(targets.len(), recoding.len());
    }

    #[test]
    fn old_communes_know_their_successors() {
        let units = AdminUnits::embedded();
        let successors = |old| {
            units
                .successors(old)
                .map(|s| (s.new_code, s.is_default))
                .collect::<Vec<_>>()
        };
        // Whole: Phường Vĩnh Phúc went into Phường Ngọc Hà.
        assert_eq!(successors(6), [(8, true)]);
        // Divided: Phường Cống Vị, mainly into Ngọc Hà, partly into Giảng Võ.
        assert_eq!(successors(7), [(8, true), (25, false)]);
        // Renamed: Thị trấn Bình Liêu is Xã Bình Liêu, same code.
        assert_eq!(successors(6838), [(6838, true)]);
        // Gone before 2025: no successor.
        let mapped = units
            .all()
            .iter()
            .filter(|u| u.structure == Structure::ThreeTier && u.level == Level::Commune)
            .filter(|u| units.successors(u.code).next().is_some())
            .count();
        assert_eq!(mapped, 10_033);
        let ngoc_ha: Vec<u32> = units.predecessors(8).map(|s| s.old_code).collect();
        assert!(ngoc_ha.contains(&6) && ngoc_ha.contains(&7), "{ngoc_ha:?}");
        assert!(
            units
                .predecessors(25)
                .any(|s| s.old_code == 7 && !s.is_default)
        );
    }

    #[test]
    fn every_commune_of_today_resolves_by_its_code() {
        let units = AdminUnits::embedded();
        let communes: Vec<&Unit> = units
            .all()
            .iter()
            .filter(|u| u.structure == Structure::TwoTier && u.level == Level::Commune)
            .collect();
        assert_eq!(communes.len(), 3321);
        let mut without_predecessors = Vec::new();
        for c in communes {
            let found = units.commune(c.code).expect("resolves");
            assert_eq!(found, c);
            let place = units.placement(UnitRef::commune(c.code)).unwrap();
            assert_eq!(place.commune_code, Some(c.code));
            assert_eq!(Some(place.province_code), c.parent_code);
            for s in units.predecessors(c.code) {
                let old = units
                    .get(UnitRef {
                        structure: Structure::ThreeTier,
                        level: Level::Commune,
                        code: s.old_code,
                    })
                    .unwrap();
                // An old commune's successors lie in the province its province merged into.
                assert_eq!(
                    Some(units.current_province_code(old)),
                    c.parent_code,
                    "{s:?}"
                );
            }
            if units.predecessors(c.code).next().is_none() {
                without_predecessors.push(c.name.as_str());
            }
        }
        // The special zones made from island districts that had no communes.
        assert_eq!(without_predecessors.len(), 5, "{without_predecessors:?}");
    }

    #[test]
    fn records_of_old_communes_sit_in_the_default_successor() {
        let units = AdminUnits::embedded();
        let old = |code| UnitRef {
            structure: Structure::ThreeTier,
            level: Level::Commune,
            code,
        };
        let cong_vi = units.placement(old(7)).unwrap();
        assert_eq!((cong_vi.province_code, cong_vi.commune_code), (1, Some(8)));
        assert!(units.needs_successor_choice(old(7)) && !units.needs_successor_choice(old(6)));
        assert!(units.is_successor(old(7), 25) && !units.is_successor(old(7), 70));
        assert!(!units.is_successor(UnitRef::commune(8), 8));
        let district = units
            .placement(UnitRef {
                structure: Structure::ThreeTier,
                level: Level::District,
                code: 1,
            })
            .unwrap();
        assert_eq!(district.commune_code, None);
        assert_eq!(
            units.place_name(old(6838), Some(6838), true),
            "Thị trấn Bình Liêu (cũ), nay thuộc Xã Bình Liêu, Quảng Ninh"
        );
        assert_eq!(
            units.place_name(old(7), Some(8), false),
            "Phường Cống Vị (cũ), nay thuộc Phường Ngọc Hà, Thành phố Hà Nội (chưa xác nhận)"
        );
        assert_eq!(
            units.place_name(UnitRef::commune(6838), Some(6838), true),
            "Xã Bình Liêu, Quảng Ninh"
        );
    }

    #[test]
    fn full_name_walks_up() {
        let units = AdminUnits::embedded();
        assert_eq!(
            units.full_name(UnitRef::commune(6838)),
            "Xã Bình Liêu, Quảng Ninh"
        );
    }
}
