//! What the component tests share: a place to mount, the shop's state, fixtures in the API's
//! own JSON (so they drift with the contract, not with the test), and DOM helpers.
#![allow(dead_code)]

mod fake_api;

pub use fake_api::*;

use app::AppState;
use app::i18n::Lang;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;

/// A fixed "now": 2026-11-24 10:00 in Shanghai.
pub const NOW_MS: i64 = 1_795_485_600_000;

/// `NOW_MS` plus `secs`, as the API writes times.
pub fn at(secs: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(NOW_MS + secs * 1000).map(|t| t.to_rfc3339()).unwrap_or_default()
}

/// A mounted view: its host element, the state it was given, and the handle that keeps it alive.
pub struct Mounted {
    pub el: web_sys::HtmlElement,
    pub state: AppState,
    _handle: Box<dyn std::any::Any>,
}

impl Mounted {
    /// The text of the whole view.
    pub fn text(&self) -> String {
        self.el.text_content().unwrap_or_default()
    }

    /// The first element matching `selector`, if any.
    pub fn find(&self, selector: &str) -> Option<web_sys::HtmlElement> {
        self.el.query_selector(selector).ok().flatten().map(|e| e.unchecked_into())
    }

    /// The first element matching `selector` (the test fails without one).
    pub fn get(&self, selector: &str) -> web_sys::HtmlElement {
        self.find(selector).unwrap_or_else(|| panic!("no {selector} in: {}", self.text()))
    }

    /// The `name` attribute of every element matching `selector`, in document order.
    pub fn attrs(&self, selector: &str, name: &str) -> Vec<String> {
        let Ok(list) = self.el.query_selector_all(selector) else { return Vec::new() };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok()?.get_attribute(name))
            .collect()
    }

    /// How many elements match `selector`.
    pub fn count(&self, selector: &str) -> u32 {
        self.el.query_selector_all(selector).map(|l| l.length()).unwrap_or(0)
    }

    /// The text of the first element matching `selector`.
    pub fn text_of(&self, selector: &str) -> String {
        self.get(selector).text_content().unwrap_or_default()
    }

    /// The classes of the first `selector`, sorted (toggled classes come in any order).
    pub fn classes(&self, selector: &str) -> Vec<String> {
        let mut list: Vec<String> = self.get(selector).class_name().split_whitespace().map(str::to_owned).collect();
        list.sort();
        list
    }

    /// Waits until an element matches `selector`.
    pub async fn wait_for(&self, selector: &str) {
        until(selector, || self.find(selector).is_some()).await;
    }

    /// Waits until the view's text contains `text`.
    pub async fn wait_text(&self, text: &str) {
        until(text, || self.text().contains(text)).await;
    }

    /// Whether the first `selector` is a disabled button.
    pub fn disabled(&self, selector: &str) -> bool {
        self.get(selector).has_attribute("disabled")
    }
}

/// Mounts `view` in a fresh host, inside a router, with a fresh state in `lang` (the zones of
/// the demo stores already known: Shanghai time). `setup` adjusts the state first.
pub async fn mount<V: IntoView + 'static>(
    lang: Lang,
    setup: impl FnOnce(&AppState),
    view: impl FnOnce() -> V + 'static,
) -> Mounted {
    let doc = document();
    let el: web_sys::HtmlElement = doc.create_element("div").expect("a div").unchecked_into();
    doc.body().expect("a body").append_child(&el).expect("appended");
    let state = AppState::with_lang(lang);
    state.zones.set(app::clock::StoreZones::from_stores(&[fixture(store_json())]));
    setup(&state);
    // The router's children must be Send; the browser has one thread, so this one is.
    let view = send_wrapper::SendWrapper::new(view);
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_context(state);
        view! { <leptos_router::components::Router>{(view.take())().into_any()}</leptos_router::components::Router> }
            .into_any()
    });
    settle().await;
    Mounted { el, state, _handle: Box::new(handle) }
}

