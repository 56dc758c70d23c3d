//! The typed API client: the only place in the app that speaks HTTP. Every function returns
//! the shared API type or a [`ClientError`] carrying the server's `{"error":…}`.

pub mod manage;
mod messages;
mod promo;
pub mod scan_go;
mod transfers;
mod transport;

pub use manage::*;
pub use messages::*;
pub use promo::*;
pub use transfers::*;

use gloo_net::http::Response;
use serde::de::DeserializeOwned;
use shared::api::*;
use shared::clienteling::{BindRequest, Customer, GuideOrderRequest, TagsRequest};
use shared::coupon::CampaignRequest;
use shared::flash_sale::SaleRequest;
use shared::order::OrderRequest;
use shared::reconciliation::DayReport;
use shared::returns::{ReturnReceipt, ReturnRequest};
use shared::routes::RouteId;
use shared::stored_value::Entry;
use shared::{ApiError, ErrorCode};
use transport::{get, send, send_keyed};

/// Why a call failed.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientError {
    /// The server refused with a contract error.
    Api(ApiError),
    /// The request did not get an answer (offline, server down) or the answer was not JSON.
    Network(String),
}

impl ClientError {
    /// A line to show the customer.
    pub fn message(&self) -> String {
        match self {
            ClientError::Api(e) => e.error.message.clone(),
            ClientError::Network(detail) => format!("network: {detail}"),
        }
    }
    /// The contract code, if the server answered.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ClientError::Api(e) => Some(e.code()),
            ClientError::Network(_) => None,
        }
    }
    /// Whether the session is gone (expired, revoked): the app then forgets its token.
    pub fn is_signed_out(&self) -> bool {
        self.code() == Some(ErrorCode::Unauthenticated)
    }
}

fn net(e: impl std::fmt::Display) -> ClientError {
    ClientError::Network(e.to_string())
}

async fn decode<T: DeserializeOwned>(resp: Response) -> Result<T, ClientError> {
    serde_json::from_str(&answer_text(resp).await?).map_err(net)
}

/// An answer's text (`null` for a 204), or its refusal as the [`ApiError`] it carries: the
/// untyped half of [`decode`], one copy for every answer type.
async fn answer_text(resp: Response) -> Result<String, ClientError> {
    let status = resp.status();
    if resp.ok() {
        return if status == 204 { Ok("null".to_owned()) } else { resp.text().await.map_err(net) };
    }
    match resp.json::<ApiError>().await {
        Ok(e) => Err(ClientError::Api(e)),
        Err(_) => Err(ClientError::Network(format!("HTTP {status}"))),
    }
}

/// `GET /api/stores`.
pub async fn stores() -> Result<Vec<Store>, ClientError> {
    get(RouteId::Stores, &[], &[], None).await
}

/// `GET /api/stores/{id}/map`.
pub async fn store_map(id: &str) -> Result<shared::navigation::StoreMap, ClientError> {
    get(RouteId::StoreMap, &[id], &[], None).await
}

/// `GET /api/stores/{id}/route?from=&to=` (`from` empty: the entrance).
pub async fn route(id: &str, from: &str, to: &str) -> Result<shared::navigation::Route, ClientError> {
    get(RouteId::StoreRoute, &[id], &[("from", Some(from)), ("to", Some(to))], None).await
}

/// Filters for [`products`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProductFilter {
    /// Store id.
    pub store_id: Option<String>,
    /// Category slug.
    pub category: Option<String>,
    /// Text query.
    pub q: Option<String>,
    /// An EAN-13 barcode (scanned or typed).
    pub barcode: Option<String>,
}

impl ProductFilter {
    /// The non-empty filters as query pairs.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        [("store_id", &self.store_id), ("category", &self.category), ("q", &self.q), ("barcode", &self.barcode)]
            .into_iter()
            .filter_map(|(k, v)| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(|v| (k, v)))
            .collect()
    }
}

