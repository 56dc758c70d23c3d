//! The guide console at the counter: signing in (and a refusal), the members tab (identify a
//! code, charge stored value, an expired code), the stock tab (look up, sell), and a session
//! the server has ended.
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use common::*;
use leptos::prelude::*;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn stock_rows(s1_available: u32) -> Value {
    json!([
        {"store_id": "S1", "on_hand": 10, "locked": 1, "available": s1_available, "awaiting_pickup": 2, "reserved": 0},
        {"store_id": "S2", "on_hand": 4, "locked": 0, "available": 4, "awaiting_pickup": 0, "reserved": 0}
    ])
}

#[wasm_bindgen_test]
async fn signing_in_opens_the_console_and_a_refusal_says_why() {
    fake_api();
    refuse("POST /api/guide/sessions", 401, "BAD_CREDENTIALS", "no");
    let m = console("/guide/pickup", Lang::En, None).await;
    type_into(&m.get("input[name=staff_no]"), "G1001");
    type_into(&m.get("input[name=password]"), "wrong");
    click(&m.get("[data-testid=staff-sign-in] button[type=submit]"));
    m.wait_for("[role=alert]").await;
    assert_eq!(m.text_of("[role=alert]"), "Wrong phone/staff number or password");
    let session =
        json!({"token": STAFF_TOKEN, "staff": {"id": "G1001", "name": "Wang", "store_id": "S1", "role": "guide"}});
    ok("POST /api/guide/sessions", session);
    click(&m.get("[data-testid=staff-sign-in] button[type=submit]"));
    m.wait_for("[data-testid=staff-bar]").await;
    assert_eq!(calls_to("POST /api/guide/sessions")[1].body, Some(json!({"staff_no": "G1001", "password": "wrong"})));
    assert_eq!(m.text_of("[data-testid=staff-bar] span"), "Wang · G1001");
    assert_eq!(m.classes("[data-tab=pickup]"), ["chip", "selected"], "the deep-linked tab opens");
}

#[wasm_bindgen_test]
async fn identifying_a_member_shows_who_they_are() {
    fake_api();
    ok("POST /api/guide/member-codes/verify", json!({"member": member_json()}));
    let m = console("/guide/members", Lang::En, Some("guide")).await;
    type_into(&m.get("input[name=code]"), " 880012345678901234 ");
    click(&m.get("form:first-of-type button[type=submit]"));
    m.wait_for("[data-testid=member-summary]").await;
    let sent = calls_to("POST /api/guide/member-codes/verify");
    assert_eq!(sent[0].body, Some(json!({"code": "880012345678901234"})), "the scanner's spaces are trimmed");
    assert_eq!(sent[0].auth.as_deref(), Some("Bearer tok-staff"));
    let summary = m.text_of("[data-testid=member-summary]");
    assert!(
        summary.contains("Li 138****0001") && summary.contains("Silver") && summary.contains("¥1234.50"),
        "{summary}"
    );
    assert_eq!(
        m.get("input[name=code]").unchecked_into::<web_sys::HtmlInputElement>().value(),
        "",
        "ready for the next scan"
    );
}

#[wasm_bindgen_test]
async fn an_expired_member_code_is_refused_in_the_guides_words() {
    fake_api();
    refuse("POST /api/guide/member-codes/verify", 410, "CODE_EXPIRED", "step 1 is past");
    let m = console("/guide/members", Lang::Zh, Some("guide")).await;
    type_into(&m.get("input[name=code]"), "880012345678901234");
    click(&m.get("form:first-of-type button[type=submit]"));
    m.wait_for("[data-testid=guide-error]").await;
    assert_eq!(m.text_of("[data-testid=guide-error]"), "会员码已过期，请会员刷新");
    assert_eq!(m.count("[data-testid=member-summary]"), 0);
}

