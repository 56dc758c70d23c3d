//! What promoters' figures tell others: commissions per promoter on the manager's dashboard,
//! and the guides' weekly "invite to open a card" message with their own figures.

use super::{first_order, register_through};
use itest::client::Api;
use itest::people::{staff, unique_phone};
use itest::shop::fresh_s1;
use serde_json::{Value, json};

fn promoter_code(api: &Api) -> String {
    staff(api, "G1001").get("/api/guide/promoter").expect(200)["code"].as_str().unwrap_or_default().to_owned()
}

/// G1001's row of the dashboard's promoters (`Null` when not listed).
fn g1001(board: &Value) -> Value {
    let list = board["promoters"].as_array().cloned().unwrap_or_default();
    list.into_iter().find(|p| p["staff_id"] == "G1001").unwrap_or(Value::Null)
}

fn total(row: &Value) -> u64 {
    ["pending_fen", "settled_fen", "reversed_fen"].iter().map(|f| row[f].as_u64().unwrap_or(0)).sum()
}

#[test]
fn the_dashboard_shows_each_promoters_customers_and_commissions_for_the_period() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1031", 1);
    let manager = staff(&api, "M1001");
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y-%m-%d").to_string();
    let board = format!("/api/manage/dashboard?from={today}&to={today}");
    let before = g1001(&manager.get(&board).expect(200).clone());

    let session = register_through(&api, &unique_phone(), &promoter_code(&api)).expect(201).clone();
    let customer = api.with_token(session["token"].as_str().unwrap_or_default());
    first_order(&customer, &sku, &format!("dash-promoter-{}", session["member"]["id"]));

    let after = g1001(&manager.get(&board).expect(200).clone());
    assert_eq!(after["name"].as_str().map(str::is_empty), Some(false), "{after}");
    // Other tests bring G1001 customers at the same time, and returns move their commissions
    // between statuses: the customers and the sum of all three only grow.
    assert!(after["customers"].as_u64() >= before["customers"].as_u64().map(|n| n + 1), "{before} → {after}");
    assert!(total(&after) >= total(&before) + 500, "the first order's 500 fen: {before} → {after}");
    assert!(after["pending_fen"].as_u64() >= Some(500), "{after}");

    // Head office sees the chain, and a store's promoters only under that store.
    let admin = staff(&api, "A0001");
    assert_ne!(g1001(&admin.get(&board).expect(200).clone()), Value::Null);
    let s2 = admin.get(&format!("{board}&store_id=S2")).expect(200).clone();
    assert_eq!(g1001(&s2), Value::Null, "{s2}");
    // A range before anyone registered lists the promoter with nothing in it.
    let old = g1001(&manager.get("/api/manage/dashboard?from=2026-01-01&to=2026-01-02").expect(200).clone());
    assert_eq!((old["customers"].as_u64(), total(&old)), (Some(0), 0), "{old}");
}

#[test]
fn guides_hear_each_monday_how_many_members_their_code_brought_this_month_and_last_once() {
    let api = Api::from_env();
    let code = promoter_code(&api);
    // Months of 2031, where no other test registers anyone: one customer in February, two in
    // March, then the pass on Monday 10 March 2031 at 09:05 in Shanghai.
    for at in ["2031-02-20T04:00:00Z", "2031-03-03T04:00:00Z", "2031-03-09T04:00:00Z"] {
        register_through(&api.at(at), &unique_phone(), &code).expect(201);
    }
    let monday = "2031-03-10T01:05:00Z";
    let dev = api.at(monday).with_header("x-seed-token", &itest::server::dev_var("SEED_TOKEN").unwrap_or_default());
    dev.post("/api/dev/messages/invites", &json!({})).expect(204);
    dev.post("/api/dev/messages/invites", &json!({})).expect(204);
    api.at(monday).post("/api/dev/messages/invites", &json!({})).expect_error(403, "FORBIDDEN");

    let guide = staff(&api.at(monday), "G1001");
    let inbox = guide.get("/api/me/messages").expect(200).clone();
    let weekly: Vec<&Value> = inbox
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["kind"] == "invite_to_join" && m["link"] == "/guide/promoter")
        .collect();
    assert_eq!(weekly.len(), 1, "once, however often the pass runs: {inbox}");
    let body = weekly[0]["body"].as_str().unwrap_or_default();
    assert!(body.starts_with("本月已有 2 位新会员") && body.contains("（上月 1 位）"), "{body}");
    assert!(body.contains(&code), "{body}");
    // Outside the window (Tuesday, noon) nothing is due.
    let tuesday = api.at("2031-03-11T04:00:00Z");
    tuesday
        .with_header("x-seed-token", &itest::server::dev_var("SEED_TOKEN").unwrap_or_default())
        .post("/api/dev/messages/invites", &json!({}))
        .expect(204);
    let later = staff(&tuesday, "G1001").get("/api/me/messages").expect(200).clone();
    let count = later.as_array().map(|l| l.iter().filter(|m| m["kind"] == "invite_to_join").count());
    assert_eq!(count, Some(1), "{later}");
}
