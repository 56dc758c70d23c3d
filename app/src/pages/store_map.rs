//! A store's floor map: find a counter, see each floor's plan, and the walk from the entrance
//! (`/stores/:id?to=<counter>`; product pages link here).

use crate::AppState;
use crate::api;
use crate::components::status::{ErrorView, Loading};
use crate::components::top_bar::TopBar;
use crate::floor_plan::{self, Leg};
use crate::i18n::Key;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use shared::navigation::{Route, StoreMap};

#[component]
pub fn StoreMapPage() -> impl IntoView {
    let state = AppState::get();
    let params = use_params_map();
    let query = use_query_map();
    let store_id = move || params.read().get("id").unwrap_or_default();
    let to = move || query.read().get("to").filter(|t| !t.is_empty());
    let map = LocalResource::new(move || {
        let id = store_id();
        async move { api::store_map(&id).await }
    });
    let route = LocalResource::new(move || {
        let (id, to) = (store_id(), to());
        async move {
            match to {
                Some(to) => api::route(&id, "", &to).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let title = Signal::derive(move || match map.get() {
        Some(Ok(m)) => format!("{} · {}", state.t(Key::MapTitle), state.lang.get().pick(&m.name, &m.name_en)),
        _ => state.t(Key::MapTitle).to_owned(),
    });
    let body = move || {
        map.get().map(|r| match r {
            Ok(m) => view! { <MapView map=m route=route to=Signal::derive(to)/> }.into_any(),
            Err(e) => view! { <ErrorView message=state.describe(&e) on_retry=Callback::new(move |_| map.refetch())/> }
                .into_any(),
        })
    };
    view! {
        <TopBar title=title back=true/>
        <Suspense fallback=|| view! { <Loading/> }>{body}</Suspense>
    }
}

type RouteResource = LocalResource<Result<Option<Route>, api::ClientError>>;

#[component]
fn MapView(map: StoreMap, route: RouteResource, to: Signal<Option<String>>) -> impl IntoView {
    let map = StoredValue::new(map);
    let chosen_floor = RwSignal::new(None::<String>);
    // The floor shown: the one picked, else the destination's, else the entrance's.
    let floor = Memo::new(move |_| {
        chosen_floor.get().or_else(|| {
            map.with_value(|m| {
                to.get()
                    .and_then(|c| floor_plan::floor_of(m, &c).map(|f| f.id.to_string()))
                    .or_else(|| floor_plan::entrance_floor(m))
            })
        })
    });
    // A new destination shows its floor.
    Effect::new(move |_| {
        to.track();
        chosen_floor.set(None);
    });
    let current_route = move || route.get().and_then(Result::ok).flatten();
    let chips = move || {
        let on_route: Vec<String> =
            current_route().map(|r| r.steps.into_iter().map(|s| s.floor_id).collect()).unwrap_or_default();
        map.with_value(|m| {
            m.floors
                .iter()
                .rev()
                .map(|f| {
                    let id = f.id.to_string();
                    let (selected_id, click_id) = (id.clone(), id.clone());
                    let marked = on_route.contains(&id);
                    view! {
                        <button
                            class="chip floor-chip"
                            class:selected=move || floor.get().as_deref() == Some(selected_id.as_str())
                            class:on-route=marked
                            data-floor=id
                            on:click=move |_| chosen_floor.set(Some(click_id.clone()))
                        >
                            {f.name.clone()}
                        </button>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <CounterSearch map=map/>
        <div class="chips floors" role="tablist">{chips}</div>
        <Plan map=map floor=floor route=Signal::derive(current_route) to=to/>
        <RouteCard map=map route=route/>
    }
}

#[component]
fn CounterSearch(map: StoredValue<StoreMap>) -> impl IntoView {
    let state = AppState::get();
    let navigate = use_navigate();
    let q = RwSignal::new(String::new());
    let results = move || {
        let navigate = navigate.clone();
        map.with_value(|m| {
            floor_plan::search(m, &q.get())
                .into_iter()
                .take(8)
                .map(|(f, c)| {
                    let path = format!("/stores/{}?to={}", m.store_id, c.id);
                    let navigate = navigate.clone();
                    let go = move |_| {
                        q.set(String::new());
                        navigate(&path, NavigateOptions { replace: true, ..Default::default() });
                    };
                    let (zh, en) = (c.name.clone(), c.name_en.clone());
                    view! {
                        <li>
                            <button class="counter-hit" data-counter=c.id.to_string() on:click=go>
                                <span class="floor-tag">{f.name.clone()}</span>
                                {move || state.lang.get().pick(&zh, &en).to_owned()}
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="search">
            <input
                type="search"
                data-testid="counter-search"
                placeholder=move || state.t(Key::FindCounter)
                prop:value=q
                on:input=move |ev| q.set(event_target_value(&ev))
            />
        </div>
        <ul class="counter-hits">{results}</ul>
    }
}

#[component]
fn Plan(
    map: StoredValue<StoreMap>,
    floor: Memo<Option<String>>,
    route: Signal<Option<Route>>,
    to: Signal<Option<String>>,
) -> impl IntoView {
    let state = AppState::get();
    // Drawn as one SVG string by a plain function (tested natively); it is a fraction of the
    // code a view! tree of SVG elements compiles to.
    let svg = move || {
        let (lang, here, target, r) = (state.lang.get(), floor.get().unwrap_or_default(), to.get(), route.get());
        map.with_value(|m| floor_plan::svg(m, &here, r.as_ref(), target.as_deref(), lang))
    };
    view! { <div class="floor-plan" data-testid="floor-plan" inner_html=svg></div> }
}

#[component]
fn RouteCard(map: StoredValue<StoreMap>, route: RouteResource) -> impl IntoView {
    let state = AppState::get();
    let card = move || {
        let lang = state.lang.get();
        route.get().map(|r| match r {
            Ok(Some(r)) => {
                let legs: Vec<Leg> = map.with_value(|m| floor_plan::legs(m, &r, lang));
                let summary = (crate::i18n::strings(lang).walk)(r.distance_m, floor_plan::walk_minutes(r.distance_m));
                let steps = legs.into_iter().map(|l| view! { <li>{l.text(lang)}</li> }).collect_view();
                view! {
                    <section class="route-card" data-testid="route-card">
                        <h3>{summary}</h3>
                        <ol class="legs">{steps}</ol>
                    </section>
                }
                .into_any()
            }
            Ok(None) => view! { <p class="hint map-hint">{state.t(Key::MapHint)}</p> }.into_any(),
            Err(e) => view! { <p class="form-error">{state.describe(&e)}</p> }.into_any(),
        })
    };
    view! { <Suspense fallback=|| ()>{card}</Suspense> }
}
