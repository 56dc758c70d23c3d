//! Returns across channels: bought online and collected in S1, brought back at S2's counter,
//! with the customer there (their member code).

use itest::client::{Api, Reply};
use itest::people::{code, in_seconds, new_member, staff, top_up};
use itest::shop::{buy_regular, fresh_product, fresh_s1};
use serde_json::{Value, json};

fn give_back_with(guide: &Api, member_code: &str, order: &str, sku: &str, qty: i64, key: &str) -> Reply {
    guide.with_header("idempotency-key", key).post(
        "/api/guide/returns",
        &json!({"order_id": order, "lines": [{"sku": sku, "qty": qty}], "reason": "尺码不合适",
                "member_code": member_code}),
    )
}

/// A return with the customer's current member code.
fn give_back(guide: &Api, member: &Api, order: &str, sku: &str, qty: i64, key: &str) -> Reply {
    give_back_with(guide, &code(member), order, sku, qty, key)
}

fn stock_in(api: &Api, store: &str, sku: &str) -> Value {
    let rows = staff(api, "G1001").get(&format!("/api/guide/stock?sku={sku}")).expect(200).clone();
    rows.as_array().and_then(|r| r.iter().find(|x| x["store_id"] == store).cloned()).unwrap_or(Value::Null)
}

/// A collected order of `qty` units of a fresh product like `like` (S1, paid by `method`);
/// returns (member, order id, the product's SKU).
fn collected(api: &Api, like: &str, qty: u32, method: &str) -> (Api, String, String) {
    let sku = fresh_s1(api, like, qty);
    let sku = sku.as_str();
    let (member, _) = new_member(api);
    top_up(&member, 1_000_000);
    let key = format!("ret-{}", itest::people::unique_phone());
    let id = buy_regular(&member, sku, qty, &key).expect(201)["id"].as_str().unwrap_or_default().to_owned();
    member.post(&format!("/api/orders/{id}/pay"), &json!({"method": method})).expect(200);
    let code =
        member.get(&format!("/api/orders/{id}")).expect(200)["pickup"]["code"].as_str().unwrap_or_default().to_owned();
    staff(api, "G1001").post("/api/guide/pickups", &json!({"code": code})).expect(200);
    (member, id, sku.to_owned())
}

fn balance_and_points(member: &Api) -> (u64, u64) {
    let me = member.get("/api/me").expect(200).clone();
    (me["balance_fen"].as_u64().unwrap_or_default(), me["points"].as_u64().unwrap_or_default())
}

#[test]
fn goods_collected_in_one_store_come_back_at_another_with_money_stock_and_points() {
    let api = Api::from_env();
    let (member, order, sku) = collected(&api, "SKU-1034", 2, "balance");
    let (balance, points) = balance_and_points(&member);
    let s2_before = stock_in(&api, "S2", &sku)["on_hand"].as_u64().unwrap_or_default();
    let guide_s2 = staff(&api, "G2001");
    // Any store's guide can look the order up, but never sees its pickup code.
    let seen = guide_s2.get(&format!("/api/guide/orders/{order}")).expect(200).clone();
    assert_eq!((seen["status"].as_str(), seen["lines"][0]["returned_qty"].as_u64()), (Some("picked_up"), Some(0)));
    assert!(seen["pickup"].get("code").is_none_or(Value::is_null), "a staff view carries no pickup code: {seen}");

    let first_code = code(&member);
    let receipt = give_back_with(&guide_s2, &first_code, &order, &sku, 1, "r-1").expect(201).clone();
    assert_eq!((receipt["store_id"].as_str(), receipt["staff_id"].as_str()), (Some("S2"), Some("G2001")));
    assert_eq!((receipt["refund_fen"].as_u64(), receipt["method"].as_str()), (Some(59_900), Some("balance")));
    assert_eq!(receipt["lines"], json!([{"sku": &sku, "qty": 1, "refund_fen": 59_900}]));
    assert_eq!(balance_and_points(&member), (balance + 59_900, points - 599), "money back at once, points taken back");
    assert_eq!(stock_in(&api, "S2", &sku)["on_hand"].as_u64(), Some(s2_before + 1), "the unit joins S2's pool");
    // A retry (same key, same body: the code it carries was spent by the first) is the same
    // return; the key with another body is refused; nothing moves twice.
    assert_eq!(give_back_with(&guide_s2, &first_code, &order, &sku, 1, "r-1").expect(200)["id"], receipt["id"]);
    give_back(&guide_s2, &member, &order, &sku, 2, "r-1").expect_error(409, "IDEMPOTENCY_MISMATCH");
    assert_eq!(balance_and_points(&member).0, balance + 59_900);
    // The same key from another guide is another request: it never returns the first receipt.
    give_back_with(&staff(&api, "G1001"), &first_code, &order, &sku, 1, "r-1").expect_error(409, "CODE_USED");
    // One unit is left to return.
    give_back(&guide_s2, &member, &order, &sku, 2, "r-2").expect_error(422, "INVALID");
    give_back(&guide_s2, &member, &order, "SKU-9999", 1, "r-3").expect_error(422, "INVALID");
    give_back(&guide_s2, &member, &order, &sku, 1, "r-4").expect(201);
    let done = member.get(&format!("/api/orders/{order}")).expect(200).clone();
    assert_eq!((done["status"].as_str(), done["lines"][0]["returned_qty"].as_u64()), (Some("refunded"), Some(2)));
    assert_eq!(balance_and_points(&member), (balance + 119_800, points - 1_198));
    give_back(&guide_s2, &member, &order, &sku, 1, "r-5").expect_error(422, "INVALID");
    // S2's day report counts the returns it took.
    let day = guide_s2.get("/api/guide/reconciliation").expect(200).clone();
    assert!(
        day["returns"].as_u64().unwrap_or_default() >= 2 && day["returned_fen"].as_u64().unwrap_or_default() >= 119_800
    );
}

