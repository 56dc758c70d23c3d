//! The counter session: identifying a member by their code (which spends it) returns a
//! short-lived token with which the same guide charges that member without a second code.

use itest::client::Api;
use itest::people::{code, new_member, staff, top_up};
use serde_json::json;

#[test]
fn a_charge_follows_an_identification_without_a_second_code() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    top_up(&member, 20_000);
    let guide = staff(&api, "G1001");
    let verified = guide.post("/api/guide/member-codes/verify", &json!({"code": code(&member)})).expect(200).clone();
    let token = verified["counter_session"]["token"].as_str().expect("a counter session").to_owned();
    let expires =
        chrono::DateTime::parse_from_rfc3339(verified["counter_session"]["expires_at"].as_str().expect("an end"))
            .expect("a time");
    let minutes = (expires.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds();
    assert!((240..=300).contains(&minutes), "about five minutes, not {minutes} s");

    let first = guide.post("/api/guide/charges", &json!({"code": "", "counter_token": token, "amount_fen": 1_500}));
    assert_eq!(first.expect(200)["member"]["balance_fen"], 18_500);
    // The session lasts: a second purchase in the same visit needs no code either.
    let second = guide.post("/api/guide/charges", &json!({"counter_token": token, "amount_fen": 500, "note": "袋子"}));
    assert_eq!(second.expect(200)["member"]["balance_fen"], 18_000);
}

#[test]
fn a_counter_session_is_only_the_guide_s_own_and_cannot_be_forged() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    top_up(&member, 5_000);
    let guide = staff(&api, "G1001");
    let verified = guide.post("/api/guide/member-codes/verify", &json!({"code": code(&member)})).expect(200).clone();
    let token = verified["counter_session"]["token"].as_str().expect("a counter session").to_owned();
    let other_store = staff(&api, "G2001");
    other_store
        .post("/api/guide/charges", &json!({"counter_token": token, "amount_fen": 100}))
        .expect_error(422, "INVALID");
    let forged = format!("{}x", token);
    guide.post("/api/guide/charges", &json!({"counter_token": forged, "amount_fen": 100})).expect_error(422, "INVALID");
    // Neither a code nor a session: nothing to charge.
    guide.post("/api/guide/charges", &json!({"code": "", "amount_fen": 100})).expect_error(404, "NOT_FOUND");
    assert_eq!(member.get("/api/me").expect(200)["balance_fen"], 5_000);
}

// A counter sale that takes payment (`POST /api/guide/counter-sales`): the goods and the money
// move together, once per Idempotency-Key.

fn ring_up(guide: &Api, key: &str, body: &serde_json::Value) -> itest::client::Reply {
    guide.with_header("idempotency-key", key).post("/api/guide/counter-sales", body)
}

fn balance(member: &Api) -> i64 {
    member.get("/api/me").expect(200)["balance_fen"].as_i64().unwrap_or(-1)
}

fn available(api: &Api, sku: &str) -> i64 {
    itest::shop::stock_s1(api, sku)["available"].as_i64().unwrap_or(-1)
}

fn priced(api: &Api, like: &str, price_fen: i64, on_hand: u32) -> String {
    let body = json!({"store_id": "S1", "like": like, "on_hand": on_hand, "price_fen": price_fen});
    itest::shop::fresh_product_with(api, &body)["sku"].as_str().unwrap_or_default().to_owned()
}

