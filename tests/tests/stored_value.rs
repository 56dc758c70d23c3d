//! Stored value: top-ups through the sandbox gateway, its signed notifications, and counter
//! charges authorised by the member code.

use itest::client::Api;
use itest::people::{code, in_seconds, new_member, staff, top_up};
use serde_json::json;
use shared::gateway;

fn balance(member: &Api) -> u64 {
    member.get("/api/me").expect(200)["balance_fen"].as_u64().expect("a balance")
}

#[test]
fn a_sandbox_top_up_credits_the_balance_and_the_ledger() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    let payment = top_up(&member, 25_000);
    assert_eq!(
        (payment["status"].as_str(), payment["kind"].as_str(), payment["amount_fen"].as_u64()),
        (Some("succeeded"), Some("top_up"), Some(25_000))
    );
    assert!(payment["prepay_id"].as_str().is_some_and(|p| p.starts_with("wx")));
    assert_eq!(balance(&member), 25_000);
    let ledger = member.get("/api/me/ledger").expect(200).clone();
    assert_eq!(ledger[0]["kind"], "top_up");
    assert_eq!(ledger[0]["reference"], payment["id"]);
    assert_eq!(ledger[0]["balance_after_fen"], 25_000);
    for (amount, method) in [(99, "sandbox"), (5_000_001, "sandbox"), (1_000, "alipay")] {
        member.post("/api/me/top-ups", &json!({"amount_fen": amount, "method": method})).expect_error(422, "INVALID");
    }
    member.post("/api/me/top-ups", &json!({"amount_fen": "100", "method": "sandbox"})).expect_error(400, "BAD_REQUEST");
}

fn notify(api: &Api, body: &str, timestamp: i64, key: &[u8]) -> itest::client::Reply {
    let signature = gateway::sign(key, timestamp, "nonce-1", body);
    api.with_header("wechatpay-timestamp", &timestamp.to_string())
        .with_header("wechatpay-nonce", "nonce-1")
        .with_header("wechatpay-signature", &signature)
        .with_header("wechatpay-serial", "SANDBOX")
        .request("POST", "/api/payments/notify", Some(body.as_bytes()))
}

#[test]
fn gateway_notifications_are_verified_and_applied_once() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    let payment = top_up(&member, 10_000);
    let key = itest::server::dev_var("GATEWAY_KEY").expect("GATEWAY_KEY in edge/.dev.vars");
    let now = chrono::Utc::now().timestamp();
    let body = json!({"out_trade_no": payment["id"], "transaction_id": "4200TEST", "trade_state": "SUCCESS",
        "amount_fen": 10_000, "success_time": chrono::Utc::now().to_rfc3339()})
    .to_string();
    // The gateway retries: a repeated notification changes nothing.
    let ack = notify(&api, &body, now, key.as_bytes());
    assert_eq!(ack.expect(200)["code"], "SUCCESS");
    assert_eq!(balance(&member), 10_000);
    notify(&api, &body, now, b"not the gateway key at all").expect_error(401, "UNAUTHENTICATED");
    notify(&api, &body, now - 3_600, key.as_bytes()).expect_error(401, "UNAUTHENTICATED");
    let tampered = body.replace("10000", "99999");
    let r = notify(&api, &tampered, now, key.as_bytes());
    r.expect_error(422, "INVALID");
    api.request("POST", "/api/payments/notify", Some(body.as_bytes())).expect_error(401, "UNAUTHENTICATED");
    assert_eq!(balance(&member), 10_000);
}

#[test]
fn a_counter_charge_spends_the_code_debits_and_earns_points() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    top_up(&member, 50_000);
    let guide = staff(&api, "G1001");
    let c = code(&member);
    let r = guide.post("/api/guide/charges", &json!({"code": c, "amount_fen": 12_950, "note": "口红"}));
    let receipt = r.expect(200);
    assert_eq!(receipt["entry"]["kind"], "payment");
    assert_eq!(receipt["entry"]["balance_after_fen"], 37_050);
    assert_eq!(receipt["member"]["balance_fen"], 37_050);
    assert_eq!(receipt["member"]["points"], 129, "1 point per whole yuan");
    guide.post("/api/guide/charges", &json!({"code": c, "amount_fen": 100})).expect_error(409, "CODE_USED");
    assert_eq!(balance(&member), 37_050);
}

