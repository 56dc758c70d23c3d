//! The customers tab: bind a customer by scanning their member code, find them by tag or name,
//! retag them, and place an order for them that they pay in their own app.

use super::on_staff_error;
use crate::AppState;
use crate::api::{self, ProductFilter};
use crate::clienteling::{split_tags, tag_chips};
use crate::i18n::Key;
use leptos::prelude::*;
use shared::Fen;
use shared::api::Product;
use shared::clienteling::search::CustomerSearch;
use shared::clienteling::{Customer, GuideOrderRequest};
use shared::order::LineRequest;

type Message = RwSignal<Option<Result<String, String>>>;

#[component]
pub fn CustomersTab(token: String, store: String) -> impl IntoView {
    let state = AppState::get();
    let token = StoredValue::new(token);
    let store = StoredValue::new(store);
    let code = RwSignal::new(String::new());
    let new_tags = RwSignal::new(String::new());
    let tag = RwSignal::new(None::<String>);
    let q = RwSignal::new(String::new());
    let message: Message = RwSignal::new(None);
    let list = LocalResource::new(move || {
        let t = token.get_value();
        async move { api::customers(&t, None, None).await }
    });
    let fail = move |e: api::ClientError| {
        on_staff_error(state, &e);
        message.set(Some(Err(state.describe(&e))));
    };
    let bind = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        let (t, c, tags) = (token.get_value(), code.get_untracked(), split_tags(&new_tags.get_untracked()));
        leptos::task::spawn_local(async move {
            match api::bind_customer(&t, c.trim(), tags).await {
                Ok(customer) => {
                    message.set(Some(Ok(format!(
                        "{} {} {}",
                        state.t(Key::BoundNow),
                        customer.name,
                        customer.phone_masked
                    ))));
                    code.set(String::new());
                    new_tags.set(String::new());
                    list.refetch();
                }
                Err(e) => fail(e),
            }
        });
    };
    let all = move || list.get().and_then(Result::ok).unwrap_or_default();
    // The same search the server runs for `?tag=&q=` (the core's), here over the loaded list.
    let shown = move || {
        let search = CustomerSearch::parse(tag.get().as_deref(), Some(&q.get()));
        all().into_iter().filter(|c| search.matches(c)).collect::<Vec<_>>()
    };
    let chip = move |value: Option<String>, label: String| {
        let selected = value.clone();
        view! {
            <button class=move || if tag.get() == selected { "chip selected" } else { "chip" } data-tag=value.clone().unwrap_or_default()
                on:click=move |_| tag.set(value.clone())>{label}</button>
        }
    };
    view! {
        <form class="form" on:submit=bind data-testid="bind-customer">
            <label>{move || state.t(Key::BindCustomer)}
                <input type="text" name="code" inputmode="numeric" autocomplete="off" required
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
            </label>
            <label>{move || state.t(Key::TagsInput)}
                <input type="text" name="tags" prop:value=move || new_tags.get() on:input=move |ev| new_tags.set(event_target_value(&ev))/>
            </label>
            <button class="btn wide" type="submit">{move || state.t(Key::Bind)}</button>
        </form>
        {move || message.get().map(|m| match m {
            Ok(t) => view! { <p class="form-ok" data-testid="customers-ok">{t}</p> }.into_any(),
            Err(t) => view! { <p class="form-error" role="alert" data-testid="customers-error">{t}</p> }.into_any(),
        })}
        <div class="search">
            <input type="search" name="customer-search" placeholder=move || state.t(Key::SearchCustomers)
                prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev))/>
        </div>
        <div class="chips tag-chips">
            {move || chip(None, state.t(Key::AllTags).to_owned())}
            {move || tag_chips(&all()).into_iter().map(|(t, n)| chip(Some(t.clone()), format!("{t} {n}"))).collect_view()}
        </div>
        <ul class="customers" data-testid="customers">
            {move || {
                let rows = shown();
                if rows.is_empty() {
                    return view! { <li class="empty">{state.t(Key::NoCustomers)}</li> }.into_any();
                }
                rows.into_iter()
                    .map(|c| view! { <CustomerRow customer=c token=token.get_value() store=store.get_value() message=message on_change=Callback::new(move |_| list.refetch())/> })
                    .collect_view()
                    .into_any()
            }}
        </ul>
    }
}