#[test]
fn returns_need_collected_goods_within_seven_days_and_a_staff_token_and_key() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1033", 1);
    let (member, _) = new_member(&api);
    top_up(&member, 200_000);
    let open = buy_regular(&member, &sku, 1, "ret-open").expect(201)["id"].as_str().unwrap_or_default().to_owned();
    member.post(&format!("/api/orders/{open}/pay"), &json!({"method": "balance"})).expect(200);
    let guide = staff(&api, "G1001");
    give_back(&guide, &member, &open, &sku, 1, "k1").expect_error(409, "CONFLICT");
    give_back(&member, &member, &open, &sku, 1, "k1").expect_error(403, "WRONG_ROLE");
    guide
        .post("/api/guide/returns", &json!({"order_id": open, "lines": [{"sku": &sku, "qty": 1}]}))
        .expect_error(400, "BAD_REQUEST");
    give_back(&guide, &member, "ONOSUCHORDER0000", &sku, 1, "k1").expect_error(404, "NOT_FOUND");
    member.get(&format!("/api/guide/orders/{open}")).expect_error(403, "WRONG_ROLE");

    let (buyer, order, sku) = collected(&api, "SKU-1031", 1, "sandbox");
    let late = api.at(&in_seconds(8 * 86_400));
    give_back(&staff(&late, "G1001"), &buyer, &order, &sku, 1, "k2").expect_error(409, "RETURN_WINDOW_CLOSED");
    // Paid through the gateway: the refund goes back through it.
    let r = give_back(&staff(&api, "G1001"), &buyer, &order, &sku, 1, "k3").expect(201).clone();
    assert_eq!((r["method"].as_str(), r["refund_fen"].as_u64()), (Some("sandbox"), Some(39_900)));
}

