//! The guide console: its tab links (managers see one more), the staff sign-in, the day
//! report balanced or not, the counter's view of a handed-over order, and the staff member's
//! inbox with its unread badge.
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
    assert_eq!(
        m.attrs("a.chip[data-tab]", "data-tab"),
        ["members", "pickup", "stock", "customers", "returns", "day", "exit", "messages"]
    );
    assert_eq!(m.attrs("a.chip[data-tab]", "href")[1], "/guide/pickup");
    assert_eq!(
        m.attrs("a.chip[data-tab]", "class"),
        ["chip", "chip selected", "chip", "chip", "chip", "chip", "chip", "chip"]
    );
    // The guide's promoter screen is the row's last chip, not a loose link under it.
    assert_eq!(m.attrs("nav.guide-tabs a.chip", "href").last().map(String::as_str), Some("/guide/promoter"));
    assert_eq!(m.text_of("nav.guide-tabs [data-testid=promoter-entry]"), "My promoter code");
    assert!(m.text().contains("Pickup") && m.text().contains("Day report"), "{}", m.text());
}

#[wasm_bindgen_test]
async fn a_manager_also_gets_the_manage_tab() {
    let m = mount(Lang::Zh, |_| {}, || view! { <GuideTabs current=Tab::Manage manager=true/> }).await;
    assert_eq!(m.count("a.chip[data-tab]"), 9);
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

fn message(id: &str, kind: &str, link: &str, read: bool) -> Value {
    json!({"id": id, "kind": kind, "title": format!("title {id}"), "body": format!("body {id}"), "link": link,
           "created_at": at(-60), "read": read})
}

#[wasm_bindgen_test]
async fn the_console_inbox_lists_the_staff_members_messages_and_opens_one_inside_the_console() {
    fake_api();
    ok(
        "GET /api/me/messages",
        json!([
            message("MSG1", "invite_to_join", "/guide/promoter", false),
            message("MSG2", "customer_paid", "/guide/customers", false),
            message("MSG3", "customer_birthday", "/guide/customers", true)
        ]),
    );
    answer("POST /api/me/messages/MSG1/read", 204, Value::Null);
    let m = console("/guide/messages", Lang::En, Some("guide")).await;
    m.wait_for("[data-testid=message]").await;
    assert_eq!(m.classes("[data-tab=messages]"), ["chip", "selected"]);
    assert_eq!(m.attrs("[data-testid=message]", "data-kind"), ["invite_to_join", "customer_paid", "customer_birthday"]);
    assert_eq!(m.count("[data-testid=message].unread"), 2);
    until("the badge counts the unread", || m.find("[data-testid=inbox-badge]").is_some()).await;
    assert_eq!(m.text_of("[data-testid=inbox-badge]"), "2");
    click(&m.get("[data-testid=message][data-kind=invite_to_join]"));
    until("the promoter screen opens", || here() == "/guide/promoter").await;
    until("marked read", || calls_to("POST /api/me/messages/MSG1/read").len() == 1).await;
    assert_eq!(calls_to("POST /api/me/messages/MSG1/read")[0].auth.as_deref(), Some("Bearer tok-staff"));
    assert!(calls_to("POST /api/me/messages/MSG3").is_empty(), "a read message is not marked again");
}

#[wasm_bindgen_test]
async fn every_tab_shows_the_unread_badge_and_none_when_all_is_read() {
    fake_api();
    ok("GET /api/me/messages", json!([message("MSG1", "customer_paid", "/guide/customers", false)]));
    let m = console("/guide/pickup", Lang::Zh, Some("guide")).await;
    until("the badge", || m.find("[data-testid=inbox-badge]").is_some()).await;
    assert_eq!(
        (m.text_of("[data-tab=messages]").as_str(), m.text_of("[data-testid=inbox-badge]").as_str()),
        ("消息", "1")
    );
    assert_eq!(calls_to("GET /api/me/messages")[0].auth.as_deref(), Some("Bearer tok-staff"));
    fake_api();
    ok("GET /api/me/messages", json!([message("MSG1", "customer_paid", "/guide/customers", true)]));
    let m = console("/guide/stock", Lang::Zh, Some("guide")).await;
    until("read again", || !calls_to("GET /api/me/messages").is_empty()).await;
    assert_eq!(m.count("[data-testid=inbox-badge]"), 0);
    let m = console("/guide/messages", Lang::Zh, Some("guide")).await;
    m.wait_for("[data-testid=message]").await;
    assert_eq!(m.count("[data-testid=message].unread"), 0);
}
