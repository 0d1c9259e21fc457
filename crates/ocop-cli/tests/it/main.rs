//! The `ocop` binary as an operator runs it: real processes, a temp database.

use std::path::Path;
use std::process::{Command, Output};

fn ocop(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ocop"))
        .current_dir(dir)
        .env_remove("OCOP_DATABASE")
        .args(args)
        .output()
        .expect("run ocop")
}

/// A temporary directory with a SQLite database in it: the directory and the database's URL.
fn workspace() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("ocop.db").display());
    (dir, db)
}

/// `ocop --database <db> <args>` in `dir`.
fn ocop_on(dir: &Path, db: &str, args: &[&str]) -> Output {
    let mut all = vec!["--database", db];
    all.extend_from_slice(args);
    ocop(dir, &all)
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn scores_an_answers_file_and_names_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let best: serde_json::Value = {
        let out = ocop(dir.path(), &["criteria", "show", "V2026", "1", "--json"]);
        assert!(out.status.success());
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // The highest option of every scored criterion.
    let mut choices = serde_json::Map::new();
    fn walk(c: &serde_json::Value, choices: &mut serde_json::Map<String, serde_json::Value>) {
        let children = c["children"].as_array().cloned().unwrap_or_default();
        if children.is_empty() {
            let options = c["options"].as_array().map_or(0, Vec::len);
            choices.insert(c["id"].as_str().unwrap().to_owned(), options.max(1).into());
        }
        for child in &children {
            walk(child, choices);
        }
    }
    for part in best["parts"].as_array().unwrap() {
        for section in part["sections"].as_array().unwrap() {
            for c in section["criteria"].as_array().unwrap() {
                walk(c, &mut choices);
            }
        }
    }
    let answers = serde_json::json!({"members": [{"name": "Thành viên 1", "choices": choices}]});
    std::fs::write(dir.path().join("best.json"), answers.to_string()).unwrap();
    let out = ocop(
        dir.path(),
        &[
            "score",
            "--version",
            "V2026",
            "--sheet",
            "1",
            "--answers",
            "best.json",
        ],
    );
    assert!(out.status.success(), "{:?}", text(&out));
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["mean_total"], 100.0);
    assert_eq!(result["stars"], 5);
    assert_eq!(result["certifiable"], true);

    for (body, expected) in [
        (
            r#"{"members": [{"name": "A", "choices": {"9.9": 1}}]}"#,
            "9.9",
        ),
        (
            r#"{"members": [{"name": "A", "choices": {"1.1": 7}}]}"#,
            "1.1",
        ),
        (
            r#"{"members": [{"name": "A", "choices": {}}], "knockouts": ["no_gmp"]}"#,
            "knockouts",
        ),
        (
            r#"{"members": [{"name": "A", "choices": {}}], "knockouts": ["bribery"]}"#,
            "bribery",
        ),
        (r#"{"members": "#, "không hợp lệ"),
    ] {
        std::fs::write(dir.path().join("bad.json"), body).unwrap();
        let out = ocop(
            dir.path(),
            &["score", "--sheet", "1", "--answers", "bad.json"],
        );
        assert_eq!(out.status.code(), Some(2), "{body}");
        assert!(text(&out).1.contains(expected), "{body}: {}", text(&out).1);
    }
    let out = ocop(
        dir.path(),
        &["score", "--sheet", "27", "--answers", "best.json"],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn demo_export_import_and_accounts() {
    let (dir, db) = workspace();
    let run = |args: &[&str]| ocop_on(dir.path(), &db, args);
    assert!(run(&["migrate"]).status.success());
    let out = run(&["demo"]);
    assert!(text(&out).0.contains("sản phẩm demo"), "{:?}", text(&out));
    let out = run(&[
        "export",
        "producers",
        "--format",
        "xlsx",
        "--output",
        "p.xlsx",
    ]);
    assert!(out.status.success(), "{:?}", text(&out));
    // Re-importing the export finds every producer already registered, and writes nothing.
    let out = run(&["import", "producers", "p.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("đã có trong hệ thống"));

    std::fs::write(
        dir.path().join("new.csv"),
        "Tên chủ thể,Loại hình,Mã số thuế,Người đại diện,Giới tính người đại diện,Mã xã\n\
         HTX Mới,Hợp tác xã,0100109106,Nông Thị Hoa,Nữ,6838\n\
         HTX Sai,Hợp tác xã,0100109107,Nông Văn Tú,Nam,6838\n",
    )
    .unwrap();
    let out = run(&["import", "producers", "new.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).1.contains("Dòng 3, cột \"Mã số thuế\""),
        "{:?}",
        text(&out)
    );
    let out = run(&["import", "producers", "new.csv", "--skip-invalid"]);
    assert!(text(&out).0.contains("đã ghi 1"), "{:?}", text(&out));

    let out = run(&[
        "user",
        "add",
        "--role",
        "provincial",
        "--unit",
        "22",
        "--email",
        "can.bo@quangninh.vn",
        "--password",
        "mat-khau-tot",
    ]);
    assert!(out.status.success(), "{:?}", text(&out));
    let out = run(&[
        "user",
        "add",
        "--role",
        "commune",
        "--unit",
        "22",
        "--email",
        "x@quangninh.vn",
        "--password",
        "mat-khau-tot",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[
        "user",
        "add",
        "--role",
        "producer",
        "--producer",
        "0100109106",
        "--email",
        "htx@moi.vn",
    ]);
    assert!(text(&out).0.contains("Mật khẩu:"), "{:?}", text(&out));
    let out = run(&["user", "list"]);
    assert!(text(&out).0.contains("can.bo@quangninh.vn\tprovincial\t22"));
    assert!(
        text(&out)
            .0
            .contains("htx@moi.vn\tproducer\t6838\thtx@moi.vn\tmust_change_password")
    );

    // Reset, disable, enable and set a password: the same use cases as the pages.
    let out = run(&["user", "reset", "can.bo@quangninh.vn"]);
    assert!(text(&out).0.contains("Mật khẩu: "), "{:?}", text(&out));
    let out = run(&["user", "disable", "can.bo@quangninh.vn"]);
    assert!(out.status.success(), "{:?}", text(&out));
    let out = run(&["user", "list"]);
    assert!(text(&out).0.contains("\tdisabled\n"), "{:?}", text(&out));
    assert!(
        run(&["user", "enable", "can.bo@quangninh.vn"])
            .status
            .success()
    );
    let out = run(&[
        "user",
        "passwd",
        "can.bo@quangninh.vn",
        "--password",
        "ngan",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).1.contains("Mật khẩu cần ít nhất 8 ký tự"),
        "{:?}",
        text(&out)
    );
    let out = run(&[
        "user",
        "passwd",
        "khong-co@quangninh.vn",
        "--password",
        "mat-khau-tot",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[
        "user",
        "passwd",
        "can.bo@quangninh.vn",
        "--password",
        "mat-khau-moi",
    ]);
    assert!(out.status.success(), "{:?}", text(&out));
    let out = run(&["user", "list"]);
    assert!(
        text(&out)
            .0
            .contains("can.bo@quangninh.vn\tprovincial\t22\tcan.bo@quangninh.vn\tactive"),
        "{:?}",
        text(&out)
    );
}

/// Runs SQL on the SQLite file behind the CLI's back; returns the first row's text columns.
fn sql(db: &str, query: &str) -> Vec<String> {
    use sqlx::{Connection, Row};
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let mut conn = sqlx::SqliteConnection::connect(db).await.unwrap();
        let row = sqlx::query(query).fetch_optional(&mut conn).await.unwrap();
        row.map(|row| (0..row.len()).map(|i| row.get(i)).collect())
            .unwrap_or_default()
    })
}

#[test]
fn audit_verify_names_the_first_changed_row() {
    let (dir, db) = workspace();
    let run = |args: &[&str]| {
        let mut all = vec!["audit", "verify", "--database", db.as_str()];
        all.extend_from_slice(args);
        ocop(dir.path(), &all)
    };
    assert!(
        ocop(dir.path(), &["--database", &db, "demo"])
            .status
            .success()
    );
    let total = sql(&db, "SELECT CAST(COUNT(*) AS TEXT) FROM audit_log");
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    assert!(
        text(&out)
            .0
            .contains(&format!("đã kiểm tra {} dòng", total[0])),
        "{:?}",
        text(&out)
    );

    let changed = sql(
        &db,
        "SELECT CAST(seq AS TEXT), entity, lower(hex(entity_id)) FROM audit_log \
         WHERE entity = 'product' ORDER BY seq LIMIT 1 OFFSET 3",
    );
    let (seq, entity, id) = (&changed[0], &changed[1], changed[2].replace('-', ""));
    sql(
        &db,
        &format!("UPDATE audit_log SET after_json = '{{}}' WHERE seq = {seq}"),
    );
    let checked = sql(
        &db,
        &format!("SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE seq <= {seq}"),
    );
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(1), "{:?}", text(&out));
    let (stdout, _) = text(&out);
    assert!(
        stdout.contains(&format!("đã kiểm tra {} dòng", checked[0])),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("dòng {seq} ")), "{stdout}");
    assert!(stdout.contains(entity), "{stdout}");
    assert!(stdout.replace('-', "").contains(&id), "{stdout}");
}

/// A running `ocop serve`, stopped when the test ends, however it ends.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The log lines of a server, each a JSON object.
type LogLines = std::io::Lines<std::io::BufReader<std::process::ChildStderr>>;

/// The first of `lines` whose message contains `text` (every line must be JSON).
fn find_log(lines: &mut LogLines, text: &str) -> serde_json::Value {
    loop {
        let line = lines.next().expect("the server is running").unwrap();
        let line: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|_| panic!("a JSON line: {line}"));
        if line["fields"]["message"].as_str().unwrap().contains(text) {
            return line;
        }
    }
}

/// `ocop <args> serve --listen 127.0.0.1:0` in `dir`, logging JSON lines: the server, the
/// address it listens on, and its log lines after the one that said so.
fn serve_in(dir: &Path, args: &[&str]) -> (Server, String, LogLines) {
    use std::io::BufRead;

    let mut server = Server(
        Command::new(env!("CARGO_BIN_EXE_ocop"))
            .current_dir(dir)
            .env_remove("OCOP_DATABASE")
            .env_remove("RUST_LOG")
            .env("OCOP_LOG_FORMAT", "json")
            .args(args)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run ocop serve"),
    );
    let mut lines = std::io::BufReader::new(server.0.stderr.take().unwrap()).lines();
    let started = find_log(&mut lines, "http://");
    let message = started["fields"]["message"].as_str().unwrap();
    let address = message.rsplit("http://").next().unwrap().to_owned();
    (server, address, lines)
}

#[test]
fn serve_writes_json_log_lines_when_configured() {
    use std::io::{Read, Write};

    let dir = tempfile::tempdir().unwrap();
    let (_server, address, mut lines) = serve_in(dir.path(), &[]);

    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .write_all(
            b"GET /healthz?secret=1 HTTP/1.1\r\nHost: ocop\r\nx-request-id: cli-1\r\n\
              Connection: close\r\n\r\n",
        )
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.contains("x-request-id: cli-1"), "{answer}");

    let answered = find_log(&mut lines, "answered");
    assert_eq!(answered["level"], "INFO");
    assert_eq!(answered["span"]["request_id"], "cli-1");
    assert_eq!(answered["span"]["path"], "/healthz");
    assert_eq!(answered["span"]["status"], 200);
}

#[test]
fn lots_are_imported_all_or_nothing_and_listed() {
    let (dir, db) = workspace();
    let run = |args: &[&str]| ocop_on(dir.path(), &db, args);
    assert!(run(&["demo"]).status.success());
    // A product with lots in the demo: the one the first demo lot belongs to.
    let out = run(&["export", "products", "--format", "csv", "--output", "p.csv"]);
    assert!(out.status.success(), "{:?}", text(&out));
    let products = std::fs::read_to_string(dir.path().join("p.csv")).unwrap();
    let code = products
        .lines()
        .find(|l| l.contains("Miến dong Bình Liêu (HTX phát triển Đình Trung)"))
        .and_then(|l| {
            l.split(',')
                .find(|cell| cell.starts_with("22-") && cell.matches('-').count() == 3)
        })
        .expect("the demo producer's Miến dong has a product code")
        .to_owned();
    let header = "Mã sản phẩm,Số lô,Ngày sản xuất,Số lượng,Đơn vị tính\n";
    std::fs::write(
        dir.path().join("bad.csv"),
        format!("{header}{code},CLI-1,2026-01-02,100,gói\n{code},CLI-2,2026-01-02,0,gói\n"),
    )
    .unwrap();
    let out = run(&["lots", "import", "bad.csv"]);
    assert_eq!(out.status.code(), Some(2), "{:?}", text(&out));
    assert!(
        text(&out).1.contains("Dòng 3, cột \"Số lượng\""),
        "{:?}",
        text(&out)
    );
    std::fs::write(
        dir.path().join("good.csv"),
        format!("{header}{code},CLI-1,2026-01-02,100,gói\n"),
    )
    .unwrap();
    let out = run(&["lots", "import", "good.csv"]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(text(&out).0.contains("đã ghi 1"), "{:?}", text(&out));
    let out = run(&[
        "lots",
        "list",
        "--product",
        "00000000-0000-0000-0000-000000000000",
    ]);
    assert_eq!(out.status.code(), Some(2), "{:?}", text(&out));
    assert!(
        text(&out).1.contains("Không có sản phẩm"),
        "{:?}",
        text(&out)
    );

    // A lab test report added to the imported lot; a date in the future names the field and
    // adds nothing.
    let lot = sql(
        &db,
        "SELECT lower(hex(id)) FROM lots WHERE lot_number = 'CLI-1'",
    )
    .remove(0);
    let tests = || sql(&db, "SELECT CAST(COUNT(*) AS TEXT) FROM lot_tests");
    let before = tests();
    let refused = run(&[
        "lots",
        "add-test",
        &lot,
        "--lab",
        "Quatest 1",
        "--on",
        "2999-01-01",
    ]);
    assert!(!refused.status.success());
    assert!(
        text(&refused).1.contains("Ngày kiểm nghiệm"),
        "{:?}",
        text(&refused)
    );
    assert_eq!(tests(), before);
    let added = run(&[
        "lots",
        "add-test",
        &lot,
        "--lab",
        "Quatest 1",
        "--on",
        "2026-02-01",
        "--result",
        "Độ ẩm | 11.5 | %",
        "--result",
        "Chì | không phát hiện",
    ]);
    assert!(added.status.success(), "{:?}", text(&added));
    assert!(text(&added).0.contains("2 chỉ tiêu"), "{:?}", text(&added));
    assert_ne!(tests(), before);

    // With its file: a PDF is stored as the portal stores it; a file neither PDF nor photo is
    // refused and adds nothing.
    let with_file = |name: &str, bytes: &[u8]| {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        run(&[
            "lots",
            "add-test",
            &lot,
            "--lab",
            "Quatest 3",
            "--on",
            "2026-02-02",
            "--file",
            name,
        ])
    };
    let before = tests();
    let refused = with_file("note.txt", b"not a report");
    assert_eq!(refused.status.code(), Some(2), "{:?}", text(&refused));
    assert!(
        text(&refused).1.contains("không được nhận"),
        "{:?}",
        text(&refused)
    );
    assert_eq!(tests(), before);
    let pdf = b"%PDF-1.4\n% a lab's report\n";
    let added = with_file("report.pdf", pdf);
    assert!(added.status.success(), "{:?}", text(&added));
    let stored = sql(
        &db,
        "SELECT content_type || ' ' || CAST(size_bytes AS TEXT) FROM lot_tests \
         WHERE sha256 IS NOT NULL",
    );
    assert_eq!(stored, [format!("application/pdf {}", pdf.len())]);
    let kept = walk(&dir.path().join("ocop-files"));
    assert!(
        kept.iter().any(|f| std::fs::read(f).unwrap() == pdf),
        "{kept:?}"
    );
}

/// The files under `dir`, at any depth.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn change_requests_list_as_lines_and_json() {
    let (dir, db) = workspace();
    let run = |args: &[&str]| ocop_on(dir.path(), &db, args);
    assert!(run(&["demo"]).status.success());
    let out = run(&["change-requests", "list"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.ends_with("3 yêu cầu thay đổi\n"), "{stdout}");
    let out = run(&["change-requests", "list", "--state", "open", "--json"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let items: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["state"], "open");
    assert_eq!(items[0]["producer_name"], "HTX phát triển Đình Trung");
    assert_eq!(
        items[0]["changed_fields"],
        serde_json::json!(["ingredients", "packaging"])
    );
    let out = run(&["change-requests", "list", "--state", "pending"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("không hợp lệ"));
}

/// The open demo request decided from the command line, by the same use case as the page and
/// the API: a rejection without a reason names the field, a revision not the request's is
/// refused, the approval updates the product, and a decided request is not decided again.
#[test]
fn change_requests_are_decided_from_the_command_line() {
    let (dir, db) = workspace();
    let run = |args: &[&str]| ocop_on(dir.path(), &db, args);
    assert!(run(&["demo"]).status.success());
    let open = run(&["change-requests", "list", "--state", "open", "--json"]);
    let items: serde_json::Value = serde_json::from_slice(&open.stdout).unwrap();
    let (id, revision) = (
        items[0]["id"].as_str().unwrap().to_owned(),
        items[0]["revision"].as_u64().unwrap().to_string(),
    );
    let product = items[0]["product_name"].as_str().unwrap().to_owned();
    let lines = text(&run(&["change-requests", "list", "--state", "open"])).0;
    assert!(
        lines.starts_with(&format!("{id}\topen\t{revision}\t")),
        "{lines}"
    );

    let reject = |reason: &str| {
        run(&[
            "change-requests",
            "reject",
            &id,
            "--revision",
            &revision,
            "--reason",
            reason,
        ])
    };
    let blank = reject("  ");
    assert!(!blank.status.success());
    assert!(
        text(&blank).1.contains("Lý do từ chối"),
        "{:?}",
        text(&blank)
    );
    let approve =
        |revision: &str| run(&["change-requests", "approve", &id, "--revision", revision]);
    let stale = approve(&format!("{revision}9"));
    assert!(!stale.status.success(), "{:?}", text(&stale));
    let still_open = run(&["change-requests", "list", "--state", "open"]);
    assert!(text(&still_open).0.ends_with("1 yêu cầu thay đổi\n"));

    let done = approve(&revision);
    assert!(done.status.success(), "{:?}", text(&done));
    assert!(text(&done).0.contains(&product), "{:?}", text(&done));
    let none_open = run(&["change-requests", "list", "--state", "open"]);
    assert!(text(&none_open).0.ends_with("0 yêu cầu thay đổi\n"));
    assert!(!reject("Lần nữa").status.success());
}

#[test]
fn lists_the_demo_cycles_ideas_by_state() {
    let dir = tempfile::tempdir().unwrap();
    assert!(ocop(dir.path(), &["demo"]).status.success());
    let out = ocop(
        dir.path(),
        &["ideas", "list", "--state", "selected", "--json"],
    );
    assert!(out.status.success(), "{:?}", text(&out));
    let ideas: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ideas = ideas.as_array().unwrap();
    assert_eq!(ideas.len(), 2);
    assert!(ideas.iter().all(|i| i["state"] == "selected"));
    let out = ocop(dir.path(), &["ideas", "list"]);
    let (table, _) = text(&out);
    assert_eq!(table.lines().count(), 8, "{table}");
    assert!(table.contains("withdrawn") && table.contains("Miến dong sợi nhỏ"));
    let out = ocop(dir.path(), &["ideas", "list", "--state", "lost"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("lost"));
}

#[test]
fn lists_the_demo_dossiers_by_state() {
    let (dir, db) = workspace();
    let run = |args: &[&str]| ocop_on(dir.path(), &db, args);
    assert!(run(&["demo"]).status.success());
    let out = run(&["dossiers", "list", "--state", "submitted", "--json"]);
    assert!(out.status.success(), "{:?}", text(&out));
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(listed.iter().all(|d| d["state"] == "submitted"));
    assert!(listed.iter().all(|d| {
        d["receipt_number"]
            .as_str()
            .unwrap()
            .contains("/PĐK-22-06838-")
    }));
    let out = run(&["dossiers", "list"]);
    let (table, _) = text(&out);
    assert!(table.contains("Quá hạn"), "{table}");
    assert!(table.contains("Bản nháp"), "{table}");
    let out = run(&["dossiers", "list", "--state", "done"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("trạng thái \"done\" không hợp lệ"));
}

/// The demo loaded into `db` by `run`, then `count` stamps issued (written to `codes.csv`)
/// for its first lot not recalled: that lot's id and what the issue printed.
fn demo_stamps(run: impl Fn(&[&str]) -> Output, db: &str, count: &str) -> (String, Output) {
    assert!(run(&["demo"]).status.success());
    let lot = sql(
        db,
        "SELECT lower(hex(id)) FROM lots WHERE recall_reason IS NULL ORDER BY lot_number LIMIT 1",
    );
    let lot = uuid::Uuid::parse_str(&lot[0]).unwrap().to_string();
    let issued = run(&[
        "stamps",
        "issue",
        "--lot",
        &lot,
        "--count",
        count,
        "--output",
        "codes.csv",
    ]);
    assert!(issued.status.success(), "{:?}", text(&issued));
    (lot, issued)
}

#[test]
fn stamps_issue_writes_the_codes_and_keys_never_show_their_secret() {
    let (dir, db) = workspace();
    let run = |args: &[&str]| {
        let mut all = vec!["--database", db.as_str()];
        all.extend_from_slice(args);
        Command::new(env!("CARGO_BIN_EXE_ocop"))
            .current_dir(dir.path())
            .env_remove("OCOP_DATABASE")
            // Every log line the stamp code paths write, the database's included.
            .env("RUST_LOG", "trace")
            .env("OCOP_STAMPS__HOST", "ocop.example.vn")
            .args(&all)
            .output()
            .expect("run ocop")
    };
    let (lot, issued) = demo_stamps(run, &db, "1000");
    let csv = std::fs::read_to_string(dir.path().join("codes.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 1000);
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .contains(",HTTPS://OCOP.EXAMPLE.VN/V/"),
        "{csv:.300}"
    );
    let rotated = run(&["keys", "rotate"]);
    assert!(rotated.status.success(), "{:?}", text(&rotated));
    let listed = run(&["keys", "list"]);
    assert_eq!(text(&listed).0.lines().count(), 2, "{:?}", text(&listed));

    // No secret, in any form, in what the commands printed or logged.
    for secret in [
        sql(
            &db,
            "SELECT lower(hex(secret)) FROM stamp_keys WHERE id = 0",
        )[0]
        .clone(),
        sql(
            &db,
            "SELECT lower(hex(secret)) FROM stamp_keys WHERE id = 1",
        )[0]
        .clone(),
    ] {
        assert_eq!(secret.len(), 64);
        for out in [&issued, &rotated, &listed] {
            let (stdout, stderr) = text(out);
            let all = format!("{stdout}{stderr}").to_lowercase();
            assert!(
                !all.contains(&secret[..16]),
                "the secret {secret} was printed"
            );
        }
    }
    // Bad input names the field and stores nothing.
    let before = sql(&db, "SELECT CAST(COUNT(*) AS TEXT) FROM stamp_series");
    let refused = run(&["stamps", "issue", "--lot", &lot, "--count", "2000000"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused).1.contains("count"), "{:?}", text(&refused));
    assert_eq!(
        sql(&db, "SELECT CAST(COUNT(*) AS TEXT) FROM stamp_series"),
        before
    );
}

#[test]
fn scans_dashboard_shows_the_demo_alerts_and_report() {
    let (dir, db) = workspace();
    let run = |args: &[&str]| ocop_on(dir.path(), &db, args);
    assert!(run(&["demo"]).status.success());
    let out = run(&["scans", "dashboard", "--json"]);
    assert!(out.status.success(), "{:?}", text(&out));
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = d["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"many_scans") && kinds.contains(&"far_apart"),
        "{kinds:?}"
    );
    assert_eq!(d["reports"][0]["kind"], "counterfeit");
    let out = run(&["scans", "dashboard"]);
    let (stdout, _) = text(&out);
    assert!(stdout.contains("Cảnh báo: "), "{stdout}");

    // The open alert is handled from the command line; a second time is refused, and an
    // empty note names the field. The dashboard then shows it handled.
    let open = d["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["handled"].is_null())
        .expect("an open demo alert");
    let id = open["id"].as_str().unwrap();
    let empty = run(&["scans", "handle-alert", id, "--note", " "]);
    assert!(!empty.status.success());
    assert!(text(&empty).1.contains("Cách xử lý"), "{:?}", text(&empty));
    let done = run(&[
        "scans",
        "handle-alert",
        id,
        "--note",
        "Đã báo quản lý thị trường",
    ]);
    assert!(done.status.success(), "{:?}", text(&done));
    assert!(text(&done).0.contains(id));
    assert!(
        !run(&["scans", "handle-alert", id, "--note", "Lần nữa"])
            .status
            .success()
    );
    let out = run(&["scans", "dashboard"]);
    assert!(
        text(&out)
            .0
            .contains("[đã xử lý: Đã báo quản lý thị trường]")
    );

    // The demo's consumer report likewise.
    let report = d["reports"][0]["id"].as_str().unwrap();
    let done = run(&["scans", "handle-report", report, "--note", "Đã gọi lại"]);
    assert!(done.status.success(), "{:?}", text(&done));
    assert!(text(&done).0.contains(report));
    assert!(
        !run(&["scans", "handle-report", report, "--note", "Lần nữa"])
            .status
            .success()
    );
    let out = run(&["scans", "dashboard"]);
    assert!(text(&out).0.contains("[đã xử lý: Đã gọi lại]"));

    // The scan log as CSV: a header, then every demo scan; the scan shared from Ho Chi Minh
    // City names its province; --limit cuts it, and says so.
    let out = run(&["scans", "log", "--from", "2000-01-01", "--to", "2100-01-01"]);
    assert!(out.status.success(), "{:?}", text(&out));
    let (csv, _) = text(&out);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "scanned_at,serial,series_no,lot_id,lat,lon,province,agent,demo"
    );
    assert!(lines.len() > 30, "{csv}");
    assert!(
        lines[1..]
            .iter()
            .all(|l| l.split(',').count() == 9 && l.ends_with(",1"))
    );
    assert!(
        lines.iter().any(|l| l.contains(",10.8,106.7,79,ios,")),
        "{csv}"
    );
    let cut = run(&[
        "scans",
        "log",
        "--from",
        "2000-01-01",
        "--to",
        "2100-01-01",
        "--limit",
        "2",
    ]);
    assert_eq!(text(&cut).0.lines().count(), 3);
    assert!(text(&cut).1.contains("--limit"), "{:?}", text(&cut));
    let bad = run(&["scans", "log", "--from", "hôm qua", "--to", "2100-01-01"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad).1.contains("RFC 3339"), "{:?}", text(&bad));
    let too_many = run(&[
        "scans",
        "log",
        "--from",
        "2000-01-01",
        "--to",
        "2100-01-01",
        "--limit",
        "1000001",
    ]);
    assert_eq!(too_many.status.code(), Some(2));
}

#[test]
fn serve_writes_what_the_scan_log_holds_before_it_stops() {
    use std::io::{Read, Write};

    let (dir, db) = workspace();
    let run = |args: &[&str]| ocop_on(dir.path(), &db, args);
    demo_stamps(run, &db, "1");
    let csv = std::fs::read_to_string(dir.path().join("codes.csv")).unwrap();
    let code = csv
        .lines()
        .nth(1)
        .and_then(|line| line.split("/V/").nth(1))
        .map(|rest| rest.split(',').next().unwrap().to_owned())
        .expect("a stamp's URL in the codes CSV");
    let serial = code.split('.').next().unwrap().to_owned();

    let (mut server, address, _lines) = serve_in(dir.path(), &["--database", &db]);
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    stream
        .write_all(
            format!("GET /v/{code} HTTP/1.1\r\nHost: ocop\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 "), "{answer:.200}");

    // Stopped at once (the counts are written every five seconds while it runs): the scan is
    // in the log and in its stamp's count all the same.
    let stopped = Command::new("kill")
        .args(["-TERM", &server.0.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    assert!(server.0.wait().unwrap().success());
    assert_eq!(
        sql(
            &db,
            &format!("SELECT CAST(count AS TEXT) FROM scan_counts WHERE serial = '{serial}'")
        ),
        vec!["1"]
    );
}