/// `GET /api/products?store_id=&category=&q=&barcode=`.
pub async fn products(filter: &ProductFilter) -> Result<Vec<Product>, ClientError> {
    let pairs: Vec<(&str, Option<&str>)> = filter.pairs().into_iter().map(|(k, v)| (k, Some(v))).collect();
    get(RouteId::Products, &[], &pairs, None).await
}

/// `GET /api/products/{sku}`.
pub async fn product(sku: &str) -> Result<ProductDetail, ClientError> {
    get(RouteId::Product, &[sku], &[], None).await
}

/// `POST /api/members`.
pub async fn register(body: &RegisterRequest) -> Result<MemberSession, ClientError> {
    send(RouteId::Register, &[], Some(body), None).await
}

/// `POST /api/sessions`.
pub async fn sign_in(body: &SignInRequest) -> Result<MemberSession, ClientError> {
    send(RouteId::SignIn, &[], Some(body), None).await
}

/// `DELETE /api/sessions/current` (member or staff token).
pub async fn sign_out(token: &str) -> Result<(), ClientError> {
    send::<(), ()>(RouteId::SignOut, &[], None, Some(token)).await
}

/// `POST /api/guide/sessions`.
pub async fn staff_sign_in(body: &StaffSignInRequest) -> Result<StaffSession, ClientError> {
    send(RouteId::StaffSignIn, &[], Some(body), None).await
}

/// `GET /api/me`.
pub async fn me(token: &str) -> Result<Member, ClientError> {
    get(RouteId::Me, &[], &[], Some(token)).await
}

/// `GET /api/me/code`.
pub async fn member_code(token: &str) -> Result<MemberCodeView, ClientError> {
    get(RouteId::MemberCode, &[], &[], Some(token)).await
}

/// `POST /api/me/physical-card`.
pub async fn link_card(token: &str, body: &LinkCardRequest) -> Result<Member, ClientError> {
    send(RouteId::LinkCard, &[], Some(body), Some(token)).await
}

/// `PUT /api/me/birthday`.
pub async fn set_birthday(token: &str, body: &shared::api::BirthdayRequest) -> Result<Member, ClientError> {
    send(RouteId::SetBirthday, &[], Some(body), Some(token)).await
}

/// `POST /api/me/top-ups`.
pub async fn top_up(token: &str, amount_fen: i64) -> Result<PaymentEnvelope, ClientError> {
    send(RouteId::TopUp, &[], Some(&TopUpRequest { amount_fen, method: "sandbox".into() }), Some(token)).await
}

/// `GET /api/me/ledger`.
pub async fn ledger(token: &str) -> Result<Vec<Entry>, ClientError> {
    get(RouteId::Ledger, &[], &[("limit", Some("100"))], Some(token)).await
}

/// `GET /api/rewards`.
pub async fn rewards() -> Result<Vec<RewardView>, ClientError> {
    get(RouteId::Rewards, &[], &[], None).await
}

/// `POST /api/me/rewards/{id}/redeem`.
pub async fn redeem(token: &str, key: &str, reward: &str) -> Result<RedeemReceipt, ClientError> {
    send_keyed::<(), RedeemReceipt>(RouteId::RedeemReward, &[reward], None, Some(token), key).await
}

/// `GET /api/me/points`.
pub async fn points_history(token: &str) -> Result<Vec<PointsEntry>, ClientError> {
    get(RouteId::PointsHistory, &[], &[], Some(token)).await
}

/// `POST /api/guide/member-codes/verify`.
pub async fn verify_member_code(token: &str, code: &str) -> Result<MemberEnvelope, ClientError> {
    send(RouteId::VerifyMemberCode, &[], Some(&CodeRequest { code: code.to_owned() }), Some(token)).await
}

/// `POST /api/guide/charges`.
pub async fn charge(token: &str, body: &ChargeRequest) -> Result<ChargeReceipt, ClientError> {
    send(RouteId::CounterCharge, &[], Some(body), Some(token)).await
}

