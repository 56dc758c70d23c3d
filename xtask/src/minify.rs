//! Minifying wasm-bindgen's JS glue after trunk: trunk's own minifier gives up on it ("Failed to
//! minify JS") and ships it whole (52 KB, 8.7 KB gzip). esbuild, which the project already has
//! through wrangler, takes it to 23 KB (6.6 KB gzip). trunk has already written the file's
//! Subresource Integrity digest into the page, so the page gets the new digest. The file keeps
//! trunk's content-hashed name: it still changes exactly when the glue does.

use crate::step::{cmd, run};
use base64::Engine;
use sha2::{Digest, Sha384};
use std::fs;
use std::path::Path;

/// The `integrity` value of some bytes, as trunk writes it.
pub fn integrity(bytes: &[u8]) -> String {
    format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes)))
}

/// Minifies every content-hashed `.js` file in `dir` and updates its digest in `page`.
pub fn glue(dir: &Path, page: &Path) -> Result<(), String> {
    let root = itest::repo_root();
    let esbuild = root.join("node_modules/.bin/esbuild");
    let mut html = fs::read_to_string(page).map_err(|e| format!("{}: {e}", page.display()))?;
    let scripts: Vec<_> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "js")
                && p.file_name().and_then(|n| n.to_str()).is_some_and(crate::csp::is_content_hashed)
        })
        .collect();
    for script in scripts {
        let before = fs::read(&script).map_err(|e| format!("{}: {e}", script.display()))?;
        let old = integrity(&before);
        if !html.contains(&old) {
            return Err(format!("{} does not carry the digest of {}", page.display(), script.display()));
        }
        let file = script.to_string_lossy().to_string();
        let out = format!("--outfile={file}");
        run(cmd(
            &esbuild.to_string_lossy(),
            &[&file, "--minify", "--format=esm", "--allow-overwrite", &out, "--log-level=warning"],
            &root,
        ))?;
        let after = fs::read(&script).map_err(|e| format!("{}: {e}", script.display()))?;
        html = html.replace(&old, &integrity(&after));
    }
    fs::write(page, html).map_err(|e| format!("{}: {e}", page.display()))
}

#[cfg(test)]
mod tests {
    use super::integrity;

    #[test]
    fn digests_are_sha384_in_base64_as_browsers_check_them() {
        // sha384("") in base64.
        assert_eq!(integrity(b""), "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb");
    }
}
