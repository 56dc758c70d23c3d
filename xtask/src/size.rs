//! The size report of a build (raw, gzip and brotli bytes of what a browser or Cloudflare loads)
//! and the budgets that fail `cargo xtask build` (and so CI) when a change makes them larger.

use crate::build::Flavor;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Bytes of one file (or a total): raw, gzipped (level 9) and brotli-compressed (quality 11,
/// what Cloudflare serves to browsers that accept it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSize {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Which of a row's numbers a budget limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Raw,
    Gzip,
}

/// A limit on one row of the report. `limit` is what the build enforces; `goal` is where
/// issue #14 wants it, shown next to it until the two meet.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    pub row: &'static str,
    pub measure: Measure,
    pub limit: u64,
    pub goal: u64,
}

/// The budgets `cargo xtask build` holds (and CI: the build layer the app's, the prod-build
/// layer the worker's). Where the goal (issue #14) is not reached yet, the limit is just above
/// the size measured after the fifth session of 2026-11-30 merged the store layout screen and
/// picture upload, tier benefits and birthdays, the console inbox and catalog reads from the
/// Cache API (app 601.9 KB, guide 624.9 KB gzip; production worker 2,544.5 KB raw). Each
/// session's features have grown every bundle (the fourth: app +48 KB, guide +48 KB, worker
/// +313 KB; the fifth: app +6 KB, guide +68 KB, worker +106 KB): the budgets hold the line,
/// lower them as the bundles shrink. 2026-12-01: the app's 603,066 B after the product page
/// stopped showing a disabled buy button under a live sale (+1.1 KB), hence 604,000; the
/// production worker's 2,554,016 B after the order path's batched reads (+9.5 KB), hence 2,556,000;
/// the worker's 2,449,208 B without ICU4X (`idna_adapter` 1.0, ASCII-only hosts: −107 KB),
/// hence 2,450,000. Sixth session of 2026-12-01: dates without chrono's strftime, one stable
/// sort per wasm, and untyped cores under the typed object calls and app client: app 586,910,
/// guide 590,577 B gzip, worker 2,338,886 B raw, hence 587,500, 591,000 and 2,339,500.
pub const BUDGETS: &[Budget] = &[
    Budget { row: "app first load (total)", measure: Measure::Gzip, limit: 587_500, goal: 250_000 },
    Budget { row: "guide first load (total)", measure: Measure::Gzip, limit: 591_000, goal: 200_000 },
    Budget { row: "worker/index_bg.wasm", measure: Measure::Raw, limit: 2_339_500, goal: 1_200_000 },
];

impl Measure {
    fn of(self, s: &FileSize) -> u64 {
        match self {
            Measure::Raw => s.raw,
            Measure::Gzip => s.gzip,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Measure::Raw => "raw",
            Measure::Gzip => "gzip",
        }
    }
}

/// Every budget that `sizes` break, as lines for the error message (a budget whose row is
/// missing is broken too: the report must measure what the budgets name).
pub fn over_budget(sizes: &[FileSize], budgets: &[Budget]) -> Vec<String> {
    budgets
        .iter()
        .filter_map(|b| match sizes.iter().find(|s| s.name == b.row) {
            None => Some(format!("{}: not in the size report", b.row)),
            Some(s) if b.measure.of(s) > b.limit => Some(format!(
                "{}: {} B {} > budget {} B (goal {} B)",
                b.row,
                b.measure.of(s),
                b.measure.name(),
                b.limit,
                b.goal
            )),
            Some(_) => None,
        })
        .collect()
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    let _ = enc.write_all(bytes);
    enc.finish().map(|v| v.len() as u64).unwrap_or(0)
}

fn brotli_len(bytes: &[u8]) -> u64 {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    match brotli::BrotliCompress(&mut &bytes[..], &mut out, &params) {
        Ok(_) => out.len() as u64,
        Err(_) => 0,
    }
}

/// One file's sizes, named `name` in the report.
pub fn measure(path: &Path, name: String) -> Result<FileSize, String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(FileSize { name, raw: bytes.len() as u64, gzip: gzip_len(&bytes), brotli: brotli_len(&bytes) })
}

/// The app's first-load files: index.html and the (hashed) js, wasm and css trunk wrote.
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
    let total = sizes.iter().fold((0, 0, 0), |(r, g, b), s| (r + s.raw, g + s.gzip, b + s.brotli));
    sizes.push(FileSize { name: format!("{label} first load (total)"), raw: total.0, gzip: total.1, brotli: total.2 });
    Ok(sizes)
}

