//! Product detail: price, description, and available stock in each store with its counter; the
//! live flash sale it is in, with its count pushed (`components::live_sale`); the stock asked
//! again when the customer comes back to the page.

use crate::AppState;
use crate::api;
use crate::components::add_to_cart::{AddToCart, AddToCartProps};
use crate::components::live_sale::{LiveSale, on_return};
use crate::components::status::{ErrorView, Loading};
use crate::components::top_bar::TopBar;
use crate::components::variant_picker::VariantPicker;
use crate::i18n::{self, Key};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::api::{ProductDetail, Store};

#[component]
pub fn ProductPage() -> impl IntoView {
    let state = AppState::get();
    let params = use_params_map();
    let sku = Signal::derive(move || params.read().get("sku").unwrap_or_default());
    let detail = LocalResource::new(move || {
        let sku = sku.get();
        async move { api::product(&sku).await }
    });
    on_return(move || detail.refetch());
    let stores = crate::store_list::StoreList::provided();
    let live = RwSignal::new(false);
    let title = Signal::derive(move || match detail.get() {
        Some(Ok(d)) => d.product.brand.clone(),
        _ => state.t(Key::AppName).to_owned(),
    });
    let body = move || {
        detail.get().map(|r| match r {
            Ok(d) => {
                let stores = stores.get().and_then(Result::ok).unwrap_or_default();
                view! { <Detail detail=d stores=stores live=live.into()/> }.into_any()
            }
            Err(e) => {
                view! { <ErrorView message=state.describe(&e) on_retry=Callback::new(move |_| detail.refetch())/> }
                    .into_any()
            }
        })
    };
    view! {
        <TopBar title=title back=true/>
        <LiveSale sku=sku live=live/>
        <Transition fallback=|| view! { <Loading/> }>{body}</Transition>
    }
}