/// Mounts `view` as [`mount`] does, with the browser's location at `path` first (for views
/// holding `<Routes>`, or reading the query).
pub async fn mount_at<V: IntoView + 'static>(
    path: &str,
    lang: Lang,
    setup: impl FnOnce(&AppState),
    view: impl FnOnce() -> V + 'static,
) -> Mounted {
    let history = web_sys::window().and_then(|w| w.history().ok()).expect("a history");
    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path)).expect("the location moves");
    mount(lang, setup, view).await
}

/// The customers' app at `path`, every page routed as in the app, with the fake server's
/// answers set beforehand ([`fake_api`]).
pub async fn shop(path: &str, lang: Lang, setup: impl FnOnce(&AppState)) -> Mounted {
    mount_at(path, lang, setup, || view! { <app::pages::ShopRoutes/> }).await
}

/// The member token the shop's tests sign in with.
pub const TOKEN: &str = "tok-member";

/// A signed-in member (for [`mount`]'s `setup`).
pub fn signed_in(state: &AppState) {
    state.member_token.set(Some(TOKEN.to_owned()));
}

/// The staff token the console's tests sign in with.
pub const STAFF_TOKEN: &str = "tok-staff";

/// The guide console at `path`, routed as the console is, with a guide (or a manager) of S1
/// signed in on this device (`None`: nobody).
pub async fn console(path: &str, lang: Lang, role: Option<&str>) -> Mounted {
    let session = role.map(|role| {
        fixture::<shared::api::StaffSession>(json!({ "token": STAFF_TOKEN,
            "staff": {"id": "G1001", "name": "Wang", "store_id": "S1", "role": role} }))
    });
    mount_at(path, lang, move |s| s.staff.set(session), || view! { <app::pages::guide::GuideRoutes/> }).await
}

/// The browser's path and query now (`/member?next=%2Fcheckout`).
pub fn here() -> String {
    let loc = web_sys::window().expect("a window").location();
    format!("{}{}", loc.pathname().unwrap_or_default(), loc.search().unwrap_or_default())
}

/// Waits (up to two seconds) until `ready` holds: answers from the fake server arrive on the
/// browser's task queue, after [`settle`]'s ticks.
pub async fn until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..200 {
        if ready() {
            settle().await;
            return;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    let sent: Vec<String> = calls().into_iter().map(|c| c.key).collect();
    panic!("waited in vain for {what}; at {}, requests so far: {sent:?}", here());
}

/// Lets effects and re-renders run.
pub async fn settle() {
    leptos::task::tick().await;
    leptos::task::tick().await;
}

/// Clicks an element.
pub fn click(el: &web_sys::HtmlElement) {
    el.click();
}

/// Types `value` into an input (or picks it in a select), as a person would: the value, then
/// the `input` and `change` events the page listens to.
pub fn type_into(el: &web_sys::HtmlElement, value: &str) {
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.set_value(value);
    } else {
        // A textarea: its `value` property, without one more web-sys feature.
        js_sys::Reflect::set(el, &"value".into(), &value.into()).expect("a value property");
    }
    for kind in ["input", "change"] {
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let event = web_sys::Event::new_with_event_init_dict(kind, &init).expect("an event");
        el.dispatch_event(&event).expect("dispatched");
    }
}

/// A value from its JSON, as the API sends it.
pub fn fixture<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("the fixture matches the contract")
}

/// Merges `changes` into `base` (top-level keys).
pub fn with(mut base: Value, changes: Value) -> Value {
    if let (Some(b), Some(c)) = (base.as_object_mut(), changes.as_object()) {
        for (k, v) in c {
            b.insert(k.clone(), v.clone());
        }
    }
    base
}

pub fn store_json() -> Value {
    json!({
        "id": "S1", "name": "一号店", "name_en": "Store One", "address": "长安街 1 号", "address_en": "1 Chang'an Ave",
        "timezone": "Asia/Shanghai", "utc_offset_minutes": 480, "floors": []
    })
}

