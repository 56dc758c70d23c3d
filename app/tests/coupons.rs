//! Coupons: a wallet coupon in each status, and a campaign in the coupon centre as claimable,
//! claimed and all gone.
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use app::pages::coupons::{CampaignCard, WalletCoupon};
use common::*;
use leptos::prelude::*;
use serde_json::{Value, json};
use shared::api::{CampaignView, CouponView};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn wallet(lang: Lang, status: &str) -> Mounted {
    let coupon: CouponView = fixture(coupon_json(status));
    mount(lang, |_| {}, move || view! { <WalletCoupon coupon=coupon now=NOW_MS/> }).await
}

async fn campaign(changes: Value, claims: RwSignal<Vec<String>>) -> Mounted {
    let c: CampaignView = fixture(with(campaign_json(), changes));
    mount(
        Lang::En,
        |_| {},
        move || {
            view! { <CampaignCard campaign=c claim=Callback::new(move |id: String| claims.update(|v| v.push(id)))/> }
        },
    )
    .await
}

#[wasm_bindgen_test]
async fn an_available_coupon_says_when_it_expires_and_offers_to_use_it() {
    let m = wallet(Lang::Zh, "available").await;
    assert_eq!(m.get(".wallet-coupon").get_attribute("data-status").as_deref(), Some("available"));
    assert_eq!(m.get(".ticket").class_name(), "ticket");
    assert_eq!(m.text_of("[data-testid=expires]"), "3天后过期");
    assert_eq!(m.get(".ticket-foot a").get_attribute("href").as_deref(), Some("/"));
    let m = wallet(Lang::En, "available").await;
    assert_eq!(m.text_of("[data-testid=expires]"), "expires in 3 days");
}

#[wasm_bindgen_test]
async fn a_coupon_held_by_a_pending_order_still_counts_as_available() {
    let m = wallet(Lang::En, "locked").await;
    assert_eq!(m.get(".wallet-coupon").get_attribute("data-status").as_deref(), Some("locked"));
    assert_eq!(m.get(".ticket").class_name(), "ticket");
    assert_eq!(m.count("[data-testid=expires]"), 1);
}

#[wasm_bindgen_test]
async fn used_and_expired_coupons_are_dimmed_without_actions() {
    for status in ["redeemed", "expired"] {
        let m = wallet(Lang::En, status).await;
        assert_eq!(m.get(".wallet-coupon").get_attribute("data-status").as_deref(), Some(status));
        assert_eq!(m.get(".ticket").class_name(), "ticket dim", "{status}");
        assert_eq!(m.count("[data-testid=expires]"), 0, "{status}");
        assert_eq!(m.count(".ticket-foot a"), 0, "{status}");
    }
}

#[wasm_bindgen_test]
async fn a_claimable_campaign_claims_on_click() {
    let claims = RwSignal::new(Vec::new());
    let m = campaign(json!({}), claims).await;
    assert_eq!(m.text_of("[data-testid=campaign-left]"), "Left 10/100");
    assert_eq!(m.text_of("[data-testid=claim]"), "Claim");
    assert_eq!(m.count("[data-testid=my-claimed]"), 0);
    click(&m.get("[data-testid=claim]"));
    settle().await;
    assert_eq!(claims.get_untracked(), ["CP1"]);
}

#[wasm_bindgen_test]
async fn a_campaign_at_the_members_limit_shows_it_claimed() {
    let claims = RwSignal::new(Vec::new());
    let m = campaign(json!({"my_claimed": 1}), claims).await;
    assert_eq!(m.text_of("[data-testid=claim]"), "Claimed");
    assert!(m.disabled("[data-testid=claim]"));
    assert_eq!(m.text_of("[data-testid=my-claimed]"), "Claimed 1/1");
    assert_eq!(m.get(".ticket").class_name(), "ticket dim");
}

#[wasm_bindgen_test]
async fn a_campaign_with_none_left_is_all_claimed() {
    let claims = RwSignal::new(Vec::new());
    let m = campaign(json!({"remaining": 0}), claims).await;
    assert_eq!(m.text_of("[data-testid=claim]"), "All claimed");
    assert!(m.disabled("[data-testid=claim]"));
    click(&m.get("[data-testid=claim]"));
    settle().await;
    assert!(claims.get_untracked().is_empty(), "a disabled button claims nothing");
}
