//! Demo data: the real key product chains of Quảng Ninh's OCOP programme 2017–2020
//! (Decision 2366/QĐ-UBND, `data/seeds/`), their producers and historical districts, placed
//! in today's communes; plus one account per role. Star ratings and tax codes here are demo
//! values and are marked as such.

use ocop_domain::access::Role;
use ocop_domain::change_request::{self, ProposalInput, RejectionInput};
use ocop_domain::identifiers::tax_check_digit;
use ocop_domain::producer::{
    Gender, LegalRepresentative, ProducerData, ProducerKind, ProducerStatus,
};
use ocop_domain::product::{ProductData, ProductStatus};
use ocop_domain::taxonomy::Classification;
use ocop_domain::text::fold_vi;
use ocop_domain::units::{Level, Structure, UnitRef};

use ocop_domain::business_plan::{PlanAction, PlanInput, SupportInput, TextInput};
use ocop_domain::cycle::CycleInput;
use ocop_domain::idea::{DecisionInput, IdeaAction, IdeaInput};

use crate::audit::AuditActor;
use crate::db::Query;
use crate::products::ProductExtras;
use crate::users::NewUser;
use crate::{Caller, Result, Store};

pub mod dossiers;

const DISTRICT_CHAINS: &str =
    include_str!("../../../data/seeds/quang-ninh-2017-key-products-district.csv");
const PROVINCE_CHAINS: &str =
    include_str!("../../../data/seeds/quang-ninh-2017-key-products-province.csv");

/// Quảng Ninh's province code (the same in both structures).
pub const QUANG_NINH: u32 = 22;

/// The password of every demo account (documented in the README).
pub const DEMO_PASSWORD: &str = "ocop-demo-2026";

/// Xã Vô Ngại of the three-tier structure, divided in 2025 (`commune-merge-2025.csv`).
const VO_NGAI_OLD_COMMUNE: u32 = 6853;

/// Demo accounts: (e-mail, name, role, unit code).
pub const DEMO_ACCOUNTS: [(&str, &str, Role, Option<u32>); 6] = [
    (
        "trunguong@ocop.demo",
        "Quản trị trung ương",
        Role::Central,
        None,
    ),
    (
        "tinh.quangninh@ocop.demo",
        "Cán bộ OCOP tỉnh Quảng Ninh",
        Role::Provincial,
        Some(QUANG_NINH),
    ),
    (
        "tinh.hanoi@ocop.demo",
        "Cán bộ OCOP Thành phố Hà Nội",
        Role::Provincial,
        Some(1),
    ),
    (
        "xa.binhlieu@ocop.demo",
        "Cán bộ xã Bình Liêu",
        Role::Commune,
        Some(6838),
    ),
    (
        "hoidong.quangninh@ocop.demo",
        "Thành viên hội đồng tỉnh Quảng Ninh",
        Role::CouncilMember,
        Some(QUANG_NINH),
    ),
    (
        "chuthe.dinhtrung@ocop.demo",
        "HTX phát triển Đình Trung",
        Role::Producer,
        None,
    ),
];

/// The producer the demo producer account belongs to.
const DEMO_PRODUCER_NAME: &str = "HTX phát triển Đình Trung";

/// Where each 2017 district's producers sit today: the commune that carries the district's
/// name after the 2025 merge (Hải Hà's seat Quảng Hà; Móng Cái's first ward).
const DISTRICT_TO_COMMUNE: [(&str, u32); 14] = [
    ("Đông Triều", 7093),
    ("Quảng Yên", 7132),
    ("Uông Bí", 6811),
    ("Hoành Bồ", 7030),
    ("Hạ Long", 6688),
    ("Cẩm Phả", 6793),
    ("Vân Đồn", 6994),
    ("Ba Chẽ", 6970),
    ("Tiên Yên", 6862),
    ("Bình Liêu", 6838),
    ("Đầm Hà", 6895),
    ("Hải Hà", 6922),
    ("Móng Cái", 6712),
    ("Cô Tô", 7192),
];

