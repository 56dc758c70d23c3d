//! Flash sales: the list's loading, empty and error states, and a sale card through its
//! countdown phases and button states.
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use app::pages::flash_sales::{SaleCard, SalesState};
use common::*;
use leptos::prelude::*;
use serde_json::{Value, json};
use shared::api::FlashSaleView;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn card(lang: Lang, sale: Value, now: RwSignal<i64>) -> Mounted {
    let sale: FlashSaleView = fixture(sale);
    mount(lang, |_| {}, move || {
        view! { <SaleCard sale=sale sales=RwSignal::new(None) now=now message=RwSignal::new(None) on_change=Callback::new(|_| ())/> }
    })
    .await
}

#[wasm_bindgen_test]
async fn the_list_shows_loading_then_empty_or_an_error_with_retry() {
    let m = mount(Lang::En, |_| {}, || view! { <SalesState listed=None on_retry=Callback::new(|_| ())/> }).await;
    assert_eq!(m.count(".loading"), 1);
    let m = mount(Lang::En, |_| {}, || view! { <SalesState listed=Some(Ok(0)) on_retry=Callback::new(|_| ())/> }).await;
    assert_eq!(m.text_of("[data-testid=no-sales]"), "No flash sales right now");
    let m = mount(Lang::En, |_| {}, || view! { <SalesState listed=Some(Ok(3)) on_retry=Callback::new(|_| ())/> }).await;
    assert_eq!(m.text(), "", "the cards speak for themselves");
    let retries = RwSignal::new(0);
    let m = mount(Lang::En, |_| {}, move || {
        view! { <SalesState listed=Some(Err("offline".into())) on_retry=Callback::new(move |_| retries.update(|n| *n += 1))/> }
    })
    .await;
    assert!(m.text().contains("offline"));
    click(&m.get(".error-box button"));
    settle().await;
    assert_eq!(retries.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn before_the_start_it_counts_down_to_it_and_cannot_be_bought() {
    let now = RwSignal::new(NOW_MS);
    let m = card(Lang::En, sale_json(600, 4200), now).await;
    assert_eq!(m.text_of("[data-testid=sale-clock]"), "Starts in 00:10:00");
    assert_eq!(m.text_of("[data-testid=buy]"), "Starting soon");
    assert!(m.disabled("[data-testid=buy]"));
    now.set(NOW_MS + 1_000);
    settle().await;
    assert_eq!(m.text_of("[data-testid=sale-clock]"), "Starts in 00:09:59");
    // The start passes while the page is open: the card goes live without a reload.
    now.set(NOW_MS + 600_000);
    settle().await;
    assert_eq!(m.text_of("[data-testid=sale-clock]"), "Ends in 01:00:00");
    assert_eq!(m.text_of("[data-testid=buy]"), "Buy now");
    assert!(!m.disabled("[data-testid=buy]"));
}

#[wasm_bindgen_test]
async fn days_away_the_countdown_counts_days() {
    let m = card(Lang::Zh, sale_json(2 * 86_400 + 3_723, 3 * 86_400), RwSignal::new(NOW_MS)).await;
    assert_eq!(m.text_of("[data-testid=sale-clock]"), "距开始 2天 01:02:03");
    let m = card(Lang::En, sale_json(2 * 86_400 + 3_723, 3 * 86_400), RwSignal::new(NOW_MS)).await;
    assert_eq!(m.text_of("[data-testid=sale-clock]"), "Starts in 2d 01:02:03");
}

#[wasm_bindgen_test]
async fn a_live_sale_shows_what_is_left_and_sells() {
    let m = card(Lang::En, sale_json(-60, 3600), RwSignal::new(NOW_MS)).await;
    assert_eq!(m.text_of("[data-testid=sale-clock]"), "Ends in 01:00:00");
    assert_eq!(m.text_of("[data-testid=remaining]"), "Left 5/20");
    assert_eq!(m.get(".sale-bar div").get_attribute("style").as_deref(), Some("width:75%"));
    assert!(m.text().contains("¥9.90"), "{}", m.text());
    assert!(!m.disabled("[data-testid=buy]"));
}

#[wasm_bindgen_test]
async fn sold_out_and_limit_reached_are_told_apart() {
    let sold_out = with(sale_json(-60, 3600), json!({"remaining": 0, "status": "sold_out"}));
    let m = card(Lang::En, sold_out, RwSignal::new(NOW_MS)).await;
    assert_eq!(m.text_of("[data-testid=buy]"), "Sold out");
    assert!(m.disabled("[data-testid=buy]"));
    let mine = with(sale_json(-60, 3600), json!({"my_held": 1}));
    let m = card(Lang::En, mine, RwSignal::new(NOW_MS)).await;
    assert_eq!(m.text_of("[data-testid=buy]"), "Limit reached");
    assert!(m.disabled("[data-testid=buy]"));
}

#[wasm_bindgen_test]
async fn after_the_end_the_sale_is_over() {
    let m = card(Lang::Zh, with(sale_json(-3600, -1), json!({"status": "ended"})), RwSignal::new(NOW_MS)).await;
    assert_eq!(m.text_of("[data-testid=sale-clock]"), "活动已结束");
    assert_eq!(m.text_of("[data-testid=buy]"), "已结束");
    assert!(m.disabled("[data-testid=buy]"));
}
