//! The manager's pages: flash sales over their life (figures, cancel with confirmation, edit
//! before start), campaigns (figures, close, the form of choices), and the dashboard (charts,
//! guides). A guide is turned away from each.
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use common::*;
use serde_json::{Value, json};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn managed_sale(status: &str) -> Value {
    let sale = with(sale_json(3600, 7200), json!({"status": status, "remaining": 5}));
    with(sale, json!({"sold": 2, "held": 1}))
}

fn managed_campaign(closed: bool) -> Value {
    let figures = json!({"claimed": 3, "redeemed": 1, "redemption_rate": 0.3333,
        "closed_at": if closed { Value::String(at(0)) } else { Value::Null }});
    with(campaign_json(), figures)
}

#[wasm_bindgen_test]
async fn the_sales_page_shows_live_figures_and_cancels_only_after_confirmation() {
    fake_api();
    ok("GET /api/manage/flash-sales", json!([managed_sale("upcoming")]));
    let m = console("/guide/manage/sales", Lang::En, Some("manager")).await;
    m.wait_for("[data-testid=sale-row]").await;
    assert_eq!(m.text_of("[data-testid=sale-sold]"), "2");
    assert_eq!(m.text_of("[data-testid=sale-held]"), "1");
    assert_eq!(m.text_of("[data-testid=sale-remaining]"), "5 / 20");
    assert_eq!(m.text_of("[data-testid=sale-status]"), "Upcoming");
    assert_eq!(m.attrs("[data-manage]", "data-manage"), ["sales", "campaigns", "dashboard", "staff"]);
    click(&m.get("[data-testid=cancel-sale]"));
    settle().await;
    assert!(calls_to("POST /api/manage/flash-sales/FS1/cancel").is_empty(), "nothing before the confirmation");
    ok("POST /api/manage/flash-sales/FS1/cancel", managed_sale("cancelled"));
    ok("GET /api/manage/flash-sales", json!([managed_sale("cancelled")]));
    click(&m.get("[data-testid=confirm-cancel-yes]"));
    until("the cancel was sent", || calls_to("POST /api/manage/flash-sales/FS1/cancel").len() == 1).await;
    until("the list shows it cancelled", || m.text_of("[data-testid=sale-status]") == "Cancelled").await;
    assert_eq!(m.count("[data-testid=cancel-sale]"), 0, "a cancelled sale offers no more actions");
}

#[wasm_bindgen_test]
async fn an_upcoming_sale_is_edited_and_a_refusal_names_the_field() {
    fake_api();
    ok("GET /api/manage/flash-sales", json!([managed_sale("upcoming")]));
    let m = console("/guide/manage/sales", Lang::En, Some("manager")).await;
    m.wait_for("[data-testid=edit-sale]").await;
    click(&m.get("[data-testid=edit-sale]"));
    m.wait_for("[data-testid=edit-sale-form]").await;
    refuse("PATCH /api/manage/flash-sales/FS1", 422, "INVALID", "price_fen: must not exceed the shelf price");
    type_into(&m.get("[data-testid=edit-sale-form] input[name=price]"), "999");
    click(&m.get("[data-testid=edit-sale-form] button[type=submit]"));
    m.wait_for("[role=alert]").await;
    assert!(m.text_of("[role=alert]").starts_with("price_fen"), "{}", m.text());
    ok("PATCH /api/manage/flash-sales/FS1", managed_sale("upcoming"));
    type_into(&m.get("[data-testid=edit-sale-form] input[name=price]"), "5.00");
    type_into(&m.get("[data-testid=edit-sale-form] input[name=title]"), "晚场");
    click(&m.get("[data-testid=edit-sale-form] button[type=submit]"));
    until("the edit was sent", || calls_to("PATCH /api/manage/flash-sales/FS1").len() == 2).await;
    let body = calls_to("PATCH /api/manage/flash-sales/FS1")[1].body.clone().expect("a body");
    assert_eq!((body["price_fen"].as_i64(), body["title"].as_str()), (Some(500), Some("晚场")));
    assert!(body["starts_at"].is_string() && body["ends_at"].is_string());
}

#[wasm_bindgen_test]
async fn a_live_sale_cannot_be_edited_and_an_ended_one_offers_nothing() {
    fake_api();
    ok("GET /api/manage/flash-sales", json!([managed_sale("live"), with(managed_sale("ended"), json!({"id": "FS2"}))]));
    let m = console("/guide/manage/sales", Lang::Zh, Some("manager")).await;
    m.wait_for("[data-testid=sale-row]").await;
    assert_eq!(m.count("[data-id=FS1] [data-testid=edit-sale]"), 0);
    assert_eq!(m.count("[data-id=FS1] [data-testid=cancel-sale]"), 1);
    assert_eq!(m.count("[data-id=FS2] button"), 0);
    assert_eq!(m.text_of("[data-id=FS2] [data-testid=sale-status]"), "已结束");
}

#[wasm_bindgen_test]
async fn a_guide_is_turned_away_from_the_managers_pages() {
    for page in ["sales", "campaigns", "dashboard"] {
        fake_api();
        let m = console(&format!("/guide/manage/{page}"), Lang::En, Some("guide")).await;
        until("back at the first tab", || here() == "/guide/members").await;
        assert_eq!(m.count("[data-manage]"), 0, "{page}");
    }
}

