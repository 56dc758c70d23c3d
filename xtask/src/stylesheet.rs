//! Reads the app's stylesheet as text: a rule whose selector is written a second time at the
//! top level silently overrides the first (the later one wins property by property), so every
//! selector is written once and a test holds that.

/// The selectors of `css`'s rules outside at-rules (`@media`, `@keyframes`…), comments left
/// out, in order, each as written (whitespace collapsed).
pub fn top_level_selectors(css: &str) -> Vec<String> {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start + 2..].find("*/").map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    text.push_str(rest);
    let (mut open, mut selectors, mut current) = (Vec::<String>::new(), Vec::new(), String::new());
    for c in text.chars() {
        match c {
            '{' => open.push(std::mem::take(&mut current).split_whitespace().collect::<Vec<_>>().join(" ")),
            '}' => {
                let selector = open.pop().unwrap_or_default();
                if open.is_empty() && !selector.starts_with('@') {
                    selectors.push(selector);
                }
                current.clear();
            }
            ';' if open.is_empty() => current.clear(), // `@import …;` and the like
            c => current.push(c),
        }
    }
    selectors
}

/// The selectors `css` writes more than once at the top level.
pub fn repeated_selectors(css: &str) -> Vec<String> {
    let mut seen = std::collections::BTreeMap::<String, u32>::new();
    for s in top_level_selectors(css) {
        *seen.entry(s).or_default() += 1;
    }
    seen.into_iter().filter(|(_, n)| *n > 1).map(|(s, _)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_outside_at_rules_are_read_without_comments() {
        let css =
            "/* a { } */\n.a { color: red; }\n@media (max-width: 1px) { .a { color: blue; } }\n.b\n  .c { x: y }\n";
        assert_eq!(top_level_selectors(css), vec![".a", ".b .c"]);
        assert!(repeated_selectors(css).is_empty(), "a rule inside @media is not a repeat");
        assert_eq!(repeated_selectors(".a { x: 1 }\n.b { }\n.a { y: 2 }"), vec![".a"]);
    }

    #[test]
    fn the_apps_stylesheet_writes_each_selector_once() {
        let path = itest::repo_root().join("app/style.css");
        let css = std::fs::read_to_string(&path).expect("app/style.css");
        assert!(top_level_selectors(&css).len() > 100, "the stylesheet was not read");
        assert_eq!(repeated_selectors(&css), Vec::<String>::new(), "merge these rules into one each");
    }
}
