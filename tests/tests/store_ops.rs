//! Store operations (contract v2 "Store operations"): sales and campaigns over their life, and
//! the dashboard, with the role and store matrix.

use itest::client::{Api, Reply};
use itest::people::{in_seconds, new_member, staff, top_up};
use itest::shop::{buy, buy_regular, fresh_product, fresh_s1, live_sale, sale, sale_view, stock_s1};
use serde_json::{Value, json};

fn cancel(manager: &Api, id: &str) -> Reply {
    manager.post(&format!("/api/manage/flash-sales/{id}/cancel"), &json!({}))
}

fn managed_sale(manager: &Api, id: &str) -> Value {
    let list = manager.get("/api/manage/flash-sales").expect(200).clone();
    list.as_array().and_then(|l| l.iter().find(|s| s["id"] == id).cloned()).unwrap_or(Value::Null)
}

fn available(api: &Api, sku: &str) -> u64 {
    stock_s1(api, sku)["available"].as_u64().unwrap_or(u64::MAX)
}

fn pay(member: &Api, order: &Value) {
    let id = order["id"].as_str().unwrap_or_default();
    member.post(&format!("/api/orders/{id}/pay"), &json!({"method": "balance"})).expect(200);
}

fn audit_has(api: &Api, action: &str, subject: &str) -> bool {
    let log = staff(api, "M1001").get("/api/manage/audit?store_id=S1").expect(200).clone();
    log.as_array().is_some_and(|l| l.iter().any(|e| e["action"] == action && e["subject"] == subject))
}

#[test]
fn a_cancelled_sale_takes_no_orders_returns_free_units_at_once_and_keeps_paid_orders() {
    let api = Api::from_env();
    let manager = staff(&api, "M1001");
    let sku = fresh_s1(&api, "SKU-1040", 0);
    let id = live_sale(&api, &sku, 5, 1);
    let (alice, _) = new_member(&api);
    top_up(&alice, 100_000);
    let paid = buy(&alice, &sku, &id, "paid").expect(201).clone();
    pay(&alice, &paid);
    let (bob, _) = new_member(&api);
    let held = buy(&bob, &sku, &id, "held").expect(201).clone();
    let before = available(&api, &sku);
    let figures = managed_sale(&manager, &id);
    assert_eq!(
        (figures["sold"].as_u64(), figures["held"].as_u64(), figures["remaining"].as_u64()),
        (Some(1), Some(1), Some(3))
    );

    let cancelled = cancel(&manager, &id).expect(200).clone();
    assert_eq!(cancelled["status"], "cancelled", "{cancelled}");
    assert_eq!(
        (cancelled["sold"].as_u64(), cancelled["held"].as_u64(), cancelled["remaining"].as_u64()),
        (Some(1), Some(1), Some(0))
    );
    assert_eq!(available(&api, &sku), before + 3, "the three free units are back in the pool at once");
    // No new orders; the customers' list says cancelled, not selling.
    let (carol, _) = new_member(&api);
    let refused = buy(&carol, &sku, &id, "after");
    refused.expect_error(409, "SALE_NOT_LIVE");
    assert!(refused.text.contains("cancelled"), "{}", refused.text);
    assert_eq!(sale_view(&api, &id)["status"], "cancelled");
    let listed = api.get("/api/flash-sales?store_id=S1").expect(200).clone();
    let row = listed.as_array().and_then(|l| l.iter().find(|s| s["id"] == id).cloned()).unwrap_or_default();
    assert_eq!(row["status"], "cancelled");
    // The paid order stays valid; a repeated cancel is the same answer and moves nothing.
    let order = alice.get(&format!("/api/orders/{}", paid["id"].as_str().unwrap_or_default())).expect(200).clone();
    assert_eq!(order["status"], "ready_for_pickup");
    cancel(&manager, &id).expect(200);
    assert_eq!(available(&api, &sku), before + 3);
    assert!(audit_has(&api, "flash_sale_cancelled", &id));
    // Bob's lock lapses: its unit goes to the pool, not back to buyers. The figures at the later
    // clock come from this sale alone (a repeated cancel answers them): the store-wide list
    // would report every sale of S1 at that clock and lapse other tests' locks early.
    let later = in_seconds(11 * 60);
    assert_eq!(cancel(&manager.at(&later), &id).expect(200)["held"], 0);
    assert_eq!(available(&api.at(&later), &sku), before + 4, "the held unit followed when its lock ended");
    let bobs =
        bob.at(&later).get(&format!("/api/orders/{}", held["id"].as_str().unwrap_or_default())).expect(200).clone();
    assert_eq!(bobs["status"], "expired");
    assert_eq!(cancel(&manager.at(&later), &id).expect(200)["sold"], 1, "the paid unit stays sold");
}

