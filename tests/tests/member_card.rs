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

// The inbox, reminders and Web Push: in this binary to save a link.
#[path = "member_card/messages.rs"]
mod messages;
