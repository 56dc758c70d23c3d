//! `/guide`: the counter. Staff sign in (scoped to their store), then work in tabs (one route
//! each, `/guide/<tab>`): members
//! (identify a code, charge stored value), pickup (hand over paid orders), stock (look up,
//! sell at the counter), their customers (bind, tag, order for them), returns from any store, the store's day report
//! and, for managers, new flash sales. A counter scanner acts as a
//! keyboard: it types the code and Enter into the focused field.

mod campaign_form;
pub mod counter;
mod customers;
pub mod day;
pub mod exit;
mod form_parts;
mod manage;
mod manage_campaigns;
mod manage_dashboard;
pub mod manage_pages;
mod manage_products;
mod manage_sales;
mod manage_staff;
mod manage_stores;
mod members;
pub mod messages;
pub mod pickup;
pub mod promoter;
mod returns;
pub mod stock;
pub mod transfers;

use crate::AppState;
use crate::api;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Route, Routes};
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::path;
use manage_pages::ManageLinks;
use shared::api::StaffSignInRequest;
use shared::kinds::StaffRole;

/// A tab of the console; each is a route under `/guide/`, so Back and deep links work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// Identify a member code, charge stored value, give a coupon.
    Members,
    /// Hand over paid orders.
    Pickup,
    /// Look up stock, sell at the counter.
    Stock,
    /// The guide's own customers.
    Customers,
    /// Returns from any store.
    Returns,
    /// The store's day report.
    Day,
    /// New flash sales and campaigns (managers only).
    Manage,
    /// Scan-and-go exit passes: check the lines, let the customer out (once).
    Exit,
    /// The staff member's own messages (customers who paid, invite suggestions).
    Messages,
}

/// One row of the console's tab table.
struct TabRow {
    tab: Tab,
    /// The last segment of the tab's path.
    slug: &'static str,
    label: Key,
    managers_only: bool,
}

/// The console's tabs, in the order it shows them (and the enum's order): the one table that
/// the links, the routes and `app/guide/tabs.txt` (the build's list of tab pages) follow.
const TABS: [TabRow; 9] = [
    TabRow { tab: Tab::Members, slug: "members", label: Key::TabCustomer, managers_only: false },
    TabRow { tab: Tab::Pickup, slug: "pickup", label: Key::TabPickup, managers_only: false },
    TabRow { tab: Tab::Stock, slug: "stock", label: Key::TabStock, managers_only: false },
    TabRow { tab: Tab::Customers, slug: "customers", label: Key::TabCustomers, managers_only: false },
    TabRow { tab: Tab::Returns, slug: "returns", label: Key::TabReturns, managers_only: false },
    TabRow { tab: Tab::Day, slug: "day", label: Key::TabDay, managers_only: false },
    TabRow { tab: Tab::Manage, slug: "manage", label: Key::TabFlashManage, managers_only: true },
    TabRow { tab: Tab::Exit, slug: "exit", label: Key::TabExit, managers_only: false },
    TabRow { tab: Tab::Messages, slug: "messages", label: Key::TabMessages, managers_only: false },
];

impl Tab {
    /// Every tab, in the order the console shows them; the first is where `/guide` lands.
    pub const ALL: [Tab; 9] = {
        let mut all = [Tab::Members; 9];
        let mut i = 0;
        while i < TABS.len() {
            all[i] = TABS[i].tab;
            i += 1;
        }
        all
    };

    fn row(self) -> &'static TabRow {
        &TABS[self as usize]
    }

    /// The last segment of the tab's path (`/guide/pickup`).
    pub fn slug(self) -> &'static str {
        self.row().slug
    }

    /// The tab a path segment names.
    pub fn from_slug(slug: &str) -> Option<Tab> {
        TABS.iter().find(|r| r.slug == slug).map(|r| r.tab)
    }

    /// The tab's path.
    pub fn path(self) -> String {
        format!("/guide/{}", self.slug())
    }

    fn label(self) -> Key {
        self.row().label
    }

    /// Whether a staff member (a manager or not) may open the tab.
    fn open_to(self, manager: bool) -> bool {
        !self.row().managers_only || manager
    }
}

