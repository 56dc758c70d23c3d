//! Building the app (trunk) and the worker (worker-build), and reporting their sizes.

use crate::step::{cmd, run, step};
use crate::tools::tool_bin;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Bytes of one file, raw and gzipped.
pub struct FileSize {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
}

/// Which worker a build makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// With the `edge` crate's `dev` feature: /api/dev/*, `X-Edgemall-Now`, the sandbox
    /// gateway's instant confirmation. For `cargo xtask dev`, the tests and the load tool.
    Dev,
    /// Without it: what `cargo xtask build` makes and a deployment runs.
    Production,
}

impl Flavor {
    fn name(self) -> &'static str {
        match self {
            Flavor::Dev => "dev",
            Flavor::Production => "production",
        }
    }

    /// worker-build's arguments: it hands what it does not know itself to `cargo build`.
    pub fn worker_build_args(self) -> &'static [&'static str] {
        match self {
            Flavor::Dev => &["--release", "--features", "dev"],
            Flavor::Production => &["--release"],
        }
    }
}

/// Builds both halves and reports sizes.
pub fn all(flavor: Flavor) -> Result<Vec<FileSize>, String> {
    step("build app (trunk build --release)", app)?;
    step(&format!("build worker (worker-build {})", flavor.worker_build_args().join(" ")), || worker(flavor))?;
    step("size report (target/size-report.json)", report)
}

/// Where the flavor of the worker in `edge/build` is written down.
fn flavor_stamp() -> PathBuf {
    itest::repo_root().join("edge/build/.edgemall-flavor")
}

/// The flavor of the worker now in `edge/build`, if xtask built it.
pub fn built_flavor() -> Option<Flavor> {
    match fs::read_to_string(flavor_stamp()).ok()?.trim() {
        "dev" => Some(Flavor::Dev),
        "production" => Some(Flavor::Production),
        _ => None,
    }
}

/// Builds the worker unless `edge/build` already holds this flavor.
pub fn ensure_worker(flavor: Flavor) -> Result<(), String> {
    if built_flavor() == Some(flavor) {
        return Ok(());
    }
    step(&format!("build worker (worker-build {})", flavor.worker_build_args().join(" ")), || worker(flavor))
}

/// The customers' app into `target/dist`, then the guide console into `target/dist/guide`
/// (trunk empties its dist first, so the order matters).
pub fn app() -> Result<(), String> {
    let root = itest::repo_root();
    let trunk = tool_bin("trunk");
    run(cmd(&trunk.to_string_lossy(), &["build", "--release", "--skip-version-check"], &root))?;
    run(cmd(
        &trunk.to_string_lossy(),
        &[
            "build",
            "--release",
            "--skip-version-check",
            "app/guide/index.html",
            "--dist",
            "target/dist/guide",
            "--public-url",
            "/guide/",
        ],
        &root,
    ))?;
    guide_tab_pages(&root.join("target/dist/guide"), &root.join("app/guide/tabs.txt"))?;
    crate::csp::check(&root.join("target/dist"))
}

/// The static assets fall back to the customers' `index.html` for unknown paths, so each guide
/// tab (`/guide/pickup`) gets its own copy of the console's page (`guide/pickup.html`, served
/// for `/guide/pickup`); a deep link or reload then opens the console on that tab.
fn guide_tab_pages(guide_dist: &Path, tabs: &Path) -> Result<(), String> {
    let list = fs::read_to_string(tabs).map_err(|e| format!("{}: {e}", tabs.display()))?;
    let index = guide_dist.join("index.html");
    for slug in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let page = guide_dist.join(format!("{slug}.html"));
        fs::copy(&index, &page).map_err(|e| format!("{} -> {}: {e}", index.display(), page.display()))?;
    }
    Ok(())
}

/// Builds the worker into `edge/build` and stamps its flavor there.
pub fn worker(flavor: Flavor) -> Result<(), String> {
    let root = itest::repo_root();
    let _ = fs::remove_file(flavor_stamp());
    let mut c = cmd(&tool_bin("worker-build").to_string_lossy(), flavor.worker_build_args(), &root.join("edge"));
    // worker-build would download these; point it at the local ones instead.
    c.env("WASM_BINDGEN_BIN", tool_bin("wasm-bindgen"))
        .env("WASM_OPT_BIN", root.join("node_modules/.bin/wasm-opt"))
        .env("ESBUILD_BIN", root.join("node_modules/.bin/esbuild"));
    run(c)?;
    fs::write(flavor_stamp(), flavor.name()).map_err(|e| format!("{}: {e}", flavor_stamp().display()))
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    let _ = enc.write_all(bytes);
    enc.finish().map(|v| v.len() as u64).unwrap_or(0)
}

fn measure(path: &Path, name: String) -> Result<FileSize, String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(FileSize { name, raw: bytes.len() as u64, gzip: gzip_len(&bytes) })
}

/// The app's first-load files: index.html and the hashed js, wasm and css trunk wrote.
fn first_load_files(dist: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = vec![dist.join("index.html")];
    let entries = fs::read_dir(dist).map_err(|e| format!("{}: {e} (was the app built?)", dist.display()))?;
    for entry in entries.flatten() {
        let p = entry.path();
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if matches!(ext, "js" | "wasm" | "css") {
            files.push(p);
        }
    }
    files.sort();
    Ok(files)
}

/// The files of one bundle and their total, named `label/…` and `label first load (total)`.
fn bundle(dist: &Path, label: &str) -> Result<Vec<FileSize>, String> {
    let mut sizes = Vec::new();
    for f in first_load_files(dist)? {
        let name = format!("{label}/{}", f.file_name().and_then(|n| n.to_str()).unwrap_or_default());
        sizes.push(measure(&f, name)?);
    }
    let (raw, gzip) = sizes.iter().fold((0, 0), |(r, g), s| (r + s.raw, g + s.gzip));
    sizes.push(FileSize { name: format!("{label} first load (total)"), raw, gzip });
    Ok(sizes)
}

fn report() -> Result<Vec<FileSize>, String> {
    let root = itest::repo_root();
    let dist = root.join("target/dist");
    let mut sizes = bundle(&dist, "app")?;
    sizes.extend(bundle(&dist.join("guide"), "guide")?);
    sizes.push(measure(&root.join("edge/build/index_bg.wasm"), "worker/index_bg.wasm".into())?);
    sizes.push(measure(&root.join("edge/build/index.js"), "worker/index.js".into())?);
    for s in &sizes {
        println!("  {:<44} {:>9} B raw {:>9} B gzip", s.name, s.raw, s.gzip);
    }
    let json = serde_json::json!({
        "files": sizes.iter().map(|s| serde_json::json!({"name": s.name, "raw_bytes": s.raw, "gzip_bytes": s.gzip})).collect::<Vec<_>>(),
    });
    let path = root.join("target/size-report.json");
    fs::write(&path, serde_json::to_string_pretty(&json).unwrap_or_default())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(sizes)
}
