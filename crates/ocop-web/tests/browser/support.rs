//! What every journey shares: the real server on a fresh SQLite database with the demo data,
//! chromedriver and headless Chromium, a [`Page`] that acts as a person would (by labels,
//! link texts and button names), axe-core on every page visited, and a screenshot of the page
//! where a journey failed.

use std::net::TcpListener;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail, ensure};
use fantoccini::elements::{Element, ElementRef};
use fantoccini::{Client, ClientBuilder};
use futures_util::FutureExt;
use ocop_store::Store;
pub use ocop_store::demo::DEMO_PASSWORD;
use ocop_web::i18n::{Lang, Tr};
use ocop_web::{AppState, WebConfig};
use serde_json::{Value, json};

/// The accessibility checker, vendored from npm (see `VENDORED.md`).
const AXE: &str = include_str!("axe.min.js");

/// How long a step waits for the page to show what it expects.
const STEP_TIMEOUT: Duration = Duration::from_secs(15);

/// A viewport the journeys run at.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub name: &'static str,
    pub width: u32,
    pub height: u32,
    /// A phone: touch, mobile viewport rules.
    pub mobile: bool,
}

pub const PHONE: Size = Size {
    name: "phone",
    width: 360,
    height: 740,
    mobile: true,
};

pub const DESKTOP: Size = Size {
    name: "desktop",
    width: 1280,
    height: 800,
    mobile: false,
};

/// Both sizes, phone first.
pub const BOTH: &[Size] = &[PHONE, DESKTOP];

/// Runs `steps` once per size, each time against a new server on a new database with the
/// demo data and in a new browser session. A step that fails (an error or a panic) leaves
/// `<target>/browser-failures/<journey>-<size>.png` and `.html`, and fails the test.
///
/// Without Chromium or chromedriver the journey is skipped with a message, unless
/// `OCOP_REQUIRE_BROWSER=1` (CI), which makes it fail.
pub async fn journey(name: &str, sizes: &[Size], steps: impl AsyncFn(&Page) -> Result<()>) {
    let Some(tools) = Tools::find() else {
        assert!(
            std::env::var("OCOP_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "OCOP_REQUIRE_BROWSER=1 but chromium or chromedriver is not on PATH \
             (apt-get install chromium chromium-driver, or .ci/browser-deps)"
        );
        eprintln!(
            "browser journey {name} skipped: chromium or chromedriver is not on PATH \
             (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let driver = Driver::start(&tools).expect("start chromedriver");
    for &size in sizes {
        let app = App::spawn().await;
        let profile = tempfile::tempdir().expect("browser profile dir");
        let client = driver
            .session(&tools, size, profile.path())
            .await
            .expect("open a Chromium session");
        let page = Page {
            client,
            app,
            size: std::cell::Cell::new(size),
            resized: std::cell::Cell::new(false),
        };
        let outcome = AssertUnwindSafe(steps(&page)).catch_unwind().await;
        let failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(error)) => Some(format!("{error:#}")),
            Err(panic) => Some(
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "panic".to_owned()),
            ),
        };
        let evidence = match &failure {
            Some(_) => page.save_failure(&format!("{name}-{}", size.name)).await,
            None => String::new(),
        };
        // Quits Chromium; the driver's process group is killed on drop in any case.
        let _ = page.client.close().await;
        if let Some(failure) = failure {
            panic!(
                "journey {name} at {} ({}×{}) failed: {failure}\n{evidence}",
                size.name, size.width, size.height
            );
        }
    }
}

