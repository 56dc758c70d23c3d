//! Coupons: campaigns, claims under contention, the wallet, checkout, and redemption once.

use itest::client::{Api, Reply};
use itest::people::{in_seconds, new_member, staff, top_up};
use itest::shop::{fresh_product_with, fresh_s1, live_sale, receive};
use serde_json::{Value, json};
use std::sync::Arc;

fn campaign(api: &Api, body: Value) -> Value {
    staff(api, "M1001").post("/api/manage/coupon-campaigns", &body).expect(201).clone()
}

fn threshold(title: &str, threshold: u64, off: u64, quantity: u64, limit: u64) -> Value {
    let now = chrono::Utc::now();
    json!({"title": title, "kind": "threshold", "threshold_fen": threshold, "off_fen": off, "scope": "all",
           "quantity": quantity, "per_member_limit": limit, "starts_at": (now - chrono::Duration::minutes(1)).to_rfc3339(),
           "ends_at": (now + chrono::Duration::days(30)).to_rfc3339(), "valid_days": 7})
}

fn claim(member: &Api, id: &str) -> Reply {
    member.post(&format!("/api/coupon-campaigns/{id}/claim"), &json!({}))
}

fn order_with(member: &Api, sku: &str, coupon: &str, key: &str) -> Reply {
    member
        .with_header("idempotency-key", key)
        .post("/api/orders", &json!({"store_id": "S1", "lines": [{"sku": sku, "qty": 1}], "coupon_id": coupon}))
}

