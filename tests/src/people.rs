//! Members and staff for tests: fresh accounts with unique phone numbers, demo staff sign-ins.

use crate::client::Api;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU32, Ordering};

static NEXT: AtomicU32 = AtomicU32::new(0);

/// A mainland mobile number no other test (or run against the same server) has used.
pub fn unique_phone() -> String {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    let n = (std::process::id().wrapping_mul(7919) ^ nanos)
        .wrapping_add(NEXT.fetch_add(1, Ordering::Relaxed) * 104_729)
        % 100_000_000;
    format!("139{n:08}")
}

/// A client address (for `CF-Connecting-IP`) no other test has used, in the benchmarking range
/// 198.18.0.0/15, so per-address limits met by one test never reach another.
pub fn fresh_address() -> String {
    let n = unique_phone()[3..].parse::<u32>().unwrap_or(0) % 131_072;
    format!("198.{}.{}.{}", 18 + n / 65_536, (n / 256) % 256, n % 256)
}

/// Registers a new member; the client it returns is signed in as them. Each registration comes
/// from its own address, so suites that register many members stay under the per-address limit.
pub fn new_member(api: &Api) -> (Api, Value) {
    register(api, &unique_phone())
}

/// Registers a member with this phone (password `secret-pass-1`), from an address of its own.
pub fn register(api: &Api, phone: &str) -> (Api, Value) {
    let r = api
        .with_header("cf-connecting-ip", &fresh_address())
        .post("/api/members", &json!({"phone": phone, "password": "secret-pass-1", "name": "测试会员"}));
    let body = r.expect(201).clone();
    let token = body["token"].as_str().expect("a token").to_owned();
    (api.with_token(&token), body["member"].clone())
}

/// Signs a member registered by [`register`] in again: a client with a new session.
pub fn sign_in(api: &Api, phone: &str) -> Api {
    let r = api
        .with_header("cf-connecting-ip", &fresh_address())
        .post("/api/sessions", &json!({"phone": phone, "password": "secret-pass-1"}));
    let token = r.expect(200)["token"].as_str().expect("a token").to_owned();
    api.with_token(&token)
}

/// Signs in a demo staff member (password `demo1234`).
pub fn staff(api: &Api, staff_no: &str) -> Api {
    let r = api.post("/api/guide/sessions", &json!({"staff_no": staff_no, "password": "demo1234"}));
    let token = r.expect(200)["token"].as_str().expect("a token").to_owned();
    api.with_token(&token)
}

/// Tops a member up through the sandbox gateway and returns the payment.
pub fn top_up(member: &Api, fen: u64) -> Value {
    member.post("/api/me/top-ups", &json!({"amount_fen": fen, "method": "sandbox"})).expect(201)["payment"].clone()
}

/// The member's current code.
pub fn code(member: &Api) -> String {
    member.get("/api/me/code").expect(200)["code"].as_str().expect("a code").to_owned()
}

/// RFC 3339 for `seconds` from now (for `X-Edgemall-Now`).
pub fn in_seconds(seconds: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::seconds(seconds)).to_rfc3339()
}

/// Makes `member` gold (¥20,000 spent in 12 months): tops up ¥20,000 and spends it at a counter
/// of S1. `api` carries the same clock as `member`.
pub fn make_gold(api: &Api, member: &Api) {
    top_up(member, 2_000_000);
    let c = code(member);
    staff(api, "G1001").post("/api/guide/charges", &json!({"code": c, "amount_fen": 2_000_000})).expect(200);
    assert_eq!(member.get("/api/me").expect(200)["tier"], "gold");
}
