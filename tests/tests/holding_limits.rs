//! What one member may hold unpaid: at most 5 pending orders (the 6th is 409
//! TOO_MANY_PENDING, even when they arrive at once) and at most 10 locked units of one SKU.

use itest::client::Api;
use itest::people::{code, new_member, staff};
use itest::shop::{buy_regular, fresh_s1, stock_s1};
use serde_json::json;

fn pending(member: &Api) -> usize {
    let list = member.get("/api/orders").expect(200).clone();
    list.as_array().map(|l| l.iter().filter(|o| o["status"] == "pending_payment").count()).unwrap_or(0)
}

#[test]
fn a_sixth_pending_order_is_refused_until_one_is_cancelled() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1035", 7);
    let (member, _) = new_member(&api);
    let mut ids = Vec::new();
    for n in 0..5 {
        let order = buy_regular(&member, &sku, 1, &format!("hold-{n}")).expect(201).clone();
        ids.push(order["id"].as_str().unwrap_or_default().to_owned());
    }
    let locked = stock_s1(&api, &sku)["locked"].as_u64();
    let sixth = buy_regular(&member, &sku, 1, "hold-5");
    sixth.expect_error(409, "TOO_MANY_PENDING");
    assert_eq!(stock_s1(&api, &sku)["locked"].as_u64(), locked, "the refused order locks nothing");
    // A retry of an order already placed is that order, not a sixth one.
    assert!(matches!(buy_regular(&member, &sku, 1, "hold-0").status, 200 | 201));
    member.post(&format!("/api/orders/{}/cancel", ids[0]), &json!({})).expect(200);
    buy_regular(&member, &sku, 1, "hold-6").expect(201);
    assert_eq!(pending(&member), 5);
}

#[test]
fn eight_concurrent_orders_by_one_member_leave_at_most_five_pending() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1036", 8);
    let (member, _) = new_member(&api);
    let before = stock_s1(&api, &sku)["locked"].as_u64().unwrap_or(0);
    let outcomes: Vec<(u16, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|n| {
                let (member, sku) = (member.clone(), sku.clone());
                s.spawn(move || {
                    let r = buy_regular(&member, &sku, 1, &format!("rush-{n}"));
                    (r.status, r.code().to_owned())
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let placed = outcomes.iter().filter(|(s, _)| *s == 201).count();
    assert!(placed <= 5, "{outcomes:?}");
    assert!(
        outcomes.iter().all(|(s, c)| *s == 201 || (*s == 409 && c == "TOO_MANY_PENDING")),
        "every refusal is TOO_MANY_PENDING: {outcomes:?}"
    );
    assert_eq!(pending(&member), placed);
    let locked = stock_s1(&api, &sku)["locked"].as_u64().unwrap_or(0);
    assert_eq!(locked.saturating_sub(before), placed as u64, "refused orders released their locks");
}

#[test]
fn one_member_may_lock_at_most_ten_units_of_a_sku() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1037", 12);
    let (member, _) = new_member(&api);
    buy_regular(&member, &sku, 11, "units-11").expect_error(409, "LIMIT_EXCEEDED");
    buy_regular(&member, &sku, 7, "units-7").expect(201);
    let r = buy_regular(&member, &sku, 4, "units-4");
    r.expect_error(409, "LIMIT_EXCEEDED");
    assert!(r.body["error"]["message"].as_str().unwrap_or_default().starts_with("lines[0].qty"), "{}", r.text);
    buy_regular(&member, &sku, 3, "units-3").expect(201);
}

#[test]
fn orders_a_guide_places_for_a_customer_count_against_the_same_cap() {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1038", 6);
    let (member, who) = new_member(&api);
    let member_id = who["id"].as_str().unwrap_or_default().to_owned();
    let guide = staff(&api, "G1001");
    guide.post("/api/guide/customers", &json!({"code": code(&member), "tags": []})).expect(201);
    for n in 0..3 {
        buy_regular(&member, &sku, 1, &format!("own-{n}")).expect(201);
    }
    let by_guide = |key: &str| {
        guide
            .with_header("idempotency-key", key)
            .post("/api/guide/orders", &json!({"member_id": member_id, "lines": [{"sku": &sku, "qty": 1}]}))
    };
    by_guide("guide-1").expect(201);
    by_guide("guide-2").expect(201);
    by_guide("guide-3").expect_error(409, "TOO_MANY_PENDING");
    buy_regular(&member, &sku, 1, "own-3").expect_error(409, "TOO_MANY_PENDING");
}
