//! Points that buy something: `/member/rewards` (the catalogue with points prices, the balance,
//! redeem) and `/member/points` (the points history).

use crate::AppState;
use crate::api;
use crate::components::status::{ErrorView, Loading};
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use crate::session::{SignInFirst, use_member_resource};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::RewardView;
use shared::coupon::CouponKind;
use shared::points_catalogue::PointsReason;

/// The words for why points moved.
pub fn reason_key(reason: PointsReason) -> Key {
    match reason {
        PointsReason::Earned => Key::PointsReasonEarned,
        PointsReason::Returned => Key::PointsReasonReturned,
        PointsReason::Redeemed => Key::PointsReasonRedeemed,
        PointsReason::Referral => Key::PointsReasonReferral,
        PointsReason::CardMerged => Key::PointsReasonCard,
        PointsReason::Adjusted => Key::PointsReasonAdjusted,
    }
}

/// A signed movement of points: `+800`, `−500`.
pub fn signed(delta: i64) -> String {
    if delta < 0 { format!("−{}", delta.unsigned_abs()) } else { format!("+{delta}") }
}

#[component]
pub fn RewardsPage() -> impl IntoView {
    let state = AppState::get();
    let me = use_member_resource(|t| async move { api::me(&t).await });
    let rewards = LocalResource::new(api::rewards);
    let balance = RwSignal::new(None::<u64>);
    Effect::new(move |_| {
        if let Some(Ok(Some(m))) = me.get() {
            balance.set(Some(m.points));
        }
    });
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let redeem = move |reward: RewardView| {
        let Some(token) = state.member_token.get_untracked() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::redeem(&token, &api::new_key(), &reward.id).await;
            busy.set(false);
            outcome.set(Some(match result {
                Ok(r) => {
                    balance.set(Some(r.points_balance));
                    Ok(format!("{} {}", state.t(Key::RewardRedeemed), r.coupon.title))
                }
                Err(e) => {
                    state.on_member_error(&e);
                    Err(state.describe(&e))
                }
            }));
        });
    };
    let list = move || {
        rewards.get().map(|r| match r {
            Ok(list) => list
                .into_iter()
                .map(|r| {
                    let short = move || balance.get().is_none_or(|b| b < r.points);
                    let (zh, en, points, id) = (r.title.clone(), r.title_en.clone(), r.points, r.id.clone());
                    let title = move || state.lang.get().pick(&zh, &en).to_owned();
                    let (threshold, off) = (r.threshold_fen, r.off_fen);
                    let kind = if threshold.get() == 0 { CouponKind::Fixed } else { CouponKind::Threshold };
                    let terms = move || crate::coupon_text::headline(state.lang.get(), kind, threshold, off, None);
                    view! {
                        <li class="reward" data-reward=id>
                            <div><strong>{title}</strong><small>{terms}</small></div>
                            <div class="amounts">
                                <span class="points-price">{points} " " {move || state.t(Key::Points)}</span>
                                <button class="btn" data-action="redeem" disabled=move || busy.get() || short()
                                    on:click=move |_| redeem(r.clone())>{move || state.t(Key::Redeem)}</button>
                            </div>
                        </li>
                    }
                })
                .collect_view()
                .into_any(),
            Err(e) => {
                view! { <ErrorView message=state.describe(&e) on_retry=Callback::new(move |_| rewards.refetch())/> }
                    .into_any()
            }
        })
    };
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::Rewards).to_owned()) back=true/>
        <Show when=move || state.member_token.get().is_some() fallback=|| view! { <SignInFirst/> }>
            <p class="points-balance">{move || state.t(Key::Points)} " "
                <strong data-testid="points-balance">{move || balance.get().map(|b| b.to_string()).unwrap_or_default()}</strong>
                " · " <A href="/member/points">{move || state.t(Key::PointsHistory)}</A>
            </p>
            {move || outcome.get().map(|o| match o {
                Ok(text) => view! { <p class="form-ok" data-testid="redeemed">{text} " " <A href="/member/coupons">{move || state.t(Key::MyCoupons)}</A></p> }.into_any(),
                Err(text) => view! { <p class="form-error" role="alert">{text}</p> }.into_any(),
            })}
            <Suspense fallback=|| view! { <Loading/> }><ul class="ledger rewards" data-testid="rewards">{list}</ul></Suspense>
        </Show>
    }
}

#[component]
pub fn PointsPage() -> impl IntoView {
    let state = AppState::get();
    let lines = use_member_resource(|t| async move { api::points_history(&t).await });
    let list = move || {
        lines.get().map(|r| match r.map(Option::unwrap_or_default) {
            Ok(list) if list.is_empty() => view! { <p class="empty">{state.t(Key::NoEntries)}</p> }.into_any(),
            Ok(list) => list
                .into_iter()
                .map(|e| {
                    let class = if e.delta < 0 { "debit" } else { "credit" };
                    let key = reason_key(e.reason);
                    view! {
                        <li class="ledger-row">
                            <div><strong>{move || state.t(key)}</strong><small>{move || state.local_time(e.at, None)}</small></div>
                            <div class="amounts"><span class=class>{signed(e.delta)}</span><small>{e.balance}</small></div>
                        </li>
                    }
                })
                .collect_view()
                .into_any(),
            Err(e) => view! { <ErrorView message=state.describe(&e) on_retry=Callback::new(move |_| lines.refetch())/> }.into_any(),
        })
    };
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::PointsHistory).to_owned()) back=true/>
        <Show when=move || state.member_token.get().is_some() fallback=|| view! { <SignInFirst/> }>
            <Suspense fallback=|| view! { <Loading/> }><ul class="ledger" data-testid="points-history">{list}</ul></Suspense>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn movements_read_with_their_sign() {
        assert_eq!(signed(800), "+800");
        assert_eq!(signed(-500), "−500");
        assert_eq!(reason_key(PointsReason::Redeemed), Key::PointsReasonRedeemed);
    }
}
