//! `/guide`: the counter. Staff sign in (scoped to their store), then scan or type a member's
//! code to see who it is, or to charge a purchase to stored value. A counter scanner acts as a
//! keyboard: it types the digits and Enter into the focused field.

use crate::AppState;
use crate::api;
use crate::clock::{CHINA_OFFSET_MINUTES, local_label};
use crate::components::top_bar::TopBar;
use crate::i18n::{self, Key};
use crate::pages::wallet::yuan_to_fen;
use leptos::prelude::*;
use shared::api::{ChargeRequest, Member, StaffSignInRequest};

#[component]
pub fn GuidePage() -> impl IntoView {
    let state = AppState::get();
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::GuideTitle).to_owned())/>
        {move || match state.staff.get() {
            None => view! { <StaffSignIn/> }.into_any(),
            Some(_) => view! { <Console/> }.into_any(),
        }}
    }
}

#[component]
fn StaffSignIn() -> impl IntoView {
    let state = AppState::get();
    let staff_no = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            match api::staff_sign_in(&StaffSignInRequest {
                staff_no: staff_no.get_untracked(),
                password: password.get_untracked(),
            })
            .await
            {
                Ok(session) => state.staff.set(Some(session)),
                Err(e) => error.set(Some(state.describe(&e))),
            }
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="staff-sign-in">
            <h2>{move || state.t(Key::StaffSignIn)}</h2>
            <label>{move || state.t(Key::StaffNo)}
                <input type="text" name="staff_no" required autocapitalize="characters" prop:value=move || staff_no.get() on:input=move |ev| staff_no.set(event_target_value(&ev))/>
            </label>
            <label>{move || state.t(Key::Password)}
                <input type="password" name="password" required prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            </label>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button class="btn wide" type="submit">{move || state.t(Key::SignIn)}</button>
        </form>
    }
}

#[component]
fn Console() -> impl IntoView {
    let state = AppState::get();
    let session = state.staff.get_untracked();
    let token = session.as_ref().map(|s| s.token.clone()).unwrap_or_default();
    let (who, store, role) = session
        .map(|s| (format!("{} · {}", s.staff.name, s.staff.id), s.staff.store_id, s.staff.role))
        .unwrap_or_default();
    let code = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Member>);
    let message = RwSignal::new(None::<Result<String, String>>);
    let handle_error = move |e: api::ClientError| {
        if e.is_signed_out() {
            state.staff.set(None);
        }
        message.set(Some(Err(state.describe(&e))));
    };
    let identify = {
        let token = token.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let token = token.clone();
            message.set(None);
            found.set(None);
            leptos::task::spawn_local(async move {
                match api::verify_member_code(&token, code.get_untracked().trim()).await {
                    Ok(env) => {
                        found.set(Some(env.member));
                        code.set(String::new());
                    }
                    Err(e) => handle_error(e),
                }
            });
        }
    };
    let charge = {
        let token = token.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let token = token.clone();
            message.set(None);
            let Some(fen) = yuan_to_fen(&amount.get_untracked()) else {
                message.set(Some(Err(state.t(Key::ChargeAmount).to_owned())));
                return;
            };
            leptos::task::spawn_local(async move {
                let body = ChargeRequest {
                    code: code.get_untracked().trim().to_owned(),
                    amount_fen: fen,
                    note: note.get_untracked(),
                };
                match api::charge(&token, &body).await {
                    Ok(receipt) => {
                        message.set(Some(Ok(format!(
                            "{} {} · {}",
                            state.t(Key::Charged),
                            receipt.entry.amount_fen.label(),
                            local_label(receipt.entry.at, CHINA_OFFSET_MINUTES)
                        ))));
                        found.set(Some(receipt.member));
                        code.set(String::new());
                        amount.set(String::new());
                    }
                    Err(e) => handle_error(e),
                }
            });
        }
    };
    let sign_out = move |_| {
        let token = token.clone();
        leptos::task::spawn_local(async move {
            let _ = api::sign_out(&token).await;
            state.staff.set(None);
        });
    };
    let role_label = move || state.t(if role == "manager" { Key::Manager } else { Key::Guide });
    view! {
        <div class="staff-bar" data-testid="staff-bar">
            <span>{who.clone()}</span><span>{store.clone()} " · " {role_label}</span>
            <button class="link" on:click=sign_out>{move || state.t(Key::SignOut)}</button>
        </div>
        <form class="form" on:submit=identify>
            <label>{move || state.t(Key::ScanCode)}
                <input type="text" name="code" inputmode="numeric" autofocus autocomplete="off" required
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
            </label>
            <button class="btn wide" type="submit">{move || state.t(Key::Identify)}</button>
        </form>
        <form class="form" on:submit=charge>
            <h3>{move || state.t(Key::ChargeTitle)}</h3>
            <p class="hint">{move || state.t(Key::ChargeHint)}</p>
            <label>{move || state.t(Key::ChargeAmount)}
                <input type="text" name="amount" inputmode="decimal" prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev))/>
            </label>
            <label>{move || state.t(Key::ChargeNote)}
                <input type="text" name="note" maxlength="60" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
            </label>
            <button class="btn wide secondary" type="submit">{move || state.t(Key::Charge)}</button>
        </form>
        {move || message.get().map(|m| match m {
            Ok(text) => view! { <p class="form-ok" data-testid="guide-ok">{text}</p> }.into_any(),
            Err(text) => view! { <p class="form-error" role="alert" data-testid="guide-error">{text}</p> }.into_any(),
        })}
        {move || found.get().map(|m| view! {
            <section class="member-summary" data-testid="member-summary">
                <h3>{move || state.t(Key::MemberFound)}</h3>
                <p class="who"><strong>{m.name.clone()}</strong> " " {m.phone_masked.clone()}</p>
                <p>{move || i18n::tier(state.lang.get(), m.tier)} " · " {move || state.t(Key::Points)} " " {m.points}</p>
                <p>{move || state.t(Key::Balance)} " " <strong>{m.balance_fen.label()}</strong></p>
            </section>
        })}
    }
}
