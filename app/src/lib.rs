//! The edgemall app: a Leptos CSR single-page app for customers' phones ([`App`], binary `app`)
//! and, as a separate bundle under `/guide/`, the guide console for staff at the counter
//! ([`GuideApp`], binary `guide`), so customers never download the staff screens. Both speak to
//! the API only through [`api`]; pages hold view code, and the arithmetic behind them lives in
//! plain functions tested natively.

pub mod api;
pub mod cart;
pub mod clienteling;
pub mod clock;
pub mod codes;
pub mod components;
pub mod coupon_text;
pub mod floor_plan;
pub mod i18n;
pub mod inbox;
pub mod js_module;
pub mod live_stock;
pub mod pages;
pub mod prefs;
pub mod sale_clock;
pub mod scanning;
pub mod session;
pub mod store_list;

use chrono::{DateTime, Utc};
use clock::StoreZones;
use components::tab_bar::TabBar;
use i18n::Lang;
use leptos::prelude::*;
use leptos_router::components::Router;
use shared::api::StaffSession;

/// State every page can reach: language, selected store, and who is signed in.
#[derive(Clone, Copy)]
pub struct AppState {
    /// Display language.
    pub lang: RwSignal<Lang>,
    /// Selected store id (`S1`, …), remembered across visits.
    pub store: RwSignal<Option<String>>,
    /// The signed-in member's token.
    pub member_token: RwSignal<Option<String>>,
    /// The signed-in staff session on this device.
    pub staff: RwSignal<Option<StaffSession>>,
    /// Each store's offset from UTC (from the store list, [`store_list::StoreList`]).
    pub zones: RwSignal<StoreZones>,
    /// The customer a guide identified at this counter, while their counter session lasts: the
    /// members tab opens it, the ring-up screen and the charge form pay with it.
    pub counter: RwSignal<Option<CounterCustomer>>,
}

/// A customer identified at the counter: their name and the counter session's ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CounterCustomer {
    /// The member's name, to show who is being served.
    pub name: String,
    /// The session's token and expiry.
    pub ticket: shared::counter_session::CounterTicket,
}

impl CounterCustomer {
    /// The session's token while it is open at `now_ms` (the server still decides).
    pub fn token_at(&self, now_ms: i64) -> Option<String> {
        let now = chrono::DateTime::from_timestamp_millis(now_ms).unwrap_or_default();
        self.ticket.is_open(now).then(|| self.ticket.token.clone())
    }
}

impl AppState {
    /// Fresh state in a language (tests mount components with this).
    pub fn with_lang(lang: Lang) -> Self {
        AppState {
            lang: RwSignal::new(lang),
            store: RwSignal::new(None),
            member_token: RwSignal::new(None),
            staff: RwSignal::new(None),
            zones: RwSignal::new(StoreZones::default()),
            counter: RwSignal::new(None),
        }
    }

    /// Reads the saved preferences.
    pub fn load() -> Self {
        let saved = prefs::Prefs::load();
        AppState {
            lang: RwSignal::new(saved.lang),
            store: RwSignal::new(saved.store),
            member_token: RwSignal::new(saved.member_token),
            staff: RwSignal::new(saved.staff),
            zones: RwSignal::new(StoreZones::default()),
            counter: RwSignal::new(None),
        }
    }

    /// The state provided by an enclosing [`App`] (or a test harness).
    pub fn get() -> Self {
        use_context::<AppState>().unwrap_or_else(|| {
            let state = AppState::load();
            provide_context(state);
            state
        })
    }

    /// Translates `key` in the current language (reactive).
    pub fn t(&self, key: i18n::Key) -> &'static str {
        i18n::t(self.lang.get(), key)
    }

    /// An error as the person at the screen should read it (reactive on the language).
    pub fn describe(&self, e: &api::ClientError) -> String {
        e.code().and_then(|c| i18n::error_text(self.lang.get(), c)).map(str::to_owned).unwrap_or_else(|| e.message())
    }

    /// `2026-11-24 15:44` in the zone of `store` (reactive: redraws once the stores load).
    pub fn local_time(&self, at: DateTime<Utc>, store: Option<&str>) -> String {
        clock::local_label(at, self.zones.with(|z| z.offset_of(store)))
    }

    /// Forgets a member session the server no longer accepts.
    pub fn on_member_error(&self, e: &api::ClientError) {
        if e.is_signed_out() {
            self.member_token.set(None);
        }
    }
}

/// Loads the saved state, provides it, and keeps preferences and the page language in step.
fn start() -> AppState {
    let state = AppState::load();
    provide_context(state);
    Effect::new(move |_| {
        prefs::Prefs {
            lang: state.lang.get(),
            store: state.store.get(),
            member_token: state.member_token.get(),
            staff: state.staff.get(),
        }
        .save()
    });
    Effect::new(move |_| {
        if let Some(el) = document().document_element() {
            let _ = el.set_attribute("lang", state.lang.get().html_lang());
        }
    });
    let stores = store_list::StoreList::provided();
    Effect::new(move |_| {
        if let Some(Ok(list)) = stores.get() {
            state.zones.set(StoreZones::from_stores(&list));
        }
    });
    state
}

/// The customers' app.
#[component]
pub fn App() -> impl IntoView {
    start();
    // One cart for the tab's badge and every page.
    cart::CartBox::get();
    // One unread count for the inbox tab's badge and the pages that read or add messages.
    inbox::Unread::get();
    view! {
        <Router>
            <main class="page">
                <pages::ShopRoutes/>
            </main>
            <TabBar/>
        </Router>
    }
}

/// The guide console (served from `/guide/`).
#[component]
pub fn GuideApp() -> impl IntoView {
    start();
    view! {
        <Router>
            <main class="page">
                <pages::guide::GuideRoutes/>
            </main>
        </Router>
    }
}

/// Mounts the customers' app on the page's body.
pub fn run() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// Mounts the guide console on the page's body.
pub fn run_guide() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(GuideApp);
}
