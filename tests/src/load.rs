//! The flash-sale load tool: N members race for Q units of one sale of a fresh product (split
//! over k buckets), with retries that reuse idempotency keys and second attempts that must hit
//! the limit; then every winner pays (and pays again, which must charge nothing), and the
//! sale's ledgers are audited against D1. [`bench`] measures the hot paths against the
//! worker's floor; the crash test kills the server mid-burst.

pub mod bench;
mod crash;

pub use crash::crash_test;

use crate::client::{Api, Reply};
use crate::server::DevServer;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The demo product the load tool's fresh products copy (each scenario sells a new SKU, so no
/// run shares stock with another, or with the demo).
pub const LIKE_SKU: &str = "SKU-1011";
/// Its store.
pub const LOAD_STORE: &str = "S1";

/// One scenario's parameters.
#[derive(Clone, Copy, Debug)]
pub struct Scenario {
    /// Members racing.
    pub buyers: usize,
    /// Units for sale.
    pub quantity: u32,
    /// Buckets.
    pub buckets: u32,
    /// Client threads.
    pub concurrency: usize,
    /// Every n-th buyer retries its first request with the same key.
    pub retry_every: usize,
}

/// A named pass/fail check.
#[derive(Clone, Debug)]
pub struct Check {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

fn check(name: &str, ok: bool, detail: impl Into<String>) -> Check {
    Check { name: name.to_owned(), ok, detail: detail.into() }
}

/// What a scenario measured.
#[derive(Debug, Default)]
pub struct Report {
    pub buyers: usize,
    pub quantity: u32,
    pub buckets: u32,
    pub concurrency: usize,
    pub requests: usize,
    pub by_outcome: BTreeMap<String, usize>,
    /// p50 and p99 (ms) of each kind of answer.
    pub latency_by_outcome: BTreeMap<String, (f64, f64)>,
    /// Requests the client sent again (same key) during the race.
    pub retries: u64,
    pub errors: usize,
    pub seconds: f64,
    pub throughput: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub checks: Vec<Check>,
}

impl Report {
    /// A table row for the README.
    pub fn line(&self) -> String {
        let outcomes: Vec<String> = self
            .by_outcome
            .iter()
            .map(|(k, v)| {
                let (p50, p99) = self.latency_by_outcome.get(k).copied().unwrap_or_default();
                format!("{k} {v} (p50 {p50:.0}/p99 {p99:.0} ms)")
            })
            .collect();
        format!(
            "N={} Q={} k={} c={}: {} requests in {:.1} s = {:.0} req/s; p50 {:.0} ms, p99 {:.0} ms; {}; ≥500 after retries {}; retries {}",
            self.buyers,
            self.quantity,
            self.buckets,
            self.concurrency,
            self.requests,
            self.seconds,
            self.throughput,
            self.p50_ms,
            self.p99_ms,
            outcomes.join(", "),
            self.errors,
            self.retries
        )
    }
}

/// Signed-in members for a run.
pub fn members(api: &Api, count: usize) -> Vec<Api> {
    let token = crate::server::dev_var("SEED_TOKEN").unwrap_or_default();
    // An un-keyed write: a 503 from the local proxy (workers-sdk #14641) is sent again by hand
    // here (extra members are harmless), never by the client.
    let dev = api.with_header("x-seed-token", &token);
    let mut created = dev.post("/api/dev/members", &json!({"count": count}));
    for _ in 0..3 {
        if created.status != 503 {
            break;
        }
        created = dev.post("/api/dev/members", &json!({"count": count}));
    }
    let list = created.expect(201).as_array().cloned().unwrap_or_default();
    list.iter().filter_map(|m| m["token"].as_str()).map(|t| api.with_token(t)).collect()
}

fn manager(api: &Api) -> Api {
    crate::people::staff(api, "M1001")
}

/// Creates a live sale of `quantity` units of `sku` (a fresh product with that many in S1).
pub fn create_sale(api: &Api, sku: &str, quantity: u32, buckets: u32, lock_minutes: u32, tag: &str) -> String {
    let m = manager(api);
    let now = chrono::Utc::now();
    let sale = m.with_header("idempotency-key", &format!("sale-{tag}")).post(
        "/api/manage/flash-sales",
        &json!({"sku": sku, "store_id": LOAD_STORE, "price_fen": 100, "quantity": quantity, "per_member_limit": 1,
                "starts_at": (now - chrono::Duration::minutes(1)).to_rfc3339(), "ends_at": (now + chrono::Duration::hours(2)).to_rfc3339(),
                "buckets": buckets, "lock_minutes": lock_minutes, "title": format!("load {tag}")}),
    );
    sale.expect(201)["id"].as_str().unwrap_or_default().to_owned()
}

fn order_body(sku: &str, sale: &str) -> Value {
    json!({"store_id": LOAD_STORE, "lines": [{"sku": sku, "qty": 1, "flash_sale_id": sale}]})
}

fn outcome(r: &Reply) -> String {
    match r.status {
        200 | 201 => "ordered".into(),
        s if s >= 500 => format!("HTTP {s}"),
        _ => r.code().to_owned(),
    }
}

/// Runs `work(i)` for i in 0..n on `threads` threads.
pub(crate) fn par<T: Send + 'static>(
    n: usize,
    threads: usize,
    work: impl Fn(usize) -> T + Send + Sync + 'static,
) -> Vec<T> {
    let next = Arc::new(AtomicUsize::new(0));
    let work = Arc::new(work);
    let results = Arc::new(Mutex::new(Vec::with_capacity(n)));
    let handles: Vec<_> = (0..threads.max(1))
        .map(|_| {
            let (next, work, results) = (next.clone(), work.clone(), results.clone());
            std::thread::spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n {
                        break;
                    }
                    let out = work(i);
                    if let Ok(mut r) = results.lock() {
                        r.push((i, out));
                    }
                }
            })
        })
        .collect();
    for h in handles {
        let _ = h.join();
    }
    let mut out = Arc::try_unwrap(results).ok().and_then(|m| m.into_inner().ok()).unwrap_or_default();
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, t)| t).collect()
}

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// One buyer's attempts.
struct Attempts {
    first: (Reply, f64),
    replay: Option<(Reply, f64)>,
    second: (Reply, f64),
}

