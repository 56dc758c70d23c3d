//! Returns across channels: bought online and collected in S1, brought back at S2's counter.

use itest::client::{Api, Reply};
use itest::people::{in_seconds, new_member, staff, top_up};
use itest::shop::{buy_regular, receive};
use serde_json::{Value, json};
use std::sync::Arc;

fn give_back(guide: &Api, order: &str, sku: &str, qty: i64, key: &str) -> Reply {
    guide.with_header("idempotency-key", key).post(
        "/api/guide/returns",
        &json!({"order_id": order, "lines": [{"sku": sku, "qty": qty}], "reason": "尺码不合适"}),
    )
}

fn stock_in(api: &Api, store: &str, sku: &str) -> Value {
    let rows = staff(api, "G1001").get(&format!("/api/guide/stock?sku={sku}")).expect(200).clone();
    rows.as_array().and_then(|r| r.iter().find(|x| x["store_id"] == store).cloned()).unwrap_or(Value::Null)
}

/// A collected order of `qty` units of `sku` (S1, paid by `method`); returns (member, order id).
fn collected(api: &Api, sku: &str, qty: u32, method: &str) -> (Api, String) {
    receive(api, sku, qty);
    let (member, _) = new_member(api);
    top_up(&member, 1_000_000);
    let key = format!("ret-{}", itest::people::unique_phone());
    let id = buy_regular(&member, sku, qty, &key).expect(201)["id"].as_str().unwrap_or_default().to_owned();
    member.post(&format!("/api/orders/{id}/pay"), &json!({"method": method})).expect(200);
    let code =
        member.get(&format!("/api/orders/{id}")).expect(200)["pickup"]["code"].as_str().unwrap_or_default().to_owned();
    staff(api, "G1001").post("/api/guide/pickups", &json!({"code": code})).expect(200);
    (member, id)
}

fn balance_and_points(member: &Api) -> (u64, u64) {
    let me = member.get("/api/me").expect(200).clone();
    (me["balance_fen"].as_u64().unwrap_or_default(), me["points"].as_u64().unwrap_or_default())
}

#[test]
fn goods_collected_in_one_store_come_back_at_another_with_money_stock_and_points() {
    let api = Api::from_env();
    let (member, order) = collected(&api, "SKU-1032", 2, "balance");
    let (balance, points) = balance_and_points(&member);
    let s2_before = stock_in(&api, "S2", "SKU-1032")["on_hand"].as_u64().unwrap_or_default();
    let guide_s2 = staff(&api, "G2001");
    // Any store's guide can look the order up.
    let seen = guide_s2.get(&format!("/api/guide/orders/{order}")).expect(200).clone();
    assert_eq!((seen["status"].as_str(), seen["lines"][0]["returned_qty"].as_u64()), (Some("picked_up"), Some(0)));

    let receipt = give_back(&guide_s2, &order, "SKU-1032", 1, "r-1").expect(201).clone();
    assert_eq!((receipt["store_id"].as_str(), receipt["staff_id"].as_str()), (Some("S2"), Some("G2001")));
    assert_eq!((receipt["refund_fen"].as_u64(), receipt["method"].as_str()), (Some(299_900), Some("balance")));
    assert_eq!(receipt["lines"], json!([{"sku": "SKU-1032", "qty": 1, "refund_fen": 299_900}]));
    assert_eq!(
        balance_and_points(&member),
        (balance + 299_900, points - 2_999),
        "money back at once, points taken back"
    );
    assert_eq!(stock_in(&api, "S2", "SKU-1032")["on_hand"].as_u64(), Some(s2_before + 1), "the unit joins S2's pool");
    // A retry is the same return; the key with another body is refused; nothing moves twice.
    assert_eq!(give_back(&guide_s2, &order, "SKU-1032", 1, "r-1").expect(200)["id"], receipt["id"]);
    give_back(&guide_s2, &order, "SKU-1032", 2, "r-1").expect_error(409, "IDEMPOTENCY_MISMATCH");
    assert_eq!(balance_and_points(&member).0, balance + 299_900);
    // One unit is left to return.
    give_back(&guide_s2, &order, "SKU-1032", 2, "r-2").expect_error(422, "INVALID");
    give_back(&guide_s2, &order, "SKU-9999", 1, "r-3").expect_error(422, "INVALID");
    give_back(&guide_s2, &order, "SKU-1032", 1, "r-4").expect(201);
    let done = member.get(&format!("/api/orders/{order}")).expect(200).clone();
    assert_eq!((done["status"].as_str(), done["lines"][0]["returned_qty"].as_u64()), (Some("refunded"), Some(2)));
    assert_eq!(balance_and_points(&member), (balance + 599_800, points - 5_998));
    give_back(&guide_s2, &order, "SKU-1032", 1, "r-5").expect_error(422, "INVALID");
    // S2's day report counts the returns it took.
    let day = guide_s2.get("/api/guide/reconciliation").expect(200).clone();
    assert!(
        day["returns"].as_u64().unwrap_or_default() >= 2 && day["returned_fen"].as_u64().unwrap_or_default() >= 599_800
    );
}

