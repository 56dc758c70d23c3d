//! Live stock: a sale's remaining count pushed over a WebSocket
//! (`GET /api/flash-sales/{id}/live`). While the socket is open the page asks nothing; when it
//! fails or closes the page polls, and the socket is reopened with a growing delay. The rules
//! ([`LiveLink`], [`backoff_ms`], [`apply`]) are plain and tested natively; [`LiveSocket`] is
//! the browser glue, closed when dropped.

use crate::api::ClientError;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use shared::api::{FlashSaleView, LiveStock};
use shared::flash_sale::SaleStatus;
use shared::routes::{RouteId, path};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{MessageEvent, WebSocket};

/// The delay before reopening after `failures` failures in a row: 1 s, doubling, at most 30 s.
pub fn backoff_ms(failures: u32) -> u32 {
    1_000u32.saturating_mul(1 << failures.saturating_sub(1).min(5)).min(30_000)
}

/// Where one sale's socket stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LiveLink {
    open: bool,
    failures: u32,
}

impl LiveLink {
    /// The socket opened: pushes will arrive, polling stops.
    pub fn opened(&mut self) {
        self.open = true;
    }

    /// A message arrived: the feed works, so the backoff starts over. (Not on opening: a
    /// proxy that accepts sockets and drops them at once must not be retried every second.)
    pub fn heard(&mut self) {
        self.failures = 0;
    }

    /// The socket failed or closed: returns the delay before the next attempt.
    pub fn lost(&mut self) -> u32 {
        self.open = false;
        self.failures = self.failures.saturating_add(1);
        backoff_ms(self.failures)
    }

    /// Whether the page must poll: the socket failed and has not reopened since (never while
    /// the first attempt is still connecting).
    pub fn polling(&self) -> bool {
        !self.open && self.failures > 0
    }
}

/// Puts a pushed count into the list; returns whether the sale was in it.
pub fn apply(sales: &mut [FlashSaleView], message: &LiveStock) -> bool {
    match sales.iter_mut().find(|s| s.id == message.sale_id) {
        Some(sale) => {
            sale.remaining = message.remaining;
            sale.status = message.status;
            true
        }
        None => false,
    }
}

/// The socket URL of sale `id` on the page's own origin (`ws:` or `wss:` as the page is).
pub fn live_url(protocol: &str, host: &str, id: &str) -> String {
    let scheme = if protocol == "https:" { "wss" } else { "ws" };
    format!("{scheme}://{host}{}", path(RouteId::FlashSaleLive, &[id]))
}

type Handler = Closure<dyn FnMut(web_sys::Event)>;

struct Link {
    id: String,
    state: Cell<LiveLink>,
    closed: Cell<bool>,
    socket: RefCell<Option<WebSocket>>,
    handlers: RefCell<Vec<Handler>>,
    retry: RefCell<Option<gloo_timers::callback::Timeout>>,
    on_stock: Box<dyn Fn(LiveStock)>,
}

/// One sale's live feed in the browser. Dropping it closes the socket and cancels a retry.
pub struct LiveSocket {
    link: Rc<Link>,
}

impl LiveSocket {
    /// Opens sale `id`'s feed; every message is handed to `on_stock`.
    pub fn open(id: &str, on_stock: impl Fn(LiveStock) + 'static) -> LiveSocket {
        let link = Rc::new(Link {
            id: id.to_owned(),
            state: Cell::new(LiveLink::default()),
            closed: Cell::new(false),
            socket: RefCell::new(None),
            handlers: RefCell::new(Vec::new()),
            retry: RefCell::new(None),
            on_stock: Box::new(on_stock),
        });
        connect(&link);
        LiveSocket { link }
    }

    /// Whether the page must poll for this sale.
    pub fn polling(&self) -> bool {
        self.link.state.get().polling()
    }
}

impl Drop for LiveSocket {
    fn drop(&mut self) {
        self.link.closed.set(true);
        self.link.retry.borrow_mut().take();
        if let Some(socket) = self.link.socket.borrow_mut().take() {
            socket.set_onopen(None);
            socket.set_onmessage(None);
            socket.set_onclose(None);
            let _ = socket.close();
        }
        self.link.handlers.borrow_mut().clear();
    }
}

fn handler(link: &Rc<Link>, f: impl Fn(&Link, web_sys::Event) + 'static) -> Handler {
    let weak: Weak<Link> = Rc::downgrade(link);
    Closure::new(move |event: web_sys::Event| {
        if let Some(link) = weak.upgrade().filter(|l| !l.closed.get()) {
            f(&link, event);
        }
    })
}

fn connect(link: &Rc<Link>) {
    let location = web_sys::window().map(|w| w.location());
    let url = location.map(|l| live_url(&l.protocol().unwrap_or_default(), &l.host().unwrap_or_default(), &link.id));
    let Some(Ok(socket)) = url.map(|u| WebSocket::new(&u)) else {
        lost(link);
        return;
    };
    let on_open = handler(link, |l, _| {
        let mut state = l.state.get();
        state.opened();
        l.state.set(state);
    });
    let on_message = handler(link, |l, event| {
        let text = event.dyn_ref::<MessageEvent>().and_then(|m| m.data().as_string());
        if let Some(message) = text.and_then(|t| serde_json::from_str::<LiveStock>(&t).ok()) {
            let mut state = l.state.get();
            state.heard();
            l.state.set(state);
            (l.on_stock)(message);
        }
    });
    let weak = Rc::downgrade(link);
    let on_close = Closure::new(move |_: web_sys::Event| {
        if let Some(link) = weak.upgrade().filter(|l| !l.closed.get()) {
            lost(&link);
        }
    });
    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // An error is always followed by a close, so the close alone schedules the retry.
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    *link.handlers.borrow_mut() = vec![on_open, on_message, on_close];
    *link.socket.borrow_mut() = Some(socket);
}

