//! A product's page: price, description and stock per store with the way to its counter; the
//! buy button (to checkout, or to sign in first); sold out everywhere; a SKU that does not exist.
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use common::*;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use serde_json::{Value, json};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn detail(s1: u32, s2: u32) -> Value {
    let row = |store: &str, available: u32| {
        json!({"store_id": store, "available": available, "counter_id": format!("{store}-C01"),
               "counter_name": "兰雅专柜", "counter_name_en": "Lanya counter", "floor": "1F"})
    };
    with(
        product_json(),
        json!({"description": "玫瑰精华，补水保湿。", "description_en": "Rose extract for lasting moisture.",
               "stock": [row("S1", s1), row("S2", s2)]}),
    )
}

async fn product(lang: Lang, detail: Value, setup: impl FnOnce(&app::AppState)) -> Mounted {
    fake_api();
    ok("GET /api/products/SKU-1001", detail);
    ok("GET /api/stores", stores_json());
    let m = shop("/products/SKU-1001", lang, setup).await;
    m.wait_for("article.product-detail").await;
    m
}

#[wasm_bindgen_test]
async fn the_page_shows_price_description_and_stock_per_store() {
    let m = product(Lang::En, detail(3, 0), |_| {}).await;
    assert_eq!(m.get("article.product-detail").get_attribute("data-sku").as_deref(), Some("SKU-1001"));
    assert_eq!(m.text_of(".detail-body .price"), "¥368.50");
    assert_eq!(m.text_of(".detail-body .name"), "Lanya Rose Hydrating Serum 30ml");
    assert_eq!(m.text_of(".brand"), "Lanya · Beauty");
    assert_eq!(m.text_of(".description"), "Rose extract for lasting moisture.");
    m.wait_text("Store Two").await;
    assert_eq!(m.text_of("[data-store=S1] .stock-qty"), "In stock · 3 left");
    assert_eq!(m.text_of("[data-store=S2] .stock-qty"), "Out of stock");
    assert_eq!(m.get("[data-store=S2] .stock-qty").class_name(), "stock-qty none");
    assert_eq!(m.text_of("[data-store=S1] .stock-counter"), "1F Lanya counter");
    assert_eq!(m.attrs("a.directions", "href"), ["/stores/S1?to=S1-C01", "/stores/S2?to=S2-C01"]);
    assert!(!m.disabled("[data-testid=buy-in-store]"));
}

#[wasm_bindgen_test]
async fn the_language_switch_retells_the_page() {
    let m = product(Lang::Zh, detail(3, 0), |_| {}).await;
    assert_eq!(m.text_of(".detail-body .name"), "兰雅玫瑰保湿精华液 30ml");
    assert_eq!(m.text_of("[data-testid=buy-in-store]"), "到店自提 · 立即购买");
    m.wait_text("二号店").await;
    assert_eq!(m.text_of("[data-store=S2] .stock-qty"), "缺货");
    click(&m.get("[data-testid=lang-switch]"));
    settle().await;
    assert_eq!(m.text_of(".detail-body .name"), "Lanya Rose Hydrating Serum 30ml");
    assert_eq!(m.text_of("[data-testid=buy-in-store]"), "Buy now, collect in store");
    assert!(m.text_of("[data-store=S2]").starts_with("Store Two"), "{}", m.text());
    assert_eq!(m.text_of(".description"), "Rose extract for lasting moisture.");
}

#[wasm_bindgen_test]
async fn buying_signed_in_goes_to_checkout_in_the_browsed_store_if_it_has_stock() {
    let m = product(Lang::En, detail(0, 2), signed_in).await;
    click(&m.get("[data-testid=buy-in-store]"));
    until("checkout", || here().starts_with("/checkout")).await;
    assert_eq!(here(), "/checkout?store=S2&sku=SKU-1001&qty=1", "S1 has none, so S2");
    let m = product(Lang::En, detail(4, 2), |s| {
        signed_in(s);
        s.store.set(Some("S2".into()));
    })
    .await;
    click(&m.get("[data-testid=buy-in-store]"));
    until("checkout", || here().starts_with("/checkout")).await;
    assert_eq!(here(), "/checkout?store=S2&sku=SKU-1001&qty=1", "the store being browsed");
}

#[wasm_bindgen_test]
async fn buying_signed_out_goes_to_sign_in() {
    let m = product(Lang::En, detail(3, 0), |_| {}).await;
    click(&m.get("[data-testid=buy-in-store]"));
    until("the member page", || here().starts_with("/member")).await;
    m.wait_for("[data-testid=member-sign-in]").await;
}

#[wasm_bindgen_test]
async fn sold_out_everywhere_the_buy_button_is_disabled() {
    let m = product(Lang::En, detail(0, 0), signed_in).await;
    assert!(m.disabled("[data-testid=buy-in-store]"));
    m.wait_text("Store Two").await;
    assert_eq!(m.count(".stock-qty.none"), 2);
    click(&m.get("[data-testid=buy-in-store]"));
    settle().await;
    assert_eq!(here(), "/products/SKU-1001", "a disabled button goes nowhere");
}

