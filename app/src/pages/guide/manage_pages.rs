//! The manager's pages beyond the manage tab, each its own route: `/guide/manage/sales`,
//! `/guide/manage/campaigns`, `/guide/manage/dashboard`. This file holds what they share: the
//! sign-in and role check, the console's tabs, and the row of links between them.

use super::{FirstTab, GuideTabs, StaffSignIn, Tab, manage_campaigns, manage_dashboard, manage_sales};
use crate::AppState;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::kinds::StaffRole;

/// One of the manager's pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ManagePage {
    /// Flash sales with live figures: cancel, edit before start.
    Sales,
    /// Coupon campaigns with their figures: close, create.
    Campaigns,
    /// Days and guides, as charts and CSV.
    Dashboard,
}

impl ManagePage {
    /// Every page, in the order the links show them (and `app/guide/manage_pages.txt` lists).
    pub const ALL: [ManagePage; 3] = [ManagePage::Sales, ManagePage::Campaigns, ManagePage::Dashboard];

    /// The last segment of the page's path.
    pub fn slug(self) -> &'static str {
        match self {
            ManagePage::Sales => "sales",
            ManagePage::Campaigns => "campaigns",
            ManagePage::Dashboard => "dashboard",
        }
    }

    /// `/guide/manage/<slug>`.
    pub fn path(self) -> String {
        format!("/guide/manage/{}", self.slug())
    }

    fn label(self) -> Key {
        match self {
            ManagePage::Sales => Key::ManageSales,
            ManagePage::Campaigns => Key::ManageCampaigns,
            ManagePage::Dashboard => Key::ManageDashboard,
        }
    }
}

/// The links to the manager's pages (on the manage tab and on each page).
#[component]
pub fn ManageLinks(current: Option<ManagePage>) -> impl IntoView {
    let state = AppState::get();
    view! {
        <nav class="chips manage-links" aria-label=move || state.t(Key::ManageMore)>
            {ManagePage::ALL
                .into_iter()
                .map(|p| {
                    let class = if Some(p) == current { "chip selected" } else { "chip" };
                    view! { <A href=p.path() attr:class=class attr:data-manage=p.slug()>{move || state.t(p.label())}</A> }
                })
                .collect_view()}
        </nav>
    }
}

/// A manager's page: the sign-in form when nobody is signed in here, the first tab for staff
/// who do not manage, else the page under the console's tabs.
#[component]
pub fn ManageRoute(page: ManagePage) -> impl IntoView {
    let state = AppState::get();
    let body = move || {
        let Some(session) = state.staff.get() else { return view! { <StaffSignIn/> }.into_any() };
        if !StaffRole::manages(session.staff.role) {
            return view! { <FirstTab/> }.into_any();
        }
        let token = session.token.clone();
        let page_view = match page {
            ManagePage::Sales => view! { <manage_sales::SalesPage token/> }.into_any(),
            ManagePage::Campaigns => view! { <manage_campaigns::CampaignsPage token/> }.into_any(),
            ManagePage::Dashboard => view! { <manage_dashboard::DashboardPage token/> }.into_any(),
        };
        view! {
            <GuideTabs current=Tab::Manage manager=true/>
            <ManageLinks current=Some(page)/>
            {page_view}
        }
        .into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::GuideTitle).to_owned())/>
        {body}
    }
}

#[cfg(test)]
mod tests {
    use super::ManagePage;

    #[test]
    fn the_build_serves_every_manage_page() {
        // xtask copies the console's page to `guide/manage/<slug>.html` for each line, so a deep
        // link to a manager's page loads the console.
        let listed: Vec<&str> = include_str!("../../../guide/manage_pages.txt").lines().collect();
        let slugs: Vec<&str> = ManagePage::ALL.iter().map(|p| p.slug()).collect();
        assert_eq!(listed, slugs);
        assert!(ManagePage::ALL.iter().all(|p| p.path() == format!("/guide/manage/{}", p.slug())));
    }
}
