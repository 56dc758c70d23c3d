//! Hot paths against the worker's floor, in one run on one server: each kind of answer a
//! buyer gets during a sale (the sale list, one sale, the product list, one product, a
//! successful lock, a sold-out refusal) is sent `requests` times at `concurrency` connections,
//! and its throughput is compared with the floor (an unknown `/api/...` path, answered 404 by
//! the worker alone) measured the same way in the same run. Retries are counted, not hidden.

use super::{LOAD_STORE, members, par, percentile};
use crate::client::{Api, Reply, retries_so_far};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

/// One kind of answer, measured.
#[derive(Clone, Debug, Default)]
pub struct KindStats {
    /// What was asked.
    pub name: String,
    /// Requests sent (first attempts).
    pub requests: usize,
    /// Answers by status (after retries).
    pub statuses: BTreeMap<u16, usize>,
    /// Answers per second.
    pub rps: f64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 99th percentile latency, ms.
    pub p99_ms: f64,
    /// Requests sent again (503, 429, dropped) while measuring this kind.
    pub retries: u64,
    /// Where catalog answers came from (`x-edgemall-cache`: memory, shared, built), if said.
    pub sources: BTreeMap<String, usize>,
}

impl KindStats {
    /// Answers of 500 or more (after retries), and transport failures (status 0).
    pub fn failures(&self) -> usize {
        self.statuses.iter().filter(|(s, _)| **s >= 500 || **s == 0).map(|(_, n)| n).sum()
    }

    /// A report line, with the ratio to `floor` requests per second.
    pub fn line(&self, floor: f64) -> String {
        let statuses: Vec<String> = self.statuses.iter().map(|(s, n)| format!("{s}×{n}")).collect();
        let sources: Vec<String> = self.sources.iter().map(|(s, n)| format!(" {s}×{n}")).collect();
        format!(
            "{:<34} {:>7.0} req/s  {:>5.2}× floor  p50 {:>6.0} ms  p99 {:>6.0} ms  [{}] retries {}{}",
            self.name,
            self.rps,
            if floor > 0.0 { self.rps / floor } else { 0.0 },
            self.p50_ms,
            self.p99_ms,
            statuses.join(" "),
            self.retries,
            sources.concat()
        )
    }
}

/// Sends `send(i)` for i in 0..requests at `concurrency`, and measures the answers.
pub fn measure(
    name: &str,
    requests: usize,
    concurrency: usize,
    send: impl Fn(usize) -> Reply + Send + Sync + 'static,
) -> KindStats {
    let retries_before = retries_so_far();
    let started = Instant::now();
    let answers = par(requests, concurrency, move |i| {
        let t = Instant::now();
        let r = send(i);
        (r.status, t.elapsed().as_secs_f64() * 1000.0, r.header("x-edgemall-cache").map(str::to_owned))
    });
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    let mut latencies: Vec<f64> = answers.iter().map(|(_, ms, _)| *ms).collect();
    latencies.sort_by(f64::total_cmp);
    let (mut statuses, mut sources) = (BTreeMap::new(), BTreeMap::new());
    for (s, _, source) in answers {
        *statuses.entry(s).or_default() += 1;
        if let Some(source) = source {
            *sources.entry(source).or_default() += 1;
        }
    }
    KindStats {
        name: name.to_owned(),
        requests,
        statuses,
        rps: latencies.len() as f64 / seconds,
        p50_ms: percentile(&latencies, 0.5),
        p99_ms: percentile(&latencies, 0.99),
        retries: retries_so_far() - retries_before,
        sources,
    }
}

