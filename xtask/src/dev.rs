//! `cargo xtask dev`: the whole system on http://127.0.0.1:8787 with the demo store.

use crate::step::step;
use crate::{build, tools};
use itest::server::{DevServer, ServerOptions};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const PORT: u16 = 8787;

pub fn run() -> Result<(), String> {
    tools::ensure_all(tools::Need::Everything)?;
    build::all(build::Flavor::Dev)?;
    let root = itest::repo_root();
    if std::net::TcpListener::bind(("127.0.0.1", PORT)).is_err() {
        return Err(format!("port {PORT} is in use: stop whatever listens there (another `cargo xtask dev`?)"));
    }
    let state_dir = root.join(".dev-state");
    let mut server = step("start wrangler dev (migrations, then the server)", || {
        DevServer::start(ServerOptions {
            port: Some(PORT),
            state_dir: state_dir.clone(),
            log: root.join("target/wrangler-dev.log"),
        })
    })?;
    let seeded = step("demo seed", || itest::server::seed(&server.base_url()))?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)).map_err(|e| format!("Ctrl-C handler: {e}"))?;
    println!(
        "\n  edgemall is running: {url}\n  API: {url}/api/health · docs: {url}/api/openapi.json\n  state: {state} (kept across restarts)\n  log: target/wrangler-dev.log\n  seed: {seeded}\n\n  Demo accounts (password demo1234):\n    member  13800000001   (balance, linked physical card)\n    member  13800000002   (new member)\n    guide   G1001         store S1\n    manager M1001         store S1\n    guide   G2001         store S2\n    admin   A0001         head office (every store)\n\n  Ctrl-C stops it.",
        url = server.base_url(),
        state = state_dir.display(),
    );
    while !stop.load(Ordering::SeqCst) {
        if !server.is_running() {
            return Err("wrangler dev stopped on its own; see target/wrangler-dev.log".into());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    println!("\nstopping…");
    server.stop();
    println!("stopped.");
    Ok(())
}
