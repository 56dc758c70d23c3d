//! The bottom tab bar: Home, Flash sales, Stores, Member, Orders, the cart with its count, and
//! the inbox with its unread count (read again on every page change).

use crate::AppState;
use crate::i18n::Key;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// One of the customers' tabs.
pub struct ShopTab {
    /// Where it leads.
    pub href: &'static str,
    label: Key,
    icon: &'static str,
    /// The first path segments of other pages that light it up (a product lights up Home).
    also: &'static [&'static str],
}

/// The customers' tabs, left to right: the one table the bar and [`tab_of`] follow. Icons are
/// glyphs every phone's fonts have; the cart has no such glyph outside the emoji fonts (which
/// not every webview carries), so it is drawn by the style sheet (`.tab-icon-drawn`).
pub const TABS: [ShopTab; 7] = [
    ShopTab { href: "/", label: Key::TabHome, icon: "⌂", also: &["products"] },
    ShopTab { href: "/flash-sales", label: Key::TabFlash, icon: "⚡", also: &[] },
    ShopTab { href: "/stores", label: Key::TabStores, icon: "▦", also: &[] },
    ShopTab { href: "/member", label: Key::TabMember, icon: "◉", also: &[] },
    ShopTab { href: "/orders", label: Key::TabOrders, icon: "☰", also: &[] },
    ShopTab { href: "/cart", label: Key::Cart, icon: "", also: &[] },
    ShopTab { href: "/messages", label: Key::TabMessages, icon: "✉", also: &[] },
];

/// Which tab a path belongs to (`None` for pages outside the tabs).
pub fn tab_of(path: &str) -> Option<&'static str> {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or_default();
    TABS.iter().find(|t| t.href.trim_start_matches('/') == first || t.also.contains(&first)).map(|t| t.href)
}

#[component]
pub fn TabBar() -> impl IntoView {
    let state = AppState::get();
    let cart = crate::cart::CartBox::get();
    let location = use_location();
    let unread = crate::inbox::Unread::get();
    Effect::new(move |_| {
        location.pathname.track();
        state.member_token.track();
        unread.refresh(state);
    });
    // Staff at the counter use /guide without the customer's tabs.
    let hidden = move || location.pathname.get().starts_with("/guide");
    view! {
        <nav class="tab-bar" aria-label="tabs" class:hidden=hidden>
            {TABS
                .iter()
                .map(|&ShopTab { href, label, icon, .. }| {
                    let active = move || tab_of(&location.pathname.get()) == Some(href);
                    view! {
                        <A href=href attr:class=move || if active() { "tab active" } else { "tab" }>
                            <span class="tab-icon" class:tab-icon-drawn=icon.is_empty() aria-hidden="true">{icon}</span>
                            {(href == "/cart").then(|| view! {
                                <Show when=move || { cart.count() > 0 }>
                                    <span class="tab-badge" data-testid="cart-badge">{move || cart.count()}</span>
                                </Show>
                            })}
                            {(href == "/messages").then(|| view! {
                                <Show when=move || { unread.count() > 0 }>
                                    <span class="tab-badge" data-testid="inbox-badge">{move || unread.count()}</span>
                                </Show>
                            })}
                            <span class="tab-label">{move || state.t(label)}</span>
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
        assert_eq!(tab_of("/member/ledger"), Some("/member"));
        assert_eq!(tab_of("/stores/S1"), Some("/stores"));
        assert_eq!(tab_of("/cart"), Some("/cart"));
        assert_eq!(tab_of("/messages"), Some("/messages"));
        assert_eq!(tab_of("/checkout"), None);
        assert_eq!(tab_of("/guide"), None);
    }
}