#[test]
fn two_counters_returning_the_same_units_at_once_refund_them_once() {
    let api = Api::from_env();
    let (member, order, sku) = collected(&api, "SKU-1014", 3, "balance");
    let before = balance_and_points(&member).0;
    // A member has one unused code at a time; a code of the step before stays good for one more
    // step, so two counters can hold a valid code of the same customer at the same moment.
    let earlier = code(&member);
    let next_step = in_seconds(30);
    let later = code(&member.at(&next_step));
    assert_ne!(earlier, later);
    let guides = [staff(&api, "G1001").at(&next_step), staff(&api, "G2001").at(&next_step)];
    let outcomes: Vec<(u16, Value)> = std::thread::scope(|s| {
        let handles: Vec<_> = [&earlier, &later]
            .into_iter()
            .zip(&guides)
            .enumerate()
            .map(|(i, (c, guide))| {
                let (order, sku) = (&order, &sku);
                s.spawn(move || {
                    let r = give_back_with(guide, c, order, sku, 2, &format!("race-{i}"));
                    (r.status, r.body)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let ok: Vec<&Value> = outcomes.iter().filter(|(s, _)| *s == 201).map(|(_, b)| b).collect();
    assert_eq!(ok.len(), 1, "two units of three come back once: {outcomes:?}");
    for (status, body) in &outcomes {
        assert!(matches!(status, 201 | 409 | 422), "{status} {body}");
    }
    assert_eq!(ok[0]["refund_fen"].as_u64(), Some(2 * 39_900));
    assert_eq!(balance_and_points(&member).0, before + 2 * 39_900, "each unit refunded once");
}

#[test]
fn a_return_needs_the_customer_who_owns_the_order_and_is_audited() {
    let api = Api::from_env();
    let (member, order, sku) = collected(&api, "SKU-1014", 1, "balance");
    let (stranger, _) = new_member(&api);
    let guide = staff(&api, "G1001");
    let lines = json!([{"sku": &sku, "qty": 1}]);
    let without = json!({"order_id": order, "lines": lines});
    guide.with_header("idempotency-key", "c-0").post("/api/guide/returns", &without).expect_error(422, "INVALID");
    // Someone else's code is refused, and spent like any scan.
    let theirs = code(&stranger);
    give_back_with(&guide, &theirs, &order, &sku, 1, "c-1").expect_error(403, "FORBIDDEN");
    guide.post("/api/guide/member-codes/verify", &json!({"code": theirs})).expect_error(409, "CODE_USED");
    give_back_with(&guide, "123456789012345678", &order, &sku, 1, "c-2").expect_error(404, "NOT_FOUND");
    let receipt = give_back(&guide, &member, &order, &sku, 1, "c-3").expect(201).clone();
    // The manager's audit log has the pickup and the return, once each, newest first.
    let log = staff(&api, "M1001").get("/api/manage/audit?store_id=S1").expect(200).clone();
    let mine: Vec<&Value> =
        log.as_array().map(|l| l.iter().filter(|e| e["subject"] == order).collect()).unwrap_or_default();
    let actions: Vec<&str> = mine.iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, vec!["return", "pickup"], "{log}");
    assert_eq!(mine[0]["staff_id"], "G1001");
    assert!(mine.iter().all(|e| e["outcome"] == "done"), "both happened: {log}");
    // The refused attempt with someone else's code is not an action: it moved nothing.
    assert!(mine[0]["detail"].as_str().unwrap_or_default().contains(&receipt["refund_fen"].to_string()));
}

#[test]
fn a_refund_over_two_thousand_yuan_needs_a_manager() {
    let api = Api::from_env();
    let (member, order, sku) = collected(&api, "SKU-1032", 1, "balance");
    let customer_code = code(&member);
    let guide = staff(&api, "G1001");
    give_back_with(&guide, &customer_code, &order, &sku, 1, "m-1").expect_error(403, "NEEDS_MANAGER");
    // Refused before the customer's code was spent: the manager uses the same one.
    let r = give_back_with(&staff(&api, "M1001"), &customer_code, &order, &sku, 1, "m-2").expect(201).clone();
    assert_eq!((r["refund_fen"].as_u64(), r["staff_id"].as_str()), (Some(299_900), Some("M1001")));
}

#[test]
fn the_audit_log_is_for_the_stores_manager() {
    let api = Api::from_env();
    staff(&api, "G1001").get("/api/manage/audit").expect_error(403, "FORBIDDEN");
    staff(&api, "M1001").get("/api/manage/audit?store_id=S2").expect_error(403, "WRONG_STORE");
    staff(&api, "M1001").get("/api/manage/audit?date=2026-13-01").expect_error(422, "INVALID");
    let (member, _) = new_member(&api);
    member.get("/api/manage/audit").expect_error(403, "WRONG_ROLE");
    api.get("/api/manage/audit").expect_error(401, "UNAUTHENTICATED");
}

/// Orders `qty` units of `sku` in `store`, pays with stored value, and returns the paid order.
fn paid_in(member: &Api, store: &str, sku: &str, qty: u32, coupon: Option<&str>, key: &str) -> Value {
    let body = json!({"store_id": store, "lines": [{"sku": sku, "qty": qty}], "coupon_id": coupon});
    let id = member.with_header("idempotency-key", key).post("/api/orders", &body).expect(201)["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    member.post(&format!("/api/orders/{id}/pay"), &json!({"method": "balance"})).expect(200).clone()
}

fn wallet_ids(member: &Api) -> Vec<String> {
    let wallet = member.get("/api/me/coupons").expect(200).clone();
    wallet
        .as_array()
        .map(|w| w.iter().filter_map(|c| c["id"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

#[test]
fn a_whole_return_takes_back_the_gift_it_earned_or_keeps_the_value_of_a_used_one() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    top_up(&member, 1_000_000);
    let guide = staff(&api, "G2001");
    let sku = fresh_product(&api, "S2", "SKU-1035", 5);
    // The seed's S2 payment gift: ¥30 off ¥300, for each paid order of ¥800 or more.
    let first = paid_in(&member, "S2", &sku, 2, None, "gift-1");
    let second = paid_in(&member, "S2", &sku, 2, None, "gift-2");
    let gift = |order: &Value| order["rewards"][0]["coupon_id"].as_str().unwrap_or_default().to_owned();
    let (g1, g2) = (gift(&first), gift(&second));
    assert!(!g1.is_empty() && !g2.is_empty(), "{first} {second}");
    // The second gift is spent on a third order (¥699 - ¥30).
    let third = paid_in(&member, "S2", &sku, 1, Some(&g2), "gift-3");
    assert_eq!(third["discount_fen"], 3_000);
    for order in [&first, &second] {
        let code = order["pickup"]["code"].as_str().unwrap_or_default();
        guide.post("/api/guide/pickups", &json!({"code": code})).expect(200);
    }
    let id = |o: &Value| o["id"].as_str().unwrap_or_default().to_owned();

    let unused = give_back(&guide, &member, &id(&first), &sku, 2, "gift-r1").expect(201).clone();
    assert_eq!((unused["refund_fen"].as_u64(), unused["kept_fen"].as_u64()), (Some(139_800), Some(0)));
    assert!(!wallet_ids(&member).contains(&g1), "the unused gift left the wallet");

    let before = member.get("/api/me").expect(200)["balance_fen"].as_u64().unwrap_or_default();
    let used = give_back(&guide, &member, &id(&second), &sku, 2, "gift-r2").expect(201).clone();
    assert_eq!((used["refund_fen"].as_u64(), used["kept_fen"].as_u64()), (Some(136_800), Some(3_000)), "{used}");
    assert!(used["kept_note"].as_str().unwrap_or_default().contains(&g2), "the return says why: {used}");
    assert_eq!(member.get("/api/me").expect(200)["balance_fen"].as_u64(), Some(before + 136_800));
}

#[test]
fn a_returned_first_order_takes_the_referrers_points_back() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1014", 1);
    let (referrer, _) = new_member(&api);
    let code = referrer.get("/api/me/referrals").expect(200)["code"].as_str().unwrap_or_default().to_owned();
    let phone = itest::people::unique_phone();
    let friend = api
        .with_header("cf-connecting-ip", &itest::people::fresh_address())
        .post(
            "/api/members",
            &json!({"phone": phone, "password": "secret-pass-1", "name": "朋友", "referral_code": code}),
        )
        .expect(201)["token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let friend = api.with_token(&friend);
    let points = |m: &Api| m.get("/api/me").expect(200)["points"].as_u64().unwrap_or_default();
    let before = points(&referrer);
    top_up(&friend, 100_000);
    let order = paid_in(&friend, "S1", &sku, 1, None, "ref-first");
    assert_eq!(points(&referrer), before + 500, "the first paid order earns the referrer points");
    let pickup = order["pickup"]["code"].as_str().unwrap_or_default();
    staff(&api, "G1001").post("/api/guide/pickups", &json!({"code": pickup})).expect(200);
    let order_id = order["id"].as_str().unwrap_or_default();
    give_back(&staff(&api, "G1001"), &friend, order_id, &sku, 1, "ref-back").expect(201);
    assert_eq!(points(&referrer), before, "returned whole: the referral points go back");
}
