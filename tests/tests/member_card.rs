//! The dynamic member code and the plastic card, against a running server.

use itest::client::Api;
use itest::people::{code, in_seconds, new_member, staff};
use serde_json::json;

fn verify(guide: &Api, code: &str) -> itest::client::Reply {
    guide.post("/api/guide/member-codes/verify", &json!({"code": code}))
}

#[test]
fn a_member_code_identifies_the_member_exactly_once() {
    let api = Api::from_env();
    let (member, me) = new_member(&api);
    let guide = staff(&api, "G1001");
    let view = member.get("/api/me/code").expect(200).clone();
    let c = view["code"].as_str().expect("a code").to_owned();
    assert_eq!(c.len(), 18);
    assert!(c.bytes().all(|b| b.is_ascii_digit()));
    assert!(view["expires_at"].as_str() < view["valid_until"].as_str());
    let first = verify(&guide, &c);
    assert_eq!(first.expect(200)["member"]["id"], me["id"]);
    assert_eq!(first.body["member"]["phone_masked"], me["phone_masked"]);
    verify(&guide, &c).expect_error(409, "CODE_USED");
    // A screenshot is worthless at another store too.
    verify(&staff(&api, "G2001"), &c).expect_error(409, "CODE_USED");
    // The app's next fetch is a fresh code that works.
    let next = code(&member);
    assert_ne!(next, c);
    verify(&guide, &next).expect(200);
}

#[test]
fn a_code_lives_for_its_step_plus_one_step_of_grace() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    let guide = staff(&api, "G1001");
    let c = code(&member);
    verify(&guide.at(&in_seconds(65)), &c).expect_error(409, "CODE_EXPIRED");
    verify(&guide.at(&in_seconds(3_600)), &c).expect_error(409, "CODE_EXPIRED");
    // Still within the grace step 31 s later, and then used up.
    let c2 = code(&member.at(&in_seconds(-31)));
    verify(&guide, &c2).expect(200);
    verify(&guide, &c2).expect_error(409, "CODE_USED");
}

#[test]
fn forged_or_malformed_codes_are_404() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    let guide = staff(&api, "G2001");
    let c = code(&member);
    let mut forged = c.clone().into_bytes();
    forged[17] = if forged[17] == b'9' { b'0' } else { forged[17] + 1 };
    verify(&guide, std::str::from_utf8(&forged).expect("digits")).expect_error(404, "NOT_FOUND");
    for bad in ["", "12345", "abcdefghijklmnopqr", "99999999000000000000"] {
        verify(&guide, bad).expect_error(404, "NOT_FOUND");
    }
    // The genuine code was not spent by the failed attempts.
    verify(&guide, &c).expect(200);
}

#[test]
fn guessing_codes_at_a_counter_is_throttled() {
    let api = Api::from_env();
    // "Yesterday", so the guide's scan allowance is whole again by now.
    let guide = staff(&api, "M1001").at(&in_seconds(-86_400));
    for i in 0..20 {
        verify(&guide, &format!("1000000100000{i:05}")).expect_error(404, "NOT_FOUND");
    }
    let r = verify(&guide, "100000010000000000");
    r.expect_error(429, "RATE_LIMITED");
    assert!(r.header("retry-after").is_some());
}

#[test]
fn a_plastic_card_links_once_and_merges_its_points() {
    let api = Api::from_env();
    let (alice, before) = new_member(&api);
    let (bob, _) = new_member(&api);
    alice
        .post("/api/me/physical-card", &json!({"card_no": "8800000000000002", "verify_code": "000000"}))
        .expect_error(422, "INVALID");
    alice
        .post("/api/me/physical-card", &json!({"card_no": "8800999999999999", "verify_code": "246810"}))
        .expect_error(422, "INVALID");
    alice
        .post("/api/me/physical-card", &json!({"card_no": "12", "verify_code": "246810"}))
        .expect_error(422, "INVALID");
    let linked =
        alice.post("/api/me/physical-card", &json!({"card_no": "8800 0000 0000 0002", "verify_code": "246810"}));
    let m = linked.expect(200);
    assert_eq!(m["physical_card_no"], "8800000000000002");
    assert_eq!(m["points"].as_u64(), before["points"].as_u64().map(|p| p + 860));
    // Linking again is harmless and merges nothing twice.
    let again = alice.post("/api/me/physical-card", &json!({"card_no": "8800000000000002", "verify_code": "246810"}));
    assert_eq!(again.expect(200)["points"], m["points"]);
    bob.post("/api/me/physical-card", &json!({"card_no": "8800000000000002", "verify_code": "246810"}))
        .expect_error(409, "CARD_LINKED_ELSEWHERE");
    alice
        .post("/api/me/physical-card", &json!({"card_no": "8800000000000004", "verify_code": "112233"}))
        .expect_error(409, "CONFLICT");
}

