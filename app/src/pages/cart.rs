//! `/cart`: the browsed store's cart, line by line with steppers and each line's stock there;
//! signed in, the server's quote with the best coupon; checkout places ONE order for every
//! line. Signed out, checking out goes to sign in and comes back here.

use crate::AppState;
use crate::api::{self, ClientError};
use crate::cart::{CartBox, CartLine, LineStock, MAX_QTY};
use crate::components::stepper::QtyStepper;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use crate::session::{sign_in_path, use_member_resource};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use std::collections::BTreeMap;

/// Units of each SKU the store has now (`None`: could not be asked).
async fn stock_in(store: String, skus: Vec<String>) -> BTreeMap<String, Option<u32>> {
    let mut found = BTreeMap::new();
    for sku in skus {
        let units = match api::product(&sku).await {
            Ok(d) => Some(d.stock.iter().find(|s| s.store_id.as_str() == store).map_or(0, |s| s.available)),
            Err(e) if e.code() == Some(shared::ErrorCode::NotFound) => Some(0),
            Err(_) => None,
        };
        found.insert(sku, units);
    }
    found
}

#[component]
pub fn CartPage() -> impl IntoView {
    let state = AppState::get();
    let cart = CartBox::get();
    let asked =
        Memo::new(move |_| cart.with(|c| (c.store().to_owned(), c.lines().iter().map(|l| l.sku.clone()).collect())));
    let stock = LocalResource::new(move || {
        let (store, skus) = asked.get();
        stock_in(store, skus)
    });
    let line_stock = move |l: &CartLine| {
        let units = stock.get().and_then(|m| m.get(&l.sku).copied().flatten());
        LineStock::of(l.qty, units)
    };
    let blocked = Memo::new(move |_| cart.with(|c| c.lines().iter().any(|l| line_stock(l).blocks())));
    let request = Memo::new(move |_| cart.with(|c| c.order_request(None)));
    let quote = use_member_resource(move |t| {
        let req = request.get();
        async move {
            match req {
                Some(r) => api::quote(&t, &r).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let quoted = move || quote.get().and_then(Result::ok).flatten().flatten();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let check_out = move |_| {
        if state.member_token.get_untracked().is_none() {
            navigate(&sign_in_path("/cart", ""), Default::default());
            return;
        }
        let coupon = quoted().and_then(|q| q.best_coupon_id);
        let (Some(body), Some(key)) =
            (cart.with_untracked(|c| c.order_request(coupon)), cart.update(|c| c.checkout_key(api::new_key)))
        else {
            return;
        };
        let token = state.member_token.get_untracked().unwrap_or_default();
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let placed = api::place_order(&token, &key, &body).await;
            busy.set(false);
            match placed {
                Ok(order) => {
                    cart.update(|c| c.ordered());
                    navigate(&format!("/orders/{}", order.id), Default::default());
                }
                Err(e) => {
                    state.on_member_error(&e);
                    // No answer (a dropped connection): the key stays, so trying again cannot order twice.
                    if !matches!(e, ClientError::Network(_)) {
                        cart.update(|c| c.answered());
                    }
                    error.set(Some(state.describe(&e)));
                    stock.refetch();
                    quote.refetch();
                }
            }
        });
    };
    let stores = crate::store_list::StoreList::provided();
    let store_name = move || {
        let id = cart.with(|c| c.store().to_owned());
        let list = stores.get().and_then(Result::ok).unwrap_or_default();
        list.into_iter()
            .find(|s| s.id.as_str() == id)
            .map(|s| state.lang.get().pick(&s.name, &s.name_en).to_owned())
            .unwrap_or(id)
    };
    let lines = move || {
        view! {
            <For each=move || cart.with(|c| c.lines().to_vec()) key=|l| l.sku.clone() let:l>
                <Line status=Signal::derive({
                    let sku = l.sku.clone();
                    move || cart.with(|c| c.lines().iter().find(|x| x.sku == sku).map(line_stock)).unwrap_or(LineStock::Unknown)
                }) line=l cart=cart/>
            </For>
        }
    };
    let totals = move || {
        let subtotal = quoted().map(|q| q.subtotal_fen).unwrap_or_else(|| cart.with(|c| c.subtotal()));
        let discount = quoted().map(|q| q.discount_fen).unwrap_or(shared::Fen::ZERO);
        let total = subtotal.minus(discount).unwrap_or(shared::Fen::ZERO);
        view! {
            <div class="row"><span>{state.t(Key::Subtotal)}</span><span data-testid="cart-subtotal">{subtotal.label()}</span></div>
            {quoted().and_then(|q| q.best_coupon_id).map(|_| view! {
                <div class="row"><span>{state.t(Key::BestCoupon)}</span><span class="price" data-testid="cart-discount">{format!("-{}", discount.label())}</span></div>
            })}
            <div class="row total"><span>{state.t(Key::Total)}</span><span class="price big" data-testid="cart-total">{total.label()}</span></div>
        }
    };
    let empty = Memo::new(move |_| cart.with(|c| c.lines().is_empty()));
    let body = move || {
        if empty.get() {
            return view! {
                <div class="empty" data-testid="cart-empty">
                    <p>{move || state.t(Key::CartEmpty)}</p>
                    <A href="/" attr:class="btn">{move || state.t(Key::TabHome)}</A>
                </div>
            }
            .into_any();
        }
        view! {
            <section class="cart" data-testid="cart">
                <p class="cart-store">{move || state.t(Key::CartStore)} ": " <strong>{store_name}</strong></p>
                <ul class="cart-lines">{lines}</ul>
                <div class="checkout">{totals}</div>
                {move || blocked.get().then(|| view! { <p class="hint" data-testid="fix-cart">{state.t(Key::FixCartFirst)}</p> })}
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button class="btn wide" data-testid="cart-checkout" disabled=move || busy.get() || blocked.get() on:click=check_out.clone()>
                    {move || if state.member_token.get().is_some() { state.t(Key::CheckoutCart) } else { state.t(Key::SignInToCheckout) }}
                </button>
            </section>
        }
        .into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::Cart).to_owned())/>
        {body}
    }
}

