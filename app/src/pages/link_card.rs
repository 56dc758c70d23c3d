//! `/member/link-card`: link a plastic card by its number and scratch-panel code.

use crate::AppState;
use crate::api;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use crate::session::SignInFirst;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::LinkCardRequest;

#[component]
pub fn LinkCardPage() -> impl IntoView {
    let state = AppState::get();
    let card_no = RwSignal::new(String::new());
    let verify_code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(token) = state.member_token.get_untracked() else {
            return;
        };
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let body = LinkCardRequest { card_no: card_no.get_untracked(), verify_code: verify_code.get_untracked() };
            let result = api::link_card(&token, &body).await;
            busy.set(false);
            match result {
                Ok(_) => navigate("/member", Default::default()),
                Err(e) => {
                    state.on_member_error(&e);
                    error.set(Some(state.describe(&e)));
                }
            }
        });
    };
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::LinkCard).to_owned()) back=true/>
        <Show when=move || state.member_token.get().is_some() fallback=|| view! { <SignInFirst/> }>
            <form class="form" on:submit=submit.clone()>
                <label>{move || state.t(Key::CardNumber)}
                    <input type="text" name="card_no" inputmode="numeric" required maxlength="19"
                        prop:value=move || card_no.get() on:input=move |ev| card_no.set(event_target_value(&ev))/>
                </label>
                <label>{move || state.t(Key::VerifyCode)}
                    <input type="text" name="verify_code" inputmode="numeric" required maxlength="6"
                        prop:value=move || verify_code.get() on:input=move |ev| verify_code.set(event_target_value(&ev))/>
                </label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button class="btn wide" type="submit" disabled=move || busy.get()>{move || state.t(Key::LinkCard)}</button>
            </form>
        </Show>
    }
}
