//! The manager's tab: create a flash sale in their store (its units are reserved from the
//! store's pool at once). Campaigns are created on `/guide/manage/campaigns`, from choices.

use super::form_parts::{Outcome, labelled_input, refused};
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
    let message: Outcome = RwSignal::new(None);
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
                Err(e) => refused(state, message, &e),
            }
        });
    };
    let input = move |label, name, kind, value| labelled_input(state, label, name, kind, value);
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
