//! Pieces the console's forms and lists share: a labelled text field, how a refused staff
//! request is shown, and the body of a list a manager reloads.

use super::on_staff_error;
use crate::AppState;
use crate::api::ClientError;
use crate::i18n::Key;
use leptos::prelude::*;

/// What a form says after its request: `Ok(text)` on success, `Err(text)` when refused.
pub type Outcome = RwSignal<Option<Result<String, String>>>;

/// Shows a refused staff request in `outcome` (and signs the console out if the session ended).
pub fn refused(state: AppState, outcome: Outcome, e: &ClientError) {
    on_staff_error(state, e);
    outcome.set(Some(Err(state.describe(e))));
}

/// A required field with its label in the current language, bound to `value`.
pub fn labelled_input(
    state: AppState,
    label: Key,
    name: &'static str,
    kind: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label>{move || state.t(label)}
            <input type=kind name=name required prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        </label>
    }
}

/// The body of a manager's list once loaded: one row per item, `empty` when there are none
/// (if given), or the refusal.
pub fn list_body<T>(
    state: AppState,
    loaded: Result<Vec<T>, ClientError>,
    empty: Option<Key>,
    row: impl Fn(T) -> AnyView,
) -> AnyView {
    match loaded {
        Ok(list) if list.is_empty() && empty.is_some() => {
            view! { <p class="empty">{move || empty.map(|k| state.t(k))}</p> }.into_any()
        }
        Ok(list) => list.into_iter().map(row).collect_view().into_any(),
        Err(e) => {
            on_staff_error(state, &e);
            view! { <p class="form-error" role="alert">{state.describe(&e)}</p> }.into_any()
        }
    }
}