/// The V2026 scoring sheet of each chain (by the chain's products).
const CHAIN_SHEETS: [(&str, u8); 36] = [
    ("Gạo nếp cái hoa vàng", 3),
    ("Gốm sứ Quang Vinh", 21),
    ("Trứng gà Tân An", 2),
    ("Rau mầm Song Hành", 1),
    ("Tranh bộ điệp Công Tuyến", 21),
    ("Tinh dầu Trầu tiên Yên Tử", 20),
    ("Rượu mơ Yên Tử", 15),
    ("Rượu Bâu men lá", 14),
    ("Hoa Hoành Bồ", 23),
    ("Nấm Linh chi", 20),
    ("Chả mực Hạ Long", 8),
    ("Ngọc Trai Hạ Long", 21),
    ("Nhóm thảo dược", 18),
    ("Ruốc cơ trai", 8),
    ("Ruốc Hàu", 8),
    ("Nước mắm sá sùng Cái Rồng", 9),
    ("Cam Vạn Yên", 1),
    ("Ba kích", 20),
    ("Trà hoa vàng", 12),
    ("Gà Tiên Yên", 2),
    ("Trứng vịt biển Đồng Rui", 2),
    ("Mật ong Tiên Yên", 4),
    ("Dầu sở Bình Liêu", 7),
    ("Miến dong Bình Liêu", 7),
    ("Củ cải", 7),
    ("Cá song Đầm Hà", 2),
    ("Chè Đường Hoa", 11),
    ("Ghẹ", 8),
    ("Lợn Móng Cái", 8),
    ("Mực ống Cô Tô", 8),
    ("Cá duội", 8),
    ("Hàu", 8),
    ("Mực", 8),
    ("Nước mắm", 9),
    ("Miến dong", 7),
    ("Gốm sứ Đông Triều", 21),
];

struct Chain {
    name: String,
    forms: String,
    district: String,
    producers: Vec<String>,
    level: &'static str,
}

