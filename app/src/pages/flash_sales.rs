//! `/flash-sales`: the sales of the selected store with live countdowns, remaining units pushed
//! over WebSockets while the page is open (polled only while a socket is down), and a buy button that knows upcoming, live, sold out and the
//! member's limit.

use crate::AppState;
use crate::api;
use crate::clock::now_ms;
use crate::components::status::{ErrorView, Loading};
use crate::components::store_picker::StorePicker;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use crate::live_stock::LiveFeeds;
use crate::sale_clock::{Button, Countdown, button, countdown, hms, taken_percent};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use send_wrapper::SendWrapper;
use shared::api::FlashSaleView;
use shared::order::{LineRequest, OrderRequest};

/// Seconds between refreshes of the remaining units while a live socket is down.
const REFRESH_SECS: i64 = 3;

#[component]
pub fn FlashSalesPage() -> impl IntoView {
    let state = AppState::get();
    let now = RwSignal::new(now_ms());
    // The latest list; cards are keyed by sale id and read their figures from it, so a refresh
    // updates numbers in place instead of rebuilding cards under the customer's finger.
    let sales = RwSignal::new(None::<Result<Vec<FlashSaleView>, api::ClientError>>);
    let load = move || {
        let (store, token) = (state.store.get_untracked(), state.member_token.get_untracked());
        leptos::task::spawn_local(async move {
            sales.set(Some(api::flash_sales(store.as_deref(), token.as_deref()).await));
        });
    };
    Effect::new(move |_| {
        state.store.track();
        state.member_token.track();
        load();
    });
    // Remaining counts are pushed; the page polls only while a sale's socket is down.
    let feeds = LiveFeeds::follow(sales);
    let ticks = RwSignal::new(0i64);
    let polled = feeds.clone();
    let interval = SendWrapper::new(gloo_timers::callback::Interval::new(1_000, move || {
        now.set(now_ms());
        ticks.update(|t| *t += 1);
        if ticks.get_untracked() % REFRESH_SECS == 0 && polled.polling() {
            load();
        }
    }));
    let feeds = SendWrapper::new(feeds);
    on_cleanup(move || {
        drop(interval);
        feeds.close();
    });
    let message = RwSignal::new(None::<String>);
    let listed = move || sales.with(|s| s.as_ref().and_then(|r| r.as_ref().ok()).cloned().unwrap_or_default());
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::TabFlash).to_owned())/>
        <StorePicker/>
        {move || message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="sale-error">{m}</p> })}
        {move || {
            let listed = sales.with(|s| s.as_ref().map(|r| r.as_ref().map(Vec::len).map_err(|e| state.describe(e))));
            view! { <SalesState listed=listed on_retry=Callback::new(move |_| load())/> }
        }}
        <div class="sales" data-testid="sales">
            <For each=listed key=|s| s.id.clone() let:sale>
                <SaleCard sale=sale sales=sales now=now message=message on_change=Callback::new(move |_| load())/>
            </For>
        </div>
    }
}

/// The list's state above the cards: loading (`None`), empty, or an error with a retry; nothing
/// while there are sales to show.
#[component]
pub fn SalesState(listed: Option<Result<usize, String>>, on_retry: Callback<()>) -> impl IntoView {
    let state = AppState::get();
    match listed {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(0)) => view! { <p class="empty" data-testid="no-sales">{move || state.t(Key::NoSales)}</p> }.into_any(),
        Some(Ok(_)) => ().into_any(),
        Some(Err(e)) => view! { <ErrorView message=e on_retry=on_retry/> }.into_any(),
    }
}

