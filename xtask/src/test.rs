//! `cargo xtask test`: every test layer in order, then one summary line per layer and a final
//! `N passed, N failed`. Layers after a failure still run where they can, so one run shows
//! everything that is wrong.

use crate::step::{cmd, run_captured, step};
use crate::{build, tools};
use itest::server::{DevServer, ServerOptions};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

struct Layer {
    name: &'static str,
    passed: u32,
    failed: u32,
    secs: f64,
    note: String,
}

/// The layers, in the order they run; `--only a,b` picks some (for quick iterations).
/// `build` makes the development worker (the `dev` feature) that integration, e2e and load
/// need; `prod-build` then replaces it with the production worker, which `deploy` bundles.
const LAYERS: &[&str] =
    &["fmt", "clippy", "clippy-wasm", "unit", "wasm", "build", "integration", "e2e", "load", "prod-build", "deploy"];

pub fn run(args: &[String]) -> Result<(), String> {
    let skip_setup = args.iter().any(|a| a == "--skip-setup");
    let only: Option<Vec<String>> = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .map(|list| list.split(',').map(str::to_owned).collect());
    if let Some(bad) = only.iter().flatten().find(|l| !LAYERS.contains(&l.as_str())) {
        return Err(format!("unknown layer {bad}; layers: {}", LAYERS.join(", ")));
    }
    let wanted = |layer: &str| only.as_ref().is_none_or(|o| o.iter().any(|l| l == layer));
    let started = Instant::now();
    if std::env::var_os("CARGO_INCREMENTAL").is_none() {
        // A test run builds each crate once (CI starts from a clean checkout), so incremental
        // data only costs time and disk: ~10 GB of the target folder, and CI's disk ran out.
        // Set CARGO_INCREMENTAL=1 to keep it for quick local iterations.
        // SAFETY: nothing else runs yet; every cargo this run starts inherits the variable.
        unsafe { std::env::set_var("CARGO_INCREMENTAL", "0") };
    }
    if !skip_setup {
        tools::ensure_all(tools::Need::Everything)?;
    }
    let root = itest::repo_root();
    let mut layers: Vec<Layer> = Vec::new();
    let mut go = |name: &'static str, f: &mut dyn FnMut() -> (u32, u32, String)| {
        if !wanted(name) {
            return;
        }
        println!("\n━━ {name} ━━");
        let t = Instant::now();
        let (passed, failed, note) = f();
        layers.push(Layer { name, passed, failed, secs: t.elapsed().as_secs_f64(), note });
    };

    go("fmt", &mut || check(cmd("cargo", &["fmt", "--all", "--check"], &root)));
    go("clippy", &mut || {
        check(cmd(
            "cargo",
            // `shared/web-push` so the Web Push code (off by default) is linted too.
            &[
                "clippy",
                "--workspace",
                "--exclude",
                "edge",
                "--all-targets",
                "--features",
                "shared/web-push",
                "--quiet",
                "--",
                "-D",
                "warnings",
            ],
            &root,
        ))
    });
    go("clippy-wasm", &mut || {
        // The shared crate's tests use proptest, which has no wasm32 backend; its library is
        // what the worker and the app compile, so that is what is checked here.
        let targets: [&[&str]; 3] = [
            &["-p", "app", "-p", "edge", "--all-targets"],
            &["-p", "edge", "--features", "dev", "--all-targets"],
            &["-p", "shared", "--lib", "--features", "web-push"],
        ];
        let mut outcome = (1, 0, String::new());
        for t in targets {
            let mut args = vec!["clippy", "--target", "wasm32-unknown-unknown", "--quiet"];
            args.extend_from_slice(t);
            args.extend_from_slice(&["--", "-D", "warnings"]);
            if check(cmd("cargo", &args, &root)).1 > 0 {
                outcome = (0, 1, format!("clippy {} on wasm32 failed", t.join(" ")));
            }
        }
        outcome
    });
    go("unit", &mut || {
        // The worker's flow executor runs natively against in-memory objects (`edge/src/flows/tests.rs`);
        // `shared/web-push` runs the Web Push tests (RFC 8291/8292 vectors), off by default.
        let (passed, failed, note) = cargo_tests(cmd(
            "cargo",
            &[
                "test",
                "-p",
                "shared",
                "-p",
                "app",
                "-p",
                "xtask",
                "-p",
                "edge",
                "-p",
                "scanner",
                "--lib",
                "--bins",
                "--features",
                "shared/web-push",
            ],
            &root,
        ));
        // The edge's size beside the core's (measured, see `layout`), printed with every run.
        let lines = crate::layout::report(&root);
        println!("  {lines}");
        (passed, failed, if note.is_empty() { lines } else { note })
    });
    go("wasm", &mut || {
        let mut c = cmd("cargo", &["test", "-p", "app", "--target", "wasm32-unknown-unknown", "--test", "*"], &root);
        c.env("CHROMEDRIVER", "/usr/bin/chromedriver").env("WASM_BINDGEN_TEST_TIMEOUT", "120");
        cargo_tests(c)
    });
    let mut built = !wanted("build");
    go("build", &mut || match build::all(build::Flavor::Dev) {
        Ok(sizes) => {
            built = true;
            let totals: Vec<String> = sizes
                .iter()
                .filter(|s| s.name.contains("total"))
                .map(|s| format!("{} {} B gzip", s.name.trim_end_matches(" (total)"), s.gzip))
                .collect();
            (1, 0, totals.join(", "))
        }
        Err(e) => (0, 1, e),
    });

    let needs_server = wanted("integration") || wanted("e2e");
    let mut server: Option<DevServer> = None;
    let mut server_error = String::new();
    // Without the build layer, whatever worker is in edge/build is served: it must be the dev one.
    if needs_server
        && built
        && let Err(e) = build::ensure_worker(build::Flavor::Dev)
    {
        built = false;
        println!("  {e}");
    }
    if needs_server && built {
        let state = root.join("target/itest-state/shared");
        let _ = std::fs::remove_dir_all(&state);
        match DevServer::start(ServerOptions {
            port: None,
            state_dir: state,
            log: root.join("target/itest-wrangler.log"),
        })
        .and_then(|s| itest::server::seed(&s.base_url()).map(|_| s))
        {
            Ok(s) => {
                println!("  test server on {}", s.base_url());
                server = Some(s);
            }
            Err(e) => server_error = e,
        }
    } else if needs_server {
        server_error = "the build failed, so there is nothing to serve".into();
    }
    let url = server.as_ref().map(|s| s.base_url());

    go("integration", &mut || match &url {
        Some(url) => {
            let mut c = cmd("cargo", &["test", "-p", "itest", "--tests", "--no-fail-fast"], &root);
            c.env("EDGEMALL_URL", url);
            cargo_tests(c)
        }
        None => (0, 1, format!("no server: {server_error}")),
    });
    go("e2e", &mut || match &url {
        Some(url) => node_tests(&root, url),
        None => (0, 1, format!("no server: {server_error}")),
    });
    if let Some(mut s) = server.take() {
        s.stop();
    }
    go("load", &mut || {
        if !built {
            return (0, 1, "the build failed".into());
        }
        if let Err(e) = build::ensure_worker(build::Flavor::Dev) {
            return (0, 1, e);
        }
        match crate::load::run(crate::load::SMALL) {
            Ok((checks, _)) => {
                let failed = checks.iter().filter(|c| !c.ok).count() as u32;
                (checks.len() as u32 - failed, failed, "flash-sale races and the crash test (checks)".into())
            }
            Err(e) => (0, 1, e),
        }
    });
    let mut production_built = false;
    go("prod-build", &mut || match crate::prod_check::run(&root) {
        Ok(checks) => {
            production_built = true;
            for c in &checks {
                println!("    {} {} — {}", if c.ok { "✓" } else { "✗" }, c.name, c.detail);
            }
            let failed = checks.iter().filter(|c| !c.ok).count() as u32;
            (checks.len() as u32 - failed, failed, "the production worker: no dev routes or switches (checks)".into())
        }
        Err(e) => (0, 1, e),
    });
    go("deploy", &mut || {
        // The dry run bundles edge/build: make sure that is the production worker.
        if !production_built
            && let Err(e) = step("build worker (worker-build --release, no dev feature)", || {
                build::worker(build::Flavor::Production)
            })
        {
            return (0, 1, e);
        }
        let _ = std::fs::remove_dir_all(root.join("target/deploy-dry-run"));
        let mut c = cmd(
            &root.join("node_modules/.bin/wrangler").to_string_lossy(),
            &["deploy", "--dry-run", "--outdir", "../target/deploy-dry-run"],
            &root.join("edge"),
        );
        c.env("WRANGLER_SEND_METRICS", "false").env("CLOUDFLARE_CF_FETCH_ENABLED", "false");
        let (passed, failed, note) = match check(c) {
            (_, 0, _) => crate::prod_check::bundle_is_production(&root.join("target/deploy-dry-run")),
            failed => return failed,
        };
        // From nothing: migrate, bootstrap the admin, start the production worker, import.
        match crate::deploy_check::run(&root) {
            Ok(checks) => {
                for c in &checks {
                    println!("    {} {} — {}", if c.ok { "✓" } else { "✗" }, c.name, c.detail);
                }
                let bad = checks.iter().filter(|c| !c.ok).count() as u32;
                (passed + checks.len() as u32 - bad, failed + bad, format!("{note}; the path from an empty D1"))
            }
            Err(e) => (passed, failed + 1, e),
        }
    });

    println!("\n━━ summary ━━");
    let (mut passed, mut failed) = (0, 0);
    for l in &layers {
        passed += l.passed;
        failed += l.failed;
        let mark = if l.failed == 0 { "ok  " } else { "FAIL" };
        println!("{mark} {:<12} {:>4} passed {:>3} failed {:>7.1} s  {}", l.name, l.passed, l.failed, l.secs, l.note);
    }
    println!("total time {:.1} min", started.elapsed().as_secs_f64() / 60.0);
    println!("{passed} passed, {failed} failed");
    if failed == 0 { Ok(()) } else { Err(format!("{failed} failed")) }
}

