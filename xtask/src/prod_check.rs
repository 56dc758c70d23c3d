//! The `prod-build` layer of `cargo xtask test`: builds the worker as a deployment gets it
//! (without the `dev` feature), serves it with `wrangler dev` on its own port and state, and
//! checks that no development route or switch is in it and that it refuses the published
//! development secrets.
//!
//! Two short server starts on the same build: one with production-like secrets passed as
//! `--var` (the routes and the clock), one with `edge/.dev.vars` as it is (the refusal).

use crate::build::{self, Flavor};
use crate::step::step;
use itest::client::Api;
use itest::server::{DevServer, Ready, ServerOptions};
use serde_json::Value;
use std::path::Path;

/// One check's outcome.
pub struct Check {
    pub name: &'static str,
    pub ok: bool,
    pub detail: String,
}

pub fn check(name: &'static str, ok: bool, detail: impl Into<String>) -> Check {
    Check { name, ok, detail: detail.into() }
}

/// Builds the production worker and runs every check; an error means a check could not run.
pub fn run(root: &Path) -> Result<Vec<Check>, String> {
    if !root.join("target/dist/index.html").exists() {
        step("build app (trunk build --release)", build::app)?;
    }
    step("build worker (worker-build --release, no dev feature)", || build::worker(Flavor::Production))?;
    let wasm = root.join("edge/build/index_bg.wasm");
    let found = dev_markers_in(&wasm);
    let mut checks = vec![check(
        "the production wasm holds none of the development switches' names",
        found.is_empty(),
        format!("{}: {}", wasm.display(), if found.is_empty() { "none".into() } else { found.join(", ") }),
    )];
    // The worker's budget holds for the production build only, which this layer makes: CI holds
    // that line here, as the build layer does for the app's.
    let raw = std::fs::metadata(&wasm).map(|m| m.len()).unwrap_or(u64::MAX);
    let limit = crate::size::budgets_for(Flavor::Production)
        .iter()
        .find(|b| b.row == "worker/index_bg.wasm")
        .map(|b| b.limit)
        .unwrap_or(0);
    checks.push(check(
        "the production worker is within its size budget",
        raw <= limit,
        format!("{raw} B raw, budget {limit} B (xtask/src/size.rs)"),
    ));
    {
        let server = start(root, "secrets", &production_like_vars(), Ready::Healthy)?;
        checks.extend(no_development_surface(&Api::new(&server.base_url())));
    }
    let log = root.join("target/prod-check-devsecrets.log");
    {
        let server = start(root, "devsecrets", &[], Ready::Answers)?;
        // Each request once: a 503 is the answer being checked, not a reason to ask again.
        checks.extend(refuses_development_secrets(&Api::new(&server.base_url()).no_retry(), &log));
    }
    Ok(checks)
}

/// Names only development code reads (headers, variables): finding one in a wasm means the
/// `dev` feature is compiled in. Returns those found (or why the file could not be read).
pub fn dev_markers_in(wasm: &Path) -> Vec<String> {
    const MARKERS: [&str; 5] = ["x-edgemall-now", "x-seed-token", "SEED_TOKEN", "DEV_CLOCK", "SANDBOX_AUTO_CONFIRM"];
    match std::fs::read(wasm) {
        Ok(bytes) => MARKERS
            .iter()
            .filter(|m| bytes.windows(m.len()).any(|w| w == m.as_bytes()))
            .map(|m| m.to_string())
            .collect(),
        Err(e) => vec![format!("unreadable: {e}")],
    }
}

/// The `deploy` layer's second check: the wasm the dry run bundled into `out` is the production
/// worker. Counts the dry run itself as the first check.
pub fn bundle_is_production(out: &Path) -> (u32, u32, String) {
    let bundled = std::fs::read_dir(out)
        .map(|d| d.flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|x| x == "wasm")))
        .ok()
        .flatten();
    match bundled.map(|w| dev_markers_in(&w)) {
        Some(found) if found.is_empty() => (2, 0, "dry run bundled the production worker".into()),
        Some(found) => (1, 1, format!("the bundle has development code: {}", found.join(", "))),
        None => (1, 1, format!("no wasm in {}", out.display())),
    }
}

fn start(root: &Path, name: &str, extra: &[String], ready: Ready) -> Result<DevServer, String> {
    let state = root.join("target/prod-check-state").join(name);
    let _ = std::fs::remove_dir_all(&state);
    let options =
        ServerOptions { port: None, state_dir: state, log: root.join(format!("target/prod-check-{name}.log")) };
    step(&format!("prod-build: wrangler dev ({name})"), || DevServer::start_with(options, extra, ready))
}