fn timed(f: impl FnOnce() -> Reply) -> (Reply, f64) {
    let t = Instant::now();
    let r = f();
    (r, t.elapsed().as_secs_f64() * 1000.0)
}

/// Runs one scenario against `api`'s server.
pub fn run(api: &Api, buyers: &[Api], s: Scenario, tag: &str) -> Report {
    let sku = crate::shop::fresh_product(api, LOAD_STORE, LIKE_SKU, s.quantity);
    let sale = create_sale(api, &sku, s.quantity, s.buckets, 10, tag);
    let retries_before = crate::client::retries_so_far();
    let buyers: Arc<Vec<Api>> = Arc::new(buyers[..s.buyers.min(buyers.len())].to_vec());
    let started = Instant::now();
    let (sale_id, sale_sku) = (sale.clone(), sku.clone());
    let pool = buyers.clone();
    let retry_every = s.retry_every.max(1);
    // Keys are per scenario: the same member reusing a key across sales would (rightly) get
    // its earlier order back.
    let run_tag = tag.to_owned();
    let attempts = par(pool.len(), s.concurrency, move |i| {
        let b = pool[i].with_header("idempotency-key", &format!("first-{run_tag}-{i}"));
        let body = order_body(&sale_sku, &sale_id);
        let first = timed(|| b.post("/api/orders", &body));
        let replay = (i % retry_every == 0).then(|| timed(|| b.post("/api/orders", &body)));
        let second_client = pool[i].with_header("idempotency-key", &format!("second-{run_tag}-{i}"));
        let second = timed(|| second_client.post("/api/orders", &body));
        Attempts { first, replay, second }
    });
    let seconds = started.elapsed().as_secs_f64();
    let mut report = Report {
        buyers: buyers.len(),
        quantity: s.quantity,
        buckets: s.buckets,
        concurrency: s.concurrency,
        seconds,
        retries: crate::client::retries_so_far() - retries_before,
        ..Report::default()
    };
    let mut latencies = Vec::new();
    let mut by_kind: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut winners: Vec<(usize, String)> = Vec::new();
    let (mut replays_same, mut replays, mut second_ok) = (0, 0, 0);
    for (i, a) in attempts.iter().enumerate() {
        for (r, ms) in std::iter::once(&a.first).chain(a.replay.iter()).chain(std::iter::once(&a.second)) {
            report.requests += 1;
            latencies.push(*ms);
            by_kind.entry(outcome(r)).or_default().push(*ms);
            *report.by_outcome.entry(outcome(r)).or_default() += 1;
            if r.status >= 500 || r.status == 0 {
                report.errors += 1;
            }
        }
        if a.first.0.status == 201 {
            winners.push((i, a.first.0.body["id"].as_str().unwrap_or_default().to_owned()));
        }
        if let Some((r, _)) = &a.replay {
            replays += 1;
            if r.body["id"] == a.first.0.body["id"] || (a.first.0.status != 201 && r.code() == a.first.0.code()) {
                replays_same += 1;
            }
        }
        if a.second.0.status == 201 {
            second_ok += 1;
        }
    }
    for (kind, mut ms) in by_kind {
        ms.sort_by(f64::total_cmp);
        report.latency_by_outcome.insert(kind, (percentile(&ms, 0.5), percentile(&ms, 0.99)));
    }
    latencies.sort_by(f64::total_cmp);
    report.p50_ms = percentile(&latencies, 0.5);
    report.p99_ms = percentile(&latencies, 0.99);
    report.throughput = report.requests as f64 / seconds.max(1e-9);

    // Every winner pays (the sandbox gateway confirms at once in local development), then
    // pays again as a client that lost the answer would: that must charge nothing more.
    let payers = buyers.clone();
    let to_pay = winners.clone();
    let paid = par(to_pay.len(), s.concurrency, move |j| {
        let (i, id) = &to_pay[j];
        // Paying is idempotent by contract (one payment per order and method), so the tool marks
        // it as a keyed write: the client sends it again after a lost answer or a 503.
        let payer = payers[*i].with_header("idempotency-key", &format!("pay-{id}"));
        let pay = || payer.post(&format!("/api/orders/{id}/pay"), &json!({"method": "sandbox"}));
        (pay(), pay())
    });
    let paid_ok = paid.iter().filter(|(r, _)| r.status == 200 && r.body["status"] == "ready_for_pickup").count();
    let charged_twice = paid.iter().filter(|(_, again)| again.code() != "ALREADY_PAID").count();
    report.errors += paid.iter().filter(|(r, again)| r.status >= 500 || again.status >= 500).count();

    let expected = s.quantity.min(s.buyers as u32) as usize;
    let c = &mut report.checks;
    c.push(check(
        "successes equal the quantity",
        winners.len() == expected,
        format!("{} orders for {} units", winners.len(), expected),
    ));
    c.push(check("no 5xx and no transport errors", report.errors == 0, format!("{} errors", report.errors)));
    c.push(check(
        "a retried request returns the same order",
        replays_same == replays,
        format!("{replays_same}/{replays}"),
    ));
    c.push(check(
        "second attempts are refused (limit or sold out)",
        second_ok == 0,
        format!("{second_ok} second orders"),
    ));
    c.push(check("every winner paid", paid_ok == winners.len(), format!("{paid_ok}/{}", winners.len())));
    c.push(check(
        "no double charge: paying again is refused ALREADY_PAID",
        charged_twice == 0,
        format!("{charged_twice} second payments not refused"),
    ));
    c.extend(audit(api, &sale, s.quantity, &winners.iter().map(|(_, id)| id.clone()).collect()));
    report
}

