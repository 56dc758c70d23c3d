//! `/guide/manage/transfers`: stock between stores (调货). A manager sends units of a product
//! to another store (they leave this store's available stock at once); staff of the receiving
//! store, guides included, receive what comes in. Both lists show where each transfer stands.
//! Head office picks the sending store too; a manager sends from their own.

use super::{GuideTabs, StaffSignIn, Tab, on_staff_error};
use crate::AppState;
use crate::api;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use leptos::prelude::*;
use shared::api::{Store, StoreTransfer, TransferRequest};

/// The screen's path (the console serves it as its own page too, see `app/guide/tabs.txt`).
pub const PATH: &str = "/guide/manage/transfers";

/// Whether staff of `store` may receive `t` now.
pub fn receivable(t: &StoreTransfer, store: &str) -> bool {
    t.to_store == store && t.status == "in_transit"
}

/// The label of a transfer's status.
pub fn status_key(status: &str) -> Key {
    match status {
        "received" => Key::TransferReceived,
        "requested" => Key::StatusRequested,
        _ => Key::StatusInTransit,
    }
}

/// The page: the sign-in form until staff sign in here, then the transfers of their store.
#[component]
pub fn TransfersPage() -> impl IntoView {
    let state = AppState::get();
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::Transfers).to_owned())/>
        {move || match state.staff.get() {
            None => view! { <StaffSignIn/> }.into_any(),
            Some(s) => {
                let manager = s.staff.role.manages();
                let admin = s.staff.role == shared::kinds::StaffRole::Admin;
                view! {
                    <GuideTabs current=Tab::Manage manager/>
                    <TransfersScreen token=s.token store=s.staff.store_id manager admin/>
                }
                .into_any()
            }
        }}
    }
}

