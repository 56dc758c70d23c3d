//! `cargo xtask loadtest` (and the `load` layer of `cargo xtask test`, at a smaller size):
//! flash-sale races at k = 1, 2, 4 buckets on a fresh server, then the crash test.

use crate::step::step;
use crate::{build, tools};
use itest::client::Api;
use itest::load::{self, Check, Scenario};
use itest::server::{DevServer, ServerOptions};
use std::fmt::Write;

/// How big a run is.
#[derive(Clone, Copy)]
pub struct Size {
    pub buyers: usize,
    pub quantity: u32,
    pub buckets: &'static [u32],
    pub concurrency: usize,
    pub crash_buyers: usize,
    pub crash_quantity: u32,
}

/// The full run the README reports.
pub const FULL: Size =
    Size { buyers: 2000, quantity: 100, buckets: &[1, 2, 4], concurrency: 64, crash_buyers: 300, crash_quantity: 60 };
/// The run inside `cargo xtask test`.
pub const SMALL: Size =
    Size { buyers: 300, quantity: 30, buckets: &[1, 4], concurrency: 32, crash_buyers: 120, crash_quantity: 40 };

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
        let buyers = step(&format!("load: {} members", size.buyers), || Ok(load::members(&api, size.buyers)))?;
        for (n, &k) in size.buckets.iter().enumerate() {
            let scenario = Scenario {
                buyers: size.buyers,
                quantity: size.quantity,
                buckets: k,
                concurrency: size.concurrency,
                retry_every: 5,
            };
            let report =
                step(&format!("load: {} buyers race for {} units, k = {k}", size.buyers, size.quantity), || {
                    Ok(load::run(&api, &buyers, scenario, &format!("k{k}-{n}-{}", std::process::id())))
                })?;
            let _ = writeln!(text, "{}", report.line());
            println!("  {}", report.line());
            for c in &report.checks {
                println!("    {} {} — {}", if c.ok { "✓" } else { "✗" }, c.name, c.detail);
            }
            checks.extend(report.checks.into_iter().map(|mut c| {
                c.name = format!("k={k}: {}", c.name);
                c
            }));
        }
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

/// `cargo xtask loadtest`.
pub fn command() -> Result<(), String> {
    tools::ensure_all(tools::Need::Build)?;
    build::all(build::Flavor::Dev)?;
    let (checks, text) = run(FULL)?;
    let path = itest::repo_root().join("target/load-report.txt");
    std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
    let failed = checks.iter().filter(|c| !c.ok).count();
    println!("\n{text}\nreport: {}\n{} checks passed, {failed} failed", path.display(), checks.len() - failed);
    if failed == 0 { Ok(()) } else { Err(format!("{failed} checks failed")) }
}
