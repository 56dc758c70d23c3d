//! The guide console: its tab links (managers see one more), the staff sign-in, the day
//! report balanced or not, and the counter's view of a handed-over order.
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use app::pages::guide::day::DayReportView;
use app::pages::guide::pickup::HandedOver;
use app::pages::guide::{GuideTabs, StaffSignIn, Tab};
use common::*;
use leptos::prelude::*;
use serde_json::{Value, json};
use shared::api::Order;
use shared::reconciliation::DayReport;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn report(changes: Value) -> DayReport {
    fixture(with(
        json!({
            "store_id": "S1", "date": "2026-11-24", "from": at(-36_000), "to": at(50_400),
            "orders_paid": 3, "subtotal_fen": 150000, "discount_fen": 5000, "takings_fen": 145000,
            "by_method": [{"method": "balance", "count": 2, "amount_fen": 100000}, {"method": "sandbox", "count": 1, "amount_fen": 45000}],
            "refunds": 1, "refunded_fen": 36850, "picked_up": 2, "counter_sales": 1, "counter_units": 2,
            "counter_charges": 1, "counter_charged_fen": 1000, "returns": 0, "returned_fen": 0,
            "discrepancies": [], "balanced": true
        }),
        changes,
    ))
}

#[wasm_bindgen_test]
async fn a_guide_sees_every_tab_but_manage_with_the_current_one_marked() {
    let m = mount(Lang::En, |_| {}, || view! { <GuideTabs current=Tab::Pickup manager=false/> }).await;
    assert_eq!(m.attrs("a.chip", "data-tab"), ["members", "pickup", "stock", "customers", "returns", "day", "exit"]);
    assert_eq!(m.attrs("a.chip", "href")[1], "/guide/pickup");
    assert_eq!(m.attrs("a.chip", "class"), ["chip", "chip selected", "chip", "chip", "chip", "chip", "chip"]);
    assert!(m.text().contains("Pickup") && m.text().contains("Day report"), "{}", m.text());
}

#[wasm_bindgen_test]
async fn a_manager_also_gets_the_manage_tab() {
    let m = mount(Lang::Zh, |_| {}, || view! { <GuideTabs current=Tab::Manage manager=true/> }).await;
    assert_eq!(m.count("a.chip"), 8);
    assert_eq!(m.get("[data-tab=manage]").get_attribute("href").as_deref(), Some("/guide/manage"));
    assert_eq!(m.get("[data-tab=manage]").class_name(), "chip selected");
    assert_eq!(m.text_of("[data-tab=manage]"), "创建秒杀");
}

#[wasm_bindgen_test]
async fn signed_out_staff_get_the_sign_in_form() {
    let m = mount(Lang::En, |_| {}, || view! { <StaffSignIn/> }).await;
    assert_eq!(m.count("[data-testid=staff-sign-in] input[name=staff_no]"), 1);
    assert_eq!(m.count("[data-testid=staff-sign-in] input[name=password][type=password]"), 1);
    assert_eq!(m.text_of("[data-testid=staff-sign-in] button[type=submit]"), "Sign in");
    assert_eq!(m.count("[role=alert]"), 0, "no error before an attempt");
}

#[wasm_bindgen_test]
async fn a_balanced_day_lists_its_figures_and_says_balanced() {
    let m = mount(Lang::En, |_| {}, || view! { <DayReportView report=report(json!({}))/> }).await;
    assert_eq!(m.text_of("[data-figure=takings] dt"), "Takings");
    assert_eq!(m.text_of("[data-figure=takings] dd"), "¥1450");
    assert_eq!(m.count("[data-figure=method]"), 2);
    assert_eq!(m.text_of("[data-figure=refunds] dd"), "1 · ¥368.50");
    assert!(m.text_of("[data-testid=balanced]").starts_with("Balanced"));
    assert_eq!(m.count("[data-testid=discrepancies]"), 0);
    m.state.lang.set(Lang::Zh);
    settle().await;
    assert_eq!(m.text_of("[data-figure=takings] dt"), "实收");
}

#[wasm_bindgen_test]
async fn an_unbalanced_day_lists_each_discrepancy() {
    let unbalanced = report(json!({"balanced": false, "discrepancies": [
        {"kind": "missing_payment", "order_id": "O1", "payment_id": null, "message": "paid order without a payment"}
    ]}));
    let m = mount(Lang::En, |_| {}, move || view! { <DayReportView report=unbalanced/> }).await;
    assert_eq!(m.count("[data-testid=balanced]"), 0);
    assert!(m.text_of("[data-testid=discrepancies] h3").ends_with('1'));
    assert!(m.text_of("[data-testid=discrepancies] li").contains("missing_payment O1"));
}

#[wasm_bindgen_test]
async fn the_counter_sees_what_it_handed_over() {
    let order: Order = fixture(with(order_json("picked_up"), json!({"picked_up_at": at(0)})));
    let m = mount(Lang::En, |_| {}, move || view! { <HandedOver order=order/> }).await;
    assert_eq!(m.get("[data-testid=pickup-done]").get_attribute("data-status").as_deref(), Some("picked_up"));
    assert!(m.text_of("h3").starts_with("Picked up · O0000000000000001"), "{}", m.text());
    assert!(m.text().contains("Lanya Rose Serum × 1") && m.text().contains("¥368.50"), "{}", m.text());
}
