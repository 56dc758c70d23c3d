//! What a product page keeps current while it is open: the flash sale the product is in right
//! now, its remaining count pushed over the sale's socket (`crate::live_stock`, as on the
//! flash-sale page) and polled only while that socket is down; and, with no socket, the stock
//! per store asked again when the customer comes back to the page ([`on_return`]).

use crate::AppState;
use crate::api::{self, ClientError};
use crate::clock::now_ms;
use crate::i18n::Key;
use crate::live_stock::LiveFeeds;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use shared::api::FlashSaleView;
use shared::flash_sale::SaleStatus;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Milliseconds between polls of the sale while its socket is down.
const POLL_MS: u32 = 3_000;

/// The sales of `sku` that are live now: the ones the page follows.
pub fn live_sales_of(sales: Vec<FlashSaleView>, sku: &str) -> Vec<FlashSaleView> {
    sales.into_iter().filter(|s| s.sku.as_str() == sku && s.status == SaleStatus::Live).collect()
}

/// Whether coming back to the page at `now` asks again: not within a second of the last time
/// (a tab switched back to fires both `visibilitychange` and `focus`).
pub fn return_due(last_ms: i64, now_ms: i64) -> bool {
    now_ms - last_ms >= 1_000
}

/// The live sale of product `sku`, if it is in one: its price and remaining units, kept live,
/// and the way to buy it (the flash-sale page). `live` learns whether one is shown, so the page
/// can drop a buy button that would only say the store has no units outside the sale.
#[component]
pub fn LiveSale(sku: Signal<String>, live: RwSignal<bool>) -> impl IntoView {
    let state = AppState::get();
    let sales = RwSignal::new(None::<Result<Vec<FlashSaleView>, ClientError>>);
    let load = move || {
        let sku = sku.get_untracked();
        // Signed out: the list every buyer shares, answered from the worker's memory.
        leptos::task::spawn_local(async move {
            sales.set(Some(api::flash_sales(None, None).await.map(|l| live_sales_of(l, &sku))));
        });
    };
    Effect::new(move |_| {
        sku.track();
        load();
    });
    let feeds = LiveFeeds::follow(sales);
    let polled = feeds.clone();
    let poll = gloo_timers::callback::Interval::new(POLL_MS, move || {
        if polled.polling() {
            load();
        }
    });
    let (poll, feeds) = (SendWrapper::new(poll), SendWrapper::new(feeds));
    on_cleanup(move || {
        drop(poll);
        feeds.close();
    });
    let shown = move || sales.with(|s| s.as_ref().and_then(|r| r.as_ref().ok()).and_then(|l| l.first().cloned()));
    Effect::new(move |_| live.set(shown().is_some()));
    move || {
        shown().map(|sale| {
            let left = format!("{} {}/{}", state.t(Key::Remaining), sale.remaining, sale.quantity);
            view! {
                <a class="live-sale" data-testid="live-sale" data-sale=sale.id.clone() href="/flash-sales">
                    <span>{state.t(Key::TabFlash)} " " {sale.price_fen.label()}</span>
                    <span data-testid="live-remaining">{left}</span>
                    <span class="live-sale-go" data-testid="live-sale-go">{state.t(Key::BuyNow)}</span>
                </a>
            }
        })
    }
}

/// Calls `refresh` when the customer comes back to the page (the tab is shown again or the
/// window gets the focus), at most once a second; stops when the view closes.
pub fn on_return(refresh: impl Fn() + 'static) {
    let last = Rc::new(Cell::new(now_ms()));
    let listener = Closure::<dyn Fn()>::new(move || {
        let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
        if visible && return_due(last.get(), now_ms()) {
            last.set(now_ms());
            refresh();
        }
    });
    let f = listener.as_ref().unchecked_ref();
    let _ = document().add_event_listener_with_callback("visibilitychange", f);
    let _ = window().add_event_listener_with_callback("focus", f);
    let listener = SendWrapper::new(listener);
    on_cleanup(move || {
        let f = listener.as_ref().unchecked_ref();
        let _ = document().remove_event_listener_with_callback("visibilitychange", f);
        let _ = window().remove_event_listener_with_callback("focus", f);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_products_live_sales_are_followed() {
        let sale = |id: &str, sku: &str, status: &str| -> FlashSaleView {
            serde_json::from_value(serde_json::json!({
                "id": id, "sku": sku, "store_id": "S1", "title": "t", "title_en": "t", "image": "",
                "price_fen": 990, "original_price_fen": 1990, "starts_at": "2026-01-01T00:00:00Z",
                "ends_at": "2026-01-02T00:00:00Z", "quantity": 5, "remaining": 5, "per_member_limit": 1,
                "status": status, "lock_minutes": 10, "buckets": 1, "my_held": null
            }))
            .expect("a sale")
        };
        let list = vec![sale("FS1", "SKU-1", "upcoming"), sale("FS2", "SKU-2", "live"), sale("FS3", "SKU-1", "live")];
        let ids: Vec<String> = live_sales_of(list, "SKU-1").into_iter().map(|s| s.id).collect();
        assert_eq!(ids, ["FS3"]);
    }

    #[test]
    fn coming_back_asks_again_at_most_once_a_second() {
        assert!(!return_due(10_000, 10_400), "visibilitychange and focus of one return");
        assert!(return_due(10_000, 11_000));
    }
}
