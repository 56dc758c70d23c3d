//! The counter session: identifying a member by their code (which spends it) returns a
//! short-lived token with which the same guide charges that member without a second code.

use itest::client::Api;
use itest::people::{code, new_member, staff, top_up};
use serde_json::json;

#[test]
fn a_charge_follows_an_identification_without_a_second_code() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    top_up(&member, 20_000);
    let guide = staff(&api, "G1001");
    let verified = guide.post("/api/guide/member-codes/verify", &json!({"code": code(&member)})).expect(200).clone();
    let token = verified["counter_session"]["token"].as_str().expect("a counter session").to_owned();
    let expires =
        chrono::DateTime::parse_from_rfc3339(verified["counter_session"]["expires_at"].as_str().expect("an end"))
            .expect("a time");
    let minutes = (expires.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds();
    assert!((240..=300).contains(&minutes), "about five minutes, not {minutes} s");

    let first = guide.post("/api/guide/charges", &json!({"code": "", "counter_token": token, "amount_fen": 1_500}));
    assert_eq!(first.expect(200)["member"]["balance_fen"], 18_500);
    // The session lasts: a second purchase in the same visit needs no code either.
    let second = guide.post("/api/guide/charges", &json!({"counter_token": token, "amount_fen": 500, "note": "袋子"}));
    assert_eq!(second.expect(200)["member"]["balance_fen"], 18_000);
}

#[test]
fn a_counter_session_is_only_the_guide_s_own_and_cannot_be_forged() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    top_up(&member, 5_000);
    let guide = staff(&api, "G1001");
    let verified = guide.post("/api/guide/member-codes/verify", &json!({"code": code(&member)})).expect(200).clone();
    let token = verified["counter_session"]["token"].as_str().expect("a counter session").to_owned();
    let other_store = staff(&api, "G2001");
    other_store
        .post("/api/guide/charges", &json!({"counter_token": token, "amount_fen": 100}))
        .expect_error(422, "INVALID");
    let forged = format!("{}x", token);
    guide.post("/api/guide/charges", &json!({"counter_token": forged, "amount_fen": 100})).expect_error(422, "INVALID");
    // Neither a code nor a session: nothing to charge.
    guide.post("/api/guide/charges", &json!({"code": "", "amount_fen": 100})).expect_error(404, "NOT_FOUND");
    assert_eq!(member.get("/api/me").expect(200)["balance_fen"], 5_000);
}
