//! Referrals: a member's code brings a new member; their first paid order within 30 days earns
//! the referrer 500 points, once.

use itest::client::Api;
use itest::people::{in_seconds, new_member, unique_phone};
use itest::shop::{buy_regular, fresh_s1};
use serde_json::{Value, json};

fn register(api: &Api, phone: &str, code: Option<&str>) -> itest::client::Reply {
    api.post(
        "/api/members",
        &json!({"phone": phone, "password": "secret-pass-1", "name": "新朋友", "referral_code": code}),
    )
}

fn summary(member: &Api) -> Value {
    member.get("/api/me/referrals").expect(200).clone()
}

fn points(member: &Api) -> u64 {
    member.get("/api/me").expect(200)["points"].as_u64().unwrap_or_default()
}

/// Tops up, orders one unit of `sku` (¥399, like SKU-1031) in S1 and pays it with stored value.
fn first_order(member: &Api, sku: &str, key: &str) {
    member.post("/api/me/top-ups", &json!({"amount_fen": 50_000, "method": "sandbox"})).expect(201);
    let id = buy_regular(member, sku, 1, key).expect(201)["id"].as_str().unwrap_or_default().to_owned();
    member.post(&format!("/api/orders/{id}/pay"), &json!({"method": "balance"})).expect(200);
}

#[test]
fn a_referred_members_first_paid_order_earns_the_referrer_points_once() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1031", 3);
    let (a, _) = new_member(&api);
    let mine = summary(&a);
    let code = mine["code"].as_str().unwrap_or_default().to_owned();
    assert_eq!(mine["link"], format!("/member?ref={code}"));
    assert_eq!((mine["invited"].as_u64(), mine["points_earned"].as_u64()), (Some(0), Some(0)));

    // Made-up codes are refused before anything is created.
    register(&api, &unique_phone(), Some("1234")).expect_error(422, "INVALID");
    let forged = format!("{}{}", &code[..14], if code.ends_with('0') { '1' } else { '0' });
    register(&api, &unique_phone(), Some(&forged)).expect_error(422, "INVALID");

    let b = register(&api, &unique_phone(), Some(&code)).expect(201).clone();
    let b = api.with_token(b["token"].as_str().unwrap_or_default());
    assert_eq!(summary(&a)["invited"], 1);
    let before = points(&a);
    first_order(&b, &sku, "ref-b1");
    assert_eq!(points(&a), before + 500, "the referrer earns 500 points");
    let after = summary(&a);
    assert_eq!((after["rewarded"].as_u64(), after["points_earned"].as_u64()), (Some(1), Some(500)));
    // A second order earns nothing more.
    first_order(&b, &sku, "ref-b2");
    assert_eq!(points(&a), before + 500);

    // A referred member whose first order comes after 30 days earns their referrer nothing.
    let phone = unique_phone();
    register(&api, &phone, Some(&code)).expect(201);
    let later = api.at(&in_seconds(31 * 86_400));
    let session =
        later.post("/api/sessions", &json!({"phone": phone, "password": "secret-pass-1"})).expect(200).clone();
    first_order(&later.with_token(session["token"].as_str().unwrap_or_default()), &sku, "ref-c1");
    let end = summary(&a);
    assert_eq!((end["invited"].as_u64(), end["rewarded"].as_u64()), (Some(2), Some(1)));
    assert_eq!(points(&a), before + 500);
}

fn register_through(api: &Api, phone: &str, promoter: &str) -> itest::client::Reply {
    api.with_header("cf-connecting-ip", &itest::people::fresh_address()).post(
        "/api/members",
        &json!({"phone": phone, "password": "secret-pass-1", "name": "新客", "promoter": promoter}),
    )
}

/// The promoter's commission on `order`, if any.
fn commission(promoter: &Api, order: &str) -> Value {
    let summary = promoter.get("/api/guide/promoter").expect(200).clone();
    let all = summary["commissions"].as_array().cloned().unwrap_or_default();
    all.into_iter().find(|c| c["order_id"] == order).unwrap_or(Value::Null)
}

/// Orders one unit of `sku` (¥399), pays it, has it collected; the order id.
fn collected(api: &Api, member: &Api, sku: &str, key: &str) -> String {
    first_order(member, sku, key);
    let orders = member.get("/api/orders").expect(200).clone();
    let order = orders[0].clone();
    let code = order["pickup"]["code"].as_str().unwrap_or_default();
    itest::people::staff(api, "G1001").post("/api/guide/pickups", &json!({"code": code})).expect(200);
    order["id"].as_str().unwrap_or_default().to_owned()
}