#[test]
fn a_member_cancelling_a_held_order_of_a_cancelled_sale_returns_its_unit_to_the_pool() {
    let api = Api::from_env();
    let manager = staff(&api, "M1001");
    let sku = fresh_s1(&api, "SKU-1041", 0);
    let id = live_sale(&api, &sku, 2, 1);
    let (bob, _) = new_member(&api);
    let held = buy(&bob, &sku, &id, "held").expect(201).clone();
    cancel(&manager, &id).expect(200);
    let before = available(&api, &sku);
    bob.post(&format!("/api/orders/{}/cancel", held["id"].as_str().unwrap_or_default()), &json!({})).expect(200);
    assert_eq!(available(&api, &sku), before + 1);
    assert_eq!(managed_sale(&manager, &id)["remaining"], 0, "nothing goes back on sale");
}

#[test]
fn an_ended_sale_cannot_be_cancelled_and_only_its_stores_manager_or_head_office_may() {
    let api = Api::from_env();
    let manager = staff(&api, "M1001");
    let sku = fresh_s1(&api, "SKU-1042", 0);
    let short = sale(&api, &sku, 1, 1, -60, 120, 1);
    let id = short["id"].as_str().unwrap_or_default();
    cancel(&manager.at(&in_seconds(300)), id).expect_error(409, "ALREADY_ENDED");
    cancel(&manager, "FS-NOPE").expect_error(404, "NOT_FOUND");
    let other = fresh_s1(&api, "SKU-1043", 0);
    let id = live_sale(&api, &other, 1, 1);
    cancel(&staff(&api, "G1001"), &id).expect_error(403, "FORBIDDEN");
    cancel(&new_member(&api).0, &id).expect_error(403, "WRONG_ROLE");
    cancel(&api, &id).expect_error(401, "UNAUTHENTICATED");
    // A sale of S2 (made by head office): S1's manager may not touch it, head office may.
    let admin = staff(&api, "A0001");
    let s2_sku = fresh_product(&api, "S2", "SKU-1001", 3);
    let now = chrono::Utc::now();
    let body = json!({"sku": s2_sku, "store_id": "S2", "price_fen": 100, "quantity": 2, "per_member_limit": 1,
        "starts_at": now.to_rfc3339(), "ends_at": (now + chrono::Duration::hours(1)).to_rfc3339()});
    let s2 = admin.post("/api/manage/flash-sales", &body).expect(201)["id"].as_str().unwrap_or_default().to_owned();
    cancel(&manager, &s2).expect_error(403, "WRONG_STORE");
    manager.get("/api/manage/flash-sales?store_id=S2").expect_error(403, "WRONG_STORE");
    assert_eq!(cancel(&admin, &s2).expect(200)["status"], "cancelled");
    let chain = admin.get("/api/manage/flash-sales").expect(200).clone();
    let stores: Vec<&str> = chain.as_array().into_iter().flatten().filter_map(|s| s["store_id"].as_str()).collect();
    assert!(stores.contains(&"S1") && stores.contains(&"S2"), "head office sees the chain");
    let mine = manager.get("/api/manage/flash-sales").expect(200).clone();
    assert!(mine.as_array().into_iter().flatten().all(|s| s["store_id"] == "S1"));
}

