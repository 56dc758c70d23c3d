//! `/guide/manage/sales`: every flash sale of the store with its live figures (reloaded every
//! few seconds), a cancel that asks for confirmation, and an edit form while the sale has not
//! started.

use super::form_parts::{Outcome, labelled_input, list_body, refused};
use crate::AppState;
use crate::api;
use crate::clock::{local_label, parse_local};
use crate::components::status::Loading;
use crate::i18n::Key;
use crate::pages::wallet::yuan_to_fen;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use shared::api::{ManagedSale, SaleEditRequest};
use shared::flash_sale::SaleStatus;

/// Seconds between reloads of the figures.
const REFRESH_MS: u32 = 5_000;

/// The word for a sale's status.
pub fn status_key(status: SaleStatus) -> Key {
    match status {
        SaleStatus::Upcoming => Key::StatusUpcoming,
        SaleStatus::Live => Key::StatusLive,
        SaleStatus::SoldOut => Key::StatusSoldOut,
        SaleStatus::Ended => Key::StatusEnded,
        SaleStatus::Cancelled => Key::StatusCancelledSale,
    }
}

/// Whether a sale in `status` can still be cancelled, and edited.
pub fn actions(status: SaleStatus) -> (bool, bool) {
    match status {
        SaleStatus::Upcoming => (true, true),
        SaleStatus::Live | SaleStatus::SoldOut => (true, false),
        SaleStatus::Ended | SaleStatus::Cancelled => (false, false),
    }
}

#[component]
pub fn SalesPage(token: String) -> impl IntoView {
    let state = AppState::get();
    let token = StoredValue::new(token);
    let reload = RwSignal::new(0u32);
    let sales = LocalResource::new(move || {
        reload.track();
        let t = token.get_value();
        async move { api::managed_sales(&t).await }
    });
    let interval =
        SendWrapper::new(gloo_timers::callback::Interval::new(REFRESH_MS, move || reload.update(|n| *n += 1)));
    on_cleanup(move || drop(interval));
    let body = move || {
        sales.get().map(|r| {
            list_body(state, r, Some(Key::NoSales), |sale| {
                view! { <SaleRow sale token=token.get_value() reload/> }.into_any()
            })
        })
    };
    view! {
        <section class="manage-list" data-testid="manage-sales">
            <h2>{move || state.t(Key::ManageSales)}</h2>
            <Transition fallback=|| view! { <Loading/> }>{body}</Transition>
        </section>
    }
}

