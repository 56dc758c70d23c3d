//! `/member`: sign in or register; signed in, the member card with the live member code.

use crate::AppState;
use crate::api;
use crate::components::member_card::MemberCard;
use crate::components::member_code::MemberCodePanel;
use crate::components::status::{ErrorView, Loading};
use crate::components::tier_benefits::TierBenefits;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use crate::session::use_member_resource;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::{RegisterRequest, SignInRequest};

#[component]
pub fn MemberPage() -> impl IntoView {
    let state = AppState::get();
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::SoonMember).to_owned())/>
        {move || match state.member_token.get() {
            None => view! { <SignInForm/> }.into_any(),
            Some(token) => view! { <CardView token=token/> }.into_any(),
        }}
    }
}

#[component]
fn CardView(token: String) -> impl IntoView {
    let state = AppState::get();
    let member = use_member_resource(|t| async move { api::me(&t).await });
    let sign_out = move |_| {
        let token = token.clone();
        leptos::task::spawn_local(async move {
            // Signed out locally whatever the server says; the server revokes when it can.
            let _ = api::sign_out(&token).await;
            state.member_token.set(None);
        });
    };
    let token_for_code = state.member_token.get_untracked().unwrap_or_default();
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || member.get().map(|r| match r {
                // Signed out meanwhile: the page shows the sign-in form instead.
                Ok(None) => ().into_any(),
                Ok(Some(m)) => {
                    let linked = m.physical_card_no.is_some();
                    view! {
                        <MemberCard member=m.clone()/>
                        <TierBenefits member=m/>
                        <nav class="card-actions">
                            <A href="/member/top-up" attr:class="action">{move || state.t(Key::TopUp)}</A>
                            <A href="/member/ledger" attr:class="action">{move || state.t(Key::Ledger)}</A>
                            <A href="/member/coupons" attr:class="action">{move || state.t(Key::MyCoupons)}</A>
                            <A href="/member/rewards" attr:class="action">{move || state.t(Key::Rewards)}</A>
                            <Show when=move || !linked>
                                <A href="/member/link-card" attr:class="action">{move || state.t(Key::LinkCard)}</A>
                            </Show>
                        </nav>
                    }
                    .into_any()
                }
                Err(e) => view! { <ErrorView message=state.describe(&e) on_retry=Callback::new(move |_| member.refetch())/> }.into_any(),
            })}
        </Suspense>
        <MemberCodePanel token=token_for_code/>
        <ReferralCard/>
        <div class="sign-out-row">
            <button class="btn secondary" data-testid="sign-out" on:click=sign_out>{move || state.t(Key::SignOut)}</button>
        </div>
    }
}

/// The member's referral code and what it has earned.
#[component]
fn ReferralCard() -> impl IntoView {
    let state = AppState::get();
    let summary = use_member_resource(|t| async move { api::referrals(&t).await });
    move || {
        summary.get().and_then(Result::ok).flatten().map(|r| {
            let (invited, points) = (r.invited, r.points_earned);
            let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
            view! {
                <section class="code-panel referral" data-testid="referral">
                    <h2>{move || state.t(Key::InviteFriends)}</h2>
                    <p class="hint">{move || state.t(Key::InviteHint)}</p>
                    <div class="code-digits" data-testid="referral-code">{r.code.clone()}</div>
                    <p class="hint referral-link" data-testid="referral-link">{format!("{origin}{}", r.link)}</p>
                    <p data-testid="referral-figures">{move || state.t(Key::Invited)} " " {invited} " · "
                        {move || state.t(Key::PointsEarned)} " " {points}</p>
                </section>
            }
        })
    }
}

#[component]
fn SignInForm() -> impl IntoView {
    let state = AppState::get();
    // A link shared by a member (`/member?ref=…`) opens registration with their code.
    let query = leptos_router::hooks::use_query_map().get_untracked();
    let referral = query.get("ref").filter(|r| !r.is_empty());
    // A staff member's promoter link (`/member?promoter=P-…`) opens registration with their code.
    let promoter = query.get("promoter").filter(|p| !p.is_empty());
    // Sent here from a member page (`?next=/checkout…`): signed in, the member goes back there.
    let next = crate::session::return_path(query.get("next").as_deref());
    let navigate = leptos_router::hooks::use_navigate();
    let registering = RwSignal::new(referral.is_some() || promoter.is_some());
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let birthday = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let (referral, promoter, next, navigate) = (referral.clone(), promoter.clone(), next.clone(), navigate.clone());
        leptos::task::spawn_local(async move {
            let result = if registering.get_untracked() {
                api::register(&RegisterRequest {
                    phone: phone.get_untracked(),
                    password: password.get_untracked(),
                    name: name.get_untracked(),
                    referral_code: referral.clone(),
                    promoter: promoter.clone(),
                    birthday: Some(birthday.get_untracked()).filter(|b| !b.is_empty()),
                })
                .await
            } else {
                api::sign_in(&SignInRequest { phone: phone.get_untracked(), password: password.get_untracked() }).await
            };
            busy.set(false);
            match result {
                Ok(session) => {
                    state.member_token.set(Some(session.token));
                    if let Some(next) = next {
                        navigate(&next, leptos_router::NavigateOptions { replace: true, ..Default::default() });
                    }
                }
                Err(e) => error.set(Some(state.describe(&e))),
            }
        });
    };
    view! {
        <form class="form sign-in" on:submit=submit data-testid="member-sign-in">
            <h2>{move || state.t(if registering.get() { Key::Register } else { Key::SignInTitle })}</h2>
            <label>{move || state.t(Key::Phone)}
                <input type="tel" name="phone" inputmode="numeric" autocomplete="tel" required maxlength="13"
                    prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))/>
            </label>
            <Show when=move || registering.get()>
                <label>{move || state.t(Key::Name)}
                    <input type="text" name="name" required maxlength="40" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <label>{move || state.t(Key::Birthday)}
                    <input type="date" name="birthday" prop:value=move || birthday.get() on:input=move |ev| birthday.set(event_target_value(&ev))/>
                </label>
            </Show>
            <label>{move || state.t(Key::Password)}
                <input type="password" name="password" required minlength="8" autocomplete="current-password"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            </label>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button class="btn wide" type="submit" disabled=move || busy.get()>
                {move || state.t(if busy.get() { Key::Working } else if registering.get() { Key::Register } else { Key::SignIn })}
            </button>
            <button class="link" type="button" on:click=move |_| registering.update(|r| *r = !*r)>
                {move || state.t(if registering.get() { Key::ToSignIn } else { Key::ToRegister })}
            </button>
        </form>
    }
}
