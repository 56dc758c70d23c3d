//! "Add to cart" on a product page: a quantity stepper and the button, for the store being
//! browsed (or, with none chosen yet, the first store that has the product).

use crate::AppState;
use crate::cart::{AddError, CartBox, CartLine, MAX_QTY};
use crate::components::stepper::QtyStepper;
use crate::i18n::Key;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::{Product, StoreStock};

/// The store a product goes into the cart for, and its units there: the browsed store, else
/// the first that has the product in stock.
pub fn cart_store(browsed: Option<&str>, stock: &[StoreStock]) -> Option<(String, u32)> {
    let units = |id: &str| stock.iter().find(|s| s.store_id.as_str() == id).map_or(0, |s| s.available);
    match browsed {
        Some(store) => Some((store.to_owned(), units(store))),
        None => stock.iter().find(|s| s.available > 0).map(|s| (s.store_id.to_string(), s.available)),
    }
}

#[component]
pub fn AddToCart(product: Product, stock: Vec<StoreStock>) -> impl IntoView {
    let state = AppState::get();
    let cart = CartBox::get();
    let target = Memo::new(move |_| cart_store(state.store.get().as_deref(), &stock));
    let available = move || target.get().map_or(0, |(_, n)| n);
    let qty = RwSignal::new(1u32);
    let outcome = RwSignal::new(None::<Result<(), AddError>>);
    let line = StoredValue::new(CartLine {
        sku: product.sku.to_string(),
        name: product.name,
        name_en: product.name_en,
        image: product.image,
        price_fen: product.price_fen,
        attributes: product.attributes,
        qty: 1,
    });
    let add = move |_| {
        let Some((store, _)) = target.get_untracked() else { return };
        // With no store chosen yet, this one becomes the browsed store, and its cart the cart.
        cart.switch_to(&store);
        if state.store.get_untracked().is_none() {
            state.store.set(Some(store));
        }
        let line = CartLine { qty: qty.get_untracked(), ..line.get_value() };
        outcome.set(cart.update(|c| c.add(line).map(|_| ())));
    };
    view! {
        <div class="add-to-cart" data-testid="add-to-cart">
            <QtyStepper value=qty max=Signal::derive(move || available().clamp(1, MAX_QTY))
                on_change=Callback::new(move |n| qty.set(n))/>
            <button class="btn" data-testid="add-to-cart-button" disabled=move || available() == 0 on:click=add>
                {move || state.t(Key::AddToCart)}
            </button>
        </div>
        {move || (available() == 0).then(|| view! { <p class="hint">{state.t(Key::NotInThisStore)}</p> })}
        {move || outcome.get().map(|r| match r {
            Ok(()) => view! {
                <p class="added" role="status">{state.t(Key::AddedToCart)} " · " <A href="/cart">{state.t(Key::Cart)}</A></p>
            }.into_any(),
            Err(AddError::Full) => view! { <p class="form-error" role="alert">{state.t(Key::CartFull)}</p> }.into_any(),
        })}
    }
}
