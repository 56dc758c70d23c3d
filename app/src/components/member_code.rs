//! The dynamic member code: QR code and barcode of the current code, a countdown to the next
//! one, a fresh fetch when it runs out or the page becomes visible again.

use crate::AppState;
use crate::api;
use crate::clock::{now_ms, seconds_left};
use crate::codes::{barcode_svg, grouped, qr_svg};
use crate::i18n::{self, Key};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use shared::api::MemberCodeView;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

#[component]
pub fn MemberCodePanel(token: String) -> impl IntoView {
    let state = AppState::get();
    let code = RwSignal::new(None::<Result<MemberCodeView, api::ClientError>>);
    let now = RwSignal::new(now_ms());
    let fetching = RwSignal::new(false);
    let fetch = {
        let token = token.clone();
        move || {
            if fetching.get_untracked() {
                return;
            }
            fetching.set(true);
            let token = token.clone();
            leptos::task::spawn_local(async move {
                let result = api::member_code(&token).await;
                if let Err(e) = &result {
                    state.on_member_error(e);
                }
                code.set(Some(result));
                now.set(now_ms());
                fetching.set(false);
            });
        }
    };
    fetch();

    // Tick once a second; fetch the next code when this one's step is over.
    let tick = {
        let fetch = fetch.clone();
        move || {
            now.set(now_ms());
            if let Some(Ok(c)) = code.get_untracked()
                && seconds_left(c.expires_at, now_ms()) == 0
            {
                fetch();
            }
        }
    };
    let interval = SendWrapper::new(gloo_timers::callback::Interval::new(1_000, tick));
    on_cleanup(move || drop(interval));

    // A phone that slept, or a tab switched back to, shows a fresh code at once.
    let on_visible = {
        let fetch = fetch.clone();
        Closure::<dyn Fn()>::new(move || {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                fetch();
            }
        })
    };
    let _ = document().add_event_listener_with_callback("visibilitychange", on_visible.as_ref().unchecked_ref());
    let listener = SendWrapper::new(on_visible);
    on_cleanup(move || {
        let _ = document().remove_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref());
    });

    let refresh = fetch.clone();
    let shown = Signal::derive(move || code.get().map(|r| r.map_err(|e| state.describe(&e))));
    view! { <MemberCodeCard code=shown now=now on_refresh=Callback::new(move |_| refresh())/> }
}

/// The panel as it looks for a code (`None` while the first one loads, `Err` with the words
/// to show) at time `now` in ms; `on_refresh` asks for a fresh code.
#[component]
pub fn MemberCodeCard(
    #[prop(into)] code: Signal<Option<Result<MemberCodeView, String>>>,
    #[prop(into)] now: Signal<i64>,
    on_refresh: Callback<()>,
) -> impl IntoView {
    let state = AppState::get();
    view! {
        <section class="code-panel" data-testid="member-code">
            <h2>{move || state.t(Key::ShowCode)}</h2>
            {move || match code.get() {
                None => view! { <div class="loading"><span class="spinner"></span></div> }.into_any(),
                Some(Err(e)) => view! { <p class="error-message">{e}</p> }.into_any(),
                Some(Ok(c)) => {
                    let qr = qr_svg(&c.code, 220).unwrap_or_default();
                    let bar = barcode_svg(&c.code, 64).unwrap_or_default();
                    let left = move || seconds_left(c.expires_at, now.get());
                    view! {
                        <div class="barcode" inner_html=bar></div>
                        <div class="code-digits" data-testid="code-digits" data-code=c.code.clone()>{grouped(&c.code)}</div>
                        <div class="qr" inner_html=qr></div>
                        <p class="countdown" data-testid="countdown">{move || i18n::refresh_in(state.lang.get(), left())}</p>
                    }
                    .into_any()
                }
            }}
            <p class="hint">{move || state.t(Key::CodeHint)}</p>
            <button class="btn secondary" on:click=move |_| on_refresh.run(())>{move || state.t(Key::Refresh)}</button>
        </section>
    }
}