#[test]
fn the_demo_member_is_silver_by_twelve_month_spend() {
    let api = Api::from_env();
    let token =
        api.post("/api/sessions", &json!({"phone": "13800000001", "password": "demo1234"})).expect(200)["token"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
    let me = api.with_token(&token).get("/api/me").expect(200).clone();
    assert_eq!(me["tier"], "silver", "{me}");
    assert_eq!(me["next_tier"], "gold");
    let spend = me["spend_12m_fen"].as_u64().unwrap_or(0);
    assert!((500_000..2_000_000).contains(&spend), "{me}");
    assert_eq!(me["to_next_tier_fen"].as_u64(), Some(2_000_000 - spend));
    // A year on (signing in then), this year's spend has aged out: the tier falls back.
    let year_on = api.at(&in_seconds(366 * 86_400));
    let later =
        year_on.post("/api/sessions", &json!({"phone": "13800000001", "password": "demo1234"})).expect(200).clone();
    assert_eq!(later["member"]["tier"], "classic", "{later}");
    assert_eq!(later["member"]["spend_12m_fen"], 0);
}

/// A member who earned `yuan` points at the counter (1 point per yuan, classic tier).
fn member_with_points(api: &Api, yuan: u64) -> Api {
    let (member, _) = new_member(api);
    itest::people::top_up(&member, yuan * 100);
    let c = code(&member);
    staff(api, "G1001").post("/api/guide/charges", &json!({"code": c, "amount_fen": yuan * 100})).expect(200);
    member
}

fn redeem_concurrently(members: Vec<Api>, reward: &str) -> Vec<itest::client::Reply> {
    let handles: Vec<_> = members
        .into_iter()
        .map(|m| {
            let path = format!("/api/me/rewards/{reward}/redeem");
            std::thread::spawn(move || m.post(&path, &json!({})))
        })
        .collect();
    handles.into_iter().map(|h| h.join().expect("thread")).collect()
}

#[test]
fn a_reward_is_redeemed_exactly_once_per_key_and_only_as_far_as_the_points_go() {
    let api = Api::from_env();
    let catalogue = api.get("/api/rewards").expect(200).clone();
    let r5 = catalogue.as_array().and_then(|l| l.iter().find(|r| r["id"] == "R-5")).expect("R-5").clone();
    assert_eq!((r5["points"].as_u64(), r5["off_fen"].as_u64()), (Some(500), Some(500)), "{catalogue}");
    let member = member_with_points(&api, 1_200);
    // Three calls with one key: one redemption, the same coupon three times.
    let same = (0..3).map(|_| member.with_header("idempotency-key", "redeem-once-1")).collect();
    let results = redeem_concurrently(same, "R-5");
    assert!(results.iter().all(|r| r.status == 201), "{results:?}");
    let coupons: Vec<&serde_json::Value> = results.iter().map(|r| &r.body["coupon"]["id"]).collect();
    assert!(coupons.iter().all(|c| *c == coupons[0]), "{coupons:?}");
    assert_eq!(member.get("/api/me").expect(200)["points"], 700);
    // Three keys with 700 points: one more 500-point reward, two refusals.
    let keys = (0..3).map(|i| member.with_header("idempotency-key", &format!("redeem-many-{i}"))).collect();
    let results = redeem_concurrently(keys, "R-5");
    let ok = results.iter().filter(|r| r.status == 201).count();
    let short = results.iter().filter(|r| r.code() == "INSUFFICIENT_POINTS").count();
    assert_eq!((ok, short), (1, 2), "{results:?}");
    assert_eq!(member.get("/api/me").expect(200)["points"], 200);
    let wallet = member.get("/api/me/coupons").expect(200).clone();
    let from_points = wallet.as_array().map(|l| l.iter().filter(|c| c["campaign_id"] == "points-R-5").count());
    assert_eq!(from_points, Some(2), "{wallet}");
    let history = member.get("/api/me/points").expect(200).clone();
    let lines: Vec<(i64, &str, i64)> = history
        .as_array()
        .map(|l| {
            l.iter()
                .map(|e| {
                    (
                        e["delta"].as_i64().unwrap_or(0),
                        e["reason"].as_str().unwrap_or(""),
                        e["balance"].as_i64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(lines, [(-500, "redeemed", 200), (-500, "redeemed", 700), (1_200, "earned", 1_200)], "{history}");
}

#[test]
fn a_redemption_says_why_it_was_refused() {
    let api = Api::from_env();
    let member = member_with_points(&api, 6_000);
    let keyed = member.with_header("idempotency-key", "why-1");
    keyed.post("/api/me/rewards/R-0/redeem", &json!({})).expect_error(404, "NOT_FOUND");
    keyed.post("/api/me/rewards/R-80/redeem", &json!({})).expect_error(403, "TIER_TOO_LOW");
    member.post("/api/me/rewards/R-5/redeem", &json!({})).expect_error(400, "BAD_REQUEST");
    for i in 0..2 {
        member
            .with_header("idempotency-key", &format!("r25-{i}"))
            .post("/api/me/rewards/R-25/redeem", &json!({}))
            .expect(201);
    }
    let third = member.with_header("idempotency-key", "r25-2").post("/api/me/rewards/R-25/redeem", &json!({}));
    third.expect_error(409, "LIMIT_EXCEEDED");
    assert_eq!(member.get("/api/me").expect(200)["points"], 2_000);
}
// The inbox, reminders and Web Push: in this binary to save a link.
#[path = "member_card/messages.rs"]
mod messages;
// Birthdays and the tier benefits on the card: in this binary to save a link.
#[path = "member_card/birthdays.rs"]
mod birthdays;
