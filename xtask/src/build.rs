//! Building the app (trunk) and the worker (worker-build); their sizes are reported and held to
//! budgets by [`crate::size`].

use crate::size::{self, FileSize};
use crate::step::{cmd, run, step};
use crate::tools::tool_bin;
use std::fs;
use std::path::{Path, PathBuf};

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
    /// The development worker skips worker-build's `wasm-opt -Oz`: it is served to the tests,
    /// never measured, and its bytes do not make it faster (that pass took 80 s of CPU). The
    /// production worker keeps it (worker-build knows the features its wasm-bindgen output
    /// needs, such as the exception-handling `try_table` of its catch wrappers, which a plain
    /// `-Oz` pass of ours refused to validate) and then has its names stripped ([`strip_names`]).
    pub fn worker_build_args(self) -> &'static [&'static str] {
        match self {
            Flavor::Dev => &["--release", "--no-opt", "--features", "dev"],
            Flavor::Production => &["--release"],
        }
    }
}

/// Builds both halves and reports sizes.
pub fn all(flavor: Flavor) -> Result<Vec<FileSize>, String> {
    step("build app (trunk build --release)", app)?;
    step(&format!("build worker (worker-build {})", flavor.worker_build_args().join(" ")), || worker(flavor))?;
    step("size report and budgets (target/size-report.json)", || size::report(flavor))
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
    let dist = root.join("target/dist");
    // wasm-bindgen writes JS snippets (`inline_js`, `module`) into a folder it never empties and
    // trunk preloads every one it finds there: a snippet the code no longer has would still be
    // fetched on the first load. The build writes the current ones again.
    for stale in ["target/wasm-bindgen/release/snippets", "target/dist/snippets", "target/dist/guide/snippets"] {
        let path = root.join(stale);
        if path.exists() {
            fs::remove_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    run(cmd(&trunk.to_string_lossy(), &["build", "--release", "--skip-version-check"], &root))?;
    crate::minify::glue(&dist, &dist.join("index.html"))?;
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
    crate::minify::glue(&dist.join("guide"), &dist.join("guide/index.html"))?;
    let console = dist.join("guide/index.html");
    guide_tab_pages(&console, &dist.join("guide"), &root.join("app/guide/tabs.txt"))?;
    guide_tab_pages(&console, &dist.join("guide/manage"), &root.join("app/guide/manage_pages.txt"))?;
    crate::scanner::build(&root)?;
    crate::csp::finish(&dist)
}

/// The static assets fall back to the customers' `index.html` for unknown paths, so each guide
/// tab (`/guide/pickup`) gets its own copy of the console's page (`guide/pickup.html`, served
/// for `/guide/pickup`); a deep link or reload then opens the console on that tab.
/// The manager's pages (`/guide/manage/sales`) get theirs the same way, in `guide/manage/`.
fn guide_tab_pages(index: &Path, guide_dist: &Path, tabs: &Path) -> Result<(), String> {
    let list = fs::read_to_string(tabs).map_err(|e| format!("{}: {e}", tabs.display()))?;
    fs::create_dir_all(guide_dist).map_err(|e| format!("{}: {e}", guide_dist.display()))?;
    for slug in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let page = guide_dist.join(format!("{slug}.html"));
        if let Some(dir) = page.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        fs::copy(index, &page).map_err(|e| format!("{} -> {}: {e}", index.display(), page.display()))?;
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
    if flavor == Flavor::Production {
        strip_names(&root)?;
    }
    fs::write(flavor_stamp(), flavor.name()).map_err(|e| format!("{}: {e}", flavor_stamp().display()))
}

/// Drops the wasm name section from the production worker. worker-build always keeps it
/// (`--debuginfo`) and it was 331 KB of 2,068 KB (16%); a production panic is still logged with
/// its message and source line by `console_error_panic_hook`. Development builds keep the names.
fn strip_names(root: &Path) -> Result<(), String> {
    let wasm = root.join("edge/build/index_bg.wasm").to_string_lossy().to_string();
    let features = [
        "--enable-bulk-memory",
        "--enable-reference-types",
        "--enable-nontrapping-float-to-int",
        "--enable-sign-ext",
        "--enable-mutable-globals",
        "--enable-multivalue",
    ];
    let mut args = vec![wasm.as_str(), "--strip-debug", "--strip-producers", "-o", wasm.as_str()];
    args.extend(features);
    run(cmd(&root.join("node_modules/.bin/wasm-opt").to_string_lossy(), &args, root))
}