#[wasm_bindgen_test]
async fn the_campaigns_page_shows_the_rate_and_closes_after_confirmation() {
    fake_api();
    ok("GET /api/manage/coupon-campaigns", json!([managed_campaign(false)]));
    ok("GET /api/products", json!([product_json()]));
    let m = console("/guide/manage/campaigns", Lang::En, Some("manager")).await;
    m.wait_for("[data-testid=campaign-row]").await;
    assert_eq!(m.text_of("[data-testid=campaign-claimed]"), "3 / 100");
    assert_eq!(m.text_of("[data-testid=campaign-redeemed]"), "1");
    assert_eq!(m.text_of("[data-testid=campaign-rate]"), "33.3%");
    click(&m.get("[data-testid=close-campaign]"));
    settle().await;
    assert!(calls_to("POST /api/manage/coupon-campaigns/CP1/close").is_empty());
    ok("POST /api/manage/coupon-campaigns/CP1/close", managed_campaign(true));
    ok("GET /api/manage/coupon-campaigns", json!([managed_campaign(true)]));
    click(&m.get("[data-testid=confirm-close-yes]"));
    until("closed", || m.attrs("[data-testid=campaign-row]", "data-closed") == ["true"]).await;
    assert_eq!(m.count("[data-testid=close-campaign]"), 0);
}

#[wasm_bindgen_test]
async fn the_campaign_form_picks_kind_audience_and_scope_from_the_catalog() {
    fake_api();
    ok("GET /api/manage/coupon-campaigns", json!([]));
    ok(
        "GET /api/products",
        json!([
            product_json(),
            with(product_json(), json!({"sku": "SKU-2001", "brand": "Atelier", "category": "bags"}))
        ]),
    );
    ok("POST /api/manage/coupon-campaigns", campaign_json());
    let m = console("/guide/manage/campaigns", Lang::En, Some("manager")).await;
    m.wait_for("[data-testid=rich-campaign-form]").await;
    let form = "[data-testid=rich-campaign-form]";
    type_into(&m.get(&format!("{form} input[name=title]")), "Lanya week");
    type_into(&m.get(&format!("{form} select[name=kind]")), "percent");
    settle().await;
    type_into(&m.get(&format!("{form} input[name=percent]")), "85");
    type_into(&m.get(&format!("{form} select[name=audience]")), "first_order");
    type_into(&m.get(&format!("{form} select[name=scope_kind]")), "brand");
    until("the brands of the catalog are offered", || m.count("[data-testid=scope-value] option") == 2).await;
    assert_eq!(m.attrs("[data-testid=scope-value] option", "value"), ["Atelier", "Lanya"]);
    type_into(&m.get("[data-testid=scope-value]"), "Lanya");
    type_into(&m.get(&format!("{form} input[name=valid_days]")), "");
    click(&m.get(&format!("{form} button[type=submit]")));
    until("the campaign was sent", || calls_to("POST /api/manage/coupon-campaigns").len() == 1).await;
    let body = calls_to("POST /api/manage/coupon-campaigns")[0].body.clone().expect("a body");
    assert_eq!((body["kind"].as_str(), body["percent"].as_i64()), (Some("percent"), Some(85)));
    assert_eq!((body["audience"].as_str(), body["scope"].as_str()), (Some("first_order"), Some("brand:Lanya")));
    assert_eq!(body["valid_days"], Value::Null, "valid until the campaign ends");
    m.wait_for("[data-testid=campaign-created]").await;
}

fn promoter(id: &str, name: &str, customers: u32, pending: u64, settled: u64, reversed: u64) -> Value {
    json!({"staff_id": id, "name": name, "customers": customers, "pending_fen": pending, "settled_fen": settled,
           "reversed_fen": reversed})
}

#[wasm_bindgen_test]
async fn the_dashboard_draws_a_bar_per_day_and_lists_the_guides() {
    fake_api();
    let day = |date: &str, orders: u32, takings: u64| {
        json!({"date": date, "orders": orders, "takings_fen": takings, "new_members": 1, "coupons_redeemed": 0,
               "flash_units_sold": 2})
    };
    let guide =
        json!({"staff_id": "G1001", "name": "Wang", "customers": 12, "orders_for_customers": 3, "takings_fen": 73_700});
    ok(
        "GET /api/manage/dashboard",
        json!({"days": [day("2026-11-22", 0, 0), day("2026-11-23", 4, 120_000), day("2026-11-24", 2, 60_000)], "guides": [guide],
               "promoters": [promoter("G1001", "Wang", 3, 700, 500, 200), promoter("M1001", "Li", 0, 0, 0, 0)]}),
    );
    let m = console("/guide/manage/dashboard", Lang::En, Some("manager")).await;
    m.wait_for("[data-testid=chart-takings]").await;
    assert_eq!(m.count("[data-testid=chart-takings] rect.bar"), 3);
    let heights = m.attrs("[data-testid=chart-orders] rect.bar", "height");
    assert_eq!(heights, ["0", "120", "60"], "the busiest day fills the chart");
    assert!(m.text_of("[data-testid=chart-takings]").contains("2026-11-22"));
    assert_eq!(m.count("[data-testid=guide-row]"), 1);
    assert!(m.text_of("[data-testid=guides]").contains("¥737.00"));
    assert_eq!(m.count("[data-testid=dashboard-csv]"), 1);
    // Commissions per promoter: a row each, a bar each, their own CSV.
    assert_eq!(m.attrs("[data-testid=promoter-row]", "data-staff"), ["G1001", "M1001"]);
    let row = m.text_of("[data-testid=promoter-row][data-staff=G1001]");
    assert!(
        row.contains("Wang · G1001") && row.contains("¥7.00") && row.contains("¥5.00") && row.contains("¥2.00"),
        "{row}"
    );
    assert_eq!(m.attrs("[data-testid=chart-promoters] rect.bar", "height"), ["120", "0"], "¥12 earned fills the chart");
    assert_eq!(m.count("[data-testid=promoters-csv]"), 1);
    type_into(&m.get("input[name=from]"), "2026-11-01");
    until("asked for the range", || calls_to("GET /api/manage/dashboard?from=2026-11-01").len() == 1).await;
}