/// One line: the product, its variant, price, stepper, remove, and what the store has of it.
#[component]
fn Line(line: CartLine, status: Signal<LineStock>, cart: CartBox) -> impl IntoView {
    let state = AppState::get();
    let sku = StoredValue::new(line.sku.clone());
    let qty =
        Signal::derive(move || cart.with(|c| c.lines().iter().find(|l| l.sku == sku.get_value()).map_or(1, |l| l.qty)));
    let max = Signal::derive(move || match status.get() {
        LineStock::Short(n) => n.max(qty.get()),
        _ => MAX_QTY,
    });
    let (zh, en) = (line.name.clone(), line.name_en.clone());
    let remove = move |_| {
        cart.update(|c| c.remove(&sku.get_value()));
    };
    let class = move || if status.get().blocks() { "cart-line short" } else { "cart-line" };
    view! {
        <li class=class data-sku=line.sku.clone()>
            <img src=line.image.clone() alt="" width="64" height="64"/>
            <div class="cart-line-body">
                <A href=format!("/products/{}", line.sku) attr:class="name">{move || state.lang.get().pick(&zh, &en).to_owned()}</A>
                <small class="variant">{line.variant_label()}</small>
                <span class="price">{line.price_fen.label()}</span>
                {move || match status.get() {
                    LineStock::Gone => Some(view! { <p class="line-problem" data-testid="line-gone">{state.t(Key::NoLongerAvailable)}</p> }.into_any()),
                    LineStock::Short(n) => Some(view! { <p class="line-problem" data-testid="line-short">{format!("{} {n}", state.t(Key::OnlyLeft))}</p> }.into_any()),
                    _ => None,
                }}
                <div class="cart-line-actions">
                    <QtyStepper value=qty max=max on_change=Callback::new(move |n| { cart.update(|c| c.set_qty(&sku.get_value(), n)); })/>
                    <button class="link remove" data-testid="remove-line" on:click=remove>{move || state.t(Key::RemoveLine)}</button>
                </div>
            </div>
        </li>
    }
}
