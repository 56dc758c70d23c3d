//! Flash sales and orders for tests: book stock in, create sales, place orders.

use crate::client::{Api, Reply};
use crate::people::staff;
use serde_json::{Value, json};

/// Books `qty` units of `sku` into store S1 (as manager M1001).
pub fn receive(api: &Api, sku: &str, qty: u32) {
    let key = format!("receipt-{sku}-{}", crate::people::unique_phone());
    staff(api, "M1001")
        .with_header("idempotency-key", &key)
        .post("/api/manage/stock/receipts", &json!({"sku": sku, "qty": qty}))
        .expect(200);
}

/// A sale of `quantity` units of `sku` in S1 starting `start_in` seconds from now, lasting
/// `length` seconds (stock booked in first).
pub fn sale(api: &Api, sku: &str, quantity: u32, limit: u32, start_in: i64, length: i64, buckets: u32) -> Value {
    receive(api, sku, quantity);
    let now = chrono::Utc::now();
    let body = json!({
        "sku": sku, "store_id": "S1", "price_fen": 990, "quantity": quantity, "per_member_limit": limit,
        "starts_at": (now + chrono::Duration::seconds(start_in)).to_rfc3339(),
        "ends_at": (now + chrono::Duration::seconds(start_in + length)).to_rfc3339(),
        "buckets": buckets,
    });
    staff(api, "M1001").post("/api/manage/flash-sales", &body).expect(201).clone()
}

/// A live sale (started a minute ago, an hour long).
pub fn live_sale(api: &Api, sku: &str, quantity: u32, limit: u32) -> String {
    sale(api, sku, quantity, limit, -60, 3_600, 1)["id"].as_str().unwrap_or_default().to_owned()
}

/// Orders one unit under a sale with an idempotency key.
pub fn buy(member: &Api, sku: &str, sale_id: &str, key: &str) -> Reply {
    member
        .with_header("idempotency-key", key)
        .post("/api/orders", &json!({"store_id": "S1", "lines": [{"sku": sku, "qty": 1, "flash_sale_id": sale_id}]}))
}

/// Orders `qty` units at the shelf price in S1.
pub fn buy_regular(member: &Api, sku: &str, qty: u32, key: &str) -> Reply {
    member
        .with_header("idempotency-key", key)
        .post("/api/orders", &json!({"store_id": "S1", "lines": [{"sku": sku, "qty": qty}]}))
}

/// The S1 row of a SKU's stock figures.
pub fn stock_s1(api: &Api, sku: &str) -> Value {
    let rows = staff(api, "G1001").get(&format!("/api/guide/stock?sku={sku}")).expect(200).clone();
    rows.as_array().and_then(|r| r.iter().find(|x| x["store_id"] == "S1").cloned()).unwrap_or(Value::Null)
}

/// One sale as the list shows it.
pub fn sale_view(api: &Api, id: &str) -> Value {
    api.get(&format!("/api/flash-sales/{id}")).expect(200).clone()
}

/// A fresh product for one test: a new, unique SKU copying `like` (a product `store` carries:
/// its brand, counter, category and price) with `on_hand` units in `store`'s pool. No other
/// test knows its SKU, so no other test moves its stock, whatever order the suites run in.
pub fn fresh_product(api: &Api, store: &str, like: &str, on_hand: u32) -> String {
    fresh_product_with(api, &json!({"store_id": store, "like": like, "on_hand": on_hand}))["sku"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// [`fresh_product`] with the whole request (`category`, `price_fen` too); returns the product.
pub fn fresh_product_with(api: &Api, body: &Value) -> Value {
    let token = crate::server::dev_var("SEED_TOKEN").unwrap_or_default();
    api.with_header("x-seed-token", &token).post("/api/dev/products", body).expect(201).clone()
}

/// A fresh product carried by S1 like `like`, with `on_hand` units there.
pub fn fresh_s1(api: &Api, like: &str, on_hand: u32) -> String {
    fresh_product(api, "S1", like, on_hand)
}
