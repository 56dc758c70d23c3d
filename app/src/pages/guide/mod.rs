//! `/guide`: the counter. Staff sign in (scoped to their store), then work in tabs: members
//! (identify a code, charge stored value), pickup (hand over paid orders), stock (look up,
//! sell at the counter), their customers (bind, tag, order for them), returns from any store, the store's day report
//! and, for managers, new flash sales. A counter scanner acts as a
//! keyboard: it types the code and Enter into the focused field.

mod customers;
mod day;
mod manage;
mod members;
mod pickup;
mod returns;
mod stock;

use crate::AppState;
use crate::api;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use leptos::prelude::*;
use shared::api::StaffSignInRequest;
use shared::kinds::StaffRole;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Members,
    Pickup,
    Stock,
    Customers,
    Day,
    Returns,
    Manage,
}

#[component]
pub fn GuidePage() -> impl IntoView {
    let state = AppState::get();
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::GuideTitle).to_owned())/>
        {move || match state.staff.get() {
            None => view! { <StaffSignIn/> }.into_any(),
            Some(_) => view! { <Console/> }.into_any(),
        }}
    }
}

/// Forgets a staff session the server no longer accepts.
pub(crate) fn on_staff_error(e: &api::ClientError) {
    if e.is_signed_out() {
        AppState::get().staff.set(None);
    }
}

#[component]
fn StaffSignIn() -> impl IntoView {
    let state = AppState::get();
    let staff_no = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            match api::staff_sign_in(&StaffSignInRequest {
                staff_no: staff_no.get_untracked(),
                password: password.get_untracked(),
            })
            .await
            {
                Ok(session) => state.staff.set(Some(session)),
                Err(e) => error.set(Some(state.describe(&e))),
            }
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="staff-sign-in">
            <h2>{move || state.t(Key::StaffSignIn)}</h2>
            <label>{move || state.t(Key::StaffNo)}
                <input type="text" name="staff_no" required autocapitalize="characters" prop:value=move || staff_no.get() on:input=move |ev| staff_no.set(event_target_value(&ev))/>
            </label>
            <label>{move || state.t(Key::Password)}
                <input type="password" name="password" required prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            </label>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button class="btn wide" type="submit">{move || state.t(Key::SignIn)}</button>
        </form>
    }
}

#[component]
fn Console() -> impl IntoView {
    let state = AppState::get();
    let session = state.staff.get_untracked();
    let token = session.as_ref().map(|s| s.token.clone()).unwrap_or_default();
    let manager = session.as_ref().is_some_and(|s| s.staff.role == StaffRole::Manager);
    let (who, store) =
        session.map(|s| (format!("{} · {}", s.staff.name, s.staff.id), s.staff.store_id)).unwrap_or_default();
    let tab = RwSignal::new(Tab::Members);
    let sign_out = {
        let token = token.clone();
        move |_| {
            let token = token.clone();
            leptos::task::spawn_local(async move {
                let _ = api::sign_out(&token).await;
                state.staff.set(None);
            });
        }
    };
    let tab_button = move |t: Tab, key: Key, name: &'static str| {
        view! {
            <button class=move || if tab.get() == t { "chip selected" } else { "chip" } data-tab=name on:click=move |_| tab.set(t)>
                {move || state.t(key)}
            </button>
        }
    };
    let role_label = move || state.t(if manager { Key::Manager } else { Key::Guide });
    let store_for_manage = store.clone();
    let store_for_customers = store.clone();
    view! {
        <div class="staff-bar" data-testid="staff-bar">
            <span>{who}</span><span>{store.clone()} " · " {role_label}</span>
            <button class="link" on:click=sign_out>{move || state.t(Key::SignOut)}</button>
        </div>
        <div class="chips guide-tabs">
            {tab_button(Tab::Members, Key::TabCustomer, "members")}
            {tab_button(Tab::Pickup, Key::TabPickup, "pickup")}
            {tab_button(Tab::Stock, Key::TabStock, "stock")}
            {tab_button(Tab::Customers, Key::TabCustomers, "customers")}
            {tab_button(Tab::Returns, Key::TabReturns, "returns")}
            {tab_button(Tab::Day, Key::TabDay, "day")}
            {manager.then(|| tab_button(Tab::Manage, Key::TabFlashManage, "manage"))}
        </div>
        {move || match tab.get() {
            Tab::Members => view! {
                <members::MembersTab token=token.clone()/>
                <members::SendCouponForm token=token.clone()/>
            }.into_any(),
            Tab::Pickup => view! { <pickup::PickupTab token=token.clone()/> }.into_any(),
            Tab::Stock => view! { <stock::StockTab token=token.clone()/> }.into_any(),
            Tab::Customers => view! { <customers::CustomersTab token=token.clone() store=store_for_customers.clone()/> }.into_any(),
            Tab::Day => view! { <day::DayTab token=token.clone()/> }.into_any(),
            Tab::Returns => view! { <returns::ReturnsTab token=token.clone()/> }.into_any(),
            Tab::Manage => view! {
                <manage::ManageTab token=token.clone() store=store_for_manage.clone()/>
                <manage::CampaignForm token=token.clone()/>
            }.into_any(),
        }}
    }
}
