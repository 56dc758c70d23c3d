//! The member page signed out: the sign-in form, its switch to registration, and the language.
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use app::pages::member::MemberPage;
use common::*;
use leptos::prelude::*;
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
