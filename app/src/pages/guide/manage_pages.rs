//! The manager's and head office's pages beyond the manage tab, each its own route:
//! `/guide/manage/sales`, `/campaigns`, `/dashboard`, `/products` and `/stores` (head office),
//! `/staff`. This
//! file holds what they share: the sign-in and role check, the console's tabs, and the row of
//! links between them.

use super::{
    FirstTab, GuideTabs, StaffSignIn, Tab, manage_campaigns, manage_dashboard, manage_products, manage_sales,
    manage_staff, manage_stores,
};
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
    /// The catalog: products and the catalog file (head office only).
    Products,
    /// Staff of the store.
    Staff,
    /// A store's floors and counters, drawn as the customers' map (head office only).
    Stores,
}

impl ManagePage {
    /// Every page, in the order the links show them (and `app/guide/manage_pages.txt` lists).
    pub const ALL: [ManagePage; 6] = [
        ManagePage::Sales,
        ManagePage::Campaigns,
        ManagePage::Dashboard,
        ManagePage::Products,
        ManagePage::Staff,
        ManagePage::Stores,
    ];

    /// The last segment of the page's path.
    pub fn slug(self) -> &'static str {
        match self {
            ManagePage::Sales => "sales",
            ManagePage::Campaigns => "campaigns",
            ManagePage::Dashboard => "dashboard",
            ManagePage::Products => "products",
            ManagePage::Staff => "staff",
            ManagePage::Stores => "stores",
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
            ManagePage::Products => Key::ManageCatalog,
            ManagePage::Staff => Key::ManageStaff,
            ManagePage::Stores => Key::ManageStores,
        }
    }

    /// Whether a role may open it: the catalog is head office's, the rest every manager's.
    fn open_to(self, role: StaffRole) -> bool {
        match self {
            ManagePage::Products | ManagePage::Stores => role == StaffRole::Admin,
            _ => role.manages(),
        }
    }
}

/// The links to the manager's pages (on the manage tab and on each page), those the role may open.
#[component]
pub fn ManageLinks(current: Option<ManagePage>, role: Option<StaffRole>) -> impl IntoView {
    let state = AppState::get();
    view! {
        <nav class="chips manage-links" aria-label=move || state.t(Key::ManageMore)>
            {ManagePage::ALL
                .into_iter()
                .filter(|p| role.is_some_and(|r| p.open_to(r)))
                .map(|p| {
                    let class = if Some(p) == current { "chip selected" } else { "chip" };
                    view! {
                        <A href=p.path() attr:class=class attr:data-manage=p.slug() attr:data-page=p.slug()>
                            {move || state.t(p.label())}
                        </A>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// A manager's page: the sign-in form when nobody is signed in here, the first tab for staff
/// the page is not for, else the page under the console's tabs.
#[component]
pub fn ManageRoute(page: ManagePage) -> impl IntoView {
    let state = AppState::get();
    let body = move || {
        let Some(session) = state.staff.get() else { return view! { <StaffSignIn/> }.into_any() };
        let role = session.staff.role;
        if !page.open_to(role) {
            return view! { <FirstTab/> }.into_any();
        }
        let token = session.token.clone();
        let store = session.staff.store_id.clone();
        let page_view = match page {
            ManagePage::Sales => view! { <manage_sales::SalesPage token/> }.into_any(),
            ManagePage::Campaigns => view! { <manage_campaigns::CampaignsPage token/> }.into_any(),
            ManagePage::Dashboard => view! { <manage_dashboard::DashboardPage token/> }.into_any(),
            ManagePage::Products => view! { <manage_products::ProductsPage token/> }.into_any(),
            ManagePage::Staff => view! { <manage_staff::StaffPage token store role/> }.into_any(),
            ManagePage::Stores => view! { <manage_stores::StoresPage token/> }.into_any(),
        };
        view! {
            <GuideTabs current=Tab::Manage manager=true/>
            <ManageLinks current=Some(page) role=Some(role)/>
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
    fn the_build_serves_every_manage_page_and_only_head_office_opens_the_catalog() {
        // xtask copies the console's page to `guide/manage/<slug>.html` for each line, so a deep
        // link to a manager's page loads the console.
        let listed: Vec<&str> = include_str!("../../../guide/manage_pages.txt").lines().collect();
        let slugs: Vec<&str> = ManagePage::ALL.iter().map(|p| p.slug()).collect();
        assert_eq!(listed, slugs);
        assert!(ManagePage::ALL.iter().all(|p| p.path() == format!("/guide/manage/{}", p.slug())));
        use shared::kinds::StaffRole::{Admin, Guide, Manager};
        let open = |p: ManagePage| [Guide, Manager, Admin].map(|r| p.open_to(r));
        assert_eq!(open(ManagePage::Products), [false, false, true]);
        assert_eq!(open(ManagePage::Stores), [false, false, true]);
        assert_eq!(open(ManagePage::Staff), [false, true, true]);
        assert_eq!(open(ManagePage::Sales), [false, true, true]);
    }
}
