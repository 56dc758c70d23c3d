//! The online mall's cart against a running server: an item's variants on its product page,
//! and one order with several lines (what the cart's checkout sends).

use itest::client::Api;
use itest::people::new_member;
use itest::shop::{receive, stock_s1};
use serde_json::{Value, json};

fn variants(api: &Api, sku: &str) -> Vec<Value> {
    api.get(&format!("/api/products/{sku}")).expect(200)["variants"].as_array().cloned().expect("variants")
}

fn field<'a>(list: &'a [Value], path: &[&str]) -> Vec<&'a str> {
    list.iter().filter_map(|v| path.iter().try_fold(v, |v, k| v.get(*k))?.as_str()).collect()
}

#[test]
fn a_product_with_sizes_lists_every_sku_of_the_item_smallest_first_with_its_stock() {
    let api = Api::from_env();
    let shoes = variants(&api, "SKU-1024");
    assert_eq!(field(&shoes, &["sku"]), ["SKU-1065", "SKU-1024", "SKU-1066", "SKU-1067"]);
    assert_eq!(field(&shoes, &["attributes", "size"]), ["39", "40", "41", "42"]);
    assert_eq!(variants(&api, "SKU-1066"), shoes, "every size of the item shows the same list");
    for v in &shoes {
        let sku = v["sku"].as_str().unwrap_or_default();
        let detail = api.get(&format!("/api/products/{sku}")).expect(200).clone();
        let units: u64 = detail["stock"].as_array().into_iter().flatten().filter_map(|s| s["available"].as_u64()).sum();
        assert_eq!(v["available"].as_u64(), Some(units), "{sku}: its units summed over the stores");
        assert_eq!(v["price_fen"], detail["price_fen"]);
        assert_eq!(detail["group"], "G-RUN-1024", "{detail}");
    }
}

#[test]
fn colours_come_in_stored_order_and_a_product_without_variants_has_none() {
    let api = Api::from_env();
    let polos = variants(&api, "SKU-1069");
    assert_eq!(field(&polos, &["sku"]), ["SKU-1036", "SKU-1068", "SKU-1069"]);
    assert_eq!(field(&polos, &["attributes", "color"]), ["白", "藏青", "黑"]);
    assert!(variants(&api, "SKU-1001").is_empty());
    let list = api.get("/api/products?q=POLO").expect(200).as_array().cloned().expect("a list");
    assert!(list.len() >= 3, "the list API still has every SKU (the app shows one card per item): {list:?}");
}

#[test]
fn one_order_takes_two_variants_of_an_item_and_locks_both() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    for sku in ["SKU-1068", "SKU-1069"] {
        receive(&api, sku, 3);
    }
    let locked_before = |sku: &str| stock_s1(&api, sku)["locked"].as_u64().unwrap_or_default();
    let before = (locked_before("SKU-1068"), locked_before("SKU-1069"));
    let body = json!({"store_id": "S1", "lines": [{"sku": "SKU-1068", "qty": 2}, {"sku": "SKU-1069", "qty": 1}]});
    let quote = member.post("/api/checkout/quote", &body).expect(200).clone();
    let order = member.with_header("idempotency-key", "cart-two-lines").post("/api/orders", &body).expect(201).clone();
    let lines = order["lines"].as_array().cloned().expect("lines");
    assert_eq!(field(&lines, &["sku"]), ["SKU-1068", "SKU-1069"]);
    assert_eq!(lines.iter().filter_map(|l| l["qty"].as_u64()).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(order["subtotal_fen"], quote["subtotal_fen"], "the quote priced the same two lines");
    let again = member.with_header("idempotency-key", "cart-two-lines").post("/api/orders", &body);
    assert_eq!(again.body["id"], order["id"], "a retried checkout is the same order");
    assert!(locked_before("SKU-1068") >= before.0 + 2 && locked_before("SKU-1069") > before.1);
    let mine = member.get("/api/orders").expect(200).as_array().cloned().expect("orders");
    assert_eq!(mine.iter().filter(|o| o["id"] == order["id"]).count(), 1);
}