/// A fresh idempotency key: one per thing the person means to do once (an order, a sale),
/// reused when the same request is retried.
pub fn new_key() -> String {
    let rand = (js_sys::Math::random() * 1e15) as u64;
    format!("k{:x}-{:x}", js_sys::Date::now() as u64, rand)
}

/// `GET /api/flash-sales?store_id=` (with the member's token, `my_held` is filled in).
pub async fn flash_sales(store_id: Option<&str>, token: Option<&str>) -> Result<Vec<FlashSaleView>, ClientError> {
    get(RouteId::FlashSales, &[], &[("store_id", store_id)], token).await
}

/// `POST /api/orders` with its idempotency key.
pub async fn place_order(token: &str, key: &str, body: &OrderRequest) -> Result<Order, ClientError> {
    send_keyed(RouteId::CreateOrder, &[], Some(body), Some(token), key).await
}

/// `GET /api/orders`.
pub async fn orders(token: &str) -> Result<Vec<Order>, ClientError> {
    get(RouteId::Orders, &[], &[], Some(token)).await
}

/// `GET /api/orders/{id}`.
pub async fn order(token: &str, id: &str) -> Result<Order, ClientError> {
    get(RouteId::Order, &[id], &[], Some(token)).await
}

/// `POST /api/orders/{id}/pay`.
pub async fn pay(token: &str, id: &str, method: &str) -> Result<Order, ClientError> {
    send(RouteId::PayOrder, &[id], Some(&PayRequest { method: method.to_owned() }), Some(token)).await
}

/// `POST /api/orders/{id}/cancel`.
pub async fn cancel(token: &str, id: &str) -> Result<Order, ClientError> {
    send::<(), Order>(RouteId::CancelOrder, &[id], None, Some(token)).await
}

/// `POST /api/guide/pickups`.
pub async fn pick_up(token: &str, code: &str) -> Result<Order, ClientError> {
    send(RouteId::Pickup, &[], Some(&CodeRequest { code: code.to_owned() }), Some(token)).await
}

/// `POST /api/guide/pickups/preview`: the order a pickup code names; the code stays unused.
pub async fn preview_pickup(token: &str, code: &str) -> Result<Order, ClientError> {
    send(RouteId::PickupPreview, &[], Some(&CodeRequest { code: code.to_owned() }), Some(token)).await
}

/// `GET /api/guide/stock?sku=`.
pub async fn stock(token: &str, sku: &str) -> Result<Vec<StockRow>, ClientError> {
    get(RouteId::Stock, &[], &[("sku", Some(sku))], Some(token)).await
}

/// `POST /api/guide/stock/sales`.
pub async fn counter_sale(token: &str, key: &str, body: &CounterSaleRequest) -> Result<StockRow, ClientError> {
    send_keyed(RouteId::CounterSale, &[], Some(body), Some(token), key).await
}

/// `POST /api/manage/flash-sales`.
pub async fn create_flash_sale(token: &str, key: &str, body: &SaleRequest) -> Result<FlashSaleView, ClientError> {
    send_keyed(RouteId::CreateFlashSale, &[], Some(body), Some(token), key).await
}

/// `GET /api/coupon-campaigns?store_id=`.
pub async fn campaigns(store_id: Option<&str>, token: Option<&str>) -> Result<Vec<CampaignView>, ClientError> {
    get(RouteId::Campaigns, &[], &[("store_id", store_id)], token).await
}

/// `POST /api/coupon-campaigns/{id}/claim`.
pub async fn claim(token: &str, key: &str, campaign: &str) -> Result<CouponView, ClientError> {
    send_keyed::<(), CouponView>(RouteId::ClaimCoupon, &[campaign], None, Some(token), key).await
}