/// The browser's files: Debian's `chromium` and `chromedriver`.
struct Tools {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

impl Tools {
    fn find() -> Option<Self> {
        Some(Self {
            chromium: on_path("chromium")?,
            chromedriver: on_path("chromedriver")?,
        })
    }
}

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

/// A chromedriver process on a free loopback port, in its own process group so that the
/// Chromium processes it starts end with it.
struct Driver {
    process: Child,
    url: String,
}

impl Driver {
    fn start(tools: &Tools) -> Result<Self> {
        let port = free_port()?;
        let mut command = Command::new(&tools.chromedriver);
        command
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let process = command.spawn().context("run chromedriver")?;
        let driver = Self {
            process,
            url: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            ensure!(
                started.elapsed() < STEP_TIMEOUT,
                "chromedriver did not listen on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }

    /// A new headless Chromium with a fresh profile, its viewport at `size`. The flags keep
    /// it off the network (the machine has none, and Chromium would stall waiting for it).
    async fn session(&self, tools: &Tools, size: Size, profile: &Path) -> Result<Client> {
        let args = [
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--hide-scrollbars".to_owned(),
            format!("--user-data-dir={}", profile.display()),
            format!("--window-size={},{}", size.width, size.height),
        ];
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": tools.chromium,
                "args": args,
                "mobileEmulation": {
                    "deviceMetrics": {
                        "width": size.width,
                        "height": size.height,
                        "pixelRatio": 1.0,
                        "mobile": size.mobile,
                        "touch": size.mobile,
                    }
                }
            }
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object")
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        Ok(ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&self.url)
            .await?)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole group (chromedriver made it, with its own id): chromedriver and any
        // Chromium left behind. Through libc, not the `kill` program: procps' `kill -KILL -N`
        // reads `-N` as -1, every process.
        if let Ok(group) = libc::pid_t::try_from(self.process.id())
            && group > 1
        {
            // SAFETY: killpg only sends a signal; it touches no memory of ours.
            unsafe { libc::killpg(group, libc::SIGKILL) };
        }
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The real server on a free port, on a new SQLite file with the demo data (as
/// `ocop serve --demo` runs it).
pub struct App {
    pub address: String,
    pub store: Store,
    _dir: tempfile::TempDir,
}

impl App {
    async fn spawn() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("ocop.db").display());
        let store = Store::open(&url).await.expect("open store");
        ocop_store::demo::load(&store).await.expect("demo data");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = format!("http://{}", listener.local_addr().expect("addr"));
        let config = WebConfig {
            files_dir: dir.path().join("files"),
            ..WebConfig::default()
        };
        let state = AppState::new(store.clone(), config);
        tokio::spawn(async move {
            ocop_web::serve_until(listener, state, std::future::pending()).await
        });
        Self {
            address,
            store,
            _dir: dir,
        }
    }
}

/// The browser's tab, as a person uses it: open an address, follow a link by its text, fill a
/// field by its label, press a button by its name, read what the page says. Every new page
/// (and every page htmx changed) is checked with axe-core before the journey goes on.
pub struct Page {
    client: Client,
    pub app: App,
    /// The screen the page is shown on now ([`Page::resize`] changes it mid-journey).
    size: std::cell::Cell<Size>,
    /// Resized since the session began: chromedriver's own emulation comes back with each
    /// new page, so the size is set again on each.
    resized: std::cell::Cell<bool>,
}

/// Finds the first visible element among `arguments[0]` (a CSS selector) whose accessible
/// text is `arguments[1]`: its `aria-label`, or its text with spaces collapsed, or for a form
/// control the text of its label without the required-field star.
const FIND_BY_NAME: &str = r#"
const [selector, name, mode] = arguments;
const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
const visible = (el) => el.getClientRects().length > 0;
if (mode === "label") {
  for (const label of document.querySelectorAll("label")) {
    const text = clean(label.textContent).replace(/\s*\*$/, "");
    const control = label.control;
    if (text === name && control && visible(control)) return control;
  }
  for (const control of document.querySelectorAll("[aria-label]")) {
    if (clean(control.getAttribute("aria-label")) === name && visible(control)) return control;
  }
  return null;
}
for (const el of document.querySelectorAll(selector)) {
  const text = clean(el.getAttribute("aria-label") || el.innerText || el.value);
  if (text === name && visible(el)) return el;
}
return null;
"#;

/// The innermost elements that reach past the right edge of the screen (at most 5), as
/// `tag.class` with their right edge, to say what made a page scroll sideways.
const WIDER_THAN_SCREEN: &str = r#"
const edge = document.documentElement.clientWidth;
return [...document.querySelectorAll("body *")]
  .filter((el) => el.getBoundingClientRect().right > edge + 0.5
    && ![...el.children].some((c) => c.getBoundingClientRect().right > edge + 0.5)
    && !el.closest(".admin-nav"))
  .slice(0, 5)
  .map((el) => `${el.parentElement.tagName.toLowerCase()}.${el.parentElement.className} > ${el.tagName.toLowerCase()}.${el.className} «${el.textContent.trim().slice(0, 30)}» (${Math.round(el.getBoundingClientRect().right)} px)`);
"#;

/// Runs axe-core on the page and returns its serious and critical violations.
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ["violations"] }).then(
  (r) => done(r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " — " + n.failureSummary) }))),
  (e) => done([{ id: "axe-error", impact: "critical", help: String(e), nodes: [] }]));
