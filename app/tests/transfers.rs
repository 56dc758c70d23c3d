//! The transfers screen (`/guide/manage/transfers`): a manager sends units to another store
//! from pickers, and staff of the receiving store receive what comes in with one button. An
//! order whose units come from another store names that store (the member's order page, the
//! guide's return screen), not its id.
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use common::*;
use serde_json::{Value, json};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn transfer(id: &str, from: &str, to: &str, status: &str) -> Value {
    json!({"id": id, "sku": "SKU-1001", "qty": 2, "from_store": from, "to_store": to, "status": status,
           "sent_by": "M2001", "sent_at": at(-600), "received_by": null, "received_at": null})
}

#[wasm_bindgen_test]
async fn a_manager_sends_units_chosen_from_pickers_to_another_store() {
    fake_api();
    ok("GET /api/stores", stores_json());
    ok("GET /api/products", json!([product_json()]));
    ok("GET /api/manage/stock/transfers", json!([]));
    answer("POST /api/manage/stock/transfers", 201, transfer("T1", "S1", "S2", "in_transit"));
    let m = console("/guide/manage/transfers", Lang::Zh, Some("manager")).await;
    m.wait_for("select[name=to_store] option[value=S2]").await;
    m.wait_for("select[name=sku] option[value=SKU-1001]").await;
    assert_eq!(m.count("select[name=to_store] option[value=S1]"), 0, "not to its own store");
    assert!(m.text().contains("暂无调货记录"), "{}", m.text());
    type_into(&m.get("select[name=sku]"), "SKU-1001");
    type_into(&m.get("input[name=qty]"), "2");
    type_into(&m.get("select[name=to_store]"), "S2");
    click(&m.get("[data-testid=send-transfer] button[type=submit]"));
    m.wait_for("[data-testid=transfer-done]").await;
    let sent = calls_to("POST /api/manage/stock/transfers");
    assert_eq!(
        sent[0].body,
        Some(json!({"sku": "SKU-1001", "qty": 2, "from_store": "S1", "to_store": "S2"})),
        "{sent:?}"
    );
    assert!(m.text_of("[data-testid=transfer-done]").contains("已调出 T1"), "{}", m.text());
    assert_eq!(calls_to("GET /api/manage/stock/transfers")[0].key, "GET /api/manage/stock/transfers?store_id=S1");
}

#[wasm_bindgen_test]
async fn a_guide_receives_what_comes_in_and_cannot_send() {
    fake_api();
    ok(
        "GET /api/manage/stock/transfers",
        json!([
            transfer("T1", "S2", "S1", "in_transit"),
            transfer("T2", "S1", "S2", "in_transit"),
            transfer("T3", "S2", "S1", "received")
        ]),
    );
    ok("POST /api/manage/stock/transfers/T1/receive", transfer("T1", "S2", "S1", "received"));
    let m = console("/guide/manage/transfers", Lang::En, Some("guide")).await;
    m.wait_for("[data-testid=transfer][data-id=T1]").await;
    assert_eq!(m.count("[data-testid=send-transfer]"), 0, "a guide does not send");
    assert_eq!(m.count("[data-testid=transfers-in] [data-testid=transfer]"), 2);
    assert_eq!(m.count("[data-testid=transfers-out] [data-testid=transfer]"), 1);
    // Only what comes in and is still in transit can be received.
    assert_eq!(m.count("[data-testid=receive]"), 1);
    assert!(m.text_of("[data-testid=transfers-out]").contains("In transit"), "{}", m.text());
    click(&m.get("[data-id=T1] [data-testid=receive]"));
    m.wait_for("[data-testid=transfer-done]").await;
    assert_eq!(calls_to("POST /api/manage/stock/transfers/T1/receive").len(), 1);
    assert!(m.text_of("[data-testid=transfer-done]").starts_with("Received T1"), "{}", m.text());
    until("the list reloaded", || calls_to("GET /api/manage/stock/transfers").len() >= 2).await;
}

