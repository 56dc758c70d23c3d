//! Routing: the request's method and path are matched against the shared route table, then
//! handed to the handler of that route group.

mod audit;
mod birthday;
pub mod catalog;
mod catalog_admin;
mod clienteling;
mod counter;
mod counter_sale;
pub mod coupons;
mod dashboard;
#[cfg(feature = "dev")]
mod dev;
#[cfg(feature = "dev")]
mod dev_products;
#[cfg(not(feature = "dev"))]
pub mod guard;
mod health;
mod identity;
mod images;
mod live;
mod manage_campaigns;
mod manage_sales;
mod member;
mod messages;
mod navigation;
mod orders;
pub mod payments;
mod points;
pub mod promo;
mod returns;
pub mod sales;
mod scan_go;
mod staff_admin;
mod store_ops;
mod transfers;

use crate::auth::{self, Caller};
use crate::ctx::Ctx;
use crate::http::{Reply, error_response, failure_response};
use shared::ApiError;
use shared::ErrorCode;
use shared::routes::{self, RouteError, RouteId};
use worker::{Env, Request, Response};

/// Answers one API request. Never fails: every failure becomes a JSON error response.
pub async fn handle(mut req: Request, env: Env) -> Response {
    #[cfg(not(feature = "dev"))]
    if let Some(refusal) = guard::refuse_unsafe_secrets(&env) {
        return refusal;
    }
    let ctx = Ctx::new(env, &req);
    let path = req.path();
    let method = req.inner().method();
    // Without the `dev` feature the development endpoints do not exist, not even as a 405.
    let resolved = if is_dev_path(&path) && !cfg!(feature = "dev") {
        Err(RouteError::NotFound)
    } else {
        routes::resolve(&method, &path)
    };
    match resolved {
        Ok(matched) => {
            let params: Vec<String> = matched.params.iter().map(|p| (*p).to_owned()).collect();
            // A sold-out or not-live sale's order is refused before anything is written.
            if matched.id == RouteId::CreateOrder
                && let Some(refusal) = crate::orders::refusal::known(&ctx, &req).await
            {
                return refusal;
            }
            // Who may call it is the route table's word, checked here once for every endpoint.
            let access = routes::endpoint(matched.id).access;
            let caller = match auth::admit(&ctx, &req, access, routes::door_reads_session(matched.id)).await {
                Ok(caller) => caller,
                Err(refused) => return failure_response(refused),
            };
            // Keyed endpoints: the key is checked against its scope before anything happens.
            let admitted = match routes::door_remembers_key(matched.id) {
                true => match crate::idempotency::admit(&ctx, matched.id, &caller, &req).await {
                    Ok(a) => a,
                    Err(refused) => return failure_response(refused),
                },
                false => None,
            };
            let resp = dispatch(&ctx, matched.id, &caller, &params, &mut req).await.unwrap_or_else(failure_response);
            if let Some(a) = admitted {
                a.settle(&ctx, resp.status_code()).await;
            }
            // A write that was not refused may have changed what kept reads show.
            if method != "GET" && !(400..500).contains(&resp.status_code()) {
                crate::hot::changed();
            }
            crate::catalog_cache::after_write(&ctx, matched.id, resp.status_code()).await;
            resp
        }
        Err(RouteError::NotFound) => not_found(&path),
        Err(RouteError::MethodNotAllowed { allowed }) => {
            let allow: Vec<&str> = allowed.iter().map(|m| m.as_str()).collect();
            let mut resp = error_response(&ApiError::new(
                ErrorCode::MethodNotAllowed,
                format!("{method} is not allowed on {path}; use {}", allow.join(", ")),
            ));
            crate::http::set_header(resp.headers_mut(), "allow", &allow.join(", "));
            resp
        }
    }
}

/// Whether a path is one of the development endpoints (`/api/dev/*`, see `shared::routes`).
fn is_dev_path(path: &str) -> bool {
    path == "/api/dev" || path.starts_with("/api/dev/")
}

fn not_found(path: &str) -> Response {
    error_response(&ApiError::not_found(format!("no endpoint at {path}")))
}

/// The OpenAPI document of this build: without `dev`, the development endpoints are left out.
fn openapi() -> Reply {
    let mut doc = shared::openapi::document();
    if !cfg!(feature = "dev")
        && let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut())
    {
        paths.retain(|path, _| !is_dev_path(path));
    }
    crate::http::json(200, &doc)
}

