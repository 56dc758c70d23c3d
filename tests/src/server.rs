//! Starting and stopping `wrangler dev`.
//!
//! wrangler runs in a process group of its own, so Ctrl-C in a terminal reaches only the
//! caller, which then stops the whole group (node and the workerd it spawned) deliberately.

use std::fs;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `wrangler dev`. Dropping it stops the server.
pub struct DevServer {
    child: Option<Child>,
    port: u16,
    state_dir: PathBuf,
    log: PathBuf,
}

/// How to start a server.
pub struct ServerOptions {
    /// Port to listen on (`None`: a free one).
    pub port: Option<u16>,
    /// Where D1 and Durable Object state persist.
    pub state_dir: PathBuf,
    /// Where wrangler's output goes.
    pub log: PathBuf,
}

/// A port nobody listens on right now.
pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn wrangler(args: &[&str]) -> Command {
    let root = crate::repo_root();
    let mut cmd = Command::new(root.join("node_modules/.bin/wrangler"));
    cmd.args(args)
        .current_dir(root.join("edge"))
        .env("PATH", crate::tool_path())
        .env("WRANGLER_SEND_METRICS", "false")
        .env("WRANGLER_SEND_ERROR_REPORTS", "false")
        .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
        .env("NO_COLOR", "1")
        .env("CI", "1");
    cmd
}

/// Applies the D1 migrations in `edge/migrations` to the local database under `state_dir`.
pub fn apply_migrations(state_dir: &Path) -> Result<(), String> {
    let state = state_dir.to_string_lossy().to_string();
    let out = wrangler(&["d1", "migrations", "apply", "DB", "--local", "--persist-to", &state])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not run wrangler: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "wrangler d1 migrations apply failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// When a freshly started server counts as up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ready {
    /// `/api/health` answers 200.
    Healthy,
    /// The worker answers `/api/health` with JSON at all (a production build refusing its
    /// development secrets answers 503).
    Answers,
}

impl DevServer {
    /// Applies migrations, starts wrangler dev, and waits until `/api/health` answers 200.
    pub fn start(options: ServerOptions) -> Result<DevServer, String> {
        DevServer::start_with(options, &[], Ready::Healthy)
    }

    /// [`DevServer::start`] with more arguments for `wrangler dev` (e.g. `--var NAME:value`) and
    /// another readiness condition.
    pub fn start_with(options: ServerOptions, extra_args: &[String], ready: Ready) -> Result<DevServer, String> {
        fs::create_dir_all(&options.state_dir).map_err(|e| format!("state dir: {e}"))?;
        apply_migrations(&options.state_dir)?;
        if let Some(dir) = options.log.parent() {
            let _ = fs::create_dir_all(dir);
        }
        // A free port can be taken by someone else (workerd's own listeners included) between
        // our probe and wrangler's bind: such a start is tried again on fresh ports.
        let mut attempt = 0;
        loop {
            attempt += 1;
            let port = match options.port {
                Some(p) => p,
                None => free_port().map_err(|e| format!("no free port: {e}"))?,
            };
            match Self::spawn(&options, port, extra_args, ready) {
                Err(e) if attempt < 3 && e.contains("Address already in use") => {
                    std::thread::sleep(Duration::from_millis(500));
                }
                other => return other,
            }
        }
    }

    fn spawn(options: &ServerOptions, port: u16, extra_args: &[String], ready: Ready) -> Result<DevServer, String> {
        let inspector = free_port().map_err(|e| format!("no free port: {e}"))?;
        let log = fs::File::create(&options.log).map_err(|e| format!("log file: {e}"))?;
        let log_err = log.try_clone().map_err(|e| format!("log file: {e}"))?;
        let (port_s, inspector_s) = (port.to_string(), inspector.to_string());
        let state = options.state_dir.to_string_lossy().to_string();
        let mut args = vec![
            "dev",
            "--local",
            "--ip",
            "127.0.0.1",
            "--port",
            &port_s,
            "--inspector-port",
            &inspector_s,
            "--persist-to",
            &state,
            "--show-interactive-dev-session=false",
            "--live-reload=false",
        ];
        args.extend(extra_args.iter().map(String::as_str));
        let child = wrangler(&args)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .process_group(0)
            .spawn()
            .map_err(|e| format!("could not start wrangler dev: {e}"))?;
        let mut server =
            DevServer { child: Some(child), port, state_dir: options.state_dir.clone(), log: options.log.clone() };
        server.wait_ready(Duration::from_secs(90), ready)?;
        Ok(server)
    }

