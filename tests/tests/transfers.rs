//! Stock between stores (调货, contract v2 "Store operations"): a transfer leaves the sending
//! store's available stock at once and enters the receiving store's pool exactly once.

use itest::client::{Api, Reply};
use itest::people::staff;
use itest::shop::fresh_product;
use serde_json::{Value, json};

/// A fresh product carried by S1 and S2 (like SKU-1001), with `on_hand` units in S1.
fn product(api: &Api, on_hand: u32) -> String {
    fresh_product(api, "S1", "SKU-1001", on_hand)
}

fn available(api: &Api, sku: &str, store: &str) -> u64 {
    let rows = staff(api, "G1001").get(&format!("/api/guide/stock?sku={sku}")).expect(200).clone();
    let row = rows.as_array().and_then(|r| r.iter().find(|x| x["store_id"] == store).cloned());
    row.and_then(|r| r["available"].as_u64()).unwrap_or_else(|| panic!("no {store} row for {sku}: {rows}"))
}

fn send(who: &Api, key: &str, body: &Value) -> Reply {
    who.with_header("idempotency-key", key).post("/api/manage/stock/transfers", body)
}

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", itest::people::unique_phone())
}

fn receive(who: &Api, id: &str) -> Reply {
    who.post(&format!("/api/manage/stock/transfers/{id}/receive"), &json!({}))
}

#[test]
fn a_transfer_leaves_the_sender_at_once_and_arrives_once_at_the_receiver() {
    let api = Api::from_env();
    let sku = product(&api, 5);
    let manager = staff(&api, "M1001");
    let body = json!({"sku": sku, "qty": 3, "from_store": "S1", "to_store": "S2"});
    let key = unique("transfer");
    let sent = send(&manager, &key, &body).expect(201).clone();
    assert_eq!(sent["status"], "in_transit", "{sent}");
    assert_eq!(
        (sent["qty"].as_u64(), sent["from_store"].as_str(), sent["to_store"].as_str()),
        (Some(3), Some("S1"), Some("S2"))
    );
    assert_eq!((available(&api, &sku, "S1"), available(&api, &sku, "S2")), (2, 0));

    // The same request again is the same transfer: nothing more leaves.
    let again = send(&manager, &key, &body).expect(201).clone();
    assert_eq!(again["id"], sent["id"]);
    assert_eq!(available(&api, &sku, "S1"), 2);

    let id = sent["id"].as_str().expect("id");
    // Only staff of the receiving store may receive it.
    receive(&manager, id).expect_error(403, "WRONG_STORE");
    let received = receive(&staff(&api, "G2001"), id).expect(200).clone();
    assert_eq!(received["status"], "received", "{received}");
    assert_eq!(received["received_by"], "G2001");
    assert_eq!((available(&api, &sku, "S1"), available(&api, &sku, "S2")), (2, 3));
    receive(&staff(&api, "G2001"), id).expect_error(409, "ALREADY_RECEIVED");
    assert_eq!(available(&api, &sku, "S2"), 3);

    // Both stores list it; the sender's audit log has the send, the receiver's the receipt.
    for (who, store) in [(&manager, "S1"), (&staff(&api, "G2001"), "S2")] {
        let list = who.get(&format!("/api/manage/stock/transfers?store_id={store}")).expect(200).clone();
        let found = list.as_array().and_then(|l| l.iter().find(|t| t["id"] == id).cloned()).expect("listed");
        assert_eq!(found["status"], "received");
    }
    let log = manager.get("/api/manage/audit?store_id=S1").expect(200).clone();
    assert!(
        log.as_array()
            .is_some_and(|l| l.iter().any(|e| e["action"] == "stock_transferred" && e["subject"] == sku.as_str())),
        "{log}"
    );
    let admin = staff(&api, "A0001");
    let log = admin.get("/api/manage/audit?store_id=S2").expect(200).clone();
    assert!(
        log.as_array()
            .is_some_and(|l| l.iter().any(|e| e["action"] == "stock_received" && e["subject"] == sku.as_str())),
        "{log}"
    );
}