#[test]
fn forged_or_unknown_promoter_codes_create_nothing() {
    let api = Api::from_env();
    let code = itest::people::staff(&api, "G1001").get("/api/guide/promoter").expect(200)["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let forged = format!("{}{}", &code[..code.len() - 1], if code.ends_with('0') { '1' } else { '0' });
    for bad in [forged.as_str(), "P-G1001-12", "G1001", &code.replace("G1001", "G9999")] {
        let phone = unique_phone();
        register_through(&api, &phone, bad).expect_error(422, "INVALID");
        api.with_header("cf-connecting-ip", &itest::people::fresh_address())
            .post("/api/sessions", &json!({"phone": phone, "password": "secret-pass-1"}))
            .expect_error(401, "BAD_CREDENTIALS");
    }
}

#[test]
fn a_promoters_customer_gets_two_gifts_and_earns_them_first_and_second_order_commissions() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1031", 3);
    let promoter = itest::people::staff(&api, "G1001");
    let mine = promoter.get("/api/guide/promoter").expect(200).clone();
    let code = mine["code"].as_str().unwrap_or_default().to_owned();
    assert!(code.starts_with("P-G1001-"), "{mine}");
    assert_eq!(mine["link"], format!("/member?promoter={code}"));

    let session = register_through(&api, &unique_phone(), &code).expect(201).clone();
    let customer = api.with_token(session["token"].as_str().unwrap_or_default());
    let member_id = session["member"]["id"].as_str().unwrap_or_default().to_owned();
    let wallet = customer.get("/api/me/coupons").expect(200).clone();
    let mut gifts: Vec<u64> = wallet
        .as_array()
        .map(|w| w.iter().filter(|c| c["campaign_id"].as_str().is_some_and(|id| id.starts_with("promoter-"))))
        .into_iter()
        .flatten()
        .map(|c| c["off_fen"].as_u64().unwrap_or(0))
        .collect();
    gifts.sort();
    assert_eq!(gifts, vec![500, 1_000], "the two gift coupons: {wallet}");
    let listed = promoter.get("/api/guide/promoter").expect(200).clone();
    assert!(listed["customers"].as_array().is_some_and(|c| c.iter().any(|c| c["member_id"] == member_id.as_str())));

    // The first order earns 500, pending; returned whole, the commission is reversed and the
    // order's red envelope is taken back.
    let first = collected(&api, &customer, &sku, &format!("promo-1-{member_id}"));
    let c = commission(&promoter, &first);
    assert_eq!(
        (c["kind"].as_str(), c["amount_fen"].as_u64(), c["status"].as_str()),
        (Some("first_order"), Some(500), Some("pending"))
    );
    let envelope = customer.get(&format!("/api/orders/{first}")).expect(200)["red_envelope"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let member_code = itest::people::code(&customer);
    itest::people::staff(&api, "G1001")
        .with_header("idempotency-key", &format!("promo-ret-{first}"))
        .post(
            "/api/guide/returns",
            &json!({"order_id": first, "lines": [{"sku": sku, "qty": 1}], "reason": "不合适", "member_code": member_code}),
        )
        .expect(201);
    assert_eq!(commission(&promoter, &first)["status"], "reversed");
    let (friend, _) = new_member(&api);
    friend.post(&format!("/api/red-envelopes/{envelope}/open"), &json!({})).expect_error(409, "ENVELOPE_WITHDRAWN");

    // The second paid order earns 200; once its return window has closed it is settled.
    let second = collected(&api, &customer, &sku, &format!("promo-2-{member_id}"));
    let c = commission(&promoter, &second);
    assert_eq!(
        (c["kind"].as_str(), c["amount_fen"].as_u64(), c["status"].as_str()),
        (Some("second_order"), Some(200), Some("pending"))
    );
    // Eight days on (a staff session of today has lapsed by then: sign in then).
    let later = itest::people::staff(&api.at(&in_seconds(8 * 86_400)), "G1001");
    assert_eq!(commission(&later, &second)["status"], "settled");
    // A third order earns nothing.
    let third = collected(&api, &customer, &sku, &format!("promo-3-{member_id}"));
    assert_eq!(commission(&promoter, &third), Value::Null);
    // The statement's months are the store's (Beijing, UTC+8).
    let month = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y-%m").to_string();
    let statement = later.get(&format!("/api/guide/promoter?month={month}")).expect(200).clone();
    assert!(statement["settled_fen"].as_u64().is_some_and(|f| f >= 200), "{statement}");
    promoter.get("/api/guide/promoter?month=soon").expect_error(422, "INVALID");
}

// Promoters' figures on the dashboard and in the guides' invite messages.
#[path = "referrals/promoter_figures.rs"]
mod promoter_figures;
