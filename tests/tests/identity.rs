//! Accounts, sessions and tokens against a running server.

use itest::client::Api;
use itest::people::{new_member, staff, unique_phone};
use serde_json::json;

#[test]
fn registration_signs_in_and_opens_a_classic_card() {
    let api = Api::from_env();
    let phone = unique_phone();
    let r = api.post("/api/members", &json!({"phone": phone, "password": "secret-pass-1", "name": " 小王 "}));
    let body = r.expect(201);
    let m = &body["member"];
    assert!(body["token"].as_str().is_some_and(|t| t.contains('.')));
    assert!(m["id"].as_str().is_some_and(|id| id.starts_with('M')));
    assert_eq!(m["name"], "小王");
    assert_eq!(m["phone_masked"], format!("{}****{}", &phone[..3], &phone[7..]));
    assert_eq!(
        (m["tier"].as_str(), m["points"].as_u64(), m["balance_fen"].as_u64()),
        (Some("classic"), Some(0), Some(0))
    );
    assert!(m["card_no"].as_str().is_some_and(|c| c.len() == 16 && c.starts_with("6688")));
    assert!(m["physical_card_no"].is_null());
    // The same number cannot register twice.
    api.post("/api/members", &json!({"phone": phone, "password": "another-pass", "name": "x"}))
        .expect_error(409, "PHONE_TAKEN");
}

#[test]
fn registration_rules_are_422_naming_the_field_and_wrong_types_400() {
    let api = Api::from_env();
    let cases = [
        (json!({"phone": "12345", "password": "secret-pass-1", "name": "a"}), "phone"),
        (json!({"phone": "23800000001", "password": "secret-pass-1", "name": "a"}), "phone"),
        (json!({"phone": unique_phone(), "password": "short", "name": "a"}), "password"),
        (json!({"phone": unique_phone(), "password": "secret-pass-1", "name": "   "}), "name"),
        (json!({"phone": unique_phone(), "password": "secret-pass-1", "name": "x".repeat(41)}), "name"),
    ];
    for (body, field) in cases {
        let r = api.post("/api/members", &body);
        r.expect_error(422, "INVALID");
        assert!(r.body["error"]["message"].as_str().unwrap_or_default().starts_with(field), "{}", r.text);
    }
    api.post("/api/members", &json!({"phone": 13800000001u64, "password": "x", "name": "a"}))
        .expect_error(400, "BAD_REQUEST");
    api.post("/api/members", &json!({"phone": "13800000009"})).expect_error(400, "BAD_REQUEST");
}

#[test]
fn sign_in_with_the_demo_member_and_refuse_wrong_passwords() {
    let api = Api::from_env();
    let ok = api.post("/api/sessions", &json!({"phone": "13800000001", "password": "demo1234"}));
    let m = &ok.expect(200)["member"];
    assert!(m["balance_fen"].as_u64().is_some_and(|b| b >= 50_000), "{m}");
    assert!(m["physical_card_no"].as_str().is_some());
    api.post("/api/sessions", &json!({"phone": "13800000002", "password": "wrong-password"}))
        .expect_error(401, "BAD_CREDENTIALS");
    api.post("/api/sessions", &json!({"phone": unique_phone(), "password": "demo1234"}))
        .expect_error(401, "BAD_CREDENTIALS");
}

#[test]
fn five_wrong_passwords_lock_the_number_for_the_window() {
    let api = Api::from_env();
    let phone = unique_phone();
    api.post("/api/members", &json!({"phone": phone, "password": "right-pass-1", "name": "a"})).expect(201);
    // Do it "yesterday" so the lock-out is over by now and other runs are not affected.
    let yesterday = api.at(&itest::people::in_seconds(-86_400));
    for _ in 0..5 {
        yesterday
            .post("/api/sessions", &json!({"phone": phone, "password": "wrong-pass-1"}))
            .expect_error(401, "BAD_CREDENTIALS");
    }
    let locked = yesterday.post("/api/sessions", &json!({"phone": phone, "password": "right-pass-1"}));
    locked.expect_error(429, "RATE_LIMITED");
    assert!(locked.header("retry-after").and_then(|s| s.parse::<u64>().ok()).is_some_and(|s| (1..=900).contains(&s)));
    api.post("/api/sessions", &json!({"phone": phone, "password": "right-pass-1"})).expect(200);
}

