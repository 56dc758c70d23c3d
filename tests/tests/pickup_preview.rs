//! Pickup in two steps: the guide scans the code and sees the order's lines (nothing changes),
//! then confirms the hand-over, which still happens exactly once.

use itest::client::Api;
use itest::people::{new_member, staff};
use itest::shop::{buy, fresh_s1, live_sale, stock_s1};
use serde_json::json;

#[test]
fn a_previewed_pickup_code_stays_unused_until_the_hand_over() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1054", 0);
    let (member, _) = new_member(&api);
    let sale = live_sale(&api, &sku, 2, 1);
    let order = buy(&member, &sku, &sale, "k").expect(201).clone();
    let id = order["id"].as_str().unwrap_or_default().to_owned();
    let paid = member.post(&format!("/api/orders/{id}/pay"), &json!({"method": "sandbox"})).expect(200).clone();
    let code = paid["pickup"]["code"].as_str().unwrap_or_default().to_owned();
    let before = stock_s1(&api, &sku);
    let guide = staff(&api, "G1001");

    let preview = guide.post("/api/guide/pickups/preview", &json!({"code": code})).expect(200).clone();
    assert_eq!((preview["id"].as_str(), preview["status"].as_str()), (Some(id.as_str()), Some("ready_for_pickup")));
    assert_eq!(preview["lines"][0]["sku"], sku.as_str());
    // Looking again changes nothing either, and the stock has not moved.
    guide.post("/api/guide/pickups/preview", &json!({"code": code})).expect(200);
    assert_eq!(stock_s1(&api, &sku), before);
    staff(&api, "G2001").post("/api/guide/pickups/preview", &json!({"code": code})).expect_error(403, "WRONG_STORE");

    assert_eq!(guide.post("/api/guide/pickups", &json!({"code": code})).expect(200)["status"], "picked_up");
    guide.post("/api/guide/pickups/preview", &json!({"code": code})).expect_error(409, "ALREADY_PICKED_UP");
    guide.post("/api/guide/pickups/preview", &json!({"code": "999999123456"})).expect_error(404, "NOT_FOUND");
}
