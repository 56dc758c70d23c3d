//! `/guide/manage/staff`: the store's staff (head office: any store, or the chain), adding a
//! staff member, disabling one (their tokens stop at once), setting a new password, and
//! handing a leaving guide's customers to another guide. A
//! manager adds guides of their own store only, so the form offers them nothing else.

use super::on_staff_error;
use crate::AppState;
use crate::api::manage;
use crate::i18n::Key;
use leptos::prelude::*;
use shared::kinds::StaffRole;
use shared::staff_ops::{PasswordRequest, StaffMember, StaffRequest};

#[component]
pub fn StaffPage(token: String, store: String, role: StaffRole) -> impl IntoView {
    let state = AppState::get();
    let admin = role == StaffRole::Admin;
    let token = StoredValue::new(token);
    let shown_store = RwSignal::new(store.clone());
    let staff = RwSignal::new(Vec::<StaffMember>::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let outcome = move |r: Result<String, crate::api::ClientError>| match r {
        Ok(text) => message.set(Some(Ok(text))),
        Err(e) => {
            on_staff_error(state, &e);
            message.set(Some(Err(state.describe(&e))));
        }
    };
    let reload = move || {
        let store = shown_store.get_untracked();
        leptos::task::spawn_local(async move {
            match manage::staff(&token.get_value(), Some(store.as_str())).await {
                Ok(list) => staff.set(list),
                Err(e) => outcome(Err(e)),
            }
        });
    };
    reload();
    let disable = move |no: String| {
        leptos::task::spawn_local(async move {
            let r = manage::disable_staff(&token.get_value(), &no).await;
            outcome(r.map(|m| format!("{} {}", state.t(Key::StaffDisabled), m.id)));
            reload();
        });
    };
    let reset_no = RwSignal::new(String::new());
    let reset_pw = RwSignal::new(String::new());
    let reset = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (no, body) = (reset_no.get_untracked(), PasswordRequest { password: reset_pw.get_untracked() });
        leptos::task::spawn_local(async move {
            let r = manage::reset_password(&token.get_value(), no.trim(), &body).await;
            outcome(r.map(|m| format!("{} {}", state.t(Key::PasswordChanged), m.id)));
        });
    };
    let field = |v: RwSignal<String>, name: &'static str, label: Key, kind: &'static str| {
        view! {
            <label>{move || state.t(label)}
                <input type=kind name=name required prop:value=move || v.get() on:input=move |ev| v.set(event_target_value(&ev))/>
            </label>
        }
    };
    view! {
        <section data-testid="staff-list">
            <h3>{move || state.t(Key::ManageStaff)}</h3>
            {admin.then(|| view! {
                <form class="row" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); reload(); }>
                    <input type="text" name="store_filter" prop:value=move || shown_store.get() on:input=move |ev| shown_store.set(event_target_value(&ev))/>
                    <button class="btn" type="submit">{move || state.t(Key::Lookup)}</button>
                </form>
            })}
            <ul class="staff-rows">
                {move || staff.get().into_iter().map(|m| {
                    let no = m.id.clone();
                    let line = format!("{} · {} · {} · {}", m.id, m.name, m.store_id, m.role.as_str());
                    view! {
                        <li data-staff=m.id.clone() data-disabled=m.disabled.to_string()>{line}
                            {match m.disabled {
                                true => view! { <span class="chip">{move || state.t(Key::StaffDisabled)}</span> }.into_any(),
                                false => view! { <button class="link" data-action="disable" on:click=move |_| disable(no.clone())>{move || state.t(Key::DisableStaff)}</button> }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || message.get().map(|m| match m {
                Ok(text) => view! { <p class="form-ok" data-testid="staff-ok">{text}</p> }.into_any(),
                Err(text) => view! { <p class="form-error" role="alert" data-testid="staff-error">{text}</p> }.into_any(),
            })}
        </section>
        <HandOver token=token.get_value() staff on_done=Callback::new(outcome)/>
        <AddStaff token=token.get_value() store admin on_done=Callback::new(move |r| { outcome(r); reload(); })/>
        <form class="form" on:submit=reset data-testid="reset-password">
            <h3>{move || state.t(Key::ResetPassword)}</h3>
            {field(reset_no, "staff_no", Key::StaffNo, "text")}
            {field(reset_pw, "password", Key::Password, "password")}
            <button class="btn wide" type="submit">{move || state.t(Key::ResetPassword)}</button>
        </form>
    }
}

#[component]
fn AddStaff(
    token: String,
    store: String,
    admin: bool,
    on_done: Callback<Result<String, crate::api::ClientError>>,
) -> impl IntoView {
    let state = AppState::get();
    let f = |init: &str| RwSignal::new(init.to_owned());
    let (no, name, store_id, role, password) = (f(""), f(""), f(&store), f("guide"), f(""));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = StaffRequest {
            staff_no: no.get_untracked(),
            name: name.get_untracked(),
            store_id: store_id.get_untracked(),
            role: role.get_untracked(),
            password: password.get_untracked(),
        };
        let token = token.clone();
        leptos::task::spawn_local(async move {
            let r = manage::add_staff(&token, &body).await;
            on_done.run(r.map(|m| format!("{} {}", state.t(Key::StaffAdded), m.id)));
        });
    };
    let roles: &[&str] = if admin { &["guide", "manager", "admin"] } else { &["guide"] };
    view! {
        <form class="form" on:submit=submit data-testid="add-staff">
            <h3>{move || state.t(Key::AddStaff)}</h3>
            <label>{move || state.t(Key::StaffNo)}
                <input type="text" name="staff_no" required prop:value=move || no.get() on:input=move |ev| no.set(event_target_value(&ev))/>
            </label>
            <label>{move || state.t(Key::FullName)}
                <input type="text" name="name" required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
            </label>
            <label>{move || state.t(Key::StoreField)}
                <input type="text" name="store_id" required readonly=!admin prop:value=move || store_id.get() on:input=move |ev| store_id.set(event_target_value(&ev))/>
            </label>
            <label>{move || state.t(Key::RoleField)}
                <select name="role" on:change=move |ev| role.set(event_target_value(&ev))>
                    {roles.iter().map(|r| view! { <option value=*r>{*r}</option> }).collect_view()}
                </select>
            </label>
            <label>{move || state.t(Key::Password)}
                <input type="password" name="password" required prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            </label>
            <button class="btn wide" type="submit">{move || state.t(Key::AddStaff)}</button>
        </form>
    }
}

/// Moves every customer of one guide to another guide of the same store.
#[component]
fn HandOver(
    token: String,
    staff: RwSignal<Vec<StaffMember>>,
    on_done: Callback<Result<String, crate::api::ClientError>>,
) -> impl IntoView {
    let state = AppState::get();
    let (from, to) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (token, from, to) = (token.clone(), from.get_untracked(), to.get_untracked());
        leptos::task::spawn_local(async move {
            let r = manage::hand_over_customers(&token, &from, &to).await;
            on_done.run(r.map(|h| {
                format!("{} → {}: {} {}", h.from_staff_no, h.to_staff_no, h.moved, state.t(Key::CustomersMoved))
            }));
        });
    };
    let options = move |enabled_only: bool| {
        let people =
            staff.get().into_iter().filter(move |m| m.role != StaffRole::Admin && (!enabled_only || !m.disabled));
        people.map(|m| view! { <option value=m.id.clone()>{format!("{} · {}", m.id, m.name)}</option> }).collect_view()
    };
    let pick = |v: RwSignal<String>| move |ev| v.set(event_target_value(&ev));
    view! {
        <form class="form" on:submit=submit data-testid="handover">
            <h3>{move || state.t(Key::HandOverCustomers)}</h3>
            <label>{move || state.t(Key::StaffNo)}
                <select name="from" required on:change=pick(from)><option value="">"—"</option>{move || options(false)}</select>
            </label>
            <label>{move || state.t(Key::HandOverTo)}
                <select name="to" required on:change=pick(to)><option value="">"—"</option>{move || options(true)}</select>
            </label>
            <button class="btn wide" type="submit">{move || state.t(Key::HandOverCustomers)}</button>
        </form>
    }
}
