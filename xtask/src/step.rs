//! Running commands as named, timed steps.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Prints `▶ name`, runs `f`, prints how long it took.
pub fn step<T>(name: &str, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    println!("▶ {name}");
    let start = Instant::now();
    let result = f();
    let secs = start.elapsed().as_secs_f64();
    match &result {
        Ok(_) => println!("  ✓ {name} ({secs:.1} s)"),
        Err(e) => println!("  ✗ {name} ({secs:.1} s): {e}"),
    }
    result
}

/// A command with the project's tool PATH, run in `dir`.
pub fn cmd(program: &str, args: &[&str], dir: &Path) -> Command {
    let mut c = Command::new(program);
    c.args(args).current_dir(dir).env("PATH", itest::tool_path());
    c
}

/// Runs a command with inherited output; error if it fails.
pub fn run(mut c: Command) -> Result<(), String> {
    let shown = format!("{c:?}");
    let status = c.stdin(Stdio::null()).status().map_err(|e| format!("could not run {shown}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{shown} failed ({status})")) }
}

/// Runs a command, echoing its output while capturing it; returns (success, output).
pub fn run_captured(mut c: Command) -> Result<(bool, String), String> {
    use std::io::{BufRead, BufReader};
    let shown = format!("{c:?}");
    let mut child = c
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not run {shown}: {e}"))?;
    let stderr = child.stderr.take();
    let err_thread = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(s) = stderr {
            for line in BufReader::new(s).lines().map_while(Result::ok) {
                eprintln!("{line}");
                text.push_str(&line);
                text.push('\n');
            }
        }
        text
    });
    let mut out = String::new();
    if let Some(s) = child.stdout.take() {
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            println!("{line}");
            out.push_str(&line);
            out.push('\n');
        }
    }
    out.push_str(&err_thread.join().unwrap_or_default());
    let status = child.wait().map_err(|e| format!("{shown}: {e}"))?;
    Ok((status.success(), out))
}

/// A command's stdout, trimmed, if it ran and succeeded.
pub fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).env("PATH", itest::tool_path()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}
