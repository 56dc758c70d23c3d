//! The member page: signed out, the sign-in form, its switch to registration (with the birthday)
//! and the language; signed in, the tier benefits and the birthday given once.
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use app::pages::member::MemberPage;
use common::*;
use leptos::prelude::*;
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn signed_out_the_member_page_offers_sign_in() {
    let m = mount(Lang::Zh, |_| {}, || view! { <MemberPage/> }).await;
    assert_eq!(m.count("[data-testid=member-sign-in] input[name=phone]"), 1);
    assert_eq!(m.count("[data-testid=member-sign-in] input[name=password]"), 1);
    assert_eq!(m.count("[data-testid=member-sign-in] input[name=name]"), 0, "no name to sign in");
    assert_eq!(m.count("[data-testid=member-card]"), 0);
    assert_eq!(m.count("[data-testid=member-code]"), 0);
    m.state.lang.set(Lang::En);
    settle().await;
    assert_eq!(m.text_of("[data-testid=member-sign-in] button[type=submit]"), "Sign in");
}

#[wasm_bindgen_test]
async fn the_switch_turns_sign_in_into_registration_and_back() {
    let m = mount(Lang::En, |_| {}, || view! { <MemberPage/> }).await;
    click(&m.get("[data-testid=member-sign-in] button.link"));
    settle().await;
    assert_eq!(m.count("[data-testid=member-sign-in] input[name=name]"), 1, "registration asks for a name");
    assert_eq!(m.text_of("[data-testid=member-sign-in] button[type=submit]"), "Register");
    assert_eq!(m.text_of("[data-testid=member-sign-in] button.link"), "Already a member? Sign in");
    click(&m.get("[data-testid=member-sign-in] button.link"));
    settle().await;
    assert_eq!(m.count("[data-testid=member-sign-in] input[name=name]"), 0);
}

#[wasm_bindgen_test]
async fn registration_sends_the_birthday_when_given() {
    fake_api();
    ok("POST /api/members", json!({"token": "tok-new", "member": member_json()}));
    ok("GET /api/me", member_json());
    let m = shop("/member", Lang::En, |_| {}).await;
    click(&m.get("[data-testid=member-sign-in] button.link"));
    settle().await;
    type_into(&m.get("input[name=phone]"), "13800000009");
    type_into(&m.get("input[name=name]"), "Li");
    type_into(&m.get("input[name=password]"), "password1");
    type_into(&m.get("input[name=birthday]"), "1990-12-03");
    click(&m.get("[data-testid=member-sign-in] button[type=submit]"));
    m.wait_for("[data-testid=member-card]").await;
    let sent = calls_to("POST /api/members");
    assert_eq!(sent[0].body.as_ref().and_then(|b| b["birthday"].as_str()), Some("1990-12-03"));
}

#[wasm_bindgen_test]
async fn the_card_shows_the_tiers_benefits_and_the_next_tiers() {
    fake_api();
    ok("GET /api/me", with(member_json(), json!({"birthday": "1990-12-03"})));
    let m = shop("/member", Lang::En, signed_in).await;
    m.wait_for("[data-testid=benefits]").await;
    assert_eq!(m.text_of("[data-testid=benefits-now]"), "Birthday coupon ¥10");
    assert_eq!(
        m.text_of("[data-testid=benefits-next]"),
        "At the next tier Gold: Birthday coupon ¥30 · Flash-sale limit per member +1"
    );
    assert_eq!(m.text_of("[data-testid=birthday]"), "Birthday 1990-12-03");
    assert_eq!(m.count("[data-testid=birthday-form]"), 0, "set once: no form");
    m.state.lang.set(Lang::Zh);
    settle().await;
    assert_eq!(m.text_of("[data-testid=benefits-now]"), "生日礼券 ¥10");
}

#[wasm_bindgen_test]
async fn a_member_without_a_birthday_gives_it_once_from_the_card() {
    fake_api();
    ok("GET /api/me", member_json());
    ok("PUT /api/me/birthday", with(member_json(), json!({"birthday": "1990-12-03"})));
    let m = shop("/member", Lang::En, signed_in).await;
    m.wait_for("[data-testid=birthday-form]").await;
    type_into(&m.get("[data-testid=birthday-form] input[name=birthday]"), "1990-12-03");
    click(&m.get("[data-testid=birthday-form] button[type=submit]"));
    m.wait_for("[data-testid=birthday]").await;
    assert_eq!(m.text_of("[data-testid=birthday]"), "Birthday 1990-12-03");
    let sent = calls_to("PUT /api/me/birthday");
    assert_eq!(sent[0].body, Some(json!({"birthday": "1990-12-03"})));
    assert_eq!(sent[0].auth.as_deref(), Some("Bearer tok-member"));
}

#[wasm_bindgen_test]
async fn a_birthday_already_set_is_refused_in_the_members_words() {
    fake_api();
    ok("GET /api/me", member_json());
    refuse("PUT /api/me/birthday", 409, "CONFLICT", "the birthday is already set and cannot be changed");
    let m = shop("/member", Lang::En, signed_in).await;
    m.wait_for("[data-testid=birthday-form]").await;
    type_into(&m.get("[data-testid=birthday-form] input[name=birthday]"), "1990-12-03");
    click(&m.get("[data-testid=birthday-form] button[type=submit]"));
    m.wait_for("[data-testid=birthday-form] [role=alert]").await;
    assert_eq!(m.count("[data-testid=birthday]"), 0);
}
