//! `cargo xtask loadtest` (and the `load` layer of `cargo xtask test`, at a smaller size):
//! the hot paths against the worker's floor, flash-sale races at k = 1, 2, 4 buckets and at
//! each concurrency on a fresh server, the bucket simulation calibrated from what was
//! measured, then the crash test. Checks are correctness only (never oversold, no answer ≥ 500
//! after retries, no payment lost or taken twice); timings are printed, never asserted.

use crate::bucket_sim::{self, Model};
use crate::step::step;
use crate::{build, tools};
use itest::client::Api;
use itest::load::{self, Check, Scenario, bench};
use itest::server::{DevServer, ServerOptions};
use std::fmt::Write;

/// How big a run is.
#[derive(Clone, Copy)]
pub struct Size {
    pub buyers: usize,
    pub quantity: u32,
    pub buckets: &'static [u32],
    /// Client connections; every race runs at each.
    pub concurrency: &'static [usize],
    /// Requests per hot path in the benchmark (at the first concurrency).
    pub bench_requests: usize,
    pub crash_buyers: usize,
    pub crash_quantity: u32,
}

/// The full run the README reports.
pub const FULL: Size = Size {
    buyers: 2000,
    quantity: 100,
    buckets: &[1, 2, 4],
    concurrency: &[64, 256],
    // Every lock of the benchmark must succeed, on one sale, and a sale reserves at most
    // `Qty::MAX` (999) units: 1,000 failed at the start (422 "1 to 999 per reservation").
    bench_requests: 900,
    crash_buyers: 300,
    crash_quantity: 60,
};
/// The run inside `cargo xtask test`.
pub const SMALL: Size = Size {
    buyers: 300,
    quantity: 30,
    buckets: &[1, 4],
    concurrency: &[32],
    bench_requests: 150,
    crash_buyers: 120,
    crash_quantity: 40,
};

fn server(name: &str) -> Result<DevServer, String> {
    let root = itest::repo_root();
    let state = root.join("target/load-state").join(name);
    let _ = std::fs::remove_dir_all(&state);
    let s = DevServer::start(ServerOptions {
        port: None,
        state_dir: state,
        log: root.join(format!("target/load-{name}.log")),
    })?;
    itest::server::seed(&s.base_url())?;
    Ok(s)
}

/// Runs the scenarios and the crash test; returns every check and a printable report.
pub fn run(size: Size) -> Result<(Vec<Check>, String), String> {
    let mut text = String::new();
    let mut checks = Vec::new();
    {
        let s = step("load: fresh server", || server("race"))?;
        let api = Api::new(&s.base_url());
        let concurrency = size.concurrency.first().copied().unwrap_or(32);
        let (floor, kinds) = step(&format!("load: hot paths at {concurrency} connections"), || {
            Ok(bench::hot_paths(&api, size.bench_requests, concurrency))
        })?;
        let table = bench::table(floor, &kinds);
        println!("{table}");
        let _ =
            writeln!(text, "hot paths, {} requests each at {concurrency} connections:\n{table}", size.bench_requests);
        for kind in &kinds {
            checks.push(Check {
                name: format!("{}: no answer ≥ 500 after retries", kind.name),
                ok: kind.failures() == 0,
                detail: format!("{} failures, {} retries", kind.failures(), kind.retries),
            });
        }
        let buyers = step(&format!("load: {} members", size.buyers), || Ok(load::members(&api, size.buyers)))?;
        let mut measured = Vec::new();
        for &c in size.concurrency {
            for (n, &k) in size.buckets.iter().enumerate() {
                let scenario = Scenario {
                    buyers: size.buyers,
                    quantity: size.quantity,
                    buckets: k,
                    concurrency: c,
                    retry_every: 5,
                };
                let title =
                    format!("load: {} buyers race for {} units, k = {k}, {c} connections", size.buyers, size.quantity);
                let report = step(&title, || {
                    Ok(load::run(&api, &buyers, scenario, &format!("k{k}-c{c}-{n}-{}", std::process::id())))
                })?;
                let _ = writeln!(text, "{}", report.line());
                println!("  {}", report.line());
                for c in &report.checks {
                    println!("    {} {} — {}", if c.ok { "✓" } else { "✗" }, c.name, c.detail);
                }
                measured.push((k, c, report.throughput));
                checks.extend(report.checks.into_iter().map(|mut check| {
                    check.name = format!("k={k} c={c}: {}", check.name);
                    check
                }));
            }
        }
        let sim = simulation(&kinds, size, measured.first().map_or(0.0, |m| m.2));
        println!("{sim}");
        let _ = writeln!(text, "{sim}");
    }
    let mut s = step("crash: fresh server", || server("crash"))?;
    let crash = step(
        &format!(
            "crash: kill -9 during {} buyers / {} units, restart, wait out the locks",
            size.crash_buyers, size.crash_quantity
        ),
        || Ok(load::crash_test(&mut s, size.crash_buyers, size.crash_quantity)),
    )?;
    for c in &crash {
        println!("    {} {} — {}", if c.ok { "✓" } else { "✗" }, c.name, c.detail);
        let _ = writeln!(text, "crash: {} {} — {}", if c.ok { "ok" } else { "FAIL" }, c.name, c.detail);
    }
    checks.extend(crash.into_iter().map(|mut c| {
        c.name = format!("crash: {}", c.name);
        c
    }));
    // GETs and keyed writes the harness sent again (503 from the local proxy, 429, dropped).
    let retries = itest::client::retries_so_far();
    println!("  requests sent again (same Idempotency-Key): {retries}");
    let _ = writeln!(text, "retries: {retries} requests sent again with the same key");
    Ok((checks, text))
}

