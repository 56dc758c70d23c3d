//! `/guide/manage/campaigns`: every campaign of the store (closed, ended and after-payment
//! ones too) with coupons handed out, redeemed and the redemption rate; closing one asks for
//! confirmation; the form below creates a new one from choices.

use super::campaign_form::RichCampaignForm;
use super::form_parts::list_body;
use super::on_staff_error;
use crate::AppState;
use crate::api;
use crate::clock::local_label;
use crate::components::status::Loading;
use crate::coupon_text;
use crate::i18n::Key;
use leptos::prelude::*;
use shared::api::ManagedCampaign;

/// `0.3333` as `33.3%`.
pub fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

#[component]
pub fn CampaignsPage(token: String) -> impl IntoView {
    let state = AppState::get();
    let store = super::staff_store(state).unwrap_or_default();
    let token = StoredValue::new(token);
    let reload = RwSignal::new(0u32);
    let campaigns = LocalResource::new(move || {
        reload.track();
        let t = token.get_value();
        async move { api::managed_campaigns(&t).await }
    });
    let body = move || {
        campaigns.get().map(|r| {
            list_body(state, r, None, |c| view! { <CampaignRow campaign=c token=token.get_value() reload/> }.into_any())
        })
    };
    view! {
        <section class="manage-list" data-testid="manage-campaigns">
            <h2>{move || state.t(Key::ManageCampaigns)}</h2>
            <Transition fallback=|| view! { <Loading/> }>{body}</Transition>
        </section>
        <RichCampaignForm token=token.get_value() store created=reload/>
    }
}

#[component]
fn CampaignRow(campaign: ManagedCampaign, token: String, reload: RwSignal<u32>) -> impl IntoView {
    let state = AppState::get();
    let c = campaign.campaign.clone();
    let offset = state.zones.with_untracked(|z| z.offset_of(c.store_id.as_deref()));
    let closed = campaign.closed_at.is_some();
    let confirming = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let key = StoredValue::new(api::new_key());
    let (id, token) = (StoredValue::new(c.id.clone()), StoredValue::new(token));
    let close = move |_| {
        leptos::task::spawn_local(async move {
            match api::close_campaign(&token.get_value(), &key.get_value(), &id.get_value()).await {
                Ok(_) => reload.update(|n| *n += 1),
                Err(e) => {
                    on_staff_error(state, &e);
                    message.set(Some(state.describe(&e)));
                }
            }
        });
    };
    let terms = c.clone();
    let headline = move || {
        let t = &terms;
        coupon_text::headline(state.lang.get(), t.kind, t.threshold_fen, t.off_fen, t.percent)
    };
    let scope = c.scope.clone();
    let store = c.store_id.clone();
    view! {
        <article class="manage-row" data-testid="campaign-row" data-id=c.id.clone() data-closed=closed.to_string()>
            <header>
                <strong>{c.title.clone()}</strong>
                {closed.then(|| view! { <span class="chip">{move || state.t(Key::CampaignClosedNote)}</span> })}
            </header>
            <p class="muted">{headline} " · " {move || coupon_text::scope(state.lang.get(), &scope, store.as_deref())}
                " · " {local_label(c.starts_at, offset)} " – " {local_label(c.ends_at, offset)}</p>
            <dl class="figures">
                <div><dt>{move || state.t(Key::ClaimedCount)}</dt><dd data-testid="campaign-claimed">{campaign.claimed} " / " {c.quantity}</dd></div>
                <div><dt>{move || state.t(Key::RedeemedCount)}</dt><dd data-testid="campaign-redeemed">{campaign.redeemed}</dd></div>
                <div><dt>{move || state.t(Key::RedemptionRate)}</dt><dd data-testid="campaign-rate">{percent(campaign.redemption_rate)}</dd></div>
            </dl>
            {(!closed).then(|| view! {
                <button class="btn ghost danger" data-testid="close-campaign" on:click=move |_| confirming.set(true)>{move || state.t(Key::CloseCampaign)}</button>
            })}
            {move || confirming.get().then(|| view! {
                <div class="confirm" role="alertdialog">
                    <p>{move || state.t(Key::ConfirmClose)}</p>
                    <button class="btn danger" data-testid="confirm-close-yes" on:click=close>{move || state.t(Key::CloseCampaign)}</button>
                    <button class="btn ghost" on:click=move |_| confirming.set(false)>{move || state.t(Key::KeepIt)}</button>
                </div>
            })}
            {move || message.get().map(|t| view! { <p class="form-error" role="alert">{t}</p> })}
        </article>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rates_read_as_percentages() {
        assert_eq!(super::percent(0.0), "0.0%");
        assert_eq!(super::percent(0.3333), "33.3%");
        assert_eq!(super::percent(1.0), "100.0%");
    }
}
