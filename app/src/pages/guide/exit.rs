//! The exit tab (`/guide/exit`): a scan-and-go customer shows the exit pass; the guide scans it,
//! spot-checks the lines shown, and the customer leaves. A pass works once, at its store, until
//! it expires, and each refusal says which of these it is.

use super::on_staff_error;
use super::pickup::HandedOver;
use crate::AppState;
use crate::api::{self, ClientError};
use crate::components::scanner::Scanner;
use crate::i18n::Key;
use leptos::prelude::*;
use shared::ErrorCode;
use shared::api::Order;
use shared::scan::{CodeKind, Scanned};

/// What to tell the guide about a refused pass: the console's words for the pass's own
/// refusals, the general description for anything else.
pub fn refusal_key(e: &ClientError) -> Option<Key> {
    Some(match e.code()? {
        ErrorCode::AlreadyUsed => Key::ExitPassUsed,
        ErrorCode::CodeExpired => Key::ExitPassExpired,
        ErrorCode::WrongStore => Key::ExitPassWrongStore,
        ErrorCode::NotFound => Key::ExitPassUnknown,
        _ => return None,
    })
}

#[component]
pub fn ExitTab(token: String) -> impl IntoView {
    let state = AppState::get();
    let code = RwSignal::new(String::new());
    let done = RwSignal::new(None::<Order>);
    let error = RwSignal::new(None::<String>);
    let token = StoredValue::new(token);
    // Checks the pass in `code`: typed and submitted, or read by the camera.
    let check = move || {
        let token = token.get_value();
        error.set(None);
        done.set(None);
        leptos::task::spawn_local(async move {
            match api::scan_go::check_exit_pass(&token, code.get_untracked().trim()).await {
                Ok(envelope) => {
                    done.set(Some(envelope.order));
                    code.set(String::new());
                }
                Err(e) => {
                    on_staff_error(state, &e);
                    let text = match refusal_key(&e) {
                        Some(Key::ExitPassWrongStore) => {
                            format!("{} ({})", state.t(Key::ExitPassWrongStore), e.message())
                        }
                        Some(key) => state.t(key).to_owned(),
                        None => state.describe(&e),
                    };
                    error.set(Some(text));
                }
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        check();
    };
    view! {
        <form class="form" on:submit=submit data-testid="exit-form">
            <label>{move || state.t(Key::ExitPassCode)}
                <input type="text" name="exit_code" inputmode="numeric" autocomplete="off" required
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
            </label>
            <button class="btn wide" type="submit">{move || state.t(Key::ExitCheck)}</button>
        </form>
        <Scanner accepted=&[CodeKind::ExitPass] on_scan=Callback::new(move |c: Scanned| { code.set(c.text().to_owned()); check(); }) manual=false/>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="exit-error">{e}</p> })}
        {move || done.get().map(|o| view! {
            <p class="ok" data-testid="exit-confirmed">{move || state.t(Key::ExitConfirmed)}</p>
            <HandedOver order=o/>
        })}
    }
}