fn wallet_status(member: &Api, coupon: &str) -> String {
    let wallet = member.get("/api/me/coupons").expect(200).clone();
    wallet
        .as_array()
        .and_then(|w| w.iter().find(|c| c["id"] == coupon))
        .map(|c| c["status"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

#[test]
fn a_claim_lands_in_the_wallet_within_the_limit() {
    let api = Api::from_env();
    let c = campaign(&api, threshold("满100减10 测试", 10_000, 1_000, 10, 2));
    let id = c["id"].as_str().unwrap_or_default();
    assert_eq!(c["store_id"], "S1", "a manager's campaign is for their store");
    let (member, _) = new_member(&api);
    let first = claim(&member, id).expect(201).clone();
    assert_eq!((first["status"].as_str(), first["campaign_id"].as_str()), (Some("available"), Some(id)));
    let days = chrono::DateTime::parse_from_rfc3339(first["valid_until"].as_str().unwrap_or_default()).expect("time")
        - chrono::DateTime::parse_from_rfc3339(first["valid_from"].as_str().unwrap_or_default()).expect("time");
    assert_eq!(days.num_days(), 7);
    claim(&member, id).expect(201);
    claim(&member, id).expect_error(409, "LIMIT_EXCEEDED");
    // A retried claim (same Idempotency-Key) is the same coupon, not a new one.
    let (other, _) = new_member(&api);
    let keyed = other.with_header("idempotency-key", "claim-once");
    let a = keyed.post(&format!("/api/coupon-campaigns/{id}/claim"), &json!({})).expect(201).clone();
    let b = keyed.post(&format!("/api/coupon-campaigns/{id}/claim"), &json!({})).expect(201).clone();
    assert_eq!(a["id"], b["id"]);
    assert_eq!(other.get("/api/me/coupons").expect(200).as_array().map(Vec::len), Some(1));
    let listed = member.get("/api/coupon-campaigns?store_id=S1").expect(200).clone();
    let mine = listed.as_array().and_then(|l| l.iter().find(|x| x["id"] == id).cloned()).unwrap_or_default();
    assert_eq!((mine["remaining"].as_u64(), mine["my_claimed"].as_u64()), (Some(7), Some(2)));
    api.get("/api/coupon-campaigns?store_id=S9").expect_error(404, "NOT_FOUND");
    claim(&member, "CP-NOPE").expect_error(404, "NOT_FOUND");
}

#[test]
fn a_thousand_concurrent_claims_for_fifty_coupons_hand_out_exactly_fifty() {
    let api = Api::from_env();
    let c = campaign(&api, threshold("限量50张 并发测试", 10_000, 1_000, 50, 1));
    let id = c["id"].as_str().unwrap_or_default().to_owned();
    let members = Arc::new(itest::load::members(&api, 1_000));
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let handles: Vec<_> = (0..32)
        .map(|_| {
            let (members, next, id) = (members.clone(), next.clone(), id.clone());
            std::thread::spawn(move || {
                let mut codes = Vec::new();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    if i >= members.len() {
                        break codes;
                    }
                    // Keyed as the app sends it, so a 503 or a dropped connection under this
                    // load is sent again with the same key (exactly once), never counted.
                    let r = claim(&members[i].with_header("idempotency-key", &format!("burst-{i}")), &id);
                    codes.push(if r.status == 201 { "CLAIMED".to_owned() } else { r.code().to_owned() });
                }
            })
        })
        .collect();
    let codes: Vec<String> = handles.into_iter().flat_map(|h| h.join().expect("thread")).collect();
    assert_eq!(codes.len(), 1_000);
    assert_eq!(codes.iter().filter(|c| *c == "CLAIMED").count(), 50, "exactly the quantity");
    let others: Vec<&String> = codes.iter().filter(|c| *c != "CLAIMED" && *c != "SOLD_OUT").collect();
    assert_eq!(codes.iter().filter(|c| *c == "SOLD_OUT").count(), 950, "everyone else hears sold out, not {others:?}");
    let listed = api.get("/api/coupon-campaigns").expect(200).clone();
    let row = listed.as_array().and_then(|l| l.iter().find(|x| x["id"] == id.as_str()).cloned()).unwrap_or_default();
    assert_eq!(row["remaining"], 0);
}

#[test]
fn one_member_claiming_at_once_still_gets_only_their_limit() {
    let api = Api::from_env();
    let c = campaign(&api, threshold("每人限2张", 10_000, 1_000, 100, 2));
    let id = c["id"].as_str().unwrap_or_default().to_owned();
    let (member, _) = new_member(&api);
    let handles: Vec<_> = (0..6)
        .map(|_| (member.clone(), id.clone()))
        .map(|(m, id)| std::thread::spawn(move || claim(&m, &id).status))
        .collect();
    let statuses: Vec<u16> = handles.into_iter().map(|h| h.join().expect("thread")).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 2, "{statuses:?}");
    assert_eq!(member.get("/api/me/coupons").expect(200).as_array().map(Vec::len), Some(2));
}

#[test]
fn checkout_quotes_the_best_coupon_and_says_why_the_others_do_not_apply() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    let big = campaign(&api, threshold("满300减50 报价", 30_000, 5_000, 100, 1));
    let far = campaign(&api, threshold("满5000减500 报价", 500_000, 50_000, 100, 1));
    claim(&member, big["id"].as_str().unwrap_or_default()).expect(201);
    claim(&member, far["id"].as_str().unwrap_or_default()).expect(201);
    let sku = fresh_s1(&api, "SKU-1001", 2);
    let quote = member
        .post("/api/checkout/quote", &json!({"store_id": "S1", "lines": [{"sku": &sku, "qty": 1}]}))
        .expect(200)
        .clone();
    assert_eq!(quote["subtotal_fen"], 36_800);
    assert_eq!((quote["discount_fen"].as_u64(), quote["total_fen"].as_u64()), (Some(5_000), Some(31_800)));
    let coupons = quote["coupons"].as_array().cloned().unwrap_or_default();
    let best_id = quote["best_coupon_id"].as_str().unwrap_or_default();
    let best = coupons.iter().find(|c| c["coupon"]["id"] == best_id).cloned().unwrap_or_default();
    assert_eq!(best["coupon"]["campaign_id"], big["id"]);
    let other = coupons.iter().find(|c| c["coupon"]["campaign_id"] == far["id"]).cloned().unwrap_or_default();
    assert_eq!(other["reason"]["reason"], "below_threshold");
    assert_eq!(other["reason"]["short"], 500_000 - 36_800);
}

#[test]
fn a_coupon_on_two_orders_at_once_is_refused() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    let c = campaign(&api, threshold("并发下单", 1_000, 500, 10, 1));
    let coupon =
        claim(&member, c["id"].as_str().unwrap_or_default()).expect(201)["id"].as_str().unwrap_or_default().to_owned();
    let sku = fresh_s1(&api, "SKU-1005", 4);
    let handles: Vec<_> = (0..3)
        .map(|i| {
            let (m, coupon, sku) = (member.clone(), coupon.clone(), sku.clone());
            std::thread::spawn(move || order_with(&m, &sku, &coupon, &format!("two-{i}")))
        })
        .collect();
    let results: Vec<Reply> = handles.into_iter().map(|h| h.join().expect("thread")).collect();
    assert_eq!(results.iter().filter(|r| r.status == 201).count(), 1, "{results:?}");
    assert!(results.iter().filter(|r| r.status != 201).all(|r| r.code() == "COUPON_NOT_APPLICABLE"), "{results:?}");
    assert_eq!(wallet_status(&member, &coupon), "locked");
}

