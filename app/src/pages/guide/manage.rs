//! The manager's tab: create a flash sale in their store (its units are reserved from the
//! store's pool at once).

use super::on_staff_error;
use crate::AppState;
use crate::api;
use crate::clock::{next_hour_local, now_ms, parse_local};
use crate::i18n::Key;
use crate::pages::wallet::yuan_to_fen;
use chrono::{DateTime, Duration};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::flash_sale::SaleRequest;

#[component]
pub fn ManageTab(token: String, store: String) -> impl IntoView {
    let state = AppState::get();
    let field = |init: &str| RwSignal::new(init.to_owned());
    let (sku, price, quantity, limit) = (field(""), field("9.9"), field("20"), field("1"));
    let (starts, minutes, buckets) = (field(""), field("60"), field("1"));
    // The suggested start is the next hour in the store's zone; it follows the zone once the
    // stores load, until the manager types their own.
    let zone_store = store.clone();
    Effect::new(move |suggested: Option<String>| {
        let now = DateTime::from_timestamp_millis(now_ms()).unwrap_or_default();
        let next = next_hour_local(now, state.zones.with(|z| z.offset_of(Some(&zone_store))));
        if suggested.is_none_or(|s| s == starts.get_untracked()) {
            starts.set(next.clone());
        }
        next
    });
    let message = RwSignal::new(None::<Result<String, String>>);
    let key = StoredValue::new(api::new_key());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        let offset = state.zones.with_untracked(|z| z.offset_of(Some(&store)));
        let Some(starts_at) = parse_local(&starts.get_untracked(), offset) else {
            message.set(Some(Err(state.t(Key::StartsAt).to_owned())));
            return;
        };
        let num = |s: RwSignal<String>| s.get_untracked().trim().parse::<i64>().unwrap_or(0);
        let body = SaleRequest {
            sku: sku.get_untracked().trim().to_owned(),
            store_id: store.clone(),
            price_fen: yuan_to_fen(&price.get_untracked()).unwrap_or(0),
            quantity: num(quantity),
            per_member_limit: num(limit),
            starts_at,
            ends_at: starts_at + Duration::minutes(num(minutes)),
            title: None,
            buckets: Some(num(buckets)),
            lock_minutes: None,
        };
        let token = token.clone();
        leptos::task::spawn_local(async move {
            match api::create_flash_sale(&token, &key.get_value(), &body).await {
                Ok(sale) => {
                    key.set_value(api::new_key());
                    message.set(Some(Ok(format!("{} {} · {}", state.t(Key::SaleCreated), sale.id, sale.title))));
                }
                Err(e) => {
                    on_staff_error(state, &e);
                    message.set(Some(Err(state.describe(&e))));
                }
            }
        });
    };
    let input = move |label: Key, name: &'static str, kind: &'static str, value: RwSignal<String>| {
        view! {
            <label>{move || state.t(label)}
                <input type=kind name=name required prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
        }
    };
    view! {
        <nav class="chips"><A href=super::transfers::PATH attr:class="chip" attr:data-testid="to-transfers">{move || state.t(Key::Transfers)}</A></nav>
        <form class="form" on:submit=submit data-testid="create-sale">
            <h3>{move || state.t(Key::CreateSale)}</h3>
            {input(Key::Sku, "sku", "text", sku)}
            {input(Key::SalePrice, "price", "text", price)}
            {input(Key::Quantity, "quantity", "number", quantity)}
            {input(Key::Limit, "limit", "number", limit)}
            {input(Key::StartsAt, "starts_at", "datetime-local", starts)}
            {input(Key::DurationMinutes, "minutes", "number", minutes)}
            {input(Key::Buckets, "buckets", "number", buckets)}
            <button class="btn wide" type="submit">{move || state.t(Key::CreateSale)}</button>
        </form>
        {move || message.get().map(|m| match m {
            Ok(t) => view! { <p class="form-ok" data-testid="sale-created">{t}</p> }.into_any(),
            Err(t) => view! { <p class="form-error" role="alert">{t}</p> }.into_any(),
        })}
    }
}

/// Create a coupon campaign for the manager's store (a threshold coupon, "spend X, get Y off": the common case).
#[component]
pub fn CampaignForm(token: String) -> impl IntoView {
    let state = AppState::get();
    let field = |init: &str| RwSignal::new(init.to_owned());
    let (title, threshold, off, quantity, scope, days) =
        (field(""), field("300"), field("50"), field("100"), field("all"), field("7"));
    let reward_min = field("");
    let message = RwSignal::new(None::<Result<String, String>>);
    let key = StoredValue::new(api::new_key());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        let now = DateTime::from_timestamp_millis(now_ms()).unwrap_or_default();
        // A minimum order total makes it a post-payment reward (given, not claimed).
        let reward = yuan_to_fen(&reward_min.get_untracked()).filter(|f| *f > 0);
        let body = shared::coupon::CampaignRequest {
            title: title.get_untracked(),
            kind: shared::coupon::CouponKind::Threshold,
            threshold_fen: yuan_to_fen(&threshold.get_untracked()),
            off_fen: yuan_to_fen(&off.get_untracked()),
            percent: None,
            scope: scope.get_untracked(),
            store_id: None,
            quantity: quantity.get_untracked().trim().parse().unwrap_or(0),
            per_member_limit: 1,
            starts_at: now,
            ends_at: now + Duration::days(30),
            valid_days: days.get_untracked().trim().parse().ok(),
            audience: reward.map(|_| shared::coupon::Audience::AfterPayment),
            flash_sale_ok: None,
            reward_min_fen: reward,
        };
        let token = token.clone();
        leptos::task::spawn_local(async move {
            match api::create_campaign(&token, &key.get_value(), &body).await {
                Ok(c) => {
                    key.set_value(api::new_key());
                    message.set(Some(Ok(format!("{} {} · {}", state.t(Key::CampaignCreated), c.id, c.title))));
                }
                Err(e) => {
                    on_staff_error(state, &e);
                    message.set(Some(Err(state.describe(&e))));
                }
            }
        });
    };
    let input = move |label: Key, name: &'static str, value: RwSignal<String>| {
        view! {
            <label>{move || state.t(label)}
                <input type="text" name=name required prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
        }
    };
    view! {
        <form class="form" on:submit=submit data-testid="create-campaign">
            <h3>{move || state.t(Key::CreateCampaign)}</h3>
            {input(Key::CampaignTitle, "title", title)}
            {input(Key::Threshold, "threshold", threshold)}
            {input(Key::OffAmount, "off", off)}
            {input(Key::Quantity, "quantity", quantity)}
            {input(Key::ValidDays, "valid_days", days)}
            <label>"scope"
                <input type="text" name="scope" prop:value=move || scope.get() on:input=move |ev| scope.set(event_target_value(&ev))/>
            </label>
            <label>{move || state.t(Key::RewardMin)}
                <input type="text" name="reward_min" inputmode="decimal" prop:value=move || reward_min.get() on:input=move |ev| reward_min.set(event_target_value(&ev))/>
            </label>
            <button class="btn wide" type="submit">{move || state.t(Key::CreateCampaign)}</button>
        </form>
        {move || message.get().map(|m| match m {
            Ok(t) => view! { <p class="form-ok" data-testid="campaign-created">{t}</p> }.into_any(),
            Err(t) => view! { <p class="form-error" role="alert">{t}</p> }.into_any(),
        })}
    }
}
