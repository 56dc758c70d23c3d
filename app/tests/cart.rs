//! The online mall's cart: colour and size chips on a product page (the URL follows the SKU),
//! adding with a stepper, the cart surviving in storage, the cart page (steppers, remove, the
//! quote's best coupon, a line without stock, checkout as ONE order, a dropped answer keeping
//! its idempotency key, signing in from checkout) and the tab's badge.
#![cfg(target_arch = "wasm32")]

mod common;

use app::cart::{Cart, CartBox};
use app::components::tab_bar::TabBar;
use app::i18n::Lang;
use common::*;
use leptos::prelude::*;
use serde_json::{Value, json};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("localStorage")
}

/// What S1's cart holds in storage now.
fn stored_cart() -> Option<Value> {
    storage().get_item(&Cart::storage_key("S1")).ok().flatten().and_then(|t| serde_json::from_str(&t).ok())
}

fn forget_carts() {
    for store in ["S1", "S2", ""] {
        let _ = storage().remove_item(&Cart::storage_key(store));
    }
}

fn variant(sku: &str, size: &str, available: u32) -> Value {
    json!({"sku": sku, "attributes": {"color": null, "size": size}, "price_fen": 59900, "available": available})
}

/// The running shoes in size `size`, `s1` units in S1; size 41 is sold out everywhere.
fn shoe(sku: &str, size: &str, s1: u32) -> Value {
    with(
        product_json(),
        json!({"sku": sku, "name": "跑鞋", "name_en": "Running shoe", "brand": "Swift", "category": "sports",
               "price_fen": 59900, "group": "G-RUN", "attributes": {"color": null, "size": size},
               "description": "", "description_en": "",
               "stock": [{"store_id": "S1", "available": s1, "counter_id": null, "counter_name": null,
                          "counter_name_en": null, "floor": null}],
               "variants": [variant("SKU-1065", "39", 2), variant("SKU-1024", "40", 5),
                            variant("SKU-1066", "41", 0), variant("SKU-1067", "42", 1)]}),
    )
}

fn line(sku: &str, qty: u32) -> Value {
    json!({"sku": sku, "name": "跑鞋", "name_en": "Running shoe", "image": "/img/p.svg", "price_fen": 59900,
           "attributes": {"color": null, "size": "40"}, "qty": qty})
}

/// S1's cart in storage with `lines`, as an earlier visit left it.
fn saved_cart(lines: Vec<Value>) {
    let text = json!({"v": 1, "store": "S1", "lines": lines}).to_string();
    storage().set_item(&Cart::storage_key("S1"), &text).expect("stored");
}

fn in_s1(s: &app::AppState) {
    s.store.set(Some("S1".into()));
}

#[wasm_bindgen_test]
async fn size_chips_come_in_size_order_and_switch_the_sku_and_the_url() {
    forget_carts();
    fake_api();
    ok("GET /api/products/SKU-1024", shoe("SKU-1024", "40", 5));
    ok("GET /api/products/SKU-1067", shoe("SKU-1067", "42", 1));
    let m = shop("/products/SKU-1024", Lang::En, in_s1).await;
    m.wait_for("[data-testid=pick-size]").await;
    assert_eq!(m.attrs("[data-testid=pick-size] .chip", "data-value"), ["39", "40", "41", "42"]);
    assert_eq!(m.get("[data-value='40']").class_name(), "chip selected");
    assert_eq!(m.get("[data-value='41']").class_name(), "chip sold-out");
    assert_eq!(m.count("[data-testid=pick-color]"), 0, "one colour: no colour picker");
    click(&m.get("[data-value='42']"));
    until("the SKU of size 42", || here() == "/products/SKU-1067").await;
    until("its page", || m.find("article[data-sku=SKU-1067]").is_some()).await;
    assert_eq!(m.get("[data-value='42']").class_name(), "chip selected");
    assert_eq!(m.text_of("[data-store=S1] .stock-qty"), "In stock · 1 left");
}

