//! An order's page through its route: paying (by balance or gateway) and cancelling, each
//! followed by the order as the server now has it; a refusal in the member's words; a lock that
//! runs out while the page is open; an order that is not theirs; and the list leading to it.
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use common::*;
use serde_json::{Value, json};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ID: &str = "O0000000000000001";
const PAGE: &str = "/orders/O0000000000000001";
const GET: &str = "GET /api/orders/O0000000000000001";

/// A pending order whose lock has `secs` left by the browser's real clock.
fn pending(secs: i64) -> Value {
    let now = js_sys::Date::now() as i64;
    let until = chrono::DateTime::<chrono::Utc>::from_timestamp_millis(now + secs * 1000).expect("a time");
    with(order_json("pending_payment"), json!({"lock_expires_at": until.to_rfc3339()}))
}

async fn order_page(lang: Lang, order: Value) -> Mounted {
    fake_api();
    ok(GET, order);
    let m = shop(PAGE, lang, signed_in).await;
    m.wait_for("article.order-detail").await;
    m
}

#[wasm_bindgen_test]
async fn paying_by_balance_shows_the_pickup_code_the_server_then_has() {
    let m = order_page(Lang::En, pending(600)).await;
    assert_eq!(calls_to(GET)[0].auth.as_deref(), Some("Bearer tok-member"));
    let paid = with(order_json("ready_for_pickup"), json!({"pickup": pickup_json(), "paid_at": at(0)}));
    ok(&format!("POST /api/orders/{ID}/pay"), paid.clone());
    ok(GET, paid);
    click(&m.get("[data-testid=pay-balance]"));
    m.wait_for("[data-testid=pickup-code]").await;
    assert_eq!(calls_to("POST /api/orders")[0].body, Some(json!({"method": "balance"})));
    assert_eq!(m.text_of("[data-testid=order-status]"), "Ready for pickup");
    assert_eq!(m.count("[data-testid=pay-box]"), 0);
}

#[wasm_bindgen_test]
async fn paying_through_the_gateway_sends_the_sandbox_method() {
    let m = order_page(Lang::En, pending(600)).await;
    ok(&format!("POST /api/orders/{ID}/pay"), order_json("ready_for_pickup"));
    click(&m.get("[data-testid=pay-sandbox]"));
    until("the payment", || !calls_to("POST /api/orders").is_empty()).await;
    assert_eq!(calls_to("POST /api/orders")[0].body, Some(json!({"method": "sandbox"})));
}

#[wasm_bindgen_test]
async fn cancelling_shows_the_order_cancelled() {
    let m = order_page(Lang::En, pending(600)).await;
    ok(&format!("POST /api/orders/{ID}/cancel"), order_json("cancelled"));
    ok(GET, order_json("cancelled"));
    click(&m.get("[data-testid=cancel]"));
    until("cancelled", || m.find("[data-status=cancelled]").is_some()).await;
    assert_eq!(calls_to("POST /api/orders")[0].key, format!("POST /api/orders/{ID}/cancel"));
    assert!(m.text_of(".closed-note").contains("was cancelled"), "{}", m.text());
}

#[wasm_bindgen_test]
async fn a_refused_payment_says_why_and_the_order_can_still_be_paid() {
    let m = order_page(Lang::En, pending(600)).await;
    refuse(&format!("POST /api/orders/{ID}/pay"), 409, "INSUFFICIENT_BALANCE", "balance 100 < 36850");
    click(&m.get("[data-testid=pay-balance]"));
    until("the order asked again", || calls_to(GET).len() == 2).await;
    m.wait_for("[data-testid=order-error]").await;
    assert_eq!(m.text_of("[data-testid=order-error]"), "Not enough stored value");
    assert!(!m.disabled("[data-testid=pay-sandbox]"));
}

#[wasm_bindgen_test]
async fn a_lock_that_runs_out_while_open_asks_the_server_again() {
    let m = order_page(Lang::En, pending(1)).await;
    assert_eq!(m.text_of("[data-testid=order-status]"), "Awaiting payment");
    ok(GET, order_json("expired"));
    until("the order asked again", || calls_to(GET).len() >= 2).await;
    m.wait_for("[data-status=expired]").await;
    assert_eq!(m.text_of("[data-testid=order-status]"), "Expired");
}

#[wasm_bindgen_test]
async fn someone_elses_order_shows_the_servers_message() {
    fake_api();
    refuse("GET /api/orders/O9", 404, "NOT_FOUND", "no order O9");
    let m = shop("/orders/O9", Lang::En, signed_in).await;
    m.wait_for(".error-box").await;
    assert!(m.text_of(".error-box").contains("no order O9"), "{}", m.text());
}

#[wasm_bindgen_test]
async fn signed_out_the_order_page_asks_to_sign_in_without_asking_the_server() {
    fake_api();
    let m = shop(PAGE, Lang::En, |_| {}).await;
    m.wait_for("p.empty a").await;
    assert_eq!(m.get("p.empty a").get_attribute("href").as_deref(), Some("/member"));
    assert!(calls().is_empty());
}

#[wasm_bindgen_test]
async fn the_orders_list_leads_to_an_order() {
    fake_api();
    ok("GET /api/orders", json!([order_json("ready_for_pickup")]));
    ok(GET, with(order_json("ready_for_pickup"), json!({"pickup": pickup_json()})));
    let m = shop("/orders", Lang::Zh, signed_in).await;
    m.wait_for("a.order-row").await;
    assert_eq!(m.text_of("a.order-row .status"), "待提货");
    click(&m.get("a.order-row"));
    until("the order", || here() == PAGE).await;
    m.wait_for("[data-testid=pickup-code]").await;
}