/// The budgets that hold for a build of `flavor`: the worker's is the production worker's (the
/// development worker carries the `/api/dev/*` routes on top).
pub fn budgets_for(flavor: Flavor) -> Vec<Budget> {
    BUDGETS.iter().filter(|b| flavor == Flavor::Production || !b.row.starts_with("worker/")).copied().collect()
}

/// Measures the built app and worker, prints the table, writes `target/size-report.json`, and
/// fails when a budget is exceeded.
pub fn report(flavor: Flavor) -> Result<Vec<FileSize>, String> {
    let root = itest::repo_root();
    let dist = root.join("target/dist");
    let mut sizes = bundle(&dist, "app")?;
    sizes.extend(bundle(&dist.join("guide"), "guide")?);
    sizes.extend(crate::scanner::sizes(&root)?);
    sizes.push(measure(&root.join("edge/build/index_bg.wasm"), "worker/index_bg.wasm".into())?);
    sizes.push(measure(&root.join("edge/build/index.js"), "worker/index.js".into())?);
    println!("  {:<44} {:>9}   {:>9}   {:>9}", "", "raw", "gzip", "brotli");
    for s in &sizes {
        println!("  {:<44} {:>9} B {:>9} B {:>9} B", s.name, s.raw, s.gzip, s.brotli);
    }
    let budgets = budgets_for(flavor);
    println!("  (worker: the {} build)", if flavor == Flavor::Production { "production" } else { "development" });
    for b in &budgets {
        println!("  budget {:<37} ≤ {:>9} B {} (goal {} B)", b.row, b.limit, b.measure.name(), b.goal);
    }
    let json = serde_json::json!({
        "files": sizes.iter().map(|s| serde_json::json!({
            "name": s.name, "raw_bytes": s.raw, "gzip_bytes": s.gzip, "brotli_bytes": s.brotli,
        })).collect::<Vec<_>>(),
        "worker_flavor": if flavor == Flavor::Production { "production" } else { "dev" },
        "budgets": budgets.iter().map(|b| serde_json::json!({
            "name": b.row, "measure": b.measure.name(), "limit_bytes": b.limit, "goal_bytes": b.goal,
        })).collect::<Vec<_>>(),
    });
    let path = root.join("target/size-report.json");
    fs::write(&path, serde_json::to_string_pretty(&json).unwrap_or_default())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let over = over_budget(&sizes, &budgets);
    if over.is_empty() { Ok(sizes) } else { Err(format!("size budget exceeded:\n  {}", over.join("\n  "))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, raw: u64, gzip: u64) -> FileSize {
        FileSize { name: name.into(), raw, gzip, brotli: gzip }
    }

    const B: &[Budget] = &[
        Budget { row: "app first load (total)", measure: Measure::Gzip, limit: 100, goal: 50 },
        Budget { row: "worker/index_bg.wasm", measure: Measure::Raw, limit: 1000, goal: 800 },
    ];

    #[test]
    fn sizes_at_their_limits_pass() {
        let sizes = [row("app first load (total)", 999_999, 100), row("worker/index_bg.wasm", 1000, 1)];
        assert!(over_budget(&sizes, B).is_empty());
    }

    #[test]
    fn a_byte_over_a_limit_fails_and_names_the_goal() {
        let sizes = [row("app first load (total)", 5, 101), row("worker/index_bg.wasm", 1001, 1)];
        let over = over_budget(&sizes, B);
        assert_eq!(over.len(), 2, "{over:?}");
        assert!(over[0].contains("101 B gzip > budget 100 B (goal 50 B)"), "{over:?}");
        assert!(over[1].contains("1001 B raw"), "{over:?}");
    }

    #[test]
    fn a_budget_without_its_row_fails() {
        assert_eq!(over_budget(&[row("app first load (total)", 1, 1)], B).len(), 1);
    }

    #[test]
    fn brotli_and_gzip_shrink_repetitive_bytes() {
        let bytes = b"edgemall ".repeat(1000);
        assert!(brotli_len(&bytes) > 0 && brotli_len(&bytes) < 200);
        assert!(gzip_len(&bytes) > 0 && gzip_len(&bytes) < 200);
    }

    #[test]
    fn the_worker_budget_holds_for_the_production_worker_only() {
        assert!(budgets_for(Flavor::Production).iter().any(|b| b.row == "worker/index_bg.wasm"));
        assert!(budgets_for(Flavor::Dev).iter().all(|b| !b.row.starts_with("worker/")));
        assert_eq!(budgets_for(Flavor::Dev).len(), BUDGETS.len() - 1);
    }

    #[test]
    fn every_goal_is_at_or_below_its_limit() {
        assert!(BUDGETS.iter().all(|b| b.goal <= b.limit));
    }
}