#[test]
fn a_sale_is_edited_before_its_start_and_not_after() {
    let api = Api::from_env();
    let manager = staff(&api, "M1001");
    let sku = fresh_s1(&api, "SKU-1044", 0);
    let upcoming = sale(&api, &sku, 2, 1, 3_600, 3_600, 2);
    let id = upcoming["id"].as_str().unwrap_or_default().to_owned();
    let path = format!("/api/manage/flash-sales/{id}");
    let patch = |who: &Api, body: Value| who.request("PATCH", &path, Some(body.to_string().as_bytes()));
    // Whole seconds: the API keeps milliseconds, so "ends at its start" below is exactly that.
    let starts = chrono::SubsecRound::trunc_subsecs(chrono::Utc::now() + chrono::Duration::hours(2), 0);
    let ends = starts + chrono::Duration::hours(1);
    let edited =
        json!({"title": "晚场秒杀", "price_fen": 500, "starts_at": starts.to_rfc3339(), "ends_at": ends.to_rfc3339()});
    let edited = patch(&manager, edited);
    let edited = edited.expect(200).clone();
    assert_eq!((edited["title"].as_str(), edited["price_fen"].as_u64()), (Some("晚场秒杀"), Some(500)));
    let seen = sale_view(&api, &id);
    assert_eq!((seen["title"].as_str(), seen["price_fen"].as_u64()), (Some("晚场秒杀"), Some(500)));
    assert!(audit_has(&api, "flash_sale_edited", &id));
    let r = patch(&manager, json!({"price_fen": 0}));
    r.expect_error(422, "INVALID");
    assert!(r.body["error"]["message"].as_str().unwrap_or_default().starts_with("price_fen"), "{}", r.text);
    let r = patch(&manager, json!({"ends_at": starts.to_rfc3339()}));
    r.expect_error(422, "INVALID");
    assert!(r.body["error"]["message"].as_str().unwrap_or_default().starts_with("ends_at"), "{}", r.text);
    patch(&staff(&api, "G1001"), json!({"price_fen": 400})).expect_error(403, "FORBIDDEN");
    // The moved start holds for buyers: an hour and a half on it has not started yet.
    let (m, _) = new_member(&api);
    buy(&m.at(&in_seconds(5_400)), &sku, &id, "early").expect_error(409, "SALE_NOT_LIVE");
    buy(&m.at(&in_seconds(7_260)), &sku, &id, "on-time").expect(201);
    // Once started, nothing changes.
    patch(&manager.at(&in_seconds(7_300)), json!({"price_fen": 400})).expect_error(409, "CONFLICT");
}

fn campaign(manager: &Api, title: &str, extra: Value) -> Value {
    let now = chrono::Utc::now();
    let mut body = json!({"title": title, "kind": "threshold", "off_fen": 500, "threshold_fen": 1_000, "scope": "all",
        "quantity": 10, "per_member_limit": 2, "starts_at": (now - chrono::Duration::minutes(1)).to_rfc3339(),
        "ends_at": (now + chrono::Duration::days(30)).to_rfc3339(), "valid_days": 7});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    manager.post("/api/manage/coupon-campaigns", &body).expect(201).clone()
}

fn managed_campaign(manager: &Api, id: &str) -> Value {
    let list = manager.get("/api/manage/coupon-campaigns").expect(200).clone();
    list.as_array().and_then(|l| l.iter().find(|c| c["id"] == id).cloned()).unwrap_or(Value::Null)
}

#[test]
fn a_closed_campaign_stops_claims_and_gifts_but_claimed_coupons_still_redeem() {
    let api = Api::from_env();
    let manager = staff(&api, "M1001");
    let c = campaign(&manager, "关闭测试", json!({}));
    let id = c["id"].as_str().unwrap_or_default().to_owned();
    let claim = |m: &Api| m.post(&format!("/api/coupon-campaigns/{id}/claim"), &json!({}));
    let (alice, _) = new_member(&api);
    top_up(&alice, 100_000);
    let coupon = claim(&alice).expect(201)["id"].as_str().unwrap_or_default().to_owned();
    let closed = manager.post(&format!("/api/manage/coupon-campaigns/{id}/close"), &json!({})).expect(200).clone();
    assert!(closed["closed_at"].is_string(), "{closed}");
    assert_eq!(closed["claimed"], 1);
    claim(&alice).expect_error(409, "CONFLICT");
    claim(&new_member(&api).0).expect_error(409, "CONFLICT");
    let centre = api.get("/api/coupon-campaigns?store_id=S1").expect(200).clone();
    assert!(centre.as_array().into_iter().flatten().all(|x| x["id"] != id.as_str()), "gone from the coupon centre");
    // The coupon claimed before the close still takes money off, and counts as redeemed.
    let sku = fresh_s1(&api, "SKU-1005", 2);
    let order = alice
        .with_header("idempotency-key", "closed-coupon")
        .post("/api/orders", &json!({"store_id": "S1", "lines": [{"sku": sku, "qty": 1}], "coupon_id": coupon}))
        .expect(201)
        .clone();
    assert_eq!(order["discount_fen"], 500);
    pay(&alice, &order);
    let figures = managed_campaign(&manager, &id);
    assert_eq!((figures["claimed"].as_u64(), figures["redeemed"].as_u64()), (Some(1), Some(1)), "{figures}");
    assert_eq!(figures["redemption_rate"].as_f64(), Some(1.0));
    manager.post(&format!("/api/manage/coupon-campaigns/{id}/close"), &json!({})).expect(200);
    assert!(audit_has(&api, "campaign_closed", &id));
}

