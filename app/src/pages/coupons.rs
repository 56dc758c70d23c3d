//! `/coupons` (the coupon centre: claim) and `/member/coupons` (the wallet: available, used,
//! expired, with "expires in N days").

use crate::AppState;
use crate::api;
use crate::clock::now_ms;
use crate::components::coupon_card::{CouponTicket, Ticket};
use crate::components::status::{ErrorView, Loading};
use crate::components::top_bar::TopBar;
use crate::coupon_text::expires_in;
use crate::i18n::Key;
use crate::session::SignInFirst;
use crate::session::use_member_resource;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::api::{CampaignView, CouponView};
use shared::coupon::{Audience, CouponStatus};

fn campaign_ticket(c: &CampaignView) -> Ticket {
    Ticket {
        title: c.title.clone(),
        kind: c.kind,
        threshold: c.threshold_fen,
        off: c.off_fen,
        percent: c.percent,
        scope: c.scope.clone(),
        store: c.store_id.clone(),
        until: None,
        audience: c.audience,
        flash_sale_ok: c.flash_sale_ok,
    }
}

fn coupon_ticket(c: &CouponView) -> Ticket {
    Ticket {
        title: c.title.clone(),
        kind: c.kind,
        threshold: c.threshold_fen,
        off: c.off_fen,
        percent: c.percent,
        scope: c.scope.clone(),
        store: c.store_id.clone(),
        until: Some(c.valid_until),
        audience: if c.first_order_only { Audience::FirstOrder } else { Audience::All },
        flash_sale_ok: c.flash_sale_ok,
    }
}

#[component]
pub fn CouponCentrePage() -> impl IntoView {
    let state = AppState::get();
    let campaigns = LocalResource::new(move || {
        let token = state.member_token.get();
        async move { api::campaigns(None, token.as_deref()).await }
    });
    let message = RwSignal::new(None::<Result<String, String>>);
    let navigate = use_navigate();
    let claim = Callback::new(move |id: String| {
        let Some(token) = state.member_token.get_untracked() else {
            navigate("/member", Default::default());
            return;
        };
        message.set(None);
        leptos::task::spawn_local(async move {
            match api::claim(&token, &api::new_key(), &id).await {
                Ok(c) => message.set(Some(Ok(format!("{} {}", state.t(Key::Claimed), c.title)))),
                Err(e) => {
                    state.on_member_error(&e);
                    message.set(Some(Err(state.describe(&e))));
                }
            }
            campaigns.refetch();
        });
    });
    let list = move || {
        campaigns.get().map(|r| match r {
            Ok(list) if list.is_empty() => view! { <p class="empty">{state.t(Key::NoCoupons)}</p> }.into_any(),
            Ok(list) => {
                list.into_iter().map(|c| view! { <CampaignCard campaign=c claim=claim/> }).collect_view().into_any()
            }
            Err(e) => {
                view! { <ErrorView message=state.describe(&e) on_retry=Callback::new(move |_| campaigns.refetch())/> }
                    .into_any()
            }
        })
    };
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::CouponCentre).to_owned()) back=true/>
        {move || message.get().map(|m| match m {
            Ok(t) => view! { <p class="form-ok" data-testid="claim-ok">{t}</p> }.into_any(),
            Err(t) => view! { <p class="form-error" role="alert" data-testid="claim-error">{t}</p> }.into_any(),
        })}
        <Transition fallback=|| view! { <Loading/> }><div class="coupons" data-testid="campaigns">{list}</div></Transition>
    }
}