#[test]
fn a_counter_sale_is_paid_handed_over_in_the_day_report_and_returned_like_an_online_order() {
    let api = Api::from_env();
    let (member, me) = new_member(&api);
    top_up(&member, 100_000);
    let (a, b) = (priced(&api, "SKU-1054", 1_250, 5), priced(&api, "SKU-1054", 990, 3));
    let guide = staff(&api, "G1001");
    let body = json!({"lines": [{"sku": a, "qty": 2}, {"sku": b, "qty": 1}], "method": "balance",
                      "member_code": code(&member)});
    let order = ring_up(&guide, "sale-1", &body).expect(201)["order"].clone();
    assert_eq!((order["channel"].as_str(), order["status"].as_str()), (Some("counter"), Some("picked_up")), "{order}");
    assert_eq!(order["total_fen"], 2 * 1_250 + 990);
    assert!(order["pickup"]["code"].is_null(), "staff never see a pickup code: {order}");
    assert_eq!(balance(&member), 100_000 - 3_490);
    assert_eq!((available(&api, &a), available(&api, &b)), (3, 2));
    // The same request again (a lost answer) is the same sale: 200, nothing moves.
    let again = ring_up(&guide, "sale-1", &body).expect(200)["order"].clone();
    assert_eq!(again["id"], order["id"]);
    assert_eq!((balance(&member), available(&api, &a)), (100_000 - 3_490, 3));

    let day = guide.get("/api/guide/reconciliation").expect(200).clone();
    let listed =
        day["counter_orders"].as_array().and_then(|l| l.iter().find(|o| o["order_id"] == order["id"]).cloned());
    assert_eq!(listed.map(|o| (o["method"].clone(), o["total_fen"].clone())), Some((json!("balance"), json!(3_490))));
    let audit = staff(&api, "M1001").get("/api/manage/audit?store_id=S1").expect(200).clone();
    let logged = audit
        .as_array()
        .map(|a| a.iter().filter(|e| e["action"] == "counter_sale_paid" && e["subject"] == me["id"]).count());
    assert_eq!(logged, Some(1), "one audit entry for the sale");

    let back = json!({"order_id": order["id"], "lines": [{"sku": a, "qty": 1}], "reason": "尺码不合适",
                      "member_code": code(&member)});
    guide.with_header("idempotency-key", "sale-1-back").post("/api/guide/returns", &back).expect(201);
    assert_eq!(balance(&member), 100_000 - 3_490 + 1_250, "the refund goes back to stored value");
    assert_eq!(available(&api, &a), 4, "the returned unit is back on the shelf");
}

#[test]
fn three_concurrent_counter_sales_with_one_key_charge_once_and_move_stock_once() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    top_up(&member, 50_000);
    let sku = priced(&api, "SKU-1054", 2_000, 6);
    let guide = staff(&api, "G1001");
    let verified = guide.post("/api/guide/member-codes/verify", &json!({"code": code(&member)})).expect(200).clone();
    let token = verified["counter_session"]["token"].as_str().unwrap_or_default().to_owned();
    let body = json!({"lines": [{"sku": sku, "qty": 2}], "method": "balance", "counter_token": token});
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let (guide, body) = (guide.clone(), body.clone());
            std::thread::spawn(move || ring_up(&guide, "same-sale", &body))
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().expect("thread")).collect();
    for r in &results {
        assert!(r.status < 300 || r.code() == "CONFLICT", "only a retryable answer besides success: {r:?}");
    }
    let order = ring_up(&guide, "same-sale", &body).expect(200)["order"].clone();
    assert_eq!(order["status"], "picked_up");
    assert_eq!(balance(&member), 50_000 - 4_000, "charged exactly once");
    assert_eq!(available(&api, &sku), 4, "two units left the pool, once");
}

#[test]
fn a_counter_sale_refuses_bad_input_and_moves_nothing() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    top_up(&member, 1_000);
    let sku = priced(&api, "SKU-1054", 1_500, 2);
    let guide = staff(&api, "G1001");
    let sale = |lines: serde_json::Value, member_code: String| json!({"lines": lines, "method": "balance", "member_code": member_code});
    let unknown = sale(json!([{"sku": "SKU-9999999", "qty": 1}]), code(&member));
    ring_up(&guide, "bad-1", &unknown).expect_error(404, "NOT_FOUND");
    ring_up(&guide, "bad-2", &sale(json!([{"sku": sku, "qty": 3}]), code(&member)))
        .expect_error(409, "INSUFFICIENT_STOCK");
    ring_up(&guide, "bad-3", &sale(json!([{"sku": sku, "qty": 1}]), code(&member)))
        .expect_error(409, "INSUFFICIENT_BALANCE");
    assert_eq!((balance(&member), available(&api, &sku)), (1_000, 2), "a refused payment moves nothing");
    ring_up(&guide, "bad-4", &sale(json!([{"sku": sku, "qty": 0}]), code(&member))).expect_error(422, "INVALID");
    ring_up(&guide, "bad-5", &json!({"lines": [{"sku": sku, "qty": 1}], "method": "balance"}))
        .expect_error(422, "INVALID");
    let spent = code(&member);
    guide.post("/api/guide/member-codes/verify", &json!({"code": spent})).expect(200);
    ring_up(&guide, "bad-6", &sale(json!([{"sku": sku, "qty": 1}]), spent)).expect_error(409, "CODE_USED");
    guide
        .post("/api/guide/counter-sales", &sale(json!([{"sku": sku, "qty": 1}]), code(&member)))
        .expect_error(400, "BAD_REQUEST");
    assert_eq!((balance(&member), available(&api, &sku)), (1_000, 2));
}
