//! Scoring a council session through the API: 100 products × 9 members each, varied
//! answers over all 26 sheets of V2026. Starts the server in-process on a random port and
//! times `POST /api/v1/scoring/evaluate` sequentially and concurrently, then the whole
//! session as one `POST /api/v1/scoring/evaluate-batch`. Goal: under 50 ms for the session.
//! Run: `cargo bench -p ocop-web --bench council_session`.

use std::time::{Duration, Instant};

use ocop_domain::criteria::{Criterion, Library, Sheet};
use ocop_store::Store;
use ocop_web::{AppState, WebConfig};
use serde_json::{Value, json};

const PRODUCTS: usize = 100;
const MEMBERS: usize = 9;
const ROUNDS: usize = 7;

/// A small deterministic generator (xorshift), so every run scores the same session.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: u32) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % u64::from(below)) as u32
    }
}

/// The option a member of a product of this quality (0..=3) would mark: the best option
/// (3), the 4-star minimum (2), the 3-star minimum (1), or anything (0).
fn option_for(criterion: &Criterion, quality: u32, rng: &mut Rng) -> u32 {
    let count = criterion.choice_count();
    if criterion.is_yes_no() {
        return u32::from(quality >= 1 || rng.next(2) == 1);
    }
    let best = criterion
        .options
        .iter()
        .zip(1u32..)
        .max_by_key(|(option, _)| option.points)
        .map_or(1, |(_, number)| number);
    let marked = |stars| criterion.star_minimum(stars).map(|(number, _)| number);
    match quality {
        3 => best,
        2 => marked(4).or(marked(3)).unwrap_or(best),
        1 => marked(3).unwrap_or(1 + rng.next(count)),
        _ => rng.next(count + 1),
    }
}

/// One product's council: members agree on the product's quality and differ by a step
/// here and there, so totals, bands, minimums, spreads and advice vary across the session.
fn council(sheet: &Sheet, product: usize, rng: &mut Rng) -> Value {
    let quality = rng.next(4);
    let members: Vec<Value> = (0..MEMBERS)
        .map(|member| {
            let choices: serde_json::Map<String, Value> = sheet
                .leaves()
                .iter()
                .map(|leaf| {
                    let mut choice = option_for(leaf.criterion, quality, rng);
                    // Members differ where the law sets no minimum.
                    let free = leaf
                        .criterion
                        .options
                        .iter()
                        .all(|o| o.star_minimum.is_none());
                    if free && rng.next(4) == 0 {
                        choice = choice.saturating_sub(1);
                    }
                    (leaf.criterion.id.clone(), json!(choice))
                })
                .collect();
            json!({"name": format!("Thành viên {}", member + 1), "choices": choices})
        })
        .collect();
    let knockouts: Vec<&str> = if product.is_multiple_of(17) {
        sheet
            .knockouts
            .first()
            .map(|k| k.code())
            .into_iter()
            .collect()
    } else {
        Vec::new()
    };
    json!({
        "version": "V2026",
        "sheet": sheet.number,
        "members": members,
        "knockouts": knockouts,
        "spread_threshold": 10
    })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut totals: Vec<Duration>) -> Duration {
    totals.sort();
    totals[totals.len() / 2]
}

async fn post(client: &reqwest::Client, url: &str, body: String) -> Duration {
    let start = Instant::now();
    let response = client
        .post(url)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200, "evaluation accepted");
    response.bytes().await.expect("response body");
    start.elapsed()
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let store = Store::open(&url).await.expect("open store");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(store, WebConfig::default());
    tokio::spawn(
        async move { ocop_web::serve_until(listener, state, std::future::pending()).await },
    );

    let set = Library::embedded().version("V2026").unwrap();
    let mut rng = Rng(0x0c0b_2026);
    let bodies: Vec<String> = (0..PRODUCTS)
        .map(|product| {
            let sheet = &set.sheets[product % set.sheets.len()];
            council(sheet, product, &mut rng).to_string()
        })
        .collect();
    let batch = format!("[{}]", bodies.join(","));
    let evaluate = format!("{address}/api/v1/scoring/evaluate");
    let evaluate_batch = format!("{address}/api/v1/scoring/evaluate-batch");
    let client = reqwest::Client::new();
    // Warm up, and show that the session is varied: how many products get each star.
    let results: Vec<Value> = client
        .post(&evaluate_batch)
        .header("Content-Type", "application/json")
        .body(batch.clone())
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("batch results");
    let mut stars = [0usize; 6];
    for result in &results {
        stars[result["stars"].as_u64().unwrap_or(0) as usize] += 1;
    }
    let rejected = results.iter().filter(|r| r["rejected"] == true).count();
    println!(
        "council session: {PRODUCTS} products × {MEMBERS} members, {} KiB of requests; \
         stars 1..5 = {:?}, {rejected} rejected; median of {ROUNDS} rounds",
        bodies.iter().map(String::len).sum::<usize>() / 1024,
        &stars[1..]
    );

    let mut latencies = Vec::new();
    let mut totals = Vec::new();
    for _ in 0..ROUNDS {
        let start = Instant::now();
        for body in &bodies {
            latencies.push(post(&client, &evaluate, body.clone()).await);
        }
        totals.push(start.elapsed());
    }
    latencies.sort();
    println!(
        "sequential  evaluate ×{PRODUCTS}: total {:7.2} ms   per request p50 {:.3} ms  p99 {:.3} ms",
        ms(median(totals)),
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.99)),
    );

    let mut latencies = Vec::new();
    let mut totals = Vec::new();
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for body in &bodies {
            let (client, url, body) = (client.clone(), evaluate.clone(), body.clone());
            tasks.spawn(async move { post(&client, &url, body).await });
        }
        while let Some(latency) = tasks.join_next().await {
            latencies.push(latency.unwrap());
        }
        totals.push(start.elapsed());
    }
    latencies.sort();
    println!(
        "concurrent  evaluate ×{PRODUCTS}: total {:7.2} ms   per request p50 {:.3} ms  p99 {:.3} ms",
        ms(median(totals)),
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.99)),
    );

    let mut totals = Vec::new();
    for _ in 0..ROUNDS {
        totals.push(post(&client, &evaluate_batch, batch.clone()).await);
    }
    println!(
        "batch       evaluate-batch ×1 ({PRODUCTS} councils): total {:7.2} ms",
        ms(median(totals)),
    );
}
