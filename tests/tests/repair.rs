//! The repair pass (cron, `POST /api/dev/reconcile`): a declined payment never stays pending,
//! and however many of them there are, a crash between a debit and its settlement is repaired.

use itest::client::Api;
use itest::load::members;
use itest::people::{in_seconds, new_member, top_up};
use itest::shop::{buy_regular, fresh_s1};
use serde_json::json;

/// What the orders here are for (each test makes its own product like it).
const LIKE: &str = "SKU-1034";

fn dev(api: &Api) -> Api {
    api.with_header("x-seed-token", &itest::server::dev_var("SEED_TOKEN").unwrap_or_default())
}

/// Places an order of one unit of `sku` and pays it with stored value the member does not have.
fn declined_payment(member: &Api, sku: &str, key: &str) -> String {
    let id = buy_regular(member, sku, 1, key).expect(201)["id"].as_str().unwrap_or_default().to_owned();
    member
        .post(&format!("/api/orders/{id}/pay"), &json!({"method": "balance"}))
        .expect_error(409, "INSUFFICIENT_BALANCE");
    id
}

#[test]
fn a_declined_balance_payment_is_failed_not_left_pending() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, LIKE, 1);
    let (member, _) = new_member(&api);
    let order = declined_payment(&member, &sku, "declined-1");
    let payment = member.get(&format!("/api/me/payments/P{order}B")).expect(200).clone();
    assert_eq!(payment["status"], "failed", "{payment}");
    // Topped up, the member pays the same order the same way: it goes through, once.
    top_up(&member, 5_000_000);
    let paid = member.post(&format!("/api/orders/{order}/pay"), &json!({"method": "balance"})).expect(200).clone();
    assert_eq!(paid["status"], "ready_for_pickup");
    let payment = member.get(&format!("/api/me/payments/P{order}B")).expect(200).clone();
    assert_eq!(payment["status"], "succeeded", "{payment}");
}

#[test]
fn a_crash_after_a_debit_is_repaired_behind_over_a_hundred_declined_payments() {
    let api = Api::from_env();
    // 21 members without balance, 5 unpaid orders each (the most one may hold): 105 declined.
    let buyers = members(&api, 21);
    let sku = fresh_s1(&api, LIKE, 106);
    let sku = sku.as_str();
    std::thread::scope(|s| {
        for (b, buyer) in buyers.iter().enumerate() {
            s.spawn(move || {
                for n in 0..5 {
                    declined_payment(buyer, sku, &format!("declined-{b}-{n}"));
                }
            });
        }
    });
    // Then a member who can pay: the debit goes through and the worker "crashes" before
    // recording the settlement.
    let (member, _) = new_member(&api);
    top_up(&member, 5_000_000);
    let before = member.get("/api/me").expect(200)["balance_fen"].as_u64().unwrap_or(0);
    let order = buy_regular(&member, sku, 1, "crashed-1").expect(201).clone();
    let id = order["id"].as_str().unwrap_or_default().to_owned();
    dev(&api).post(&format!("/api/dev/orders/{id}/crash-after-debit"), &json!({})).expect(200);
    let total = order["total_fen"].as_u64().unwrap_or(0);
    assert_eq!(member.get("/api/me").expect(200)["balance_fen"].as_u64(), Some(before - total), "debited");
    assert_eq!(member.get(&format!("/api/orders/{id}")).expect(200)["status"], "pending_payment");
    // The repair pass two minutes on (the payment is stale after one) finishes it.
    let report = dev(&api).at(&in_seconds(120)).post("/api/dev/reconcile", &json!({})).expect(200).clone();
    let after = member.get(&format!("/api/orders/{id}")).expect(200).clone();
    assert_eq!(after["status"], "ready_for_pickup", "the customer's money bought the order: {report}");
    assert_eq!(member.get(&format!("/api/me/payments/P{id}B")).expect(200)["status"], "succeeded");
    assert_eq!(member.get("/api/me").expect(200)["balance_fen"].as_u64(), Some(before - total), "charged once");
}