/// Checks a sale's ledgers against D1: units conserved, consistent buckets, no member over the
/// limit, and the confirmed stock is exactly the paid orders.
pub fn audit(api: &Api, sale: &str, quantity: u32, paid: &BTreeSet<String>) -> Vec<Check> {
    let token = crate::server::dev_var("SEED_TOKEN").unwrap_or_default();
    let a = api.with_header("x-seed-token", &token).get(&format!("/api/dev/flash-sales/{sale}/audit"));
    let a = a.expect(200).clone();
    let buckets = a["buckets"].as_array().cloned().unwrap_or_default();
    let sum = |f: &str| buckets.iter().map(|b| b["figures"][f].as_u64().unwrap_or(0)).sum::<u64>();
    let sold_ids: BTreeSet<String> = buckets
        .iter()
        .flat_map(|b| b["sold"].as_array().cloned().unwrap_or_default())
        .filter_map(|s| s[0].as_str().map(str::to_owned))
        .collect();
    let orders = a["orders"].as_array().cloned().unwrap_or_default();
    let ready: BTreeSet<String> = orders
        .iter()
        .filter(|o| o["status"] == "ready_for_pickup" || o["status"] == "picked_up")
        .filter_map(|o| o["id"].as_str().map(str::to_owned))
        .collect();
    let mut per_member: BTreeMap<String, u64> = BTreeMap::new();
    for o in &orders {
        if matches!(o["status"].as_str(), Some("pending_payment" | "ready_for_pickup" | "picked_up")) {
            *per_member.entry(o["member_id"].as_str().unwrap_or_default().to_owned()).or_default() +=
                o["qty"].as_u64().unwrap_or(0);
        }
    }
    let over = per_member.values().filter(|n| **n > 1).count();
    vec![
        check(
            "units conserved across buckets",
            sum("allocated") == quantity as u64,
            format!("Σ allocated {} of {quantity}", sum("allocated")),
        ),
        check(
            "every bucket ledger is consistent",
            buckets.iter().all(|b| b["consistent"] == true),
            format!("{} buckets", buckets.len()),
        ),
        check("never oversold", sum("sold") <= quantity as u64, format!("Σ sold {}", sum("sold"))),
        check("no member over the limit", over == 0, format!("{over} members over")),
        check(
            "D1's paid orders are exactly the confirmed stock",
            sold_ids == ready,
            format!("{} sold in buckets, {} paid in D1", sold_ids.len(), ready.len()),
        ),
        check(
            "every order reported paid is confirmed",
            paid.is_subset(&sold_ids) || paid.is_empty(),
            format!("{} reported paid", paid.len()),
        ),
    ]
}
