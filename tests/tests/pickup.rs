//! Pickup at the counter and the staff's view of stock.

use itest::client::Api;
use itest::people::{new_member, staff};
use itest::shop::{buy, fresh_s1, live_sale, stock_s1};
use serde_json::json;

fn paid_order(api: &Api, sku: &str) -> serde_json::Value {
    let (member, _) = new_member(api);
    let sale = live_sale(api, sku, 2, 1);
    let order = buy(&member, sku, &sale, "k").expect(201).clone();
    member
        .post(&format!("/api/orders/{}/pay", order["id"].as_str().unwrap_or_default()), &json!({"method": "sandbox"}))
        .expect(200)
        .clone()
}

#[test]
fn a_pickup_code_hands_the_order_over_exactly_once_at_its_store() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1054", 0);
    let order = paid_order(&api, &sku);
    let code = order["pickup"]["code"].as_str().unwrap_or_default().to_owned();
    let before = stock_s1(&api, &sku);
    staff(&api, "G2001").post("/api/guide/pickups", &json!({"code": code})).expect_error(403, "WRONG_STORE");
    let done = staff(&api, "G1001").post("/api/guide/pickups", &json!({"code": code})).expect(200).clone();
    assert_eq!(done["status"], "picked_up");
    assert!(done["picked_up_at"].as_str().is_some());
    staff(&api, "M1001").post("/api/guide/pickups", &json!({"code": code})).expect_error(409, "ALREADY_PICKED_UP");
    let after = stock_s1(&api, &sku);
    assert_eq!(after["on_hand"].as_u64(), before["on_hand"].as_u64().map(|n| n - 1), "the unit left the store");
    assert_eq!(after["reserved"].as_u64(), before["reserved"].as_u64().map(|n| n - 1));
}

#[test]
fn two_guides_scanning_at_once_hand_over_once() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1055", 0);
    let order = paid_order(&api, &sku);
    let code = order["pickup"]["code"].as_str().unwrap_or_default().to_owned();
    let handles: Vec<_> = ["G1001", "M1001", "G1001"]
        .into_iter()
        .map(|s| {
            let (guide, code) = (staff(&api, s), code.clone());
            std::thread::spawn(move || guide.post("/api/guide/pickups", &json!({"code": code})))
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().expect("thread")).collect();
    assert_eq!(results.iter().filter(|r| r.status == 200).count(), 1, "{results:?}");
    assert_eq!(results.iter().filter(|r| r.code() == "ALREADY_PICKED_UP").count(), 2, "{results:?}");
}

#[test]
fn forged_and_malformed_pickup_codes_are_404() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1056", 0);
    let order = paid_order(&api, &sku);
    let code = order["pickup"]["code"].as_str().unwrap_or_default().to_owned();
    let mut forged = code.clone().into_bytes();
    let last = forged.len() - 1;
    forged[last] = if forged[last] == b'9' { b'0' } else { forged[last] + 1 };
    let guide = staff(&api, "G1001");
    guide
        .post("/api/guide/pickups", &json!({"code": String::from_utf8(forged).unwrap_or_default()}))
        .expect_error(404, "NOT_FOUND");
    guide.post("/api/guide/pickups", &json!({"code": "12"})).expect_error(404, "NOT_FOUND");
    new_member(&api).0.post("/api/guide/pickups", &json!({"code": code})).expect_error(403, "WRONG_ROLE");
    guide.post("/api/guide/pickups", &json!({"code": code})).expect(200);
}

#[test]
fn staff_see_stock_in_every_store_and_sell_from_the_same_pool() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1057", 3);
    let guide = staff(&api, "G1001");
    let rows = guide.get(&format!("/api/guide/stock?sku={sku}")).expect(200).as_array().cloned().unwrap_or_default();
    assert!(rows.iter().any(|r| r["store_id"] == "S1"));
    for r in &rows {
        let n = |f: &str| r[f].as_u64().unwrap_or(0);
        assert_eq!(n("on_hand"), n("available") + n("locked") + n("awaiting_pickup") + n("reserved"), "{r}");
    }
    let available = stock_s1(&api, &sku)["available"].as_u64().unwrap_or(0);
    let sold = guide
        .with_header("idempotency-key", "till-1-77")
        .post("/api/guide/stock/sales", &json!({"sku": &sku, "qty": 2}));
    assert_eq!(sold.expect(200)["available"].as_u64(), Some(available - 2));
    // A repeated request (same key) sells nothing more.
    let again = guide
        .with_header("idempotency-key", "till-1-77")
        .post("/api/guide/stock/sales", &json!({"sku": &sku, "qty": 2}));
    assert_eq!(again.expect(200)["available"].as_u64(), Some(available - 2));
    guide
        .post("/api/guide/stock/sales", &json!({"sku": &sku, "qty": available + 1}))
        .expect_error(409, "INSUFFICIENT_STOCK");
    guide.post("/api/guide/stock/sales", &json!({"sku": &sku, "qty": 0})).expect_error(422, "INVALID");
    guide.get("/api/guide/stock").expect_error(400, "BAD_REQUEST");
    guide.get("/api/guide/stock?sku=SKU-0000").expect_error(404, "NOT_FOUND");
    new_member(&api).0.get(&format!("/api/guide/stock?sku={sku}")).expect_error(403, "WRONG_ROLE");
}