fn split_list(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn district_chains() -> Vec<Chain> {
    DISTRICT_CHAINS
        .lines()
        .skip(1)
        .filter_map(|line| {
            let c: Vec<&str> = line.split(',').collect();
            (c.len() == 5).then(|| Chain {
                district: c[1].trim().to_owned(),
                name: c[2].trim().to_owned(),
                forms: c[3].trim().to_owned(),
                producers: split_list(c[4]),
                level: "cấp huyện",
            })
        })
        .collect()
}

fn province_chains() -> Vec<Chain> {
    PROVINCE_CHAINS
        .lines()
        .skip(1)
        .filter_map(|line| {
            let c: Vec<&str> = line.split(',').collect();
            (c.len() == 7).then(|| Chain {
                name: c[1].trim().to_owned(),
                forms: c[2].trim().to_owned(),
                // The first processing area, else the first raw-material area.
                district: split_list(c[4])
                    .into_iter()
                    .chain(split_list(c[3]))
                    .next()
                    .unwrap_or_default(),
                producers: split_list(c[5]),
                level: if c[6].trim().starts_with("yes") {
                    "cấp tỉnh, cấp quốc gia"
                } else {
                    "cấp tỉnh"
                },
            })
        })
        .collect()
}

fn kind_of(name: &str) -> ProducerKind {
    let f = fold_vi(name);
    if f.starts_with("htx") || f.starts_with("hop tac xa") {
        ProducerKind::Cooperative
    } else if f.contains("tnhh") {
        ProducerKind::LimitedCompany
    } else if f.contains(" cp ") || f.contains("co phan") || f.starts_with("ct cp") {
        ProducerKind::JointStockCompany
    } else if f.starts_with("dntn") {
        ProducerKind::PrivateEnterprise
    } else if f.starts_with("to hop tac") {
        ProducerKind::CooperativeGroup
    } else {
        ProducerKind::HouseholdBusiness
    }
}

/// A demo tax code with a valid check digit ("57" + running number; not a real code).
fn demo_tax_code(n: u32) -> String {
    let mut i = n;
    loop {
        let nine = format!("57{:07}", 1000 + i);
        if let Some(d) = tax_check_digit(&nine) {
            return format!("{nine}{d}");
        }
        i += 10_000;
    }
}

fn old_district_code(store: &Store, district: &str) -> Option<u32> {
    let units = store.units;
    let province = units.get(UnitRef {
        structure: Structure::ThreeTier,
        level: Level::Province,
        code: QUANG_NINH,
    })?;
    let wanted = fold_vi(district);
    units
        .children(province)
        .find(|d| d.level == Level::District && fold_vi(&d.name).ends_with(&wanted))
        .map(|d| d.code)
}

/// Loads the demo into an empty database; does nothing when producers already exist.
/// Returns the number of products created.
pub async fn load(store: &Store) -> Result<usize> {
    let (_, existing) = store
        .list_producers(ocop_domain::access::Scope::Everything, &Default::default())
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let actor = AuditActor::system("demo");
    let allow = |_| Ok(());
    let mut producers: Vec<(String, uuid::Uuid)> = Vec::new();
    let mut product_names: Vec<String> = Vec::new();
    let mut created = 0;
    let chains: Vec<Chain> = district_chains()
        .into_iter()
        .chain(province_chains())
        .collect();
    for (index, chain) in chains.iter().enumerate() {
        let commune = DISTRICT_TO_COMMUNE
            .iter()
            .find(|(d, _)| fold_vi(d) == fold_vi(&chain.district))
            .map_or(6688, |(_, c)| *c);
        let producer_names = if chain.producers.is_empty() {
            vec![format!("Tổ hợp tác {} (minh họa)", chain.name)]
        } else {
            chain.producers.clone()
        };
        let mut chain_producers = Vec::new();
        for name in &producer_names {
            let id = match producers.iter().find(|(n, _)| fold_vi(n) == fold_vi(name)) {
                Some((_, id)) => *id,
                None => {
                    let n = producers.len() as u32 + 1;
                    let kind = if chain.producers.is_empty() {
                        ProducerKind::CooperativeGroup
                    } else {
                        kind_of(name)
                    };
                    let data = ProducerData {
                        kind,
                        name: name.clone(),
                        tax_code: ocop_domain::identifiers::TaxCode::parse(
                            &demo_tax_code(n),
                            false,
                        )
                        .expect("demo tax codes carry a valid check digit"),
                        representative: LegalRepresentative {
                            name: format!("Người đại diện {n} (minh họa)"),
                            gender: if n.is_multiple_of(2) {
                                Gender::Female
                            } else {
                                Gender::Male
                            },
                            ethnic_minority: fold_vi(&chain.district) == "binh lieu",
                            disability: false,
                        },
                        phone: Some(format!("0203{:06}", 380_000 + n)),
                        email: None,
                        unit: UnitRef::commune(commune),
                        street: None,
                        community_capital_percent: None,
                        status: ProducerStatus::Active,
                    };
                    let p = store.create_producer(&actor, data, true, allow).await?;
                    producers.push((name.clone(), p.id));
                    p.id
                }
            };
            chain_producers.push((name.clone(), id));
        }
        let sheet = CHAIN_SHEETS
            .iter()
            .find(|(c, _)| fold_vi(c) == fold_vi(&chain.name))
            .map_or(8, |(_, s)| *s);
        let forms = split_list(&chain.forms);
        // A district chain gives each of its producers a product (the first under the chain's
        // name, the others under their own); provincial chains repeat district ones, so they
        // add only the forms not yet listed, under their first producer.
        let products: Vec<(String, uuid::Uuid)> = if chain.level == "cấp huyện" {
            chain_producers
                .iter()
                .enumerate()
                .map(|(i, (producer, id))| {
                    let name = if i == 0 {
                        chain.name.clone()
                    } else {
                        format!("{} ({producer})", chain.name)
                    };
                    (name, *id)
                })
                .collect()
        } else {
            let Some(&(_, first)) = chain_producers.first() else {
                continue;
            };
            forms
                .iter()
                .filter(|f| {
                    let folded = fold_vi(f);
                    !product_names
                        .iter()
                        .any(|n| fold_vi(n).contains(&folded) || folded.contains(&fold_vi(n)))
                })
                .map(|f| (f.clone(), first))
                .collect()
        };
        for (name, producer_id) in products {
            let data = ProductData {
                name: name.clone(),
                classification: Classification::V2026 { sheet },
                description: Some(format!(
                    "{name} — chuỗi sản phẩm chủ lực {} của {} (Quảng Ninh), theo Đề án OCOP Quảng Ninh 2017–2020 \
                     (Quyết định 2366/QĐ-UBND ngày 21/06/2017). Dạng sản phẩm: {}.",
                    chain.level,
                    chain.district,
                    forms.join(", ")
                )),
                story: None,
                ingredients: Some(format!(
                    "Nguyên liệu từ vùng {} (dữ liệu minh họa)",
                    chain.district
                )),
                packaging: forms.first().cloned(),
                gtin: None,
                status: ProductStatus::Active,
            };
            let extras = ProductExtras {
                // Demo ratings only: national-level chains shown at 4★, others at 3★.
                stars: Some(if chain.level.contains("quốc gia") || index % 5 == 0 {
                    4
                } else {
                    3
                }),
                stars_demo: true,
                historical_codes: Vec::new(),
                legacy_unit_code: old_district_code(store, &chain.district),
            };
            store
                .create_product(&actor, producer_id, data, extras, |_| Ok(()))
                .await?;
            product_names.push(name);
            created += 1;
        }
    }
    // A record made before the 2025 reform under Xã Vô Ngại, an old commune divided between
    // Bình Liêu and Tiên Yên: it sits in the default successor, Bình Liêu, until the province
    // confirms that or picks the other (the producer's back-office page).
    let n = producers.len() as u32 + 1;
    let historical = ProducerData {
        kind: ProducerKind::CooperativeGroup,
        name: "Tổ hợp tác chè Vô Ngại (minh họa, hồ sơ trước 01/07/2025)".to_owned(),
        tax_code: ocop_domain::identifiers::TaxCode::parse(&demo_tax_code(n), false)
            .expect("demo tax codes carry a valid check digit"),
        representative: LegalRepresentative {
            name: format!("Người đại diện {n} (minh họa)"),
            gender: Gender::Female,
            ethnic_minority: true,
            disability: false,
        },
        phone: None,
        email: None,
        unit: UnitRef {
            structure: Structure::ThreeTier,
            level: Level::Commune,
            code: VO_NGAI_OLD_COMMUNE,
        },
        street: None,
        community_capital_percent: None,
        status: ProducerStatus::Active,
    };
    store
        .create_producer(&actor, historical, true, allow)
        .await?;
    let demo_producer = producers
        .iter()
        .find(|(n, _)| n == DEMO_PRODUCER_NAME)
        .map(|(_, id)| *id);
    let mut accounts = Vec::new();
    for (email, name, role, unit) in DEMO_ACCOUNTS {
        let user = store
            .create_user(
                &actor,
                NewUser {
                    email: email.to_owned(),
                    display_name: name.to_owned(),
                    password: DEMO_PASSWORD.to_owned(),
                    role,
                    unit_code: unit,
                    producer_id: if role == Role::Producer {
                        demo_producer
                    } else {
                        None
                    },
                },
            )
            .await?;
        accounts.push(user);
    }
    dossiers::load(store).await?;
    load_lots(store, &actor, demo_producer).await?;
    change_requests(store, &accounts).await?;
    load_cycle(store).await?;
    load_stamp_series(store, &actor).await?;
    load_scans(store, &accounts).await?;
    Ok(created)
}

/// A stamp series for each demo lot (the recalled one too: its stamps were printed before the
/// recall, so scanning them shows the recall), small enough to print: 98 labels (two sheets)
/// per active lot, 49 for the recalled one. The codes are real codes under the installation's
/// key; the series are flagged demo like their lots.
async fn load_stamp_series(store: &Store, actor: &AuditActor) -> Result<()> {
    use crate::stamps::{NewSeries, active_key, insert_series};
    use ocop_domain::stamp::DEFAULT_LABEL;
    let lots: Vec<(uuid::Uuid, Option<String>)> = store
        .fetch_all(
            &Query::new("SELECT id, recall_reason FROM lots WHERE demo = $1 ORDER BY lot_number")
                .bind(true),
        )
        .await?;
    let mut tx = store.begin().await?;
    let key = active_key(&mut tx, actor).await?;
    for (lot_id, recall_reason) in lots {
        let new = NewSeries {
            lot_id,
            count: if recall_reason.is_some() { 49 } else { 98 },
            label: DEFAULT_LABEL,
            signed: false,
            demo: true,
        };
        insert_series(&mut tx, actor, &key, &new).await?;
    }
    tx.commit().await?;
    store.notify_stamp_series();
    Ok(())
}

/// A demo account as the caller of the use cases, so that the demo's cycle is made by the
/// people who would make it, and audited as theirs.
async fn demo_caller(store: &Store, email: &str) -> Result<Caller> {
    let user = store
        .user_by_email(email)
        .await?
        .ok_or(crate::StoreError::NotFound("tài khoản minh họa"))?;
    Ok(Caller::User(user))
}

/// Quảng Ninh's 2026 cycle: opened by the province, with ideas of the demo producer and of
/// would-be producers of Bình Liêu in every state, an approved plan with support and a plan
/// waiting for approval. Names, figures and dates are demo values and say so.
async fn load_cycle(store: &Store) -> Result<()> {
    let province = demo_caller(store, "tinh.quangninh@ocop.demo").await?;
    let commune = demo_caller(store, "xa.binhlieu@ocop.demo").await?;
    let producer = demo_caller(store, "chuthe.dinhtrung@ocop.demo").await?;
    let d = |md: &str| format!("2026-{md}");
    store
        .open_cycle(
            &province,
            QUANG_NINH,
            &CycleInput {
                year: "2026".into(),
                workflow_version: "V2026".into(),
                promotion_start: d("01-05"),
                promotion_end: d("04-30"),
                ideas_start: d("03-01"),
                ideas_end: d("06-30"),
                business_plans_start: d("06-01"),
                business_plans_end: d("08-31"),
                implementation_start: d("07-01"),
                implementation_end: d("12-31"),
                evaluation_start: d("07-01"),
                evaluation_end: d("08-31"),
                trade_promotion_start: d("01-05"),
                trade_promotion_end: d("12-31"),
            },
        )
        .await?;
    let idea = |name: &str, kind: &str, help: &str| IdeaInput {
        year: "2026".into(),
        product_kind: kind.into(),
        product_name: name.into(),
        raw_materials: "Củ dong riềng trồng tại Bình Liêu (dữ liệu minh họa)".into(),
        market: "Siêu thị, cửa hàng OCOP trong tỉnh và Hà Nội (dữ liệu minh họa)".into(),
        help: help.into(),
        ..Default::default()
    };
    let note = |text: &str| DecisionInput {
        reason: text.into(),
    };
    let none = DecisionInput::default();
    // The demo producer: one selected with an approved plan, one with a plan waiting for the
    // province, one screened, one filed, one withdrawn.
    let approved = store
        .file_idea(
            &producer,
            &idea(
                "Miến dong sợi nhỏ đóng gói 200 g (minh họa)",
                "new",
                "design,standards,trade_promotion",
            ),
        )
        .await?;
    let waiting_plan = store
        .file_idea(
            &producer,
            &idea("Bánh đa dong riềng (minh họa)", "new", "training,design"),
        )
        .await?;
    let screened = store
        .file_idea(
            &producer,
            &idea("Miến dong trộn rau củ (minh họa)", "new", "consulting"),
        )
        .await?;
    store
        .file_idea(
            &producer,
            &idea("Tinh bột dong riềng (minh họa)", "new", "finance"),
        )
        .await?;
    let withdrawn = store
        .file_idea(
            &producer,
            &idea("Mì dong ăn liền (minh họa)", "new", "consulting"),
        )
        .await?;
    store
        .act_on_idea(&producer, withdrawn.id, IdeaAction::Withdraw, &none)
        .await?;
    for id in [approved.id, waiting_plan.id, screened.id] {
        store
            .act_on_idea(
                &commune,
                id,
                IdeaAction::Screen,
                &note("Nguyên liệu tại chỗ, có thị trường (ý kiến minh họa)"),
            )
            .await?;
    }
    for id in [approved.id, waiting_plan.id] {
        store
            .act_on_idea(&province, id, IdeaAction::Select, &none)
            .await?;
    }
    // Would-be producers, filed by the commune: one declined at screening, one by the province.
    let would_be = |name: &str, person: &str, phone: &str| IdeaInput {
        applicant_name: person.into(),
        applicant_phone: phone.into(),
        ..idea(name, "new", "training,other")
    };
    let mut first = would_be(
        "Rượu men lá Bình Liêu (minh họa)",
        "Hoàng Văn Sáng (minh họa)",
        "0900000001",
    );
    first.help_other = "Hỗ trợ đăng ký nhãn hiệu (minh họa)".into();
    let first = store.file_idea(&commune, &first).await?;
    store
        .act_on_idea(
            &commune,
            first.id,
            IdeaAction::Decline,
            &note("Chưa đủ điều kiện an toàn thực phẩm (lý do minh họa)"),
        )
        .await?;
    let mut second = would_be(
        "Măng khô Bình Liêu (minh họa)",
        "Lý Thị Mai (minh họa)",
        "0900000002",
    );
    second.help_other = "Máy sấy (minh họa)".into();
    let second = store.file_idea(&commune, &second).await?;
    store
        .act_on_idea(&commune, second.id, IdeaAction::Screen, &none)
        .await?;
    store
        .act_on_idea(
            &province,
            second.id,
            IdeaAction::Decline,
            &note("Trùng với sản phẩm đã có của xã (lý do minh họa)"),
        )
        .await?;
    let mut third = would_be(
        "Chè Đường Hoa túi lọc (minh họa)",
        "Chíu A Phẩu (minh họa)",
        "0900000003",
    );
    third.help = "training".into();
    store.file_idea(&commune, &third).await?;

    let plan = |title: &str, investment: &str| PlanInput {
        title: title.into(),
        summary: "Đầu tư dây chuyền đóng gói và bao bì mới (dữ liệu minh họa)".into(),
        goals: "Sản phẩm đạt 3 sao OCOP năm 2027 (dữ liệu minh họa)".into(),
        investment: investment.into(),
        timeline: "Tháng 7 đến tháng 12 năm 2026 (dữ liệu minh họa)".into(),
        market: "Cửa hàng OCOP Quảng Ninh, sàn thương mại điện tử (dữ liệu minh họa)".into(),
    };
    let no_text = TextInput::default();
    let first_plan = store
        .create_plan(
            &producer,
            approved.id,
            &plan("Phương án đóng gói miến dong 200 g (minh họa)", "450000000"),
        )
        .await?;
    store
        .act_on_plan(&producer, first_plan.id, PlanAction::Submit, &no_text)
        .await?;
    store
        .comment_on_plan(
            &commune,
            first_plan.id,
            &TextInput {
                text: "Xã đề nghị hỗ trợ thiết kế bao bì (ý kiến minh họa)".into(),
            },
        )
        .await?;
    store
        .act_on_plan(&province, first_plan.id, PlanAction::Approve, &no_text)
        .await?;
    for (kind, on, what, cost, source) in [
        (
            "design",
            "2026-08-12",
            "Thiết kế bao bì và nhãn (minh họa)",
            "30000000",
            "provincial_budget",
        ),
        (
            "standards",
            "2026-09-20",
            "Công bố chất lượng, kiểm nghiệm (minh họa)",
            "12000000",
            "commune_budget",
        ),
        (
            "trade_promotion",
            "2026-10-05",
            "Gian hàng hội chợ OCOP (minh họa)",
            "8000000",
            "community_funds",
        ),
    ] {
        store
            .record_support(
                &province,
                first_plan.id,
                &SupportInput {
                    kind: kind.into(),
                    given_on: on.into(),
                    description: what.into(),
                    cost: cost.into(),
                    funding_source: source.into(),
                },
            )
            .await?;
    }
    let second_plan = store
        .create_plan(
            &producer,
            waiting_plan.id,
            &plan("Phương án sản xuất bánh đa dong (minh họa)", "180000000"),
        )
        .await?;
    store
        .act_on_plan(&producer, second_plan.id, PlanAction::Submit, &no_text)
        .await?;
    Ok(())
}

/// Lots of Bình Liêu's products (Miến dong of the demo producer, Dầu sở of its neighbour),
/// so that the lot pages, events, EPCIS export and a recall have content. Lot numbers, dates,
/// quantities, suppliers, lab figures and events are demo values (the lots are flagged demo);
/// the raw materials follow the products' real ones (dong riềng, hạt sở of Bình Liêu).
async fn load_lots(
    store: &Store,
    actor: &AuditActor,
    demo_producer: Option<uuid::Uuid>,
) -> Result<()> {
    use ocop_domain::epcis::{BizStep, EventAction, EventData};
    use ocop_domain::lot::{LabTestData, LotData, RawMaterial, TestResult};

    let today = store.today();
    let now = store.now();
    let days = time::Duration::days;
    let material =
        |name: &str, supplier: &str, origin: &str, certification: Option<&str>| RawMaterial {
            name: name.to_owned(),
            supplier: Some(supplier.to_owned()),
            origin: Some(origin.to_owned()),
            certification: certification.map(str::to_owned),
        };
    let event = |step: BizStep, days_ago: i64, location: &str, quantity: Option<u32>| EventData {
        action: EventAction::Observe,
        biz_step: step,
        disposition: step.default_disposition(),
        event_time: now - days(days_ago),
        read_point: None,
        biz_location: Some(format!("urn:ocop:location:{location}")),
        quantity,
        serials: Vec::new(),
        correction: None,
    };
    let allow = |_: &crate::Product| Ok(());
    let Some(producer) = demo_producer else {
        return Ok(());
    };
    let own = store.products_of(producer).await?;
    let Some(mien_dong) = own
        .iter()
        .find(|p| fold_vi(&p.data.name).contains("mien dong"))
    else {
        return Ok(());
    };
    let lot = |number: &str, made: i64, quantity: u32, materials: Vec<RawMaterial>| LotData {
        lot_number: number.to_owned(),
        produced_on: today - days(made),
        expires_on: Some(today - days(made) + days(365)),
        quantity,
        unit: "gói 500 g".to_owned(),
        storage_notes: Some("Nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp".to_owned()),
        materials,
    };
    let dong = || {
        vec![
            material(
                "Củ dong riềng",
                "Tổ hợp tác trồng dong xã Đồng Văn (minh họa)",
                "Xã Đồng Văn cũ, nay thuộc xã Bình Liêu, Quảng Ninh",
                Some("VietGAP (minh họa)"),
            ),
            material(
                "Nước sản xuất",
                "Giếng khoan của HTX (minh họa)",
                "Bình Liêu, Quảng Ninh",
                None,
            ),
        ]
    };
    let first = store
        .create_lot(
            actor,
            mien_dong.id,
            lot("MD-2026-01", 40, 2000, dong()),
            true,
            allow,
        )
        .await?;
    store
        .add_lot_test(
            actor,
            first.id,
            LabTestData {
                lab_name: "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng Quảng Ninh (minh họa)"
                    .to_owned(),
                tested_on: today - days(35),
                results: vec![
                    TestResult {
                        name: "Độ ẩm".to_owned(),
                        value: "11,8".to_owned(),
                        unit: Some("%".to_owned()),
                    },
                    TestResult {
                        name: "Chì (Pb)".to_owned(),
                        value: "Không phát hiện".to_owned(),
                        unit: Some("mg/kg".to_owned()),
                    },
                    TestResult {
                        name: "Tổng số bào tử nấm men, nấm mốc".to_owned(),
                        value: "< 10".to_owned(),
                        unit: Some("CFU/g".to_owned()),
                    },
                ],
            },
            None,
            allow,
        )
        .await?;
    for data in [
        event(BizStep::Packing, 38, "xuong-htx-dinh-trung", Some(2000)),
        event(BizStep::Shipping, 30, "xuong-htx-dinh-trung", Some(800)),
        event(BizStep::Receiving, 29, "cua-hang-ocop-ha-long", Some(800)),
        event(
            BizStep::RetailSelling,
            20,
            "cua-hang-ocop-ha-long",
            Some(150),
        ),
    ] {
        store.add_lot_event(actor, first.id, data, allow).await?;
    }
    let second = store
        .create_lot(
            actor,
            mien_dong.id,
            lot("MD-2026-02", 12, 1500, dong()),
            true,
            allow,
        )
        .await?;
    store
        .add_lot_event(
            actor,
            second.id,
            event(BizStep::Packing, 11, "xuong-htx-dinh-trung", Some(1500)),
            allow,
        )
        .await?;
    store
        .add_lot_event(
            actor,
            second.id,
            event(BizStep::Shipping, 8, "xuong-htx-dinh-trung", Some(600)),
            allow,
        )
        .await?;
    // The one recalled lot of the demo.
    store
        .mark_lot_recalled(
            actor,
            second.id,
            "Minh họa: một số gói bị ẩm do bao bì hở mép hàn; thu hồi để kiểm tra".to_owned(),
            allow,
        )
        .await?;
    // A neighbour's product in the same commune, for the commune officer.
    let query = crate::CatalogQuery {
        text: Some("dầu sở".to_owned()),
        page: 1,
        per_page: 5,
        ..Default::default()
    };
    let page = store
        .search_products(ocop_domain::access::Scope::Commune(6838), &query)
        .await?;
    if let Some(oil) = page.items.iter().find(|p| p.producer_id != producer) {
        let seeds = vec![material(
            "Hạt sở",
            "Hộ trồng sở xã Hoành Mô (minh họa)",
            "Bình Liêu, Quảng Ninh",
            Some("Hữu cơ (minh họa)"),
        )];
        let data = LotData {
            unit: "chai 250 ml".to_owned(),
            ..lot("DS-2026-01", 25, 600, seeds)
        };
        let oil_lot = store.create_lot(actor, oil.id, data, true, allow).await?;
        store
            .add_lot_event(
                actor,
                oil_lot.id,
                event(BizStep::Packing, 24, "co-so-ep-dau-binh-lieu", Some(600)),
                allow,
            )
            .await?;
    }
    Ok(())
}

/// Scans of the demo stamps over the last ten days, so that the scan dashboard has content:
/// the first stamp of the first lot scanned 25 times (a "scanned too often" alert), the second
/// scanned in Hà Nội and two hours later in Hồ Chí Minh City (a "far apart" alert), a few
/// others here and there, one stamp of the recalled lot, and two consumer reports; the far
/// apart alert and the report of a quality problem already handled by the provincial
/// official, the other alert and the report of a counterfeit left open. Every value is demo
/// data (flagged demo).
async fn load_scans(store: &Store, accounts: &[crate::User]) -> Result<()> {
    use ocop_domain::scan::{
        AgentClass, AlertKind, AlertRules, CoarsePlace, HandlingInput, Report,
    };
    use ocop_domain::stamp::{KeyId, StampCode};
    use std::time::Duration;

    use crate::scans::{KnownAlerts, ScanEvent, count_in_order};

    let ring = store.stamp_keys().await?;
    let now = store.now();
    let mut scans = Vec::new();
    let mut report = None;
    for series in store
        .stamp_series_all()
        .await?
        .into_iter()
        .filter(|s| s.demo)
    {
        let Some(key) = KeyId::new(series.key_id).and_then(|id| ring.key(id)) else {
            continue;
        };
        let lot = store.lot(series.lot_id).await?;
        let code = |index: u32| StampCode::issue(key, series.series_no, index);
        let scan = |index: u32, hours_ago: u64, place: Option<&str>, agent: AgentClass| ScanEvent {
            at: now - Duration::from_secs(hours_ago * 3600),
            serial: code(index)
                .serial()
                .as_bytes()
                .try_into()
                .unwrap_or([b'0'; 10]),
            series_no: series.series_no,
            lot_id: Some(lot.id),
            expires_on: lot.expires_on,
            place: place.and_then(CoarsePlace::parse),
            agent,
            demo: true,
            count: 0,
        };
        if lot.recall_reason.is_some() {
            scans.push(scan(0, 5, Some("21.0,107.3"), AgentClass::Android));
            continue;
        }
        // The producer's own lot (the demo account's): its stamps carry the alerts and report.
        if report.is_none() && lot.lot_number == "MD-2026-01" {
            for i in 0..25 {
                let agent = if i % 3 == 0 {
                    AgentClass::Ios
                } else {
                    AgentClass::Android
                };
                scans.push(scan(0, 200 - i * 8, None, agent));
            }
            scans.push(scan(1, 30, Some("21.03,105.85"), AgentClass::Android));
            scans.push(scan(1, 28, Some("10.78,106.70"), AgentClass::Ios));
            report = Some((lot.id, code(0)));
        }
        for index in 2..8u32 {
            let place = ["21.3,107.2", "20.9,107.1", "21.0,105.8"]
                .get(index as usize % 4)
                .copied();
            scans.push(scan(
                index,
                u64::from(index) * 20,
                place,
                AgentClass::Android,
            ));
        }
    }
    scans.sort_by_key(|s| s.at);
    count_in_order(&mut scans);
    store
        .record_scans(&scans, &AlertRules::default(), &mut KnownAlerts::default())
        .await?;
    let province = accounts
        .iter()
        .find(|u| u.role == Role::Provincial && u.province_code == Some(QUANG_NINH))
        .cloned()
        .map(Caller::User);
    if let Some((lot_id, code)) = report {
        let demo = crate::Caller::system("demo");
        let counterfeit = Report::parse(
            "counterfeit",
            "Tem trên gói miến mua ở chợ bị mờ, mã đã được quét rất nhiều lần (minh họa)",
            "",
        )?;
        store
            .report_problem(&demo, lot_id, code.serial(), &counterfeit)
            .await?;
        let quality = Report::parse(
            "quality",
            "Gói miến bị ẩm, sợi dính vào nhau (minh họa)",
            "",
        )?;
        let id = store
            .report_problem(&demo, lot_id, code.serial(), &quality)
            .await?;
        if let Some(province) = &province {
            let note = HandlingInput {
                note: "Đã kiểm tra mẫu lưu của lô: đạt; hướng dẫn người bán bảo quản nơi khô \
                       ráo (minh họa)"
                    .to_owned(),
            };
            store.handle_consumer_report(province, id, &note).await?;
        }
    }
    let dashboard = store.scan_dashboard(&Caller::system("demo")).await?;
    let far = dashboard
        .alerts
        .iter()
        .find(|a| a.kind == AlertKind::FarApart);
    if let (Some(province), Some(far)) = (province, far) {
        let note = HandlingInput {
            note: "Đã liên hệ chủ thể: hai lần quét là của cùng một đoàn khách du lịch \
                   (minh họa)"
                .to_owned(),
        };
        store.handle_scan_alert(&province, far.id, &note).await?;
    }
    Ok(())
}

/// The demo producer's change requests on its active product, so that every change-request
/// screen has content: one approved (its values now public) and one rejected in the history,
/// and one open awaiting the commune's review. The proposed texts are demo values, marked.
async fn change_requests(store: &Store, accounts: &[crate::User]) -> Result<()> {
    let account = |role: Role| {
        accounts
            .iter()
            .find(|u| {
                u.role == role && (role != Role::Provincial || u.province_code == Some(QUANG_NINH))
            })
            .cloned()
            .map(Caller::User)
    };
    let (Some(producer), Some(commune), Some(province)) = (
        account(Role::Producer),
        account(Role::Commune),
        account(Role::Provincial),
    ) else {
        return Ok(());
    };
    let Some(producer_id) = producer.actor().and_then(|a| a.producer_id) else {
        return Ok(());
    };
    let Some(product) = store
        .products_of(producer_id)
        .await?
        .into_iter()
        .find(|p| p.data.status == ProductStatus::Active)
    else {
        return Ok(());
    };
    let propose = |product: &crate::Product, change: &dyn Fn(&mut ProposalInput), note: &str| {
        let mut input = ProposalInput::from_data(&product.data, Some(note));
        change(&mut input);
        input
    };
    let story = propose(
        &product,
        &|i| {
            i.product.story = "Miến dong Bình Liêu làm từ củ dong riềng trồng trên đồi của người                                Tày, Dao ở Bình Liêu; sợi miến phơi nắng gió biên giới (dữ liệu                                minh họa)."
                .to_owned()
        },
        "Bổ sung câu chuyện sản phẩm (minh họa)",
    );
    let approved = store
        .propose_product_change(&producer, product.id, &story)
        .await?;
    let (_, product) = store
        .approve_change_request(&commune, approved.id, &revision(&approved))
        .await?;
    let renamed = propose(
        &product,
        &|i| i.product.name = "Miến dong Đình Trung thượng hạng (minh họa)".to_owned(),
        "Đổi tên theo nhãn mới (minh họa)",
    );
    let rejected = store
        .propose_product_change(&producer, product.id, &renamed)
        .await?;
    store
        .reject_change_request(
            &province,
            rejected.id,
            &RejectionInput {
                revision: rejected.revision.to_string(),
                reason: "Tên mới chưa khớp với nhãn đã đăng ký nhãn hiệu; đề nghị gửi kèm giấy                          chứng nhận nhãn hiệu (minh họa)."
                    .to_owned(),
            },
        )
        .await?;
    let packaging = propose(
        &product,
        &|i| {
            i.product.packaging = "Túi 300 g và 500 g, hộp quà 1 kg (minh họa)".to_owned();
            i.product.ingredients =
                "100% tinh bột dong riềng Bình Liêu, không phụ gia (dữ liệu minh họa)".to_owned();
        },
        "Thêm quy cách đóng gói mới (minh họa)",
    );
    store
        .propose_product_change(&producer, product.id, &packaging)
        .await?;
    Ok(())
}

fn revision(request: &crate::change_requests::ChangeRequest) -> change_request::DecisionInput {
    change_request::DecisionInput {
        revision: request.revision.to_string(),
    }
}
