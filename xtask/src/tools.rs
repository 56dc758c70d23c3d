//! Every tool edgemall needs, pinned here and installed only when missing.
//!
//! Only package registries are reachable on our machines (see `../shared/toolchain.md`), so
//! nothing is downloaded from GitHub: cargo tools are built from crates.io into a fixed root
//! (`~/.cache/edgemall/tools`, or `$EDGEMALL_TOOLS`), node tools come from npm through the
//! committed lockfile, Chromium comes from Debian. Each check asks the installed tool for its
//! version first, so a second run installs nothing.

use crate::step::{cmd, output_of, run, step};
use std::fs;
use std::path::{Path, PathBuf};

/// trunk: 0.22 needs a newer rustc than these machines have.
pub const TRUNK: &str = "0.21.14";
/// worker-build: matches the `worker` crate (0.8.7).
pub const WORKER_BUILD: &str = "0.8.7";
/// Debian packages for the browser tests (and CJK fonts so screenshots show Chinese text).
pub const APT_PACKAGES: &[&str] = &["chromium", "chromium-driver", "fonts-noto-cjk"];
const CJK_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

/// What a command needs installed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Enough to build the app and the worker.
    Build,
    /// Also the browser for the tests.
    Everything,
}

/// Installs whatever is missing.
pub fn ensure_all(need: Need) -> Result<(), String> {
    let root = itest::repo_root();
    step("rust target wasm32-unknown-unknown", ensure_wasm_target)?;
    step(&format!("trunk {TRUNK}"), || ensure_cargo_tool("trunk", "trunk", TRUNK, true))?;
    let bindgen = wasm_bindgen_version(&root)?;
    step(&format!("wasm-bindgen-cli {bindgen} (as in Cargo.lock)"), || {
        // Its own lockfile names a crate version the registry lacks, so no --locked.
        ensure_cargo_tool("wasm-bindgen", "wasm-bindgen-cli", &bindgen, false)
    })?;
    step(&format!("worker-build {WORKER_BUILD}"), || {
        ensure_cargo_tool("worker-build", "worker-build", WORKER_BUILD, true)
    })?;
    step("npm packages (wrangler, binaryen, playwright-core)", || ensure_npm(&root))?;
    if need == Need::Everything {
        step("Debian chromium, chromium-driver, fonts-noto-cjk", ensure_apt)?;
    }
    step("cargo fetch (trunk builds offline)", || run(cmd("cargo", &["fetch", "--quiet"], &root)))?;
    step("edge/.dev.vars (local secrets)", || ensure_dev_vars(&root))?;
    Ok(())
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        println!("  already installed");
        return Ok(());
    }
    run(cmd("rustup", &["target", "add", "wasm32-unknown-unknown"], Path::new(".")))
}

/// The tool's binary in the tools root.
pub fn tool_bin(bin: &str) -> PathBuf {
    itest::tools_root().join("bin").join(bin)
}

fn ensure_cargo_tool(bin: &str, krate: &str, version: &str, locked: bool) -> Result<(), String> {
    let path = tool_bin(bin);
    let have = output_of(&path.to_string_lossy(), &["--version"]).unwrap_or_default();
    if have.split_whitespace().any(|w| w.trim_start_matches('v') == version) {
        println!("  already installed: {have}");
        return Ok(());
    }
    println!("  installing {krate} {version} (a few minutes, once per machine)");
    let root = itest::tools_root();
    let root_s = root.to_string_lossy().to_string();
    let mut args = vec!["install", krate, "--version", version, "--root", &root_s, "--force"];
    if locked {
        args.push("--locked");
    }
    run(cmd("cargo", &args, Path::new(".")))
}

/// The wasm-bindgen version Cargo.lock resolved (wasm-bindgen-cli must match it exactly).
pub fn wasm_bindgen_version(root: &Path) -> Result<String, String> {
    let lock = fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_owned());
        }
    }
    Err("Cargo.lock has no wasm-bindgen".into())
}

fn ensure_npm(root: &Path) -> Result<(), String> {
    let lock = fs::read(root.join("package-lock.json")).map_err(|e| format!("package-lock.json: {e}"))?;
    let stamp_path = root.join("node_modules/.edgemall-lock-stamp");
    let stamp = format!("{:x}", fnv1a(&lock));
    if fs::read_to_string(&stamp_path).ok().as_deref() == Some(stamp.as_str())
        && root.join("node_modules/.bin/wrangler").exists()
    {
        println!("  already installed (package-lock.json unchanged)");
        return Ok(());
    }
    run(cmd("npm", &["ci", "--no-audit", "--no-fund", "--loglevel=error"], root))?;
    fs::write(&stamp_path, stamp).map_err(|e| format!("stamp: {e}"))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x100000001b3))
}

fn ensure_apt() -> Result<(), String> {
    let have = ["/usr/bin/chromium", "/usr/bin/chromedriver", CJK_FONT].iter().all(|p| Path::new(p).exists());
    if have {
        println!("  already installed: {}", output_of("/usr/bin/chromium", &["--version"]).unwrap_or_default());
        return Ok(());
    }
    let root_user = output_of("id", &["-u"]).as_deref() == Some("0");
    let sudo = !root_user && output_of("sudo", &["-n", "true"]).is_some();
    if !root_user && !sudo {
        return Err(format!(
            "Chromium for the browser tests is missing and this user cannot install Debian packages.\n  Install by hand: sudo apt-get update && sudo apt-get install -y {}",
            APT_PACKAGES.join(" ")
        ));
    }
    let apt = |args: &[&str]| {
        let mut full: Vec<&str> = Vec::new();
        if sudo {
            full.push("apt-get");
        }
        full.extend_from_slice(args);
        let program = if sudo { "sudo" } else { "apt-get" };
        let mut c = cmd(program, &full, Path::new("."));
        c.env("DEBIAN_FRONTEND", "noninteractive");
        run(c)
    };
    apt(&["update", "-qq"])?;
    let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
    args.extend_from_slice(APT_PACKAGES);
    apt(&args)
}

fn ensure_dev_vars(root: &Path) -> Result<(), String> {
    let path = root.join("edge/.dev.vars");
    if path.exists() {
        println!("  present");
    } else {
        fs::copy(root.join("edge/.dev.vars.example"), &path).map_err(|e| format!("edge/.dev.vars: {e}"))?;
        println!("  written from edge/.dev.vars.example");
    }
    ensure_vapid_key(&path)
}

/// Web Push's VAPID signing key is generated per machine, never published: a fresh P-256
/// scalar (32 random bytes, base64url) is appended to `.dev.vars` the first time.
fn ensure_vapid_key(path: &Path) -> Result<(), String> {
    use base64::Engine;
    let text = fs::read_to_string(path).map_err(|e| format!("edge/.dev.vars: {e}"))?;
    if text.lines().any(|l| l.starts_with("VAPID_PRIVATE_KEY=")) {
        return Ok(());
    }
    let mut bytes = [0u8; 32];
    fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes))
        .map_err(|e| format!("/dev/urandom: {e}"))?;
    let key = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let line = format!("# Signs Web Push (VAPID); generated for this machine.\nVAPID_PRIVATE_KEY=\"{key}\"\n");
    let sep = if text.ends_with('\n') || text.is_empty() { "" } else { "\n" };
    fs::write(path, format!("{text}{sep}{line}")).map_err(|e| format!("edge/.dev.vars: {e}"))?;
    println!("  added a generated VAPID_PRIVATE_KEY");
    Ok(())
}