/// Every hot path once, in this order: floor, health, lists and ones, locks, sold-out
/// refusals, floor again (the floor is the better of its two runs, so a ratio is never
/// flattered by a slow floor).
pub fn hot_paths(api: &Api, requests: usize, concurrency: usize) -> (f64, Vec<KindStats>) {
    let mut out = Vec::new();
    let get = |path: String| {
        let api = api.clone();
        move |_| api.get(&path)
    };
    out.push(measure("floor: GET /api/<unknown> (404)", requests, concurrency, get("/api/no-such-endpoint".into())));
    out.push(measure("GET /api/health", requests, concurrency, get("/api/health".into())));
    // A sale of a fresh product: enough units that every lock below succeeds.
    let sku = crate::shop::fresh_product(api, LOAD_STORE, super::LIKE_SKU, requests as u32);
    let tag = format!("bench-{}-{concurrency}", std::process::id());
    let sale = super::create_sale(api, &sku, requests as u32, 1, 10, &tag);
    out.push(measure(
        "GET /api/flash-sales?store_id=S1",
        requests,
        concurrency,
        get(format!("/api/flash-sales?store_id={LOAD_STORE}")),
    ));
    out.push(measure("GET /api/flash-sales/{id}", requests, concurrency, get(format!("/api/flash-sales/{sale}"))));
    out.extend(catalog_reads(api, &sku, requests, concurrency));
    out.extend(orders(api, &sku, &sale, requests, concurrency));
    out.push(measure("floor again", requests, concurrency, get("/api/no-such-endpoint".into())));
    let floor = out.iter().filter(|k| k.name.starts_with("floor")).map(|k| k.rps).fold(0.0, f64::max);
    (floor, out)
}

/// The floor, then orders on a fresh sale of `requests` units: every lock succeeds, then as many
/// other buyers find it sold out, then the floor again.
pub fn order_paths(api: &Api, requests: usize, concurrency: usize) -> Vec<KindStats> {
    let floor = |name: &str| {
        let api = api.clone();
        measure(name, requests, concurrency, move |_| api.get("/api/no-such-endpoint"))
    };
    let mut out = vec![floor("floor: GET /api/<unknown> (404)")];
    let sku = crate::shop::fresh_product(api, LOAD_STORE, super::LIKE_SKU, requests as u32);
    let tag = format!("orders-{}-{concurrency}", std::process::id());
    let sale = super::create_sale(api, &sku, requests as u32, 1, 10, &tag);
    out.extend(orders(api, &sku, &sale, requests, concurrency));
    out.push(floor("floor again"));
    out
}

/// Successful locks (one buyer each, all of them win), then other buyers finding it sold out.
fn orders(api: &Api, sku: &str, sale: &str, requests: usize, concurrency: usize) -> Vec<KindStats> {
    let buyers = Arc::new(members(api, requests * 2));
    let tag = format!("bench-{}-{concurrency}-{sale}", std::process::id());
    let (b, s, sk, t) = (buyers.clone(), sale.to_string(), sku.to_string(), tag.clone());
    let locks = measure("POST /api/orders → 201 (lock)", requests, concurrency, move |i| {
        b[i].with_header("idempotency-key", &format!("{t}-lock-{i}")).post("/api/orders", &order(&sk, &s))
    });
    let (b, s, sk) = (buyers, sale.to_string(), sku.to_string());
    let refusals = measure("POST /api/orders → 409 SOLD_OUT", requests, concurrency, move |i| {
        let buyer = &b[(requests + i) % b.len()];
        buyer.with_header("idempotency-key", &format!("{tag}-late-{i}")).post("/api/orders", &order(&sk, &s))
    });
    vec![locks, refusals]
}

/// The product list and one product, each first as before the shared cache (a development
/// worker answers `x-edgemall-catalog-cache: off` from memory, then D1), then through it.
pub fn catalog_reads(api: &Api, sku: &str, requests: usize, concurrency: usize) -> Vec<KindStats> {
    let mut out = Vec::new();
    for (suffix, off) in [(" (no Cache API)", true), ("", false)] {
        let api = if off { api.with_header("x-edgemall-catalog-cache", "off") } else { api.clone() };
        for (name, path) in [
            ("GET /api/products?store_id=S1", format!("/api/products?store_id={LOAD_STORE}")),
            ("GET /api/products/{sku}", format!("/api/products/{sku}")),
        ] {
            let api = api.clone();
            out.push(measure(&format!("{name}{suffix}"), requests, concurrency, move |_| api.get(&path)));
        }
    }
    out
}

fn order(sku: &str, sale: &str) -> serde_json::Value {
    json!({"store_id": LOAD_STORE, "lines": [{"sku": sku, "qty": 1, "flash_sale_id": sale}]})
}

/// The kinds' table, with ratios to `floor`.
pub fn table(floor: f64, kinds: &[KindStats]) -> String {
    kinds.iter().map(|k| k.line(floor)).collect::<Vec<_>>().join("\n")
}