/// Secrets that pass the production checks, made fresh for this run (never the dev values).
pub fn production_like_vars() -> Vec<String> {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    let tag = format!("{nanos:x}{:x}", std::process::id());
    vec![
        "--var".into(),
        format!("APP_SECRET:prod-check-app-secret-{tag}-0123456789abcdef"),
        "--var".into(),
        format!("GATEWAY_KEY:prod-check-gateway-key-{tag}"),
    ]
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

fn no_development_surface(api: &Api) -> Vec<Check> {
    let mut checks = Vec::new();
    let unknown = api.get("/api/no-such-endpoint");
    let token = itest::server::dev_var("SEED_TOKEN").unwrap_or_default();
    let seed_body = std::fs::read(itest::repo_root().join("edge/seed/demo.json")).unwrap_or_default();
    let seed = api.with_header("x-seed-token", &token).request("POST", "/api/dev/seed", Some(&seed_body));
    checks.push(check(
        "POST /api/dev/seed (with the dev seed token) is 404 NOT_FOUND like an unknown path",
        seed.status == 404 && error_code(&seed.body) == "NOT_FOUND" && unknown.status == 404,
        format!("{} {}", seed.status, seed.text.chars().take(120).collect::<String>()),
    ));
    let others: Vec<(u16, String)> = [
        ("GET", "/api/dev/seed"),
        ("POST", "/api/dev/members"),
        ("POST", "/api/dev/reconcile"),
        ("GET", "/api/dev/flash-sales/FS1/audit"),
    ]
    .iter()
    .map(|(m, p)| {
        let r = api.with_header("x-seed-token", &token).request(m, p, if *m == "POST" { Some(b"{}") } else { None });
        (r.status, format!("{m} {p} {}", r.status))
    })
    .collect();
    checks.push(check(
        "every other /api/dev/* route (any method) is 404",
        others.iter().all(|(s, _)| *s == 404),
        others.iter().map(|(_, d)| d.as_str()).collect::<Vec<_>>().join(", "),
    ));
    let doc = api.get("/api/openapi.json");
    let dev_paths: Vec<String> = doc.body["paths"]
        .as_object()
        .map(|p| p.keys().filter(|k| k.starts_with("/api/dev")).cloned().collect())
        .unwrap_or_default();
    checks.push(check(
        "the OpenAPI document lists no /api/dev path",
        doc.status == 200 && dev_paths.is_empty(),
        format!("{} {}", doc.status, dev_paths.join(", ")),
    ));
    let stated = api.at("2031-01-01T00:00:00Z").get("/api/health");
    let reported = stated.body["now"].as_str().unwrap_or_default().to_owned();
    let skew = chrono::DateTime::parse_from_rfc3339(&reported)
        .map(|t| (t.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds().abs())
        .unwrap_or(i64::MAX);
    checks.push(check(
        "X-Edgemall-Now is ignored (GET /api/health reports the real time)",
        stated.status == 200 && skew < 300,
        format!("stated 2031-01-01, reported {reported}"),
    ));
    let deep = api.get("/api/health/deep");
    checks.push(check(
        "the production build serves with production-like secrets",
        deep.status == 200,
        format!("/api/health/deep {}", deep.status),
    ));
    checks
}

fn refuses_development_secrets(api: &Api, log: &Path) -> Vec<Check> {
    let replies: Vec<(String, u16, String)> = ["/api/health", "/api/stores", "/api/openapi.json"]
        .iter()
        .map(|p| {
            let r = api.get(p);
            (p.to_string(), r.status, error_code(&r.body).to_owned())
        })
        .collect();
    let mut checks = vec![check(
        "with the .dev.vars secrets every API request is 503 with a JSON error",
        replies.iter().all(|(_, s, c)| *s == 503 && c == "UNAVAILABLE"),
        replies.iter().map(|(p, s, c)| format!("{p} {s} {c}")).collect::<Vec<_>>().join(", "),
    )];
    // wrangler writes the worker's console to its log; give it a moment to flush.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let secret = itest::server::dev_var("APP_SECRET").unwrap_or_else(|| "dev-only".into());
    let named =
        ["APP_SECRET", "GATEWAY_KEY"].iter().all(|n| text.contains(&format!("{n} is the published development value")));
    checks.push(check(
        "the log names APP_SECRET and GATEWAY_KEY, without their values",
        named && !text.contains(&secret),
        log.display().to_string(),
    ));
    checks
}