#[test]
fn a_charge_over_the_balance_takes_nothing_and_leaves_the_code_usable() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    top_up(&member, 1_000);
    let guide = staff(&api, "G1001");
    let c = code(&member);
    guide
        .post("/api/guide/charges", &json!({"code": c, "amount_fen": 1_001}))
        .expect_error(409, "INSUFFICIENT_BALANCE");
    assert_eq!(balance(&member), 1_000);
    guide.post("/api/guide/charges", &json!({"code": c, "amount_fen": 1_000})).expect(200);
    assert_eq!(balance(&member), 0);
    guide.post("/api/guide/charges", &json!({"code": code(&member), "amount_fen": 0})).expect_error(422, "INVALID");
}

#[test]
fn a_retried_charge_with_its_idempotency_key_charges_once() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    top_up(&member, 10_000);
    let guide = staff(&api, "G2001").with_header("idempotency-key", "till-7-receipt-0042");
    let c = code(&member);
    let first = guide.post("/api/guide/charges", &json!({"code": c, "amount_fen": 3_000})).expect(200).clone();
    let retry = guide.post("/api/guide/charges", &json!({"code": c, "amount_fen": 3_000})).expect(200).clone();
    assert_eq!(first["entry"], retry["entry"]);
    assert_eq!(balance(&member), 7_000);
}

#[test]
fn two_concurrent_debits_over_the_balance_exactly_one_succeeds() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    top_up(&member, 10_000);
    // Two live codes at once: last step's (in its grace step) and this step's. The clock is
    // pinned for the whole exchange, so a step boundary passing mid-test cannot expire one.
    let (then, t) = (in_seconds(-30), in_seconds(0));
    let earlier = code(&member.at(&then));
    let now = code(&member.at(&t));
    assert_ne!(earlier, now);
    let guides = [staff(&api, "G1001").at(&t), staff(&api, "G2001").at(&t)];
    let handles: Vec<_> = [earlier, now]
        .into_iter()
        .zip(guides)
        .map(|(c, guide)| {
            std::thread::spawn(move || guide.post("/api/guide/charges", &json!({"code": c, "amount_fen": 6_000})))
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().expect("thread")).collect();
    let ok = results.iter().filter(|r| r.status == 200).count();
    let refused = results.iter().filter(|r| r.code() == "INSUFFICIENT_BALANCE").count();
    assert_eq!((ok, refused), (1, 1), "{results:?}");
    assert_eq!(balance(&member), 4_000);
    let ledger = member.get("/api/me/ledger").expect(200).clone();
    assert_eq!(ledger.as_array().map(Vec::len), Some(2), "one top-up and one payment: {ledger}");
}

#[test]
fn ledger_pages_newest_first() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    for fen in [100, 200, 300] {
        top_up(&member, fen * 100);
    }
    let page = member.get("/api/me/ledger?limit=2").expect(200).clone();
    assert_eq!(page.as_array().map(Vec::len), Some(2));
    assert_eq!(page[0]["amount_fen"], 30_000);
    let before = page[1]["seq"].as_u64().expect("seq");
    let next = member.get(&format!("/api/me/ledger?limit=2&before={before}")).expect(200).clone();
    assert_eq!(next.as_array().map(Vec::len), Some(1));
    assert_eq!(next[0]["amount_fen"], 10_000);
    member.get("/api/me/ledger?limit=0").expect_error(400, "BAD_REQUEST");
    member.get("/api/me/ledger?before=x").expect_error(400, "BAD_REQUEST");
}

#[test]
fn a_top_up_beyond_the_largest_balance_is_refused_not_capped() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    // 200 top-ups of ¥50,000 reach the largest balance, ¥10,000,000.00, exactly.
    std::thread::scope(|s| {
        for _ in 0..8 {
            let member = member.clone();
            s.spawn(move || {
                for _ in 0..25 {
                    top_up(&member, 5_000_000);
                }
            });
        }
    });
    assert_eq!(balance(&member), 1_000_000_000);
    let r = member.post("/api/me/top-ups", &json!({"amount_fen": 100, "method": "sandbox"}));
    r.expect_error(422, "INVALID");
    assert!(r.body["error"]["message"].as_str().unwrap_or_default().starts_with("amount_fen"), "{}", r.text);
    assert_eq!(balance(&member), 1_000_000_000, "nothing was credited, nothing capped");
}
