//! Head office's store layout (`/guide/manage/stores`): pick a store, edit its floors (name,
//! level) and the counters of a floor (sign, brand, floor, position), add floors and counters,
//! see the floor drawn as the customers' map draws it (`floor_plan::svg`), and save
//! (`PUT /api/manage/stores/{id}`). A refusal is shown next to the field it names. The layout's
//! rules (ids of new floors and counters, the preview, what is refused) are the core's
//! (`shared::store_layout`).

use super::on_staff_error;
use crate::api::{self, ClientError, manage};
use crate::floor_plan;
use crate::i18n::Key;
use crate::store_list::StoreList;
use crate::{AppState, components::status::Loading};
use leptos::prelude::*;
use shared::api::{Counter, Floor};
use shared::ids::{FloorId, StoreId};
use shared::store_layout::{StoreLayout, refused_field};

/// The layout `id` has now: its names and floors from the store list, its counters from its map.
async fn load(id: String) -> Result<(StoreId, StoreLayout), ClientError> {
    let stores = api::stores().await?;
    let store = stores
        .into_iter()
        .find(|s| s.id.as_str() == id)
        .ok_or_else(|| ClientError::Network(format!("no store {id}")))?;
    let map = api::store_map(&id).await?;
    Ok((store.id.clone(), StoreLayout::of(&store, &map)))
}

#[component]
pub fn StoresPage(token: String) -> impl IntoView {
    let state = AppState::get();
    let stores = StoreList::provided();
    let chosen = RwSignal::new(String::new());
    // The first store of the chain until another is picked.
    Effect::new(move |_| {
        if chosen.with(String::is_empty)
            && let Some(Ok(list)) = stores.get()
            && let Some(first) = list.first()
        {
            chosen.set(first.id.to_string());
        }
    });
    let loaded = LocalResource::new(move || {
        let id = chosen.get();
        async move { if id.is_empty() { None } else { Some(load(id).await) } }
    });
    let options = move || {
        let lang = state.lang.get();
        let list = match stores.get() {
            Some(Ok(list)) => list,
            _ => Vec::new(),
        };
        list.into_iter()
            .map(|s| view! { <option value=s.id.to_string()>{s.id.to_string()} " · " {lang.pick(&s.name, &s.name_en).to_owned()}</option> })
            .collect_view()
    };
    let token = StoredValue::new(token);
    let editor = move || {
        loaded.get().flatten().map(|r| match r {
            Ok((id, layout)) => view! { <LayoutEditor token=token.get_value() id layout/> }.into_any(),
            Err(e) => view! { <p class="form-error" role="alert">{state.describe(&e)}</p> }.into_any(),
        })
    };
    view! {
        <section class="form store-layout" data-testid="store-layout">
            <h3>{move || state.t(Key::ManageStores)}</h3>
            <label>{move || state.t(Key::StoreField)}
                <select name="store" prop:value=move || chosen.get() on:change=move |ev| chosen.set(event_target_value(&ev))>{options}</select>
            </label>
        </section>
        <Suspense fallback=|| view! { <Loading/> }>{editor}</Suspense>
    }
}

/// Where a refusal is shown: the field it names, and its message.
type Refusal = Option<(String, String)>;

fn refusal_in(refused: RwSignal<Refusal>, section: &'static str) -> impl IntoView {
    move || {
        refused.get().filter(|(field, _)| field.split('.').next() == Some(section)).map(|(field, message)| {
            view! { <p class="form-error" role="alert" data-testid="layout-error" data-field=field>{message}</p> }
        })
    }
}

