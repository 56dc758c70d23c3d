//! One module per page.

pub mod checkout;
pub mod coupons;
pub mod flash_sales;
pub mod guide;
pub mod home;
pub mod link_card;
pub mod member;
pub mod order_detail;
pub mod orders;
pub mod product;
pub mod store_map;
pub mod stores;
pub mod wallet;

use crate::AppState;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    let state = AppState::get();
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::NotFound).to_owned())/>
        <div class="empty">
            <p>{move || state.t(Key::NotFoundHint)}</p>
            <A href="/" attr:class="btn">{move || state.t(Key::TabHome)}</A>
        </div>
    }
}