/// The console's routes: `/guide/<tab>`; anything else under `/guide` (the bare `/guide`
/// included) goes to the first tab, replacing the history entry so Back does not bounce.
#[component]
pub fn GuideRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <FirstTab/> }>
            <Route path=path!("/guide/promoter") view=promoter::PromoterPage/>
            <Route path=path!("/guide/:tab") view=GuidePage/>
            <Route path=path!("/guide/manage/sales") view=|| view! { <manage_pages::ManageRoute page=manage_pages::ManagePage::Sales/> }/>
            <Route path=path!("/guide/manage/campaigns") view=|| view! { <manage_pages::ManageRoute page=manage_pages::ManagePage::Campaigns/> }/>
            <Route path=path!("/guide/manage/dashboard") view=|| view! { <manage_pages::ManageRoute page=manage_pages::ManagePage::Dashboard/> }/>
            <Route path=path!("/guide/manage/products") view=|| view! { <manage_pages::ManageRoute page=manage_pages::ManagePage::Products/> }/>
            <Route path=path!("/guide/manage/staff") view=|| view! { <manage_pages::ManageRoute page=manage_pages::ManagePage::Staff/> }/>
            <Route path=path!("/guide/manage/stores") view=|| view! { <manage_pages::ManageRoute page=manage_pages::ManagePage::Stores/> }/>
            <Route path=path!("/guide/manage/transfers") view=transfers::TransfersPage/>
            <Route path=path!("/guide/stock/counter") view=counter::CounterRoute/>
        </Routes>
    }
}

/// Goes to the first tab, replacing the history entry. It navigates from an effect, once the
/// view is mounted: navigating while the router renders its first route aborts the app.
#[component]
pub(crate) fn FirstTab() -> impl IntoView {
    let navigate = use_navigate();
    Effect::new(move |_| {
        navigate(&Tab::ALL[0].path(), NavigateOptions { replace: true, ..NavigateOptions::default() })
    });
}

/// One tab of the console, or the sign-in form when no staff member is signed in here.
#[component]
pub fn GuidePage() -> impl IntoView {
    let state = AppState::get();
    let params = use_params_map();
    let tab = Memo::new(move |_| params.with(|p| p.get("tab").and_then(|s| Tab::from_slug(&s))));
    // One unread count for every tab: made here, where it outlives the tab shown (a count made
    // by a tab would be disposed with it while the next tab still reads it).
    crate::inbox::Unread::get();
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::GuideTitle).to_owned())/>
        {move || match state.staff.get() {
            None => view! { <StaffSignIn/> }.into_any(),
            Some(_) => match tab.get() {
                Some(tab) => view! { <Console tab/> }.into_any(),
                None => view! { <FirstTab/> }.into_any(),
            },
        }}
    }
}

/// The signed-in staff member's store (times at the counter show in its zone).
pub(crate) fn staff_store(state: AppState) -> Option<String> {
    state.staff.with(|s| s.as_ref().map(|s| s.staff.store_id.clone()))
}

/// Forgets a staff session the server no longer accepts. `state` is passed in: this runs in
/// spawned tasks, where the page's context is out of reach.
pub(crate) fn on_staff_error(state: AppState, e: &api::ClientError) {
    if e.is_signed_out() {
        state.staff.set(None);
    }
}

#[component]
pub fn StaffSignIn() -> impl IntoView {
    let state = AppState::get();
    let staff_no = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            match api::staff_sign_in(&StaffSignInRequest {
                staff_no: staff_no.get_untracked(),
                password: password.get_untracked(),
            })
            .await
            {
                Ok(session) => state.staff.set(Some(session)),
                Err(e) => error.set(Some(state.describe(&e))),
            }
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="staff-sign-in">
            <h2>{move || state.t(Key::StaffSignIn)}</h2>
            <label>{move || state.t(Key::StaffNo)}
                <input type="text" name="staff_no" required autocapitalize="characters" prop:value=move || staff_no.get() on:input=move |ev| staff_no.set(event_target_value(&ev))/>
            </label>
            <label>{move || state.t(Key::Password)}
                <input type="password" name="password" required prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            </label>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button class="btn wide" type="submit">{move || state.t(Key::SignIn)}</button>
        </form>
    }
}

