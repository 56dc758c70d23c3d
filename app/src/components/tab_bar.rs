//! The bottom tab bar: Home, Flash sales, Stores, Member, Orders.

use crate::AppState;
use crate::i18n::Key;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// Which tab a path belongs to (`None` for pages outside the tabs).
pub fn tab_of(path: &str) -> Option<&'static str> {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or_default();
    Some(match first {
        "" | "products" => "/",
        "flash-sales" => "/flash-sales",
        "stores" => "/stores",
        "member" => "/member",
        "orders" => "/orders",
        _ => return None,
    })
}

#[component]
pub fn TabBar() -> impl IntoView {
    let state = AppState::get();
    let location = use_location();
    let tabs = [
        ("/", Key::TabHome, "⌂"),
        ("/flash-sales", Key::TabFlash, "⚡"),
        ("/stores", Key::TabStores, "▦"),
        ("/member", Key::TabMember, "◉"),
        ("/orders", Key::TabOrders, "☰"),
    ];
    // Staff at the counter use /guide without the customer's tabs.
    let hidden = move || location.pathname.get().starts_with("/guide");
    view! {
        <nav class="tab-bar" aria-label="tabs" class:hidden=hidden>
            {tabs
                .into_iter()
                .map(|(href, key, icon)| {
                    let active = move || tab_of(&location.pathname.get()) == Some(href);
                    view! {
                        <A href=href attr:class=move || if active() { "tab active" } else { "tab" }>
                            <span class="tab-icon" aria-hidden="true">{icon}</span>
                            <span class="tab-label">{move || state.t(key)}</span>
                        </A>
                    }
                })
                .collect_view()}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::tab_of;

    #[test]
    fn pages_light_up_their_tab() {
        assert_eq!(tab_of("/"), Some("/"));
        assert_eq!(tab_of("/products/SKU-1001"), Some("/"));
        assert_eq!(tab_of("/flash-sales"), Some("/flash-sales"));
        assert_eq!(tab_of("/orders/O1"), Some("/orders"));
        assert_eq!(tab_of("/guide"), None);
    }
}
