//! Live stock in the browser: a sale's socket that cannot open makes the page poll (and is
//! retried), a pushed count lands in the list, and dropping the feed closes it quietly.
#![cfg(target_arch = "wasm32")]

use app::live_stock::{LiveLink, LiveSocket, apply};
use chrono::DateTime;
use gloo_timers::future::TimeoutFuture;
use shared::api::{FlashSaleView, LiveStock};
use shared::flash_sale::SaleStatus;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_socket_that_cannot_open_makes_the_page_poll_until_it_is_dropped() {
    // The test runner's server has no live route: the socket fails like a refusing proxy.
    let heard = Rc::new(Cell::new(0));
    let counter = heard.clone();
    let socket = LiveSocket::open("FSNOSUCHSALE", move |_| counter.set(counter.get() + 1));
    assert!(!socket.polling(), "while the first attempt connects, the page waits");
    let mut waited = 0;
    while !socket.polling() && waited < 5_000 {
        TimeoutFuture::new(50).await;
        waited += 50;
    }
    assert!(socket.polling(), "a failed socket falls back to polling");
    assert_eq!(heard.get(), 0);
    drop(socket);
    // A retry scheduled before the drop must not fire into a dropped feed.
    TimeoutFuture::new(1_500).await;
}

#[wasm_bindgen_test]
fn the_link_polls_only_while_down_and_backs_off() {
    let mut link = LiveLink::default();
    assert!(!link.polling());
    assert_eq!((link.lost(), link.lost(), link.lost()), (1_000, 2_000, 4_000));
    assert!(link.polling());
    link.opened();
    assert!(!link.polling());
    link.heard();
    assert_eq!(link.lost(), 1_000);
}

#[wasm_bindgen_test]
fn a_pushed_count_updates_its_sale_in_the_list() {
    let sale: FlashSaleView = serde_json::from_value(serde_json::json!({
        "id": "FS1", "sku": "SKU-1", "store_id": "S1", "title": "口红", "title_en": "Lipstick", "image": "",
        "price_fen": 990, "original_price_fen": 1990, "starts_at": "2026-01-01T00:00:00Z",
        "ends_at": "2026-01-02T00:00:00Z", "quantity": 5, "remaining": 5, "per_member_limit": 1,
        "status": "live", "lock_minutes": 10, "buckets": 4, "my_held": null
    }))
    .expect("a sale");
    let mut list = vec![sale];
    let message =
        LiveStock { sale_id: "FS1".into(), remaining: 0, status: SaleStatus::SoldOut, at: DateTime::UNIX_EPOCH };
    assert!(apply(&mut list, &message));
    assert_eq!((list[0].remaining, list[0].status), (0, SaleStatus::SoldOut));
}
