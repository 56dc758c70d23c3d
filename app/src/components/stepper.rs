//! A quantity stepper: − n +, kept between one and a maximum.

use crate::AppState;
use crate::i18n::Key;
use leptos::prelude::*;

/// Shows `value` with buttons that ask `on_change` for one less or one more, never below one
/// nor above `max`.
#[component]
pub fn QtyStepper(
    #[prop(into)] value: Signal<u32>,
    #[prop(into)] max: Signal<u32>,
    on_change: Callback<u32>,
) -> impl IntoView {
    let state = AppState::get();
    let at_max = move || value.get() >= max.get();
    let more = move |_| on_change.run((value.get_untracked() + 1).min(max.get_untracked().max(1)));
    view! {
        <span class="stepper" data-testid="stepper">
            <button
                class="step"
                data-testid="fewer"
                aria-label=move || state.t(Key::Fewer)
                disabled=move || value.get() <= 1
                on:click=move |_| on_change.run(value.get_untracked().saturating_sub(1).max(1))
            >
                "−"
            </button>
            <span class="step-qty" data-testid="qty">{move || value.get()}</span>
            <button
                class="step"
                data-testid="more"
                aria-label=move || state.t(Key::More)
                disabled=at_max
                on:click=more
            >
                "+"
            </button>
        </span>
    }
}
