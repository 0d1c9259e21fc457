//! Page weight and HTTP throughput of the public pages. Starts the demo server in-process on a
//! temporary SQLite database (demo data and pictures), then:
//!
//! - bytes over the wire (status line, headers, body as sent, with `Accept-Encoding: br,
//!   gzip`) of the catalogue, a product page and a producer's page (small and public, as the
//!   stamp resolver's will be): on a first visit, the page and every static file it links
//!   (photos left out); on the next, the page alone (the files are cached for a year);
//! - with `wrk` (Debian's package) on loopback, requests per second for the product and
//!   catalogue pages, and for a minimal hyper server answering a body of the same size in the
//!   same run, and the ratio.
//!
//! Run: `cargo bench -p ocop-web --bench pages` (`OCOP_BENCH_SECONDS`, default 10 per wrk run).

#[path = "shared/hello.rs"]
mod hello;

use std::process::Command;

use ocop_store::Store;
use ocop_web::{AppState, WebConfig};
use reqwest::header::{ACCEPT_ENCODING, HeaderMap};

const ACCEPT: &str = "br, gzip";

/// Bytes over the wire of one answer: status line, headers and body as sent.
fn wire_bytes(headers: &HeaderMap, body: &[u8]) -> usize {
    let head: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    "HTTP/1.1 200 OK\r\n\r\n".len() + head + body.len()
}

async fn get(client: &reqwest::Client, url: &str, accept: &str) -> (HeaderMap, Vec<u8>) {
    let response = client
        .get(url)
        .header(ACCEPT_ENCODING, accept)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{url}");
    let headers = response.headers().clone();
    (headers, response.bytes().await.unwrap().to_vec())
}

fn decoded(headers: &HeaderMap, body: &[u8]) -> String {
    use std::io::Read;
    let mut out = String::new();
    match headers.get("content-encoding").map(|v| v.as_bytes()) {
        Some(b"br") => {
            brotli::Decompressor::new(body, 4096)
                .read_to_string(&mut out)
                .unwrap();
        }
        Some(b"gzip") => {
            flate2::read::GzDecoder::new(body)
                .read_to_string(&mut out)
                .unwrap();
        }
        _ => out = String::from_utf8_lossy(body).into_owned(),
    }
    out
}

struct Weight {
    first: usize,
    next: usize,
    html: usize,
    html_plain: usize,
    files: Vec<(String, usize)>,
}

async fn weigh(base: &str, path: &str) -> Weight {
    let client = reqwest::Client::new();
    let (headers, body) = get(&client, &format!("{base}{path}"), ACCEPT).await;
    let html = decoded(&headers, &body);
    let next = wire_bytes(&headers, &body);
    let mut links: Vec<String> = html
        .split("\"/static/")
        .skip(1)
        .map(|rest| format!("/static/{}", rest.split('"').next().unwrap()))
        .collect();
    links.sort();
    links.dedup();
    let mut files = Vec::new();
    for link in links {
        let (headers, body) = get(&client, &format!("{base}{link}"), ACCEPT).await;
        files.push((link, wire_bytes(&headers, &body)));
    }
    Weight {
        first: next + files.iter().map(|(_, n)| n).sum::<usize>(),
        next,
        html: body.len(),
        html_plain: html.len(),
        files,
    }
}

/// Requests per second by `wrk` against `url` (2 threads, 32 connections).
fn wrk(url: &str, seconds: u32) -> f64 {
    let output = Command::new("wrk")
        .args(["-t2", "-c32", &format!("-d{seconds}s"), "--latency"])
        .args(["-H", &format!("Accept-Encoding: {ACCEPT}"), url])
        .output()
        .expect("wrk (apt-get install wrk)");
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("wrk said: {text}"))
}

#[tokio::main]
async fn main() {
    let seconds: u32 = std::env::var("OCOP_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!(
        "sqlite://{}",
        dir.path().join("ocop.db").display()
    ))
    .await
    .unwrap();
    ocop_store::demo::load(&store).await.unwrap();
    let files = ocop_web::files::FileStore::new(dir.path().join("files"));
    ocop_web::demo::attach_photos(&store, &files).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(
        store.clone(),
        WebConfig {
            files_dir: dir.path().join("files"),
            ..WebConfig::default()
        },
    );
    tokio::spawn(
        async move { ocop_web::serve_until(listener, state, std::future::pending()).await },
    );

    let list: serde_json::Value =
        reqwest::get(format!("{base}/api/v1/products?q=mien+dong+binh+lieu"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let product = list["items"][0]["id"].as_str().unwrap().to_owned();
    let producer = list["items"][0]["producer_id"].as_str().unwrap().to_owned();
    let pages = [
        ("catalogue", "/catalog".to_owned()),
        ("product", format!("/products/{product}")),
        (
            "producer (resolver-style)",
            format!("/producers/{producer}"),
        ),
    ];

    println!("Bytes over the wire, Accept-Encoding: {ACCEPT} (photos left out)");
    println!("| page | HTML (uncompressed → sent) | first visit | next visit |");
    println!("|---|---|---|---|");
    for (name, path) in &pages {
        let w = weigh(&base, path).await;
        println!(
            "| {name} | {} → {} B | {} B | {} B |",
            w.html_plain, w.html, w.first, w.next
        );
        for (link, bytes) in &w.files {
            println!("|   {link} | | {bytes} B | |");
        }
    }

    if Command::new("wrk").arg("--version").output().is_err() {
        println!("wrk not found: apt-get install wrk");
        return;
    }
    println!("\nThroughput, wrk -t2 -c32 -d{seconds}s on loopback, Accept-Encoding: {ACCEPT}");
    println!("| page | ocop req/s | minimal hyper, same body size, req/s | ratio |");
    println!("|---|---|---|---|");
    let client = reqwest::Client::new();
    for (name, path) in &pages[..2] {
        let url = format!("{base}{path}");
        let (_, body) = get(&client, &url, ACCEPT).await;
        let floor = hello::minimal_server(vec![b'x'; body.len()], "text/html; charset=utf-8").await;
        let ours = wrk(&url, seconds);
        let theirs = wrk(&format!("http://{floor}/"), seconds);
        println!(
            "| {name} ({} B sent) | {ours:.0} | {theirs:.0} | {:.2} |",
            body.len(),
            ours / theirs
        );
    }
}
