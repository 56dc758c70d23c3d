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
