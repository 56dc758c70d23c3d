//! The stock tab: a SKU's figures in every store, and a sale at the counter from the same pool.

use super::on_staff_error;
use crate::AppState;
use crate::api;
use crate::i18n::Key;
use leptos::prelude::*;
use shared::api::{CounterSaleRequest, StockRow};

#[component]
pub fn StockTab(token: String) -> impl IntoView {
    let state = AppState::get();
    let sku = RwSignal::new(String::new());
    let qty = RwSignal::new("1".to_owned());
    let rows = RwSignal::new(Vec::<StockRow>::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let key = StoredValue::new(api::new_key());
    let token = StoredValue::new(token);
    let look_up = move || {
        let t = token.get_value();
        leptos::task::spawn_local(async move {
            match api::stock(&t, sku.get_untracked().trim()).await {
                Ok(r) => rows.set(r),
                Err(e) => {
                    on_staff_error(state, &e);
                    rows.set(Vec::new());
                    message.set(Some(Err(state.describe(&e))));
                }
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        look_up();
    };
    let sell = move |_| {
        let t = token.get_value();
        let body = CounterSaleRequest {
            sku: sku.get_untracked().trim().to_owned(),
            qty: qty.get_untracked().trim().parse().unwrap_or(0),
        };
        message.set(None);
        leptos::task::spawn_local(async move {
            match api::counter_sale(&t, &key.get_value(), &body).await {
                Ok(row) => {
                    key.set_value(api::new_key());
                    message.set(Some(Ok(format!(
                        "{} {} × {} · {} {}",
                        state.t(Key::Sold),
                        body.sku,
                        body.qty,
                        state.t(Key::Available),
                        row.available
                    ))));
                    look_up();
                }
                Err(e) => {
                    on_staff_error(state, &e);
                    message.set(Some(Err(state.describe(&e))));
                }
            }
        });
    };
    let cell = |v: u32| view! { <td>{v}</td> };
    view! {
        <form class="form" on:submit=submit>
            <label>{move || state.t(Key::Sku)}
                <input type="text" name="sku" required placeholder="SKU-1001" prop:value=move || sku.get() on:input=move |ev| sku.set(event_target_value(&ev))/>
            </label>
            <button class="btn wide" type="submit">{move || state.t(Key::Lookup)}</button>
            <label>{move || state.t(Key::Qty)}
                <input type="number" name="qty" min="1" max="999" prop:value=move || qty.get() on:input=move |ev| qty.set(event_target_value(&ev))/>
            </label>
            <button class="btn wide secondary" type="button" data-testid="counter-sell" on:click=sell>{move || state.t(Key::CounterSell)}</button>
        </form>
        {move || message.get().map(|m| match m {
            Ok(t) => view! { <p class="form-ok" data-testid="stock-ok">{t}</p> }.into_any(),
            Err(t) => view! { <p class="form-error" role="alert">{t}</p> }.into_any(),
        })}
        <Show when=move || !rows.get().is_empty()>
            <table class="stock-table" data-testid="stock-table">
                <thead><tr>
                    <th></th><th>{move || state.t(Key::OnHand)}</th><th>{move || state.t(Key::Available)}</th>
                    <th>{move || state.t(Key::Locked)}</th><th>{move || state.t(Key::Awaiting)}</th><th>{move || state.t(Key::Reserved)}</th>
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|r| view! {
                        <tr data-store=r.store_id.clone()>
                            <th>{r.store_id.clone()}</th>{cell(r.on_hand)}{cell(r.available)}{cell(r.locked)}{cell(r.awaiting_pickup)}{cell(r.reserved)}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Show>
    }
}
