//! The row of store chips: which store the customer is browsing (remembered across visits).

use crate::AppState;
use crate::components::status::ErrorView;
use crate::store_list::StoreList;
use leptos::prelude::*;
use shared::api::Store;

#[component]
pub fn StorePicker() -> impl IntoView {
    let state = AppState::get();
    let stores = StoreList::provided();
    // Keep the selected store valid: the saved one if it still exists, else the first.
    Effect::new(move |_| {
        if let Some(Ok(list)) = stores.get() {
            let current = state.store.get_untracked();
            if !list.iter().any(|s| Some(s.id.as_str()) == current.as_deref()) {
                state.store.set(list.first().map(|s| s.id.to_string()));
            }
        }
    });
    let chips = move || {
        stores.get().map(|r| match r {
            Ok(list) => view! { <StoreChips stores=list/> }.into_any(),
            Err(e) => {
                view! { <ErrorView message=state.describe(&e) on_retry=Callback::new(move |_| stores.refresh())/> }
                    .into_any()
            }
        })
    };
    view! { <div class="chips stores" data-testid="store-picker">{chips}</div> }
}

/// A chip per store; the selected one is marked, and a click selects another.
#[component]
pub fn StoreChips(stores: Vec<Store>) -> impl IntoView {
    let state = AppState::get();
    stores
        .into_iter()
        .map(|s| {
            let id = s.id.to_string();
            let id_click = id.clone();
            let (zh, en) = (s.name.clone(), s.name_en.clone());
            let selected = move || state.store.get().as_deref() == Some(id.as_str());
            view! {
                <button
                    class=move || if selected() { "chip selected" } else { "chip" }
                    data-store=id_click.clone()
                    on:click=move |_| state.store.set(Some(id_click.clone()))
                >
                    {move || state.lang.get().pick(&zh, &en).to_owned()}
                </button>
            }
        })
        .collect_view()
}
