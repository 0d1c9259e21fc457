//! Reading an import file at the row limit: a 50,000-row producer sheet as XLSX and CSV,
//! next to the floor for XLSX (inflating the archive's parts, which any reader must do), and
//! the far-cell file of the security review. Prints a table for BENCHMARKS.md.
//!
//! `cargo bench -p ocop-render --bench read_table`

use std::io::{Cursor, Read};
use std::time::{Duration, Instant};

use calamine::Reader;
use ocop_render::{ReadLimits, Table, TableFormat, read_table, write_csv, write_xlsx};

const ROWS: usize = 50_000;
const RUNS: usize = 7;

fn producers() -> Table {
    let headers = [
        "Tên chủ thể",
        "Loại hình",
        "Mã số thuế",
        "Người đại diện",
        "Giới tính người đại diện",
        "Dân tộc thiểu số",
        "Điện thoại",
        "Email",
        "Mã xã",
        "Địa chỉ",
        "Tỷ lệ vốn cộng đồng",
        "Trạng thái",
    ]
    .map(str::to_owned)
    .to_vec();
    let rows = (0..ROWS)
        .map(|i| {
            vec![
                format!("Hợp tác xã Nông sản Đặc sản số {i}"),
                "Hợp tác xã".to_owned(),
                format!("{:010}", 100_000_000 + i),
                format!("Nguyễn Thị Ánh {i}"),
                "Nữ".to_owned(),
                if i % 3 == 0 { "Có" } else { "Không" }.to_owned(),
                format!("09{:08}", i),
                format!("htx{i}@example.vn"),
                format!("{}", 6838 + i % 50),
                format!("Thôn Khe Vằn {i}, xã Bình Liêu"),
                String::new(),
                "Đang hoạt động".to_owned(),
            ]
        })
        .collect();
    Table::new(headers, rows)
}

/// Median of `RUNS` runs.
fn median(mut run: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn inflate_all(bytes: &[u8]) -> usize {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut total = 0;
    let mut buffer = Vec::new();
    for index in 0..archive.len() {
        buffer.clear();
        archive
            .by_index(index)
            .unwrap()
            .read_to_end(&mut buffer)
            .unwrap();
        total += buffer.len();
    }
    total
}

/// Peak resident memory of this process so far, in MiB (Linux).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let limits = ReadLimits::default();
    let table = producers();
    let xlsx = write_xlsx("Chủ thể", &table).unwrap();
    let csv = write_csv(&table).unwrap();
    drop(table);
    let before = peak_mib();

    let floor = median(|| {
        inflate_all(&xlsx);
    });
    let xlsx_time = median(|| {
        let read = read_table(&xlsx, TableFormat::Xlsx, &limits).unwrap();
        assert_eq!(read.rows.len(), ROWS);
    });
    let csv_time = median(|| {
        let read = read_table(&csv, TableFormat::Csv, &limits).unwrap();
        assert_eq!(read.rows.len(), ROWS);
    });
    let after = peak_mib();

    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Tên chủ thể").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let far = workbook.save_to_buffer().unwrap();
    let far_time = median(|| {
        assert!(read_table(&far, TableFormat::Xlsx, &limits).is_err());
    });

    // calamine alone: what the old reader called (the whole used range as a dense grid),
    // the streaming cell reader the new one is built on, and opening the workbook (shared
    // strings and styles).
    let range_time = median(|| {
        let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(Cursor::new(&xlsx[..])).unwrap();
        let r = wb.worksheet_range_at(0).unwrap().unwrap();
        assert!(r.height() > ROWS);
    });
    let cells_time = median(|| {
        let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(Cursor::new(&xlsx[..])).unwrap();
        let mut c = wb.worksheet_cells_reader("Chủ thể").unwrap();
        let mut n = 0;
        while let Some(_x) = c.next_cell().unwrap() {
            n += 1;
        }
        assert!(n > ROWS);
    });
    let open_time = median(|| {
        let _wb: calamine::Xlsx<_> = calamine::Xlsx::new(Cursor::new(&xlsx[..])).unwrap();
    });
    let unpacked = inflate_all(&xlsx);
    println!("| input | size | median of {RUNS} |");
    println!("|---|---|---|");
    println!(
        "| inflate every part of the XLSX (floor) | {:.1} MB → {:.1} MB | {:.1} ms |",
        xlsx.len() as f64 / 1e6,
        unpacked as f64 / 1e6,
        floor.as_secs_f64() * 1e3
    );
    println!(
        "| read_table XLSX, {ROWS} rows × 12 | {:.1} MB | {:.1} ms ({:.1}× the floor) |",
        xlsx.len() as f64 / 1e6,
        xlsx_time.as_secs_f64() * 1e3,
        xlsx_time.as_secs_f64() / floor.as_secs_f64()
    );
    for (what, time) in [
        ("calamine: open the workbook", open_time),
        ("calamine: cell reader over the sheet", cells_time),
        ("calamine: dense range (the reader before)", range_time),
    ] {
        println!("| {what} | | {:.1} ms |", time.as_secs_f64() * 1e3);
    }
    println!(
        "| read_table CSV, {ROWS} rows × 12 | {:.1} MB | {:.1} ms |",
        csv.len() as f64 / 1e6,
        csv_time.as_secs_f64() * 1e3
    );
    println!(
        "| far cell XFD1048576, refused | {:.1} KB | {:.3} ms |",
        far.len() as f64 / 1e3,
        far_time.as_secs_f64() * 1e3
    );
    println!(
        "\npeak resident memory: {before:.0} MiB with both files built, {after:.0} MiB after reading them"
    );
}
