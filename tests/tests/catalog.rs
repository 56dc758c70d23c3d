//! Stores and products against a running server (seeded demo store).

use itest::client::Api;

#[test]
fn stores_list_both_demo_stores_with_at_least_four_floors() {
    let api = Api::from_env();
    let stores = api.get("/api/stores").expect(200).as_array().cloned().expect("an array");
    let ids: Vec<&str> = stores.iter().filter_map(|s| s["id"].as_str()).collect();
    assert!(ids.contains(&"S1") && ids.contains(&"S2"), "{ids:?}");
    for s in &stores {
        let floors = s["floors"].as_array().expect("floors");
        assert!(floors.len() >= 4, "{}", s["id"]);
        let levels: Vec<i64> = floors.iter().filter_map(|f| f["level"].as_i64()).collect();
        assert!(levels.windows(2).all(|w| w[0] < w[1]), "floors lowest first: {levels:?}");
        assert_eq!(s["timezone"], "Asia/Shanghai");
    }
}

#[test]
fn one_store_is_found_and_an_unknown_one_is_404() {
    let api = Api::from_env();
    assert_eq!(api.get("/api/stores/S2").expect(200)["id"], "S2");
    api.get("/api/stores/S9").expect_error(404, "NOT_FOUND");
    api.get("/api/stores/not%20an%20id").expect_error(404, "NOT_FOUND");
}

#[test]
fn products_have_the_contract_fields_and_at_least_sixty_exist() {
    let api = Api::from_env();
    let all = api.get("/api/products").expect(200).as_array().cloned().expect("an array");
    assert!(all.len() >= 60, "{}", all.len());
    for p in &all {
        for field in ["sku", "name", "brand", "category", "price_fen", "barcode", "image", "counter_id"] {
            assert!(p.get(field).is_some(), "{field} missing in {p}");
        }
        assert!(p["price_fen"].as_u64().is_some_and(|f| f > 0), "{p}");
    }
}

#[test]
fn products_filter_by_store_category_and_text() {
    let api = Api::from_env();
    let in_s1 = api.get("/api/products?store_id=S1").expect(200).as_array().cloned().unwrap_or_default();
    assert!(in_s1.iter().all(|p| { p["counter_id"].as_str().is_some_and(|c| c.starts_with("S1-")) }));
    let in_s2 = api.get("/api/products?store_id=S2").expect(200).as_array().cloned().unwrap_or_default();
    assert!(!in_s2.is_empty() && in_s2.len() <= in_s1.len());

    let beauty = api.get("/api/products?category=beauty").expect(200).as_array().cloned().unwrap_or_default();
    assert!(!beauty.is_empty());
    assert!(beauty.iter().all(|p| p["category"] == "beauty"));

    let lipstick = api.get("/api/products?q=%E5%8F%A3%E7%BA%A2").expect(200).as_array().cloned().unwrap_or_default();
    assert!(!lipstick.is_empty());
    assert!(lipstick.iter().all(|p| p["name"].as_str().unwrap_or_default().contains("口红")));
    let english = api.get("/api/products?q=lipstick").expect(200).as_array().cloned().unwrap_or_default();
    assert_eq!(english.len(), lipstick.len(), "English names match case-insensitively too");
    assert_eq!(api.get("/api/products?q=%25%25%25").expect(200).as_array().map(Vec::len), Some(0), "% is literal");
    let both =
        api.get("/api/products?store_id=S1&category=food&q=bean").expect(200).as_array().cloned().unwrap_or_default();
    assert!(both.iter().all(|p| p["category"] == "food"));
}

/// The EAN-13 check digit of twelve digits (weights 1, 3, 1, 3… from the left).
fn ean13_check(first12: &str) -> u32 {
    let sum: u32 = first12.bytes().enumerate().map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 }).sum();
    (10 - sum % 10) % 10
}

