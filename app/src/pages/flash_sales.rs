//! `/flash-sales`: the sales of the selected store with live countdowns, remaining units that
//! refresh while the page is open, and a buy button that knows upcoming, live, sold out and the
//! member's limit.

use crate::AppState;
use crate::api;
use crate::clock::now_ms;
use crate::components::status::{ErrorView, Loading};
use crate::components::store_picker::StorePicker;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use crate::sale_clock::{Button, Countdown, button, countdown, hms, taken_percent};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use send_wrapper::SendWrapper;
use shared::api::FlashSaleView;
use shared::order::{LineRequest, OrderRequest};

/// Seconds between refreshes of the remaining units.
const REFRESH_SECS: i64 = 3;

#[component]
pub fn FlashSalesPage() -> impl IntoView {
    let state = AppState::get();
    let now = RwSignal::new(now_ms());
    let sales = LocalResource::new(move || {
        let store = state.store.get();
        let token = state.member_token.get();
        async move { api::flash_sales(store.as_deref(), token.as_deref()).await }
    });
    let ticks = RwSignal::new(0i64);
    let interval = SendWrapper::new(gloo_timers::callback::Interval::new(1_000, move || {
        now.set(now_ms());
        ticks.update(|t| *t += 1);
        if ticks.get_untracked() % REFRESH_SECS == 0 {
            sales.refetch();
        }
    }));
    on_cleanup(move || drop(interval));
    let message = RwSignal::new(None::<String>);
    let list = move || {
        sales.get().map(|r| match r {
            Ok(list) if list.is_empty() => view! { <p class="empty">{state.t(Key::NoSales)}</p> }.into_any(),
            Ok(list) => list
                .into_iter()
                .map(|sale| view! { <SaleCard sale=sale now=now message=message on_change=Callback::new(move |_| sales.refetch())/> })
                .collect_view()
                .into_any(),
            Err(e) => view! { <ErrorView message=state.describe(&e) on_retry=Callback::new(move |_| sales.refetch())/> }.into_any(),
        })
    };
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::TabFlash).to_owned())/>
        <StorePicker/>
        {move || message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="sale-error">{m}</p> })}
        <Transition fallback=|| view! { <Loading/> }>
            <div class="sales" data-testid="sales">{list}</div>
        </Transition>
    }
}

#[component]
fn SaleCard(
    sale: FlashSaleView,
    now: RwSignal<i64>,
    message: RwSignal<Option<String>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let state = AppState::get();
    let navigate = use_navigate();
    // One key per intended purchase: a retry after a network error reuses it.
    let key = StoredValue::new(api::new_key());
    let busy = RwSignal::new(false);
    let stored = StoredValue::new(sale.clone());
    let state_button = move || stored.with_value(|s| button(s, now.get()));
    let s2 = sale.clone();
    let clock = move || match countdown(s2.starts_at, s2.ends_at, now.get()) {
        Countdown::ToStart(secs) => format!("{} {}", state.t(Key::StartsIn), hms(secs)),
        Countdown::ToEnd(secs) => format!("{} {}", state.t(Key::EndsIn), hms(secs)),
        Countdown::Over => state.t(Key::SaleOver).to_owned(),
    };
    let (sale_id, sku, store) = (sale.id.clone(), sale.sku.clone(), sale.store_id.clone());
    let buy = move |_| {
        let Some(token) = state.member_token.get_untracked() else {
            message.set(Some(state.t(Key::SignInToBuy).to_owned()));
            navigate("/member", Default::default());
            return;
        };
        let body = OrderRequest {
            store_id: store.clone(),
            lines: vec![LineRequest { sku: sku.clone(), qty: 1, flash_sale_id: Some(sale_id.clone()) }],
            coupon_id: None,
        };
        busy.set(true);
        message.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = api::place_order(&token, &key.get_value(), &body).await;
            busy.set(false);
            match result {
                Ok(order) => navigate(&format!("/orders/{}", order.id), Default::default()),
                Err(e) => {
                    state.on_member_error(&e);
                    if !matches!(e, api::ClientError::Network(_)) {
                        key.set_value(api::new_key()); // refused: the next click is a new attempt
                    }
                    message.set(Some(state.describe(&e)));
                    on_change.run(());
                }
            }
        });
    };
    let (zh, en) = (sale.title.clone(), sale.title_en.clone());
    let label = move || {
        state.t(match state_button() {
            Button::Upcoming => Key::ComingSoon,
            Button::Buy => Key::BuyNow,
            Button::SoldOut => Key::SoldOutButton,
            Button::LimitReached => Key::LimitReached,
            Button::Ended => Key::SaleEnded,
        })
    };
    let taken = taken_percent(&sale);
    view! {
        <article class="sale-card" data-sale=sale.id.clone()>
            <img src=sale.image.clone() alt="" width="96" height="96"/>
            <div class="sale-body">
                <h2>{move || state.lang.get().pick(&zh, &en).to_owned()}</h2>
                <div class="price">{sale.price_fen.label()}<span class="was">{sale.original_price_fen.label()}</span></div>
                <div class="sale-clock" data-testid="sale-clock">{clock}</div>
                <div class="sale-meta">
                    <span data-testid="remaining">{move || state.t(Key::Remaining)} " " {sale.remaining} "/" {sale.quantity}</span>
                    <span>{move || state.t(Key::PerMember)} " " {sale.per_member_limit}</span>
                </div>
                <div class="sale-bar"><div style=format!("width:{taken}%")></div></div>
                <button class="btn buy" data-testid="buy" disabled=move || busy.get() || state_button() != Button::Buy on:click=buy>
                    {label}
                </button>
            </div>
        </article>
    }
}
