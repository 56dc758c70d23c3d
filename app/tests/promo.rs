//! Promoters and red envelopes in the app: registering through a promoter's link sends its code;
//! a paid order's envelope is shared (the link copied where the browser cannot share); the
//! shared link opens the envelope once signed in and shows the coupon won, or why not; the
//! console's promoter screen shows the code as a QR code, the link, customers and commissions.
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use common::*;
use serde_json::{Value, json};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ENVELOPE: &str = "E-O0000000000000001";

fn opened(amount: u64) -> Value {
    json!({"amount_fen": amount, "coupon": with(coupon_json("available"), json!({
        "id": "RE-1", "campaign_id": "red-envelope", "title": "分享红包 Red envelope ¥2.57", "kind": "fixed",
        "threshold_fen": 0, "off_fen": amount}))})
}

#[wasm_bindgen_test]
async fn registering_through_a_promoter_link_sends_the_code() {
    fake_api();
    answer("POST /api/members", 201, json!({"token": "tok-new", "member": member_json()}));
    let m = shop("/member?promoter=P-G1001-123456", Lang::Zh, |_| {}).await;
    m.wait_for("input[name=name]").await;
    type_into(&m.get("input[name=phone]"), "13900001111");
    type_into(&m.get("input[name=name]"), "新客");
    type_into(&m.get("input[name=password]"), "secret-pass-1");
    click(&m.get("form[data-testid=member-sign-in] button[type=submit]"));
    until("registered", || !calls_to("POST /api/members").is_empty()).await;
    let body = calls_to("POST /api/members")[0].body.clone().unwrap_or_default();
    assert_eq!(body["promoter"], "P-G1001-123456", "{body}");
}

#[wasm_bindgen_test]
async fn a_paid_orders_envelope_is_shared_by_its_link() {
    fake_api();
    let envelope =
        json!({"id": ENVELOPE, "link": format!("/red-envelopes/{ENVELOPE}"), "shares": 10, "total_fen": 2000});
    let paid = with(
        order_json("ready_for_pickup"),
        json!({"pickup": pickup_json(), "paid_at": at(0), "red_envelope": envelope}),
    );
    ok("GET /api/orders/O0000000000000001", paid);
    let m = shop("/orders/O0000000000000001", Lang::En, signed_in).await;
    m.wait_for("[data-testid=red-envelope]").await;
    assert!(m.text_of("[data-testid=red-envelope]").contains("¥20 × 10"), "{}", m.text());
    click(&m.get("[data-testid=share-envelope]"));
    // Headless Chromium has no share sheet: the link is copied and shown instead.
    m.wait_for("[data-testid=envelope-link]").await;
    assert!(m.text_of("[data-testid=envelope-link]").ends_with(&format!("/red-envelopes/{ENVELOPE}")), "{}", m.text());
}

#[wasm_bindgen_test]
async fn the_shared_link_opens_the_envelope_and_shows_the_coupon_won() {
    fake_api();
    ok(&format!("POST /api/red-envelopes/{ENVELOPE}/open"), opened(257));
    let m = shop(&format!("/red-envelopes/{ENVELOPE}"), Lang::En, signed_in).await;
    click(&m.get("[data-testid=open-button]"));
    m.wait_for("[data-testid=envelope-won]").await;
    assert_eq!(m.text_of("[data-testid=won-amount]"), "¥2.57");
    assert_eq!(calls_to("POST /api/red-envelopes")[0].auth.as_deref(), Some("Bearer tok-member"));
}

#[wasm_bindgen_test]
async fn an_emptied_envelope_says_so_and_a_visitor_signs_in_first() {
    fake_api();
    refuse(&format!("POST /api/red-envelopes/{ENVELOPE}/open"), 409, "EMPTY", "emptied");
    let m = shop(&format!("/red-envelopes/{ENVELOPE}"), Lang::Zh, signed_in).await;
    click(&m.get("[data-testid=open-button]"));
    m.wait_for("[data-testid=envelope-error]").await;
    assert_eq!(m.text_of("[data-testid=envelope-error]"), "红包已被抢光");
    fake_api();
    let _visitor = shop(&format!("/red-envelopes/{ENVELOPE}"), Lang::Zh, |_| {}).await;
    until("sent to sign in", || here().starts_with("/member?next=/red-envelopes/")).await;
}

#[wasm_bindgen_test]
async fn the_promoter_screen_shows_the_code_link_customers_and_commissions() {
    fake_api();
    ok(
        "GET /api/guide/promoter",
        json!({"code": "P-G1001-123456", "link": "/member?promoter=P-G1001-123456",
               "customers": [{"member_id": "M10000009", "name": "新客", "joined_at": at(-3600)}],
               "commissions": [{"order_id": "O1", "member_id": "M10000009", "kind": "first_order", "amount_fen": 500,
                                "status": "pending", "paid_at": at(-600)}],
               "pending_fen": 500, "settled_fen": 0,
               "statement": [{"month": "2026-11", "pending_fen": 500, "settled_fen": 0, "reversed_fen": 0}]}),
    );
    let m = console("/guide/promoter", Lang::En, Some("guide")).await;
    m.wait_for("[data-testid=promoter] .qr svg").await;
    assert_eq!(m.text_of("[data-testid=promoter-code]"), "P-G1001-123456");
    assert!(m.text_of("[data-testid=promoter-link]").ends_with("/member?promoter=P-G1001-123456"));
    assert_eq!(
        (m.count("[data-testid=promoted-customer]"), m.count("[data-testid=commission][data-status=pending]")),
        (1, 1)
    );
    assert!(m.text_of("[data-testid=statement]").contains("2026-11"), "{}", m.text());
    type_into(&m.get("[data-testid=statement-month]"), "2026-10");
    until("the month asked", || calls_to("GET /api/guide/promoter").iter().any(|c| c.key.ends_with("month=2026-10")))
        .await;
}
