//! Stores: the chain's stores with address and floors.

use crate::AppState;
use crate::components::status::{ErrorView, Loading};
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use crate::store_list::StoreList;
use leptos::prelude::*;

#[component]
pub fn StoresPage() -> impl IntoView {
    let state = AppState::get();
    let stores = StoreList::provided();
    // The saved list shows at once; until there is one, the loading line.
    let list = move || {
        stores.get().map_or_else(|| view! { <Loading/> }.into_any(), |r| match r {
            Ok(list) => list
                .into_iter()
                .map(|s| {
                    let (zh, en) = (s.name.clone(), s.name_en.clone());
                    let (azh, aen) = (s.address.clone(), s.address_en.clone());
                    let floors = s.floors.iter().map(|f| f.name.clone()).collect::<Vec<_>>().join(" · ");
                    view! {
                        <section class="store-card" data-store=s.id.to_string()>
                            <h2>{move || state.lang.get().pick(&zh, &en).to_owned()}</h2>
                            <p class="address">{move || state.lang.get().pick(&azh, &aen).to_owned()}</p>
                            <p class="floors"><strong>{move || state.t(Key::Floors)}</strong> " " {floors}</p>
                            <a class="map-link" href=format!("/stores/{}", s.id)>{move || state.t(Key::MapTitle)} " ›"</a>
                        </section>
                    }
                })
                .collect_view()
                .into_any(),
            Err(e) => {
                view! { <ErrorView message=state.describe(&e) on_retry=Callback::new(move |_| stores.refresh())/> }
                    .into_any()
            }
        })
    };
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::TabStores).to_owned())/>
        {list}
    }
}