#[wasm_bindgen_test]
async fn an_unknown_sku_shows_the_servers_message() {
    fake_api();
    refuse("GET /api/products/NOPE-1", 404, "NOT_FOUND", "no product NOPE-1");
    let m = shop("/products/NOPE-1", Lang::En, |_| {}).await;
    m.wait_for(".error-box").await;
    assert!(m.text_of(".error-box").contains("no product NOPE-1"), "{}", m.text());
    assert_eq!(m.count("[data-testid=buy-in-store]"), 0);
    assert_eq!(m.text_of("h1"), "Jinghua", "the title stays the shop's name");
}

#[wasm_bindgen_test]
async fn a_store_without_units_offers_another_stores_and_orders_them_there() {
    let mut d = detail(3, 0);
    d["stock"][1]["elsewhere"] = json!({"from_store": "S1", "ready_in_days": 2});
    let m = product(Lang::En, d, signed_in).await;
    m.wait_text("Store Two").await;
    assert_eq!(m.count("[data-store=S1] [data-testid=elsewhere]"), 0, "S1 has its own");
    let offer = m.text_of("[data-store=S2] [data-testid=elsewhere]");
    assert!(offer.contains("Available from Store One, ready in 2 days"), "{offer}");
    assert_eq!(m.attrs("[data-testid=order-from-there]", "href"), ["/checkout?store=S2&sku=SKU-1001&qty=1&from=S1"]);
}

#[wasm_bindgen_test]
async fn a_product_in_a_live_sale_shows_its_count_and_polls_while_the_socket_is_down() {
    let sale = |remaining: u32| with(sale_json(-60, 3600), json!({"sku": "SKU-1001", "remaining": remaining}));
    fake_api();
    ok("GET /api/flash-sales", json!([sale(3), with(sale_json(-60, 3600), json!({"id": "FS9", "sku": "SKU-9"}))]));
    let m = product_with(Lang::En).await;
    m.wait_for("[data-testid=live-sale]").await;
    assert_eq!(m.count("[data-testid=live-sale]"), 1, "only this product's sale");
    assert_eq!(m.text_of("[data-testid=live-remaining]"), "Left 3/20");
    // The test runner has no live route: the socket fails, so the page polls the list.
    ok("GET /api/flash-sales", json!([sale(2)]));
    TimeoutFuture::new(2_000).await;
    m.wait_text("Left 2/20").await;
    assert!(calls_to("GET /api/flash-sales").iter().all(|c| c.auth.is_none()), "the shared, signed-out list");
}

#[wasm_bindgen_test]
async fn a_product_only_in_a_live_sale_is_bought_there_not_offered_as_out_of_stock() {
    fake_api();
    ok("GET /api/flash-sales", json!([with(sale_json(-60, 3600), json!({"sku": "SKU-1001", "remaining": 3}))]));
    ok("GET /api/products/SKU-1001", detail(0, 0));
    ok("GET /api/stores", stores_json());
    let m = shop("/products/SKU-1001", Lang::Zh, signed_in).await;
    m.wait_for("[data-testid=live-sale]").await;
    assert_eq!(m.text_of("[data-testid=live-sale-go]"), "立即抢购");
    assert_eq!(m.attrs("[data-testid=live-sale]", "href"), ["/flash-sales"]);
    m.wait_for("article.product-detail").await;
    until("the buy button hidden", || m.count("[data-testid=buy-in-store][hidden]") == 1).await;
    assert!(m.disabled("[data-testid=buy-in-store]"), "no disabled button shown under the sale's banner");
    // Units of its own in a store: both ways to buy stay.
    fake_api();
    ok("GET /api/flash-sales", json!([with(sale_json(-60, 3600), json!({"sku": "SKU-1001", "remaining": 3}))]));
    let m = product_with(Lang::En).await;
    m.wait_for("[data-testid=live-sale-go]").await;
    assert_eq!(m.text_of("[data-testid=live-sale-go]"), "Buy now");
    assert!(!m.disabled("[data-testid=buy-in-store]"));
    assert_eq!(m.count("[data-testid=buy-in-store][hidden]"), 0);
}

#[wasm_bindgen_test]
async fn without_a_sale_the_stock_is_asked_again_when_the_customer_comes_back() {
    fake_api();
    ok("GET /api/flash-sales", json!([]));
    let m = product_with(Lang::En).await;
    assert_eq!(m.text_of("[data-store=S1] .stock-qty"), "In stock · 3 left");
    let asked = calls_to("GET /api/products/SKU-1001").len();
    ok("GET /api/products/SKU-1001", detail(1, 0));
    TimeoutFuture::new(1_000).await;
    web_sys::window()
        .expect("a window")
        .dispatch_event(&web_sys::Event::new("focus").expect("an event"))
        .expect("sent");
    until("the stock asked again", || calls_to("GET /api/products/SKU-1001").len() > asked).await;
    m.wait_text("In stock · 1 left").await;
    assert_eq!(m.count("[data-testid=live-sale]"), 0);
    assert!(calls_to("GET /api/flash-sales").len() <= 1, "no sale, nothing polled");
}

/// The product page over answers already set up (flash sales included).
async fn product_with(lang: Lang) -> Mounted {
    ok("GET /api/products/SKU-1001", detail(3, 0));
    ok("GET /api/stores", stores_json());
    let m = shop("/products/SKU-1001", lang, |_| {}).await;
    m.wait_for("article.product-detail").await;
    m
}
