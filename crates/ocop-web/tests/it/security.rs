//! Security headers over real HTTP, and the templates checked against the
//! Content-Security-Policy (no inline script, handler or style that the policy would block).

use reqwest::header::HeaderMap;

use crate::helpers::{spawn_app, spawn_app_with};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).map(|v| v.to_str().unwrap())
}

/// The headers every answer carries.
fn assert_common(headers: &HeaderMap, what: &str) {
    assert_eq!(
        header(headers, "content-security-policy"),
        Some(CSP),
        "{what}"
    );
    assert_eq!(
        header(headers, "x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(header(headers, "x-frame-options"), Some("DENY"), "{what}");
    assert_eq!(
        header(headers, "referrer-policy"),
        Some("same-origin"),
        "{what}"
    );
    assert_eq!(
        header(headers, "strict-transport-security"),
        None,
        "{what}: no HSTS without TLS"
    );
}

#[tokio::test]
async fn public_pages_get_the_policy_and_keep_their_caching() {
    let app = spawn_app().await;
    let client = app.browser();
    for path in ["/", "/catalog?q=mien", "/login", "/no-such-page"] {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_common(response.headers(), path);
        assert_eq!(header(response.headers(), "cache-control"), None, "{path}");
    }
    let css = client
        .get(app.url(ocop_web::assets::url("style.css")))
        .send()
        .await
        .unwrap();
    assert_common(css.headers(), "style.css");
    assert_eq!(
        header(css.headers(), "cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    // htmx is configured for the policy: no injected <style>, no eval.
    let html = client
        .get(app.url("/catalog"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#""includeIndicatorStyles":false"#), "{html}");
    assert!(html.contains(r#""allowEval":false"#));
}

#[tokio::test]
async fn back_office_pages_and_exports_are_not_stored() {
    let app = spawn_app().await;
    let officer = app.login("tinh.quangninh@ocop.demo").await;
    for path in [
        "/admin",
        "/admin/products",
        "/admin/products/export.csv",
        "/admin/producers/export.xlsx",
    ] {
        let response = officer.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_common(response.headers(), path);
        assert_eq!(
            header(response.headers(), "cache-control"),
            Some("no-store"),
            "{path}"
        );
    }
    // Even the redirect to the login page.
    let response = app.browser().get(app.url("/admin")).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        header(response.headers(), "cache-control"),
        Some("no-store")
    );
    // A public page seen signed in carries the user's name and form token.
    let response = officer.get(app.url("/catalog")).send().await.unwrap();
    assert_eq!(
        header(response.headers(), "cache-control"),
        Some("no-store")
    );
    // Static files keep their caching for everyone.
    let response = officer
        .get(app.url(ocop_web::assets::url("htmx.min.js")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        header(response.headers(), "cache-control"),
        Some("public, max-age=31536000, immutable")
    );
}

#[tokio::test]
async fn api_answers_to_signed_in_callers_are_not_stored() {
    let app = spawn_app().await;
    let token = app.token("tinh.quangninh@ocop.demo").await;
    let client = reqwest::Client::new();
    for path in ["/api/v1/products", "/api/v1/session", "/api/v1/nothing"] {
        let response = client
            .get(app.url(path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_common(response.headers(), path);
        assert_eq!(
            header(response.headers(), "cache-control"),
            Some("no-store"),
            "{path}"
        );
    }
    let public = client
        .get(app.url("/api/v1/products"))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), 200);
    assert_common(public.headers(), "anonymous API answer");
    assert_eq!(header(public.headers(), "cache-control"), None);
}

#[tokio::test]
async fn hsts_only_when_cookies_are_secure() {
    let app = spawn_app_with(|config| config.secure_cookies = true).await;
    let response = app.browser().get(app.url("/catalog")).send().await.unwrap();
    assert_eq!(
        header(response.headers(), "strict-transport-security"),
        Some("max-age=31536000")
    );
    let app = spawn_app().await;
    let response = app.browser().get(app.url("/catalog")).send().await.unwrap();
    assert_eq!(
        header(response.headers(), "strict-transport-security"),
        None
    );
}

#[tokio::test]
async fn swagger_ui_alone_may_use_inline_styles() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    for path in ["/api/docs/", "/api/docs/swagger-initializer.js"] {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let csp = header(response.headers(), "content-security-policy").unwrap();
        assert!(
            csp.contains("style-src 'self' 'unsafe-inline';"),
            "{path}: {csp}"
        );
        assert!(csp.contains("script-src 'self';"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
    }
    let response = client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_common(response.headers(), "/api/openapi.json");
}

/// Every template, with its path under `templates/` or `src/routes/`.
fn templates() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "html") {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                out.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["templates", "src/routes"] {
        let root = crate_dir.join(dir);
        walk(&root, &root, &mut out);
    }
    assert!(out.len() > 10, "templates found");
    out
}

/// What the policy blocks in a template: inline script bodies, `on…=` handlers, `javascript:`
/// links, `style` attributes and elements, and htmx's `hx-on` (eval).
fn csp_violations(html: &str) -> Vec<String> {
    let lower = without_expressions(html).to_lowercase();
    let mut found = Vec::new();
    for (start, _) in lower.match_indices("<script") {
        let open_end = start + lower[start..].find('>').expect("a closed <script> tag");
        let close = open_end + lower[open_end..].find("</script>").expect("</script>");
        if !lower[start..open_end].contains(" src=") {
            found.push(format!("<script> without src at byte {start}"));
        }
        if !lower[open_end + 1..close].trim().is_empty() {
            found.push(format!("inline script body at byte {start}"));
        }
    }
    if lower.contains("<style") {
        found.push("a <style> element".into());
    }
    if lower.contains("javascript:") {
        found.push("a javascript: URL".into());
    }
    // Attributes: inside each tag, a name after a space or quote.
    for (start, _) in lower.match_indices('<') {
        let tag = &lower[start..];
        let Some(end) = tag.find('>') else { continue };
        let tag = &tag[..end];
        if !tag[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        for (i, _) in tag.match_indices(|c: char| c.is_whitespace() || c == '"' || c == '\'') {
            let name: String = tag[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
                .collect();
            let rest = tag[i + 1 + name.len()..].trim_start();
            let handler = name.len() > 2 && name.starts_with("on") && rest.starts_with('=');
            if handler || name == "style" || name.starts_with("hx-on") {
                found.push(format!("attribute {name} in {tag}>"));
            }
        }
    }
    found
}

/// The template with each `{{ expression }}` replaced by `x`: what an expression writes is
/// escaped text, and its own quotes (`url("style.css")`) are no attributes.
fn without_expressions(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        out.push('x');
        rest = rest[start..]
            .split_once("}}")
            .map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

#[test]
fn the_check_finds_what_the_policy_blocks() {
    for bad in [
        "<script>alert(1)</script>",
        "<script src=\"/a.js\">alert(1)</script>",
        "<button onclick=\"go()\">",
        "<body\nonload='x()'>",
        "<img src=x ONERROR = 'x'>",
        "<p style=\"color:red\">",
        "<style>p{}</style>",
        "<a href=\"javascript:go()\">",
        "<div hx-on:click=\"x()\">",
    ] {
        assert!(!csp_violations(bad).is_empty(), "{bad}");
    }
    for good in [
        "<script src=\"/static/htmx.min.js\" defer></script>",
        "<p>one = two; online=yes</p>",
        "<input name=\"one\" data-total=\"3\">",
        "<option value=\"x\"{% if on %} selected{% endif %}>",
        "<link rel=\"stylesheet\" href=\"{{ crate::assets::url(\"style.css\") }}\">",
    ] {
        assert!(csp_violations(good).is_empty(), "{good}");
    }
}

#[test]
fn no_template_has_what_the_policy_blocks() {
    for (name, html) in templates() {
        let found = csp_violations(&html);
        assert!(found.is_empty(), "{name}: {found:?}");
    }
}
