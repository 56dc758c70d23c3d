//! Stores: the chain's list (in either language, or the server's error), and a store's map:
//! the walk to a counter drawn and told, a counter found by search, and a counter that does not
//! exist.
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use common::*;
use serde_json::{Value, json};
use shared::api::{Counter, Store};
use shared::navigation::{route, store_map};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn store() -> Store {
    let floors = json!([{"id": "S1-1F", "name": "1F", "level": 1}, {"id": "S1-2F", "name": "2F", "level": 2},
                        {"id": "S1-3F", "name": "3F", "level": 3}]);
    fixture(with(store_json(), json!({ "floors": floors })))
}

fn counters() -> Vec<Counter> {
    fixture(json!([
        {"id": "S1-C01", "floor_id": "S1-1F", "brand": "兰雅", "name": "兰雅专柜", "name_en": "Lanya counter", "x": 8, "y": 10},
        {"id": "S1-C17", "floor_id": "S1-3F", "brand": "海港", "name": "海港专柜", "name_en": "Harbor Tailors counter", "x": 22, "y": 10}
    ]))
}

/// The map and the walk to `to` as the server computes them (the shared core's own functions).
fn map_and_route(to: &str) -> (Value, Value) {
    let map = store_map(&store(), &counters());
    let walk = route(&map.graph, &map.entrance, to).expect("a walk");
    (serde_json::to_value(&map).expect("JSON"), serde_json::to_value(&walk).expect("JSON"))
}

async fn store_page(path: &str, lang: Lang) -> Mounted {
    let (map, walk) = map_and_route("S1-C17");
    fake_api();
    ok("GET /api/stores/S1/map", map);
    ok("GET /api/stores/S1/route?to=S1-C17", walk);
    let m = shop(path, lang, |_| {}).await;
    m.wait_for("[data-testid=floor-plan] svg").await;
    m
}

#[wasm_bindgen_test]
async fn the_list_shows_each_store_and_follows_the_language() {
    fake_api();
    ok(
        "GET /api/stores",
        json!([with(
            store_json(),
            json!({ "floors": [{"id": "S1-1F", "name": "1F", "level": 1}, {"id": "S1-2F", "name": "2F", "level": 2}] })
        )]),
    );
    let m = shop("/stores", Lang::Zh, |_| {}).await;
    m.wait_for("[data-store=S1]").await;
    assert_eq!(m.text_of("[data-store=S1] h2"), "一号店");
    assert_eq!(m.text_of("[data-store=S1] .address"), "长安街 1 号");
    assert_eq!(m.text_of("[data-store=S1] .floors"), "楼层 1F · 2F");
    assert_eq!(m.get("[data-store=S1] a.map-link").get_attribute("href").as_deref(), Some("/stores/S1"));
    click(&m.get("[data-testid=lang-switch]"));
    settle().await;
    assert_eq!(m.text_of("[data-store=S1] h2"), "Store One");
    assert_eq!(m.text_of("[data-store=S1] .address"), "1 Chang'an Ave");
    assert_eq!(m.text_of("h1"), "Stores");
}

#[wasm_bindgen_test]
async fn a_list_that_cannot_load_says_why_and_retries() {
    fake_api();
    // A first visit: no list saved by an earlier test to show meanwhile.
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("local storage");
    storage.remove_item(app::store_list::STORAGE_KEY).expect("removed");
    refuse("GET /api/stores", 429, "RATE_LIMITED", "slow down");
    let m = shop("/stores", Lang::En, |_| {}).await;
    m.wait_for(".error-box").await;
    assert!(m.text_of(".error-box").contains("Too many attempts; try again shortly"), "{}", m.text());
    ok("GET /api/stores", json!([store_json()]));
    click(&m.get(".error-box button"));
    m.wait_for("[data-store=S1]").await;
}

