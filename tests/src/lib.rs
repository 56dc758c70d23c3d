//! The harness behind edgemall's integration, end-to-end and load tests, and behind
//! `cargo xtask dev`: it finds the repository, starts `wrangler dev` on a port of its own with
//! a state directory of its own, applies the D1 migrations, loads the demo seed, and offers a
//! small HTTP client for the tests.

pub mod client;
pub mod live;
pub mod load;
pub mod people;
pub mod push_service;
pub mod server;
pub mod shop;

use std::path::PathBuf;

/// The repository's root (the folder with the workspace `Cargo.toml`).
pub fn repo_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// Where the cargo-installed tools live (see `xtask/src/tools.rs`).
pub fn tools_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("EDGEMALL_TOOLS") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp"));
    home.join(".cache/edgemall/tools")
}

/// `PATH` with the project's tools first: cargo-installed ones, then `node_modules/.bin`.
pub fn tool_path() -> std::ffi::OsString {
    let mut dirs = vec![tools_root().join("bin"), repo_root().join("node_modules/.bin")];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_default()
}