#[wasm_bindgen_test]
async fn a_second_receive_says_it_was_already_received() {
    fake_api();
    ok("GET /api/manage/stock/transfers", json!([transfer("T1", "S2", "S1", "in_transit")]));
    refuse(
        "POST /api/manage/stock/transfers/T1/receive",
        409,
        "ALREADY_RECEIVED",
        "this transfer was already received",
    );
    let m = console("/guide/manage/transfers", Lang::Zh, Some("guide")).await;
    m.wait_for("[data-testid=receive]").await;
    click(&m.get("[data-testid=receive]"));
    m.wait_for("[role=alert]").await;
    assert!(m.text_of("[role=alert]").contains("该调货已收货"), "{}", m.text());
}

#[wasm_bindgen_test]
async fn head_office_picks_the_sending_store_and_its_products() {
    fake_api();
    ok("GET /api/stores", stores_json());
    ok("GET /api/products", json!([product_json()]));
    ok("GET /api/manage/stock/transfers", json!([]));
    answer("POST /api/manage/stock/transfers", 201, transfer("T9", "S2", "S1", "in_transit"));
    let m = console("/guide/manage/transfers", Lang::Zh, Some("admin")).await;
    m.wait_for("select[name=from_store] option[value=S2]").await;
    type_into(&m.get("select[name=from_store]"), "S2");
    until("the sending store's products", || {
        calls_to("GET /api/products").iter().any(|c| c.key.contains("store_id=S2"))
    })
    .await;
    m.wait_for("select[name=to_store] option[value=S1]").await;
    assert_eq!(m.count("select[name=to_store] option[value=S2]"), 0, "not to the sending store");
    m.wait_for("select[name=sku] option[value=SKU-1001]").await;
    type_into(&m.get("select[name=sku]"), "SKU-1001");
    type_into(&m.get("input[name=qty]"), "2");
    type_into(&m.get("select[name=to_store]"), "S1");
    click(&m.get("[data-testid=send-transfer] button[type=submit]"));
    m.wait_for("[data-testid=transfer-done]").await;
    let sent = calls_to("POST /api/manage/stock/transfers");
    assert_eq!(sent[0].body, Some(json!({"sku": "SKU-1001", "qty": 2, "from_store": "S2", "to_store": "S1"})));
}

#[wasm_bindgen_test]
async fn a_manager_sends_from_their_own_store_only() {
    fake_api();
    ok("GET /api/stores", stores_json());
    ok("GET /api/products", json!([product_json()]));
    ok("GET /api/manage/stock/transfers", json!([]));
    let m = console("/guide/manage/transfers", Lang::Zh, Some("manager")).await;
    m.wait_for("select[name=to_store] option[value=S2]").await;
    assert_eq!(m.count("select[name=from_store]"), 0);
}

/// The chain's stores are fetched by the page; the saved copy is removed after, so no other
/// test starts with it.
fn forget_saved_stores() {
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("storage");
    storage.remove_item(app::store_list::STORAGE_KEY).expect("removed");
}

#[wasm_bindgen_test]
async fn an_order_on_its_way_names_the_store_it_comes_from() {
    const ID: &str = "O0000000000000002";
    fake_api();
    ok("GET /api/stores", stores_json());
    let arriving = with(order_json("awaiting_transfer"), json!({"id": ID, "from_store": "S2", "paid_at": at(-30)}));
    ok(&format!("GET /api/orders/{ID}"), arriving);
    let m = shop(&format!("/orders/{ID}"), Lang::En, signed_in).await;
    m.wait_for("[data-testid=arriving]").await;
    until("the store's name", || m.text_of("[data-testid=arriving]").contains("Store Two")).await;
    assert!(!m.text_of("[data-testid=arriving]").contains("S2"), "{}", m.text_of("[data-testid=arriving]"));
    forget_saved_stores();
}

#[wasm_bindgen_test]
async fn the_guides_return_screen_names_the_sending_store() {
    const ID: &str = "O0000000000000003";
    fake_api();
    ok("GET /api/stores", stores_json());
    let order = with(order_json("awaiting_transfer"), json!({"id": ID, "from_store": "S2", "paid_at": at(-30)}));
    ok(&format!("GET /api/guide/orders/{ID}"), order);
    let m = console("/guide/returns", Lang::Zh, Some("guide")).await;
    type_into(&m.get("input[name=order_id]"), ID);
    click(&m.get("[data-testid=return-lookup] button[type=submit]"));
    m.wait_for("[data-testid=from-store]").await;
    until("the store's name", || m.text_of("[data-testid=from-store]").contains("二号店")).await;
    forget_saved_stores();
}
