//! Orders: idempotency, all-or-nothing locks, payment (once), cancellation, ownership.

use itest::client::Api;
use itest::people::{new_member, top_up};
use itest::shop::{buy, buy_regular, fresh_s1, live_sale, stock_s1};
use serde_json::json;

fn pay(member: &Api, id: &str, method: &str) -> itest::client::Reply {
    member.post(&format!("/api/orders/{id}/pay"), &json!({"method": method}))
}

#[test]
fn placing_an_order_needs_an_idempotency_key_and_honours_it() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    let sku = fresh_s1(&api, "SKU-1046", 5);
    member
        .post("/api/orders", &json!({"store_id": "S1", "lines": [{"sku": &sku, "qty": 1}]}))
        .expect_error(400, "BAD_REQUEST");
    let first = buy_regular(&member, &sku, 1, "checkout-7");
    let order = first.expect(201).clone();
    assert_eq!(
        (order["status"].as_str(), order["total_fen"].as_u64()),
        (Some("pending_payment"), order["subtotal_fen"].as_u64())
    );
    assert!(order["lock_expires_at"].as_str() > order["created_at"].as_str());
    let again = buy_regular(&member, &sku, 1, "checkout-7");
    assert!(again.status == 200 || again.status == 201);
    assert_eq!(again.body["id"], order["id"], "the same key is the same order");
    buy_regular(&member, &sku, 2, "checkout-7").expect_error(409, "IDEMPOTENCY_MISMATCH");
    assert_eq!(stock_s1(&api, &sku)["locked"].as_u64().map(|l| l >= 1), Some(true));
}

#[test]
fn order_bodies_that_break_rules_are_422_naming_the_field() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    let cases = [
        (json!({"store_id": "S1", "lines": []}), "lines"),
        (json!({"store_id": "S1", "lines": [{"sku": "SKU-1001", "qty": 0}]}), "lines[0].qty"),
        (json!({"store_id": "S1", "lines": [{"sku": "SKU-9999", "qty": 1}]}), "lines[0].sku"),
        (
            json!({"store_id": "S1", "lines": [{"sku": "SKU-1001", "qty": 1}, {"sku": "SKU-1001", "qty": 1}]}),
            "lines[1]",
        ),
        (
            json!({"store_id": "S1", "lines": [{"sku": "SKU-1001", "qty": 1, "flash_sale_id": "FS-ANY"}, {"sku": "SKU-1001", "qty": 1}]}),
            "lines[1]",
        ),
        (json!({"store_id": "S9", "lines": [{"sku": "SKU-1001", "qty": 1}]}), "store_id"),
        (
            json!({"store_id": "S1", "lines": [{"sku": "SKU-1001", "qty": 1, "flash_sale_id": "FS-NONE"}]}),
            "lines[0].flash_sale_id",
        ),
    ];
    for (i, (body, field)) in cases.into_iter().enumerate() {
        let r = member.with_header("idempotency-key", &format!("bad-{i}")).post("/api/orders", &body);
        r.expect_error(422, "INVALID");
        assert!(r.body["error"]["message"].as_str().unwrap_or_default().starts_with(field), "{field}: {}", r.text);
    }
    member
        .with_header("idempotency-key", "bad-x")
        .request("POST", "/api/orders", Some(b"{\"lines\": 5}"))
        .expect_error(400, "BAD_REQUEST");
}

#[test]
fn an_order_locks_every_line_or_none() {
    let api = Api::from_env();
    let sale_sku = fresh_s1(&api, "SKU-1048", 0);
    let (member, _) = new_member(&api);
    let sku = fresh_s1(&api, "SKU-1047", 3);
    let before = stock_s1(&api, &sku)["available"].as_u64().unwrap_or(0);
    let sale = live_sale(&api, &sale_sku, 1, 1);
    let (other, _) = new_member(&api);
    buy(&other, &sale_sku, &sale, "take-it").expect(201);
    let r = member.with_header("idempotency-key", "both").post(
        "/api/orders",
        &json!({"store_id": "S1", "lines": [{"sku": &sku, "qty": 1}, {"sku": &sale_sku, "qty": 1, "flash_sale_id": sale}]}),
    );
    r.expect_error(409, "SOLD_OUT");
    assert_eq!(stock_s1(&api, &sku)["available"].as_u64(), Some(before), "the first line's hold was released");
}

#[test]
fn paying_with_balance_charges_once_and_gives_a_pickup_code() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1049", 0);
    let (member, _) = new_member(&api);
    top_up(&member, 5_000);
    let sale = live_sale(&api, &sku, 3, 1);
    let order = buy(&member, &sku, &sale, "p1").expect(201).clone();
    let id = order["id"].as_str().unwrap_or_default();
    let paid = pay(&member, id, "balance").expect(200).clone();
    assert_eq!(paid["status"], "ready_for_pickup");
    assert_eq!(paid["payment_method"], "balance");
    let code = paid["pickup"]["code"].as_str().unwrap_or_default();
    assert!(code.len() >= 12 && code.bytes().all(|b| b.is_ascii_digit()), "{paid}");
    assert!(paid["pickup"]["counter_id"].as_str().is_some_and(|c| c.starts_with("S1-")));
    pay(&member, id, "balance").expect_error(409, "ALREADY_PAID");
    pay(&member, id, "sandbox").expect_error(409, "ALREADY_PAID");
    let me = member.get("/api/me").expect(200).clone();
    assert_eq!(me["balance_fen"], 5_000 - 990, "charged once");
    assert_eq!(me["points"], 9, "1 point per whole yuan paid");
}