/// The bucket model, calibrated from this run: a lock's time in the object is the inverse of
/// the measured lock throughput at k = 1 (the most an object could take, as if every other
/// cost overlapped), a known refusal's the inverse of the sold-out throughput, everything
/// else the floor's median latency.
fn simulation(kinds: &[bench::KindStats], size: Size, race_rps: f64) -> String {
    let rps = |prefix: &str| kinds.iter().find(|k| k.name.starts_with(prefix)).map_or(0.0, |k| k.rps);
    let lock_us = (1e6 / rps("POST /api/orders → 201").max(1.0)) as u64;
    let refuse_us = (1e6 / rps("POST /api/orders → 409").max(1.0)) as u64;
    let outside_us = kinds.first().map_or(1_000.0, |k| k.p50_ms * 1000.0) as u64;
    let clients = size.concurrency.last().copied().unwrap_or(64) as u32;
    let base = Model {
        buyers: size.buyers as u32,
        quantity: size.quantity,
        buckets: 1,
        clients,
        lock_us,
        refuse_us,
        give_us: lock_us,
        hop_us: outside_us,
        outside_us,
    };
    let mut out = format!(
        "bucket model ({} buyers, {} units, {clients} connections; lock {lock_us} µs, known refusal {refuse_us} µs, give {lock_us} µs, hop and outside {outside_us} µs; measured race at k=1: {race_rps:.0} req/s):",
        size.buyers, size.quantity
    );
    for k in [1, 2, 4, 8, 16] {
        let o = bucket_sim::simulate(Model { buckets: k, ..base });
        let _ = write!(
            out,
            "\n  k={k:<2} {:>7.0} req/s  sold out after {:>7.1} ms  run {:>7.1} ms  {} asks between buckets  {} sold",
            o.throughput, o.sell_out_ms, o.total_ms, o.asks, o.sold
        );
    }
    out
}

/// `cargo xtask loadtest [--small] [--skip-build]` (`--small`: the size of the test layer's
/// run; `--skip-build`: use the development worker already in `edge/build`, as the test
/// layer does, instead of building app and worker first).
pub fn command(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "--skip-build") {
        build::ensure_worker(build::Flavor::Dev)?;
    } else {
        tools::ensure_all(tools::Need::Build)?;
        build::all(build::Flavor::Dev)?;
    }
    if args.iter().any(|a| a == "--catalog") {
        return catalog_reads();
    }
    if args.iter().any(|a| a == "--orders") {
        return order_paths();
    }
    let (checks, text) = run(if args.iter().any(|a| a == "--small") { SMALL } else { FULL })?;
    let path = itest::repo_root().join("target/load-report.txt");
    std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
    let failed = checks.iter().filter(|c| !c.ok).count();
    println!("\n{text}\nreport: {}\n{} checks passed, {failed} failed", path.display(), checks.len() - failed);
    if failed == 0 { Ok(()) } else { Err(format!("{failed} checks failed")) }
}

/// `cargo xtask loadtest --catalog`: the product list and one product at 64 connections, with
/// and without the Cache API, against the floor, on one fresh server (printed, not asserted).
fn catalog_reads() -> Result<(), String> {
    let (requests, concurrency) = (600, 64);
    let s = step("load: fresh server", || server("catalog"))?;
    let api = Api::new(&s.base_url());
    let sku = itest::shop::fresh_product(&api, load::LOAD_STORE, load::LIKE_SKU, 10);
    let floor = || {
        bench::measure("floor: GET /api/<unknown> (404)", requests, concurrency, {
            let api = api.clone();
            move |_| api.get("/api/no-such-endpoint")
        })
    };
    let mut kinds = vec![floor()];
    kinds.extend(bench::catalog_reads(&api, &sku, requests, concurrency));
    kinds.push(floor());
    let best = kinds.iter().filter(|k| k.name.starts_with("floor")).map(|k| k.rps).fold(0.0, f64::max);
    println!("\ncatalog reads, {requests} requests each at {concurrency} connections:\n{}", bench::table(best, &kinds));
    Ok(())
}

/// `cargo xtask loadtest --orders`: successful locks and sold-out refusals at 64 connections
/// against the floor, on one fresh server (printed, not asserted): the quick loop for work on
/// the order path.
fn order_paths() -> Result<(), String> {
    let (requests, concurrency) = (600, 64);
    let s = step("load: fresh server", || server("orders"))?;
    let api = Api::new(&s.base_url());
    let kinds = bench::order_paths(&api, requests, concurrency);
    let best = kinds.iter().filter(|k| k.name.starts_with("floor")).map(|k| k.rps).fold(0.0, f64::max);
    println!("\norders, {requests} requests each at {concurrency} connections:\n{}", bench::table(best, &kinds));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{FULL, SMALL};
    use shared::stock::Qty;

    #[test]
    fn every_benchmark_lock_fits_in_one_sale() {
        for size in [FULL, SMALL] {
            assert!(size.bench_requests <= Qty::MAX as usize, "{} locks on one sale", size.bench_requests);
        }
    }
}