#[test]
fn returns_need_collected_goods_within_seven_days_and_a_staff_token_and_key() {
    let api = Api::from_env();
    receive(&api, "SKU-1033", 1);
    let (member, _) = new_member(&api);
    top_up(&member, 200_000);
    let open =
        buy_regular(&member, "SKU-1033", 1, "ret-open").expect(201)["id"].as_str().unwrap_or_default().to_owned();
    member.post(&format!("/api/orders/{open}/pay"), &json!({"method": "balance"})).expect(200);
    let guide = staff(&api, "G1001");
    give_back(&guide, &open, "SKU-1033", 1, "k1").expect_error(409, "CONFLICT");
    give_back(&member, &open, "SKU-1033", 1, "k1").expect_error(403, "WRONG_ROLE");
    guide
        .post("/api/guide/returns", &json!({"order_id": open, "lines": [{"sku": "SKU-1033", "qty": 1}]}))
        .expect_error(400, "BAD_REQUEST");
    give_back(&guide, "ONOSUCHORDER0000", "SKU-1033", 1, "k1").expect_error(404, "NOT_FOUND");
    member.get(&format!("/api/guide/orders/{open}")).expect_error(403, "WRONG_ROLE");

    let (_, order) = collected(&api, "SKU-1031", 1, "sandbox");
    let late = api.at(&in_seconds(8 * 86_400));
    give_back(&staff(&late, "G1001"), &order, "SKU-1031", 1, "k2").expect_error(409, "RETURN_WINDOW_CLOSED");
    // Paid through the gateway: the refund goes back through it.
    let r = give_back(&staff(&api, "G1001"), &order, "SKU-1031", 1, "k3").expect(201).clone();
    assert_eq!((r["method"].as_str(), r["refund_fen"].as_u64()), (Some("sandbox"), Some(39_900)));
}

#[test]
fn two_counters_returning_the_same_units_at_once_refund_them_once() {
    let api = Api::from_env();
    let (member, order) = collected(&api, "SKU-1030", 3, "balance");
    let before = balance_and_points(&member).0;
    let guides = Arc::new([staff(&api, "G1001"), staff(&api, "G2001")]);
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let (guides, order) = (guides.clone(), order.clone());
            std::thread::spawn(move || {
                let r = give_back(&guides[i % 2], &order, "SKU-1030", 1, &format!("race-{i}"));
                (r.status, r.body)
            })
        })
        .collect();
    let outcomes: Vec<(u16, Value)> = handles.into_iter().filter_map(|h| h.join().ok()).collect();
    let ok: Vec<&Value> = outcomes.iter().filter(|(s, _)| *s == 201).map(|(_, b)| b).collect();
    assert_eq!(ok.len(), 3, "exactly the three units come back: {outcomes:?}");
    for (status, body) in &outcomes {
        assert!(matches!(status, 201 | 409 | 422), "{status} {body}");
    }
    let refunded: u64 = ok.iter().map(|b| b["refund_fen"].as_u64().unwrap_or_default()).sum();
    assert_eq!(refunded, 3 * 219_900);
    assert_eq!(balance_and_points(&member).0, before + refunded, "each unit refunded once");
}