/// Runs the endpoint's handler with the caller `handle` admitted for it. A handler asks the
/// caller for the kind its access admits (`caller.member()?`, `caller.staff()?`).
async fn dispatch(ctx: &Ctx, route: RouteId, caller: &Caller, params: &[String], req: &mut Request) -> Reply {
    let param = |i: usize| params.get(i).map(String::as_str).unwrap_or_default();
    match route {
        RouteId::Health => health::health(ctx),
        RouteId::HealthDeep => health::deep(ctx).await,
        RouteId::OpenApi => openapi(),
        RouteId::Stores => catalog::stores(ctx, req).await,
        RouteId::Store => catalog::store(ctx, req, param(0)).await,
        RouteId::StoreMap => navigation::map(ctx, req, param(0)).await,
        RouteId::StoreRoute => navigation::route(ctx, req, param(0)).await,
        RouteId::Products => catalog::products(ctx, req).await,
        RouteId::Product => catalog::product(ctx, req, param(0)).await,
        RouteId::Audit => audit::list(ctx, caller.staff()?, req).await,
        #[cfg(feature = "dev")]
        RouteId::DevSeed => dev::seed(ctx, req).await,
        #[cfg(feature = "dev")]
        RouteId::DevMembers => dev::members(ctx, req).await,
        #[cfg(feature = "dev")]
        RouteId::DevReconcile => dev::reconcile(ctx).await,
        #[cfg(feature = "dev")]
        RouteId::DevCrashAfterDebit => dev::crash_after_debit(ctx, param(0)).await,
        #[cfg(feature = "dev")]
        RouteId::DevSaleAudit => dev::audit(ctx, param(0)).await,
        #[cfg(feature = "dev")]
        RouteId::DevProduct => dev_products::create(ctx, req).await,
        #[cfg(feature = "dev")]
        RouteId::DevCrashMidReceive => transfers::crash_mid_receive(ctx, param(0)).await,
        #[cfg(feature = "dev")]
        RouteId::DevBirthdays => crate::http::json(200, &crate::birthdays::upkeep(ctx).await?),
        #[cfg(feature = "dev")]
        RouteId::DevInvites => messages::dev_invites(ctx).await,
        // Never reached: `handle` answers these paths 404 first in a build without `dev`.
        #[cfg(not(feature = "dev"))]
        RouteId::DevSeed
        | RouteId::DevMembers
        | RouteId::DevReconcile
        | RouteId::DevSaleAudit
        | RouteId::DevProduct
        | RouteId::DevCrashAfterDebit
        | RouteId::DevCrashMidReceive
        | RouteId::DevBirthdays
        | RouteId::DevInvites => Ok(not_found(&req.path())),
        RouteId::FlashSales => sales::list(ctx, req).await,
        RouteId::FlashSale => sales::one(ctx, req, param(0)).await,
        RouteId::FlashSaleLive => live::subscribe(ctx, req, param(0)).await,
        RouteId::CreateFlashSale => sales::create(ctx, caller.staff()?, req).await,
        RouteId::CreateOrder => orders::place(ctx, caller.member()?, req).await,
        RouteId::Orders => orders::list(ctx, caller.member()?).await,
        RouteId::Order => orders::one(ctx, caller.member()?, param(0)).await,
        RouteId::PayOrder => orders::pay_order(ctx, caller.member()?, req, param(0)).await,
        RouteId::CancelOrder => orders::cancel(ctx, caller.member()?, param(0)).await,
        RouteId::Pickup => store_ops::pickup(ctx, caller.staff()?, req).await,
        RouteId::PickupPreview => store_ops::pickup_preview(ctx, caller.staff()?, req).await,
        RouteId::Stock => store_ops::stock_of(ctx, req).await,
        RouteId::CounterSale => store_ops::counter_sale(ctx, caller.staff()?, req).await,
        RouteId::StockReceipt => store_ops::receipt(ctx, caller.staff()?, req).await,
        RouteId::Campaigns => coupons::list(ctx, req).await,
        RouteId::ClaimCoupon => coupons::claim(ctx, caller.member()?, req, param(0)).await,
        RouteId::MyCoupons => coupons::mine(ctx, caller.member()?).await,
        RouteId::CreateCampaign => coupons::create(ctx, caller.staff()?, req).await,
        RouteId::BindCustomer => clienteling::bind(ctx, caller.staff()?, req).await,
        RouteId::Customers => clienteling::list(ctx, caller.staff()?, req).await,
        RouteId::CustomerTags => clienteling::retag(ctx, caller.staff()?, req, param(0)).await,
        RouteId::GuideOrder => clienteling::place_order(ctx, caller.staff()?, req).await,
        RouteId::GuideOrderView => returns::order(ctx, param(0)).await,
        RouteId::Return => returns::take_back(ctx, caller.staff()?, req).await,
        RouteId::Reconciliation => clienteling::day(ctx, caller.staff()?, req).await,
        RouteId::SendCoupon => coupons::send(ctx, caller.staff()?, req).await,
        RouteId::Quote => coupons::quote(ctx, caller.member()?, req).await,
        RouteId::Register => identity::register(ctx, req).await,
        RouteId::SignIn => identity::sign_in(ctx, req).await,
        RouteId::SignOut => identity::sign_out(ctx, caller.session_id()?).await,
        RouteId::StaffSignIn => identity::staff_sign_in(ctx, req).await,
        RouteId::Me => member::me(ctx, caller.member()?).await,
        RouteId::MemberCode => member::code(ctx, caller.member()?).await,
        RouteId::Referrals => member::referrals(ctx, caller.member()?).await,
        RouteId::LinkCard => member::link_card(ctx, caller.member()?, req).await,
        RouteId::Ledger => member::ledger(ctx, caller.member()?, req).await,
        RouteId::TopUp => payments::top_up(ctx, caller.member()?, req).await,
        RouteId::MyPayment => payments::my_payment(ctx, caller.member()?, param(0)).await,
        RouteId::PaymentNotify => payments::notify(ctx, req).await,
        RouteId::VerifyMemberCode => counter::verify(ctx, caller.staff()?, req).await,
        RouteId::CounterCharge => counter::charge(ctx, caller.staff()?, req).await,
        RouteId::ScanGoCart => scan_go::create(ctx, caller.member()?, req).await,
        RouteId::ScanGoLines => scan_go::set_line(ctx, caller.member()?, req, param(0)).await,
        RouteId::ScanGoCheckout => scan_go::checkout(ctx, caller.member()?, req, param(0)).await,
        RouteId::ExitPass => scan_go::exit(ctx, caller.staff()?, req).await,
        RouteId::ManageFlashSales => manage_sales::list(ctx, caller.staff()?, req).await,
        RouteId::CancelFlashSale => manage_sales::cancel(ctx, caller.staff()?, param(0)).await,
        RouteId::EditFlashSale => manage_sales::edit(ctx, caller.staff()?, req, param(0)).await,
        RouteId::ManageCampaigns => manage_campaigns::list(ctx, caller.staff()?, req).await,
        RouteId::CloseCampaign => manage_campaigns::close(ctx, caller.staff()?, param(0)).await,
        RouteId::Dashboard => dashboard::show(ctx, caller.staff()?, req).await,
        RouteId::CreateProduct => catalog_admin::create_product(ctx, req).await,
        RouteId::ImportProducts => catalog_admin::import(ctx, req).await,
        RouteId::ExportProducts => catalog_admin::export(ctx).await,
        RouteId::PutStore => catalog_admin::put_store(ctx, req, param(0)).await,
        RouteId::CreateStaff => staff_admin::create(ctx, caller.staff()?, req).await,
        RouteId::StaffList => staff_admin::list(ctx, caller.staff()?, req).await,
        RouteId::DisableStaff => staff_admin::disable(ctx, caller.staff()?, param(0)).await,
        RouteId::ResetStaffPassword => staff_admin::reset_password(ctx, caller.staff()?, req, param(0)).await,
        RouteId::CreateTransfer => transfers::create(ctx, caller.staff()?, req).await,
        RouteId::ReceiveTransfer => transfers::receive(ctx, caller.staff()?, param(0)).await,
        RouteId::Transfers => transfers::list(ctx, caller.staff()?, req).await,
        RouteId::CounterSaleOrder => counter_sale::ring_up(ctx, caller.staff()?, req).await,
        RouteId::Rewards => points::catalogue(),
        RouteId::RedeemReward => points::redeem(ctx, caller.member()?, req, param(0)).await,
        RouteId::PointsHistory => points::history(ctx, caller.member()?).await,
        RouteId::Handover => staff_admin::handover(ctx, caller.staff()?, req, param(0)).await,
        RouteId::MyMessages => messages::inbox(ctx, caller).await,
        RouteId::ReadMessage => messages::read(ctx, caller, param(0)).await,
        RouteId::RemindSale => messages::remind(ctx, caller.member()?, param(0)).await,
        RouteId::PushSubscribe => messages::subscribe(ctx, caller, req).await,
        RouteId::PushKey => messages::key(ctx).await,
        RouteId::GuidePromoter => promo::summary(ctx, caller.staff()?, req).await,
        RouteId::OpenRedEnvelope => promo::open(ctx, caller.member()?, param(0)).await,
        RouteId::UploadImage => images::upload(ctx, caller.staff()?, req).await,
        RouteId::Image => images::serve(ctx, param(0)).await,
        RouteId::SetBirthday => birthday::set(ctx, caller.member()?, req).await,
    }
}
