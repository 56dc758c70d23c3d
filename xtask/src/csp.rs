//! The app's static headers, finished after each build. trunk names every file by a hash of its
//! contents (`app-1f2e…_bg.wasm`), and its inline loader script in each page names those files,
//! so the loader's own hash changes with every build. `public/_headers` is therefore a template:
//! trunk copies it into `target/dist`, and [`finish`] replaces [`LOADER_HASHES`] in its
//! Content-Security-Policy by the CSP sources of the loaders actually written (no
//! `'unsafe-inline'`), and adds a rule per hashed file that lets browsers keep it for a year
//! without asking again (`immutable`). Pages keep the assets' default, which revalidates
//! (`max-age=0, must-revalidate` with an ETag), so a new build is seen at once.

use base64::Engine;
use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;

/// Stands in `public/_headers` for the hashes of trunk's inline loader scripts.
pub const LOADER_HASHES: &str = "'trunk-loader-hashes'";

/// How long and how a content-addressed file may be cached.
pub const IMMUTABLE: &str = "Cache-Control: public, max-age=31536000, immutable";

/// The pages whose inline scripts the policy must allow (the guide's tab pages are copies of
/// its `index.html`).
const PAGES: [&str; 2] = ["index.html", "guide/index.html"];

/// The CSP source (`'sha256-…'`) of every inline `<script>` in an HTML page.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else { break };
        let tag = &after[..tag_end];
        let body = &after[tag_end + 1..];
        let Some(close) = body.find("</script>") else { break };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&body.as_bytes()[..close]);
            hashes.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &body[close..];
    }
    hashes
}

/// Whether trunk named this file by its contents: `stem-<hex hash>` then `.ext` or `_bg.wasm`.
pub fn is_content_hashed(file_name: &str) -> bool {
    let Some(dash) = file_name.rfind('-') else { return false };
    let tail = &file_name[dash + 1..];
    let hex = tail.chars().take_while(char::is_ascii_hexdigit).count();
    (8..=16).contains(&hex) && matches!(tail[hex..].chars().next(), Some('.' | '_'))
}

/// The finished `_headers`: the template with the loader hashes filled in, and one immutable
/// rule per content-hashed file (paths from the site's root).
pub fn render(template: &str, loader_hashes: &[String], hashed_paths: &[String]) -> Result<String, String> {
    if !template.contains(LOADER_HASHES) {
        return Err(format!("public/_headers' script-src lacks the {LOADER_HASHES} placeholder"));
    }
    if loader_hashes.is_empty() {
        return Err("no inline loader script found in the built pages".into());
    }
    let mut out = template.replace(LOADER_HASHES, &loader_hashes.join(" "));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("\n# Named by their contents (added by `cargo xtask build`): never revalidated.\n");
    for path in hashed_paths {
        out.push_str(&format!("{path}\n  {IMMUTABLE}\n"));
    }
    Ok(out)
}

/// Content-hashed files of `dir`, as site paths under `prefix` (`/` or `/guide/`).
fn hashed_files(dir: &Path, prefix: &str) -> Result<Vec<String>, String> {
    let mut paths: Vec<String> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| is_content_hashed(n))
        .map(|n| format!("{prefix}{n}"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// Writes `dist/_headers` from the template trunk copied there, then checks the result.
pub fn finish(dist: &Path) -> Result<(), String> {
    let headers_path = dist.join("_headers");
    let template = fs::read_to_string(&headers_path)
        .map_err(|e| format!("{}: {e} (public/_headers is copied by app/index.html)", headers_path.display()))?;
    let mut hashes = Vec::new();
    for page in PAGES {
        let path = dist.join(page);
        let html = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for h in inline_script_hashes(&html) {
            if !hashes.contains(&h) {
                hashes.push(h);
            }
        }
    }
    let mut hashed = hashed_files(dist, "/")?;
    hashed.extend(hashed_files(&dist.join("guide"), "/guide/")?);
    if !hashed.iter().any(|p| p.ends_with(".wasm")) {
        return Err("trunk wrote no content-hashed wasm: is `filehash` off in Trunk.toml?".into());
    }
    let headers = render(&template, &hashes, &hashed)?;
    fs::write(&headers_path, headers).map_err(|e| format!("{}: {e}", headers_path.display()))?;
    check(dist)
}

/// Checks the built app in `dist`: every inline script of its pages is allowed by `_headers`.
pub fn check(dist: &Path) -> Result<(), String> {
    let headers =
        fs::read_to_string(dist.join("_headers")).map_err(|e| format!("{}: {e}", dist.join("_headers").display()))?;
    let mut missing = Vec::new();
    for page in PAGES {
        let path = dist.join(page);
        let html = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        missing.extend(inline_script_hashes(&html).into_iter().filter(|h| !headers.contains(h.as_str())));
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("target/dist/_headers' script-src does not allow trunk's inline loader {}", missing.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_scripts_are_hashed() {
        let html = r#"<script src="/a.js"></script><script type="module">alert(1)</script><p><script>x</script>"#;
        // sha256("alert(1)") and sha256("x"), base64.
        assert_eq!(
            inline_script_hashes(html),
            vec![
                "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='".to_owned(),
                "'sha256-LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE='".to_owned()
            ]
        );
    }

    #[test]
    fn trunks_hashed_names_are_recognised() {
        for name in [
            "app-4f0c2a9d1e8b7c65_bg.wasm",
            "app-4f0c2a9d1e8b7c65.js",
            "style-a1b2c3d4e5f60718.css",
            "favicon-0123abcd.svg",
        ] {
            assert!(is_content_hashed(name), "{name}");
        }
        for name in
            ["index.html", "pickup.html", "app_bg.wasm", "store-map.png", "_headers", "link-card.html", "app-xyz.js"]
        {
            assert!(!is_content_hashed(name), "{name}");
        }
    }

    #[test]
    fn the_template_gets_the_loader_hashes_and_an_immutable_rule_per_hashed_file() {
        let template = "/*\n  Content-Security-Policy: script-src 'self' 'trunk-loader-hashes'; object-src 'none'\n";
        let out =
            render(template, &["'sha256-A'".into(), "'sha256-B'".into()], &["/app-0123abcd_bg.wasm".into()]).unwrap();
        assert!(out.contains("script-src 'self' 'sha256-A' 'sha256-B'; object-src"), "{out}");
        assert!(!out.contains(LOADER_HASHES));
        assert!(out.contains("/app-0123abcd_bg.wasm\n  Cache-Control: public, max-age=31536000, immutable\n"), "{out}");
    }

    #[test]
    fn a_template_without_the_placeholder_or_a_page_without_a_loader_is_refused() {
        assert!(render("/*\n  X: y\n", &["'sha256-A'".into()], &[]).is_err());
        assert!(render("/*\n  CSP: script-src 'trunk-loader-hashes'\n", &[], &[]).is_err());
    }

    #[test]
    fn the_committed_template_has_the_placeholder_and_no_stale_hash() {
        let template = include_str!("../../public/_headers");
        assert!(template.contains(LOADER_HASHES));
        assert!(!template.contains("'sha256-"), "loader hashes are filled in by the build");
        let csp = template.lines().find(|l| l.trim_start().starts_with("Content-Security-Policy:")).unwrap_or_default();
        let script_src = csp.split(';').find(|d| d.contains("script-src")).unwrap_or_default();
        assert!(script_src.contains(LOADER_HASHES), "{csp}");
        assert!(!script_src.contains("'unsafe-inline'"), "{script_src}");
    }
}
