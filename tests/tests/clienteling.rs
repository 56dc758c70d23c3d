//! The guide's customers (bind by member code, tags, the protection period, orders on their
//! behalf) and the store's day (reconciliation), against a running server.

use itest::client::{Api, Reply};
use itest::people::{code, in_seconds, new_member, staff, top_up, unique_phone};
use itest::shop::fresh_s1;
use serde_json::{Value, json};

fn bind(guide: &Api, member: &Api, tags: &[&str]) -> Reply {
    guide.post("/api/guide/customers", &json!({"code": code(member), "tags": tags}))
}

fn put_tags(guide: &Api, member_id: &str, tags: Value) -> Reply {
    let body = json!({ "tags": tags }).to_string();
    guide.request("PUT", &format!("/api/guide/customers/{member_id}/tags"), Some(body.as_bytes()))
}

fn guide_order(guide: &Api, member_id: &str, sku: &str, key: &str) -> Reply {
    guide
        .with_header("idempotency-key", key)
        .post("/api/guide/orders", &json!({"member_id": member_id, "lines": [{"sku": sku, "qty": 1}]}))
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|l| l.iter().filter_map(|c| c["member_id"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

#[test]
fn a_guide_binds_a_customer_by_their_code_and_tags_them() {
    let api = Api::from_env();
    let guide = staff(&api, "G1001");
    let (member, who) = new_member(&api);
    let id = who["id"].as_str().unwrap_or_default();
    let c = bind(&guide, &member, &["VIP", "爱买包", "vip"]).expect(201).clone();
    assert_eq!(c["member_id"], id);
    assert_eq!(c["tags"], json!(["VIP", "爱买包"]), "repeats (any case) are dropped");
    assert_eq!((c["orders"].as_u64(), c["spend_fen"].as_u64()), (Some(0), Some(0)));
    // Scanning again is not an error: the customer is already theirs (and the code was spent).
    bind(&guide, &member, &[]).expect(200);
    let again = code(&member);
    guide.post("/api/guide/customers", &json!({"code": again})).expect(200);
    guide.post("/api/guide/customers", &json!({"code": again})).expect_error(409, "CODE_USED");

    let retagged = put_tags(&guide, id, json!(["周末来", "VIP"])).expect(200).clone();
    assert_eq!(retagged["tags"], json!(["周末来", "VIP"]));
    let by_tag = guide.get("/api/guide/customers?tag=%E5%91%A8%E6%9C%AB%E6%9D%A5").expect(200).clone();
    assert!(ids(&by_tag).contains(&id.to_owned()));
    let none = guide.get("/api/guide/customers?tag=no-such-tag").expect(200).clone();
    assert!(!ids(&none).contains(&id.to_owned()));
    put_tags(&guide, id, json!(["a,b"])).expect_error(422, "INVALID");
    put_tags(&guide, id, json!(["一二三四五六七八九十一二三"])).expect_error(422, "INVALID");
    put_tags(&guide, id, json!((0..9).map(|i| format!("t{i}")).collect::<Vec<_>>())).expect_error(422, "INVALID");
    put_tags(&guide, id, json!("VIP")).expect_error(400, "BAD_REQUEST");
    // Another guide's customers are not yours to tag or see.
    let other = staff(&api, "G2001");
    put_tags(&other, id, json!(["x"])).expect_error(404, "NOT_FOUND");
    assert!(!ids(other.get("/api/guide/customers").expect(200)).contains(&id.to_owned()));
    member.get("/api/guide/customers").expect_error(403, "WRONG_ROLE");
    api.get("/api/guide/customers").expect_error(401, "UNAUTHENTICATED");
    guide.post("/api/guide/customers", &json!({"code": "123456789012345678"})).expect_error(404, "NOT_FOUND");
}

#[test]
fn a_binding_protects_its_guide_until_it_has_been_quiet_for_the_period() {
    let api = Api::from_env();
    let phone = unique_phone();
    let sign_up = json!({"phone": phone, "password": "secret-pass-1", "name": "老客"});
    let who = api.post("/api/members", &sign_up).expect(201).clone();
    let member = api.with_token(who["token"].as_str().unwrap_or_default());
    let id = who["member"]["id"].as_str().unwrap_or_default();
    bind(&staff(&api, "G1001"), &member, &["老客"]).expect(201);
    // The manager of the same store is another member of staff: refused while protected.
    let manager = staff(&api, "M1001");
    bind(&manager, &member, &[]).expect_error(409, "BOUND_ELSEWHERE");
    // The same customer can have a guide in another store.
    bind(&staff(&api, "G2001"), &member, &[]).expect(201);
    // 181 days later with nothing in between, the binding has lapsed and moves.
    let later = api.at(&in_seconds(181 * 86_400));
    let session =
        later.post("/api/sessions", &json!({"phone": phone, "password": "secret-pass-1"})).expect(200).clone();
    let member_later = later.with_token(session["token"].as_str().unwrap_or_default());
    let manager_later = staff(&later, "M1001");
    let moved = bind(&manager_later, &member_later, &["新接手"]).expect(201).clone();
    assert_eq!(moved["tags"], json!(["新接手"]));
    let g1001_later = staff(&later, "G1001");
    assert!(!ids(g1001_later.get("/api/guide/customers").expect(200)).contains(&id.to_owned()));
    bind(&g1001_later, &member_later, &[]).expect_error(409, "BOUND_ELSEWHERE");
}

#[test]
fn a_guide_orders_for_their_customer_who_pays_in_the_app() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1031", 2);
    let guide = staff(&api, "G1001");
    let (member, who) = new_member(&api);
    let id = who["id"].as_str().unwrap_or_default();
    // Not bound yet: refused.
    guide_order(&guide, id, &sku, "g-order-1").expect_error(403, "FORBIDDEN");
    bind(&guide, &member, &[]).expect(201);
    let order = guide_order(&guide, id, &sku, "g-order-1").expect(201).clone();
    let order_id = order["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!((order["status"].as_str(), order["placed_by"].as_str()), (Some("pending_payment"), Some("G1001")));
    assert_eq!((order["member_id"].as_str(), order["store_id"].as_str()), (Some(id), Some("S1")));
    // A retry is the same order; the same key for another body is refused.
    assert_eq!(guide_order(&guide, id, &sku, "g-order-1").expect(200)["id"], order_id.as_str());
    guide_order(&guide, id, "SKU-1033", "g-order-1").expect_error(409, "IDEMPOTENCY_MISMATCH");
    guide.post("/api/guide/orders", &json!({"member_id": id, "lines": []})).expect_error(400, "BAD_REQUEST");
    guide
        .with_header("idempotency-key", "g-2")
        .post("/api/guide/orders", &json!({"member_id": id, "lines": []}))
        .expect_error(422, "INVALID");
    guide_order(&guide, "M99999999", &sku, "g-3").expect_error(403, "FORBIDDEN");
    guide_order(&guide, "bad id!", &sku, "g-3").expect_error(422, "INVALID");
    // The member sees it among their orders and pays it.
    let mine = member.get("/api/orders").expect(200).clone();
    assert!(
        mine.as_array().is_some_and(|l| l.iter().any(|o| o["id"] == order_id.as_str() && o["placed_by"] == "G1001"))
    );
    top_up(&member, 50_000);
    let paid = member.post(&format!("/api/orders/{order_id}/pay"), &json!({"method": "balance"})).expect(200).clone();
    assert_eq!(paid["status"], "ready_for_pickup");
    let customer = guide.get("/api/guide/customers").expect(200).clone();
    let c = customer.as_array().and_then(|l| l.iter().find(|c| c["member_id"] == id).cloned()).unwrap_or_default();
    assert_eq!((c["orders"].as_u64(), c["spend_fen"].as_u64()), (Some(1), Some(39_900)));
}

#[test]
fn the_stores_day_adds_up_orders_payments_pickups_and_the_counter() {
    // A day of its own, far ahead, so no other test's sales fall in it.
    let api = Api::from_env().at(&in_seconds(1_000 * 86_400));
    let sku = fresh_s1(&api, "SKU-1033", 3);
    let guide = staff(&api, "G1001");
    let (member, who) = new_member(&api);
    let id = who["id"].as_str().unwrap_or_default();
    top_up(&member, 300_000);
    bind(&guide, &member, &[]).expect(201);
    let by_guide = guide_order(&guide, id, &sku, "day-1").expect(201)["id"].as_str().unwrap_or_default().to_owned();
    member.post(&format!("/api/orders/{by_guide}/pay"), &json!({"method": "balance"})).expect(200);
    let own = member
        .with_header("idempotency-key", "day-2")
        .post("/api/orders", &json!({"store_id": "S1", "lines": [{"sku": &sku, "qty": 1}]}))
        .expect(201)["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let paid = member.post(&format!("/api/orders/{own}/pay"), &json!({"method": "sandbox"})).expect(200).clone();
    assert_eq!(paid["status"], "ready_for_pickup");
    let code_of = |o: &str| {
        member.get(&format!("/api/orders/{o}")).expect(200)["pickup"]["code"].as_str().unwrap_or_default().to_owned()
    };
    guide.post("/api/guide/pickups", &json!({"code": code_of(&by_guide)})).expect(200);
    guide.post("/api/guide/charges", &json!({"code": code(&member), "amount_fen": 12_950})).expect(200);
    guide.post("/api/guide/stock/sales", &json!({"sku": &sku, "qty": 1})).expect(200);

    let today = guide.get("/api/guide/reconciliation").expect(200).clone();
    let date = today["date"].as_str().unwrap_or_default().to_owned();
    let day = guide.get(&format!("/api/guide/reconciliation?date={date}")).expect(200).clone();
    assert_eq!(day, today, "no date means the store's today");
    assert_eq!(day["store_id"], "S1");
    assert_eq!((day["orders_paid"].as_u64(), day["takings_fen"].as_u64()), (Some(2), Some(239_800)));
    assert_eq!(
        day["by_method"],
        json!([
            {"method": "balance", "count": 1, "amount_fen": 119_900},
            {"method": "sandbox", "count": 1, "amount_fen": 119_900}
        ])
    );
    assert_eq!(
        (day["picked_up"].as_u64(), day["counter_sales"].as_u64(), day["counter_units"].as_u64()),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!((day["counter_charges"].as_u64(), day["counter_charged_fen"].as_u64()), (Some(1), Some(12_950)));
    assert_eq!((day["balanced"].as_bool(), day["discrepancies"].clone()), (Some(true), json!([])));
    // The local day runs from 16:00 UTC the day before (Asia/Shanghai).
    assert!(day["from"].as_str().is_some_and(|f| f.contains("T16:00:00")), "{}", day["from"]);
    // Another store's day does not include it; dates in the future or malformed are refused.
    let s2 = staff(&api, "G2001").get(&format!("/api/guide/reconciliation?date={date}")).expect(200).clone();
    assert_eq!(s2["orders_paid"], 0);
    let next = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").expect("a date") + chrono::Duration::days(1);
    guide.get(&format!("/api/guide/reconciliation?date={next}")).expect_error(422, "INVALID");
    guide.get("/api/guide/reconciliation?date=2026-13-01").expect_error(422, "INVALID");
    member.get("/api/guide/reconciliation").expect_error(403, "WRONG_ROLE");
}

/// A new guide of S1 made by its manager, signed in.
fn new_guide(api: &Api, manager: &Api) -> (String, Api) {
    let no = format!("G{}", &unique_phone()[5..]);
    let body =
        json!({"staff_no": no, "name": "交接导购", "store_id": "S1", "role": "guide", "password": "first-pass-1"});
    manager.post("/api/manage/staff", &body).expect(201);
    let session = api
        .with_header("cf-connecting-ip", &itest::people::fresh_address())
        .post("/api/guide/sessions", &json!({"staff_no": no, "password": "first-pass-1"}));
    let token = session.expect(200)["token"].as_str().expect("a token").to_owned();
    (no, api.with_token(&token))
}

#[test]
fn a_leaving_guides_customers_move_to_another_guide_with_their_protection_dates() {
    let api = Api::from_env();
    let manager = staff(&api, "M1001");
    let (leaving_no, leaving) = new_guide(&api, &manager);
    let (to_no, to) = new_guide(&api, &manager);
    let (first, _) = new_member(&api);
    let (second, _) = new_member(&api);
    let bound =
        [bind(&leaving, &first, &["VIP"]).expect(201).clone(), bind(&leaving, &second, &[]).expect(201).clone()];
    let path = format!("/api/manage/guides/{leaving_no}/handover");
    staff(&api, "G1001").post(&path, &json!({"to_staff_no": to_no})).expect_error(403, "FORBIDDEN");
    manager.post(&path, &json!({"to_staff_no": "G2001"})).expect_error(409, "GUIDE_UNAVAILABLE");
    manager.post(&path, &json!({"to_staff_no": leaving_no})).expect_error(422, "INVALID");
    let (gone_no, _) = new_guide(&api, &manager);
    manager.post(&format!("/api/manage/staff/{gone_no}/disable"), &json!({})).expect(200);
    manager.post(&path, &json!({"to_staff_no": gone_no})).expect_error(409, "GUIDE_UNAVAILABLE");
    manager.post("/api/manage/guides/G2001/handover", &json!({"to_staff_no": to_no})).expect_error(403, "WRONG_STORE");
    let report = manager.post(&path, &json!({"to_staff_no": to_no})).expect(200).clone();
    assert_eq!((report["moved"].as_u64(), report["store_id"].as_str()), (Some(2), Some("S1")), "{report}");
    assert!(ids(leaving.get("/api/guide/customers").expect(200)).is_empty());
    let now_theirs = to.get("/api/guide/customers").expect(200).clone();
    for before in &bound {
        let after = now_theirs.as_array().and_then(|l| l.iter().find(|c| c["member_id"] == before["member_id"]));
        let after = after.expect("moved");
        assert_eq!((&after["bound_at"], &after["last_active_at"]), (&before["bound_at"], &before["last_active_at"]));
        assert_eq!(after["tags"], before["tags"]);
    }
    let audit = manager.get("/api/manage/audit?store_id=S1").expect(200).clone();
    let logged = audit
        .as_array()
        .map(|l| l.iter().any(|e| e["action"] == "customers_handed_over" && e["subject"] == leaving_no.as_str()));
    assert_eq!(logged, Some(true), "{audit}");
}