#[test]
fn tokens_that_are_missing_tampered_expired_or_revoked_are_401() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    member.get("/api/me").expect(200);
    api.get("/api/me").expect_error(401, "UNAUTHENTICATED");
    api.with_header("authorization", "Token abc").get("/api/me").expect_error(401, "UNAUTHENTICATED");
    api.with_token("not-a-token").get("/api/me").expect_error(401, "UNAUTHENTICATED");
    // Flip one character of the payload: the signature no longer matches.
    let token = member_token(&member);
    let mut chars: Vec<char> = token.chars().collect();
    chars[5] = if chars[5] == 'A' { 'B' } else { 'A' };
    api.with_token(&chars.into_iter().collect::<String>()).get("/api/me").expect_error(401, "UNAUTHENTICATED");
    // 31 days on, the member's session has expired.
    member.at(&itest::people::in_seconds(31 * 86_400)).get("/api/me").expect_error(401, "UNAUTHENTICATED");
    // Signing out revokes it at once.
    assert_eq!(member.delete("/api/sessions/current").status, 204);
    member.get("/api/me").expect_error(401, "UNAUTHENTICATED");
    member.delete("/api/sessions/current").expect_error(401, "UNAUTHENTICATED");
}

fn member_token(api: &Api) -> String {
    api.token().expect("a signed-in client").to_owned()
}

#[test]
fn member_and_staff_tokens_are_different_kinds() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    let guide = staff(&api, "G1001");
    guide.get("/api/me").expect_error(403, "WRONG_ROLE");
    guide.get("/api/me/code").expect_error(403, "WRONG_ROLE");
    member.post("/api/guide/member-codes/verify", &json!({"code": "1"})).expect_error(403, "WRONG_ROLE");
    member.post("/api/guide/charges", &json!({"code": "1", "amount_fen": 1})).expect_error(403, "WRONG_ROLE");
}

#[test]
fn staff_sign_in_is_scoped_to_their_store_and_role() {
    let api = Api::from_env();
    let r = api.post("/api/guide/sessions", &json!({"staff_no": "g1001", "password": "demo1234"}));
    assert_eq!(r.expect(200)["staff"], json!({"id": "G1001", "name": "王芳", "store_id": "S1", "role": "guide"}));
    let r = api.post("/api/guide/sessions", &json!({"staff_no": "M1001", "password": "demo1234"}));
    assert_eq!((r.body["staff"]["role"].as_str(), r.body["staff"]["store_id"].as_str()), (Some("manager"), Some("S1")));
    let r = api.post("/api/guide/sessions", &json!({"staff_no": "G2001", "password": "demo1234"}));
    assert_eq!(r.body["staff"]["store_id"], "S2");
    api.post("/api/guide/sessions", &json!({"staff_no": "G1001", "password": "nope-nope"}))
        .expect_error(401, "BAD_CREDENTIALS");
    api.post("/api/guide/sessions", &json!({"staff_no": "G 1001", "password": "demo1234"}))
        .expect_error(422, "INVALID");
    // Staff sign out too.
    let guide = staff(&api, "G2001");
    assert_eq!(guide.delete("/api/sessions/current").status, 204);
    guide.post("/api/guide/member-codes/verify", &json!({"code": "1"})).expect_error(401, "UNAUTHENTICATED");
}

#[test]
fn another_members_payment_is_404() {
    let api = Api::from_env();
    let (alice, _) = new_member(&api);
    let (bob, _) = new_member(&api);
    let payment = itest::people::top_up(&alice, 10_000);
    let id = payment["id"].as_str().expect("an id");
    assert_eq!(alice.get(&format!("/api/me/payments/{id}")).expect(200)["status"], "succeeded");
    bob.get(&format!("/api/me/payments/{id}")).expect_error(404, "NOT_FOUND");
}
