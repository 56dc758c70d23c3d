//! The pages under `/guide/manage/` (the catalog, the staff), each its own route beside the
//! console's tabs, and the manage tab's links to them.

use super::{FirstTab, GuideTabs, StaffSignIn, Tab, manage_products, manage_staff};
use crate::AppState;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::kinds::StaffRole;

/// A page under `/guide/manage/` (manager and head office), each its own route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ManagePage {
    /// The catalog: products and the catalog file (head office only).
    Products,
    /// Staff of the store.
    Staff,
}

impl ManagePage {
    /// Every page, with its path (also listed in `app/guide/pages.txt` for deep links).
    pub const ALL: [(ManagePage, &'static str); 2] =
        [(ManagePage::Products, "manage/products"), (ManagePage::Staff, "manage/staff")];
    /// Its path (`/guide/manage/staff`).
    pub fn href(self) -> String {
        let slug = Self::ALL.iter().find(|(p, _)| *p == self).map(|(_, s)| *s).unwrap_or_default();
        format!("/guide/{slug}")
    }
    /// Whether a role may open it.
    fn open_to(self, role: StaffRole) -> bool {
        match self {
            ManagePage::Products => role == StaffRole::Admin,
            ManagePage::Staff => role.manages(),
        }
    }
}

/// The console's bar and tabs over a manage page; sign-in first, the first tab for a role the
/// page is not for.
#[component]
pub fn ManageRoute(page: ManagePage) -> impl IntoView {
    let state = AppState::get();
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::GuideTitle).to_owned())/>
        {move || match state.staff.get() {
            None => view! { <StaffSignIn/> }.into_any(),
            Some(s) if !page.open_to(s.staff.role) => view! { <FirstTab/> }.into_any(),
            Some(s) => {
                let (token, store, role) = (s.token, s.staff.store_id, s.staff.role);
                let body = match page {
                    ManagePage::Products => view! { <manage_products::ProductsPage token/> }.into_any(),
                    ManagePage::Staff => view! { <manage_staff::StaffPage token store role/> }.into_any(),
                };
                view! { <GuideTabs current=Tab::Manage manager=true/> {body} }.into_any()
            }
        }}
    }
}

/// The manage tab's links to its pages; the catalog only for head office.
#[component]
pub fn ManageLinks(role: Option<StaffRole>) -> impl IntoView {
    let state = AppState::get();
    let admin = role == Some(StaffRole::Admin);
    view! {
        <nav class="chips manage-links">
            {admin.then(|| view! { <A href=ManagePage::Products.href() attr:class="chip" attr:data-page="products">{move || state.t(Key::ManageCatalog)}</A> })}
            <A href=ManagePage::Staff.href() attr:class="chip" attr:data-page="staff">{move || state.t(Key::ManageStaff)}</A>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::ManagePage;

    #[test]
    fn the_build_serves_every_manage_page_and_only_head_office_opens_the_catalog() {
        let listed: Vec<&str> = include_str!("../../../guide/pages.txt").lines().collect();
        let paths: Vec<&str> = ManagePage::ALL.iter().map(|(_, p)| *p).collect();
        assert_eq!(listed, paths);
        use shared::kinds::StaffRole::{Admin, Guide, Manager};
        let open = |p: ManagePage| [Guide, Manager, Admin].map(|r| p.open_to(r));
        assert_eq!(open(ManagePage::Products), [false, false, true]);
        assert_eq!(open(ManagePage::Staff), [false, true, true]);
    }
}
