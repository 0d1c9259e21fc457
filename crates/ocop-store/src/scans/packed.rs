//! Nhật ký quét đóng gói: the scan log's packed format. Each batch the writer writes is one row
//! of `scan_blocks`; its `data` holds the batch's scans one after another, each a record of
//! [`RECORD`] bytes (format 1, integers little-endian):
//!
//! | bytes | field |
//! |---|---|
//! | 8 | the time, nanoseconds since 1970-01-01 UTC (i64) |
//! | 10 | the serial (ASCII) |
//! | 4 | the series number (u32) |
//! | 16 | the lot's id; all zero for a code of a series never issued |
//! | 2 + 2 | the place shared, latitude and longitude in tenths of a degree (i16); `i16::MIN` when none |
//! | 2 | the code of the province nearest that place (u16); 0 when none |
//! | 1 | the agent class, its index in [`AgentClass::ALL`] |
//! | 1 | 1 for a demo scan |
//!
//! One row a batch instead of one a scan: the row's insert was most of the writer's cost.

use ocop_domain::scan::{AgentClass, CoarsePlace};
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use super::ScanEvent;

/// The format [`pack`] writes, stored beside each block.
pub(crate) const FORMAT: i64 = 1;
/// Bytes a scan takes in format 1.
const RECORD: usize = 46;
/// Most scans one block holds (about 460 KB): a larger batch is written as several blocks.
pub(crate) const SCANS_PER_BLOCK: usize = 10_000;
/// A coordinate no place has (latitudes are within ±900 tenths, longitudes ±1800).
const NO_PLACE: i16 = i16::MIN;

/// One scan as the log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoggedScan {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub serial: String,
    pub series_no: u32,
    /// None for a code of a series never issued.
    pub lot_id: Option<Uuid>,
    /// The coarse place the consumer chose to share.
    pub place: Option<CoarsePlace>,
    /// The province whose centroid is nearest that place (approximate).
    pub place_province: Option<u32>,
    pub agent: AgentClass,
    pub demo: bool,
}

/// The scans, packed in format [`FORMAT`], each with the province nearest its place
/// (`provinces[i]` is `scans[i]`'s: the writer finds it once for the log and the day sums).
pub(crate) fn pack(scans: &[ScanEvent], provinces: &[Option<u32>]) -> Vec<u8> {
    let mut data = Vec::with_capacity(scans.len() * RECORD);
    for (scan, province) in scans.iter().zip(provinces) {
        // i64 nanoseconds reach the year 2262; a time beyond is written as its last instant.
        let nanos = i64::try_from(scan.at.unix_timestamp_nanos()).unwrap_or(i64::MAX);
        data.extend_from_slice(&nanos.to_le_bytes());
        data.extend_from_slice(&scan.serial);
        data.extend_from_slice(&scan.series_no.to_le_bytes());
        data.extend_from_slice(scan.lot_id.unwrap_or(Uuid::nil()).as_bytes());
        let (lat, lon) = scan
            .place
            .map_or((NO_PLACE, NO_PLACE), |p| (p.lat_tenths, p.lon_tenths));
        data.extend_from_slice(&lat.to_le_bytes());
        data.extend_from_slice(&lon.to_le_bytes());
        let province = province
            .and_then(|code| u16::try_from(code).ok())
            .unwrap_or(0);
        data.extend_from_slice(&province.to_le_bytes());
        let agent = AgentClass::ALL
            .iter()
            .position(|a| *a == scan.agent)
            .unwrap_or(AgentClass::ALL.len() - 1);
        data.push(agent as u8);
        data.push(u8::from(scan.demo));
    }
    data
}

/// A block that cannot be read back: the reason.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UnpackError {
    #[error("khối nhật ký quét định dạng {0} không đọc được")]
    UnknownFormat(i64),
    #[error("khối nhật ký quét dài {len} byte, không phải bội số của {RECORD}")]
    Length { len: usize },
    #[error("bản ghi quét thứ {index} hỏng: {what}")]
    Record { index: usize, what: &'static str },
}

/// The scans of a block written in `format`, in the order written, those `keep` accepts.
pub(crate) fn unpack(
    format: i64,
    data: &[u8],
    mut keep: impl FnMut(&LoggedScan) -> bool,
    out: &mut Vec<LoggedScan>,
) -> Result<(), UnpackError> {
    if format != FORMAT {
        return Err(UnpackError::UnknownFormat(format));
    }
    if !data.len().is_multiple_of(RECORD) {
        return Err(UnpackError::Length { len: data.len() });
    }
    for (index, record) in data.chunks_exact(RECORD).enumerate() {
        let scan = read_record(record).map_err(|what| UnpackError::Record { index, what })?;
        if keep(&scan) {
            out.push(scan);
        }
    }
    Ok(())
}