/// A campaign in the coupon centre: what it gives, how many are left, and the claim button
/// (disabled once the member holds their limit or none are left).
#[component]
pub fn CampaignCard(campaign: CampaignView, claim: Callback<String>) -> impl IntoView {
    let state = AppState::get();
    let c = campaign;
    let mine = c.my_claimed.unwrap_or(0);
    let (done, gone) = (mine >= c.per_member_limit, c.remaining == 0);
    let id = c.id.clone();
    let label = move || {
        state.t(if done {
            Key::Claimed
        } else if gone {
            Key::ClaimedOut
        } else {
            Key::Claim
        })
    };
    view! {
        <div class="campaign" data-campaign=c.id.clone()>
            <CouponTicket ticket=campaign_ticket(&c) dim=done || gone>
                <div class="ticket-foot">
                    <small data-testid="campaign-left">{move || state.t(Key::CouponLeft)} " " {c.remaining} "/" {c.quantity}</small>
                    {(mine > 0).then(|| view! {
                        <small class="mine" data-testid="my-claimed">{move || state.t(Key::Claimed)} " " {mine} "/" {c.per_member_limit}</small>
                    })}
                    <button class="btn small" data-testid="claim" disabled=done || gone on:click=move |_| claim.run(id.clone())>{label}</button>
                </div>
            </CouponTicket>
        </div>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shelf {
    Available,
    Used,
    Expired,
}

/// Which wallet tab a coupon belongs on (a coupon on a pending order counts as available: it
/// comes back if the order is not paid).
fn shelf(status: CouponStatus) -> Shelf {
    match status {
        CouponStatus::Available | CouponStatus::Locked => Shelf::Available,
        CouponStatus::Redeemed => Shelf::Used,
        CouponStatus::Expired => Shelf::Expired,
    }
}

#[component]
pub fn WalletPage() -> impl IntoView {
    let state = AppState::get();
    let tab = RwSignal::new(Shelf::Available);
    let coupons = use_member_resource(|t| async move { api::my_coupons(&t).await });
    let tab_button = move |s: Shelf, key: Key, name: &'static str| {
        view! {
            <button class=move || if tab.get() == s { "chip selected" } else { "chip" } data-shelf=name on:click=move |_| tab.set(s)>
                {move || state.t(key)}
            </button>
        }
    };
    let list = move || {
        coupons.get().map(|r| match r.map(Option::unwrap_or_default) {
            Ok(list) => {
                let now = now_ms();
                let shown: Vec<CouponView> = list.into_iter().filter(|c| shelf(c.status) == tab.get()).collect();
                if shown.is_empty() {
                    return view! { <p class="empty">{state.t(Key::NoCoupons)}</p> }.into_any();
                }
                shown.into_iter().map(|c| view! { <WalletCoupon coupon=c now=now/> }).collect_view().into_any()
            }
            Err(e) => {
                view! { <ErrorView message=state.describe(&e) on_retry=Callback::new(move |_| coupons.refetch())/> }
                    .into_any()
            }
        })
    };
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::MyCoupons).to_owned()) back=true/>
        <Show when=move || state.member_token.get().is_some() fallback=|| view! { <SignInFirst/> }>
            <div class="chips">
                {tab_button(Shelf::Available, Key::TabAvailable, "available")}
                {tab_button(Shelf::Used, Key::TabUsed, "used")}
                {tab_button(Shelf::Expired, Key::TabExpired, "expired")}
                <A href="/coupons" attr:class="chip">{move || state.t(Key::CouponCentre)}</A>
            </div>
            <Suspense fallback=|| view! { <Loading/> }><div class="coupons" data-testid="wallet">{list}</div></Suspense>
        </Show>
    }
}

/// A coupon in the wallet at time `now` (ms): a live one says when it expires and offers to use
/// it; a used or expired one is dimmed.
#[component]
pub fn WalletCoupon(coupon: CouponView, now: i64) -> impl IntoView {
    let state = AppState::get();
    let c = coupon;
    let until = c.valid_until;
    let live = shelf(c.status) == Shelf::Available;
    view! {
        <div class="wallet-coupon" data-coupon=c.id.clone() data-status=format!("{:?}", c.status).to_lowercase()>
            <CouponTicket ticket=coupon_ticket(&c) dim=!live>
                <div class="ticket-foot">
                    {live.then(|| view! { <small class="expires" data-testid="expires">{move || expires_in(state.lang.get(), until, now)}</small> })}
                    {live.then(|| view! { <A href="/" attr:class="btn small secondary">{move || state.t(Key::UseNow)}</A> })}
                </div>
            </CouponTicket>
        </div>
    }
}
