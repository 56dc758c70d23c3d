//! The app's Content-Security-Policy allows trunk's inline loader script by its hash (no
//! `'unsafe-inline'`). After a build this checks that `public/_headers` (copied into
//! `target/dist`) names the hash of every inline script trunk wrote, so a trunk upgrade that
//! changes its loader fails the build instead of a blank app in production.

use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;

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

/// Checks the built app in `dist`: every inline script of its pages is allowed by `_headers`.
pub fn check(dist: &Path) -> Result<(), String> {
    let headers = std::fs::read_to_string(dist.join("_headers")).map_err(|e| {
        format!("{}: {e} (public/_headers is copied by app/index.html)", dist.join("_headers").display())
    })?;
    let mut missing = Vec::new();
    for page in ["index.html", "guide/index.html"] {
        let path = dist.join(page);
        let html = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        missing.extend(inline_script_hashes(&html).into_iter().filter(|h| !headers.contains(h.as_str())));
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "public/_headers' script-src does not allow trunk's inline loader; add {} (and drop stale hashes)",
            missing.join(" ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::inline_script_hashes;

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
}
