//! The stock tab: a product's figures in every store, and a sale at the counter from the same
//! pool. The guide types a SKU or scans the barcode on the goods (a keyboard-wedge scanner types
//! its digits, or the camera reads it with the Scan button); a barcode is checked here, then
//! looked up, and its SKU fills the field.

use super::on_staff_error;
use crate::AppState;
use crate::api;
use crate::components::scanner::Scanner;
use crate::i18n::{Key, Lang};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::{CounterSaleRequest, StockRow};
use shared::barcode::{ProductRef, ProductRefError};
use shared::scan::{CodeKind, Scanned};

#[component]
pub fn StockTab(token: String) -> impl IntoView {
    let state = AppState::get();
    let sku = RwSignal::new(String::new());
    let qty = RwSignal::new("1".to_owned());
    let rows = RwSignal::new(Vec::<StockRow>::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let found = RwSignal::new(None::<String>);
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
    let find = move || {
        message.set(None);
        found.set(None);
        match ProductRef::parse(&sku.get_untracked()) {
            Ok(ProductRef::Barcode(code)) => leptos::task::spawn_local(async move {
                let filter = api::ProductFilter { barcode: Some(code.to_string()), ..Default::default() };
                match api::products(&filter).await.map(|p| p.into_iter().next()) {
                    Ok(Some(p)) => {
                        found.set(Some(format!(
                            "{} · {} · {}",
                            if state.lang.get_untracked() == Lang::En { &p.name_en } else { &p.name },
                            p.sku,
                            code
                        )));
                        sku.set(p.sku.to_string());
                        look_up();
                    }
                    Ok(None) => {
                        rows.set(Vec::new());
                        message.set(Some(Err(format!("{} {code}", state.t(Key::NoSuchBarcode)))));
                    }
                    Err(e) => message.set(Some(Err(state.describe(&e)))),
                }
            }),
            Err(ProductRefError::Barcode(_)) => {
                rows.set(Vec::new());
                message.set(Some(Err(state.t(Key::BadBarcode).to_owned())));
            }
            // A SKU, or text the server will refuse with its own message.
            Ok(ProductRef::Sku(_)) | Err(ProductRefError::Sku(_)) => look_up(),
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        find();
    };
    let scanned = Callback::new(move |c: Scanned| {
        sku.set(c.text().to_owned());
        find();
    });
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
        <nav class="chips">
            <A href=super::transfers::PATH attr:class="chip" attr:data-testid="to-transfers">{move || state.t(Key::Transfers)}</A>
            <A href=super::counter::PATH attr:class="chip" attr:data-testid="to-ring-up">{move || state.t(Key::RingUp)}</A>
        </nav>
        <form class="form" on:submit=submit>
            <label>{move || state.t(Key::SkuOrBarcode)}
                <input type="text" name="sku" required autocomplete="off" placeholder="SKU-1001 / 6920444010011" prop:value=move || sku.get()
                    on:input=move |ev| { found.set(None); sku.set(event_target_value(&ev)) }/>
            </label>
            {move || found.get().map(|f| view! { <p class="muted" data-testid="stock-product">{f}</p> })}
            <button class="btn wide" type="submit">{move || state.t(Key::Lookup)}</button>
            <Scanner accepted=&[CodeKind::ProductBarcode] on_scan=scanned manual=false/>
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
