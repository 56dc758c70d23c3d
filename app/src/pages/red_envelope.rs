//! Red envelopes (分享红包): the box on a paid order's page that shares its envelope, and the
//! page its link opens (`/red-envelopes/{id}`), where a signed-in member opens it and sees the
//! coupon they won. Signed out, the page sends them to sign in and back here.

use crate::AppState;
use crate::api;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use crate::session::SignInFirst;
use leptos::prelude::*;
use shared::api::{OpenedEnvelope, RedEnvelopeView};
use wasm_bindgen::{JsCast, JsValue};

/// Asks the browser to share `url` (Web Share API); `false` where it has none, so the caller
/// copies the link instead.
fn web_share(url: &str, title: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let Ok(navigator) = js_sys::Reflect::get(&window, &"navigator".into()) else { return false };
    let Ok(share) = js_sys::Reflect::get(&navigator, &"share".into()) else { return false };
    let Ok(share) = share.dyn_into::<js_sys::Function>() else { return false };
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &"url".into(), &url.into());
    let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
    // A share the user cancels rejects its promise: nothing to do.
    share.call1(&navigator, &data).is_ok()
}

/// Copies `text` to the clipboard, where the browser lets the page.
fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let clipboard = js_sys::Reflect::get(&window, &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()))
        .unwrap_or(JsValue::UNDEFINED);
    let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) else { return false };
    write.dyn_into::<js_sys::Function>().is_ok_and(|w| w.call1(&clipboard, &text.into()).is_ok())
}

/// The order's envelope: what it holds and a Share button (the link is copied and shown where
/// the browser cannot share).
#[component]
pub fn EnvelopeShare(envelope: RedEnvelopeView) -> impl IntoView {
    let state = AppState::get();
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    let url = StoredValue::new(format!("{origin}{}", envelope.link));
    let copied = RwSignal::new(false);
    let share = move |_| {
        let url = url.get_value();
        if !web_share(&url, state.t(Key::RedEnvelope)) {
            copy(&url);
            copied.set(true);
        }
    };
    view! {
        <section class="envelope-box" data-testid="red-envelope" data-envelope=envelope.id.clone()>
            <h3>{move || state.t(Key::RedEnvelope)} " " {envelope.total_fen.label()} " × " {envelope.shares}</h3>
            <p class="hint">{move || state.t(Key::RedEnvelopeHint)}</p>
            <button class="btn wide" data-testid="share-envelope" on:click=share>{move || state.t(Key::ShareEnvelope)}</button>
            <Show when=move || copied.get()>
                <p class="hint" data-testid="envelope-link">{move || state.t(Key::LinkCopied)} " " {url.get_value()}</p>
            </Show>
        </section>
    }
}

/// `/red-envelopes/:id`.
#[component]
pub fn RedEnvelopePage() -> impl IntoView {
    let state = AppState::get();
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::RedEnvelope).to_owned())/>
        {move || match state.member_token.get() {
            None => view! { <SignInFirst/> }.into_any(),
            Some(token) => view! { <OpenEnvelope token id=id()/> }.into_any(),
        }}
    }
}

/// The Open button, then the coupon won or why there was none.
#[component]
pub fn OpenEnvelope(token: String, id: String) -> impl IntoView {
    let state = AppState::get();
    let won = RwSignal::new(None::<OpenedEnvelope>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let (token, id) = (StoredValue::new(token), StoredValue::new(id));
    let open = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::open_envelope(&token.get_value(), &id.get_value()).await {
                Ok(o) => won.set(Some(o)),
                Err(e) => {
                    state.on_member_error(&e);
                    error.set(Some(state.describe(&e)));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <section class="envelope-box open" data-testid="open-envelope">
            {move || match (won.get(), error.get()) {
                (Some(o), _) => view! {
                    <p data-testid="envelope-won">{move || state.t(Key::EnvelopeWon)} " "
                        <span class="price big" data-testid="won-amount">{o.amount_fen.label()}</span></p>
                    <p>{o.coupon.title.clone()}</p>
                    <leptos_router::components::A href="/member/coupons">{move || state.t(Key::MyCoupons)}</leptos_router::components::A>
                }
                .into_any(),
                (None, Some(e)) => view! { <p class="form-error" role="alert" data-testid="envelope-error">{e}</p> }.into_any(),
                (None, None) => view! {
                    <button class="btn wide" data-testid="open-button" disabled=move || busy.get() on:click=open>
                        {move || state.t(Key::OpenEnvelope)}
                    </button>
                }
                .into_any(),
            }}
        </section>
    }
}