#[component]
fn CustomerRow(
    customer: Customer,
    token: String,
    store: String,
    message: Message,
    on_change: Callback<()>,
) -> impl IntoView {
    let state = AppState::get();
    let editing = RwSignal::new(false);
    let ordering = RwSignal::new(false);
    let tags_text = RwSignal::new(customer.tags.join(" "));
    let id = StoredValue::new(customer.member_id.clone());
    let token = StoredValue::new(token);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (t, m, tags) = (token.get_value(), id.get_value(), split_tags(&tags_text.get_untracked()));
        leptos::task::spawn_local(async move {
            match api::set_tags(&t, &m, tags).await {
                Ok(_) => {
                    editing.set(false);
                    on_change.run(());
                }
                Err(e) => {
                    on_staff_error(state, &e);
                    message.set(Some(Err(state.describe(&e))));
                }
            }
        });
    };
    let tags = customer.tags.clone();
    view! {
        <li class="customer" data-member=customer.member_id.clone()>
            <div class="who"><strong>{customer.name.clone()}</strong> " " {customer.phone_masked.clone()}</div>
            <div class="tags">{tags.into_iter().map(|t| view! { <span class="tag">{t}</span> }).collect_view()}</div>
            <div class="facts">
                {move || state.t(Key::OrdersCount)} " " {customer.orders} " · " {move || state.t(Key::Spend)} " "
                {Fen::new(customer.spend_fen).label()} " · " {move || state.t(Key::LastContact)} " "
                {move || state.local_time(customer.last_active_at, super::staff_store(state).as_deref())}
            </div>
            <div class="actions">
                <button class="link" data-action="edit-tags" on:click=move |_| editing.update(|e| *e = !*e)>{move || state.t(Key::EditTags)}</button>
                <button class="link" data-action="order-for" on:click=move |_| ordering.update(|o| *o = !*o)>{move || state.t(Key::OrderFor)}</button>
            </div>
            <Show when=move || editing.get()>
                <form class="inline-form" on:submit=save>
                    <input type="text" name="edit-tags" prop:value=move || tags_text.get() on:input=move |ev| tags_text.set(event_target_value(&ev))/>
                    <button class="btn small" type="submit">{move || state.t(Key::Save)}</button>
                </form>
            </Show>
            <Show when=move || ordering.get()>
                <OrderFor member_id=id.get_value() token=token.get_value() store=store.clone() message=message on_done=on_change/>
            </Show>
        </li>
    }
}

/// Pick a product of the store and a quantity; the order waits for the customer's payment.
#[component]
fn OrderFor(member_id: String, token: String, store: String, message: Message, on_done: Callback<()>) -> impl IntoView {
    let state = AppState::get();
    let q = RwSignal::new(String::new());
    let picked = RwSignal::new(None::<Product>);
    let qty = RwSignal::new("1".to_owned());
    let key = StoredValue::new(api::new_key());
    let store_for_search = store.clone();
    let found = LocalResource::new(move || {
        let filter = ProductFilter { store_id: Some(store_for_search.clone()), q: Some(q.get()), ..Default::default() };
        async move {
            if filter.q.as_deref().is_none_or(|q| q.trim().chars().count() < 1) {
                return Ok(Vec::new());
            }
            api::products(&filter).await
        }
    });
    let member = StoredValue::new(member_id);
    let token = StoredValue::new(token);
    let place = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(p) = picked.get_untracked() else { return };
        let body = GuideOrderRequest {
            member_id: member.get_value(),
            lines: vec![LineRequest {
                sku: p.sku.as_str().to_owned(),
                qty: qty.get_untracked().trim().parse().unwrap_or(0),
                flash_sale_id: None,
            }],
        };
        let t = token.get_value();
        leptos::task::spawn_local(async move {
            match api::guide_order(&t, &key.get_value(), &body).await {
                Ok(order) => {
                    key.set_value(api::new_key());
                    message.set(Some(Ok(format!(
                        "{} · {} · {}",
                        state.t(Key::GuideOrderPlaced),
                        order.id,
                        order.total_fen.label()
                    ))));
                    on_done.run(());
                }
                Err(e) => {
                    on_staff_error(state, &e);
                    message.set(Some(Err(state.describe(&e))));
                }
            }
        });
    };
    view! {
        <form class="inline-form order-for" on:submit=place data-testid="order-for">
            <input type="search" name="product" placeholder=move || state.t(Key::FindProduct)
                prop:value=move || q.get() on:input=move |ev| { picked.set(None); q.set(event_target_value(&ev)) }/>
            <ul class="picks">
                {move || {
                    if picked.get().is_some() {
                        return ().into_any();
                    }
                    found.get().and_then(Result::ok).unwrap_or_default().into_iter().take(5).map(|p| {
                        let label = format!("{} · {} · {}", p.brand, state.lang.get().pick(&p.name, &p.name_en), p.price_fen.label());
                        view! { <li><button type="button" class="link" data-sku=p.sku.as_str().to_owned() on:click=move |_| picked.set(Some(p.clone()))>{label}</button></li> }
                    }).collect_view().into_any()
                }}
            </ul>
            {move || picked.get().map(|p| view! {
                <p class="picked" data-testid="picked">{p.sku.as_str().to_owned()} " · " {state.lang.get().pick(&p.name, &p.name_en).to_owned()} " · " {p.price_fen.label()}</p>
            })}
            <label>{move || state.t(Key::Qty)}
                <input type="number" name="qty" min="1" max="99" prop:value=move || qty.get() on:input=move |ev| qty.set(event_target_value(&ev))/>
            </label>
            <button class="btn small" type="submit" disabled=move || picked.get().is_none()>{move || state.t(Key::PlaceOrder)}</button>
        </form>
    }
}
