//! The returns tab: look up any order of the chain, choose the units coming back, refund them.
//! The goods join this store's stock whichever store they were collected from.

use super::on_staff_error;
use crate::AppState;
use crate::api;
use crate::i18n::Key;
use leptos::prelude::*;
use shared::api::Order;
use shared::returns::{ReturnLineRequest, ReturnRequest};

#[component]
pub fn ReturnsTab(token: String) -> impl IntoView {
    let state = AppState::get();
    let token = StoredValue::new(token);
    let order_id = RwSignal::new(String::new());
    let order = RwSignal::new(None::<Order>);
    let qty = RwSignal::new(Vec::<(String, u32)>::new());
    let reason = RwSignal::new(String::new());
    // The customer who owns the order must be there: their dynamic member code, scanned here.
    let member_code = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let key = StoredValue::new(api::new_key());
    let fail = move |e: api::ClientError| {
        on_staff_error(state, &e);
        message.set(Some(Err(state.describe(&e))));
    };
    let look_up = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        let (t, id) = (token.get_value(), order_id.get_untracked().trim().to_uppercase());
        leptos::task::spawn_local(async move {
            match api::staff_order(&t, &id).await {
                Ok(o) => {
                    qty.set(o.lines.iter().map(|l| (l.sku.clone(), 0)).collect());
                    order.set(Some(o));
                }
                Err(e) => {
                    order.set(None);
                    fail(e);
                }
            }
        });
    };
    let submit = move |_| {
        let Some(o) = order.get_untracked() else { return };
        let lines: Vec<ReturnLineRequest> = qty
            .get_untracked()
            .into_iter()
            .filter(|(_, q)| *q > 0)
            .map(|(sku, q)| ReturnLineRequest { sku, qty: i64::from(q) })
            .collect();
        let code = member_code.get_untracked().trim().to_owned();
        let body =
            ReturnRequest { order_id: o.id.clone(), lines, reason: reason.get_untracked(), member_code: Some(code) };
        let t = token.get_value();
        message.set(None);
        leptos::task::spawn_local(async move {
            match api::return_goods(&t, &key.get_value(), &body).await {
                Ok(r) => {
                    key.set_value(api::new_key());
                    member_code.set(String::new());
                    let kept = match r.kept_fen.get() {
                        0 => String::new(),
                        _ => format!(" · −{} ({})", r.kept_fen.label(), r.kept_note),
                    };
                    message.set(Some(Ok(format!(
                        "{} {} · {}{kept}",
                        state.t(Key::RefundedBack),
                        r.refund_fen.label(),
                        r.id
                    ))));
                    if let Ok(fresh) = api::staff_order(&t, &r.order_id).await {
                        qty.set(fresh.lines.iter().map(|l| (l.sku.clone(), 0)).collect());
                        order.set(Some(fresh));
                    }
                }
                Err(e) => fail(e),
            }
        });
    };
    let set_qty = move |sku: String, value: String| {
        let n = value.trim().parse().unwrap_or(0);
        qty.update(|list| {
            if let Some(entry) = list.iter_mut().find(|(s, _)| *s == sku) {
                entry.1 = n;
            }
        });
    };
    view! {
        <form class="form" on:submit=look_up data-testid="return-lookup">
            <p class="hint">{move || state.t(Key::ReturnHint)}</p>
            <label>{move || state.t(Key::ReturnOrderId)}
                <input type="text" name="order_id" autocomplete="off" required autocapitalize="characters"
                    prop:value=move || order_id.get() on:input=move |ev| order_id.set(event_target_value(&ev))/>
            </label>
            <button class="btn wide" type="submit">{move || state.t(Key::Lookup)}</button>
        </form>
        {move || message.get().map(|m| match m {
            Ok(t) => view! { <p class="form-ok" data-testid="return-ok">{t}</p> }.into_any(),
            Err(t) => view! { <p class="form-error" role="alert" data-testid="return-error">{t}</p> }.into_any(),
        })}
        {move || order.get().map(|o| {
            let lines = o.lines.iter().map(|l| {
                let (sku, left) = (l.sku.clone(), l.qty - l.returned_qty.min(l.qty));
                let shown = {
                    let sku = sku.clone();
                    move || qty.get().iter().find(|(s, _)| *s == sku).map(|(_, q)| q.to_string()).unwrap_or_default()
                };
                let name = state.lang.get().pick(&l.name, &l.name_en).to_owned();
                view! {
                    <li class="return-line" data-sku=l.sku.clone()>
                        <span class="line-name">{name} <small>" " {l.sku.clone()}</small></span>
                        <span>"× " {l.qty} " · " {state.t(Key::Returned)} " " {l.returned_qty}</span>
                        <label>{state.t(Key::ReturnQty)}
                            <input type="number" name="return-qty" min="0" max=left prop:value=shown disabled=left == 0
                                on:input=move |ev| set_qty(sku.clone(), event_target_value(&ev))/>
                        </label>
                    </li>
                }
            }).collect_view();
            view! {
                <section class="form return-box" data-testid="return-order" data-status=o.status.as_str()>
                    <h3>{o.id.clone()} " · " {o.store_id.clone()} " · " {o.total_fen.label()}</h3>
                    <ul class="return-lines">{lines}</ul>
                    <label>{state.t(Key::ReturnReason)}
                        <input type="text" name="reason" maxlength="60" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                    </label>
                    <label>{state.t(Key::ReturnMemberCode)}
                        <input type="text" name="member_code" inputmode="numeric" autocomplete="off" maxlength="18"
                            prop:value=move || member_code.get() on:input=move |ev| member_code.set(event_target_value(&ev))/>
                    </label>
                    <button class="btn wide secondary" type="button" data-testid="take-back"
                        disabled=move || qty.get().iter().all(|(_, q)| *q == 0) || member_code.get().trim().is_empty()
                        on:click=submit>{state.t(Key::TakeBack)}</button>
                </section>
            }
        })}
    }
}