#[test]
fn the_managers_campaign_list_has_after_payment_and_ended_ones_and_closing_needs_the_store() {
    let api = Api::from_env();
    let manager = staff(&api, "M1001");
    let gift = campaign(&manager, "支付有礼 列表", json!({"audience": "after_payment", "reward_min_fen": 10_000}));
    let gift_id = gift["id"].as_str().unwrap_or_default();
    let listed = managed_campaign(&manager, gift_id);
    assert_eq!((listed["audience"].as_str(), listed["claimed"].as_u64()), (Some("after_payment"), Some(0)));
    assert_eq!(listed["redemption_rate"].as_f64(), Some(0.0));
    let centre = api.get("/api/coupon-campaigns").expect(200).clone();
    assert!(centre.as_array().into_iter().flatten().all(|x| x["id"] != gift_id), "not claimable");
    let path = format!("/api/manage/coupon-campaigns/{gift_id}/close");
    staff(&api, "G1001").post(&path, &json!({})).expect_error(403, "FORBIDDEN");
    let soon = (chrono::Utc::now() + chrono::Duration::minutes(2)).to_rfc3339();
    let brief = campaign(&manager, "两分钟的券", json!({"ends_at": soon}));
    let brief_path = format!("/api/manage/coupon-campaigns/{}/close", brief["id"].as_str().unwrap_or_default());
    manager.at(&in_seconds(300)).post(&brief_path, &json!({})).expect_error(409, "ALREADY_ENDED");
    manager.post("/api/manage/coupon-campaigns/CP-NOPE/close", &json!({})).expect_error(404, "NOT_FOUND");
    manager.get("/api/manage/coupon-campaigns?store_id=S2").expect_error(403, "WRONG_STORE");
    let admin = staff(&api, "A0001");
    admin.get("/api/manage/coupon-campaigns?store_id=S2").expect(200);
    assert_eq!(admin.post(&path, &json!({})).expect(200)["id"], gift_id, "head office may close any store's");
}

#[test]
fn the_dashboard_counts_a_paid_order_on_todays_local_date() {
    let api = Api::from_env();
    let manager = staff(&api, "M1001");
    let board = manager.get("/api/manage/dashboard").expect(200).clone();
    let days = board["days"].as_array().cloned().unwrap_or_default();
    assert_eq!(days.len(), 14, "the last fortnight by default");
    let today = days.last().cloned().unwrap_or_default();
    let shanghai = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y-%m-%d").to_string();
    assert_eq!(today["date"], shanghai.as_str());
    // A paid order moves today's figures.
    let (m, _) = new_member(&api);
    top_up(&m, 100_000);
    let sku = fresh_s1(&api, "SKU-1005", 1);
    let order = buy_regular(&m, &sku, 1, "dash").expect(201).clone();
    pay(&m, &order);
    let after = manager.get(&format!("/api/manage/dashboard?from={shanghai}&to={shanghai}")).expect(200).clone();
    let day = after["days"][0].clone();
    assert_eq!(after["days"].as_array().map(Vec::len), Some(1));
    assert!(day["orders"].as_u64() > today["orders"].as_u64(), "{day} after {today}");
    let more = day["takings_fen"].as_u64().unwrap_or(0) - today["takings_fen"].as_u64().unwrap_or(0);
    assert!(more >= order["total_fen"].as_u64().unwrap_or(u64::MAX), "{day} after {today}");
    let guides = after["guides"].as_array().cloned().unwrap_or_default();
    assert!(guides.iter().any(|g| g["staff_id"] == "G1001"), "{guides:?}");
}

#[test]
fn the_dashboard_refuses_a_bad_range_naming_the_field_and_another_store() {
    let api = Api::from_env();
    let manager = staff(&api, "M1001");
    let field = |query: &str| {
        let r = manager.get(&format!("/api/manage/dashboard?{query}"));
        r.expect_error(422, "INVALID");
        r.body["error"]["message"].as_str().unwrap_or_default().split(':').next().unwrap_or_default().to_owned()
    };
    assert_eq!(field("from=2026-13-01"), "from");
    assert_eq!(field("to=2099-01-01"), "to");
    assert_eq!(field("from=2026-11-20&to=2026-11-10"), "from");
    assert_eq!(field("from=2025-01-01&to=2026-01-01"), "from");
    manager.get("/api/manage/dashboard?store_id=S2").expect_error(403, "WRONG_STORE");
    staff(&api, "G1001").get("/api/manage/dashboard").expect_error(403, "FORBIDDEN");
    let admin = staff(&api, "A0001");
    let chain = admin.get("/api/manage/dashboard").expect(200).clone();
    assert_eq!(chain["days"].as_array().map(Vec::len), Some(14));
    admin.get("/api/manage/dashboard?store_id=S2").expect(200);
    admin.get("/api/manage/dashboard?store_id=S9").expect_error(422, "INVALID");
}
