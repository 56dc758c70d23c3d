//! `Idempotency-Key` is scoped to its caller and endpoint: another caller's identical key is
//! another request (never a copy of the first result), and the same caller reusing a key with
//! another body is refused with `IDEMPOTENCY_MISMATCH` on every endpoint that takes the header.

use itest::client::{Api, Reply};
use itest::people::{code, new_member, staff, top_up, unique_phone};
use itest::shop::{buy_regular, fresh_s1};
use serde_json::{Value, json};

fn campaign(api: &Api, title: &str, quantity: u64) -> String {
    let now = chrono::Utc::now();
    let body = json!({"title": title, "kind": "fixed", "off_fen": 500, "scope": "all", "quantity": quantity,
        "per_member_limit": 1, "starts_at": (now - chrono::Duration::minutes(1)).to_rfc3339(),
        "ends_at": (now + chrono::Duration::days(30)).to_rfc3339(), "valid_days": 7});
    staff(api, "M1001").post("/api/manage/coupon-campaigns", &body).expect(201)["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Registers a member and returns their phone number.
fn registered(api: &Api) -> String {
    let phone = unique_phone();
    api.with_header("cf-connecting-ip", &itest::people::fresh_address())
        .post("/api/members", &json!({"phone": phone, "password": "secret-pass-1", "name": "同键会员"}))
        .expect(201);
    phone
}

fn keyed(api: &Api, key: &str) -> Api {
    api.with_header("idempotency-key", key)
}

fn wallet(member: &Api) -> Vec<Value> {
    member.get("/api/me/coupons").expect(200).as_array().cloned().unwrap_or_default()
}

#[test]
fn two_members_with_one_claim_key_each_get_their_own_claim_or_none() {
    let api = Api::from_env();
    let id = campaign(&api, "限量1张 同键", 1);
    let (a, _) = new_member(&api);
    let (b, _) = new_member(&api);
    let path = format!("/api/coupon-campaigns/{id}/claim");
    let first = keyed(&a, "shared-key").post(&path, &json!({})).expect(201).clone();
    // B's identical key is B's own request: the only coupon is gone, so B gets none, and never
    // a copy of A's that counts against no limit.
    keyed(&b, "shared-key").post(&path, &json!({})).expect_error(409, "SOLD_OUT");
    assert!(wallet(&b).is_empty(), "B holds nothing");
    assert_eq!(wallet(&a).len(), 1);
    // A's retry is A's coupon again.
    assert_eq!(keyed(&a, "shared-key").post(&path, &json!({})).expect(201)["id"], first["id"]);
}

#[test]
fn another_member_with_the_same_order_key_gets_their_own_order() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1036", 2);
    let (a, _) = new_member(&api);
    let (b, _) = new_member(&api);
    let first = buy_regular(&a, &sku, 1, "same-order-key").expect(201).clone();
    let second = buy_regular(&b, &sku, 1, "same-order-key").expect(201).clone();
    assert_ne!(first["id"], second["id"]);
    assert_eq!(second["member_id"], b.get("/api/me").expect(200)["id"]);
    b.get(&format!("/api/orders/{}", first["id"].as_str().unwrap_or_default())).expect_error(404, "NOT_FOUND");
}

#[test]
fn a_key_refused_for_a_bad_body_may_be_used_again_with_a_corrected_one() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1036", 1);
    let (member, _) = new_member(&api);
    buy_regular(&member, &sku, 0, "fix-me").expect_error(422, "INVALID");
    buy_regular(&member, &sku, 1, "fix-me").expect(201);
    buy_regular(&member, &sku, 2, "fix-me").expect_error(409, "IDEMPOTENCY_MISMATCH");
}

