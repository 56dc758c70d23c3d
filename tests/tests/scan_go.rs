//! Scan-and-go (扫码购): a member's in-store cart by barcode, one checkout whatever the retries,
//! and the exit pass a guide checks once, at its store, before it expires.

use itest::client::{Api, Reply};
use itest::people::{new_member, staff, top_up};
use itest::shop::{fresh_product_with, stock_s1};
use serde_json::{Value, json};

/// A fresh product stocked in `store` with `on_hand` units; its SKU and barcode.
fn product(api: &Api, store: &str, on_hand: u32) -> (String, String) {
    let like = if store == "S1" { "SKU-1054" } else { "SKU-1035" };
    let p = fresh_product_with(api, &json!({"store_id": store, "like": like, "on_hand": on_hand}));
    let text = |f: &str| p[f].as_str().unwrap_or_default().to_owned();
    (text("sku"), text("barcode"))
}

fn open_cart(member: &Api, store: &str) -> String {
    let cart = member.post("/api/scan-go/carts", &json!({"store_id": store})).expect(201).clone();
    assert_eq!(cart["store_id"], store);
    assert_eq!(cart["lines"].as_array().map(Vec::len), Some(0));
    cart["id"].as_str().unwrap_or_default().to_owned()
}

fn scan(member: &Api, cart: &str, barcode: &str, qty: i64) -> Reply {
    let body = json!({"barcode": barcode, "qty": qty}).to_string();
    member.request("PUT", &format!("/api/scan-go/carts/{cart}/lines"), Some(body.as_bytes()))
}

fn checkout(member: &Api, cart: &str, key: &str, method: &str) -> Reply {
    member
        .with_header("idempotency-key", key)
        .post(&format!("/api/scan-go/carts/{cart}/checkout"), &json!({"method": method}))
}

fn exit(guide: &Api, code: &str) -> Reply {
    guide.post("/api/guide/exit-passes", &json!({"code": code}))
}

fn balance(member: &Api) -> i64 {
    member.get("/api/me").expect(200)["balance_fen"].as_i64().unwrap_or(-1)
}

/// A member with balance and a cart of two units of a fresh S1 product.
fn filled_cart(api: &Api) -> (Api, String, String) {
    let (member, _) = new_member(api);
    top_up(&member, 1_000_000);
    let (sku, barcode) = product(api, "S1", 5);
    let cart = open_cart(&member, "S1");
    scan(&member, &cart, &barcode, 2).expect(200);
    (member, cart, sku)
}

#[test]
fn a_cart_fills_by_barcode_applies_the_best_coupon_and_pays_once_with_an_exit_pass() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    top_up(&member, 1_000_000);
    let now = chrono::Utc::now();
    let campaign = staff(&api, "M1001")
        .post(
            "/api/manage/coupon-campaigns",
            &json!({"title": "扫码购 立减", "kind": "fixed", "off_fen": 300, "scope": "all", "quantity": 5,
                    "per_member_limit": 1, "starts_at": (now - chrono::Duration::minutes(1)).to_rfc3339(),
                    "ends_at": (now + chrono::Duration::days(1)).to_rfc3339()}),
        )
        .expect(201)
        .clone();
    let coupon = member
        .post(&format!("/api/coupon-campaigns/{}/claim", campaign["id"].as_str().unwrap_or_default()), &json!({}))
        .expect(201)["id"]
        .clone();
    let (sku, barcode) = product(&api, "S1", 5);
    let cart = open_cart(&member, "S1");
    scan(&member, &cart, &barcode, 1).expect(200);
    let view = scan(&member, &cart, &barcode, 3).expect(200).clone();
    let line = &view["lines"][0];
    assert_eq!(
        (line["sku"].as_str(), line["barcode"].as_str(), line["qty"].as_u64()),
        (Some(sku.as_str()), Some(barcode.as_str()), Some(3)),
        "{view}"
    );
    let price = line["unit_price_fen"].as_i64().unwrap_or_default();
    assert_eq!(view["subtotal_fen"].as_i64(), Some(3 * price));
    assert_eq!(view["coupon_id"], coupon, "the best coupon is applied by itself: {view}");
    assert_eq!(view["discount_fen"].as_i64(), Some(300));
    assert_eq!(view["total_fen"].as_i64(), Some(3 * price - 300));
    let before = (balance(&member), stock_s1(&api, &sku));
    let receipt = checkout(&member, &cart, "pay-1", "balance").expect(200).clone();
    let order = &receipt["order"];
    assert_eq!(
        (order["channel"].as_str(), order["status"].as_str()),
        (Some("scan_go"), Some("ready_for_pickup")),
        "{receipt}"
    );
    assert_eq!(order["total_fen"].as_i64(), Some(3 * price - 300));
    assert_eq!(order["coupon_id"], coupon);
    assert!(receipt["exit_pass"]["code"].as_str().is_some_and(|c| c.len() >= 24), "{receipt}");
    assert_eq!(balance(&member), before.0 - (3 * price - 300));
    let after = stock_s1(&api, &sku);
    let n = |v: &Value, f: &str| v[f].as_i64().unwrap_or(-1);
    assert_eq!(n(&after, "available"), n(&before.1, "available") - 3, "units leave the same pool: {after}");
    // The same call again, even under another key: the same order and pass, nothing charged.
    let again = checkout(&member, &cart, "pay-2", "balance").expect(200).clone();
    assert_eq!((&again["order"]["id"], &again["exit_pass"]), (&order["id"], &receipt["exit_pass"]));
    assert_eq!(balance(&member), before.0 - (3 * price - 300));
    let wallet = member.get("/api/me/coupons").expect(200).clone();
    let status = wallet.as_array().and_then(|w| w.iter().find(|c| c["id"] == coupon)).map(|c| c["status"].clone());
    assert_eq!(status, Some(json!("redeemed")));
    // A checked-out cart no longer changes.
    scan(&member, &cart, &barcode, 1).expect_error(409, "CONFLICT");
    // The guide at the exit sees the lines; the pass then works no more.
    let guide = staff(&api, "G1001");
    let code = receipt["exit_pass"]["code"].as_str().unwrap_or_default();
    let checked = exit(&guide, code).expect(200).clone();
    assert_eq!(checked["order"]["lines"][0]["qty"].as_u64(), Some(3));
    assert_eq!(checked["order"]["status"], "picked_up");
    assert!(checked["order"]["pickup"]["code"].is_null(), "staff never see a pickup code");
    exit(&guide, code).expect_error(409, "ALREADY_USED");
}

