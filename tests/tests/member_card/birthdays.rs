//! Birthdays and tier benefits: a birthday given once, the card's benefits, the birthday coupon
//! once a year and the guides' Monday list, against a running server.

use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use itest::client::{Api, Reply};
use itest::people::{code, fresh_address, make_gold, staff, unique_phone};
use serde_json::{Value, json};

/// Registers a member named `name` with `birthday` (any JSON); the answer.
fn register(api: &Api, name: &str, birthday: Value) -> Reply {
    let body = json!({"phone": unique_phone(), "password": "secret-pass-1", "name": name, "birthday": birthday});
    api.with_header("cf-connecting-ip", &fresh_address()).post("/api/members", &body)
}

fn set_birthday(client: &Api, body: &Value) -> Reply {
    client.request("PUT", "/api/me/birthday", Some(body.to_string().as_bytes()))
}

/// The signed-in client and the member of a registration.
fn signed_in(api: &Api, reply: &Reply) -> (Api, Value) {
    let body = reply.expect(201).clone();
    (api.with_token(body["token"].as_str().expect("a token")), body["member"].clone())
}

#[test]
fn a_birthday_is_a_past_date_given_at_registration_and_never_moved() {
    let api = Api::from_env();
    for bad in ["1990-13-01", "03/12/1990", "2999-01-01", "1850-06-01", "1991-02-29"] {
        let r = register(&api, "寿星", json!(bad));
        r.expect_error(422, "INVALID");
        assert!(r.body["error"]["message"].as_str().unwrap_or("").contains("birthday"), "{bad}: {}", r.text);
    }
    let reply = register(&api, "寿星", json!("1990-12-03"));
    let (member, card) = signed_in(&api, &reply);
    assert_eq!(card["birthday"], "1990-12-03");
    assert_eq!(member.get("/api/me").expect(200)["birthday"], "1990-12-03");
    set_birthday(&member, &json!({"birthday": "1990-12-10"})).expect_error(409, "CONFLICT");
    assert_eq!(member.get("/api/me").expect(200)["birthday"], "1990-12-03", "not moved");
}

#[test]
fn a_member_without_a_birthday_gives_it_once_from_the_card() {
    let api = Api::from_env();
    let (member, card) = signed_in(&api, &register(&api, "无生日", Value::Null));
    assert_eq!(card["birthday"], Value::Null);
    let bad = set_birthday(&member, &json!({"birthday": "tomorrow"}));
    bad.expect_error(422, "INVALID");
    let set = set_birthday(&member, &json!({"birthday": "1988-02-29"})).expect(200).clone();
    assert_eq!(set["birthday"], "1988-02-29");
    set_birthday(&member, &json!({"birthday": "1988-03-01"})).expect_error(409, "CONFLICT");
    set_birthday(&api, &json!({"birthday": "1988-03-01"})).expect_error(401, "UNAUTHENTICATED");
}

#[test]
fn the_card_shows_the_tiers_benefits_and_what_the_next_tier_adds() {
    let api = Api::from_env();
    let (member, card) = signed_in(&api, &register(&api, "普卡", Value::Null));
    assert_eq!(card["benefits"], json!({"tier": "classic", "birthday_coupon_fen": null, "extra_flash_sale_units": 0}));
    assert_eq!(
        card["next_tier_benefits"],
        json!({"tier": "silver", "birthday_coupon_fen": 1000, "extra_flash_sale_units": 0})
    );
    make_gold(&api, &member);
    let me = member.get("/api/me").expect(200).clone();
    assert_eq!(me["benefits"], json!({"tier": "gold", "birthday_coupon_fen": 3000, "extra_flash_sale_units": 1}));
    assert_eq!(me["next_tier_benefits"]["tier"], "diamond");
}

/// A Monday 10:00 in China at least two weeks ahead, as the clock of a test: its week is this
/// test's own (no other test gives birthdays in it).
fn a_monday_ahead() -> chrono::DateTime<Utc> {
    let mut day = (Utc::now() + Duration::days(14)).date_naive();
    while day.weekday() != Weekday::Mon {
        day += Duration::days(1);
    }
    day.and_hms_opt(2, 0, 0).expect("a time").and_utc()
}

