//! Stored value and the plastic card: topping up (presets, a typed amount, the gateway's answer
//! or refusal), the statement, linking a card, and each page visited signed out (to sign in,
//! and back).
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use common::*;
use leptos::prelude::*;
use serde_json::{Value, json};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn payment(amount_fen: i64) -> Value {
    json!({"payment": {"id": "PT1", "kind": "top_up", "reference": "M1", "amount_fen": amount_fen, "method": "sandbox",
                       "status": "succeeded", "prepay_id": "wx1", "created_at": at(0), "paid_at": at(1)}})
}

fn entry(seq: u64, kind: &str, amount_fen: i64, after_fen: i64, reason: &str) -> Value {
    json!({"seq": seq, "kind": kind, "amount_fen": amount_fen, "balance_after_fen": after_fen, "reference": "R",
           "reason": reason, "at": at(-3600)})
}

#[wasm_bindgen_test]
async fn top_up_offers_presets_and_pays_the_chosen_amount() {
    fake_api();
    ok("POST /api/me/top-ups", payment(50_000));
    let m = shop("/member/top-up", Lang::En, signed_in).await;
    assert_eq!(m.count(".presets .chip"), 4);
    assert_eq!(m.text_of(".presets .chip.selected"), "¥200", "¥200 is chosen to start");
    assert_eq!(m.text_of("[data-testid=pay]"), "Pay (sandbox) ¥200");
    click(&m.get(".presets .chip:nth-child(3)"));
    settle().await;
    assert_eq!(m.text_of("[data-testid=pay]"), "Pay (sandbox) ¥500");
    click(&m.get("[data-testid=pay]"));
    m.wait_for("[data-testid=top-up-done]").await;
    assert_eq!(m.text_of("[data-testid=top-up-done]"), "Topped up ¥500 · succeeded");
    let sent = calls_to("POST /api/me/top-ups");
    assert_eq!(sent[0].body, Some(json!({"amount_fen": 50_000, "method": "sandbox"})));
    assert_eq!(sent[0].auth.as_deref(), Some("Bearer tok-member"));
}

#[wasm_bindgen_test]
async fn a_typed_amount_is_read_as_yuan_and_nonsense_cannot_be_paid() {
    fake_api();
    let m = shop("/member/top-up", Lang::En, signed_in).await;
    type_into(&m.get("input[name=other]"), "12.5");
    settle().await;
    assert_eq!(m.count(".presets .chip.selected"), 0, "a typed amount unselects the presets");
    assert_eq!(m.text_of("[data-testid=pay]"), "Pay (sandbox) ¥12.50");
    assert!(!m.disabled("[data-testid=pay]"));
    type_into(&m.get("input[name=other]"), "12.345");
    settle().await;
    assert!(m.disabled("[data-testid=pay]"));
    assert_eq!(m.text_of("[data-testid=pay]"), "Pay (sandbox) ");
}

#[wasm_bindgen_test]
async fn a_refused_top_up_shows_the_servers_reason() {
    fake_api();
    refuse("POST /api/me/top-ups", 422, "INVALID", "amount_fen: at most ¥50,000");
    let m = shop("/member/top-up", Lang::En, signed_in).await;
    click(&m.get("[data-testid=pay]"));
    m.wait_for("[role=alert]").await;
    assert_eq!(m.text_of("[role=alert]"), "amount_fen: at most ¥50,000");
    assert_eq!(m.count("[data-testid=top-up-done]"), 0);
    assert!(!m.disabled("[data-testid=pay]"), "the member can try again");
}

#[wasm_bindgen_test]
async fn an_expired_session_on_top_up_signs_the_member_out_to_sign_in() {
    fake_api();
    refuse("POST /api/me/top-ups", 401, "UNAUTHENTICATED", "token expired");
    let m = shop("/member/top-up", Lang::En, signed_in).await;
    click(&m.get("[data-testid=pay]"));
    until("signed out", || m.state.member_token.get_untracked().is_none()).await;
    until("the sign-in page", || here() == "/member?next=/member/top-up").await;
    m.wait_for("[data-testid=member-sign-in]").await;
}

