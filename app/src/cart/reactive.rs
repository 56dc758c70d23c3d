//! The cart as pages share it: the selected store's [`Cart`], read from localStorage when the
//! store changes and written back on every change.

use super::Cart;
use crate::AppState;
use leptos::prelude::*;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// `store`'s saved cart (empty when storage is unavailable or holds nothing sound).
fn load(store: &str) -> Cart {
    let text = storage().and_then(|s| s.get_item(&Cart::storage_key(store)).ok().flatten());
    Cart::from_stored(store, text.as_deref())
}

fn save(cart: &Cart) {
    if cart.store().is_empty() {
        return;
    }
    if let Some(s) = storage() {
        // A full or disabled storage only costs surviving a reload; the cart still works.
        let _ = s.set_item(&Cart::storage_key(cart.store()), &cart.to_stored());
    }
}

/// The reactive cart of the selected store.
#[derive(Clone, Copy)]
pub struct CartBox {
    cart: RwSignal<Cart>,
}

impl CartBox {
    /// The cart every page of the app shares (made, and provided, on first use).
    pub fn get() -> CartBox {
        if let Some(found) = use_context::<CartBox>() {
            return found;
        }
        let state = AppState::get();
        let cart = RwSignal::new(load(&state.store.get_untracked().unwrap_or_default()));
        let found = CartBox { cart };
        Effect::new(move |_| found.switch_to(&state.store.get().unwrap_or_default()));
        Effect::new(move |_| cart.with(save));
        provide_context(found);
        found
    }

    /// Makes `store`'s cart the one shown (read from storage), unless it already is.
    pub fn switch_to(&self, store: &str) {
        if self.cart.with_untracked(|c| c.store() != store) {
            self.cart.set(load(store));
        }
    }

    /// Reads the cart (reactive).
    pub fn with<T>(&self, f: impl FnOnce(&Cart) -> T) -> T {
        self.cart.with(f)
    }

    /// Reads the cart without subscribing.
    pub fn with_untracked<T>(&self, f: impl FnOnce(&Cart) -> T) -> T {
        self.cart.with_untracked(f)
    }

    /// Changes the cart (and so saves it); `None` once the app is gone.
    pub fn update<T>(&self, f: impl FnOnce(&mut Cart) -> T) -> Option<T> {
        self.cart.try_update(f)
    }

    /// Units in the cart (reactive).
    pub fn count(&self) -> u32 {
        self.cart.with(Cart::count)
    }
}