#[test]
fn four_concurrent_payments_redeem_the_coupon_once() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    top_up(&member, 100_000);
    let c = campaign(&api, threshold("并发支付", 10_000, 2_000, 10, 1));
    let coupon =
        claim(&member, c["id"].as_str().unwrap_or_default()).expect(201)["id"].as_str().unwrap_or_default().to_owned();
    let sku = fresh_s1(&api, "SKU-1006", 2);
    let order = order_with(&member, &sku, &coupon, "pay-4").expect(201).clone();
    assert_eq!(order["discount_fen"], 2_000);
    let total = order["total_fen"].as_u64().unwrap_or(0);
    let id = order["id"].as_str().unwrap_or_default().to_owned();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (m, id) = (member.clone(), id.clone());
            std::thread::spawn(move || m.post(&format!("/api/orders/{id}/pay"), &json!({"method": "balance"})))
        })
        .collect();
    let results: Vec<Reply> = handles.into_iter().map(|h| h.join().expect("thread")).collect();
    assert!(results.iter().any(|r| r.status == 200), "{results:?}");
    assert!(results.iter().all(|r| r.status == 200 || r.code() == "ALREADY_PAID"), "{results:?}");
    assert_eq!(wallet_status(&member, &coupon), "redeemed");
    assert_eq!(
        member.get("/api/me").expect(200)["balance_fen"].as_u64(),
        Some(100_000 - total),
        "charged once, at the discounted price"
    );
    // A redeemed coupon cannot be used again.
    receive(&api, &sku, 1);
    order_with(&member, &sku, &coupon, "pay-again").expect_error(409, "COUPON_NOT_APPLICABLE");
}

#[test]
fn cancelling_or_letting_the_lock_lapse_gives_the_coupon_back() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    let c = campaign(&api, threshold("取消退券", 1_000, 500, 10, 1));
    let coupon =
        claim(&member, c["id"].as_str().unwrap_or_default()).expect(201)["id"].as_str().unwrap_or_default().to_owned();
    let sku = fresh_s1(&api, "SKU-1007", 3);
    let first = order_with(&member, &sku, &coupon, "c-1").expect(201).clone();
    member.post(&format!("/api/orders/{}/cancel", first["id"].as_str().unwrap_or_default()), &json!({})).expect(200);
    assert_eq!(wallet_status(&member, &coupon), "available");
    let second = order_with(&member, &sku, &coupon, "c-2").expect(201).clone();
    assert_eq!(wallet_status(&member, &coupon), "locked");
    // Eleven minutes later the unpaid order has expired and the coupon is back.
    let later = member.at(&in_seconds(11 * 60));
    assert_eq!(
        later.get(&format!("/api/orders/{}", second["id"].as_str().unwrap_or_default())).expect(200)["status"],
        "expired"
    );
    assert_eq!(wallet_status(&later, &coupon), "available");
}

