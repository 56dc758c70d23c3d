//! The guide console's desk work: customers (list, filter by tag and text, bind, retag, order
//! for them), returns (look up, choose units, refund), the day report (today, another date, a
//! refusal), and the manager's tab (a guide is turned away; a manager creates a sale).
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use common::*;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn customer(id: &str, name: &str, tags: &[&str]) -> Value {
    json!({"member_id": id, "name": name, "phone_masked": "138****0001", "card_no": format!("62000000{id}"),
           "tags": tags, "bound_at": at(-86_400), "last_active_at": at(-3600), "orders": 2, "spend_fen": 73_700})
}

async fn customers(lang: Lang) -> Mounted {
    fake_api();
    ok(
        "GET /api/guide/customers",
        json!([customer("M1", "Li Na", &["vip", "shoes"]), customer("M2", "Zhao", &["shoes"])]),
    );
    let m = console("/guide/customers", lang, Some("guide")).await;
    m.wait_for("li.customer").await;
    m
}

#[wasm_bindgen_test]
async fn customers_are_listed_and_filtered_by_tag_and_text() {
    let m = customers(Lang::En).await;
    assert_eq!(m.attrs("li.customer", "data-member"), ["M1", "M2"]);
    assert!(m.text_of("[data-member=M1] .facts").contains("¥737"), "{}", m.text());
    assert_eq!(m.attrs(".tag-chips .chip", "data-tag"), ["", "shoes", "vip"]);
    assert_eq!(m.text_of("[data-tag=shoes]"), "shoes 2");
    click(&m.get("[data-tag=vip]"));
    settle().await;
    assert_eq!(m.attrs("li.customer", "data-member"), ["M1"]);
    click(&m.get("[data-tag='']"));
    type_into(&m.get("input[name=customer-search]"), " ZHAO ");
    settle().await;
    assert_eq!(m.attrs("li.customer", "data-member"), ["M2"], "by name, any case");
    type_into(&m.get("input[name=customer-search]"), "nobody");
    settle().await;
    assert_eq!(m.text_of("ul.customers"), "No customers bound yet");
}

#[wasm_bindgen_test]
async fn binding_a_customer_sends_code_and_tags_or_says_who_has_them() {
    let m = customers(Lang::En).await;
    refuse("POST /api/guide/customers", 409, "BOUND_ELSEWHERE", "G1002 until 12-01");
    type_into(&m.get("[data-testid=bind-customer] input[name=code]"), "880012345678901234");
    type_into(&m.get("[data-testid=bind-customer] input[name=tags]"), "vip, bags");
    click(&m.get("[data-testid=bind-customer] button[type=submit]"));
    m.wait_for("[data-testid=customers-error]").await;
    assert_eq!(m.text_of("[data-testid=customers-error]"), "Another guide looks after this customer for now");
    ok("POST /api/guide/customers", customer("M3", "Sun", &["vip", "bags"]));
    click(&m.get("[data-testid=bind-customer] button[type=submit]"));
    m.wait_for("[data-testid=customers-ok]").await;
    assert_eq!(m.text_of("[data-testid=customers-ok]"), "Bound Sun 138****0001");
    assert_eq!(
        calls_to("POST /api/guide/customers")[1].body,
        Some(json!({"code": "880012345678901234", "tags": ["vip", "bags"]}))
    );
    until("the list asked again", || calls_to("GET /api/guide/customers").len() == 2).await;
}

#[wasm_bindgen_test]
async fn retagging_a_customer_saves_the_tags_and_reloads_the_list() {
    let m = customers(Lang::En).await;
    click(&m.get("[data-member=M2] [data-action=edit-tags]"));
    settle().await;
    ok("PUT /api/guide/customers/M2/tags", customer("M2", "Zhao", &["shoes", "gift"]));
    ok(
        "GET /api/guide/customers",
        json!([customer("M1", "Li Na", &["vip"]), customer("M2", "Zhao", &["shoes", "gift"])]),
    );
    type_into(&m.get("[data-member=M2] input[name=edit-tags]"), "shoes gift");
    click(&m.get("[data-member=M2] .inline-form button[type=submit]"));
    until("the list reloaded", || calls_to("GET /api/guide/customers").len() == 2).await;
    assert_eq!(calls_to("PUT /api/guide/customers/M2/tags")[0].body, Some(json!({"tags": ["shoes", "gift"]})));
    until("the new tags", || m.text_of("[data-member=M2] .tags") == "shoesgift").await;
}