/// One record of [`RECORD`] bytes (as `chunks_exact` gives them), read back.
fn read_record(r: &[u8]) -> Result<LoggedScan, &'static str> {
    // `N` bytes from `at`: the record's length is fixed, so every field is there.
    fn field<const N: usize>(r: &[u8], at: usize) -> [u8; N] {
        let mut bytes = [0; N];
        bytes.copy_from_slice(&r[at..at + N]);
        bytes
    }
    let at = OffsetDateTime::from_unix_timestamp_nanos(i128::from(i64::from_le_bytes(field(r, 0))))
        .map_err(|_| "thời gian")?;
    let serial = std::str::from_utf8(&r[8..18])
        .ok()
        .filter(|s| s.is_ascii())
        .ok_or("số sê-ri")?
        .to_owned();
    let series_no = u32::from_le_bytes(field(r, 18));
    let lot = Uuid::from_bytes(field(r, 22));
    let (lat, lon) = (
        i16::from_le_bytes(field(r, 38)),
        i16::from_le_bytes(field(r, 40)),
    );
    let place = match (lat, lon) {
        (NO_PLACE, NO_PLACE) => None,
        (NO_PLACE, _) | (_, NO_PLACE) => return Err("vị trí"),
        _ => Some(CoarsePlace {
            lat_tenths: lat,
            lon_tenths: lon,
        }),
    };
    let province = u16::from_le_bytes(field(r, 42));
    let agent = *AgentClass::ALL
        .get(usize::from(r[44]))
        .ok_or("loại thiết bị")?;
    let demo = match r[45] {
        0 => false,
        1 => true,
        _ => return Err("cờ dữ liệu mẫu"),
    };
    Ok(LoggedScan {
        at,
        serial,
        series_no,
        lot_id: (!lot.is_nil()).then_some(lot),
        place,
        place_province: (province != 0).then_some(u32::from(province)),
        agent,
        demo,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ocop_domain::scan::nearest_province;

    fn scan(serial: &[u8; 10], place: Option<CoarsePlace>, agent: AgentClass) -> ScanEvent {
        ScanEvent {
            at: time::macros::datetime!(2026-12-04 08:30:15.123456789 UTC),
            serial: *serial,
            series_no: 4_000_000_000,
            lot_id: Some(Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0042)),
            expires_on: None,
            place,
            agent,
            demo: true,
            count: 3,
        }
    }

    /// The scans packed with their provinces, as the writer packs them.
    fn packed(scans: &[ScanEvent]) -> Vec<u8> {
        let provinces: Vec<Option<u32>> = scans
            .iter()
            .map(|s| s.place.and_then(nearest_province))
            .collect();
        pack(scans, &provinces)
    }

    fn unpacked(data: &[u8]) -> Result<Vec<LoggedScan>, UnpackError> {
        let mut out = Vec::new();
        unpack(FORMAT, data, |_| true, &mut out)?;
        Ok(out)
    }

    #[test]
    fn every_field_comes_back_as_written() {
        let hanoi = CoarsePlace {
            lat_tenths: 210,
            lon_tenths: 1058,
        };
        let mut never_issued = scan(b"ZZZZZZZZZZ", None, AgentClass::Bot);
        never_issued.lot_id = None;
        never_issued.demo = false;
        let scans = [
            scan(b"AB12CD34EF", Some(hanoi), AgentClass::Ios),
            never_issued,
            scan(b"0000000001", None, AgentClass::Other),
        ];
        let data = packed(&scans);
        assert_eq!(data.len(), 3 * RECORD);
        let back = unpacked(&data).unwrap();
        assert_eq!(back.len(), 3);
        for (scan, logged) in scans.iter().zip(&back) {
            assert_eq!(logged.at, scan.at, "to the nanosecond");
            assert_eq!(logged.serial.as_bytes(), scan.serial);
            assert_eq!(logged.series_no, scan.series_no);
            assert_eq!(logged.lot_id, scan.lot_id);
            assert_eq!(logged.place, scan.place);
            assert_eq!(logged.agent, scan.agent);
            assert_eq!(logged.demo, scan.demo);
        }
        assert_eq!(back[0].place_province, nearest_province(hanoi));
        assert!(back[0].place_province.is_some());
        assert_eq!(back[1].place_province, None);
    }

    #[test]
    fn a_block_written_otherwise_is_refused_not_misread() {
        let data = packed(&[scan(b"AB12CD34EF", None, AgentClass::Android)]);
        let mut out = Vec::new();
        assert_eq!(
            unpack(2, &data, |_| true, &mut out),
            Err(UnpackError::UnknownFormat(2))
        );
        assert_eq!(
            unpacked(&data[..RECORD - 1]),
            Err(UnpackError::Length { len: RECORD - 1 })
        );
        let mut bad_agent = data.clone();
        bad_agent[44] = 9;
        assert!(matches!(
            unpacked(&bad_agent),
            Err(UnpackError::Record { index: 0, .. })
        ));
        let mut half_place = data.clone();
        half_place[38..40].copy_from_slice(&210i16.to_le_bytes());
        assert!(matches!(
            unpacked(&half_place),
            Err(UnpackError::Record { index: 0, .. })
        ));
        let mut bad_serial = data;
        bad_serial[8] = 0xFF;
        assert!(matches!(
            unpacked(&bad_serial),
            Err(UnpackError::Record { index: 0, .. })
        ));
    }

    #[test]
    fn only_the_scans_kept_are_read_out() {
        let scans = [
            scan(b"AAAAAAAAAA", None, AgentClass::Ios),
            scan(b"BBBBBBBBBB", None, AgentClass::Ios),
        ];
        let mut out = Vec::new();
        unpack(
            FORMAT,
            &packed(&scans),
            |s| s.serial == "BBBBBBBBBB",
            &mut out,
        )
        .unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].serial, "BBBBBBBBBB");
    }
}