#[wasm_bindgen_test]
async fn the_statement_lists_money_in_and_out() {
    fake_api();
    ok(
        "GET /api/me/ledger",
        json!([entry(2, "payment", 36850, 163150, "order O1"), entry(1, "top_up", 200000, 200000, "sandbox")]),
    );
    let m = shop("/member/ledger", Lang::En, signed_in).await;
    m.wait_for(".ledger-row").await;
    assert_eq!(calls_to("GET /api/me/ledger")[0].key, "GET /api/me/ledger?limit=100");
    assert_eq!(m.count(".ledger-row"), 2);
    assert_eq!(m.text_of(".ledger-row:nth-child(1) .debit"), "−¥368.50");
    assert_eq!(m.text_of(".ledger-row:nth-child(2) .credit"), "+¥2000");
    assert!(m.text_of(".ledger-row:nth-child(1)").starts_with("Paymentorder O1"), "{}", m.text());
    assert!(m.text_of(".ledger-row:nth-child(2)").contains("2026-11-24 09:00"), "store time: {}", m.text());
    m.state.lang.set(Lang::Zh);
    settle().await;
    assert!(m.text_of(".ledger-row:nth-child(2)").starts_with("充值"), "{}", m.text());
}

#[wasm_bindgen_test]
async fn an_empty_statement_says_so() {
    fake_api();
    ok("GET /api/me/ledger", json!([]));
    let m = shop("/member/ledger", Lang::En, signed_in).await;
    m.wait_text("No entries yet").await;
}

#[wasm_bindgen_test]
async fn linking_a_card_sends_number_and_code_then_returns_to_the_card() {
    fake_api();
    ok("POST /api/me/physical-card", with(member_json(), json!({"physical_card_no": "6200000000000001"})));
    ok("GET /api/me", member_json());
    let m = shop("/member/link-card", Lang::En, signed_in).await;
    type_into(&m.get("input[name=card_no]"), "6200000000000001");
    type_into(&m.get("input[name=verify_code]"), "123456");
    click(&m.get("button[type=submit]"));
    until("the member page", || here() == "/member").await;
    let sent = calls_to("POST /api/me/physical-card");
    assert_eq!(sent[0].body, Some(json!({"card_no": "6200000000000001", "verify_code": "123456"})));
}

#[wasm_bindgen_test]
async fn a_card_linked_elsewhere_is_refused_in_the_members_words() {
    fake_api();
    refuse("POST /api/me/physical-card", 409, "CARD_LINKED_ELSEWHERE", "card 6200… belongs to M7");
    let m = shop("/member/link-card", Lang::Zh, signed_in).await;
    type_into(&m.get("input[name=card_no]"), "6200000000000001");
    type_into(&m.get("input[name=verify_code]"), "123456");
    click(&m.get("button[type=submit]"));
    m.wait_for("[role=alert]").await;
    assert_eq!(m.text_of("[role=alert]"), "该实体卡已被其他会员绑定");
    assert_eq!(here(), "/member/link-card");
    assert!(!m.disabled("button[type=submit]"));
}

#[wasm_bindgen_test]
async fn signed_out_each_member_page_goes_to_sign_in_and_comes_back() {
    for page in ["/member/top-up", "/member/ledger", "/member/link-card", "/member/coupons"] {
        fake_api();
        ok("POST /api/sessions", json!({"token": "tok-new", "member": member_json()}));
        ok("GET /api/me/ledger", json!([]));
        ok("GET /api/me/coupons", json!([]));
        let m = shop(page, Lang::En, |_| {}).await;
        m.wait_for("[data-testid=member-sign-in]").await;
        assert_eq!(here(), format!("/member?next={page}"));
        type_into(&m.get("input[name=phone]"), "13800000001");
        type_into(&m.get("input[name=password]"), "password1");
        click(&m.get("[data-testid=member-sign-in] button[type=submit]"));
        until(page, || here() == page).await;
        assert_eq!(m.count("[data-testid=member-sign-in]"), 0, "{page}");
    }
}