#[component]
fn LayoutEditor(token: String, id: StoreId, layout: StoreLayout) -> impl IntoView {
    let state = AppState::get();
    let first_floor = layout.floors.iter().min_by_key(|f| f.level).map(|f| f.id.to_string()).unwrap_or_default();
    let layout = RwSignal::new(layout);
    let floor = RwSignal::new(first_floor);
    let refused = RwSignal::new(None::<(String, String)>);
    let saved = RwSignal::new(false);
    let id = StoredValue::new(id);
    let edit = move |f: &dyn Fn(&mut StoreLayout)| {
        saved.set(false);
        layout.update(|l| f(l));
    };
    let preview = move || {
        let map = layout.with(|l| l.preview(&id.get_value()));
        floor_plan::svg(&map, &floor.get(), None, None, state.lang.get())
    };
    let floor_rows = move |i: usize| {
        let value = move |f: fn(&Floor) -> String| move || layout.with(|l| l.floors.get(i).map(f).unwrap_or_default());
        let fid = value(|f| f.id.to_string());
        view! {
            <li class="layout-row" data-floor=fid>
                <button type="button" class="chip floor-chip" class:selected=move || floor.get() == fid() on:click=move |_| floor.set(fid())>{value(|f| f.id.to_string())}</button>
                <input type="text" name="floor_name" aria-label=move || state.t(Key::ItemName) prop:value=value(|f| f.name.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); edit(&|l| if let Some(f) = l.floors.get_mut(i) { f.name = v.clone() }) }/>
                <input type="number" name="floor_level" aria-label=move || state.t(Key::Level) prop:value=value(|f| f.level.to_string())
                    on:input=move |ev| { let v = event_target_value(&ev).parse().ok(); edit(&|l| if let (Some(f), Some(v)) = (l.floors.get_mut(i), v) { f.level = v }) }/>
            </li>
        }
    };
    // The counters of the floor being looked at, by their index in the layout.
    let on_floor = move || {
        let here = floor.get();
        layout.with(|l| {
            l.counters
                .iter()
                .enumerate()
                .filter(|(_, c)| c.floor_id.as_str() == here)
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        })
    };
    let counter_row = move |i: usize| {
        let value =
            move |f: fn(&Counter) -> String| move || layout.with(|l| l.counters.get(i).map(f).unwrap_or_default());
        let text = move |name: &'static str, label: Key, f: fn(&Counter) -> String, set: fn(&mut Counter, String)| {
            view! {
                <input type="text" name=name aria-label=move || state.t(label) placeholder=move || state.t(label) prop:value=value(f)
                    on:input=move |ev| { let v = event_target_value(&ev); edit(&|l| if let Some(c) = l.counters.get_mut(i) { set(c, v.clone()) }) }/>
            }
        };
        let number = move |name: &'static str, label: Key, f: fn(&Counter) -> String, set: fn(&mut Counter, i32)| {
            view! {
                <input type="number" name=name aria-label=move || state.t(label) prop:value=value(f)
                    on:input=move |ev| { let v = event_target_value(&ev).parse().ok(); edit(&|l| if let (Some(c), Some(v)) = (l.counters.get_mut(i), v) { set(c, v) }) }/>
            }
        };
        let cid = value(|c| c.id.to_string());
        let floors = move || {
            layout.with(|l| {
                l.floors
                    .iter()
                    .map(|f| view! { <option value=f.id.to_string()>{f.name.clone()}</option> })
                    .collect_view()
            })
        };
        let row_error = move || {
            refused
                .get()
                .filter(|(_, m)| m.contains(&format!("{} ", cid())))
                .map(|(_, m)| view! { <p class="form-error" data-testid="row-error">{m}</p> })
        };
        view! {
            <li class="layout-row counter-row" data-counter=value(|c| c.id.to_string())>
                <strong>{value(|c| c.id.to_string())}</strong>
                {text("counter_name", Key::ItemName, |c| c.name.clone(), |c, v| c.name = v)}
                {text("counter_name_en", Key::NameEn, |c| c.name_en.clone(), |c, v| c.name_en = v)}
                {text("counter_brand", Key::Brand, |c| c.brand.clone(), |c, v| c.brand = v)}
                <select name="counter_floor" aria-label=move || state.t(Key::Floors) prop:value=value(|c| c.floor_id.to_string())
                    on:change=move |ev| { let v = FloorId::parse(&event_target_value(&ev)).ok(); edit(&|l| if let (Some(c), Some(v)) = (l.counters.get_mut(i), v.clone()) { c.floor_id = v }) }>{floors}</select>
                {number("counter_x", Key::PosX, |c| c.x.to_string(), |c, v| c.x = v)}
                {number("counter_y", Key::PosY, |c| c.y.to_string(), |c, v| c.y = v)}
                {row_error}
            </li>
        }
    };
    let add_floor = move |_| {
        edit(&|l| {
            let _ = l.add_floor(&id.get_value());
        });
        if let Some(f) = layout.with(|l| l.floors.last().map(|f| f.id.to_string())) {
            floor.set(f);
        }
    };
    let add_counter = move |_| {
        let Ok(here) = FloorId::parse(&floor.get_untracked()) else { return };
        edit(&|l| {
            let _ = l.add_counter(&id.get_value(), &here);
        });
    };
    let save = move |_| {
        let (token, body, store) = (token.clone(), layout.get_untracked(), id.get_value());
        refused.set(None);
        leptos::task::spawn_local(async move {
            match manage::put_store(&token, store.as_str(), &body).await {
                Ok(_) => {
                    saved.set(true);
                    StoreList::provided().refresh();
                }
                Err(e) => {
                    on_staff_error(state, &e);
                    let message = state.describe(&e);
                    let field = match e.code() {
                        Some(shared::ErrorCode::Invalid) => refused_field(&e.message()).to_owned(),
                        _ => String::new(),
                    };
                    refused.set(Some((field, message)));
                }
            }
        });
    };
    view! {
        <section class="form store-layout" data-testid="layout-editor">
            <h4>{move || state.t(Key::Floors)}</h4>
            <ul class="layout-rows">
                <For each=move || 0..layout.with(|l| l.floors.len()) key=|i| *i children=floor_rows/>
            </ul>
            {refusal_in(refused, "floors")}
            <button type="button" class="btn secondary" data-action="add-floor" on:click=add_floor>{move || state.t(Key::AddFloor)}</button>
            <div class="floor-plan" data-testid="layout-preview" inner_html=preview></div>
            <h4>{move || state.t(Key::CountersTitle)}</h4>
            <ul class="layout-rows">
                <For each=on_floor key=|i| *i children=counter_row/>
            </ul>
            {refusal_in(refused, "counters")}
            <button type="button" class="btn secondary" data-action="add-counter" on:click=add_counter>{move || state.t(Key::AddCounter)}</button>
            {move || refused.get().filter(|(f, _)| !f.starts_with("floors") && !f.starts_with("counters")).map(|(field, message)| {
                view! { <p class="form-error" role="alert" data-testid="layout-error" data-field=field>{message}</p> }
            })}
            <button type="button" class="btn wide" data-action="save-layout" on:click=save>{move || state.t(Key::Save)}</button>
            {move || saved.get().then(|| view! { <p class="form-ok" data-testid="layout-saved">{state.t(Key::StoreSaved)}</p> })}
        </section>
    }
}
