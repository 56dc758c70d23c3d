use super::*;

#[test]
fn chinese_is_the_default_and_english_the_switch() {
    assert_eq!(Lang::default(), Lang::Zh);
    assert_eq!(t(Lang::Zh, Key::TabHome), "首页");
    assert_eq!(t(Lang::En, Key::TabHome), "Home");
    assert_eq!(t(Lang::Zh, Key::SwitchLang), "EN");
    assert_eq!(Lang::Zh.other(), Lang::En);
}

#[test]
fn saved_codes_round_trip_and_unknown_ones_fall_back() {
    assert_eq!(Lang::from_code(Lang::En.code()), Lang::En);
    assert_eq!(Lang::from_code("fr"), Lang::Zh);
}

#[test]
fn every_category_has_a_label_in_both_languages() {
    for c in CATEGORIES {
        assert_ne!(category(Lang::Zh, c), *c);
        assert_ne!(category(Lang::En, c), *c);
    }
    assert_eq!(category(Lang::En, "mystery"), "mystery");
}

#[test]
fn both_tables_say_every_error_the_other_does() {
    use shared::ErrorCode::*;
    for code in [Unauthenticated, CodeUsed, SoldOut, BoundElsewhere, ReturnWindowClosed] {
        assert!(error_text(Lang::Zh, code).is_some() && error_text(Lang::En, code).is_some(), "{code:?}");
    }
}

/// Whether `c` is Chinese text: ideographs, CJK punctuation, full-width forms.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// The lines of shipped code in `text` that hold Chinese: comments and the tests at the end
/// of a file (fixtures such as a customer's name) are not UI strings.
fn cjk_lines(text: &str) -> Vec<usize> {
    text.lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//") && l.chars().any(is_cjk))
        .map(|(i, _)| i + 1)
        .collect()
}

#[test]
fn the_scan_finds_chinese_in_code_but_not_in_comments_or_tests() {
    assert_eq!(
        cjk_lines("let a = 1;\n// 注释\nlet b = \"首页\";\nlet c = '，';\n#[cfg(test)]\nlet d = \"首页\";"),
        [3, 4]
    );
}

#[test]
fn chinese_text_lives_only_in_the_chinese_table() {
    fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("app/src is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.ends_with("i18n/zh.rs")
                && !path.ends_with("tests.rs")
            {
                let text = std::fs::read_to_string(&path).expect("a source file");
                found.extend(cjk_lines(&text).into_iter().map(|n| format!("{}:{n}", path.display())));
            }
        }
    }
    let mut found = Vec::new();
    walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut found);
    assert!(found.is_empty(), "Chinese outside i18n/zh.rs (move it into the tables): {found:#?}");
}
