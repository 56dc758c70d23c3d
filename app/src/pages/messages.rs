//! `/messages`: the member's inbox (reminders, pickups, orders a guide placed, coupons about to
//! lapse, refunds), newest first; opening one marks it read and follows its link. Notifications
//! are turned on from here, asking the browser's permission only after the button is pressed.

use crate::AppState;
use crate::api;
use crate::components::status::{ErrorView, Loading};
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use crate::inbox::{PushRefusal, Unread, turn_on};
use crate::session::use_member_resource;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::api::Message;

#[component]
pub fn MessagesPage() -> impl IntoView {
    let state = AppState::get();
    let unread = Unread::get();
    let inbox = use_member_resource(|t| async move { api::messages(&t).await });
    let list = move || {
        inbox.get().map(|r| match r {
            Ok(None) => {
                view! { <p class="empty"><A href="/member">{move || state.t(Key::SignInToBuy)}</A></p> }.into_any()
            }
            Ok(Some(list)) => {
                unread.count_of(&list);
                view! { <MessageList messages=list token=state.member_token.get_untracked().unwrap_or_default()/> }
                    .into_any()
            }
            Err(e) => {
                view! { <ErrorView message=state.describe(&e) on_retry=Callback::new(move |_| inbox.refetch())/> }
                    .into_any()
            }
        })
    };
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::TabMessages).to_owned())/>
        <Show when=move || state.member_token.get().is_some()><NotificationsButton/></Show>
        <Suspense fallback=|| view! { <Loading/> }><div class="messages" data-testid="messages">{list}</div></Suspense>
    }
}

/// The messages, unread ones marked; a tap marks one read (as whoever `token` names: a member
/// here, a staff member in the console) and opens its link.
#[component]
pub fn MessageList(messages: Vec<Message>, token: String) -> impl IntoView {
    let state = AppState::get();
    if messages.is_empty() {
        return view! { <p class="empty" data-testid="no-messages">{move || state.t(Key::NoMessages)}</p> }.into_any();
    }
    let unread = Unread::get();
    let navigate = use_navigate();
    let read = RwSignal::new(messages.iter().filter(|m| m.read).map(|m| m.id.clone()).collect::<Vec<_>>());
    let token = StoredValue::new(token);
    messages
        .into_iter()
        .map(|m| {
            let (id, link) = (m.id.clone(), m.link.clone());
            let navigate = navigate.clone();
            let is_read = {
                let id = id.clone();
                move || read.with(|r| r.contains(&id))
            };
            let open = move |_| {
                if !read.with_untracked(|r| r.contains(&id)) {
                    read.update(|r| r.push(id.clone()));
                    unread.count.update(|c| *c = c.saturating_sub(1));
                    let (token, id) = (token.get_value(), id.clone());
                    leptos::task::spawn_local(async move {
                        let _ = api::mark_read(&token, &id).await;
                    });
                }
                navigate(&link, Default::default());
            };
            view! {
                <button class="message" class:unread=move || !is_read() data-testid="message" data-kind=m.kind.as_str() on:click=open>
                    <strong>{m.title}</strong>
                    <span>{m.body}</span>
                    <small>{move || state.local_time(m.created_at, None)}</small>
                </button>
            }
        })
        .collect_view()
        .into_any()
}

/// "Turn on notifications": permission is asked only here, after the press.
#[component]
pub fn NotificationsButton() -> impl IntoView {
    let state = AppState::get();
    let outcome = RwSignal::new(None::<Result<(), PushRefusal>>);
    let busy = RwSignal::new(false);
    let press = move |_| {
        let Some(token) = state.member_token.get_untracked() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            outcome.set(Some(turn_on(&token).await));
            busy.set(false);
        });
    };
    let said = move || {
        outcome.get().map(|o| match o {
            Ok(()) => state.t(Key::NotificationsOn).to_owned(),
            Err(PushRefusal::Denied) => state.t(Key::NotificationsBlocked).to_owned(),
            Err(PushRefusal::Unsupported) => state.t(Key::NotificationsUnsupported).to_owned(),
            Err(PushRefusal::Failed(why)) => why,
        })
    };
    view! {
        <div class="notify">
            <button class="btn secondary" data-testid="notifications" disabled=move || busy.get() on:click=press>
                {move || state.t(Key::TurnOnNotifications)}
            </button>
            <small data-testid="notifications-said">{said}</small>
        </div>
    }
}
