//! Measures the shape of the code: which top-level modules of `edge/src` import which (an import
//! cycle is a failing test, not a review comment), and how many production lines `edge/src`
//! and `shared/src` hold (the worker should stay a thin shell around the core).
//!
//! Both read the sources as text. A module's imports are the `crate::name` paths (and
//! `crate::{a, b}` groups) in its files, comments left out; production lines are the lines that
//! are neither blank nor comments, outside `#[cfg(test)]` items and test files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level module → the other top-level modules its files name through `crate::`.
pub type ModuleGraph = BTreeMap<String, BTreeSet<String>>;

/// Every `.rs` file below `dir`, sorted, as (path relative to `dir`, text).
fn sources(dir: &Path) -> Result<Vec<(PathBuf, String)>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("reading {}: {e}", d.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
                out.push((path.strip_prefix(dir).map_err(|e| e.to_string())?.to_path_buf(), text));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The top-level module a file belongs to (`flows/claim.rs` → `flows`); `None` for the crate
/// root, which declares the modules and imports nothing of its own.
fn top_module(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.trim_end_matches(".rs");
    (name != "lib" && name != "main").then(|| name.to_owned())
}

/// The code of a line, without a trailing `//` comment (a whole-line comment gives "").
fn code_of(line: &str) -> &str {
    let t = line.trim();
    if t.starts_with("//") { "" } else { t.split(" //").next().unwrap_or(t) }
}

/// The top-level modules named by `crate::…` paths in `text`.
fn imports(text: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for line in text.lines().map(code_of) {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    named.insert(ident_prefix(item.trim()));
                }
            } else {
                named.insert(ident_prefix(rest));
            }
        }
    }
    named.retain(|n| !n.is_empty());
    named
}

fn ident_prefix(s: &str) -> String {
    s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

/// The import graph between the top-level modules of the crate whose sources are `files`.
pub fn module_graph(files: &[(PathBuf, String)]) -> ModuleGraph {
    let mut graph = ModuleGraph::new();
    for (rel, text) in files {
        let Some(top) = top_module(rel) else { continue };
        let edges = graph.entry(top.clone()).or_default();
        edges.extend(imports(text).into_iter().filter(|m| *m != top));
    }
    graph
}

/// A cycle in `graph` as the path of modules that closes it (`[a, b, a]`), if there is one.
pub fn find_cycle(graph: &ModuleGraph) -> Option<Vec<String>> {
    // Depth-first search; a module met again while still on the path closes a cycle.
    fn visit(
        graph: &ModuleGraph,
        node: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(graph, next, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|start| visit(graph, start, &mut Vec::new(), &mut done))
}

/// The import graph of `edge/src`.
pub fn edge_graph(root: &Path) -> Result<ModuleGraph, String> {
    Ok(module_graph(&sources(&root.join("edge/src"))?))
}

/// Whether a file is test code by its place: `tests.rs`, or anything below a `tests/` folder.
fn is_test_file(rel: &Path) -> bool {
    rel.file_name().is_some_and(|n| n == "tests.rs") || rel.components().any(|c| c.as_os_str() == "tests")
}

/// Production lines of one file: neither blank nor comment, outside `#[cfg(test)]` items.
/// Files a `#[cfg(test)] mod name;` declares are added to `test_files` (relative to the
/// crate's source folder) so the caller leaves them out too.
fn production_lines_of<'t>(rel: &Path, text: &'t str, test_files: &mut BTreeSet<PathBuf>) -> Vec<&'t str> {
    let mut kept = Vec::new();
    let mut in_block_comment = false;
    // Some(depth) while inside a test-only item: its braces still open.
    let mut skipping: Option<i64> = None;
    let mut cfg_test_pending = false;
    for raw in text.lines() {
        let t = raw.trim();
        if in_block_comment {
            in_block_comment = !t.contains("*/");
            continue;
        }
        if t.starts_with("/*") {
            in_block_comment = !t.contains("*/");
            continue;
        }
        let code = code_of(raw);
        if let Some(depth) = skipping.as_mut() {
            *depth += braces(code);
            if *depth <= 0 && (code.contains('}') || code.ends_with(';')) {
                skipping = None;
            }
            continue;
        }
        if code.is_empty() {
            continue;
        }
        if code.starts_with("#[cfg(test)]") {
            cfg_test_pending = true;
            continue;
        }
        if cfg_test_pending {
            cfg_test_pending = false;
            if let Some(name) = declared_module(code) {
                let dir = rel.parent().unwrap_or(Path::new(""));
                let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                let base = if matches!(stem, "mod" | "lib" | "main") { dir.to_path_buf() } else { dir.join(stem) };
                test_files.insert(base.join(format!("{name}.rs")));
                test_files.insert(base.join(name).join("mod.rs"));
                continue;
            }
            let depth = braces(code);
            if depth > 0 || !(code.ends_with(';') || code.ends_with('}')) {
                skipping = Some(depth);
            }
            continue;
        }
        kept.push(code);
    }
    kept
}

/// `name` of a `mod name;` declaration (with any visibility).
fn declared_module(code: &str) -> Option<&str> {
    let rest = code.strip_prefix("pub ").or(code.strip_prefix("pub(crate) ")).unwrap_or(code);
    rest.strip_prefix("mod ")?.strip_suffix(';').map(str::trim)
}

/// Opening minus closing braces on a line (outside string literals, roughly).
fn braces(code: &str) -> i64 {
    let mut depth = 0;
    let mut in_string = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '{' if !in_string => depth += 1,
            '}' if !in_string => depth -= 1,
            _ => {}
        }
    }
    depth
}

/// Production lines of the crate whose sources are `files`.
pub fn production_lines(files: &[(PathBuf, String)]) -> usize {
    production_code(files).iter().map(|(_, lines)| lines.len()).sum()
}

/// The production code of the crate whose sources are `files`: per file, its lines that are
/// neither blank nor comment, outside test code (trailing comments cut off).
pub fn production_code(files: &[(PathBuf, String)]) -> Vec<(PathBuf, Vec<&str>)> {
    let mut test_files = BTreeSet::new();
    let kept: Vec<(PathBuf, Vec<&str>)> = files
        .iter()
        .filter(|(rel, _)| !is_test_file(rel))
        .map(|(rel, text)| (rel.clone(), production_lines_of(rel, text, &mut test_files)))
        .collect();
    kept.into_iter().filter(|(rel, _)| !test_files.contains(rel)).collect()
}

/// Production lines of `edge/src` and of `shared/src`.
pub fn edge_and_core_lines(root: &Path) -> Result<(usize, usize), String> {
    Ok((production_lines(&sources(&root.join("edge/src"))?), production_lines(&sources(&root.join("shared/src"))?)))
}

/// One line for the test summary: both counts, their ratio, and edge's import cycle if any.
pub fn report(root: &Path) -> String {
    let lines = match edge_and_core_lines(root) {
        Ok((edge, core)) => {
            format!(
                "production lines: edge {edge}, shared {core} (edge/shared {:.2})",
                edge as f64 / core.max(1) as f64
            )
        }
        Err(e) => format!("production lines not counted: {e}"),
    };
    let cycle = match edge_graph(root).map(|g| find_cycle(&g)) {
        Ok(None) => "no import cycle in edge/src".to_owned(),
        Ok(Some(cycle)) => format!("edge/src import cycle: {}", cycle.join(" -> ")),
        Err(e) => format!("edge/src imports not read: {e}"),
    };
    format!("{lines}; {cycle}")
}

#[cfg(test)]
mod tests;
