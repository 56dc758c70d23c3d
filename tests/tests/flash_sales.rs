//! Flash sales: listing, creation by managers, windows, limits, sell-out, lock expiry.

use itest::client::Api;
use itest::people::{in_seconds, new_member, staff};
use itest::shop::{buy, fresh_s1, live_sale, sale, sale_view, stock_s1};
use serde_json::json;

#[test]
fn the_demo_store_has_a_live_and_an_upcoming_sale() {
    let api = Api::from_env();
    let sales = api.get("/api/flash-sales").expect(200).as_array().cloned().unwrap_or_default();
    let statuses: Vec<&str> = sales.iter().filter_map(|s| s["status"].as_str()).collect();
    assert!(statuses.contains(&"live") && statuses.contains(&"upcoming"), "{statuses:?}");
    for s in &sales {
        for field in [
            "id",
            "sku",
            "store_id",
            "title",
            "price_fen",
            "original_price_fen",
            "starts_at",
            "ends_at",
            "quantity",
            "remaining",
            "per_member_limit",
            "status",
        ] {
            assert!(!s[field].is_null(), "{field} in {s}");
        }
        assert!(s["price_fen"].as_u64() < s["original_price_fen"].as_u64());
    }
    let s2 = api.get("/api/flash-sales?store_id=S2").expect(200).as_array().cloned().unwrap_or_default();
    assert!(!s2.is_empty() && s2.iter().all(|s| s["store_id"] == "S2"));
    api.get("/api/flash-sales?store_id=S9").expect_error(404, "NOT_FOUND");
    api.get("/api/flash-sales?store_id=S%209").expect_error(400, "BAD_REQUEST");
    api.get("/api/flash-sales/FS-NOPE").expect_error(404, "NOT_FOUND");
}

#[test]
fn only_the_stores_manager_creates_sales_and_the_pool_must_hold_the_units() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1040", 5);
    let now = chrono::Utc::now();
    let body = |store: &str, qty: u32| {
        json!({"sku": &sku, "store_id": store, "price_fen": 500, "quantity": qty, "per_member_limit": 1,
        "starts_at": now.to_rfc3339(), "ends_at": (now + chrono::Duration::hours(1)).to_rfc3339()})
    };
    staff(&api, "G1001").post("/api/manage/flash-sales", &body("S1", 1)).expect_error(403, "FORBIDDEN");
    new_member(&api).0.post("/api/manage/flash-sales", &body("S1", 1)).expect_error(403, "WRONG_ROLE");
    staff(&api, "M1001").post("/api/manage/flash-sales", &body("S2", 1)).expect_error(403, "WRONG_STORE");
    api.post("/api/manage/flash-sales", &body("S1", 1)).expect_error(401, "UNAUTHENTICATED");
    let available = stock_s1(&api, &sku)["available"].as_u64().unwrap_or(0) as u32;
    staff(&api, "M1001")
        .post("/api/manage/flash-sales", &body("S1", available + 1))
        .expect_error(409, "INSUFFICIENT_STOCK");
    let mut bad = body("S1", 1);
    bad["price_fen"] = json!(0);
    let r = staff(&api, "M1001").post("/api/manage/flash-sales", &bad);
    r.expect_error(422, "INVALID");
    assert!(r.body["error"]["message"].as_str().unwrap_or_default().starts_with("price_fen"));
    let created = staff(&api, "M1001").post("/api/manage/flash-sales", &body("S1", 2));
    let s = created.expect(201);
    assert_eq!((s["status"].as_str(), s["remaining"].as_u64()), (Some("live"), Some(2)));
    assert_eq!(
        stock_s1(&api, &sku)["available"].as_u64(),
        Some(available as u64 - 2),
        "the sale's units left the free pool"
    );
}

#[test]
fn a_sale_sells_only_inside_its_window() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1041", 0);
    let (member, _) = new_member(&api);
    let upcoming = sale(&api, &sku, 3, 1, 600, 600, 1);
    let id = upcoming["id"].as_str().unwrap_or_default();
    assert_eq!(upcoming["status"], "upcoming");
    buy(&member, &sku, id, "early").expect_error(409, "SALE_NOT_LIVE");
    // Ten minutes on, it is live; after its end, it is over.
    buy(&member.at(&in_seconds(601)), &sku, id, "on-time").expect(201);
    buy(&member.at(&in_seconds(1_300)), &sku, id, "late").expect_error(409, "SALE_NOT_LIVE");
}

