//! One module per page.

pub mod cart;
pub mod checkout;
pub mod coupons;
pub mod flash_sales;
pub mod guide;
pub mod home;
pub mod link_card;
pub mod member;
pub mod messages;
pub mod order_detail;
pub mod orders;
pub mod points;
pub mod product;
pub mod red_envelope;
pub mod scan_go;
pub mod store_map;
pub mod stores;
pub mod wallet;

use crate::AppState;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use leptos::prelude::*;
use leptos_router::components::{A, Route, Routes};
use leptos_router::path;

#[component]
pub fn NotFound() -> impl IntoView {
    let state = AppState::get();
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::NotFound).to_owned())/>
        <div class="empty">
            <p>{move || state.t(Key::NotFoundHint)}</p>
            <A href="/" attr:class="btn">{move || state.t(Key::TabHome)}</A>
        </div>
    }
}

/// The customers' app's pages, one route each (component tests mount them the same way).
#[component]
pub fn ShopRoutes() -> impl IntoView {
    // The app's cart (made here when a test mounts the pages without the app around them).
    crate::cart::CartBox::get();
    crate::inbox::Unread::get();
    view! {
        <Routes fallback=|| view! { <NotFound/> }>
            <Route path=path!("/") view=home::HomePage/>
            <Route path=path!("/products/:sku") view=product::ProductPage/>
            <Route path=path!("/flash-sales") view=flash_sales::FlashSalesPage/>
            <Route path=path!("/stores") view=stores::StoresPage/>
            <Route path=path!("/stores/:id") view=store_map::StoreMapPage/>
            <Route path=path!("/member") view=member::MemberPage/>
            <Route path=path!("/member/top-up") view=wallet::TopUpPage/>
            <Route path=path!("/member/ledger") view=wallet::LedgerPage/>
            <Route path=path!("/member/link-card") view=link_card::LinkCardPage/>
            <Route path=path!("/member/coupons") view=coupons::WalletPage/>
            <Route path=path!("/coupons") view=coupons::CouponCentrePage/>
            <Route path=path!("/checkout") view=checkout::CheckoutPage/>
            <Route path=path!("/orders") view=orders::OrdersPage/>
            <Route path=path!("/orders/:id") view=orders::OrderPage/>
            <Route path=path!("/scan-go") view=scan_go::ScanGoPage/>
            <Route path=path!("/cart") view=cart::CartPage/>
            <Route path=path!("/member/rewards") view=points::RewardsPage/>
            <Route path=path!("/member/points") view=points::PointsPage/>
            <Route path=path!("/messages") view=messages::MessagesPage/>
            <Route path=path!("/red-envelopes/:id") view=red_envelope::RedEnvelopePage/>
        </Routes>
    }
}
