//! The edgemall app: a Leptos CSR single-page app for customers' phones (and, under `/guide`,
//! for staff at the counter). It speaks to the API only through [`api`]; pages hold view code,
//! and the arithmetic behind them lives in plain functions tested natively.

pub mod api;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod prefs;

use components::tab_bar::TabBar;
use i18n::Lang;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// State every page can reach: the language and the store the customer is browsing.
#[derive(Clone, Copy)]
pub struct AppState {
    /// Display language.
    pub lang: RwSignal<Lang>,
    /// Selected store id (`S1`, …), remembered across visits.
    pub store: RwSignal<Option<String>>,
}

impl AppState {
    /// Reads the saved preferences.
    pub fn load() -> Self {
        let saved = prefs::Prefs::load();
        AppState {
            lang: RwSignal::new(saved.lang),
            store: RwSignal::new(saved.store),
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
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::load();
    provide_context(state);
    Effect::new(move |_| {
        prefs::Prefs {
            lang: state.lang.get(),
            store: state.store.get(),
        }
        .save()
    });
    Effect::new(move |_| {
        if let Some(el) = document().document_element() {
            let _ = el.set_attribute("lang", state.lang.get().html_lang());
        }
    });
    view! {
        <Router>
            <main class="page">
                <Routes fallback=|| view! { <pages::NotFound/> }>
                    <Route path=path!("/") view=pages::home::HomePage/>
                    <Route path=path!("/products/:sku") view=pages::product::ProductPage/>
                    <Route path=path!("/flash-sales") view=pages::soon::FlashSalesSoon/>
                    <Route path=path!("/stores") view=pages::stores::StoresPage/>
                    <Route path=path!("/member") view=pages::soon::MemberSoon/>
                    <Route path=path!("/orders") view=pages::soon::OrdersSoon/>
                </Routes>
            </main>
            <TabBar/>
        </Router>
    }
}

/// Mounts the app on the page's body.
pub fn run() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