#[test]
fn the_per_member_limit_counts_locked_and_bought_units() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1042", 0);
    let (member, _) = new_member(&api);
    let id = live_sale(&api, &sku, 5, 2);
    let first = buy(&member, &sku, &id, "l1").expect(201).clone();
    member
        .post(&format!("/api/orders/{}/pay", first["id"].as_str().unwrap_or_default()), &json!({"method": "sandbox"}))
        .expect(200);
    buy(&member, &sku, &id, "l2").expect(201);
    buy(&member, &sku, &id, "l3").expect_error(409, "LIMIT_EXCEEDED");
    assert_eq!(member.get(&format!("/api/flash-sales/{id}")).expect(200)["my_held"], 2);
    assert_eq!(sale_view(&api, &id)["my_held"], serde_json::Value::Null, "signed out, nothing to hold");
}

#[test]
fn a_sale_sells_out_exactly_and_says_so() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1043", 0);
    let id = live_sale(&api, &sku, 2, 1);
    let buyers: Vec<Api> = (0..3).map(|_| new_member(&api).0).collect();
    buy(&buyers[0], &sku, &id, "s").expect(201);
    buy(&buyers[1], &sku, &id, "s").expect(201);
    buy(&buyers[2], &sku, &id, "s").expect_error(409, "SOLD_OUT");
    let view = sale_view(&api, &id);
    assert_eq!((view["status"].as_str(), view["remaining"].as_u64()), (Some("sold_out"), Some(0)));
}

#[test]
fn an_unpaid_lock_lapses_and_gives_the_unit_back() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1044", 0);
    let id = live_sale(&api, &sku, 1, 1);
    let (alice, _) = new_member(&api);
    let (bob, _) = new_member(&api);
    let order = buy(&alice, &sku, &id, "x").expect(201).clone();
    let order_id = order["id"].as_str().unwrap_or_default().to_owned();
    buy(&bob, &sku, &id, "x").expect_error(409, "SOLD_OUT");
    // Eleven minutes on (locks hold ten), the order has expired and the unit is back.
    let later = in_seconds(11 * 60);
    assert_eq!(alice.at(&later).get(&format!("/api/orders/{order_id}")).expect(200)["status"], "expired");
    alice
        .at(&later)
        .post(&format!("/api/orders/{order_id}/pay"), &json!({"method": "balance"}))
        .expect_error(409, "LOCK_EXPIRED");
    assert_eq!(api.at(&later).get(&format!("/api/flash-sales/{id}")).expect(200)["remaining"], 1);
    buy(&bob.at(&later), &sku, &id, "y").expect(201);
}

#[test]
fn buckets_hand_units_over_so_a_bucketed_sale_sells_every_unit() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1045", 0);
    let s = sale(&api, &sku, 6, 1, -60, 3_600, 4);
    let id = s["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(s["buckets"], 4);
    let mut won = 0;
    for i in 0..9 {
        let (m, _) = new_member(&api);
        let r = buy(&m, &sku, &id, &format!("b{i}"));
        match r.status {
            201 => won += 1,
            _ => r.expect_error(409, "SOLD_OUT"),
        }
    }
    assert_eq!(won, 6, "every unit sold even though buyers land in different buckets");
    assert_eq!(sale_view(&api, &id)["remaining"], 0);
}

#[test]
fn a_gold_member_may_buy_one_more_than_the_limit_and_a_classic_member_may_not() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1042", 0);
    let id = live_sale(&api, &sku, 10, 2);
    let (classic, _) = new_member(&api);
    let (gold, _) = new_member(&api);
    itest::people::make_gold(&api, &gold);
    for key in ["c1", "c2"] {
        buy(&classic, &sku, &id, key).expect(201);
    }
    buy(&classic, &sku, &id, "c3").expect_error(409, "LIMIT_EXCEEDED");
    for key in ["g1", "g2", "g3"] {
        buy(&gold, &sku, &id, key).expect(201);
    }
    buy(&gold, &sku, &id, "g4").expect_error(409, "LIMIT_EXCEEDED");
    assert_eq!(gold.get(&format!("/api/flash-sales/{id}")).expect(200)["my_held"], 3, "the sale's limit plus one");
}