/// `GET /api/me/coupons`.
pub async fn my_coupons(token: &str) -> Result<Vec<CouponView>, ClientError> {
    get(RouteId::MyCoupons, &[], &[], Some(token)).await
}

/// `POST /api/checkout/quote`.
pub async fn quote(token: &str, body: &OrderRequest) -> Result<Quote, ClientError> {
    send(RouteId::Quote, &[], Some(body), Some(token)).await
}

/// `POST /api/guide/coupons`.
pub async fn send_coupon(token: &str, key: &str, body: &SendCouponRequest) -> Result<CouponView, ClientError> {
    send_keyed(RouteId::SendCoupon, &[], Some(body), Some(token), key).await
}

/// `POST /api/manage/coupon-campaigns`.
pub async fn create_campaign(token: &str, key: &str, body: &CampaignRequest) -> Result<CampaignView, ClientError> {
    send_keyed(RouteId::CreateCampaign, &[], Some(body), Some(token), key).await
}

/// `POST /api/guide/customers`: bind the customer whose member code was scanned.
pub async fn bind_customer(token: &str, code: &str, tags: Vec<String>) -> Result<Customer, ClientError> {
    send(RouteId::BindCustomer, &[], Some(&BindRequest { code: code.to_owned(), tags }), Some(token)).await
}

/// `GET /api/guide/customers?tag=&q=`.
pub async fn customers(token: &str, tag: Option<&str>, q: Option<&str>) -> Result<Vec<Customer>, ClientError> {
    get(RouteId::Customers, &[], &[("tag", tag), ("q", q)], Some(token)).await
}

/// `PUT /api/guide/customers/{member_id}/tags`.
pub async fn set_tags(token: &str, member_id: &str, tags: Vec<String>) -> Result<Customer, ClientError> {
    send(RouteId::CustomerTags, &[member_id], Some(&TagsRequest { tags }), Some(token)).await
}

/// `POST /api/guide/orders`: an order for a bound customer, paid by them in the app.
pub async fn guide_order(token: &str, key: &str, body: &GuideOrderRequest) -> Result<Order, ClientError> {
    send_keyed(RouteId::GuideOrder, &[], Some(body), Some(token), key).await
}

/// `GET /api/guide/reconciliation?date=` (no date: the store's today).
pub async fn day_report(token: &str, date: Option<&str>) -> Result<DayReport, ClientError> {
    get(RouteId::Reconciliation, &[], &[("date", date)], Some(token)).await
}

/// `GET /api/me/referrals`.
pub async fn referrals(token: &str) -> Result<shared::referral::ReferralSummary, ClientError> {
    get(RouteId::Referrals, &[], &[], Some(token)).await
}

/// `GET /api/guide/orders/{id}`: any order of the chain, for a return.
pub async fn staff_order(token: &str, id: &str) -> Result<Order, ClientError> {
    get(RouteId::GuideOrderView, &[id], &[], Some(token)).await
}

/// `POST /api/guide/returns`.
pub async fn return_goods(token: &str, key: &str, body: &ReturnRequest) -> Result<ReturnReceipt, ClientError> {
    send_keyed(RouteId::Return, &[], Some(body), Some(token), key).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_non_empty_filters_are_sent() {
        let f = ProductFilter {
            store_id: Some("S1".into()),
            category: Some(" ".into()),
            q: Some(" 口红".into()),
            barcode: None,
        };
        assert_eq!(f.pairs(), vec![("store_id", "S1"), ("q", "口红")]);
        assert!(ProductFilter::default().pairs().is_empty());
    }

    #[test]
    fn only_an_unauthenticated_answer_signs_the_app_out() {
        let e = ClientError::Api(ApiError::new(ErrorCode::Unauthenticated, "gone"));
        assert!(e.is_signed_out());
        assert!(!ClientError::Api(ApiError::new(ErrorCode::WrongRole, "x")).is_signed_out());
        assert!(!ClientError::Network("offline".into()).is_signed_out());
    }
}
