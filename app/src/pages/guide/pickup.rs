//! The pickup tab: scan the customer's pickup code and hand the order over (once). A code typed
//! (or sent by a keyboard-wedge scanner) hands over at once; a code read by the camera first
//! shows the order's lines (the code stays unused) and the guide confirms the hand-over.

use super::on_staff_error;
use crate::AppState;
use crate::api;
use crate::components::scanner::Scanner;
use crate::i18n::{self, Key};
use leptos::prelude::*;
use shared::api::Order;
use shared::scan::{CodeKind, Scanned};

#[component]
pub fn PickupTab(token: String) -> impl IntoView {
    let state = AppState::get();
    let code = RwSignal::new(String::new());
    let done = RwSignal::new(None::<Order>);
    let error = RwSignal::new(None::<String>);
    let preview = RwSignal::new(None::<(String, Order)>);
    let token = StoredValue::new(token);
    let fail = move |e: api::ClientError| {
        on_staff_error(state, &e);
        error.set(Some(state.describe(&e)));
    };
    let hand_over = move |text: String| {
        error.set(None);
        done.set(None);
        preview.set(None);
        leptos::task::spawn_local(async move {
            match api::pick_up(&token.get_value(), &text).await {
                Ok(order) => {
                    done.set(Some(order));
                    code.set(String::new());
                }
                Err(e) => fail(e),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        hand_over(code.get_untracked().trim().to_owned());
    };
    let scanned = Callback::new(move |c: Scanned| {
        let text = c.text().to_owned();
        error.set(None);
        done.set(None);
        leptos::task::spawn_local(async move {
            match api::preview_pickup(&token.get_value(), &text).await {
                Ok(order) => preview.set(Some((text, order))),
                Err(e) => fail(e),
            }
        });
    });
    view! {
        <form class="form" on:submit=submit data-testid="pickup-form">
            <label>{move || state.t(Key::PickupVerify)}
                <input type="text" name="pickup_code" inputmode="numeric" autocomplete="off" required
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
            </label>
            <Scanner accepted=&[CodeKind::PickupCode] on_scan=scanned manual=false/>
            <button class="btn wide" type="submit">{move || state.t(Key::HandOver)}</button>
        </form>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="pickup-error">{e}</p> })}
        {move || preview.get().map(|(text, order)| view! {
            <section class="form" data-testid="pickup-preview">
                <HandedOver order=order/>
                <button class="btn wide" type="button" data-testid="confirm-hand-over"
                    on:click=move |_| hand_over(text.clone())>{move || state.t(Key::ConfirmHandOver)}</button>
            </section>
        })}
        {move || done.get().map(|o| view! { <HandedOver order=o/> })}
    }
}

/// What the counter sees after a pickup: the order's status, its lines and total.
#[component]
pub fn HandedOver(order: Order) -> impl IntoView {
    let state = AppState::get();
    let status = order.status;
    view! {
        <section class="member-summary" data-testid="pickup-done" data-status=status.as_str()>
            <h3>{move || i18n::order_status(state.lang.get(), status)} " · " {order.id.clone()}</h3>
            {order.lines.iter().map(|l| {
                let (zh, en) = (l.name.clone(), l.name_en.clone());
                view! { <p>{move || state.lang.get().pick(&zh, &en).to_owned()} " × " {l.qty}</p> }
            }).collect_view()}
            <p>{move || state.t(Key::Total)} " " <strong>{order.total_fen.label()}</strong></p>
        </section>
    }
}