#[wasm_bindgen_test]
async fn ordering_for_a_customer_picks_a_product_of_the_store() {
    let m = customers(Lang::En).await;
    click(&m.get("[data-member=M1] [data-action=order-for]"));
    settle().await;
    assert!(m.disabled("[data-testid=order-for] button[type=submit]"), "nothing picked yet");
    ok("GET /api/products", json!([product_json()]));
    type_into(&m.get("[data-testid=order-for] input[name=product]"), "serum");
    m.wait_for("[data-testid=order-for] [data-sku=SKU-1001]").await;
    assert_eq!(calls_to("GET /api/products")[0].key, "GET /api/products?store_id=S1&q=serum");
    click(&m.get("[data-testid=order-for] [data-sku=SKU-1001]"));
    settle().await;
    assert!(m.text_of("[data-testid=picked]").starts_with("SKU-1001"));
    ok("POST /api/guide/orders", order_json("pending_payment"));
    type_into(&m.get("[data-testid=order-for] input[name=qty]"), "2");
    click(&m.get("[data-testid=order-for] button[type=submit]"));
    m.wait_for("[data-testid=customers-ok]").await;
    let body = calls_to("POST /api/guide/orders")[0].body.clone().expect("a body");
    assert_eq!((body["member_id"].as_str(), body["lines"][0]["qty"].as_i64()), (Some("M1"), Some(2)));
    assert!(m.text_of("[data-testid=customers-ok]").contains("O0000000000000001 · ¥368.50"));
}

fn collected_order() -> Value {
    with(
        order_json("picked_up"),
        json!({"lines": [{"sku": "SKU-1001", "qty": 2, "unit_price_fen": 36850, "flash_sale_id": null, "name": "精华液",
                          "name_en": "Serum", "image": "/img/p.svg", "returned_qty": 1}], "total_fen": 73700}),
    )
}

#[wasm_bindgen_test]
async fn a_return_needs_units_and_the_customers_code_then_refunds() {
    fake_api();
    ok("GET /api/guide/orders/O0000000000000001", collected_order());
    let m = console("/guide/returns", Lang::En, Some("guide")).await;
    type_into(&m.get("input[name=order_id]"), " o0000000000000001");
    click(&m.get("[data-testid=return-lookup] button[type=submit]"));
    m.wait_for("[data-testid=return-order]").await;
    assert!(m.text_of("[data-testid=return-order] h3").starts_with("O0000000000000001 · S1 · ¥737"));
    assert!(m.text_of("[data-sku=SKU-1001]").contains("× 2 · Returned 1"), "{}", m.text());
    assert_eq!(m.get("[data-sku=SKU-1001] input").get_attribute("max").as_deref(), Some("1"), "one unit is left");
    assert!(m.disabled("[data-testid=take-back]"), "no units chosen");
    type_into(&m.get("[data-sku=SKU-1001] input"), "1");
    settle().await;
    assert!(m.disabled("[data-testid=take-back]"), "the customer's code is missing");
    type_into(&m.get("input[name=member_code]"), "880012345678901234");
    type_into(&m.get("input[name=reason]"), "too small");
    settle().await;
    assert!(!m.disabled("[data-testid=take-back]"));
    ok(
        "POST /api/guide/returns",
        json!({"id": "R1", "order_id": "O0000000000000001", "store_id": "S1", "staff_id": "G1001",
        "lines": [{"sku": "SKU-1001", "qty": 1, "refund_fen": 36850}], "refund_fen": 36850, "method": "balance",
        "reason": "too small", "at": at(0)}),
    );
    click(&m.get("[data-testid=take-back]"));
    m.wait_for("[data-testid=return-ok]").await;
    assert_eq!(m.text_of("[data-testid=return-ok]"), "Refunded the way it was paid ¥368.50 · R1");
    assert_eq!(
        calls_to("POST /api/guide/returns")[0].body,
        Some(json!({"order_id": "O0000000000000001", "lines": [{"sku": "SKU-1001", "qty": 1}], "reason": "too small",
                    "member_code": "880012345678901234"}))
    );
}

