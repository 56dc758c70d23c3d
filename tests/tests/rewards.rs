//! Post-payment rewards (支付有礼): an after_payment campaign gives a coupon with each paid order
//! that reaches its minimum, once per order, within its quantity and per-member limit.

use itest::client::Api;
use itest::people::{new_member, staff, top_up};
use itest::shop::{buy_regular, fresh_s1};
use serde_json::{Value, json};

fn campaign(title: &str, audience: Option<&str>, reward_min: Option<u64>) -> Value {
    let now = chrono::Utc::now();
    json!({"title": title, "kind": "threshold", "threshold_fen": 20_000, "off_fen": 2_000, "scope": "all",
           "store_id": "S1", "quantity": 2, "per_member_limit": 1, "audience": audience, "reward_min_fen": reward_min,
           "starts_at": (now - chrono::Duration::minutes(1)).to_rfc3339(),
           "ends_at": (now + chrono::Duration::days(30)).to_rfc3339(), "valid_days": 30})
}

/// Orders `qty` of `sku` (¥2,199 each, like SKU-1030) in S1 and pays by `method`; the paid order.
fn buy_and_pay(member: &Api, sku: &str, qty: u32, method: &str, key: &str) -> Value {
    let id = buy_regular(member, sku, qty, key).expect(201)["id"].as_str().unwrap_or_default().to_owned();
    member.post(&format!("/api/orders/{id}/pay"), &json!({"method": method})).expect(200).clone()
}

fn wallet_from(member: &Api, campaign: &str) -> usize {
    let wallet = member.get("/api/me/coupons").expect(200).clone();
    wallet.as_array().map(|w| w.iter().filter(|c| c["campaign_id"] == campaign).count()).unwrap_or(0)
}

#[test]
fn a_paid_order_over_the_minimum_earns_one_coupon_within_the_campaigns_limits() {
    let api = Api::from_env();
    let manager = staff(&api, "M1001");
    // ¥10,000: no other test's order reaches it.
    let c = manager
        .post("/api/manage/coupon-campaigns", &campaign("支付满万元有礼 测试", Some("after_payment"), Some(1_000_000)))
        .expect(201)
        .clone();
    let id = c["id"].as_str().unwrap_or_default().to_owned();
    manager
        .post("/api/manage/coupon-campaigns", &campaign("缺少门槛", Some("after_payment"), None))
        .expect_error(422, "INVALID");
    manager
        .post("/api/manage/coupon-campaigns", &campaign("领券不设门槛", None, Some(1_000)))
        .expect_error(422, "INVALID");
    // Given, not claimed: not in the coupon centre, and neither claims nor guides hand it out.
    let centre = api.get("/api/coupon-campaigns?store_id=S1").expect(200).clone();
    assert!(centre.as_array().is_some_and(|l| l.iter().all(|x| x["id"] != id.as_str())));
    let (a, _) = new_member(&api);
    a.post(&format!("/api/coupon-campaigns/{id}/claim"), &json!({})).expect_error(403, "FORBIDDEN");

    // Five orders of up to five units: 21 in all.
    let sku = fresh_s1(&api, "SKU-1030", 25);
    top_up(&a, 5_000_000);
    let paid = buy_and_pay(&a, &sku, 5, "balance", "reward-a1");
    assert_eq!(paid["rewards"].as_array().map(Vec::len), Some(1), "{paid}");
    assert_eq!(paid["rewards"][0]["title"], "支付满万元有礼 测试");
    assert_eq!(wallet_from(&a, &id), 1);
    // Paying again gives nothing more; the order still shows its one reward.
    let order = paid["id"].as_str().unwrap_or_default();
    a.post(&format!("/api/orders/{order}/pay"), &json!({"method": "balance"})).expect_error(409, "ALREADY_PAID");
    assert_eq!(a.get(&format!("/api/orders/{order}")).expect(200)["rewards"].as_array().map(Vec::len), Some(1));
    // The member's limit is one: a second large order earns nothing (and is paid all the same).
    let again = buy_and_pay(&a, &sku, 5, "balance", "reward-a2");
    assert_eq!(
        (again["status"].as_str(), again["rewards"].as_array().map(Vec::len)),
        (Some("ready_for_pickup"), Some(0))
    );
    assert_eq!(wallet_from(&a, &id), 1);

    // Below the minimum: nothing. Then over it, through the gateway: the second and last coupon.
    let (b, _) = new_member(&api);
    top_up(&b, 5_000_000);
    assert_eq!(buy_and_pay(&b, &sku, 1, "balance", "reward-b1")["rewards"], json!([]));
    assert_eq!(buy_and_pay(&b, &sku, 5, "sandbox", "reward-b2")["rewards"].as_array().map(Vec::len), Some(1));
    // The campaign is used up: the next large order is paid with no reward.
    let (c3, _) = new_member(&api);
    top_up(&c3, 5_000_000);
    let late = buy_and_pay(&c3, &sku, 5, "balance", "reward-c1");
    assert_eq!(
        (late["status"].as_str(), late["rewards"].as_array().map(Vec::len)),
        (Some("ready_for_pickup"), Some(0))
    );
    assert_eq!(wallet_from(&c3, &id), 0);
}