    /// `http://127.0.0.1:{port}`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The state directory.
    pub fn state_dir(&self) -> &Path {
        &self.state_dir
    }

    /// Whether the server process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.as_mut().map(|c| c.try_wait()), Some(Ok(None)))
    }

    fn wait_ready(&mut self, timeout: Duration, ready: Ready) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        let url = format!("{}/api/health", self.base_url());
        let agent = crate::client::agent(Duration::from_secs(5));
        while Instant::now() < deadline {
            if !self.is_running() {
                return Err(format!("wrangler dev exited early; see {}:\n{}", self.log.display(), tail(&self.log)));
            }
            if let Ok(mut resp) = agent.get(&url).call() {
                let status = resp.status().as_u16();
                let json = resp.body_mut().read_json::<serde_json::Value>().is_ok();
                if status == 200 || (ready == Ready::Answers && json) {
                    return Ok(());
                }
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        let log = tail(&self.log);
        self.stop();
        Err(format!("wrangler dev did not become healthy in {timeout:?}:\n{log}"))
    }

    /// Stops the server's whole process group: SIGTERM, then SIGKILL after 5 s.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            signal_group(&child, libc::SIGTERM);
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            signal_group(&child, libc::SIGKILL);
            let _ = child.wait();
        }
    }

    /// Kills the server's process group at once (`kill -9`), as a crash would.
    pub fn kill_hard(&mut self) {
        if let Some(mut child) = self.child.take() {
            signal_group(&child, libc::SIGKILL);
            let _ = child.wait();
        }
    }

    /// Stops and starts again on the same port with the same state.
    pub fn restart(&mut self) -> Result<(), String> {
        self.stop();
        let fresh = DevServer::start(ServerOptions {
            port: Some(self.port),
            state_dir: self.state_dir.clone(),
            log: self.log.clone(),
        })?;
        *self = fresh;
        Ok(())
    }

    /// Starts again after [`DevServer::kill_hard`] (same port, same state).
    pub fn start_again(&mut self) -> Result<(), String> {
        self.restart()
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn signal_group(child: &Child, signal: i32) {
    // The child leads its own group (process_group(0)), so its pid is the group id.
    let pgid = child.id() as i32;
    if pgid > 0 {
        // SAFETY: kill(2) with a negative pid signals that process group; no memory is shared.
        unsafe {
            libc::kill(-pgid, signal);
        }
    }
}

/// The last lines of a log file.
pub fn tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// The dev secrets of `edge/.dev.vars` (written by xtask from `.dev.vars.example`).
pub fn dev_var(name: &str) -> Option<String> {
    let text = fs::read_to_string(crate::repo_root().join("edge/.dev.vars")).ok()?;
    text.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == name).then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// Loads the demo seed (`edge/seed/demo.json`) into a running server; harmless if already there.
pub fn seed(base_url: &str) -> Result<serde_json::Value, String> {
    let token = dev_var("SEED_TOKEN").ok_or("edge/.dev.vars has no SEED_TOKEN")?;
    let body =
        fs::read_to_string(crate::repo_root().join("edge/seed/demo.json")).map_err(|e| format!("seed file: {e}"))?;
    let agent = crate::client::agent(Duration::from_secs(120));
    let mut resp = agent
        .post(&format!("{base_url}/api/dev/seed"))
        .header("x-seed-token", &token)
        .header("content-type", "application/json")
        .send(body.as_bytes())
        .map_err(|e| format!("seed request: {e}"))?;
    let status = resp.status().as_u16();
    let text = resp.body_mut().read_to_string().map_err(|e| format!("seed response: {e}"))?;
    if status != 200 {
        return Err(format!("seed answered {status}: {text}"));
    }
    serde_json::from_str(&text).map_err(|e| format!("seed response: {e}"))
}