#[test]
fn coupons_that_do_not_fit_the_order_are_refused_with_the_reason() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    let now = chrono::Utc::now();
    let beauty = campaign(
        &api,
        json!({"title": "美妆9折", "kind": "percent", "percent": 10, "off_fen": 10_000, "scope": "category:beauty",
        "quantity": 10, "per_member_limit": 1, "starts_at": (now - chrono::Duration::minutes(1)).to_rfc3339(),
        "ends_at": (now + chrono::Duration::days(3)).to_rfc3339(), "valid_days": 1}),
    );
    let coupon = claim(&member, beauty["id"].as_str().unwrap_or_default()).expect(201)["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let sku = fresh_s1(&api, "SKU-1024", 1);
    let r = order_with(&member, &sku, &coupon, "shoes");
    r.expect_error(409, "COUPON_NOT_APPLICABLE");
    assert!(r.text.contains("nothing in this order is covered"), "{}", r.text);
    // Flash-sale prices take no coupon unless the campaign says so.
    // A product the coupon covers (beauty), under a flash sale.
    let sale_sku = fresh_product_with(
        &api,
        &json!({"store_id": "S1", "like": "SKU-1004", "on_hand": 0, "category": "beauty"}),
    )["sku"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let sale = live_sale(&api, &sale_sku, 2, 1);
    let flash = member.with_header("idempotency-key", "flash").post(
        "/api/orders",
        &json!({"store_id": "S1", "lines": [{"sku": &sale_sku, "qty": 1, "flash_sale_id": sale}], "coupon_id": coupon}),
    );
    flash.expect_error(409, "COUPON_NOT_APPLICABLE");
    assert_eq!(wallet_status(&member, &coupon), "available", "a refused coupon stays in the wallet");
    // Two days on, the one-day coupon has expired.
    let later = member.at(&in_seconds(2 * 86_400));
    assert_eq!(wallet_status(&later, &coupon), "expired");
    // A beauty product it would cover (refused before anything is locked for long).
    order_with(&later, "SKU-1001", &coupon, "late").expect_error(409, "COUPON_NOT_APPLICABLE");
}

#[test]
fn managers_create_campaigns_and_guides_hand_coupons_out() {
    let api = Api::from_env();
    let mut bad = threshold("x", 100, 500, 10, 1);
    let r = staff(&api, "M1001").post("/api/manage/coupon-campaigns", &bad);
    r.expect_error(422, "INVALID");
    assert!(r.body["error"]["message"].as_str().unwrap_or_default().starts_with("threshold_fen"));
    bad["threshold_fen"] = json!(1_000);
    staff(&api, "G1001").post("/api/manage/coupon-campaigns", &bad).expect_error(403, "FORBIDDEN");
    bad["store_id"] = json!("S2");
    staff(&api, "M1001").post("/api/manage/coupon-campaigns", &bad).expect_error(403, "WRONG_STORE");
    let c = campaign(&api, threshold("导购发券", 10_000, 1_000, 3, 1));
    let id = c["id"].as_str().unwrap_or_default();
    let phone = itest::people::unique_phone();
    api.post("/api/members", &json!({"phone": phone, "password": "secret-pass-1", "name": "顾客"})).expect(201);
    let guide = staff(&api, "G1001");
    let sent = guide.post("/api/guide/coupons", &json!({"campaign_id": id, "phone": phone})).expect(201).clone();
    assert_eq!(sent["campaign_id"], id);
    guide.post("/api/guide/coupons", &json!({"campaign_id": id, "phone": phone})).expect_error(409, "LIMIT_EXCEEDED");
    guide
        .post("/api/guide/coupons", &json!({"campaign_id": id, "phone": "13999999999"}))
        .expect_error(404, "NOT_FOUND");
    staff(&api, "G2001")
        .post("/api/guide/coupons", &json!({"campaign_id": id, "phone": phone}))
        .expect_error(403, "WRONG_STORE");
    let listed = api.get("/api/coupon-campaigns?store_id=S1").expect(200).clone();
    let row = listed.as_array().and_then(|l| l.iter().find(|x| x["id"] == id).cloned()).unwrap_or_default();
    assert_eq!(row["remaining"], 2, "a coupon handed out counts against the campaign");
    assert!(
        api.get("/api/coupon-campaigns?store_id=S2")
            .expect(200)
            .as_array()
            .is_some_and(|l| l.iter().all(|x| x["id"] != id))
    );
}

#[test]
fn audiences_new_members_and_first_orders() {
    let api = Api::from_env();
    let now = chrono::Utc::now();
    let newcomers = campaign(
        &api,
        json!({"title": "新人券 测试", "kind": "fixed", "off_fen": 1_000, "scope": "all", "quantity": 100,
        "per_member_limit": 1, "starts_at": (now - chrono::Duration::minutes(1)).to_rfc3339(),
        "ends_at": (now + chrono::Duration::days(300)).to_rfc3339(), "audience": "new_member"}),
    );
    let phone = itest::people::unique_phone();
    api.post("/api/members", &json!({"phone": phone, "password": "secret-pass-1", "name": "a"})).expect(201);
    // A hundred days on, the member is no longer new.
    let later = api.at(&in_seconds(100 * 86_400));
    let token = later.post("/api/sessions", &json!({"phone": phone, "password": "secret-pass-1"})).expect(200)["token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    claim(&later.with_token(&token), newcomers["id"].as_str().unwrap_or_default()).expect_error(403, "FORBIDDEN");
    let (fresh, _) = new_member(&api);
    claim(&fresh, newcomers["id"].as_str().unwrap_or_default()).expect(201);

    let first = campaign(
        &api,
        json!({"title": "首单券 测试", "kind": "fixed", "off_fen": 500, "scope": "all", "quantity": 100,
        "per_member_limit": 2, "starts_at": (now - chrono::Duration::minutes(1)).to_rfc3339(),
        "ends_at": (now + chrono::Duration::days(30)).to_rfc3339(), "audience": "first_order"}),
    );
    let (buyer, _) = new_member(&api);
    top_up(&buyer, 100_000);
    let coupon = claim(&buyer, first["id"].as_str().unwrap_or_default()).expect(201)["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let sku = fresh_s1(&api, "SKU-1009", 3);
    let o = order_with(&buyer, &sku, &coupon, "first").expect(201).clone();
    buyer
        .post(&format!("/api/orders/{}/pay", o["id"].as_str().unwrap_or_default()), &json!({"method": "sandbox"}))
        .expect(200);
    let second = claim(&buyer, first["id"].as_str().unwrap_or_default()).expect(201)["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r = order_with(&buyer, &sku, &second, "second");
    r.expect_error(409, "COUPON_NOT_APPLICABLE");
    assert!(r.text.contains("first order"), "{}", r.text);
}