pub fn order_json(status: &str) -> Value {
    json!({
        "id": "O0000000000000001", "member_id": "M1", "store_id": "S1", "status": status,
        "lines": [{ "sku": "SKU-1001", "qty": 1, "unit_price_fen": 36850, "flash_sale_id": null,
                    "name": "兰雅玫瑰保湿精华液", "name_en": "Lanya Rose Serum", "image": "/img/p.svg" }],
        "subtotal_fen": 36850, "discount_fen": 0, "total_fen": 36850, "coupon_id": null,
        "created_at": at(-60), "lock_expires_at": at(300), "paid_at": null, "payment_method": null,
        "picked_up_at": null, "pickup": null, "placed_by": null, "rewards": []
    })
}

pub fn pickup_json() -> Value {
    json!({ "code": "12345678", "counter_id": "S1-C01", "counter_name": "兰雅专柜", "counter_name_en": "Lanya counter",
            "floor": "1F", "store_name": "一号店", "store_name_en": "Store One" })
}

pub fn sale_json(starts: i64, ends: i64) -> Value {
    json!({
        "id": "FS1", "sku": "SKU-1001", "store_id": "S1", "title": "精华液秒杀", "title_en": "Serum flash sale",
        "image": "/img/p.svg", "price_fen": 990, "original_price_fen": 36850, "starts_at": at(starts), "ends_at": at(ends),
        "quantity": 20, "remaining": 5, "per_member_limit": 1, "status": "live", "lock_minutes": 5, "buckets": 1, "my_held": null
    })
}

pub fn coupon_json(status: &str) -> Value {
    json!({
        "id": "C1", "campaign_id": "CP1", "title": "Autumn 50", "status": status, "valid_from": at(-86_400),
        "valid_until": at(3 * 86_400 + 60), "kind": "threshold", "threshold_fen": 30000, "off_fen": 5000, "percent": null,
        "scope": "all", "store_id": null, "flash_sale_ok": false, "first_order_only": false, "order_id": null
    })
}

pub fn campaign_json() -> Value {
    json!({
        "id": "CP1", "title": "Autumn 50", "kind": "threshold", "threshold_fen": 30000, "off_fen": 5000, "percent": null,
        "scope": "category:shoes", "store_id": "S1", "starts_at": at(-86_400), "ends_at": at(86_400), "valid_days": 7,
        "remaining": 10, "quantity": 100, "per_member_limit": 1, "audience": "all", "flash_sale_ok": true, "my_claimed": null
    })
}

pub fn member_json() -> Value {
    json!({
        "id": "M1", "card_no": "8800000000000001", "name": "Li", "phone_masked": "138****0001", "tier": "silver",
        "tier_name": "银卡", "tier_name_en": "Silver", "points": 1234, "balance_fen": 123450, "physical_card_no": null,
        "spend_12m_fen": 600000, "next_tier": "gold", "to_next_tier_fen": 400000, "birthday": null,
        "benefits": {"tier": "silver", "birthday_coupon_fen": 1000, "extra_flash_sale_units": 0},
        "next_tier_benefits": {"tier": "gold", "birthday_coupon_fen": 3000, "extra_flash_sale_units": 1}
    })
}

pub fn product_json() -> Value {
    json!({
        "sku": "SKU-1001", "name": "兰雅玫瑰保湿精华液 30ml", "name_en": "Lanya Rose Hydrating Serum 30ml",
        "brand": "Lanya", "category": "beauty", "price_fen": 36850, "barcode": "6920444010011",
        "image": "/img/products/SKU-1001.svg", "counter_id": "S1-C01"
    })
}

/// The chain as `/api/stores` lists it: two stores.
pub fn stores_json() -> Value {
    json!([
        store_json(),
        with(
            store_json(),
            json!({"id": "S2", "name": "二号店", "name_en": "Store Two", "address": "南京路 2 号",
                                  "address_en": "2 Nanjing Rd"})
        )
    ])
}