/// The send form (managers; head office with a sending-store picker) and the transfers into
/// and out of `store`.
#[component]
pub fn TransfersScreen(token: String, store: String, manager: bool, #[prop(optional)] admin: bool) -> impl IntoView {
    let state = AppState::get();
    let (token, here) = (StoredValue::new(token), StoredValue::new(store));
    let reload = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reload.track();
        let (t, s) = (token.get_value(), here.get_value());
        async move { api::transfers(&t, &s).await }
    });
    let message = RwSignal::new(None::<Result<String, String>>);
    let receive = move |id: String| {
        leptos::task::spawn_local(async move {
            match api::receive_transfer(&token.get_value(), &id).await {
                Ok(t) => message.set(Some(Ok(format!(
                    "{} {} · {} × {}",
                    state.t(Key::TransferReceived),
                    t.id,
                    t.sku,
                    t.qty
                )))),
                Err(e) => {
                    on_staff_error(state, &e);
                    message.set(Some(Err(state.describe(&e))));
                }
            }
            reload.update(|n| *n += 1);
        });
    };
    let section = move |incoming: bool| {
        let rows = move || {
            let here = here.get_value();
            let mine: Vec<StoreTransfer> = list
                .get()
                .and_then(Result::ok)
                .unwrap_or_default()
                .into_iter()
                .filter(|t| (if incoming { &t.to_store } else { &t.from_store }) == &here)
                .collect();
            if mine.is_empty() {
                return view! { <li class="muted">{move || state.t(Key::NoTransfers)}</li> }.into_any();
            }
            mine.into_iter()
                .map(|t| {
                    let button = receivable(&t, &here).then(|| {
                        let id = t.id.clone();
                        view! { <button class="btn" data-testid="receive" on:click=move |_| receive(id.clone())>{move || state.t(Key::ReceiveTransfer)}</button> }
                    });
                    let status = status_key(&t.status);
                    view! {
                        <li class="transfer" data-testid="transfer" data-id=t.id.clone() data-status=t.status.clone()>
                            <span><code>{t.sku.clone()}</code> " × " {t.qty}</span>
                            <span>{t.from_store.clone()} " → " {t.to_store.clone()}</span>
                            <span class="chip">{move || state.t(status)}</span>
                            {button}
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        };
        let (title, testid) =
            if incoming { (Key::TransfersIn, "transfers-in") } else { (Key::TransfersOut, "transfers-out") };
        view! { <section class="transfers" data-testid=testid><h3>{move || state.t(title)}</h3><ul>{rows}</ul></section> }
    };
    view! {
        {manager.then(|| view! { <SendForm token=token.get_value() store=here.get_value() admin message reload/> })}
        {move || message.get().map(|m| match m {
            Ok(t) => view! { <p class="form-ok" data-testid="transfer-done">{t}</p> }.into_any(),
            Err(t) => view! { <p class="form-error" role="alert">{t}</p> }.into_any(),
        })}
        {section(true)}
        {section(false)}
    }
}

/// Send units of a product this store carries to another store.
#[component]
fn SendForm(
    token: String,
    store: String,
    admin: bool,
    message: RwSignal<Option<Result<String, String>>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let state = AppState::get();
    // The sending store: one's own, or (head office) any store picked.
    let here = RwSignal::new(store);
    let (sku, qty, to) = (RwSignal::new(String::new()), RwSignal::new("1".to_owned()), RwSignal::new(String::new()));
    let products = LocalResource::new(move || {
        let filter = api::ProductFilter { store_id: Some(here.get()), ..Default::default() };
        async move { api::products(&filter).await.unwrap_or_default() }
    });
    // The chain's stores: the app's list (saved, refreshed at start), not a fetch of its own.
    let stores = crate::store_list::StoreList::provided();
    let key = StoredValue::new(api::new_key());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        let body = TransferRequest {
            sku: sku.get_untracked(),
            qty: qty.get_untracked().trim().parse().unwrap_or(0),
            from_store: here.get_untracked(),
            to_store: to.get_untracked(),
        };
        let token = token.clone();
        leptos::task::spawn_local(async move {
            match api::send_transfer(&token, &key.get_value(), &body).await {
                Ok(t) => {
                    key.set_value(api::new_key());
                    message.set(Some(Ok(format!("{} {} · {} × {}", state.t(Key::TransferSent), t.id, t.sku, t.qty))));
                }
                Err(e) => {
                    on_staff_error(state, &e);
                    message.set(Some(Err(state.describe(&e))));
                }
            }
            reload.update(|n| *n += 1);
        });
    };
    let product_options = move || {
        products
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                let label = format!("{} · {}", p.sku, state.lang.get().pick(&p.name, &p.name_en));
                view! { <option value=p.sku.to_string()>{label}</option> }
            })
            .collect_view()
    };
    let store_options = move || {
        let others: Vec<Store> = stores
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|s| s.id.as_str() != here.get())
            .collect();
        others
            .into_iter()
            .map(|s| {
                let label = format!("{} · {}", s.id, state.lang.get().pick(&s.name, &s.name_en));
                view! { <option value=s.id.to_string()>{label}</option> }
            })
            .collect_view()
    };
    let pick = |signal: RwSignal<String>| move |ev| signal.set(event_target_value(&ev));
    let from_picker = admin.then(|| {
        let options = move || {
            let all = stores.get().and_then(Result::ok).unwrap_or_default();
            all.into_iter()
                .map(|s| {
                    let label = format!("{} · {}", s.id, state.lang.get().pick(&s.name, &s.name_en));
                    view! { <option value=s.id.to_string()>{label}</option> }
                })
                .collect_view()
        };
        let choose = move |ev| {
            here.set(event_target_value(&ev));
            sku.set(String::new());
            to.set(String::new());
        };
        view! {
            <label>{move || state.t(Key::FromStore)}
                <select name="from_store" required prop:value=move || here.get() on:change=choose>{options}</select>
            </label>
        }
    });
    view! {
        <form class="form" on:submit=submit data-testid="send-transfer">
            <h3>{move || state.t(Key::Transfers)}</h3>
            {from_picker}
            <label>{move || state.t(Key::Product)}
                <select name="sku" required prop:value=move || sku.get() on:change=pick(sku)>
                    <option value="">"—"</option>
                    {product_options}
                </select>
            </label>
            <label>{move || state.t(Key::Qty)}
                <input type="number" name="qty" min="1" max="999" required prop:value=move || qty.get() on:input=pick(qty)/>
            </label>
            <label>{move || state.t(Key::ToStore)}
                <select name="to_store" required prop:value=move || to.get() on:change=pick(to)>
                    <option value="">"—"</option>
                    {store_options}
                </select>
            </label>
            <button class="btn wide" type="submit">{move || state.t(Key::SendTransfer)}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transfer(to: &str, status: &str) -> StoreTransfer {
        StoreTransfer {
            id: "T1".into(),
            sku: "SKU-1".into(),
            qty: 2,
            from_store: "S1".into(),
            to_store: to.into(),
            status: status.into(),
            sent_by: "M1001".into(),
            sent_at: chrono::DateTime::default(),
            received_by: None,
            received_at: None,
            order_id: None,
        }
    }

    #[test]
    fn only_the_receiving_store_receives_and_only_what_is_in_transit() {
        assert!(receivable(&transfer("S2", "in_transit"), "S2"));
        assert!(!receivable(&transfer("S2", "in_transit"), "S1"));
        assert!(!receivable(&transfer("S2", "received"), "S2"));
        assert!(!receivable(&transfer("S2", "requested"), "S2"));
        assert_eq!(status_key("received"), Key::TransferReceived);
        assert_eq!(status_key("in_transit"), Key::StatusInTransit);
    }
}
