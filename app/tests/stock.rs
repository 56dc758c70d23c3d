//! The guide's stock tab reads what a barcode scanner types: a misread barcode (wrong check
//! digit) is refused on the spot, before any lookup, in the console's language.
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use app::pages::guide::stock::StockTab;
use common::*;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Types `text` into the SKU field as a scanner would, then presses Look up.
async fn scan(m: &Mounted, text: &str) {
    let input: web_sys::HtmlInputElement = m.get("input[name=sku]").unchecked_into();
    input.set_value(text);
    let event = web_sys::Event::new("input").expect("an input event");
    input.dispatch_event(&event).expect("dispatched");
    click(&m.get("button[type=submit]"));
    settle().await;
}

#[wasm_bindgen_test]
async fn a_misread_barcode_is_refused_before_any_lookup() {
    fake_api();
    let m = mount(Lang::Zh, |_| {}, || view! { <StockTab token="t".to_owned()/> }).await;
    assert!(m.text().contains("商品编码或条码"), "{}", m.text());
    scan(&m, "6920444010012").await;
    assert!(m.text_of("[role=alert]").contains("校验位"), "{}", m.text());
    assert_eq!(m.count("[data-testid=stock-table]"), 0);
    assert_eq!(m.count("[data-testid=stock-product]"), 0);

    m.state.lang.set(Lang::En);
    settle().await;
    assert!(m.text().contains("SKU or barcode"), "{}", m.text());
    scan(&m, " 6920444010010 ").await;
    assert!(m.text_of("[role=alert]").contains("check digit"), "{}", m.text());
    assert!(
        calls().is_empty(),
        "nothing was looked up: {:?}",
        calls().iter().map(|c| c.key.clone()).collect::<Vec<_>>()
    );
}

#[wasm_bindgen_test]
async fn a_scanned_barcode_names_the_product_fills_its_sku_and_shows_its_stock() {
    fake_api();
    ok("GET /api/products", serde_json::json!([product_json()]));
    ok(
        "GET /api/guide/stock",
        serde_json::json!([{"store_id": "S1", "on_hand": 6, "locked": 0, "available": 6, "awaiting_pickup": 0, "reserved": 0}]),
    );
    let m = console("/guide/stock", Lang::Zh, Some("guide")).await;
    type_into(&m.get("input[name=sku]"), "6920444010011");
    click(&m.get("button[type=submit]"));
    m.wait_for("[data-testid=stock-table]").await;
    assert_eq!(calls_to("GET /api/products")[0].key, "GET /api/products?barcode=6920444010011");
    assert_eq!(calls_to("GET /api/guide/stock")[0].key, "GET /api/guide/stock?sku=SKU-1001");
    assert!(m.text_of("[data-testid=stock-product]").contains("兰雅玫瑰保湿精华液 30ml · SKU-1001"), "{}", m.text());
    let field: web_sys::HtmlInputElement = m.get("input[name=sku]").unchecked_into();
    assert_eq!(field.value(), "SKU-1001");
}

#[wasm_bindgen_test]
async fn a_valid_barcode_no_product_carries_says_so() {
    fake_api();
    ok("GET /api/products", serde_json::json!([]));
    let m = console("/guide/stock", Lang::En, Some("guide")).await;
    type_into(&m.get("input[name=sku]"), "6901234567892");
    click(&m.get("button[type=submit]"));
    m.wait_for("[role=alert]").await;
    assert_eq!(m.text_of("[role=alert]"), "No product has the barcode 6901234567892");
    assert!(calls_to("GET /api/guide/stock").is_empty(), "no stock look-up without a product");
}

/// The ring-up screen (`/guide/stock/counter`): two scans of one item and another, the total,
/// a refusal shown with the ticket kept, then paid by member code with a receipt.
#[wasm_bindgen_test]
async fn the_counter_rings_items_up_and_takes_payment_by_member_code() {
    fake_api();
    ok("GET /api/products", serde_json::json!([product_json()]));
    refuse("POST /api/guide/counter-sales", 409, "INSUFFICIENT_BALANCE", "short");
    let m = console("/guide/stock/counter", Lang::Zh, Some("guide")).await;
    m.wait_for("[data-testid=ring-up-entry]").await;
    for _ in 0..2 {
        type_into(&m.get("[data-testid=ring-up-entry] input[name=item]"), "6920444010011");
        click(&m.get("[data-testid=ring-up-entry] button[type=submit]"));
        settle().await;
    }
    until("two units rung up", || m.count("[data-testid=ring-qty]") == 1 && m.text_of("[data-testid=ring-qty]") == "2")
        .await;
    assert_eq!(m.text_of("[data-testid=ring-up-total]"), "¥737");
    type_into(&m.get("input[name=member_code]"), "123456789012345678");
    click(&m.get("[data-testid=ring-up-pay-code]"));
    m.wait_for("[data-testid=ring-up-error]").await;
    assert_eq!(m.count("[data-testid=ring-up-lines] li"), 1, "a refusal keeps the ticket");
    let paid = with(order_json("picked_up"), serde_json::json!({"total_fen": 73700}));
    answer("POST /api/guide/counter-sales", 201, serde_json::json!({"order": paid}));
    click(&m.get("[data-testid=ring-up-pay-code]"));
    m.wait_for("[data-testid=ring-up-receipt]").await;
    let sent = calls_to("POST /api/guide/counter-sales");
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[1].body,
        Some(serde_json::json!({"lines": [{"sku": "SKU-1001", "qty": 2}], "method": "balance",
                                "member_code": "123456789012345678", "counter_token": null}))
    );
    assert!(m.text_of("[data-testid=ring-up-receipt]").contains("O0000000000000001"), "{}", m.text());
    assert_eq!(m.count("[data-testid=ring-up-lines]"), 0, "the next customer starts a new ticket");
}

/// A customer identified on the members tab a moment ago pays on the ring-up screen without
/// showing their code again: the sale names them by the counter session's token.
#[wasm_bindgen_test]
async fn the_customer_identified_a_moment_ago_pays_without_a_second_code() {
    fake_api();
    ok("GET /api/products", serde_json::json!([product_json()]));
    let paid = with(order_json("picked_up"), serde_json::json!({"total_fen": 36850}));
    answer("POST /api/guide/counter-sales", 201, serde_json::json!({"order": paid}));
    let m = console("/guide/stock/counter", Lang::En, Some("guide")).await;
    let ticket: shared::counter_session::CounterTicket =
        fixture(serde_json::json!({"token": "M1.G1001.S1.4102444800.sig", "expires_at": "2100-01-01T00:00:00Z"}));
    m.state.counter.set(Some(app::CounterCustomer { name: "Li Na".into(), ticket }));
    m.wait_for("[data-testid=ring-up-entry]").await;
    type_into(&m.get("[data-testid=ring-up-entry] input[name=item]"), "6920444010011");
    click(&m.get("[data-testid=ring-up-entry] button[type=submit]"));
    m.wait_for("[data-testid=ring-up-customer]").await;
    assert!(m.text_of("[data-testid=ring-up-customer]").contains("Li Na"), "{}", m.text());
    click(&m.get("[data-testid=ring-up-pay-code]"));
    m.wait_for("[data-testid=ring-up-receipt]").await;
    let sent = calls_to("POST /api/guide/counter-sales");
    assert_eq!(
        sent[0].body.as_ref().map(|b| b["counter_token"].clone()),
        Some(serde_json::json!("M1.G1001.S1.4102444800.sig"))
    );
    assert_eq!(sent[0].body.as_ref().map(|b| b["member_code"].clone()), Some(serde_json::Value::Null));
}
