//! The top bar: a title and the language switch.

use crate::AppState;
use crate::i18n::Key;
use leptos::prelude::*;

#[component]
pub fn TopBar(#[prop(into)] title: Signal<String>, #[prop(optional)] back: bool) -> impl IntoView {
    let state = AppState::get();
    let go_back = move |_| {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.back();
        }
    };
    view! {
        <header class="top-bar">
            <Show when=move || back>
                <button class="back" on:click=go_back aria-label=move || state.t(Key::Back)>"‹"</button>
            </Show>
            <h1>{move || title.get()}</h1>
            <button
                class="lang-switch"
                data-testid="lang-switch"
                on:click=move |_| state.lang.update(|l| *l = l.other())
            >
                {move || state.t(Key::SwitchLang)}
            </button>
        </header>
    }
}
