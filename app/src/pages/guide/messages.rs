//! `/guide/messages`: the staff member's own inbox (a customer of theirs paid, a customer's
//! birthday, "invite to open a card" suggestions), newest first. It is the customers' message
//! list ([`MessageList`]) read with the staff token: opening a message marks it read and follows
//! its link, which for staff messages is a screen of the console.

use super::on_staff_error;
use crate::AppState;
use crate::api;
use crate::components::status::Loading;
use crate::inbox::Unread;
use crate::pages::messages::MessageList;
use leptos::prelude::*;

#[component]
pub fn GuideInbox(token: String) -> impl IntoView {
    let state = AppState::get();
    let unread = Unread::get();
    let list = {
        let token = token.clone();
        LocalResource::new(move || {
            let token = token.clone();
            async move { api::messages(&token).await }
        })
    };
    let shown = move || {
        list.get().map(|r| match r {
            Ok(messages) => {
                unread.count_of(&messages);
                view! { <MessageList messages token=token.clone()/> }.into_any()
            }
            Err(e) => {
                on_staff_error(state, &e);
                view! { <p class="form-error" role="alert">{state.describe(&e)}</p> }.into_any()
            }
        })
    };
    view! { <Suspense fallback=|| view! { <Loading/> }><div class="messages" data-testid="messages">{shown}</div></Suspense> }
}
