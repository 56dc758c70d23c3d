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
}
