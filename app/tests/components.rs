//! Real components mounted in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use app::AppState;
use app::components::product_card::ProductCard;
use app::components::status::ErrorView;
use app::i18n::Lang;
use leptos::prelude::*;
use leptos_router::components::Router;
use shared::api::Product;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> web_sys::HtmlElement {
    let doc = document();
    let el = doc.create_element("div").expect("a div").unchecked_into::<web_sys::HtmlElement>();
    doc.body().expect("a body").append_child(&el).expect("appended");
    el
}

fn product() -> Product {
    serde_json::from_value(serde_json::json!({
        "sku": "SKU-1001", "name": "兰雅玫瑰保湿精华液 30ml", "name_en": "Lanya Rose Hydrating Serum 30ml",
        "brand": "Lanya", "category": "beauty", "price_fen": 36850, "image": "/img/products/SKU-1001.svg",
        "counter_id": "S1-C01"
    }))
    .expect("a product")
}

#[wasm_bindgen_test]
async fn product_card_shows_the_price_in_yuan_and_follows_the_language() {
    let el = host();
    let state = AppState::with_lang(Lang::Zh);
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_context(state);
        view! { <Router><ProductCard product=product()/></Router> }
    });
    leptos::task::tick().await;
    let text = el.text_content().unwrap_or_default();
    assert!(text.contains("¥368.50"), "{text}");
    assert!(text.contains("兰雅玫瑰保湿精华液"), "{text}");
    let link = el.query_selector("a.product-card").expect("query").expect("a link");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/products/SKU-1001"));

    state.lang.set(Lang::En);
    leptos::task::tick().await;
    let text = el.text_content().unwrap_or_default();
    assert!(text.contains("Lanya Rose Hydrating Serum"), "{text}");
    drop(handle);
}

#[wasm_bindgen_test]
async fn error_view_shows_the_message_and_retries_on_click() {
    let el = host();
    let retries = RwSignal::new(0);
    let state = AppState::with_lang(Lang::En);
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_context(state);
        view! { <ErrorView message="no store S9" on_retry=Callback::new(move |_| retries.update(|n| *n += 1))/> }
    });
    leptos::task::tick().await;
    let text = el.text_content().unwrap_or_default();
    assert!(text.contains("Could not load") && text.contains("no store S9"), "{text}");
    let button = el.query_selector("button").expect("query").expect("a retry button");
    button.unchecked_into::<web_sys::HtmlElement>().click();
    leptos::task::tick().await;
    assert_eq!(retries.get_untracked(), 1);
    drop(handle);
}