#[test]
fn four_concurrent_payments_charge_once() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    top_up(&member, 5_000);
    let sku = fresh_s1(&api, "SKU-1050", 2);
    let order = buy_regular(&member, &sku, 1, "race").expect(201).clone();
    let id = order["id"].as_str().unwrap_or_default().to_owned();
    let total = order["total_fen"].as_u64().unwrap_or(0);
    top_up(&member, total);
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (m, id) = (member.clone(), id.clone());
            std::thread::spawn(move || pay(&m, &id, "balance"))
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().expect("thread")).collect();
    let ok = results.iter().filter(|r| r.status == 200).count();
    assert!(ok >= 1, "{results:?}");
    assert!(results.iter().all(|r| r.status == 200 || r.code() == "ALREADY_PAID"), "{results:?}");
    assert_eq!(member.get("/api/me").expect(200)["balance_fen"], 5_000, "{total} charged exactly once");
    let entries = member
        .get("/api/me/ledger")
        .expect(200)
        .as_array()
        .map(|e| e.iter().filter(|x| x["kind"] == "payment").count());
    assert_eq!(entries, Some(1));
}

#[test]
fn short_balance_leaves_the_order_unpaid_and_the_sandbox_gateway_pays_it() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1051", 0);
    let (member, _) = new_member(&api);
    let sale = live_sale(&api, &sku, 2, 1);
    let order = buy(&member, &sku, &sale, "s1").expect(201).clone();
    let id = order["id"].as_str().unwrap_or_default();
    pay(&member, id, "balance").expect_error(409, "INSUFFICIENT_BALANCE");
    assert_eq!(member.get(&format!("/api/orders/{id}")).expect(200)["status"], "pending_payment");
    pay(&member, id, "wechat").expect_error(422, "INVALID");
    let paid = pay(&member, id, "sandbox").expect(200).clone();
    assert_eq!((paid["status"].as_str(), paid["payment_method"].as_str()), (Some("ready_for_pickup"), Some("sandbox")));
}

#[test]
fn cancelling_releases_the_units_and_only_unpaid_orders_cancel() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1052", 0);
    let (member, _) = new_member(&api);
    let sale = live_sale(&api, &sku, 1, 1);
    let order = buy(&member, &sku, &sale, "c1").expect(201).clone();
    let id = order["id"].as_str().unwrap_or_default();
    assert_eq!(api.get(&format!("/api/flash-sales/{sale}")).expect(200)["remaining"], 0);
    let cancelled = member.post(&format!("/api/orders/{id}/cancel"), &json!({})).expect(200).clone();
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(api.get(&format!("/api/flash-sales/{sale}")).expect(200)["remaining"], 1, "the unit is back");
    member.post(&format!("/api/orders/{id}/cancel"), &json!({})).expect(200);
    pay(&member, id, "sandbox").expect_error(409, "CONFLICT");
    let (other, _) = new_member(&api);
    let second = buy(&other, &sku, &sale, "c2").expect(201).clone();
    let id2 = second["id"].as_str().unwrap_or_default();
    pay(&other, id2, "sandbox").expect(200);
    other.post(&format!("/api/orders/{id2}/cancel"), &json!({})).expect_error(409, "ALREADY_PAID");
}

#[test]
fn another_members_order_is_not_found() {
    let api = Api::from_env();
    let (alice, _) = new_member(&api);
    let (bob, _) = new_member(&api);
    let sku = fresh_s1(&api, "SKU-1053", 1);
    let order = buy_regular(&alice, &sku, 1, "mine").expect(201).clone();
    let id = order["id"].as_str().unwrap_or_default();
    bob.get(&format!("/api/orders/{id}")).expect_error(404, "NOT_FOUND");
    pay(&bob, id, "sandbox").expect_error(404, "NOT_FOUND");
    bob.post(&format!("/api/orders/{id}/cancel"), &json!({})).expect_error(404, "NOT_FOUND");
    let mine = alice.get("/api/orders").expect(200).clone();
    assert_eq!(mine[0]["id"], order["id"]);
    assert!(bob.get("/api/orders").expect(200).as_array().is_some_and(|o| o.iter().all(|x| x["id"] != order["id"])));
}

#[test]
fn the_same_sku_on_a_sale_line_and_a_shelf_line_is_refused() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    let sku = fresh_s1(&api, "SKU-1039", 2);
    let sale = live_sale(&api, &sku, 2, 2);
    let before = stock_s1(&api, &sku)["locked"].as_u64();
    let r = member.with_header("idempotency-key", "twice").post(
        "/api/orders",
        &json!({"store_id": "S1", "lines": [{"sku": &sku, "qty": 1, "flash_sale_id": sale}, {"sku": &sku, "qty": 1}]}),
    );
    r.expect_error(422, "INVALID");
    assert!(r.body["error"]["message"].as_str().unwrap_or_default().starts_with("lines[1]"), "{}", r.text);
    assert_eq!(stock_s1(&api, &sku)["locked"].as_u64(), before, "nothing was locked");
}
