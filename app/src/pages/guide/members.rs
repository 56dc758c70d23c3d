//! The members tab: identify a member by their code (typed, or read by the camera), or charge a
//! purchase to stored value. Identifying opens a counter session (a few minutes, held in
//! [`AppState::counter`]): the next charge here or sale on the ring-up screen then names the
//! member by its token, without a second code.

use super::{on_staff_error, staff_store};
use crate::api;
use crate::components::scanner::Scanner;
use crate::i18n::{self, Key};
use crate::pages::wallet::yuan_to_fen;
use crate::{AppState, CounterCustomer};
use leptos::prelude::*;
use shared::api::{ChargeRequest, Member};
use shared::scan::{CodeKind, Scanned};

#[component]
pub fn MembersTab(token: String) -> impl IntoView {
    let state = AppState::get();
    let code = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Member>);
    let session = state.counter;
    let message = RwSignal::new(None::<Result<String, String>>);
    let handle_error = move |e: api::ClientError| {
        on_staff_error(state, &e);
        message.set(Some(Err(state.describe(&e))));
    };
    let identify_code = {
        let token = token.clone();
        move |text: String| {
            let token = token.clone();
            message.set(None);
            found.set(None);
            session.set(None);
            leptos::task::spawn_local(async move {
                match api::verify_member_code(&token, &text).await {
                    Ok(env) => {
                        let name = env.member.name.clone();
                        session.set(env.counter_session.map(|ticket| CounterCustomer { name, ticket }));
                        found.set(Some(env.member));
                        code.set(String::new());
                    }
                    Err(e) => handle_error(e),
                }
            });
        }
    };
    let identify = {
        let identify_code = identify_code.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            identify_code(code.get_untracked().trim().to_owned());
        }
    };
    let scanned = Callback::new(move |c: Scanned| identify_code(c.text().to_owned()));
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
            let typed = code.get_untracked().trim().to_owned();
            // No code typed: the member identified a moment ago, while their session lasts.
            let now = crate::clock::now_ms();
            let counter_token = session.get_untracked().filter(|_| typed.is_empty()).and_then(|c| c.token_at(now));
            leptos::task::spawn_local(async move {
                let body = ChargeRequest { code: typed, counter_token, amount_fen: fen, note: note.get_untracked() };
                match api::charge(&token, &body).await {
                    Ok(receipt) => {
                        message.set(Some(Ok(format!(
                            "{} {} · {}",
                            state.t(Key::Charged),
                            receipt.entry.amount_fen.label(),
                            state.local_time(receipt.entry.at, staff_store(state).as_deref())
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
    view! {
        <form class="form" on:submit=identify>
            <label>{move || state.t(Key::ScanCode)}
                <input type="text" name="code" inputmode="numeric" autofocus autocomplete="off" required
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
            </label>
            <button class="btn wide" type="submit">{move || state.t(Key::Identify)}</button>
            <Scanner accepted=&[CodeKind::MemberCode] on_scan=scanned manual=false/>
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
                {move || session.get().map(|c| c.ticket).map(|t| view! {
                    <p class="hint" data-testid="counter-session">
                        {move || state.t(Key::CounterSessionOpen)} " " {state.local_time(t.expires_at, staff_store(state).as_deref())}
                        " " <button class="btn secondary" type="button" data-testid="end-session"
                            on:click=move |_| { session.set(None); found.set(None); }>{move || state.t(Key::CounterSessionEnd)}</button>
                    </p>
                })}
            </section>
        })}
    }
}

/// Give a customer a coupon by phone number (it counts against the campaign).
#[component]
pub fn SendCouponForm(token: String) -> impl IntoView {
    let state = AppState::get();
    let campaigns = LocalResource::new(|| api::campaigns(None, None));
    let campaign = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let key = StoredValue::new(api::new_key());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let token = token.clone();
        let body =
            shared::api::SendCouponRequest { campaign_id: campaign.get_untracked(), phone: phone.get_untracked() };
        message.set(None);
        leptos::task::spawn_local(async move {
            match api::send_coupon(&token, &key.get_value(), &body).await {
                Ok(c) => {
                    key.set_value(api::new_key());
                    message.set(Some(Ok(format!("{} {} → {}", state.t(Key::CouponSent), c.title, body.phone))));
                }
                Err(e) => {
                    on_staff_error(state, &e);
                    message.set(Some(Err(state.describe(&e))));
                }
            }
        });
    };
    let options = move || {
        campaigns
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|c| {
                let id = c.id.clone();
                view! { <option value=id.clone()>{c.title.clone()} " (" {c.remaining} ")"</option> }
            })
            .collect_view()
    };
    view! {
        <form class="form" on:submit=submit data-testid="send-coupon">
            <h3>{move || state.t(Key::SendCoupon)}</h3>
            <label>{move || state.t(Key::Campaign)}
                <select name="campaign" required on:change=move |ev| campaign.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    {options}
                </select>
            </label>
            <label>{move || state.t(Key::CustomerPhone)}
                <input type="tel" name="phone" required prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))/>
            </label>
            <button class="btn wide secondary" type="submit">{move || state.t(Key::SendCoupon)}</button>
        </form>
        {move || message.get().map(|m| match m {
            Ok(t) => view! { <p class="form-ok" data-testid="coupon-sent">{t}</p> }.into_any(),
            Err(t) => view! { <p class="form-error" role="alert">{t}</p> }.into_any(),
        })}
    }
}
