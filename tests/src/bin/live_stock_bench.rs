//! The live-stock benchmark: how fast a change of a sale's remaining count reaches a WebSocket
//! subscriber, and how a burst is coalesced. It prints numbers and asserts nothing about time
//! (shared machines are noisy); it fails only if a change is never delivered.
//!
//! `cargo xtask build --skip-setup && cargo run -p itest --bin live_stock_bench [changes]`
//! starts its own `wrangler dev` (or uses `EDGEMALL_URL`), then for k = 1 and k = 4 buckets
//! places `changes` orders (default 50) one at a time, 300 ms apart (beyond the 250 ms
//! coalescing interval, so each is its own message), and times each from the order's request
//! to the message, and from the order's answer to the message; then 40 orders at once.

use itest::client::Api;
use itest::live::Subscriber;
use itest::people::new_member;
use itest::server::{DevServer, ServerOptions};
use itest::shop::{buy, fresh_s1, sale};
use shared::api::LiveStock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

type Arrivals = mpsc::Receiver<(Instant, LiveStock)>;

/// Reads the subscription on its own thread, stamping each message as it arrives.
fn listen(mut live: Subscriber, stop: Arc<AtomicBool>) -> Arrivals {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            if let Some(m) = live.next(Duration::from_millis(200))
                && tx.send((Instant::now(), m)).is_err()
            {
                break;
            }
        }
        live.close();
    });
    rx
}

fn wait_for(rx: &Arrivals, remaining: u32) -> Option<Instant> {
    let until = Instant::now() + Duration::from_secs(15);
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok((at, m)) if m.remaining == remaining => return Some(at),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn summary(name: &str, mut values: Vec<f64>) -> String {
    values.sort_by(f64::total_cmp);
    let (p50, p99) = (percentile(&values, 0.5), percentile(&values, 0.99));
    format!(
        "{name}: p50 {p50:.0} ms, p99 {p99:.0} ms, max {:.0} ms (n = {})",
        values.last().unwrap_or(&0.0),
        values.len()
    )
}

fn open(api: &Api, changes: u32, buckets: u32) -> (String, String, Arrivals, Arc<AtomicBool>) {
    let sku = fresh_s1(api, "SKU-1040", changes + 50);
    let id = sale(api, &sku, changes + 45, 1, -60, 3_600, buckets)["id"].as_str().unwrap_or_default().to_owned();
    let live = Subscriber::connect(api, &id).unwrap_or_else(|e| panic!("subscribing: {e:?}"));
    let stop = Arc::new(AtomicBool::new(false));
    let rx = listen(live, stop.clone());
    wait_for(&rx, changes + 45).expect("the count on subscribing");
    (sku, id, rx, stop)
}

/// One order at a time: request → message, and answer → message (negative: the message came
/// before the order's answer did).
fn latency(api: &Api, changes: u32, buckets: u32) -> Vec<String> {
    let buyers: Vec<Api> = (0..changes).map(|_| new_member(api).0).collect();
    let (sku, id, rx, stop) = open(api, changes, buckets);
    let (mut from_request, mut from_answer) = (Vec::new(), Vec::new());
    for (i, buyer) in buyers.iter().enumerate() {
        let sent = Instant::now();
        buy(buyer, &sku, &id, &format!("bench-{id}-{i}")).expect(201);
        let answered = Instant::now();
        let seen = wait_for(&rx, changes + 45 - 1 - i as u32)
            .unwrap_or_else(|| panic!("k = {buckets}: change {i} was never pushed"));
        from_request.push(seen.duration_since(sent).as_secs_f64() * 1e3);
        let signed = seen.duration_since(answered).as_secs_f64() - answered.duration_since(seen).as_secs_f64();
        from_answer.push(signed * 1e3);
        thread::sleep(Duration::from_millis(300));
    }
    stop.store(true, Ordering::Relaxed);
    vec![
        summary(&format!("k = {buckets}: order sent → message"), from_request),
        summary(&format!("k = {buckets}: order answered → message"), from_answer),
    ]
}

/// `n` orders at once: how many messages carry them.
fn burst(api: &Api, n: u32, buckets: u32) -> String {
    let buyers: Vec<Api> = (0..n).map(|_| new_member(api).0).collect();
    let (sku, id, rx, stop) = open(api, n, buckets);
    let start = Instant::now();
    let handles: Vec<_> = buyers
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let (sku, id) = (sku.clone(), id.clone());
            thread::spawn(move || buy(&b, &sku, &id, &format!("burst-{id}-{i}")).status)
        })
        .collect();
    let placed = handles.into_iter().filter_map(|h| h.join().ok()).filter(|s| *s == 201).count() as u32;
    let placed_in = start.elapsed();
    let mut messages = 0;
    let last = loop {
        match rx.recv_timeout(Duration::from_secs(15)) {
            Ok((at, m)) => {
                messages += 1;
                if m.remaining == 45 + n - placed {
                    break Some(at);
                }
            }
            Err(_) => break None,
        }
    };
    stop.store(true, Ordering::Relaxed);
    let last = last.map_or("never".to_owned(), |at| format!("{} ms", at.duration_since(start).as_millis()));
    format!(
        "k = {buckets}: burst of {placed} orders in {} ms → {messages} messages, the final count after {last}",
        placed_in.as_millis()
    )
}

fn main() {
    let changes: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let mut server = None;
    let api = match std::env::var("EDGEMALL_URL") {
        Ok(url) => Api::new(&url),
        Err(_) => {
            let root = itest::repo_root();
            let state = root.join("target/live-bench-state");
            let _ = std::fs::remove_dir_all(&state);
            let s = DevServer::start(ServerOptions {
                port: None,
                state_dir: state,
                log: root.join("target/live-bench.log"),
            })
            .unwrap_or_else(|e| panic!("starting wrangler dev: {e}"));
            itest::server::seed(&s.base_url()).unwrap_or_else(|e| panic!("seeding: {e}"));
            let api = Api::new(&s.base_url());
            server = Some(s);
            api
        }
    };
    let mut lines = Vec::new();
    for k in [1, 4] {
        lines.extend(latency(&api, changes, k));
        lines.push(burst(&api, 40, k));
    }
    println!("\nlive stock ({changes} changes one at a time, 300 ms apart; then 40 at once)");
    for l in &lines {
        println!("  {l}");
    }
    if let Some(mut s) = server {
        s.stop();
    }
}