#[test]
fn every_product_has_a_unique_valid_ean13_and_a_scan_finds_it() {
    let api = Api::from_env();
    let all = api.get("/api/products").expect(200).as_array().cloned().expect("an array");
    let mut seen = std::collections::HashSet::new();
    for p in &all {
        let code = p["barcode"].as_str().unwrap_or_default();
        assert!(code.len() == 13 && code.bytes().all(|b| b.is_ascii_digit()), "{p}");
        assert_eq!(ean13_check(&code[..12]), u32::from(code.as_bytes()[12] - b'0'), "check digit of {p}");
        assert!(seen.insert(code.to_owned()), "{code} is on two products");
    }
    let demo = all.iter().find(|p| p["sku"] == "SKU-1001").expect("the demo serum");
    let code = demo["barcode"].as_str().unwrap_or_default();
    let found = api.get(&format!("/api/products?barcode={code}")).expect(200).as_array().cloned().unwrap_or_default();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["sku"], "SKU-1001");
    let in_s1 = api.get(&format!("/api/products?store_id=S1&barcode={code}")).expect(200).clone();
    assert_eq!(in_s1[0]["counter_id"], "S1-C01", "the brand's counter in the store comes with it: {in_s1}");
}

#[test]
fn a_fresh_product_gets_an_in_store_barcode_that_finds_only_it() {
    let api = Api::from_env();
    let product =
        itest::shop::fresh_product_with(&api, &serde_json::json!({"store_id": "S1", "like": "SKU-1001", "on_hand": 1}));
    let code = product["barcode"].as_str().unwrap_or_default().to_owned();
    assert!(code.starts_with('2') && code.len() == 13, "in-store range: {code}");
    let found = api.get(&format!("/api/products?barcode={code}")).expect(200).as_array().cloned().unwrap_or_default();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["sku"], product["sku"]);
    assert_eq!(found[0]["barcode"], code.as_str());
}

#[test]
fn a_barcode_with_a_wrong_check_digit_is_422_and_an_unknown_one_finds_nothing() {
    let api = Api::from_env();
    let wrong = api.get("/api/products?barcode=6901234567891");
    wrong.expect_error(422, "INVALID");
    assert!(wrong.body["error"]["message"].as_str().unwrap_or_default().contains("barcode"), "{}", wrong.text);
    api.get("/api/products?barcode=12345").expect_error(422, "INVALID");
    api.get("/api/products?barcode=690123456789X").expect_error(422, "INVALID");
    let none = api.get("/api/products?barcode=6901234567892").expect(200).clone();
    assert_eq!(none.as_array().map(Vec::len), Some(0), "a valid code no product has: {none}");
}

#[test]
fn bad_product_filters_get_contract_errors() {
    let api = Api::from_env();
    api.get("/api/products?store_id=S%201").expect_error(400, "BAD_REQUEST");
    api.get("/api/products?category=a/b").expect_error(400, "BAD_REQUEST");
    api.get("/api/products?store_id=S9").expect_error(404, "NOT_FOUND");
    let long = "x".repeat(51);
    api.get(&format!("/api/products?q={long}")).expect_error(422, "INVALID");
}

#[test]
fn a_product_shows_available_stock_per_store_with_its_counter() {
    let api = Api::from_env();
    let p = api.get("/api/products/SKU-1001").expect(200).clone();
    assert_eq!(p["sku"], "SKU-1001");
    let stock = p["stock"].as_array().cloned().expect("stock");
    assert!(!stock.is_empty());
    for s in &stock {
        assert!(s["available"].as_u64().is_some(), "{s}");
        let store = s["store_id"].as_str().unwrap_or_default();
        assert!(s["counter_id"].as_str().is_some_and(|c| c.starts_with(store)), "{s}");
        assert!(s["floor"].as_str().is_some(), "{s}");
    }
    api.get("/api/products/SKU-0000").expect_error(404, "NOT_FOUND");
}

#[test]
fn every_product_image_is_well_formed_svg() {
    // A bare `&` (as in "Linen & Co") makes the browser refuse the whole image.
    let dir = itest::repo_root().join("public/img/products");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("the product images") {
        let path = entry.expect("an entry").path();
        let text = std::fs::read_to_string(&path).expect("readable");
        assert!(text.starts_with("<svg") && text.trim_end().ends_with("</svg>"), "{}", path.display());
        for (i, _) in text.match_indices('&') {
            let rest = &text[i + 1..];
            assert!(
                ["amp;", "lt;", "gt;", "quot;", "apos;", "#"].iter().any(|e| rest.starts_with(e)),
                "{}: a bare & at byte {i}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} images");
}