/// One sale at time `now` (ms): its countdown (to the start, to the end, or over), what is left,
/// and the buy button in the state the sale and the member's holdings put it in. Its figures
/// follow `sales` (the latest list) by id, so a refresh updates the card in place.
#[component]
pub fn SaleCard(
    sale: FlashSaleView,
    sales: RwSignal<Option<Result<Vec<FlashSaleView>, api::ClientError>>>,
    #[prop(into)] now: Signal<i64>,
    message: RwSignal<Option<String>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let state = AppState::get();
    let navigate = use_navigate();
    // One key per intended purchase: a retry after a network error reuses it.
    let key = StoredValue::new(api::new_key());
    let busy = RwSignal::new(false);
    // This sale as of the latest refresh (the figures that change: remaining, my_held, status).
    let id = sale.id.clone();
    let live = Memo::new(move |_| {
        sales.with(|s| s.as_ref().and_then(|r| r.as_ref().ok()).and_then(|l| l.iter().find(|x| x.id == id).cloned()))
    });
    let first = sale.clone();
    let current = move || live.get().unwrap_or_else(|| first.clone());
    let current2 = current.clone();
    let state_button = move || button(&current2(), now.get());
    let s2 = sale.clone();
    let clock = move || match countdown(s2.starts_at, s2.ends_at, now.get()) {
        Countdown::ToStart(secs) => format!("{} {}", state.t(Key::StartsIn), hms(state.lang.get(), secs)),
        Countdown::ToEnd(secs) => format!("{} {}", state.t(Key::EndsIn), hms(state.lang.get(), secs)),
        Countdown::Over => state.t(Key::SaleOver).to_owned(),
    };
    let (sale_id, sku, store) = (sale.id.clone(), sale.sku.clone(), sale.store_id.clone());
    let buy = move |_| {
        if state.member_token.get_untracked().is_none() {
            message.set(Some(state.t(Key::SignInToBuy).to_owned()));
            navigate("/member", Default::default());
            return;
        }
        let body = OrderRequest {
            store_id: store.clone(),
            lines: vec![LineRequest { sku: sku.clone(), qty: 1, flash_sale_id: Some(sale_id.clone()) }],
            coupon_id: None,
            from_store: None,
        };
        busy.set(true);
        message.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let outcome = super::orders::place_and_open(state, key, body, navigate).await;
            busy.set(false);
            if let Err(text) = outcome {
                message.set(Some(text));
                on_change.run(());
            }
        });
    };
    let (zh, en) = (sale.title.clone(), sale.title_en.clone());
    let state_button2 = state_button.clone();
    let state_button3 = state_button.clone();
    let upcoming = move || state_button3() == Button::Upcoming;
    let remind_id = sale.id.clone();
    let label = move || {
        state.t(match state_button2() {
            Button::Upcoming => Key::ComingSoon,
            Button::Buy => Key::BuyNow,
            Button::SoldOut => Key::SoldOutButton,
            Button::LimitReached => Key::LimitReached,
            Button::Ended => Key::SaleEnded,
            Button::Cancelled => Key::StatusCancelledSale,
        })
    };
    let c1 = current.clone();
    let remaining = move || {
        let s = c1();
        format!("{} {}/{}", state.t(Key::Remaining), s.remaining, s.quantity)
    };
    let taken = move || format!("width:{}%", taken_percent(&current()));
    view! {
        <article class="sale-card" data-sale=sale.id.clone()>
            <img src=sale.image.clone() alt="" width="96" height="96"/>
            <div class="sale-body">
                <h2>{move || state.lang.get().pick(&zh, &en).to_owned()}</h2>
                <div class="price">{sale.price_fen.label()}<span class="was">{sale.original_price_fen.label()}</span></div>
                <div class="sale-clock" data-testid="sale-clock">{clock}</div>
                <div class="sale-meta">
                    <span data-testid="remaining">{remaining}</span>
                    <span>{move || state.t(Key::PerMember)} " " {sale.per_member_limit}</span>
                </div>
                <div class="sale-bar"><div style=taken></div></div>
                <button class="btn buy" data-testid="buy" disabled=move || busy.get() || state_button() != Button::Buy on:click=buy>
                    {label}
                </button>
                <Show when=move || upcoming() && state.member_token.get().is_some()>
                    <RemindButton sale_id=remind_id.clone() message=message/>
                </Show>
            </div>
        </article>
    }
}

/// "Remind me" on an upcoming sale: a message 5 minutes before it starts (at once if sooner).
#[component]
fn RemindButton(sale_id: String, message: RwSignal<Option<String>>) -> impl IntoView {
    let state = AppState::get();
    let unread = crate::inbox::Unread::get();
    let reminded = RwSignal::new(false);
    let remind = move |_| {
        let Some(token) = state.member_token.get_untracked() else { return };
        let id = sale_id.clone();
        leptos::task::spawn_local(async move {
            match api::remind(&token, &id).await {
                Ok(_) => {
                    reminded.set(true);
                    unread.refresh(state);
                }
                Err(e) => message.set(Some(state.describe(&e))),
            }
        });
    };
    view! {
        <button class="btn secondary remind" data-testid="remind" disabled=move || reminded.get() on:click=remind>
            {move || state.t(if reminded.get() { Key::Reminded } else { Key::RemindMe })}
        </button>
    }
}
