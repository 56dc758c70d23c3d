//! Tabs whose features are not built yet say so plainly instead of pretending.

use crate::AppState;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use leptos::prelude::*;

#[component]
fn Soon(title: Key) -> impl IntoView {
    let state = AppState::get();
    view! {
        <TopBar title=Signal::derive(move || state.t(title).to_owned())/>
        <div class="empty not-built" data-testid="not-built">
            <p>{move || state.t(Key::SoonBody)}</p>
        </div>
    }
}

#[component]
pub fn FlashSalesSoon() -> impl IntoView {
    view! { <Soon title=Key::SoonFlash/> }
}

#[component]
pub fn OrdersSoon() -> impl IntoView {
    view! { <Soon title=Key::SoonOrders/> }
}
