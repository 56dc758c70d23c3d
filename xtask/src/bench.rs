//! `cargo xtask bench`: the first-load timings that are reported, never asserted (shared
//! 2-core machines are too noisy for timed tests):
//! * cold start: a fresh `wrangler dev` (new state directory, the dev worker in `edge/build`)
//!   from spawn to its first answer of `/api/health`, with the D1 migrations timed apart;
//! * settle time of the customers' app on a phone-sized Chromium at 4× CPU throttle
//!   (`tests/e2e/settle.bench.mjs`), cold and on a repeat visit.

use crate::build::{self, Flavor};
use crate::step::{cmd, run, step};
use itest::server::{DevServer, ServerOptions};
use std::time::Instant;

pub fn command() -> Result<(), String> {
    let root = itest::repo_root();
    if !root.join("target/dist/index.html").exists() {
        step("build app (trunk build --release)", build::app)?;
    }
    build::ensure_worker(Flavor::Dev)?;
    let state = root.join("target/bench-state");
    let _ = std::fs::remove_dir_all(&state);
    let migrations = Instant::now();
    step("bench: D1 migrations on a fresh state directory", || itest::server::apply_migrations(&state))?;
    let migrations = migrations.elapsed().as_secs_f64();
    let spawned = Instant::now();
    let mut server = step("bench: cold start of wrangler dev", || {
        DevServer::start(ServerOptions {
            port: None,
            state_dir: state.clone(),
            log: root.join("target/bench-wrangler.log"),
        })
    })?;
    // start() applies the (now applied) migrations again before it spawns: a few hundred ms.
    let cold_start = spawned.elapsed().as_secs_f64();
    let url = server.base_url();
    let outcome = step("bench: seed the demo store", || itest::server::seed(&url)).and_then(|_| {
        step("bench: settle time at 4× CPU throttle (tests/e2e/settle.bench.mjs)", || {
            let mut c = cmd("node", &["tests/e2e/settle.bench.mjs"], &root);
            c.env("BASE_URL", &url).env("E2E_OUT", root.join("target/e2e"));
            run(c)
        })
    });
    server.stop();
    outcome?;
    println!(
        "\ncold start: first /api/health answer {cold_start:.1} s after spawning wrangler dev \
         (D1 migrations before it: {migrations:.1} s)"
    );
    Ok(())
}