#[component]
fn Console(tab: Tab) -> impl IntoView {
    let state = AppState::get();
    let session = state.staff.get_untracked();
    let token = session.as_ref().map(|s| s.token.clone()).unwrap_or_default();
    let (who, store, role) = session
        .map(|s| (format!("{} · {}", s.staff.name, s.staff.id), s.staff.store_id, Some(s.staff.role)))
        .unwrap_or_default();
    let manager = role.is_some_and(StaffRole::manages);
    if !tab.open_to(manager) {
        return view! { <FirstTab/> }.into_any();
    }
    let sign_out = {
        let token = token.clone();
        move |_| {
            let token = token.clone();
            leptos::task::spawn_local(async move {
                let _ = api::sign_out(&token).await;
                state.staff.set(None);
            });
        }
    };
    let role_label = move || {
        state.t(match role {
            Some(StaffRole::Admin) => Key::HeadOffice,
            Some(StaffRole::Manager) => Key::Manager,
            Some(StaffRole::Guide) | None => Key::Guide,
        })
    };
    // The badge counts the staff member's unread messages, read again on every tab (the inbox
    // tab counts what it lists); the count is the page's (see `GuidePage`).
    let unread = crate::inbox::Unread::get();
    if tab != Tab::Messages {
        unread.refresh_for(Some(token.clone()));
    }
    let body = match tab {
        Tab::Members => view! {
            <members::MembersTab token=token.clone()/>
            <members::SendCouponForm token=token.clone()/>
        }
        .into_any(),
        Tab::Pickup => view! { <pickup::PickupTab token=token.clone()/> }.into_any(),
        Tab::Stock => view! { <stock::StockTab token=token.clone()/> }.into_any(),
        Tab::Customers => view! { <customers::CustomersTab token=token.clone() store=store.clone()/> }.into_any(),
        Tab::Day => view! { <day::DayTab token=token.clone()/> }.into_any(),
        Tab::Returns => view! { <returns::ReturnsTab token=token.clone()/> }.into_any(),
        Tab::Manage => view! {
            <ManageLinks current=None role/>
            <manage::ManageTab token=token.clone() store=store.clone()/>
        }
        .into_any(),
        Tab::Exit => view! { <exit::ExitTab token=token.clone()/> }.into_any(),
        Tab::Messages => view! { <messages::GuideInbox token=token.clone()/> }.into_any(),
    };
    view! {
        <div class="staff-bar" data-testid="staff-bar">
            <span>{who}</span><span>{store.clone()} " · " {role_label}</span>
            <button class="link" on:click=sign_out>{move || state.t(Key::SignOut)}</button>
        </div>
        <GuideTabs current=tab manager/>
        {body}
    }
    .into_any()
}

/// The row of tab links; the current one is marked for the eye and for screen readers.
#[component]
pub fn GuideTabs(current: Tab, manager: bool) -> impl IntoView {
    let state = AppState::get();
    let unread = crate::inbox::Unread::get();
    view! {
        <nav class="chips guide-tabs">
            {Tab::ALL
                .into_iter()
                .filter(|t| t.open_to(manager))
                .map(|t| {
                    let class = if t == current { "chip selected" } else { "chip" };
                    view! {
                        <A href=t.path() attr:class=class attr:data-tab=t.slug()>
                            {move || state.t(t.label())}
                        </A>
                        // The inbox's unread count, beside its chip (not inside the link).
                        {(t == Tab::Messages).then(|| view! {
                            <Show when=move || { unread.count() > 0 }>
                                <span class="tab-badge" data-testid="inbox-badge">{move || unread.count()}</span>
                            </Show>
                        })}
                    }
                })
                .collect_view()}
            // Every guide's own promoter code: a screen of its own, last in the row.
            <A href=promoter::PATH attr:class="chip promoter-entry" attr:data-testid="promoter-entry">
                {move || state.t(Key::PromoterTitle)}
            </A>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::Tab;

    #[test]
    fn the_table_lists_each_tab_once_in_the_enums_order() {
        for (i, row) in super::TABS.iter().enumerate() {
            assert_eq!(row.tab as usize, i, "{}", row.slug);
        }
        let mut slugs: Vec<&str> = super::TABS.iter().map(|r| r.slug).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), Tab::ALL.len());
    }

    #[test]
    fn every_tab_has_its_own_path_and_round_trips() {
        for t in Tab::ALL {
            assert_eq!(Tab::from_slug(t.slug()), Some(t));
            assert_eq!(t.path(), format!("/guide/{}", t.slug()));
        }
        assert_eq!(Tab::from_slug("nope"), None);
    }

    #[test]
    fn the_build_serves_every_tab_path() {
        // xtask copies the console's page to `guide/<slug>.html` for each line of this file, so a
        // deep link to a tab loads the console and not the customers' app.
        let listed: Vec<&str> = include_str!("../../../guide/tabs.txt").lines().collect();
        let slugs: Vec<&str> = Tab::ALL.iter().map(|t| t.slug()).collect();
        assert_eq!(listed[..slugs.len()], slugs);
        // Screens under a tab (`/guide/manage/transfers`) get their page too.
        let screens = [super::transfers::PATH, super::counter::PATH, super::promoter::PATH]
            .map(|p| p.trim_start_matches("/guide/"));
        assert_eq!(listed[slugs.len()..], screens);
    }

    #[test]
    fn only_managers_open_the_manage_tab() {
        assert!(!Tab::Manage.open_to(false));
        assert!(Tab::Manage.open_to(true));
        assert!(Tab::ALL.iter().filter(|t| **t != Tab::Manage).all(|t| t.open_to(false)));
    }
}
