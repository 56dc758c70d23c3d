//! Scan-and-go (扫码购) on the customer's phone (`/scan-go`) and at the exit (`/guide/exit`):
//! the store from the link, lines by barcode with steppers, the coupon applied, paying once
//! under one key, the exit pass, and the guide's check with each refusal in words.
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use common::*;
use serde_json::{Value, json};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const BARCODE: &str = "6901234567892";

fn cart(qty: u32) -> Value {
    let lines = if qty == 0 {
        json!([])
    } else {
        json!([{"sku": "SKU-1001", "barcode": BARCODE, "name": "兰雅玫瑰保湿精华液", "name_en": "Lanya Rose Serum",
                "qty": qty, "unit_price_fen": 10000}])
    };
    let subtotal = 10000 * qty;
    let (discount, coupon) = if qty > 0 { (500, json!("C1")) } else { (0, Value::Null) };
    json!({"id": "G1", "store_id": "S1", "lines": lines, "subtotal_fen": subtotal, "discount_fen": discount,
           "total_fen": subtotal - discount, "coupon_id": coupon, "order_id": null})
}

fn receipt() -> Value {
    let order = with(order_json("ready_for_pickup"), json!({"channel": "scan_go", "total_fen": 19500}));
    json!({"order": order, "exit_pass": {"code": "100042178000000012345678", "expires_at": at(1800)}})
}

#[wasm_bindgen_test]
async fn the_store_comes_from_the_link_and_scans_fill_the_cart_with_the_coupon_applied() {
    fake_api();
    ok("GET /api/stores", stores_json());
    answer("POST /api/scan-go/carts", 201, cart(0));
    ok("PUT /api/scan-go/carts/G1/lines", cart(1));
    let m = shop("/scan-go?store_id=S1", Lang::En, signed_in).await;
    m.wait_for("[data-testid=scan-go-empty]").await;
    assert_eq!(calls_to("POST /api/scan-go/carts")[0].body, Some(json!({"store_id": "S1"})));
    assert!(m.disabled("[data-testid=scan-go-pay-balance]"), "nothing to pay for yet");
    type_into(&m.get("input[name=barcode]"), " 6901234 567892 ");
    click(&m.get("[data-testid=barcode-entry] button[type=submit]"));
    m.wait_for("[data-testid=scan-go-lines]").await;
    assert_eq!(calls_to("PUT /api/scan-go/carts/G1/lines")[0].body, Some(json!({"barcode": BARCODE, "qty": 1})));
    assert_eq!(m.text_of("[data-testid=line-qty]"), "1");
    assert!(m.text_of("[data-testid=scan-go-coupon]").contains("-¥5"), "{}", m.text());
    assert_eq!(m.text_of("[data-testid=scan-go-total]"), "¥95");
    // The stepper asks for one more; scanning the same product again does too.
    ok("PUT /api/scan-go/carts/G1/lines", cart(2));
    click(&m.get("button[aria-label='+']"));
    m.wait_text("¥195").await;
    assert_eq!(calls_to("PUT /api/scan-go/carts/G1/lines")[1].body, Some(json!({"barcode": BARCODE, "qty": 2})));
}

#[wasm_bindgen_test]
async fn paying_shows_the_exit_pass_and_a_refusal_keeps_the_cart() {
    fake_api();
    ok("GET /api/stores", stores_json());
    answer("POST /api/scan-go/carts", 201, cart(0));
    ok("PUT /api/scan-go/carts/G1/lines", cart(2));
    refuse("POST /api/scan-go/carts/G1/checkout", 409, "INSUFFICIENT_BALANCE", "short");
    let m = shop("/scan-go?store_id=S1", Lang::Zh, signed_in).await;
    m.wait_for("[data-testid=scan-go-empty]").await;
    type_into(&m.get("input[name=barcode]"), BARCODE);
    click(&m.get("[data-testid=barcode-entry] button[type=submit]"));
    m.wait_for("[data-testid=scan-go-lines]").await;
    click(&m.get("[data-testid=scan-go-pay-balance]"));
    m.wait_for("[data-testid=scan-go-error]").await;
    assert_eq!(m.text_of("[data-testid=scan-go-error]"), "储值余额不足");
    assert_eq!(m.count("[data-testid=exit-pass]"), 0);
    ok("POST /api/scan-go/carts/G1/checkout", receipt());
    click(&m.get("[data-testid=scan-go-pay-sandbox]"));
    m.wait_for("[data-testid=exit-pass]").await;
    let sent = calls_to("POST /api/scan-go/carts/G1/checkout");
    assert_eq!(sent[1].body, Some(json!({"method": "sandbox"})));
    assert_eq!(m.attrs("[data-testid=exit-pass]", "data-code"), ["100042178000000012345678"]);
    assert_eq!(m.count("[data-testid=exit-pass] .qr svg"), 1, "the pass is a QR");
    assert!(m.text_of("[data-testid=exit-pass]").contains("有效期至"), "{}", m.text());
}

#[wasm_bindgen_test]
async fn signed_out_the_page_asks_to_sign_in_first() {
    fake_api();
    ok("GET /api/stores", stores_json());
    let _m = shop("/scan-go?store_id=S1", Lang::En, |_| {}).await;
    until("the sign-in page", || here().starts_with("/member?next=")).await;
    assert!(calls_to("POST /api/scan-go/carts").is_empty());
}

#[wasm_bindgen_test]
async fn the_exit_tab_shows_the_lines_of_a_good_pass_and_says_why_a_pass_is_refused() {
    fake_api();
    let order = with(order_json("picked_up"), json!({"channel": "scan_go"}));
    ok("POST /api/guide/exit-passes", json!({"order": order}));
    let m = console("/guide/exit", Lang::En, Some("guide")).await;
    assert_eq!(m.classes("[data-tab=exit]"), ["chip", "selected"]);
    type_into(&m.get("input[name=exit_code]"), " 100042178000000012345678 ");
    click(&m.get("[data-testid=exit-form] button[type=submit]"));
    m.wait_for("[data-testid=exit-confirmed]").await;
    assert_eq!(calls_to("POST /api/guide/exit-passes")[0].body, Some(json!({"code": "100042178000000012345678"})));
    assert!(m.text_of("[data-testid=pickup-done]").contains("Lanya Rose Serum × 1"), "{}", m.text());
    for (status, code, words) in [
        (409, "ALREADY_USED", "This exit pass was already used"),
        (409, "CODE_EXPIRED", "This exit pass has expired; send the customer to the service desk"),
        (404, "NOT_FOUND", "This is not a valid exit pass"),
        (403, "WRONG_STORE", "This exit pass is for another store (this pass is for store S2)"),
    ] {
        refuse("POST /api/guide/exit-passes", status, code, "this pass is for store S2");
        type_into(&m.get("input[name=exit_code]"), "100042178000000012345678");
        click(&m.get("[data-testid=exit-form] button[type=submit]"));
        m.wait_text(words).await;
        assert_eq!(m.text_of("[data-testid=exit-error]"), words);
        assert_eq!(m.count("[data-testid=exit-confirmed]"), 0);
    }
}