#[wasm_bindgen_test]
async fn adding_with_the_stepper_puts_units_in_the_stores_cart_which_survives_a_reload() {
    forget_carts();
    fake_api();
    ok("GET /api/products/SKU-1024", shoe("SKU-1024", "40", 5));
    let m = shop("/products/SKU-1024", Lang::En, in_s1).await;
    m.wait_for("[data-testid=add-to-cart]").await;
    assert!(m.disabled("[data-testid=add-to-cart] [data-testid=fewer]"), "never below one");
    click(&m.get("[data-testid=add-to-cart] [data-testid=more]"));
    click(&m.get("[data-testid=add-to-cart] [data-testid=more]"));
    settle().await;
    assert_eq!(m.text_of("[data-testid=add-to-cart] [data-testid=qty]"), "3");
    click(&m.get("[data-testid=add-to-cart-button]"));
    m.wait_for(".added").await;
    until("the cart saved", || stored_cart().is_some()).await;
    let saved = stored_cart().expect("saved");
    assert_eq!((saved["lines"][0]["sku"].as_str(), saved["lines"][0]["qty"].as_u64()), (Some("SKU-1024"), Some(3)));
    // A reload reads it back: a fresh cart for S1 has the line.
    let reread = Cart::from_stored("S1", storage().get_item(&Cart::storage_key("S1")).ok().flatten().as_deref());
    assert_eq!(reread.count(), 3);
    assert!(calls_to("POST").is_empty(), "adding to the cart asks the server nothing");
}

#[wasm_bindgen_test]
async fn with_no_stock_in_the_browsed_store_adding_is_disabled() {
    forget_carts();
    fake_api();
    ok("GET /api/products/SKU-1066", shoe("SKU-1066", "41", 0));
    let m = shop("/products/SKU-1066", Lang::En, in_s1).await;
    m.wait_for("[data-testid=add-to-cart]").await;
    assert!(m.disabled("[data-testid=add-to-cart-button]"));
    assert!(m.text().contains("Not in stock at this store"), "{}", m.text());
}

fn quote() -> Value {
    json!({"subtotal_fen": 179700, "best_coupon_id": "C1", "discount_fen": 5000, "total_fen": 174700,
           "coupons": [{"coupon": coupon_json("available"), "discount_fen": 5000, "reason": null, "reason_text": null}]})
}

async fn cart_page(signed: bool, s1_of_1067: u32) -> Mounted {
    fake_api();
    saved_cart(vec![line("SKU-1024", 2), line("SKU-1067", 1)]);
    ok("GET /api/products/SKU-1024", shoe("SKU-1024", "40", 5));
    ok("GET /api/products/SKU-1067", shoe("SKU-1067", "42", s1_of_1067));
    ok("GET /api/stores", stores_json());
    ok("POST /api/checkout/quote", quote());
    let m = shop("/cart", Lang::En, move |s| {
        in_s1(s);
        if signed {
            signed_in(s);
        }
    })
    .await;
    m.wait_for("[data-testid=cart]").await;
    m
}

#[wasm_bindgen_test]
async fn the_cart_page_shows_lines_the_best_coupon_and_places_one_order() {
    let m = cart_page(true, 1).await;
    assert_eq!(m.attrs(".cart-line", "data-sku"), ["SKU-1024", "SKU-1067"]);
    m.wait_for("[data-testid=cart-discount]").await;
    assert_eq!(m.text_of("[data-testid=cart-subtotal]"), "¥1797");
    assert_eq!(m.text_of("[data-testid=cart-discount]"), "-¥50");
    assert_eq!(m.text_of("[data-testid=cart-total]"), "¥1747");
    let asked = calls_to("POST /api/checkout/quote");
    assert_eq!(asked[0].body.as_ref().map(|b| b["lines"].as_array().map(Vec::len)), Some(Some(2)));
    ok("POST /api/orders", order_json("pending_payment"));
    ok("GET /api/orders/O0000000000000001", order_json("pending_payment"));
    click(&m.get("[data-testid=cart-checkout]"));
    until("the order's page", || here() == "/orders/O0000000000000001").await;
    let placed = calls_to("POST /api/orders");
    assert_eq!(placed.len(), 1, "one order");
    let body = placed[0].body.clone().expect("a body");
    assert_eq!(body["store_id"], "S1");
    assert_eq!(body["coupon_id"], "C1");
    assert_eq!(
        body["lines"],
        json!([{"sku": "SKU-1024", "qty": 2, "flash_sale_id": null}, {"sku": "SKU-1067", "qty": 1, "flash_sale_id": null}])
    );
    until("the cart emptied", || stored_cart().is_some_and(|c| c["lines"] == json!([]))).await;
}