#[wasm_bindgen_test]
async fn a_return_after_the_window_is_refused_in_the_guides_words() {
    fake_api();
    ok("GET /api/guide/orders/O0000000000000001", collected_order());
    refuse("POST /api/guide/returns", 409, "RETURN_WINDOW_CLOSED", "picked up 9 days ago");
    let m = console("/guide/returns", Lang::En, Some("guide")).await;
    type_into(&m.get("input[name=order_id]"), "O0000000000000001");
    click(&m.get("[data-testid=return-lookup] button[type=submit]"));
    m.wait_for("[data-testid=return-order]").await;
    type_into(&m.get("[data-sku=SKU-1001] input"), "1");
    type_into(&m.get("input[name=member_code]"), "880012345678901234");
    settle().await;
    click(&m.get("[data-testid=take-back]"));
    m.wait_for("[data-testid=return-error]").await;
    assert_eq!(m.text_of("[data-testid=return-error]"), "The 7-day return window after pickup has closed");
}

fn day(date: &str, takings_fen: i64) -> Value {
    json!({"store_id": "S1", "date": date, "from": at(-36_000), "to": at(50_400), "orders_paid": 1, "subtotal_fen": takings_fen,
           "discount_fen": 0, "takings_fen": takings_fen, "by_method": [], "refunds": 0, "refunded_fen": 0, "picked_up": 0,
           "counter_sales": 0, "counter_units": 0, "counter_charges": 0, "counter_charged_fen": 0, "returns": 0,
           "returned_fen": 0, "discrepancies": [], "balanced": true})
}

#[wasm_bindgen_test]
async fn the_day_tab_shows_today_then_the_date_picked() {
    fake_api();
    ok("GET /api/guide/reconciliation", day("2026-11-24", 145_000));
    ok("GET /api/guide/reconciliation?date=2026-11-20", day("2026-11-20", 20_000));
    let m = console("/guide/day", Lang::En, Some("guide")).await;
    m.wait_for("[data-testid=day-report]").await;
    assert_eq!(calls_to("GET /api/guide/reconciliation")[0].key, "GET /api/guide/reconciliation");
    assert_eq!(m.get("input[name=date]").unchecked_into::<web_sys::HtmlInputElement>().value(), "2026-11-24");
    assert_eq!(m.text_of("[data-figure=takings] dd"), "¥1450");
    type_into(&m.get("input[name=date]"), "2026-11-20");
    until("the other day", || {
        m.find("[data-figure=takings] dd").is_some_and(|e| e.text_content().as_deref() == Some("¥200"))
    })
    .await;
    refuse("GET /api/guide/reconciliation?date=2027-01-01", 422, "INVALID", "date: not after today");
    type_into(&m.get("input[name=date]"), "2027-01-01");
    m.wait_for("[role=alert]").await;
    assert_eq!(m.text_of("[role=alert]"), "date: not after today");
}

#[wasm_bindgen_test]
async fn a_guide_is_turned_from_the_manage_tab_to_the_first() {
    fake_api();
    let m = console("/guide/manage", Lang::En, Some("guide")).await;
    until("the first tab", || here() == "/guide/members").await;
    assert_eq!(m.count("[data-testid=create-sale]"), 0);
    assert_eq!(m.count("[data-tab=manage]"), 0);
}

#[wasm_bindgen_test]
async fn a_manager_creates_a_flash_sale_from_the_form() {
    fake_api();
    ok("POST /api/manage/flash-sales", sale_json(3600, 7200));
    let m = console("/guide/manage", Lang::En, Some("manager")).await;
    m.wait_for("[data-testid=create-sale]").await;
    let starts = m.get("input[name=starts_at]").unchecked_into::<web_sys::HtmlInputElement>().value();
    assert!(starts.ends_with(":00") && starts.len() == 16, "the next whole hour is suggested: {starts}");
    type_into(&m.get("input[name=sku]"), "SKU-1001");
    type_into(&m.get("input[name=starts_at]"), "2026-12-01T10:00");
    type_into(&m.get("input[name=minutes]"), "90");
    click(&m.get("[data-testid=create-sale] button[type=submit]"));
    m.wait_for("[data-testid=sale-created]").await;
    assert_eq!(m.text_of("[data-testid=sale-created]"), "Flash sale created FS1 · 精华液秒杀");
    let body = calls_to("POST /api/manage/flash-sales")[0].body.clone().expect("a body");
    assert_eq!(
        (body["price_fen"].as_i64(), body["quantity"].as_i64(), body["store_id"].as_str()),
        (Some(990), Some(20), Some("S1"))
    );
    assert_eq!(body["starts_at"], "2026-12-01T02:00:00Z", "the store's local time, in UTC");
    assert_eq!(body["ends_at"], "2026-12-01T03:30:00Z");
}
