//! Issue 14: the app's files are named by their contents and cached as `immutable`; its pages
//! revalidate, so a new build is seen on the next load, under the same CSP (no 'unsafe-inline').

use itest::client::Api;

/// The site paths of the hashed files a page loads (`src`/`href` values ending in .wasm/.js/.css).
fn assets_of(html: &str) -> Vec<String> {
    html.split(['"', '\''])
        .filter(|s| s.starts_with('/') && (s.ends_with(".wasm") || s.ends_with(".js") || s.ends_with(".css")))
        .map(str::to_owned)
        .collect()
}

#[test]
fn hashed_app_files_are_immutable_and_pages_revalidate() {
    let api = Api::from_env();
    for page in ["/", "/guide/"] {
        let html = api.get(page);
        assert_eq!(html.status, 200, "{page}");
        let cache = html.header("cache-control").unwrap_or_default();
        assert!(!cache.contains("immutable") && cache.contains("max-age=0"), "{page} revalidates: {cache}");
        let assets = assets_of(&html.text);
        assert!(assets.iter().any(|a| a.ends_with("_bg.wasm")), "{page} loads its wasm: {assets:?}");
        for asset in assets {
            let name = asset.rsplit('/').next().unwrap_or_default();
            let hash = name.rsplit_once('-').map(|(_, h)| h.split(['.', '_']).next().unwrap_or_default());
            assert!(
                hash.is_some_and(|h| h.len() >= 8 && h.chars().all(|c| c.is_ascii_hexdigit())),
                "{asset} is named by its contents"
            );
            let r = api.get(&asset);
            assert_eq!(r.status, 200, "{asset}");
            assert_eq!(r.header("cache-control"), Some("public, max-age=31536000, immutable"), "{asset}");
            // The CSP and the other security headers still apply to every file.
            assert!(r.header("content-security-policy").is_some_and(|c| c.contains("default-src 'self'")), "{asset}");
        }
    }
}

#[test]
fn the_csp_allows_each_pages_loader_by_hash_only() {
    let api = Api::from_env();
    let csp = api.get("/").header("content-security-policy").unwrap_or_default().to_owned();
    let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap_or_default();
    assert!(script_src.contains("'sha256-"), "{csp}");
    assert!(!script_src.contains("'unsafe-inline'") && !script_src.contains("trunk-loader-hashes"), "{csp}");
}
