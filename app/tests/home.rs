//! Home: the store picker, the product grid for the chosen store, category chips and search
//! (each a new request), an empty result and an error the server explains.
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use common::*;
use leptos::prelude::*;
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn last_products_query() -> String {
    calls_to("GET /api/products").last().map(|c| c.key.clone()).unwrap_or_default()
}

async fn home(lang: Lang) -> Mounted {
    fake_api();
    ok("GET /api/stores", stores_json());
    let second = with(product_json(), json!({"sku": "SKU-1002", "name_en": "Harbor Wool Coat", "price_fen": 129900}));
    ok("GET /api/products", json!([product_json(), second]));
    let m = shop("/", lang, |_| {}).await;
    m.wait_for("[data-testid=product-grid]").await;
    m
}

#[wasm_bindgen_test]
async fn the_first_store_is_chosen_and_its_products_listed() {
    let m = home(Lang::En).await;
    until("the grid for S1", || last_products_query() == "GET /api/products?store_id=S1").await;
    assert_eq!(m.state.store.get_untracked().as_deref(), Some("S1"));
    assert_eq!(m.get("[data-store=S1]").class_name(), "chip selected");
    assert_eq!(m.attrs("a.product-card", "href"), ["/products/SKU-1001", "/products/SKU-1002"]);
    assert!(m.text().contains("Harbor Wool Coat") && m.text().contains("¥1299"), "{}", m.text());
    assert_eq!(m.get("[data-testid=coupon-banner]").get_attribute("href").as_deref(), Some("/coupons"));
}

#[wasm_bindgen_test]
async fn another_store_a_category_and_a_search_each_ask_again() {
    let m = home(Lang::En).await;
    until("S1", || last_products_query() == "GET /api/products?store_id=S1").await;
    click(&m.get("[data-store=S2]"));
    until("S2", || last_products_query() == "GET /api/products?store_id=S2").await;
    click(&m.get("[data-category=shoes]"));
    until("shoes", || last_products_query() == "GET /api/products?store_id=S2&category=shoes").await;
    assert_eq!(m.get("[data-category=shoes]").class_name(), "chip selected");
    assert_eq!(m.get("[data-category='']").class_name(), "chip");
    type_into(&m.get("form.search input"), "coat");
    until("the search", || last_products_query() == "GET /api/products?store_id=S2&category=shoes&q=coat").await;
    click(&m.get("[data-category='']"));
    until("all categories", || last_products_query() == "GET /api/products?store_id=S2&q=coat").await;
}

#[wasm_bindgen_test]
async fn nothing_found_says_so() {
    let m = home(Lang::Zh).await;
    ok("GET /api/products", json!([]));
    click(&m.get("[data-category=food]"));
    m.wait_text("没有找到相关商品").await;
    assert_eq!(m.count("a.product-card"), 0);
    assert_eq!(m.text_of("[data-category=food]"), "食品茶饮");
}

#[wasm_bindgen_test]
async fn a_refused_search_shows_the_servers_message_and_retries() {
    let m = home(Lang::En).await;
    refuse("GET /api/products", 400, "BAD_REQUEST", "q: at most 40 characters");
    type_into(&m.get("form.search input"), "x");
    m.wait_for(".error-box").await;
    assert!(m.text_of(".error-box").contains("q: at most 40 characters"), "{}", m.text());
    ok("GET /api/products", json!([product_json()]));
    click(&m.get(".error-box button"));
    m.wait_for("[data-testid=product-grid]").await;
    assert_eq!(m.count("a.product-card"), 1);
}

#[wasm_bindgen_test]
async fn the_tab_bar_lights_the_tab_of_the_page_shown() {
    for (path, lit) in [("/products/SKU-1001", "/"), ("/member/ledger", "/member"), ("/checkout", "")] {
        let m = mount_at(path, Lang::En, |_| {}, || view! { <app::components::tab_bar::TabBar/> }).await;
        let active: Vec<String> = m.attrs("a.tab.active", "href");
        assert_eq!(active, if lit.is_empty() { vec![] } else { vec![lit.to_owned()] }, "{path}");
    }
}