#[wasm_bindgen_test]
async fn the_member_page_itself_stays_put_after_signing_in() {
    fake_api();
    ok("POST /api/sessions", json!({"token": "tok-new", "member": member_json()}));
    ok("GET /api/me", member_json());
    let m = shop("/member?next=https://evil.example/", Lang::En, |_| {}).await;
    type_into(&m.get("input[name=phone]"), "13800000001");
    type_into(&m.get("input[name=password]"), "password1");
    click(&m.get("[data-testid=member-sign-in] button[type=submit]"));
    m.wait_for("[data-testid=member-card]").await;
    assert!(here().starts_with("/member"), "not sent off-site: {}", here());
}

fn rewards_json() -> Value {
    json!([
        {"id": "R-5", "title": "积分换 ¥5 券", "title_en": "¥5 off", "points": 500, "off_fen": 500, "threshold_fen": 0, "valid_days": 30, "per_member_limit": 5, "min_tier": "classic"},
        {"id": "R-80", "title": "金卡专享满 ¥500 减 ¥80", "title_en": "Gold: ¥80 off ¥500", "points": 5000, "off_fen": 8000, "threshold_fen": 50000, "valid_days": 30, "per_member_limit": 1, "min_tier": "gold"}
    ])
}

#[wasm_bindgen_test]
async fn rewards_show_their_points_price_and_a_redemption_debits_the_balance() {
    fake_api();
    ok("GET /api/me", member_json());
    ok("GET /api/rewards", rewards_json());
    let receipt = json!({"coupon": with(coupon_json("available"), json!({"id": "CR1", "title": "¥5 off"})), "points_balance": 734});
    answer("POST /api/me/rewards/R-5/redeem", 201, receipt);
    let m = shop("/member/rewards", Lang::En, signed_in).await;
    m.wait_for("[data-reward=R-80]").await;
    until("the balance", || m.text_of("[data-testid=points-balance]") == "1234").await;
    assert!(m.text_of("[data-reward=R-5]").contains("500 Points"), "{}", m.text_of("[data-reward=R-5]"));
    assert!(!m.text_of("[data-reward=R-5]").contains("积分换"), "English titles in English");
    assert!(m.disabled("[data-reward=R-80] [data-action=redeem]"), "5,000 points are more than 1,234");
    click(&m.get("[data-reward=R-5] [data-action=redeem]"));
    m.wait_for("[data-testid=redeemed]").await;
    assert!(m.text_of("[data-testid=redeemed]").starts_with("Redeemed ¥5 off"));
    assert_eq!(m.text_of("[data-testid=points-balance]"), "734");
    let sent = calls_to("POST /api/me/rewards/R-5/redeem");
    assert_eq!(sent[0].auth.as_deref(), Some("Bearer tok-member"));
}

#[wasm_bindgen_test]
async fn a_refused_redemption_says_why() {
    fake_api();
    ok("GET /api/me", member_json());
    ok("GET /api/rewards", rewards_json());
    refuse("POST /api/me/rewards/R-5/redeem", 409, "INSUFFICIENT_POINTS", "this reward costs 500 points; you have 0");
    let m = shop("/member/rewards", Lang::Zh, signed_in).await;
    m.wait_for("[data-reward=R-5]").await;
    until("the balance", || !m.disabled("[data-reward=R-5] [data-action=redeem]")).await;
    assert!(m.text_of("[data-reward=R-5]").contains("积分换 ¥5 券"), "Chinese titles in Chinese");
    click(&m.get("[data-reward=R-5] [data-action=redeem]"));
    m.wait_for("[role=alert]").await;
    assert_eq!(m.text_of("[role=alert]"), "积分不足");
}

#[wasm_bindgen_test]
async fn the_points_history_shows_each_movement_with_its_reason_and_balance() {
    fake_api();
    let lines = json!([
        {"at": at(-60), "delta": -500, "reason": "redeemed", "balance": 700},
        {"at": at(-3600), "delta": 1200, "reason": "earned", "balance": 1200}
    ]);
    ok("GET /api/me/points", lines);
    let m = shop("/member/points", Lang::En, signed_in).await;
    m.wait_for("[data-testid=points-history] .ledger-row").await;
    assert_eq!(m.count("[data-testid=points-history] .ledger-row"), 2);
    let first = m.text_of("[data-testid=points-history] .ledger-row:first-child");
    assert!(first.contains("Spent on a reward") && first.contains("−500") && first.contains("700"), "{first}");
    assert!(m.text_of("[data-testid=points-history]").contains("+1200"));
}