#[wasm_bindgen_test]
async fn a_charge_needs_an_amount_then_debits_stored_value() {
    fake_api();
    let entry = json!({"seq": 3, "kind": "payment", "amount_fen": 12_850, "balance_after_fen": 110_600, "reference": "C1",
                       "reason": "counter", "at": at(0)});
    ok("POST /api/guide/charges", json!({"member": member_json(), "entry": entry}));
    let m = console("/guide/members", Lang::En, Some("guide")).await;
    type_into(&m.get("input[name=code]"), "880012345678901234");
    type_into(&m.get("input[name=amount]"), "12.3.4");
    click(&m.get("button.secondary[type=submit]"));
    m.wait_for("[data-testid=guide-error]").await;
    assert_eq!(m.text_of("[data-testid=guide-error]"), "Amount (¥)", "no request for an amount that is not one");
    assert!(calls_to("POST /api/guide/charges").is_empty());
    type_into(&m.get("input[name=amount]"), "128.5");
    type_into(&m.get("input[name=note]"), "scarf");
    click(&m.get("button.secondary[type=submit]"));
    m.wait_for("[data-testid=guide-ok]").await;
    assert_eq!(
        calls_to("POST /api/guide/charges")[0].body,
        Some(json!({"code": "880012345678901234", "amount_fen": 12_850, "note": "scarf"}))
    );
    assert_eq!(m.text_of("[data-testid=guide-ok]"), "Charged ¥128.50 · 2026-11-24 10:00");
}

#[wasm_bindgen_test]
async fn stock_is_looked_up_in_every_store_and_sold_at_the_counter() {
    fake_api();
    ok("GET /api/guide/stock", stock_rows(7));
    let m = console("/guide/stock", Lang::En, Some("guide")).await;
    assert_eq!(m.count("[data-testid=stock-table]"), 0, "no table before a look-up");
    type_into(&m.get("input[name=sku]"), " SKU-1001 ");
    click(&m.get("button[type=submit]"));
    m.wait_for("[data-testid=stock-table]").await;
    assert_eq!(calls_to("GET /api/guide/stock")[0].key, "GET /api/guide/stock?sku=SKU-1001");
    assert_eq!(m.attrs("[data-testid=stock-table] tbody tr", "data-store"), ["S1", "S2"]);
    assert_eq!(m.text_of("tr[data-store=S1]"), "S1107120");
    ok("POST /api/guide/stock/sales", json!(stock_rows(5)[0]));
    ok("GET /api/guide/stock", stock_rows(5));
    type_into(&m.get("input[name=qty]"), "2");
    click(&m.get("[data-testid=counter-sell]"));
    m.wait_for("[data-testid=stock-ok]").await;
    assert_eq!(m.text_of("[data-testid=stock-ok]"), "Sold SKU-1001 × 2 · Available 5");
    assert_eq!(calls_to("POST /api/guide/stock/sales")[0].body, Some(json!({"sku": "SKU-1001", "qty": 2})));
    until("the table refreshed", || m.text_of("tr[data-store=S1]") == "S1105120").await;
}

#[wasm_bindgen_test]
async fn not_enough_stock_is_refused_and_the_table_stays() {
    fake_api();
    ok("GET /api/guide/stock", stock_rows(1));
    refuse("POST /api/guide/stock/sales", 409, "INSUFFICIENT_STOCK", "1 < 3");
    let m = console("/guide/stock", Lang::En, Some("guide")).await;
    type_into(&m.get("input[name=sku]"), "SKU-1001");
    click(&m.get("button[type=submit]"));
    m.wait_for("[data-testid=stock-table]").await;
    type_into(&m.get("input[name=qty]"), "3");
    click(&m.get("[data-testid=counter-sell]"));
    m.wait_for("[role=alert]").await;
    assert_eq!(m.text_of("[role=alert]"), "Not enough stock");
    assert_eq!(m.count("[data-testid=stock-table]"), 1);
}

#[wasm_bindgen_test]
async fn a_session_the_server_ended_returns_the_console_to_sign_in() {
    fake_api();
    refuse("GET /api/guide/stock", 401, "UNAUTHENTICATED", "revoked");
    let m = console("/guide/stock", Lang::En, Some("guide")).await;
    type_into(&m.get("input[name=sku]"), "SKU-1001");
    click(&m.get("button[type=submit]"));
    m.wait_for("[data-testid=staff-sign-in]").await;
    assert_eq!(m.state.staff.get_untracked(), None);
}