/// The birthday (year 1992, a leap year) of the day `days` after `monday`.
fn born_on(monday: chrono::DateTime<Utc>, days: i64) -> String {
    let day = (monday + Duration::days(days)).date_naive();
    NaiveDate::from_ymd_opt(1992, day.month(), day.day()).expect("a 1992 date").to_string()
}

fn run_pass(api: &Api) -> Value {
    let dev = api.with_header("x-seed-token", &itest::server::dev_var("SEED_TOKEN").unwrap_or_default());
    dev.post("/api/dev/birthdays", &json!({})).expect(200).clone()
}

/// Runs the pass until no member of the week is left to look at (each pass looks at 50).
fn run_until_done(api: &Api) {
    for _ in 0..40 {
        if run_pass(api)["members_looked_at"] == 0 {
            return;
        }
    }
    panic!("the birthday pass never finished");
}

fn of_kind(client: &Api, kind: &str) -> Vec<Value> {
    let all = client.get("/api/me/messages").expect(200).as_array().cloned().unwrap_or_default();
    all.into_iter().filter(|m| m["kind"] == kind).collect()
}

#[test]
fn the_birthday_coupon_comes_once_in_the_birthday_week_and_guides_hear_on_monday() {
    let monday = a_monday_ahead();
    let at = |t: chrono::DateTime<Utc>| Api::from_env().at(&t.to_rfc3339());
    let api = at(monday);
    let tag = &unique_phone()[7..];
    let (gold, card) = signed_in(&api, &register(&api, &format!("金卡寿星{tag}"), Value::Null));
    make_gold(&api, &gold);
    set_birthday(&gold, &json!({"birthday": born_on(monday, 2)})).expect(200);
    let (classic, _) = signed_in(&api, &register(&api, &format!("普卡寿星{tag}"), json!(born_on(monday, 6))));
    let (later, _) = signed_in(&api, &register(&api, &format!("下周寿星{tag}"), json!(born_on(monday, 7))));
    let guide = staff(&api, "G1001");
    for member in [&gold, &classic, &later] {
        guide.post("/api/guide/customers", &json!({"code": code(member), "tags": []})).expect(201);
    }

    run_until_done(&api);
    // A second pass the same day and one the next day (same week) give nothing new.
    run_until_done(&api);
    run_until_done(&at(monday + Duration::days(1)));

    let member_id = card["id"].as_str().unwrap_or_default();
    let coupons = gold.get("/api/me/coupons").expect(200).as_array().cloned().unwrap_or_default();
    let birthday: Vec<&Value> =
        coupons.iter().filter(|c| c["campaign_id"].as_str().unwrap_or("").starts_with("birthday-")).collect();
    assert_eq!(birthday.len(), 1, "{coupons:?}");
    assert_eq!(birthday[0]["campaign_id"], format!("birthday-{}-{member_id}", (monday + Duration::days(2)).year()));
    assert_eq!(birthday[0]["off_fen"], 3_000, "gold: ¥30");
    let told = of_kind(&gold, "birthday_coupon");
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0]["title"].as_str().unwrap_or("").contains("生日礼券"));
    let theirs = classic.get("/api/me/coupons").expect(200).clone();
    assert!(!theirs.to_string().contains("birthday-"), "classic: no birthday coupon: {theirs}");
    assert!(of_kind(&classic, "birthday_coupon").is_empty());

    let lists: Vec<Value> = of_kind(&guide, "customer_birthday")
        .into_iter()
        .filter(|m| m["body"].as_str().unwrap_or("").contains(tag))
        .collect();
    assert_eq!(lists.len(), 1, "one list a week: {lists:?}");
    let body = lists[0]["body"].as_str().unwrap_or("");
    assert!(body.contains(&format!("金卡寿星{tag}")) && body.contains(&format!("普卡寿星{tag}")), "{body}");
    assert!(!body.contains(&format!("下周寿星{tag}")), "next week's birthday is next week's: {body}");
}