"#;

impl Page {
    /// The interface text the pages show (Vietnamese, the default), so that journeys name
    /// links, labels and buttons as the pages do.
    pub fn tr(&self) -> Tr {
        Lang::Vi.tr()
    }

    /// The screen the page is shown on now.
    pub fn size(&self) -> Size {
        self.size.get()
    }

    /// Shows the page on another screen from now on (a journey where a producer works on a
    /// phone and an officer at a desk), as Chromium's device emulation does.
    pub async fn resize(&self, size: Size) -> Result<()> {
        self.size.set(size);
        self.resized.set(true);
        self.check_accessibility().await
    }

    /// Sets the screen a journey resized to again (a new page came back at the session's).
    async fn keep_size(&self) -> Result<()> {
        if self.resized.get() {
            let size = self.size();
            self.client
                .issue_cmd(DeviceMetrics(size))
                .await
                .with_context(|| format!("resize to {}", size.name))?;
        }
        Ok(())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.app.address)
    }

    /// Opens `path` on the server, as typing the address would.
    pub async fn open(&self, path: &str) -> Result<()> {
        self.client
            .goto(&self.url(path))
            .await
            .with_context(|| format!("open {path}"))?;
        self.check_accessibility().await
    }

    /// The path and query of the address the browser shows.
    pub async fn path(&self) -> Result<String> {
        let url = self.client.current_url().await?;
        Ok(match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        })
    }

    /// The link whose text (or `aria-label`) is `name`.
    pub async fn link(&self, name: &str) -> Result<Element> {
        self.find("a[href]", name, "link").await
    }

    /// The button (or submit input) whose name is `name`.
    pub async fn button(&self, name: &str) -> Result<Element> {
        self.find("button, input[type=submit]", name, "button")
            .await
    }

    /// The form control whose label is `label` (the `*` of a required field left out).
    pub async fn field(&self, label: &str) -> Result<Element> {
        self.find("", label, "label").await
    }

    /// Follows the link named `name` to a new page.
    pub async fn follow(&self, name: &str) -> Result<()> {
        let link = self.link(name).await?;
        self.navigate_by(link, &format!("link «{name}»")).await
    }

    /// Presses the button named `name`, which loads a new page.
    pub async fn press(&self, name: &str) -> Result<()> {
        let button = self.button(name).await?;
        self.navigate_by(button, &format!("button «{name}»")).await
    }

    /// Replaces the value of the field labelled `label` with `value`, as typing would.
    pub async fn fill(&self, label: &str, value: &str) -> Result<()> {
        let field = self.field(label).await?;
        field.clear().await?;
        field
            .send_keys(value)
            .await
            .with_context(|| format!("type into «{label}»"))
    }

    /// Chooses, in the select labelled `label`, the first option whose text starts with
    /// `option`, as a person picking it from the list would.
    pub async fn select(&self, label: &str, option: &str) -> Result<()> {
        let field = self.field(label).await?;
        let chosen = self
            .client
            .execute(
                r#"
const [select, wanted] = arguments;
const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
const found = [...select.options].find((o) => clean(o.textContent).startsWith(wanted));
if (!found) return [...select.options].map((o) => clean(o.textContent));
select.value = found.value;
select.dispatchEvent(new Event("input", { bubbles: true }));
select.dispatchEvent(new Event("change", { bubbles: true }));
return true;
"#,
                vec![serde_json::to_value(&field)?, json!(option)],
            )
            .await?;
        ensure!(
            chosen == Value::Bool(true),
            "no option «{option}» in «{label}»: {chosen}"
        );
        Ok(())
    }

    /// Sets the date field labelled `label` to `iso` (YYYY-MM-DD), as the browser's date
    /// picker would (typing into it depends on the browser's locale).
    pub async fn pick_date(&self, label: &str, iso: &str) -> Result<()> {
        let field = self.field(label).await?;
        self.client
            .execute(
                r#"
const [input, value] = arguments;
input.value = value;
input.dispatchEvent(new Event("input", { bubbles: true }));
input.dispatchEvent(new Event("change", { bubbles: true }));
"#,
                vec![serde_json::to_value(&field)?, json!(iso)],
            )
            .await?;
        Ok(())
    }

    /// Chooses the radio button, or ticks the checkbox, labelled `label`.
    pub async fn choose(&self, label: &str) -> Result<()> {
        self.tick(label, true).await
    }

    /// Unticks the checkbox labelled `label`.
    pub async fn untick(&self, label: &str) -> Result<()> {
        self.tick(label, false).await
    }

    async fn tick(&self, label: &str, on: bool) -> Result<()> {
        let control = self.field(label).await?;
        if control.is_selected().await? != on {
            control
                .click()
                .await
                .with_context(|| format!("click «{label}»"))?;
        }
        Ok(())
    }

    /// Attaches the file at `path` to the file field labelled `label`.
    pub async fn attach(&self, label: &str, path: &Path) -> Result<()> {
        let field = self.field(label).await?;
        field
            .send_keys(&path.display().to_string())
            .await
            .with_context(|| format!("attach {} to «{label}»", path.display()))
    }

    /// The text of the page's main heading.
    pub async fn heading(&self) -> Result<String> {
        Ok(self
            .client
            .find(fantoccini::Locator::Css("h1"))
            .await?
            .text()
            .await?)
    }

    /// The text a person sees in the page's main part.
    pub async fn text(&self) -> Result<String> {
        Ok(self
            .client
            .find(fantoccini::Locator::Css("main"))
            .await?
            .text()
            .await?)
    }

    /// Runs `script` in the page, for a step no person could take (the suite's own tests
    /// change a page to see the checks fail).
    pub async fn run_script(&self, script: &str) -> Result<Value> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    /// Signs in with a demo account through the sign-in page, and lands on the back-office.
    pub async fn sign_in(&self, email: &str) -> Result<()> {
        self.sign_in_with(email, DEMO_PASSWORD).await
    }

    /// Signs in with `email` and `password` through the sign-in page, and lands on the
    /// back-office.
    pub async fn sign_in_with(&self, email: &str, password: &str) -> Result<()> {
        let tr = self.tr();
        self.open("/login?next=/admin").await?;
        self.fill(tr.email(), email).await?;
        self.fill(tr.password(), password).await?;
        self.press(tr.login()).await?;
        let path = self.path().await?;
        ensure!(
            path == "/admin",
            "signed in as {email}, the browser shows {path}"
        );
        Ok(())
    }

    /// The table rows (each a list of cell texts) of the table whose caption or first header
    /// row includes `header`.
    pub async fn table_rows(&self, header: &str) -> Result<Vec<Vec<String>>> {
        let rows = self
            .client
            .execute(
                r#"
const [header] = arguments;
const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
for (const table of document.querySelectorAll("table")) {
  const heads = [...table.querySelectorAll("caption, thead th")].map((c) => clean(c.innerText));
  if (!heads.includes(header)) continue;
  return [...table.querySelectorAll("tbody tr")]
    .map((tr) => [...tr.querySelectorAll("th, td")].map((c) => clean(c.innerText)));
}
return null;
"#,
                vec![json!(header)],
            )
            .await?;
        ensure!(!rows.is_null(), "no table with the heading «{header}»");
        Ok(serde_json::from_value(rows)?)
    }

    /// The error shown at the field labelled `label`: the field must be marked invalid and
    /// point to the message (`aria-describedby`), as a screen reader reads it.
    pub async fn field_error(&self, label: &str) -> Result<String> {
        let field = self.field(label).await?;
        let invalid = field.attr("aria-invalid").await?;
        ensure!(
            invalid.as_deref() == Some("true"),
            "the field «{label}» is not marked invalid"
        );
        let described_by = field
            .attr("aria-describedby")
            .await?
            .with_context(|| format!("the field «{label}» points to no message"))?;
        let message = self
            .client
            .find(fantoccini::Locator::Id(&described_by))
            .await
            .with_context(|| format!("the message of «{label}» (#{described_by})"))?;
        Ok(message.text().await?)
    }

    /// The text of the element with id `id` (e.g. a live region), or an error if the page
    /// has none.
    pub async fn text_of(&self, id: &str) -> Result<String> {
        let element = self
            .client
            .find(fantoccini::Locator::Id(id))
            .await
            .with_context(|| format!("no element #{id} on the page"))?;
        Ok(element.text().await?)
    }

    /// Waits until the element with id `id` shows `needle` (htmx swaps it in place), then
    /// checks the page again with axe-core.
    pub async fn wait_for_text(&self, id: &str, needle: &str) -> Result<()> {
        let started = Instant::now();
        loop {
            let shown = self.text_of(id).await.unwrap_or_default();
            if shown.contains(needle) {
                return self.check_accessibility().await;
            }
            if started.elapsed() > STEP_TIMEOUT {
                bail!("#{id} never showed «{needle}»: «{shown}»");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Taps `element` as a thumb would: brought to the middle of the screen first, so that a
    /// sticky bar at the bottom does not cover it.
    async fn tap(&self, element: &Element) -> Result<()> {
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![serde_json::to_value(element)?],
            )
            .await?;
        Ok(element.click().await?)
    }

    /// On a scoring form, unfolds every section (tapping its heading) and taps, in each
    /// criterion, the answer worth the most points, as a producer with every document would.
    /// Each tap updates the form's summary in place; returns how many answers were tapped.
    pub async fn answer_every_criterion_best(&self) -> Result<usize> {
        self.answer_criteria_best(usize::MAX).await
    }

    /// Like [`Page::answer_every_criterion_best`], for the first `limit` criteria only (the
    /// sections after them stay folded).
    pub async fn answer_criteria_best(&self, limit: usize) -> Result<usize> {
        let mut tapped = 0;
        for section in self
            .client
            .find_all(fantoccini::Locator::Css("details.section"))
            .await?
        {
            if tapped >= limit {
                break;
            }
            let heading = section.find(fantoccini::Locator::Css("summary")).await?;
            self.tap(&heading).await.context("unfold a section")?;
            for criterion in section
                .find_all(fantoccini::Locator::Css("fieldset.criterion"))
                .await?
            {
                if tapped >= limit {
                    break;
                }
                let mut best: Option<(u32, Element)> = None;
                for option in criterion
                    .find_all(fantoccini::Locator::Css("label.option"))
                    .await?
                {
                    let points = option
                        .find(fantoccini::Locator::Css(".pts"))
                        .await?
                        .text()
                        .await?
                        .split_whitespace()
                        .next()
                        .and_then(|n| n.parse::<u32>().ok())
                        .unwrap_or(0);
                    if best.as_ref().is_none_or(|(most, _)| points > *most) {
                        best = Some((points, option));
                    }
                }
                if let Some((_, option)) = best {
                    self.tap(&option).await.context("tap an answer")?;
                    tapped += 1;
                }
            }
        }
        Ok(tapped)
    }

    /// The value next to the term `term` in the page's lists of facts (`<dt>`/`<dd>`).
    pub async fn fact(&self, term: &str) -> Result<String> {
        let value = self
            .client
            .execute(
                r#"
const [term] = arguments;
const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
for (const dt of document.querySelectorAll("dt")) {
  const dd = dt.nextElementSibling;
  if (clean(dt.textContent) === term && dd && dd.tagName === "DD") return clean(dd.innerText);
}
return null;
"#,
                vec![json!(term)],
            )
            .await?;
        value
            .as_str()
            .map(str::to_owned)
            .with_context(|| format!("no fact «{term}» on the page"))
    }

    /// Waits until the address the browser shows has `name=value` in its query (htmx pushes
    /// the address of the results it shows), then checks the page again with axe-core.
    pub async fn wait_for_query(&self, name: &str, value: &str) -> Result<()> {
        let started = Instant::now();
        loop {
            let url = self.client.current_url().await?;
            if url.query_pairs().any(|(n, v)| n == name && v == value) {
                return self.check_accessibility().await;
            }
            if started.elapsed() > STEP_TIMEOUT {
                bail!("the address never showed {name}={value}: {url}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// With `OCOP_SCREENSHOTS=1`, saves what the browser shows at `size` as
    /// `docs/screenshots/<name>.png` for the README (at other sizes it does nothing).
    pub async fn screenshot_for_readme(&self, name: &str, size: Size) -> Result<()> {
        if std::env::var("OCOP_SCREENSHOTS").as_deref() != Ok("1") || self.size().name != size.name
        {
            return Ok(());
        }
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
        std::fs::create_dir_all(&dir)?;
        let png = self.client.screenshot().await?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, small_png(&png)?)?;
        eprintln!("screenshot: {}", path.display());
        Ok(())
    }

    async fn find(&self, selector: &str, name: &str, what: &str) -> Result<Element> {
        let started = Instant::now();
        loop {
            let found = self
                .client
                .execute(
                    FIND_BY_NAME,
                    vec![json!(selector), json!(name), json!(what)],
                )
                .await?;
            if let Some(id) = found
                .get("element-6066-11e4-a52e-4f735466cecf")
                .and_then(Value::as_str)
            {
                return Ok(Element::from_element_id(
                    self.client.clone(),
                    ElementRef::from(id.to_owned()),
                ));
            }
            if started.elapsed() > STEP_TIMEOUT {
                let path = self.path().await.unwrap_or_default();
                bail!("no visible {what} «{name}» on {path}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks `element` and waits for the next page to have loaded.
    async fn navigate_by(&self, element: Element, what: &str) -> Result<()> {
        self.client
            .execute("window.__ocopJourneyPage = true;", vec![])
            .await?;
        element
            .click()
            .await
            .with_context(|| format!("click {what}"))?;
        let started = Instant::now();
        loop {
            let arrived = self
                .client
                .execute(
                    "return !window.__ocopJourneyPage && document.readyState === 'complete';",
                    vec![],
                )
                .await
                .unwrap_or(Value::Bool(false));
            if arrived == Value::Bool(true) {
                break;
            }
            ensure!(
                started.elapsed() < STEP_TIMEOUT,
                "{what} did not lead to a new page"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.check_accessibility().await
    }

    /// Runs axe-core on the page as it is now; fails on serious or critical violations, and
    /// on a page wider than the screen (sideways scrolling on a phone).
    pub async fn check_accessibility(&self) -> Result<()> {
        self.keep_size().await?;
        let overflow = self
            .client
            .execute(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
                vec![],
            )
            .await?
            .as_i64()
            .unwrap_or(0);
        if overflow > 0 {
            let path = self.path().await.unwrap_or_default();
            let culprits = self.client.execute(WIDER_THAN_SCREEN, vec![]).await?;
            bail!(
                "{path} is {overflow} px wider than the {} px screen; the innermost elements past \
                 its edge: {culprits}",
                self.size().width
            );
        }
        let loaded = self
            .client
            .execute("return typeof axe !== 'undefined';", vec![])
            .await?;
        if loaded != Value::Bool(true) {
            self.client
                .execute(AXE, vec![])
                .await
                .context("load axe-core")?;
        }
        let violations = self.client.execute_async(RUN_AXE, vec![]).await?;
        let violations = violations.as_array().cloned().unwrap_or_default();
        if violations.is_empty() {
            return Ok(());
        }
        let path = self.path().await.unwrap_or_default();
        let listed: Vec<String> = violations
            .iter()
            .map(|v| {
                format!(
                    "  {} ({}): {}\n{}",
                    v["id"].as_str().unwrap_or_default(),
                    v["impact"].as_str().unwrap_or_default(),
                    v["help"].as_str().unwrap_or_default(),
                    v["nodes"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|n| format!("    {}", n.as_str().unwrap_or_default()))
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            })
            .collect();
        Err(anyhow!(
            "axe-core: serious or critical violations on {path}:\n{}",
            listed.join("\n")
        ))
    }

    /// Saves the screenshot and HTML of the page as it is, and says where.
    async fn save_failure(&self, stem: &str) -> String {
        let dir = target_dir().join("browser-failures");
        if let Err(error) = std::fs::create_dir_all(&dir) {
            return format!("(no screenshot: {error})");
        }
        let png = dir.join(format!("{stem}.png"));
        let html = dir.join(format!("{stem}.html"));
        let mut saved = Vec::new();
        if let Ok(bytes) = self.client.screenshot().await
            && std::fs::write(&png, bytes).is_ok()
        {
            saved.push(png.display().to_string());
        }
        if let Ok(source) = self.client.source().await
            && std::fs::write(&html, source).is_ok()
        {
            saved.push(html.display().to_string());
        }
        let address = self
            .client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        format!("page: {address}\nsaved: {}", saved.join(", "))
    }
}

/// Chromium's device emulation set to `size`, through chromedriver's DevTools endpoint
/// (WebDriver itself cannot change a mobile-emulated viewport).
#[derive(Debug)]
struct DeviceMetrics(Size);

impl fantoccini::wd::WebDriverCompatibleCommand for DeviceMetrics {
    fn endpoint(
        &self,
        base_url: &reqwest::Url,
        session_id: Option<&str>,
    ) -> Result<reqwest::Url, <reqwest::Url as std::str::FromStr>::Err> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &reqwest::Url) -> (axum::http::Method, Option<String>) {
        let Size {
            width,
            height,
            mobile,
            ..
        } = self.0;
        let body = json!({
            "cmd": "Emulation.setDeviceMetricsOverride",
            "params": {
                "width": width,
                "height": height,
                "deviceScaleFactor": 1,
                "mobile": mobile,
            }
        });
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

/// Where cargo builds: `CARGO_TARGET_DIR`, or the workspace's `target`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// Chromium's PNG re-encoded with the best compression, to keep the README's images small.
fn small_png(png: &[u8]) -> Result<Vec<u8>> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let picture = image::load_from_memory(png)?.to_rgb8();
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::Adaptive)
        .write_image(
            picture.as_raw(),
            picture.width(),
            picture.height(),
            image::ExtendedColorType::Rgb8,
        )?;
    Ok(out)
}