#[wasm_bindgen_test]
async fn the_walk_to_a_counter_is_drawn_on_its_floor_and_told_in_legs() {
    let m = store_page("/stores/S1?to=S1-C17", Lang::En).await;
    m.wait_for("[data-testid=route-card]").await;
    assert_eq!(m.text_of("h1"), "Floor map · Store One");
    assert_eq!(m.attrs(".floor-chip", "data-floor"), ["S1-3F", "S1-2F", "S1-1F"], "top floor first");
    assert_eq!(m.classes("[data-floor=S1-3F]"), ["chip", "floor-chip", "on-route", "selected"]);
    assert_eq!(m.classes("[data-floor=S1-1F]"), ["chip", "floor-chip", "on-route"]);
    assert_eq!(m.count("[data-testid=floor-plan] .route-line"), 1);
    assert_eq!(
        m.get("[data-testid=floor-plan] .counter.target").get_attribute("data-counter").as_deref(),
        Some("S1-C17")
    );
    let legs: Vec<String> = (1..=3).map(|i| m.text_of(&format!(".legs li:nth-child({i})"))).collect();
    assert_eq!(legs[1], "Take the escalators from 1F to 3F");
    assert_eq!(legs[2], "Arrive at Harbor Tailors counter, 3F");
    assert!(m.text_of("[data-testid=route-card] h3").starts_with("About "), "{}", m.text());
    // Another floor shows its own stretch of the walk, without the destination.
    click(&m.get("[data-floor=S1-1F]"));
    settle().await;
    assert_eq!(m.classes("[data-floor=S1-1F]"), ["chip", "floor-chip", "on-route", "selected"]);
    assert_eq!(m.count("[data-testid=floor-plan] .counter.target"), 0);
    assert_eq!(m.count("[data-testid=floor-plan] .entrance"), 1);
}

#[wasm_bindgen_test]
async fn without_a_destination_the_entrance_floor_and_a_hint_show() {
    let m = store_page("/stores/S1", Lang::Zh).await;
    m.wait_for(".map-hint").await;
    assert_eq!(m.classes("[data-floor=S1-1F]"), ["chip", "floor-chip", "selected"]);
    assert_eq!(m.count("[data-testid=floor-plan] .route-line"), 0);
    assert!(calls_to("GET /api/stores/S1/route").is_empty(), "no walk asked for");
}

#[wasm_bindgen_test]
async fn searching_a_counter_routes_to_it() {
    let m = store_page("/stores/S1", Lang::En).await;
    type_into(&m.get("[data-testid=counter-search]"), "harbor");
    settle().await;
    assert_eq!(m.attrs(".counter-hit", "data-counter"), ["S1-C17"]);
    click(&m.get(".counter-hit"));
    until("the destination in the URL", || here() == "/stores/S1?to=S1-C17").await;
    m.wait_for("[data-testid=route-card]").await;
    assert_eq!(m.count(".counter-hit"), 0, "the search clears");
    assert_eq!(m.classes("[data-floor=S1-3F]"), ["chip", "floor-chip", "on-route", "selected"]);
}

#[wasm_bindgen_test]
async fn an_unknown_counter_shows_why_there_is_no_walk() {
    let m = {
        let (map, _) = map_and_route("S1-C17");
        fake_api();
        ok("GET /api/stores/S1/map", map);
        refuse("GET /api/stores/S1/route", 404, "NOT_FOUND", "no counter S1-C99 in S1");
        shop("/stores/S1?to=S1-C99", Lang::En, |_| {}).await
    };
    m.wait_for(".form-error").await;
    assert_eq!(m.text_of(".form-error"), "no counter S1-C99 in S1");
    assert_eq!(m.count("[data-testid=route-card]"), 0);
    assert_eq!(m.classes("[data-floor=S1-1F]"), ["chip", "floor-chip", "selected"], "the entrance floor");
    assert_eq!(m.count("[data-testid=floor-plan] .counter"), 1, "the map still shows its counters");
}

#[wasm_bindgen_test]
async fn an_unknown_store_says_so() {
    fake_api();
    refuse("GET /api/stores/S9/map", 404, "NOT_FOUND", "no store S9");
    let m = shop("/stores/S9", Lang::En, |_| {}).await;
    m.wait_for(".error-box").await;
    assert!(m.text_of(".error-box").contains("no store S9"));
    assert_eq!(m.count(".floor-chip"), 0);
}