#[test]
fn three_concurrent_receives_move_the_units_once() {
    let api = Api::from_env();
    let sku = product(&api, 4);
    let body = json!({"sku": sku, "qty": 4, "from_store": "S1", "to_store": "S2"});
    let sent = send(&staff(&api, "M1001"), &unique("concurrent"), &body).expect(201).clone();
    let id = sent["id"].as_str().expect("id").to_owned();
    let receivers: Vec<Api> = (0..3).map(|_| staff(&api, "G2001")).collect();
    let answers: Vec<Reply> = std::thread::scope(|s| {
        let handles: Vec<_> = receivers.iter().map(|r| s.spawn(|| receive(r, &id))).collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    let ok = answers.iter().filter(|r| r.status == 200).count();
    assert_eq!(ok, 1, "{:?}", answers.iter().map(|r| (r.status, r.text.clone())).collect::<Vec<_>>());
    for r in answers.iter().filter(|r| r.status != 200) {
        assert_eq!(r.status, 409, "{}", r.text);
        assert!(["ALREADY_RECEIVED", "CONFLICT"].contains(&r.code()), "{}", r.text);
    }
    assert_eq!((available(&api, &sku, "S1"), available(&api, &sku, "S2")), (0, 4));
    receive(&receivers[0], &id).expect_error(409, "ALREADY_RECEIVED");
}

#[test]
fn a_transfer_needs_stock_another_store_a_known_product_and_a_key() {
    let api = Api::from_env();
    let sku = product(&api, 2);
    let manager = staff(&api, "M1001");
    let body = |qty: u32, to: &str| json!({"sku": sku, "qty": qty, "from_store": "S1", "to_store": to});
    send(&manager, &unique("too-many"), &body(3, "S2")).expect_error(409, "INSUFFICIENT_STOCK");
    assert_eq!(available(&api, &sku, "S1"), 2, "a refused transfer takes nothing");
    let same = send(&manager, &unique("same"), &body(1, "S1"));
    same.expect_error(422, "INVALID");
    assert!(same.text.contains("to_store"), "{}", same.text);
    let nowhere = send(&manager, &unique("nowhere"), &body(1, "S9"));
    nowhere.expect_error(422, "INVALID");
    assert!(nowhere.text.contains("to_store"), "{}", nowhere.text);
    send(&manager, &unique("qty"), &body(0, "S2")).expect_error(422, "INVALID");
    let unknown = json!({"sku": "SKU-NOPE-1", "qty": 1, "from_store": "S1", "to_store": "S2"});
    send(&manager, &unique("unknown"), &unknown).expect_error(404, "NOT_FOUND");
    manager.post("/api/manage/stock/transfers", &body(1, "S2")).expect_error(400, "BAD_REQUEST");
    assert_eq!(available(&api, &sku, "S1"), 2);
    receive(&staff(&api, "G2001"), "T0000000000000000").expect_error(404, "NOT_FOUND");
}

#[test]
fn who_may_send_receive_and_list_follows_the_stores_they_act_for() {
    let api = Api::from_env();
    let sku = product(&api, 3);
    let from_s1 = json!({"sku": sku, "qty": 1, "from_store": "S1", "to_store": "S2"});
    // A guide may not send; a manager only from their own store; head office from any.
    send(&staff(&api, "G1001"), &unique("guide"), &from_s1).expect_error(403, "FORBIDDEN");
    let from_s2 = json!({"sku": sku, "qty": 1, "from_store": "S2", "to_store": "S1"});
    send(&staff(&api, "M1001"), &unique("other"), &from_s2).expect_error(403, "WRONG_STORE");
    let (member, _) = itest::people::new_member(&api);
    send(&member, &unique("member"), &from_s1).expect_error(403, "WRONG_ROLE");
    send(&api, &unique("anon"), &from_s1).expect_error(401, "UNAUTHENTICATED");
    let admin = staff(&api, "A0001");
    let sent = send(&admin, &unique("admin"), &from_s1).expect(201).clone();
    let id = sent["id"].as_str().expect("id");
    // Staff of the sending store cannot receive it; a guide of the receiving store can.
    receive(&staff(&api, "G1001"), id).expect_error(403, "WRONG_STORE");
    receive(&member, id).expect_error(403, "WRONG_ROLE");
    staff(&api, "G1001").get("/api/manage/stock/transfers?store_id=S2").expect_error(403, "WRONG_STORE");
    let mine = staff(&api, "G2001").get("/api/manage/stock/transfers").expect(200).clone();
    let listed = mine.as_array().and_then(|l| l.iter().find(|t| t["id"] == id).cloned()).expect("listed");
    assert_eq!(listed["status"], "in_transit");
    receive(&staff(&api, "G2001"), id).expect(200);
}

#[test]
fn a_receive_that_crashed_half_way_leaves_the_transfer_receivable_and_the_units_enter_once() {
    let api = Api::from_env();
    let sku = product(&api, 3);
    let body = json!({"sku": sku, "qty": 3, "from_store": "S1", "to_store": "S2"});
    let sent = send(&staff(&api, "M1001"), &unique("crash"), &body).expect(201).clone();
    let id = sent["id"].as_str().expect("id");
    let token = itest::server::dev_var("SEED_TOKEN").unwrap_or_default();
    let dev = api.with_header("x-seed-token", &token);
    // The units entered S2's pool, then the receive died before marking the transfer.
    let half = dev.post(&format!("/api/dev/stock/transfers/{id}/crash-mid-receive"), &json!({})).expect(200).clone();
    assert_eq!(half["status"], "in_transit", "{half}");
    assert_eq!(available(&api, &sku, "S2"), 3);
    // While its claim lasts, another receive is told to wait, not that it was received.
    let guide = staff(&api, "G2001");
    receive(&guide, id).expect_error(409, "CONFLICT");
    // Once the claim lapses, the transfer is received, and the units do not enter again.
    let later = guide.at(&itest::people::in_seconds(40));
    let done = receive(&later, id).expect(200).clone();
    assert_eq!(done["status"], "received", "{done}");
    assert_eq!((available(&api, &sku, "S1"), available(&api, &sku, "S2")), (0, 3));
    receive(&guide, id).expect_error(409, "ALREADY_RECEIVED");
}

fn order_from(member: &Api, sku: &str, qty: u32, key: &str) -> Reply {
    let body = json!({"store_id": "S2", "from_store": "S1", "lines": [{"sku": sku, "qty": qty}]});
    member.with_header("idempotency-key", key).post("/api/orders", &body)
}

#[test]
fn an_order_where_the_item_is_missing_travels_and_is_collected_once_it_arrived() {
    let api = Api::from_env();
    let sku = product(&api, 3);
    // S2 has none: the product page offers S1's units and says when they would be ready.
    let detail = api.get(&format!("/api/products/{sku}")).expect(200).clone();
    let s2 = detail["stock"].as_array().and_then(|s| s.iter().find(|r| r["store_id"] == "S2").cloned()).expect("S2");
    assert_eq!(s2["elsewhere"], json!({"from_store": "S1", "ready_in_days": 1}), "{detail}");

    let (member, _) = itest::people::new_member(&api);
    let order = order_from(&member, &sku, 2, "from-s1").expect(201).clone();
    assert_eq!((order["store_id"].as_str(), order["from_store"].as_str()), (Some("S2"), Some("S1")));
    assert_eq!(available(&api, &sku, "S1"), 1, "held at the store that has them");
    let id = order["id"].as_str().expect("id").to_owned();
    let paid = member.post(&format!("/api/orders/{id}/pay"), &json!({"method": "sandbox"})).expect(200).clone();
    assert_eq!(paid["status"], "awaiting_transfer", "{paid}");
    let code = paid["pickup"]["code"].as_str().expect("a pickup code is issued at once").to_owned();
    let guide = staff(&api, "G2001");
    guide.post("/api/guide/pickups", &json!({"code": code})).expect_error(409, "NOT_ARRIVED");

    // The payment sent the units: the pickup store lists the transfer; three receive at once.
    let list = guide.get("/api/manage/stock/transfers?store_id=S2").expect(200).clone();
    let transfer =
        list.as_array().and_then(|l| l.iter().find(|t| t["order_id"] == id.as_str()).cloned()).expect("listed");
    assert_eq!((transfer["status"].as_str(), transfer["qty"].as_u64()), (Some("in_transit"), Some(2)));
    let tid = transfer["id"].as_str().expect("id").to_owned();
    let receivers: Vec<Api> = (0..3).map(|_| staff(&api, "G2001")).collect();
    let answers: Vec<Reply> = std::thread::scope(|s| {
        let handles: Vec<_> = receivers.iter().map(|r| s.spawn(|| receive(r, &tid))).collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    assert_eq!(
        answers.iter().filter(|r| r.status == 200).count(),
        1,
        "{:?}",
        answers.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    // The units are the order's at S2 (nobody else can buy them) and gone from S1.
    assert_eq!((available(&api, &sku, "S1"), available(&api, &sku, "S2")), (1, 0));
    let ready = member.get(&format!("/api/orders/{id}")).expect(200).clone();
    assert_eq!(ready["status"], "ready_for_pickup", "{ready}");

    let done = guide.post("/api/guide/pickups", &json!({"code": code})).expect(200).clone();
    assert_eq!(done["status"], "picked_up");
    guide.post("/api/guide/pickups", &json!({"code": code})).expect_error(409, "ALREADY_PICKED_UP");
    let rows = guide.get(&format!("/api/guide/stock?sku={sku}")).expect(200).clone();
    let s2 = rows.as_array().and_then(|r| r.iter().find(|x| x["store_id"] == "S2").cloned()).expect("S2 row");
    assert_eq!((s2["on_hand"].as_u64(), s2["awaiting_pickup"].as_u64()), (Some(0), Some(0)), "{rows}");
}

#[test]
fn a_cancelled_order_from_another_store_gives_its_units_back_there() {
    let api = Api::from_env();
    let sku = product(&api, 3);
    let (member, _) = itest::people::new_member(&api);
    order_from(&member, &sku, 3, "same-store").expect(201);
    assert_eq!(available(&api, &sku, "S1"), 0);
    let again = json!({"store_id": "S1", "from_store": "S1", "lines": [{"sku": sku, "qty": 1}]});
    member.with_header("idempotency-key", "same").post("/api/orders", &again).expect_error(422, "INVALID");
    let orders = member.get("/api/orders").expect(200).clone();
    let id = orders[0]["id"].as_str().expect("id").to_owned();
    member.post(&format!("/api/orders/{id}/cancel"), &json!({})).expect(200);
    assert_eq!((available(&api, &sku, "S1"), available(&api, &sku, "S2")), (3, 0));
}