/// Opens `envelope` as `member`.
fn open(member: &Api, envelope: &str) -> itest::client::Reply {
    member.post(&format!("/api/red-envelopes/{envelope}/open"), &json!({}))
}

#[test]
fn more_members_than_shares_open_one_envelope_at_once_and_every_share_goes_once() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1031", 2);
    let (buyer, _) = new_member(&api);
    top_up(&buyer, 100_000);
    // ¥399 reaches the ¥100 threshold: the paid order carries an envelope of 10 shares, ¥20.
    let paid = buy_and_pay(&buyer, &sku, 1, "balance", &format!("env-{sku}"));
    let order = buyer.get(&format!("/api/orders/{}", paid["id"].as_str().unwrap_or_default())).expect(200).clone();
    let envelope = order["red_envelope"].clone();
    assert_eq!((envelope["shares"].as_u64(), envelope["total_fen"].as_u64()), (Some(10), Some(2_000)), "{order}");
    let id = envelope["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(envelope["link"], format!("/red-envelopes/{id}"));
    open(&buyer, &id).expect_error(409, "OWN_ENVELOPE");
    open(&buyer, "E-nothing").expect_error(404, "NOT_FOUND");

    let openers: Vec<Api> = (0..14).map(|_| new_member(&api).0).collect();
    let replies: Vec<_> = std::thread::scope(|s| {
        let running: Vec<_> = openers.iter().map(|m| s.spawn(|| open(m, &id))).collect();
        running.into_iter().map(|h| h.join().expect("an opener")).collect()
    });
    let won: Vec<u64> =
        replies.iter().filter(|r| r.status == 200).map(|r| r.body["amount_fen"].as_u64().unwrap_or(0)).collect();
    assert_eq!(won.len(), 10, "every share goes once");
    assert!(won.iter().all(|&f| f >= 1), "each share is at least one fen: {won:?}");
    assert_eq!(won.iter().sum::<u64>(), 2_000, "the shares add up to the total exactly: {won:?}");
    for r in replies.iter().filter(|r| r.status != 200) {
        assert_eq!((r.status, r.code()), (409, "EMPTY"), "{}", r.text);
    }
    // The share is a coupon in the opener's wallet; opening again says why not.
    let (winner, reply) = openers.iter().zip(&replies).find(|(_, r)| r.status == 200).expect("a winner");
    let coupon = reply.body["coupon"].clone();
    assert_eq!(
        (coupon["kind"].as_str(), coupon["off_fen"].as_u64()),
        (Some("fixed"), reply.body["amount_fen"].as_u64())
    );
    assert_eq!(wallet_from(winner, "red-envelope"), 1);
    open(winner, &id).expect_error(409, "ALREADY_OPENED");
    assert_eq!(wallet_from(winner, "red-envelope"), 1, "opening again gives nothing more");
}