/// Sends `first` then `second` with one key: the first is answered `status`, the second is
/// refused as a mismatch.
fn mismatch(who: &Api, path: &str, first: Value, status: u16, second: Value) {
    let key = format!("mm-{}", unique_phone());
    let r: Reply = keyed(who, &key).post(path, &first);
    r.expect(status);
    keyed(who, &key).post(path, &second).expect_error(409, "IDEMPOTENCY_MISMATCH");
    // The first body is still the first request (a retry, not a mismatch).
    let again = keyed(who, &key).post(path, &first);
    assert!(again.status < 300 || again.code() != "IDEMPOTENCY_MISMATCH", "{path}: {} {}", again.status, again.body);
}

#[test]
fn a_reused_key_with_another_body_is_refused_on_every_keyed_endpoint() {
    let api = Api::from_env();
    let manager = staff(&api, "M1001");
    let guide = staff(&api, "G1001");
    let sku = fresh_s1(&api, "SKU-1036", 20);
    let (member, me) = new_member(&api);
    top_up(&member, 100_000);
    let order = |qty: u64| json!({"store_id": "S1", "lines": [{"sku": &sku, "qty": qty}]});
    mismatch(&member, "/api/orders", order(1), 201, order(2));

    let c1 = campaign(&api, "同键不同券 1", 10);
    let c2 = campaign(&api, "同键不同券 2", 10);
    let key = format!("claim-{}", unique_phone());
    keyed(&member, &key).post(&format!("/api/coupon-campaigns/{c1}/claim"), &json!({})).expect(201);
    keyed(&member, &key)
        .post(&format!("/api/coupon-campaigns/{c2}/claim"), &json!({}))
        .expect_error(409, "IDEMPOTENCY_MISMATCH");

    // Guide coupons: the same key for another customer.
    let (p1, p2) = (registered(&api), registered(&api));
    let gift = |phone: &str| json!({"phone": phone, "campaign_id": c1});
    mismatch(&guide, "/api/guide/coupons", gift(&p1), 201, gift(&p2));

    let now = chrono::Utc::now();
    let sale = |price: u64| {
        json!({"sku": &sku, "store_id": "S1", "price_fen": price, "quantity": 1, "per_member_limit": 1,
               "starts_at": (now + chrono::Duration::hours(1)).to_rfc3339(),
               "ends_at": (now + chrono::Duration::hours(2)).to_rfc3339(), "buckets": 1})
    };
    mismatch(&manager, "/api/manage/flash-sales", sale(990), 201, sale(1990));
    let new_campaign = |title: &str| {
        json!({"title": title, "kind": "fixed", "off_fen": 500, "scope": "all", "quantity": 5, "per_member_limit": 1,
               "starts_at": (now - chrono::Duration::minutes(1)).to_rfc3339(),
               "ends_at": (now + chrono::Duration::days(3)).to_rfc3339(), "valid_days": 7})
    };
    mismatch(&manager, "/api/manage/coupon-campaigns", new_campaign("键 A"), 201, new_campaign("键 B"));
    let units = |qty: u64| json!({"sku": &sku, "qty": qty});
    mismatch(&manager, "/api/manage/stock/receipts", units(1), 200, units(2));
    mismatch(&guide, "/api/guide/stock/sales", units(1), 200, units(2));

    let charge_key = format!("charge-{}", unique_phone());
    let first_code = code(&member);
    keyed(&guide, &charge_key)
        .post("/api/guide/charges", &json!({"code": first_code, "amount_fen": 100, "note": ""}))
        .expect(200);
    keyed(&guide, &charge_key)
        .post("/api/guide/charges", &json!({"code": code(&member), "amount_fen": 200, "note": ""}))
        .expect_error(409, "IDEMPOTENCY_MISMATCH");
    assert_eq!(member.get("/api/me").expect(200)["balance_fen"].as_u64(), Some(100_000 - 100), "charged once");

    // A guide's order for a bound customer.
    guide.post("/api/guide/customers", &json!({"code": code(&member)})).expect(201);
    let member_id = me["id"].as_str().unwrap_or_default();
    let for_customer = |qty: u64| json!({"member_id": member_id, "lines": [{"sku": &sku, "qty": qty}]});
    mismatch(&guide, "/api/guide/orders", for_customer(1), 201, for_customer(2));
}
