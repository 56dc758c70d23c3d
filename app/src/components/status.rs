//! Loading and error states.

use crate::AppState;
use crate::i18n::Key;
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    let state = AppState::get();
    view! { <div class="loading" role="status"><span class="spinner"></span>{move || state.t(Key::Loading)}</div> }
}

/// An error box with the server's message and a retry button.
#[component]
pub fn ErrorView(
    #[prop(into)] message: String,
    #[prop(optional, into)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let state = AppState::get();
    view! {
        <div class="error-box" role="alert">
            <strong>{move || state.t(Key::LoadFailed)}</strong>
            <p class="error-message">{message}</p>
            {on_retry.map(|retry| view! {
                <button class="btn" on:click=move |_| retry.run(())>{move || state.t(Key::Retry)}</button>
            })}
        </div>
    }
}
