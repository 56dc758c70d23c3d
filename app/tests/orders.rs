//! The member's orders: the list when signed out, empty or full, and an order's page in each
//! status (what it shows and which buttons it offers).
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use app::pages::order_detail::OrderDetail;
use app::pages::orders::OrderList;
use common::*;
use leptos::prelude::*;
use serde_json::{Value, json};
use shared::api::Order;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn detail(lang: Lang, order: Value, now: RwSignal<i64>) -> Mounted {
    let order: Order = fixture(order);
    mount(lang, |_| {}, move || view! { <OrderDetail order=order now=now on_change=Callback::new(|_| ())/> }).await
}

#[wasm_bindgen_test]
async fn signed_out_the_list_asks_to_sign_in() {
    let m = mount(Lang::En, |_| {}, || view! { <OrderList orders=None/> }).await;
    assert_eq!(m.get("p.empty a").get_attribute("href").as_deref(), Some("/member"));
    assert!(m.text().contains("Sign in as a member"), "{}", m.text());
}

#[wasm_bindgen_test]
async fn an_empty_list_says_so() {
    let m = mount(Lang::Zh, |_| {}, || view! { <OrderList orders=Some(Vec::new())/> }).await;
    assert_eq!(m.text_of("p.empty"), "还没有订单");
    assert_eq!(m.count("a.order-row"), 0);
}

#[wasm_bindgen_test]
async fn the_list_shows_each_order_with_its_status_total_and_store_time() {
    let orders: Vec<Order> =
        vec![fixture(order_json("ready_for_pickup")), fixture(with(order_json("cancelled"), json!({"id": "O2"})))];
    let m = mount(Lang::En, |_| {}, move || view! { <OrderList orders=Some(orders)/> }).await;
    assert_eq!(m.attrs("a.order-row", "href"), ["/orders/O0000000000000001", "/orders/O2"]);
    assert_eq!(m.attrs(".order-side span:first-child", "class"), ["status ready", "status closed"]);
    let text = m.text();
    assert!(text.contains("Ready for pickup") && text.contains("Cancelled"), "{text}");
    assert!(text.contains("Lanya Rose Serum") && text.contains("¥368.50"), "{text}");
    assert!(text.contains("2026-11-24 09:59"), "created, in Shanghai time: {text}");
}

#[wasm_bindgen_test]
async fn a_pending_order_counts_down_its_lock_and_offers_payment() {
    let now = RwSignal::new(NOW_MS);
    let m = detail(Lang::En, order_json("pending_payment"), now).await;
    assert_eq!(m.get("article.order-detail").get_attribute("data-status").as_deref(), Some("pending_payment"));
    assert_eq!(m.text_of("[data-testid=order-status]"), "Awaiting payment");
    assert_eq!(m.text_of("[data-testid=lock-clock]"), "00:05:00");
    for button in ["pay-balance", "pay-sandbox", "cancel"] {
        assert!(!m.disabled(&format!("[data-testid={button}]")), "{button}");
    }
    now.set(NOW_MS + 61_000);
    settle().await;
    assert_eq!(m.text_of("[data-testid=lock-clock]"), "00:03:59");
    assert_eq!(m.count("[data-testid=pickup]"), 0);
}

#[wasm_bindgen_test]
async fn a_ready_order_shows_its_pickup_code_and_counter() {
    let order = with(order_json("ready_for_pickup"), json!({"pickup": pickup_json(), "paid_at": at(-30)}));
    let m = detail(Lang::En, order, RwSignal::new(NOW_MS)).await;
    assert_eq!(m.text_of("[data-testid=order-status]"), "Ready for pickup");
    assert_eq!(m.get("[data-testid=pickup-code]").get_attribute("data-code").as_deref(), Some("12345678"));
    assert_eq!(m.text_of("[data-testid=pickup-code]"), "1234 5678");
    assert!(m.text().contains("Store One, 1F Lanya counter"), "{}", m.text());
    assert!(m.get("[data-testid=pickup] .qr").inner_html().contains("<svg"));
    assert_eq!(m.count("[data-testid=pay-box]"), 0);
}

#[wasm_bindgen_test]
async fn a_collected_order_says_when_and_where_instead_of_the_code() {
    let order = with(order_json("picked_up"), json!({"pickup": pickup_json(), "picked_up_at": at(3600)}));
    let m = detail(Lang::Zh, order, RwSignal::new(NOW_MS)).await;
    assert_eq!(m.text_of("[data-testid=order-status]"), "已提货");
    let note = m.text_of("[data-testid=picked-up-note]");
    assert!(note.contains("2026-11-24 11:00") && note.contains("一号店"), "{note}");
    assert_eq!(m.count("[data-testid=pickup]"), 0, "a spent code is not shown");
    assert_eq!(m.count("[data-testid=pay-box]"), 0);
}

#[wasm_bindgen_test]
async fn cancelled_and_expired_orders_say_the_stock_went_back() {
    let m = detail(Lang::En, order_json("cancelled"), RwSignal::new(NOW_MS)).await;
    assert!(m.text_of(".closed-note").contains("was cancelled"), "{}", m.text());
    assert_eq!(m.get(".closed-note a").get_attribute("href").as_deref(), Some("/flash-sales"));
    let m = detail(Lang::En, order_json("expired"), RwSignal::new(NOW_MS)).await;
    assert_eq!(m.text_of("[data-testid=order-status]"), "Expired");
    assert!(m.text_of(".closed-note").contains("not paid in time"), "{}", m.text());
    assert_eq!(m.count("[data-testid=pay-box]"), 0);
}

#[wasm_bindgen_test]
async fn a_refunded_order_offers_nothing_more() {
    let order = with(
        order_json("refunded"),
        json!({"lines": [{
        "sku": "SKU-1001", "qty": 2, "unit_price_fen": 36850, "flash_sale_id": null, "name": "精华液",
        "name_en": "Serum", "image": "/img/p.svg", "returned_qty": 2 }]}),
    );
    let m = detail(Lang::En, order, RwSignal::new(NOW_MS)).await;
    assert_eq!(m.text_of("[data-testid=order-status]"), "Refunded");
    assert_eq!(m.text_of("[data-testid=returned]"), "Returned 2");
    assert_eq!(m.count("button"), 0);
    assert_eq!(m.count(".closed-note"), 0);
}

#[wasm_bindgen_test]
async fn a_guide_placed_discounted_order_with_rewards_says_all_three() {
    let order = with(
        order_json("ready_for_pickup"),
        json!({"placed_by": "G1001", "discount_fen": 5000, "total_fen": 31850,
               "rewards": [{"coupon_id": "C9", "title": "Thanks 20"}]}),
    );
    let m = detail(Lang::En, order, RwSignal::new(NOW_MS)).await;
    assert!(m.text_of("[data-testid=placed-by]").contains("G1001"));
    assert!(m.text_of("[data-testid=order-discount]").contains("-¥50"), "{}", m.text());
    assert_eq!(m.text_of("[data-testid=order-total]"), "¥318.50");
    assert!(m.text_of("[data-testid=rewards]").contains("Thanks 20"));
}