#[test]
fn quantity_zero_removes_a_line_and_bad_scans_say_why() {
    let api = Api::from_env();
    let (member, cart, _) = filled_cart(&api);
    let (_, other) = product(&api, "S1", 1);
    scan(&member, &cart, &other, 1).expect(200);
    scan(&member, &cart, &other, 2).expect_error(409, "INSUFFICIENT_STOCK");
    let view = scan(&member, &cart, &other, 0).expect(200).clone();
    assert_eq!(view["lines"].as_array().map(Vec::len), Some(1), "{view}");
    // A valid EAN-13 that no product has, one carried only by another store, and a misprint.
    scan(&member, &cart, "2000000000015", 1).expect_error(404, "NOT_FOUND");
    let (_, elsewhere) = product(&api, "S2", 5);
    scan(&member, &cart, &elsewhere, 1).expect_error(409, "INSUFFICIENT_STOCK");
    scan(&member, &cart, "2000000000016", 1).expect_error(422, "INVALID");
    scan(&member, &cart, &other, -1).expect_error(422, "INVALID");
    // Someone else's cart does not exist for them.
    let (stranger, _) = new_member(&api);
    scan(&stranger, &cart, &other, 1).expect_error(404, "NOT_FOUND");
    checkout(&stranger, &cart, "k", "balance").expect_error(404, "NOT_FOUND");
    member
        .post(&format!("/api/scan-go/carts/{cart}/checkout"), &json!({"method": "balance"}))
        .expect_error(400, "BAD_REQUEST");
    member.post("/api/scan-go/carts", &json!({"store_id": "S9"})).expect_error(422, "INVALID");
    let empty = open_cart(&member, "S1");
    checkout(&member, &empty, "k", "balance").expect_error(422, "INVALID");
}

#[test]
fn three_concurrent_checkouts_with_one_key_charge_once_and_answer_the_same_order() {
    let api = Api::from_env();
    let (member, cart, _) = filled_cart(&api);
    let before = balance(&member);
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let (member, cart) = (member.clone(), cart.clone());
            std::thread::spawn(move || checkout(&member, &cart, "same-key", "balance"))
        })
        .collect();
    let results: Vec<Reply> = handles.into_iter().map(|h| h.join().expect("thread")).collect();
    let ok: Vec<&Reply> = results.iter().filter(|r| r.status == 200).collect();
    assert!(!ok.is_empty(), "{results:?}");
    for r in &results {
        assert!(r.status == 200 || r.code() == "CONFLICT", "only a retryable answer besides success: {r:?}");
    }
    let receipt = checkout(&member, &cart, "same-key", "balance").expect(200).clone();
    for r in ok {
        assert_eq!(r.body["order"]["id"], receipt["order"]["id"]);
        assert_eq!(r.body["exit_pass"], receipt["exit_pass"]);
    }
    let total = receipt["order"]["total_fen"].as_i64().unwrap_or_default();
    assert_eq!(balance(&member), before - total, "charged exactly once");
    let ledger = member.get("/api/me/ledger").expect(200).clone();
    let payments = ledger.as_array().map(|l| l.iter().filter(|e| e["kind"] == "payment").count());
    assert_eq!(payments, Some(1), "{ledger}");
}