#[component]
fn Detail(detail: ProductDetail, stores: Vec<Store>, live: Signal<bool>) -> impl IntoView {
    let state = AppState::get();
    let p = detail.product.clone();
    let (name_zh, name_en) = (p.name.clone(), p.name_en.clone());
    let (desc_zh, desc_en) = (detail.description.clone(), detail.description_en.clone());
    let category = p.category.to_string();
    // Where to collect: the store being browsed if it has the product, else the first that does.
    let pickup_store = {
        let current = state.store.get_untracked();
        let with_stock: Vec<String> =
            detail.stock.iter().filter(|s| s.available > 0).map(|s| s.store_id.to_string()).collect();
        current.filter(|c| with_stock.contains(c)).or_else(|| with_stock.first().cloned())
    };
    let buy = BuyButton(BuyButtonProps { sku: p.sku.to_string(), store: pickup_store, live });
    let add = AddToCart(AddToCartProps { product: p.clone(), stock: detail.stock.clone() });
    // A chip switches SKU: the URL follows (replacing, so Back leaves the item).
    let navigate = leptos_router::hooks::use_navigate();
    let on_pick = Callback::new(move |sku: String| {
        let options = leptos_router::NavigateOptions { replace: true, ..Default::default() };
        navigate(&format!("/products/{sku}"), options);
    });
    let pickers = (detail.variants.len() > 1)
        .then(|| view! { <VariantPicker variants=detail.variants.clone() current=p.sku.to_string() on_pick=on_pick/> });
    let sku = p.sku.to_string();
    let rows = detail
        .stock
        .into_iter()
        .map(|s| {
            let elsewhere = s.elsewhere.as_ref().map(|e| elsewhere(&stores, &s.store_id.to_string(), &sku, e));
            let store = stores.iter().find(|st| st.id == s.store_id).cloned();
            let (zh, en) = store.map(|st| (st.name, st.name_en)).unwrap_or_else(|| (s.store_id.to_string(), s.store_id.to_string()));
            let available = s.available;
            let directions = s.counter_id.as_ref().map(|c| format!("/stores/{}?to={c}", s.store_id));
            let counter_zh = format!("{} {}", s.floor.clone().unwrap_or_default(), s.counter_name.clone().unwrap_or_default());
            let counter_en = format!("{} {}", s.floor.clone().unwrap_or_default(), s.counter_name_en.clone().unwrap_or_default());
            view! {
                <li class="stock-row" data-store=s.store_id.to_string()>
                    <span class="stock-store">
                        <span>{move || state.lang.get().pick(&zh, &en).to_owned()}</span>
                        <small class="stock-counter">{move || state.lang.get().pick(&counter_zh, &counter_en).trim().to_owned()}</small>
                    </span>
                    <span class={if available > 0 { "stock-qty ok" } else { "stock-qty none" }}>
                        {move || if available > 0 {
                            format!("{} · {} {}", state.t(Key::InStock), available, state.t(Key::Units))
                        } else {
                            state.t(Key::OutOfStock).to_owned()
                        }}
                    </span>
                    {directions.map(|href| view! { <a class="directions" href=href>{move || state.t(Key::Directions)}</a> })}
                    {elsewhere}
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="product-detail" data-sku=p.sku.to_string()>
            <img class="hero" src=p.image.clone() alt="" width="256" height="256"/>
            <div class="detail-body">
                <div class="brand">{p.brand.clone()} " · " {move || i18n::category(state.lang.get(), &category)}</div>
                <h2 class="name">{move || state.lang.get().pick(&name_zh, &name_en).to_owned()}</h2>
                <div class="price big">{p.price_fen.label()}</div>
                <p class="description">{move || state.lang.get().pick(&desc_zh, &desc_en).to_owned()}</p>
                {pickers}
                {add}
                {buy}
                <h3>{move || state.t(Key::StockTitle)}</h3>
                <ul class="stock-list">{rows}</ul>
            </div>
        </article>
    }
}

/// "Available from 静安店, ready in N days" under a store without units, and the way to order
/// them there (checkout with `from`: the units travel to `here` for pickup).
fn elsewhere(stores: &[Store], here: &str, sku: &str, e: &shared::fulfil::Elsewhere) -> impl IntoView + use<> {
    let state = AppState::get();
    let from = stores.iter().find(|st| st.id == e.from_store);
    let (zh, en) = from
        .map(|st| (st.name.clone(), st.name_en.clone()))
        .unwrap_or_else(|| (e.from_store.to_string(), e.from_store.to_string()));
    let days = e.ready_in_days;
    let href = format!("/checkout?store={here}&sku={sku}&qty=1&from={}", e.from_store);
    view! {
        <span class="elsewhere" data-testid="elsewhere">
            <small>{move || i18n::available_from(state.lang.get(), state.lang.get().pick(&zh, &en), days)}</small>
            <a class="btn small" data-testid="order-from-there" href=href>{move || state.t(Key::OrderFromThere)}</a>
        </span>
    }
}

/// "Buy now, collect in store": to checkout, where the best coupon is pre-selected. With no
/// store's units to sell it is disabled, or left out while the product is in a live sale (the
/// sale's banner above is then the way to buy it).
#[component]
fn BuyButton(sku: String, store: Option<String>, live: Signal<bool>) -> impl IntoView {
    let state = AppState::get();
    let navigate = leptos_router::hooks::use_navigate();
    let available = store.is_some();
    let buy = move |_| {
        let Some(store) = store.clone() else { return };
        if state.member_token.get_untracked().is_none() {
            navigate("/member", Default::default());
            return;
        }
        navigate(&format!("/checkout?store={store}&sku={sku}&qty=1"), Default::default());
    };
    view! {
        <button class="btn wide buy-in-store" data-testid="buy-in-store" disabled=!available hidden=move || !available && live.get() on:click=buy>
            {move || state.t(Key::ReserveInStore)}
        </button>
    }
}
