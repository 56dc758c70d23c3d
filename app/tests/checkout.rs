//! Checkout: the quote with the best coupon chosen and the others explained, choosing another,
//! placing the order (to its page) or being refused, a URL that describes no order, and a
//! visit signed out (to sign in, and back).
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use common::*;
use leptos::prelude::*;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const URL: &str = "/checkout?store=S1&sku=SKU-1001&qty=2";

fn quote() -> Value {
    let big = with(
        coupon_json("available"),
        json!({"id": "C2", "title": "Big 100", "threshold_fen": 100000, "off_fen": 10000}),
    );
    json!({
        "subtotal_fen": 73700, "best_coupon_id": "C1", "discount_fen": 5000, "total_fen": 68700,
        "coupons": [
            {"coupon": coupon_json("available"), "discount_fen": 5000, "reason": null, "reason_text": null},
            {"coupon": big, "discount_fen": null, "reason": {"reason": "below_threshold", "short": 26300},
             "reason_text": "¥263 short"}
        ]
    })
}

async fn checkout(lang: Lang) -> Mounted {
    fake_api();
    ok("POST /api/checkout/quote", quote());
    let m = shop(URL, lang, signed_in).await;
    m.wait_for("[data-testid=checkout]").await;
    m
}

#[wasm_bindgen_test]
async fn the_quote_preselects_the_best_coupon_and_explains_the_others() {
    let m = checkout(Lang::En).await;
    let sent = calls_to("POST /api/checkout/quote");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].auth.as_deref(), Some("Bearer tok-member"));
    let body = sent[0].body.clone().expect("a body");
    assert_eq!((body["store_id"].as_str(), body["lines"][0]["qty"].as_i64()), (Some("S1"), Some(2)));
    assert!(m.text().contains("¥737"), "subtotal: {}", m.text());
    assert_eq!(m.text_of("[data-testid=discount]"), "-¥50");
    assert_eq!(m.text_of("[data-testid=checkout-total]"), "¥687");
    assert!(m.get("[data-coupon=C1] input").unchecked_into::<web_sys::HtmlInputElement>().checked());
    assert_eq!(m.get("[data-coupon=C2]").class_name(), "coupon-option dim");
    assert!(m.disabled("[data-coupon=C2] input"), "a coupon that does not apply cannot be chosen");
    assert_eq!(m.text_of("[data-coupon=C2] [data-testid=coupon-outcome]"), "spend ¥263 more to use it");
    assert!(!m.disabled("[data-testid=place-order]"));
}

#[wasm_bindgen_test]
async fn choosing_no_coupon_shows_the_full_price() {
    let m = checkout(Lang::En).await;
    click(&m.get(".coupon-option:not([data-coupon]) input"));
    settle().await;
    assert_eq!(m.text_of("[data-testid=discount]"), "-¥0");
    assert_eq!(m.text_of("[data-testid=checkout-total]"), "¥737");
    click(&m.get("[data-coupon=C1] input"));
    settle().await;
    assert_eq!(m.text_of("[data-testid=checkout-total]"), "¥687");
}

#[wasm_bindgen_test]
async fn placing_the_order_sends_the_chosen_coupon_and_opens_the_order() {
    let m = checkout(Lang::En).await;
    ok("POST /api/orders", order_json("pending_payment"));
    ok("GET /api/orders/O0000000000000001", order_json("pending_payment"));
    click(&m.get("[data-testid=place-order]"));
    until("the order's page", || here() == "/orders/O0000000000000001").await;
    let placed = calls_to("POST /api/orders");
    assert_eq!(placed.len(), 1);
    let body = placed[0].body.clone().expect("a body");
    assert_eq!(body["coupon_id"], "C1");
    assert_eq!(body["lines"][0]["sku"], "SKU-1001");
    m.wait_for("[data-testid=order-status]").await;
    assert_eq!(m.text_of("[data-testid=order-status]"), "Awaiting payment");
}

#[wasm_bindgen_test]
async fn a_refused_order_says_why_in_the_members_words_and_stays() {
    let m = checkout(Lang::Zh).await;
    refuse("POST /api/orders", 409, "SOLD_OUT", "sku SKU-1001 has no units left");
    click(&m.get("[data-testid=place-order]"));
    m.wait_for("[data-testid=checkout] [role=alert]").await;
    assert_eq!(m.text_of("[data-testid=checkout] [role=alert]"), "已售罄");
    assert_eq!(here(), URL);
    until("the quote asked again", || calls_to("POST /api/checkout/quote").len() == 2).await;
    m.wait_for("[data-testid=place-order]").await;
    assert!(!m.disabled("[data-testid=place-order]"), "the member can try again");
}

#[wasm_bindgen_test]
async fn a_quote_the_server_refuses_shows_its_message_and_retries() {
    fake_api();
    refuse("POST /api/checkout/quote", 422, "INVALID", "qty: at most 5 per order");
    let m = shop(URL, Lang::En, signed_in).await;
    m.wait_for(".error-box").await;
    assert!(m.text_of(".error-box").contains("qty: at most 5 per order"), "{}", m.text());
    ok("POST /api/checkout/quote", quote());
    click(&m.get(".error-box button"));
    m.wait_for("[data-testid=checkout]").await;
    assert_eq!(m.text_of("[data-testid=checkout-total]"), "¥687");
}

#[wasm_bindgen_test]
async fn a_url_that_describes_no_order_asks_nothing() {
    fake_api();
    let m = shop("/checkout?store=S1&sku=SKU-1001&qty=0", Lang::En, signed_in).await;
    m.wait_text("Page not found").await;
    assert_eq!(m.count("[data-testid=place-order]"), 0);
    assert!(calls_to("POST /api/checkout/quote").is_empty());
}

#[wasm_bindgen_test]
async fn signed_out_checkout_goes_to_sign_in_and_comes_back() {
    fake_api();
    ok("POST /api/checkout/quote", quote());
    ok("POST /api/sessions", json!({"token": "tok-new", "member": member_json()}));
    let m = shop(URL, Lang::En, |_| {}).await;
    m.wait_for("[data-testid=member-sign-in]").await;
    assert!(here().starts_with("/member?next="), "{}", here());
    assert!(calls_to("POST /api/checkout/quote").is_empty(), "nothing is asked signed out");
    type_into(&m.get("input[name=phone]"), "13800000001");
    type_into(&m.get("input[name=password]"), "password1");
    click(&m.get("[data-testid=member-sign-in] button[type=submit]"));
    until("back at checkout", || here() == URL).await;
    assert_eq!(calls_to("POST /api/sessions")[0].body, Some(json!({"phone": "13800000001", "password": "password1"})));
    m.wait_for("[data-testid=checkout]").await;
    assert_eq!(m.state.member_token.get_untracked().as_deref(), Some("tok-new"));
    assert_eq!(calls_to("POST /api/checkout/quote")[0].auth.as_deref(), Some("Bearer tok-new"));
}
