//! The store list the app saved draws the store chips at once, and stays while the server
//! cannot be reached (the test runner serves no `/api/stores`: every fetch here fails).
#![cfg(target_arch = "wasm32")]

mod common;

use app::components::store_picker::StorePicker;
use app::i18n::Lang;
use app::store_list::STORAGE_KEY;
use common::*;
use leptos::prelude::*;
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("localStorage")
}

/// Waits for the background fetch of `/api/stores` to fail, then lets the view redraw.
async fn after_the_fetch() {
    gloo_timers::future::TimeoutFuture::new(500).await;
    settle().await;
}

#[wasm_bindgen_test]
async fn saved_stores_draw_the_chips_without_the_server() {
    let two = json!([store_json(), with(store_json(), json!({"id": "S2", "name": "二号店", "name_en": "Store Two"}))]);
    storage().set_item(STORAGE_KEY, &two.to_string()).expect("saved");
    let m = mount(Lang::En, |_| {}, || view! { <StorePicker/> }).await;
    assert_eq!(m.attrs(".chip", "data-store"), vec!["S1", "S2"], "{}", m.text());
    // No saved selection: the first store is chosen.
    assert_eq!(m.state.store.get_untracked().as_deref(), Some("S1"));
    after_the_fetch().await;
    assert_eq!(m.count(".chip"), 2, "the saved list stays: {}", m.text());
    assert_eq!(m.count(".error-box"), 0);
    storage().remove_item(STORAGE_KEY).expect("removed");
}

#[wasm_bindgen_test]
async fn without_a_saved_list_a_failed_fetch_shows_why() {
    storage().remove_item(STORAGE_KEY).expect("removed");
    storage().set_item(STORAGE_KEY, "[{\"id\":").expect("a truncated copy");
    let m = mount(Lang::En, |_| {}, || view! { <StorePicker/> }).await;
    assert_eq!(m.count(".chip"), 0, "an unreadable copy counts as none");
    after_the_fetch().await;
    assert_eq!(m.count(".error-box"), 1, "{}", m.text());
    storage().remove_item(STORAGE_KEY).expect("removed");
}
