//! Catalogue search latency over a generated national-scale registry: 10,000 producers and
//! 20,000 products spread over all 3,321 communes. Prints p50/p99 per query kind and the
//! process's resident memory. Run: `cargo bench -p ocop-store --bench catalog_search`
//! (add `-- postgres://…` to run against PostgreSQL instead of a temp SQLite file).

use std::time::{Duration, Instant};

use ocop_domain::access::Scope;
use ocop_domain::identifiers::tax_check_digit;
use ocop_domain::import::{ProducerRow, ProductRow};
use ocop_domain::producer::ProducerInput;
use ocop_domain::product::ProductInput;
use ocop_domain::units::AdminUnits;
use ocop_store::import::ImportOptions;
use ocop_store::{AuditActor, CatalogQuery, Store};

const PRODUCERS: usize = 10_000;
const PRODUCTS: usize = 20_000;
const SEARCHES: usize = 400;

const PRODUCT_WORDS: [&str; 24] = [
    "Miến dong",
    "Mật ong rừng",
    "Chè shan tuyết",
    "Gạo nếp cái hoa vàng",
    "Nước mắm",
    "Rượu mơ",
    "Trà hoa vàng",
    "Tinh dầu quế",
    "Bánh đa",
    "Cà phê rang xay",
    "Nấm linh chi",
    "Giò chả",
    "Mực một nắng",
    "Cam sành",
    "Bưởi da xanh",
    "Hồng treo gió",
    "Gốm men lam",
    "Thổ cẩm",
    "Xôi ngũ sắc",
    "Muối ớt",
    "Tương bần",
    "Kẹo dừa",
    "Hạt điều rang muối",
    "Dầu sở",
];

fn tax(n: usize) -> String {
    let mut i = n;
    loop {
        let nine = format!("03{i:07}");
        if let Some(d) = tax_check_digit(&nine) {
            return format!("{nine}{d}");
        }
        i += 1_000_000;
    }
}

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// A labelled family of queries; the function varies the query by iteration.
type QueryKind = (&'static str, fn(usize) -> CatalogQuery);

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::args()
        .skip(1)
        .find(|a| a.starts_with("postgres"))
        .unwrap_or_else(|| match std::env::var("OCOP_BENCH_DB") {
            // Keep the generated database for inspection.
            Ok(path) => format!("sqlite://{path}"),
            Err(_) => format!("sqlite://{}", dir.path().join("bench.db").display()),
        });
    let store = Store::open(&url).await.expect("open store");
    let units = AdminUnits::embedded();
    let communes: Vec<u32> = units
        .all()
        .iter()
        .filter(|u| {
            u.structure == ocop_domain::units::Structure::TwoTier
                && u.level == ocop_domain::units::Level::Commune
        })
        .map(|u| u.code)
        .collect();
    assert_eq!(communes.len(), 3321);

    let started = Instant::now();
    let producers: Vec<ProducerRow> = (0..PRODUCERS)
        .map(|i| {
            let commune = communes[i % communes.len()];
            let place = units.commune(commune).map_or("", |u| u.name.as_str());
            let data = ProducerInput {
                kind: if i % 3 == 0 {
                    "cooperative"
                } else {
                    "household_business"
                }
                .into(),
                name: format!("HTX {} {place} {i}", PRODUCT_WORDS[i % PRODUCT_WORDS.len()]),
                tax_code: tax(i),
                representative_name: format!("Người đại diện {i}"),
                representative_gender: if i % 2 == 0 { "female" } else { "male" }.into(),
                unit_code: commune.to_string(),
                ..Default::default()
            }
            .parse(units)
            .expect("generated producer is valid");
            ProducerRow { row: i + 2, data }
        })
        .collect();
    let actor = AuditActor::system("bench");
    let all = ImportOptions::default();
    store
        .import_producers(&actor, producers, Vec::new(), all, |_| Ok(()), |_| {})
        .await
        .unwrap();
    let products: Vec<ProductRow> = (0..PRODUCTS)
        .map(|j| {
            let producer = j % PRODUCERS;
            let data = ProductInput {
                name: format!(
                    "{} loại {}",
                    PRODUCT_WORDS[(j * 7) % PRODUCT_WORDS.len()],
                    j / PRODUCERS + 1
                ),
                classification: ((j % 26) + 1).to_string(),
                status: "active".into(),
                ..Default::default()
            }
            .parse()
            .expect("generated product is valid");
            ProductRow {
                row: j + 2,
                producer_tax_code: tax(producer),
                data,
            }
        })
        .collect();
    store
        .import_products(&actor, products, Vec::new(), all, |_| Ok(()), |_| {})
        .await
        .unwrap();
    println!(
        "backend {:?}: generated {PRODUCERS} producers and {PRODUCTS} products over {} communes in {:.1}s; RSS {:.0} MiB",
        store.backend(),
        communes.len(),
        started.elapsed().as_secs_f64(),
        rss_mib()
    );

    let kinds: [QueryKind; 5] = [
        ("text, no marks (\"mien dong\")", |i| CatalogQuery {
            text: Some(
                [
                    "mien dong",
                    "mat ong rung",
                    "che shan",
                    "nuoc mam",
                    "gom men",
                ][i % 5]
                    .into(),
            ),
            ..Default::default()
        }),
        ("text with marks (\"Đường\")", |i| CatalogQuery {
            text: Some(["Mật ong", "Rượu mơ", "Hạt điều", "Thổ cẩm", "Kẹo dừa"][i % 5].into()),
            ..Default::default()
        }),
        ("text + province", |i| CatalogQuery {
            text: Some("tra hoa vang".into()),
            province: Some([1, 22, 79, 48, 91][i % 5]),
            ..Default::default()
        }),
        ("province + group filter", |i| CatalogQuery {
            province: Some([1, 22, 79, 48, 91][i % 5]),
            category: Some("food".into()),
            ..Default::default()
        }),
        ("browse, page 50", |_| CatalogQuery {
            page: 50,
            ..Default::default()
        }),
    ];
    println!("| query | p50 | p99 | max |");
    println!("|---|---|---|---|");
    let mut everything = Vec::new();
    for (label, make) in kinds {
        let mut times = Vec::with_capacity(SEARCHES);
        for i in 0..SEARCHES {
            let query = CatalogQuery {
                per_page: 20,
                page: 1.max(make(i).page),
                ..make(i)
            };
            let t = Instant::now();
            let page = store
                .search_products(Scope::PublicOnly, &query)
                .await
                .unwrap();
            times.push(t.elapsed());
            assert!(page.total > 0 || query.province.is_some(), "{label}");
        }
        times.sort();
        println!(
            "| {label} | {:.2} ms | {:.2} ms | {:.2} ms |",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3,
            times.last().unwrap().as_secs_f64() * 1e3
        );
        everything.extend(times);
    }
    everything.sort();
    println!(
        "all {} searches: p50 {:.2} ms, p99 {:.2} ms; RSS after searches {:.0} MiB",
        everything.len(),
        percentile(&everything, 0.5).as_secs_f64() * 1e3,
        percentile(&everything, 0.99).as_secs_f64() * 1e3,
        rss_mib()
    );
}