#[test]
fn three_concurrent_exit_checks_let_the_customer_out_once() {
    let api = Api::from_env();
    let (member, cart, _) = filled_cart(&api);
    let receipt = checkout(&member, &cart, "k", "sandbox").expect(200).clone();
    let code = receipt["exit_pass"]["code"].as_str().unwrap_or_default().to_owned();
    let handles: Vec<_> = ["G1001", "M1001", "G1001"]
        .into_iter()
        .map(|s| {
            let (guide, code) = (staff(&api, s), code.clone());
            std::thread::spawn(move || exit(&guide, &code))
        })
        .collect();
    let results: Vec<Reply> = handles.into_iter().map(|h| h.join().expect("thread")).collect();
    assert_eq!(results.iter().filter(|r| r.status == 200).count(), 1, "{results:?}");
    assert_eq!(results.iter().filter(|r| r.code() == "ALREADY_USED").count(), 2, "{results:?}");
}

#[test]
fn an_exit_pass_works_only_at_its_store_before_it_expires_and_cannot_be_forged() {
    let api = Api::from_env();
    let (member, cart, _) = filled_cart(&api);
    let receipt = checkout(&member, &cart, "k", "balance").expect(200).clone();
    let code = receipt["exit_pass"]["code"].as_str().unwrap_or_default().to_owned();
    let expires = receipt["exit_pass"]["expires_at"].as_str().unwrap_or_default().to_owned();
    let expires_at = chrono::DateTime::parse_from_rfc3339(&expires).expect("rfc3339");
    let minutes = (expires_at.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_minutes();
    assert!((28..=30).contains(&minutes), "about 30 minutes to reach the exit: {expires}");
    exit(&staff(&api, "G2001"), &code).expect_error(403, "WRONG_STORE");
    let mut forged = code.clone().into_bytes();
    let last = forged.len() - 1;
    forged[last] = if forged[last] == b'9' { b'0' } else { forged[last] + 1 };
    let guide = staff(&api, "G1001");
    exit(&guide, &String::from_utf8(forged).unwrap_or_default()).expect_error(404, "NOT_FOUND");
    exit(&guide, "12345").expect_error(404, "NOT_FOUND");
    let late = (expires_at + chrono::Duration::seconds(1)).to_rfc3339();
    exit(&guide.at(&late), &code).expect_error(409, "CODE_EXPIRED");
    new_member(&api).0.post("/api/guide/exit-passes", &json!({"code": code})).expect_error(403, "WRONG_ROLE");
    // Still unused: within its time it lets the customer out, and the check is in the audit log.
    exit(&guide, &code).expect(200);
    let audit = staff(&api, "M1001").get("/api/manage/audit?store_id=S1").expect(200).clone();
    let order_id = receipt["order"]["id"].clone();
    let logged = audit
        .as_array()
        .map(|a| a.iter().filter(|e| e["action"] == "exit_pass_checked" && e["subject"] == order_id).count());
    assert_eq!(logged, Some(1), "one audit entry for the exit check");
}

#[test]
fn a_scan_and_go_purchase_comes_back_like_any_collected_order() {
    let api = Api::from_env();
    let (member, cart, sku) = filled_cart(&api);
    let receipt = checkout(&member, &cart, "k", "balance").expect(200).clone();
    let guide = staff(&api, "G1001");
    exit(&guide, receipt["exit_pass"]["code"].as_str().unwrap_or_default()).expect(200);
    let before = balance(&member);
    let body = json!({"order_id": receipt["order"]["id"], "lines": [{"sku": sku, "qty": 1}], "reason": "不想要了",
                      "member_code": itest::people::code(&member)});
    guide.with_header("idempotency-key", "r-1").post("/api/guide/returns", &body).expect(201);
    let unit = receipt["order"]["lines"][0]["unit_price_fen"].as_i64().unwrap_or_default();
    assert_eq!(balance(&member), before + unit, "one unit refunded to stored value");
}

#[test]
fn a_refused_checkout_opens_the_cart_again_to_change_it_and_pay() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    let (sku, barcode) = product(&api, "S1", 5);
    let cart = open_cart(&member, "S1");
    scan(&member, &cart, &barcode, 2).expect(200);
    checkout(&member, &cart, "k1", "balance").expect_error(409, "INSUFFICIENT_BALANCE");
    assert_eq!(stock_s1(&api, &sku)["available"], 5, "the refused checkout holds no units");
    let changed = scan(&member, &cart, &barcode, 1).expect(200).clone();
    assert_eq!(changed["lines"][0]["qty"], 1, "the cart changes after a refusal");
    top_up(&member, 100_000);
    let receipt = checkout(&member, &cart, "k2", "balance").expect(200).clone();
    assert_eq!(receipt["order"]["total_fen"], changed["total_fen"]);
    assert_eq!(receipt["order"]["lines"][0]["qty"], 1);
    assert_eq!(stock_s1(&api, &sku)["available"], 4);
    scan(&member, &cart, &barcode, 3).expect_error(409, "CONFLICT");
}