/// The socket is gone: poll meanwhile, and try again after the backoff.
fn lost(link: &Rc<Link>) {
    let mut state = link.state.get();
    let delay = state.lost();
    link.state.set(state);
    let weak = Rc::downgrade(link);
    let retry = gloo_timers::callback::Timeout::new(delay, move || {
        if let Some(link) = weak.upgrade().filter(|l| !l.closed.get()) {
            connect(&link);
        }
    });
    *link.retry.borrow_mut() = Some(retry);
}

/// The live feeds of every sale a page lists, kept in step with the list: a socket per sale that
/// has not ended, pushed counts written into the list. Dropping it closes every socket.
#[derive(Clone, Default)]
pub struct LiveFeeds {
    sockets: Rc<RefCell<BTreeMap<String, LiveSocket>>>,
}

impl LiveFeeds {
    /// Follows the sales in `sales` (the page's latest list).
    pub fn follow(sales: RwSignal<Option<Result<Vec<FlashSaleView>, ClientError>>>) -> LiveFeeds {
        let feeds = LiveFeeds::default();
        let sockets = SendWrapper::new(feeds.sockets.clone());
        Effect::new(move |_| {
            let ids: Vec<String> = sales
                .with(|s| {
                    let listed = s.as_ref().and_then(|r| r.as_ref().ok());
                    listed.map(|l| l.iter().filter(|x| x.status != SaleStatus::Ended).map(|x| x.id.clone()).collect())
                })
                .unwrap_or_default();
            let mut open = sockets.borrow_mut();
            open.retain(|id, _| ids.contains(id));
            for id in ids {
                open.entry(id.clone()).or_insert_with(|| {
                    LiveSocket::open(&id, move |message| {
                        sales.update(|s| {
                            if let Some(Ok(list)) = s {
                                apply(list, &message);
                            }
                        })
                    })
                });
            }
        });
        feeds
    }

    /// Whether the page must poll: some sale's socket is down.
    pub fn polling(&self) -> bool {
        self.sockets.borrow().values().any(LiveSocket::polling)
    }

    /// Closes every socket (the view closed).
    pub fn close(&self) {
        self.sockets.borrow_mut().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_a_second_up_to_half_a_minute() {
        let delays: Vec<u32> = (1..=8).map(backoff_ms).collect();
        assert_eq!(delays, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
        assert_eq!(backoff_ms(u32::MAX), 30_000);
    }

    #[test]
    fn the_page_polls_only_while_the_socket_is_down() {
        let mut link = LiveLink::default();
        assert!(!link.polling(), "connecting for the first time: wait for the socket");
        assert_eq!(link.lost(), 1_000);
        assert!(link.polling());
        assert_eq!(link.lost(), 2_000, "a failed reconnect backs off further");
        link.opened();
        assert!(!link.polling());
        assert_eq!(link.lost(), 4_000, "opening alone does not reset the backoff");
        link.opened();
        link.heard();
        assert_eq!(link.lost(), 1_000, "a socket that delivered resets it");
    }

    #[test]
    fn a_pushed_count_lands_on_its_sale_only() {
        let sale = |id: &str| -> FlashSaleView {
            serde_json::from_value(serde_json::json!({
                "id": id, "sku": "SKU-1", "store_id": "S1", "title": "t", "title_en": "t", "image": "",
                "price_fen": 990, "original_price_fen": 1990, "starts_at": "2026-01-01T00:00:00Z",
                "ends_at": "2026-01-02T00:00:00Z", "quantity": 5, "remaining": 5, "per_member_limit": 1,
                "status": "live", "lock_minutes": 10, "buckets": 1, "my_held": null
            }))
            .expect("a sale")
        };
        let mut list = vec![sale("FS1"), sale("FS2")];
        let pushed = |id: &str, remaining, status| LiveStock {
            sale_id: id.into(),
            remaining,
            status,
            at: chrono::DateTime::UNIX_EPOCH,
        };
        assert!(apply(&mut list, &pushed("FS2", 0, SaleStatus::SoldOut)));
        assert_eq!((list[0].remaining, list[1].remaining, list[1].status), (5, 0, SaleStatus::SoldOut));
        assert!(!apply(&mut list, &pushed("FS9", 1, SaleStatus::Live)));
    }

    #[test]
    fn the_socket_url_follows_the_pages_origin() {
        assert_eq!(live_url("http:", "127.0.0.1:8787", "FS1"), "ws://127.0.0.1:8787/api/flash-sales/FS1/live");
        assert_eq!(live_url("https:", "shop.example", "FS1"), "wss://shop.example/api/flash-sales/FS1/live");
    }
}