#[wasm_bindgen_test]
async fn steppers_and_remove_change_the_cart_and_the_quote() {
    let m = cart_page(true, 1).await;
    m.wait_for("[data-testid=cart-discount]").await;
    click(&m.get("[data-sku=SKU-1024] [data-testid=more]"));
    until("qty 3", || m.text_of("[data-sku=SKU-1024] [data-testid=qty]") == "3").await;
    until("a new quote", || calls_to("POST /api/checkout/quote").len() == 2).await;
    let last = calls_to("POST /api/checkout/quote").pop().and_then(|c| c.body).expect("a body");
    assert_eq!(last["lines"][0]["qty"], 3);
    click(&m.get("[data-sku=SKU-1067] [data-testid=remove-line]"));
    until("one line", || m.count(".cart-line") == 1).await;
    assert_eq!(stored_cart().map(|c| c["lines"].as_array().map(Vec::len)), Some(Some(1)));
    click(&m.get("[data-sku=SKU-1024] [data-testid=remove-line]"));
    m.wait_for("[data-testid=cart-empty]").await;
}

#[wasm_bindgen_test]
async fn a_line_without_stock_says_so_and_holds_the_checkout() {
    let m = cart_page(true, 0).await;
    m.wait_for("[data-testid=line-gone]").await;
    assert_eq!(m.get("[data-sku=SKU-1067]").class_name(), "cart-line short");
    assert_eq!(m.count("[data-sku=SKU-1024] .line-problem"), 0);
    assert!(m.disabled("[data-testid=cart-checkout]"));
    m.wait_for("[data-testid=fix-cart]").await;
    click(&m.get("[data-sku=SKU-1067] [data-testid=remove-line]"));
    until("the checkout open again", || !m.disabled("[data-testid=cart-checkout]")).await;
}

#[wasm_bindgen_test]
async fn a_checkout_without_an_answer_keeps_its_key_and_a_refusal_drops_it() {
    let m = cart_page(true, 1).await;
    m.wait_for("[data-testid=cart-discount]").await;
    answer("POST /api/orders", 500, json!("upstream broke"));
    click(&m.get("[data-testid=cart-checkout]"));
    m.wait_for("[data-testid=cart] [role=alert]").await;
    let key = stored_cart().and_then(|c| c["pending_key"].as_str().map(str::to_owned)).expect("a kept key");
    refuse("POST /api/orders", 409, "INSUFFICIENT_STOCK", "not enough SKU-1067");
    until("the button back", || !m.disabled("[data-testid=cart-checkout]")).await;
    click(&m.get("[data-testid=cart-checkout]"));
    until("two attempts", || calls_to("POST /api/orders").len() == 2).await;
    until("the key dropped", || stored_cart().is_some_and(|c| c["pending_key"].is_null())).await;
    assert!(!key.is_empty());
    assert_eq!(here(), "/cart", "a refused checkout stays on the cart");
    assert_eq!(m.count(".cart-line"), 2, "and keeps its lines");
}

#[wasm_bindgen_test]
async fn signed_out_the_checkout_signs_in_and_comes_back_to_the_cart() {
    let m = cart_page(false, 1).await;
    assert_eq!(m.text_of("[data-testid=cart-checkout]"), "Sign in to check out");
    assert_eq!(m.text_of("[data-testid=cart-subtotal]"), "¥1797", "the cart's own prices");
    assert!(calls_to("POST /api/checkout/quote").is_empty());
    ok("POST /api/sessions", json!({"token": "tok-new", "member": member_json()}));
    click(&m.get("[data-testid=cart-checkout]"));
    until("sign in", || here() == "/member?next=/cart").await;
    m.wait_for("[data-testid=member-sign-in]").await;
    type_into(&m.get("input[name=phone]"), "13800000001");
    type_into(&m.get("input[name=password]"), "password1");
    click(&m.get("[data-testid=member-sign-in] button[type=submit]"));
    until("back at the cart", || here() == "/cart").await;
    m.wait_for("[data-testid=cart-discount]").await;
    assert_eq!(m.text_of("[data-testid=cart-checkout]"), "Place order, collect in store");
}

#[wasm_bindgen_test]
async fn the_cart_tab_shows_the_count() {
    forget_carts();
    saved_cart(vec![line("SKU-1024", 2), line("SKU-1067", 1)]);
    let m = mount(Lang::En, in_s1, || {
        let cart = CartBox::get();
        view! {
            <TabBar/>
            <button id="empty-it" on:click=move |_| { cart.update(|c| c.remove("SKU-1024")); }>"x"</button>
        }
    })
    .await;
    m.wait_for("[data-testid=cart-badge]").await;
    assert_eq!(m.text_of("a.tab[href='/cart'] [data-testid=cart-badge]"), "3");
    click(&m.get("#empty-it"));
    until("one left", || m.text_of("[data-testid=cart-badge]") == "1").await;
    forget_carts();
}
