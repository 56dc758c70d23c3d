//! Staff as data against a running server: head office and managers add staff, a manager only
//! guides of their own store, a disabled guide's token stops at once, a reset password works.

use itest::client::Api;
use itest::people::{fresh_address, staff, unique_phone};
use serde_json::{Value, json};

fn fresh_no() -> String {
    format!("G{}", &unique_phone()[5..])
}

fn guide(staff_no: &str, store: &str, role: &str) -> Value {
    json!({"staff_no": staff_no, "name": "新导购", "store_id": store, "role": role, "password": "first-pass-1"})
}

fn sign_in(api: &Api, staff_no: &str, password: &str) -> (u16, Option<Api>) {
    let r = api
        .with_header("cf-connecting-ip", &fresh_address())
        .post("/api/guide/sessions", &json!({"staff_no": staff_no, "password": password}));
    let token = r.body["token"].as_str().map(str::to_owned);
    (r.status, token.map(|t| api.with_token(&t)))
}

#[test]
fn a_manager_adds_guides_of_their_store_only() {
    let api = Api::from_env();
    let manager = staff(&api, "M1001");
    let no = fresh_no();
    let made = manager.post("/api/manage/staff", &guide(&no, "S1", "guide"));
    assert_eq!(made.expect(201)["id"], no.as_str(), "{}", made.text);
    manager.post("/api/manage/staff", &guide(&no, "S1", "guide")).expect_error(409, "STAFF_NO_TAKEN");
    manager.post("/api/manage/staff", &guide(&fresh_no(), "S2", "guide")).expect_error(403, "WRONG_STORE");
    manager.post("/api/manage/staff", &guide(&fresh_no(), "S1", "manager")).expect_error(403, "FORBIDDEN");
    staff(&api, "G1001").post("/api/manage/staff", &guide(&fresh_no(), "S1", "guide")).expect_error(403, "FORBIDDEN");
    let mut short = guide(&fresh_no(), "S1", "guide");
    short["password"] = json!("short");
    manager.post("/api/manage/staff", &short).expect_error(422, "INVALID");
    let listed = manager.get("/api/manage/staff").expect(200).clone();
    let rows = listed.as_array().expect("a list");
    assert!(rows.iter().all(|s| s["store_id"] == "S1") && rows.iter().any(|s| s["id"] == no.as_str()));
    manager.get("/api/manage/staff?store_id=S2").expect_error(403, "WRONG_STORE");
    assert_eq!(sign_in(&api, &no, "first-pass-1").0, 200, "the new guide signs in");
}

#[test]
fn head_office_adds_a_manager_in_any_store_and_lists_the_chain() {
    let api = Api::from_env();
    let admin = staff(&api, "A0001");
    let no = fresh_no();
    admin.post("/api/manage/staff", &guide(&no, "S2", "manager")).expect(201);
    admin.post("/api/manage/staff", &guide(&fresh_no(), "S9", "guide")).expect_error(422, "INVALID");
    let all = admin.get("/api/manage/staff").expect(200).clone();
    let stores: Vec<&str> = all.as_array().unwrap().iter().filter_map(|s| s["store_id"].as_str()).collect();
    assert!(stores.contains(&"S1") && stores.contains(&"S2"));
    let audit = admin.get("/api/manage/audit?store_id=S2").expect(200).clone();
    assert!(audit.as_array().unwrap().iter().any(|e| e["action"] == "staff_created" && e["subject"] == no.as_str()));
}

#[test]
fn a_disabled_guides_token_fails_at_once_and_they_cannot_sign_in() {
    let api = Api::from_env();
    let manager = staff(&api, "M1001");
    let no = fresh_no();
    manager.post("/api/manage/staff", &guide(&no, "S1", "guide")).expect(201);
    let (_, token) = sign_in(&api, &no, "first-pass-1");
    let guide_api = token.expect("signed in");
    guide_api.get("/api/guide/customers").expect(200);
    let other_no = format!("M{}", &unique_phone()[5..]);
    staff(&api, "A0001").post("/api/manage/staff", &guide(&other_no, "S2", "manager")).expect(201);
    let other_manager = sign_in(&api, &other_no, "first-pass-1").1.expect("signed in");
    other_manager.post(&format!("/api/manage/staff/{no}/disable"), &json!({})).expect_error(403, "WRONG_STORE");
    assert_eq!(manager.post(&format!("/api/manage/staff/{no}/disable"), &json!({})).expect(200)["disabled"], true);
    guide_api.get("/api/guide/customers").expect_error(401, "UNAUTHENTICATED");
    assert_eq!(sign_in(&api, &no, "first-pass-1").0, 401, "a disabled guide cannot sign in");
    manager.post("/api/manage/staff/G0000000/disable", &json!({})).expect_error(404, "NOT_FOUND");
    manager.post("/api/manage/staff/M1001/disable", &json!({})).expect_error(403, "FORBIDDEN");
}

#[test]
fn a_reset_password_replaces_the_old_one_and_ends_old_tokens() {
    let api = Api::from_env();
    let admin = staff(&api, "A0001");
    let no = fresh_no();
    admin.post("/api/manage/staff", &guide(&no, "S2", "guide")).expect(201);
    let (_, old) = sign_in(&api, &no, "first-pass-1");
    let old = old.expect("signed in");
    admin.post(&format!("/api/manage/staff/{no}/password"), &json!({"password": "x"})).expect_error(422, "INVALID");
    admin.post(&format!("/api/manage/staff/{no}/password"), &json!({"password": "second-pass-2"})).expect(200);
    old.get("/api/guide/customers").expect_error(401, "UNAUTHENTICATED");
    assert_eq!(sign_in(&api, &no, "first-pass-1").0, 401);
    assert_eq!(sign_in(&api, &no, "second-pass-2").0, 200);
}
