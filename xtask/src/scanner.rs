//! The camera's code reader (`scanner/`) as its own module in `target/dist/scanner/`: the
//! camera glue `camera.js` (from `scanner/js/`), which the app imports only when a Scan button is
//! pressed (`app/src/components/scanner.rs`), and the Rust reader `scanner.js` +
//! `scanner_bg.wasm`, which `camera.js` imports only in a browser without `BarcodeDetector`.
//! None of it is part of either first load; the size report lists it on lines of its own.
//! Runs after both trunk builds, which empty their dist folders.

use crate::size::{self, FileSize};
use crate::step::{cmd, run};
use crate::tools::tool_bin;
use std::path::Path;

/// Where the module is served from (the app imports `/scanner/scanner.js`).
pub const DIR: &str = "target/dist/scanner";

/// Builds the reader for wasm32, generates its ES-module glue and shrinks it with wasm-opt.
pub fn build(root: &Path) -> Result<(), String> {
    run(cmd(
        "cargo",
        &["build", "-p", "scanner", "--lib", "--release", "--target", "wasm32-unknown-unknown", "--offline"],
        root,
    ))?;
    let wasm = root.join("target/wasm32-unknown-unknown/release/scanner.wasm");
    let out = root.join(DIR);
    run(cmd(
        &tool_bin("wasm-bindgen").to_string_lossy(),
        &["--target", "web", "--no-typescript", "--out-dir", &out.to_string_lossy(), &wasm.to_string_lossy()],
        root,
    ))?;
    let camera = root.join("scanner/js/camera.js");
    std::fs::copy(&camera, out.join("camera.js")).map_err(|e| format!("{}: {e}", camera.display()))?;
    let bg = out.join("scanner_bg.wasm").to_string_lossy().to_string();
    run(cmd(
        &root.join("node_modules/.bin/wasm-opt").to_string_lossy(),
        &[
            bg.as_str(),
            "-Oz",
            "--strip-debug",
            "--strip-producers",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
            "-o",
            bg.as_str(),
        ],
        root,
    ))
}

/// The module's files for the size report, named `scanner/…` (loaded on demand, no budget).
pub fn sizes(root: &Path) -> Result<Vec<FileSize>, String> {
    ["camera.js", "scanner.js", "scanner_bg.wasm"]
        .iter()
        .map(|f| size::measure(&root.join(DIR).join(f), format!("scanner/{f} (on demand)")))
        .collect()
}
