//! `/orders` and `/orders/:id`: the member's orders; an unpaid one counts down its stock lock
//! and offers payment; a paid one shows its pickup QR code, short code and counter.

use crate::AppState;
use crate::api;
use crate::clock::{now_ms, seconds_left};
use crate::components::status::{ErrorView, Loading};
use crate::components::top_bar::TopBar;
use crate::i18n::{self, Key};
use crate::session::use_member_resource;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use send_wrapper::SendWrapper;
use shared::api::Order;
use shared::order::OrderStatus;

/// Places an order and opens its page. A refused attempt gets a fresh idempotency key for the
/// next try; a network failure keeps it, so retrying cannot create a second order. The error
/// comes back in the member's words. `state` is passed in: this runs in a spawned task, where
/// the page's context is out of reach.
pub async fn place_and_open(
    state: AppState,
    key: StoredValue<String>,
    body: shared::order::OrderRequest,
    navigate: impl Fn(&str, leptos_router::NavigateOptions),
) -> Result<(), String> {
    let Some(token) = state.member_token.get_untracked() else { return Err(state.t(Key::SignInToBuy).to_owned()) };
    match api::place_order(&token, &key.get_value(), &body).await {
        Ok(order) => {
            navigate(&format!("/orders/{}", order.id), Default::default());
            Ok(())
        }
        Err(e) => {
            state.on_member_error(&e);
            if !matches!(e, api::ClientError::Network(_)) {
                key.set_value(api::new_key());
            }
            Err(state.describe(&e))
        }
    }
}

/// The badge class of a status (colour by how far along the order is).
pub(crate) fn status_class(s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::PendingPayment => "status pending",
        OrderStatus::ReadyForPickup => "status ready",
        OrderStatus::PickedUp => "status done",
        _ => "status closed",
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let state = AppState::get();
    let orders = use_member_resource(|t| async move { api::orders(&t).await });
    let list = move || {
        orders.get().map(|r| match r {
            Ok(list) => view! { <OrderList orders=list/> }.into_any(),
            Err(e) => {
                view! { <ErrorView message=state.describe(&e) on_retry=Callback::new(move |_| orders.refetch())/> }
                    .into_any()
            }
        })
    };
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::SoonOrders).to_owned())/>
        <Suspense fallback=|| view! { <Loading/> }><div class="orders" data-testid="orders">{list}</div></Suspense>
    }
}

/// The member's orders, newest first (`None`: nobody is signed in).
#[component]
pub fn OrderList(orders: Option<Vec<Order>>) -> impl IntoView {
    let state = AppState::get();
    match orders {
        None => view! { <p class="empty"><A href="/member">{move || state.t(Key::SignInToBuy)}</A></p> }.into_any(),
        Some(list) if list.is_empty() => view! { <p class="empty">{move || state.t(Key::NoOrders)}</p> }.into_any(),
        Some(list) => list
            .into_iter()
            .map(|o| {
                let first = o.lines.first().cloned();
                let (zh, en) = first.as_ref().map(|l| (l.name.clone(), l.name_en.clone())).unwrap_or_default();
                let status = o.status;
                view! {
                    <A href=format!("/orders/{}", o.id) attr:class="order-row" attr:data-order=o.id.clone()>
                        <img src=first.map(|l| l.image).unwrap_or_default() alt="" width="56" height="56"/>
                        <div class="order-main">
                            <strong>{move || state.lang.get().pick(&zh, &en).to_owned()}</strong>
                            <small>{let store = o.store_id.clone(); move || state.local_time(o.created_at, Some(&store))}</small>
                        </div>
                        <div class="order-side">
                            <span class=status_class(status)>{move || i18n::order_status(state.lang.get(), status)}</span>
                            <span class="price">{o.total_fen.label()}</span>
                        </div>
                    </A>
                }
            })
            .collect_view()
            .into_any(),
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let state = AppState::get();
    let params = use_params_map();
    let order = use_member_resource(move |t| {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::order(&t, &id).await }
    });
    let now = RwSignal::new(now_ms());
    let error = RwSignal::new(None::<String>);
    let interval = SendWrapper::new(gloo_timers::callback::Interval::new(1_000, move || {
        now.set(now_ms());
        // The lock ran out while the page was open: ask the server what became of the order.
        if let Some(Ok(Some(o))) = order.get_untracked()
            && o.status == OrderStatus::PendingPayment
            && seconds_left(o.lock_expires_at, now_ms()) == 0
        {
            order.refetch();
        }
    }));
    on_cleanup(move || drop(interval));
    let body = move || {
        order.get().map(|r| match r {
            Ok(None) => view! { <p class="empty"><A href="/member">{state.t(Key::SignInToBuy)}</A></p> }.into_any(),
            Ok(Some(o)) => {
                view! { <super::order_detail::OrderDetail order=o now=now on_change=Callback::new(move |_| order.refetch()) error/> }.into_any()
            }
            Err(e) => {
                view! { <ErrorView message=state.describe(&e) on_retry=Callback::new(move |_| order.refetch())/> }
                    .into_any()
            }
        })
    };
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::OrderTitle).to_owned()) back=true/>
        <Suspense fallback=|| view! { <Loading/> }>{body}</Suspense>
    }
}