/// A command that is one check: it passes or it fails.
fn check(c: Command) -> (u32, u32, String) {
    match run_captured(c) {
        Ok((true, _)) => (1, 0, String::new()),
        Ok((false, out)) => (0, 1, last_line(&out)),
        Err(e) => (0, 1, e),
    }
}

fn last_line(out: &str) -> String {
    out.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default().chars().take(100).collect()
}

/// Adds up cargo's `test result:` lines; a run that failed without any counts is one failure.
fn cargo_tests(c: Command) -> (u32, u32, String) {
    match run_captured(c) {
        Ok((ok, out)) => {
            let (mut p, mut f) = (0, 0);
            for line in out.lines().filter(|l| l.contains("test result:")) {
                p += count_before(line, " passed");
                f += count_before(line, " failed");
            }
            if !ok && f == 0 {
                f = 1;
            }
            (p, f, if ok { String::new() } else { last_line(&out) })
        }
        Err(e) => (0, 1, e),
    }
}

fn count_before(line: &str, word: &str) -> u32 {
    line.split(';')
        .find(|part| part.contains(word))
        .and_then(|part| part.split_whitespace().rev().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Runs the Playwright suites under tests/e2e with node's test runner (TAP counts).
fn node_tests(root: &Path, url: &str) -> (u32, u32, String) {
    let out_dir = root.join("target/e2e");
    let _ = std::fs::create_dir_all(&out_dir);
    let mut files: Vec<String> = std::fs::read_dir(root.join("tests/e2e"))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
                .map(|p| p.to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut args = vec!["--test", "--test-reporter=tap", "--test-concurrency=1"];
    args.extend(files.iter().map(String::as_str));
    let mut c = cmd("node", &args, root);
    c.env("BASE_URL", url).env("E2E_OUT", &out_dir);
    match run_captured(c) {
        Ok((ok, out)) => {
            let grab = |key: &str| {
                out.lines()
                    .filter_map(|l| l.trim().strip_prefix(key))
                    .filter_map(|n| n.trim().parse::<u32>().ok())
                    .next_back()
                    .unwrap_or(0)
            };
            let (p, mut f) = (grab("# pass"), grab("# fail"));
            if !ok && f == 0 {
                f = 1;
            }
            (p, f, format!("screenshots in {}", out_dir.display()))
        }
        Err(e) => (0, 1, e),
    }
}

#[cfg(test)]
mod tests {
    use super::count_before;

    #[test]
    fn cargo_result_lines_are_counted() {
        let line = "test result: FAILED. 12 passed; 3 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s";
        assert_eq!(count_before(line, " passed"), 12);
        assert_eq!(count_before(line, " failed"), 3);
        assert_eq!(count_before("test result: ok. 0 passed; 0 failed;", " failed"), 0);
    }
}