#[component]
fn SaleRow(sale: ManagedSale, token: String, reload: RwSignal<u32>) -> impl IntoView {
    let state = AppState::get();
    let s = sale.sale.clone();
    let offset = state.zones.with_untracked(|z| z.offset_of(Some(&s.store_id)));
    let (can_cancel, can_edit) = actions(s.status);
    let confirming = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let message: Outcome = RwSignal::new(None);
    let key = StoredValue::new(api::new_key());
    let (id, token) = (StoredValue::new(s.id.clone()), StoredValue::new(token));
    let cancel = move |_| {
        leptos::task::spawn_local(async move {
            match api::cancel_sale(&token.get_value(), &key.get_value(), &id.get_value()).await {
                Ok(_) => reload.update(|n| *n += 1),
                Err(e) => refused(state, message, &e),
            }
        });
    };
    let status = s.status;
    let for_edit = s.clone();
    view! {
        <article class="manage-row" data-testid="sale-row" data-id=s.id.clone() data-status=format!("{status:?}").to_lowercase()>
            <header>
                <strong>{s.title.clone()}</strong>
                <span class="chip" data-testid="sale-status">{move || state.t(status_key(status))}</span>
            </header>
            <p class="muted">{s.sku.clone()} " · ¥" {format!("{:.2}", s.price_fen.get() as f64 / 100.0)} " · "
                {local_label(s.starts_at, offset)} " – " {local_label(s.ends_at, offset)}</p>
            <dl class="figures">
                <div><dt>{move || state.t(Key::SoldUnits)}</dt><dd data-testid="sale-sold">{sale.sold}</dd></div>
                <div><dt>{move || state.t(Key::HeldUnits)}</dt><dd data-testid="sale-held">{sale.held}</dd></div>
                <div><dt>{move || state.t(Key::Remaining)}</dt><dd data-testid="sale-remaining">{s.remaining} " / " {s.quantity}</dd></div>
            </dl>
            <div class="row-actions">
                {can_edit.then(|| view! {
                    <button class="btn ghost" data-testid="edit-sale" on:click=move |_| editing.update(|e| *e = !*e)>{move || state.t(Key::EditSale)}</button>
                })}
                {can_cancel.then(|| view! {
                    <button class="btn ghost danger" data-testid="cancel-sale" on:click=move |_| confirming.set(true)>{move || state.t(Key::CancelSale)}</button>
                })}
            </div>
            {move || confirming.get().then(|| view! {
                <div class="confirm" role="alertdialog" data-testid="confirm-cancel">
                    <p>{move || state.t(Key::ConfirmCancel)}</p>
                    <button class="btn danger" data-testid="confirm-cancel-yes" on:click=cancel>{move || state.t(Key::CancelSale)}</button>
                    <button class="btn ghost" on:click=move |_| confirming.set(false)>{move || state.t(Key::KeepIt)}</button>
                </div>
            })}
            {move || editing.get().then(|| view! { <EditForm sale=for_edit.clone() offset token=token.get_value() reload message/> })}
            {move || message.get().map(|m| match m {
                Ok(t) => view! { <p class="form-ok">{t}</p> }.into_any(),
                Err(t) => view! { <p class="form-error" role="alert">{t}</p> }.into_any(),
            })}
        </article>
    }
}

/// Title, price and window of a sale that has not started.
#[component]
fn EditForm(
    sale: shared::api::FlashSaleView,
    offset: i32,
    token: String,
    reload: RwSignal<u32>,
    message: Outcome,
) -> impl IntoView {
    let state = AppState::get();
    let title = RwSignal::new(sale.title.clone());
    let price = RwSignal::new(format!("{:.2}", sale.price_fen.get() as f64 / 100.0));
    let starts = RwSignal::new(local_label(sale.starts_at, offset).replace(' ', "T"));
    let ends = RwSignal::new(local_label(sale.ends_at, offset).replace(' ', "T"));
    let id = sale.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = SaleEditRequest {
            title: Some(title.get_untracked()),
            starts_at: parse_local(&starts.get_untracked(), offset),
            ends_at: parse_local(&ends.get_untracked(), offset),
            price_fen: Some(yuan_to_fen(&price.get_untracked()).unwrap_or(0)),
        };
        let (token, id) = (token.clone(), id.clone());
        leptos::task::spawn_local(async move {
            match api::edit_sale(&token, &id, &body).await {
                Ok(_) => {
                    message.set(Some(Ok(state.t(Key::SaleSaved).to_owned())));
                    reload.update(|n| *n += 1);
                }
                Err(e) => refused(state, message, &e),
            }
        });
    };
    let input = move |label, name, kind, value| labelled_input(state, label, name, kind, value);
    view! {
        <form class="form compact" on:submit=submit data-testid="edit-sale-form">
            {input(Key::CampaignTitle, "title", "text", title)}
            {input(Key::SalePrice, "price", "text", price)}
            {input(Key::StartsAt, "starts_at", "datetime-local", starts)}
            {input(Key::EndsAtLabel, "ends_at", "datetime-local", ends)}
            <button class="btn" type="submit">{move || state.t(Key::Save)}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_sale_not_over_may_be_cancelled_and_only_an_upcoming_one_edited() {
        assert_eq!(actions(SaleStatus::Upcoming), (true, true));
        assert_eq!(actions(SaleStatus::Live), (true, false));
        assert_eq!(actions(SaleStatus::SoldOut), (true, false));
        assert_eq!(actions(SaleStatus::Ended), (false, false));
        assert_eq!(actions(SaleStatus::Cancelled), (false, false));
    }
}
