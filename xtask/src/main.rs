//! `cargo xtask <command>`: edgemall's orchestration, in Rust rather than shell.
//!
//! * `dev`      — install what is missing, build, start app + API on http://127.0.0.1:8787
//! * `test`     — install what is missing, then every test layer, with a summary
//! * `build`    — build the app and the production worker (no `dev` feature) and report their
//!   sizes; `build --dev` builds the development worker instead
//! * `setup`    — only install what is missing
//! * `loadtest` — hot paths against the floor, flash-sale races (2,000 buyers, k = 1, 2, 4, at
//!   64 and 256 connections), the bucket model, and the crash test; `--small` as in `test`,
//!   `--skip-build` with the worker already built
//! * `size`     — the size report and budgets of what is built now, without building
//! * `deploy`   — build for production, migrate D1 (`--remote`, or `--local --persist-to DIR`),
//!   put the secrets through wrangler's prompts, deploy
//! * `admin create <staff_no>` — the first head-office account (password from
//!   `EDGEMALL_ADMIN_PASSWORD` or a prompt), written with `wrangler d1 execute`
//! * `bench`    — cold start of a fresh `wrangler dev` and the app's settle time at 4× CPU
//!   throttle (printed, not asserted)

mod bench;
mod bucket_sim;
mod build;
mod csp;
mod deploy;
mod deploy_check;
mod dev;
mod layout;
mod load;
mod minify;
mod prod_check;
mod scanner;
mod size;
mod step;
#[cfg(test)]
mod stylesheet;
mod test;
mod tools;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => dev::run(),
        Some("test") => test::run(&args[1..]),
        Some("build") => {
            let flavor = if args.iter().any(|a| a == "--dev") { build::Flavor::Dev } else { build::Flavor::Production };
            tools::ensure_all(tools::Need::Build).and_then(|_| build::all(flavor).map(|_| ()))
        }
        Some("setup") => tools::ensure_all(tools::Need::Everything),
        Some("loadtest") => load::command(&args[1..]),
        Some("bench") => bench::command(),
        Some("deploy") => deploy::command(&args[1..]),
        Some("admin") => deploy::admin_command(&args[1..]),
        Some("size") => size::report(build::built_flavor().unwrap_or(build::Flavor::Production)).map(|_| ()),
        _ => {
            eprintln!(
                "usage: cargo xtask <dev | test [--skip-setup] [--only layers] | build [--release | --dev] | setup | loadtest [--small | --catalog] [--skip-build] | bench | size | deploy [--local --persist-to DIR] | admin create <staff_no>>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}
