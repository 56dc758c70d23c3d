//! One order's detail: its lines and total, and what its status lets the member do.

use super::orders::status_class;
use crate::AppState;
use crate::api;
use crate::clock::seconds_left;
use crate::codes::{grouped, qr_svg};
use crate::i18n::{self, Key};
use crate::sale_clock::hms;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::Order;
use shared::order::OrderStatus;

/// One order as its page shows it, at time `now` (ms): what the member can do in its status
/// (pay or cancel while pending, show the pickup code when ready, when and where once collected,
/// why it closed otherwise). `on_change` runs after an action, for the page to reload the order;
/// the page passes `error` in so that a refusal stays on screen when the reloaded order redraws
/// this view.
#[component]
pub fn OrderDetail(
    order: Order,
    #[prop(into)] now: Signal<i64>,
    on_change: Callback<()>,
    #[prop(optional)] error: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = AppState::get();
    let busy = RwSignal::new(false);
    let order_id = StoredValue::new(order.id.clone());
    let act = Callback::new(move |what: &'static str| {
        let Some(token) = state.member_token.get_untracked() else { return };
        let id = order_id.get_value();
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = match what {
                "cancel" => api::cancel(&token, &id).await,
                method => api::pay(&token, &id, method).await,
            };
            busy.set(false);
            if let Err(e) = result {
                state.on_member_error(&e);
                error.set(Some(state.describe(&e)));
            }
            on_change.run(());
        });
    });
    let status = order.status;
    let lines = order
        .lines
        .iter()
        .map(|l| {
            let (zh, en) = (l.name.clone(), l.name_en.clone());
            view! {
                <li class="line">
                    <img src=l.image.clone() alt="" width="48" height="48"/>
                    <span class="line-name">{move || state.lang.get().pick(&zh, &en).to_owned()}</span>
                    <span>"× " {l.qty}</span>
                    {(l.returned_qty > 0).then(|| view! { <span class="returned" data-testid="returned">{move || state.t(Key::Returned)} " " {l.returned_qty}</span> })}
                    <span class="price">{l.unit_price_fen.label()}</span>
                </li>
            }
        })
        .collect_view();
    let lock_until = order.lock_expires_at;
    let pending = move || {
        view! {
            <section class="pay-box" data-testid="pay-box">
                <p>{move || state.t(Key::PayWithin)}</p>
                <div class="lock-clock" data-testid="lock-clock">{move || hms(state.lang.get(), seconds_left(lock_until, now.get()))}</div>
                <button class="btn wide" data-testid="pay-balance" disabled=move || busy.get() on:click=move |_| act.run("balance")>{move || state.t(Key::PayBalance)}</button>
                <button class="btn wide secondary" data-testid="pay-sandbox" disabled=move || busy.get() on:click=move |_| act.run("sandbox")>{move || state.t(Key::PayGateway)}</button>
                <button class="link" data-testid="cancel" disabled=move || busy.get() on:click=move |_| act.run("cancel")>{move || state.t(Key::CancelOrder)}</button>
            </section>
        }
    };
    // Once collected the code is spent: the page says when and where instead of showing it.
    let collected = order.picked_up_at.map(|at| {
        let place = order
            .pickup
            .as_ref()
            .map(|p| (p.store_name.clone().unwrap_or_default(), p.store_name_en.clone().unwrap_or_default()));
        let (zh, en) = place.unwrap_or_default();
        view! {
            <p class="empty closed-note" data-testid="picked-up-note">{move || state.t(Key::PickedUpOn)} " "
                {let store = order.store_id.clone(); move || state.local_time(at, Some(&store))} " · " {move || state.lang.get().pick(&zh, &en).to_owned()}</p>
        }
    });
    let pickup = order.pickup.clone().filter(|_| status == OrderStatus::ReadyForPickup).map(|p| {
        let code = p.code.clone().unwrap_or_default();
        let qr = qr_svg(&code, 200).unwrap_or_default();
        let floor = p.floor.clone().unwrap_or_default();
        let store_zh = p.store_name.clone().unwrap_or_else(|| order.store_id.clone());
        let store_en = p.store_name_en.clone().unwrap_or_else(|| order.store_id.clone());
        let place_zh = format!("{store_zh} {floor} {}", p.counter_name.clone().unwrap_or_default());
        let place_en = format!("{store_en}, {floor} {}", p.counter_name_en.clone().unwrap_or_default());
        view! {
            <section class="pickup-box" data-testid="pickup">
                <h3>{move || state.t(Key::PickupCode)}</h3>
                <div class="qr" inner_html=qr></div>
                <div class="code-digits" data-testid="pickup-code" data-code=code.clone()>{grouped(&code)}</div>
                <p><strong>{move || state.t(Key::PickupAt)}</strong> " " {move || state.lang.get().pick(&place_zh, &place_en).to_owned()}</p>
                <p class="hint">{move || state.t(Key::ShowAtCounter)}</p>
            </section>
        }
    });
    // Units on their way from another store: the code is shown once they have arrived.
    let stores = crate::store_list::StoreList::provided();
    let arriving = order.from_store.clone().filter(|_| status == OrderStatus::AwaitingTransfer).map(|from| {
        let name = move || stores.name(&from, state.lang.get());
        view! { <p class="hint arriving" data-testid="arriving">{move || state.t(Key::ArrivingFrom)} " " {name}</p> }
    });
    view! {
        <article class="order-detail" data-order=order.id.clone() data-status=status.as_str()>
            <div class="order-head">
                <span class=status_class(status) data-testid="order-status">{move || i18n::order_status(state.lang.get(), status)}</span>
                <small>{order.id.clone()}</small>
            </div>
            {order.placed_by.clone().map(|g| view! {
                <p class="placed-by" data-testid="placed-by">{move || state.t(Key::PlacedByGuide)} " " {g.clone()}</p>
            })}
            <ul class="lines">{lines}</ul>
            {(order.discount_fen > shared::Fen::ZERO).then(|| view! {
                <div class="order-total discount" data-testid="order-discount">{move || state.t(Key::Discount)} " -" {order.discount_fen.label()}</div>
            })}
            <div class="order-total">{move || state.t(Key::Total)} " " <span class="price big" data-testid="order-total">{order.total_fen.label()}</span></div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="order-error">{e}</p> })}
            {(status == OrderStatus::PendingPayment).then(pending)}
            {matches!(status, OrderStatus::Expired | OrderStatus::Cancelled).then(|| view! {
                <p class="empty closed-note">{move || state.t(if status == OrderStatus::Expired { Key::ExpiredNote } else { Key::CancelledNote })}
                    " " <A href="/flash-sales">{move || state.t(Key::TabFlash)}</A></p>
            })}
            {(!order.rewards.is_empty()).then(|| {
                let titles = order.rewards.iter().map(|r| view! { <li>{r.title.clone()}</li> }).collect_view();
                view! {
                    <section class="rewards-box" data-testid="rewards">
                        <h3>{move || state.t(Key::RewardsEarned)}</h3>
                        <ul>{titles}</ul>
                        <A href="/member/coupons">{move || state.t(Key::MyCoupons)}</A>
                    </section>
                }
            })}
            {order.red_envelope.clone().map(|envelope| view! { <super::red_envelope::EnvelopeShare envelope/> })}
            {arriving}
            {pickup}
            {collected}
        </article>
    }
}
