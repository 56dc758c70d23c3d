//! The typed API client: the only place in the app that speaks HTTP. Every function returns
//! the shared API type or a [`ClientError`] carrying the server's `{"error":…}`.

mod transport;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::api::*;
use shared::clienteling::{BindRequest, Customer, GuideOrderRequest, TagsRequest};
use shared::coupon::CampaignRequest;
use shared::flash_sale::SaleRequest;
use shared::order::OrderRequest;
use shared::reconciliation::DayReport;
use shared::returns::{ReturnReceipt, ReturnRequest};
use shared::stored_value::Entry;
use shared::{ApiError, ErrorCode};
use transport::{run, with_query};

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
    if resp.ok() {
        if resp.status() == 204 {
            return serde_json::from_str("null").map_err(net);
        }
        return resp.json::<T>().await.map_err(net);
    }
    let status = resp.status();
    match resp.json::<ApiError>().await {
        Ok(e) => Err(ClientError::Api(e)),
        Err(_) => Err(ClientError::Network(format!("HTTP {status}"))),
    }
}

fn with_token(builder: RequestBuilder, token: Option<&str>) -> RequestBuilder {
    match token {
        Some(t) => builder.header("authorization", &format!("Bearer {t}")),
        None => builder,
    }
}

async fn get<T: DeserializeOwned>(path: &str, token: Option<&str>) -> Result<T, ClientError> {
    decode(run("GET", false, || with_token(Request::get(path), token).build().map_err(net)).await?).await
}

async fn send<B: Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&B>,
    token: Option<&str>,
) -> Result<T, ClientError> {
    send_keyed(method, path, body, token, None).await
}

async fn send_keyed<B: Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&B>,
    token: Option<&str>,
    idempotency_key: Option<&str>,
) -> Result<T, ClientError> {
    let make = || {
        let builder = match method {
            "DELETE" => Request::delete(path),
            "PUT" => Request::put(path),
            _ => Request::post(path),
        };
        let builder = with_token(builder, token);
        let builder = match idempotency_key {
            Some(k) => builder.header("idempotency-key", k),
            None => builder,
        };
        match body {
            Some(b) => builder.json(b).map_err(net),
            None => builder.build().map_err(net),
        }
    };
    decode(run(method, idempotency_key.is_some(), make).await?).await
}

/// `GET /api/stores`.
pub async fn stores() -> Result<Vec<Store>, ClientError> {
    get("/api/stores", None).await
}

/// `GET /api/stores/{id}/map`.
pub async fn store_map(id: &str) -> Result<shared::navigation::StoreMap, ClientError> {
    get(&format!("/api/stores/{}/map", js_sys::encode_uri_component(id)), None).await
}

/// `GET /api/stores/{id}/route?from=&to=` (`from` empty: the entrance).
pub async fn route(id: &str, from: &str, to: &str) -> Result<shared::navigation::Route, ClientError> {
    let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
    get(&format!("/api/stores/{}/route?from={}&to={}", enc(id), enc(from), enc(to)), None).await
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
}

impl ProductFilter {
    /// The non-empty filters as query pairs.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        [("store_id", &self.store_id), ("category", &self.category), ("q", &self.q)]
            .into_iter()
            .filter_map(|(k, v)| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(|v| (k, v)))
            .collect()
    }
}

/// `GET /api/products?store_id=&category=&q=`.
pub async fn products(filter: &ProductFilter) -> Result<Vec<Product>, ClientError> {
    let pairs: Vec<(&str, Option<&str>)> = filter.pairs().into_iter().map(|(k, v)| (k, Some(v))).collect();
    get(&with_query("/api/products", &pairs), None).await
}

/// `GET /api/products/{sku}`.
pub async fn product(sku: &str) -> Result<ProductDetail, ClientError> {
    get(&format!("/api/products/{}", js_sys::encode_uri_component(sku)), None).await
}

/// `POST /api/members`.
pub async fn register(body: &RegisterRequest) -> Result<MemberSession, ClientError> {
    send("POST", "/api/members", Some(body), None).await
}

/// `POST /api/sessions`.
pub async fn sign_in(body: &SignInRequest) -> Result<MemberSession, ClientError> {
    send("POST", "/api/sessions", Some(body), None).await
}

/// `DELETE /api/sessions/current` (member or staff token).
pub async fn sign_out(token: &str) -> Result<(), ClientError> {
    send::<(), ()>("DELETE", "/api/sessions/current", None, Some(token)).await
}

/// `POST /api/guide/sessions`.
pub async fn staff_sign_in(body: &StaffSignInRequest) -> Result<StaffSession, ClientError> {
    send("POST", "/api/guide/sessions", Some(body), None).await
}

/// `GET /api/me`.
pub async fn me(token: &str) -> Result<Member, ClientError> {
    get("/api/me", Some(token)).await
}

/// `GET /api/me/code`.
pub async fn member_code(token: &str) -> Result<MemberCodeView, ClientError> {
    get("/api/me/code", Some(token)).await
}

/// `POST /api/me/physical-card`.
pub async fn link_card(token: &str, body: &LinkCardRequest) -> Result<Member, ClientError> {
    send("POST", "/api/me/physical-card", Some(body), Some(token)).await
}

/// `POST /api/me/top-ups`.
pub async fn top_up(token: &str, amount_fen: i64) -> Result<PaymentEnvelope, ClientError> {
    send("POST", "/api/me/top-ups", Some(&TopUpRequest { amount_fen, method: "sandbox".into() }), Some(token)).await
}

/// `GET /api/me/ledger`.
pub async fn ledger(token: &str) -> Result<Vec<Entry>, ClientError> {
    get("/api/me/ledger?limit=100", Some(token)).await
}

/// `POST /api/guide/member-codes/verify`.
pub async fn verify_member_code(token: &str, code: &str) -> Result<MemberEnvelope, ClientError> {
    send("POST", "/api/guide/member-codes/verify", Some(&CodeRequest { code: code.to_owned() }), Some(token)).await
}

/// `POST /api/guide/charges`.
pub async fn charge(token: &str, body: &ChargeRequest) -> Result<ChargeReceipt, ClientError> {
    send("POST", "/api/guide/charges", Some(body), Some(token)).await
}

/// A fresh idempotency key: one per thing the person means to do once (an order, a sale),
/// reused when the same request is retried.
pub fn new_key() -> String {
    let rand = (js_sys::Math::random() * 1e15) as u64;
    format!("k{:x}-{:x}", js_sys::Date::now() as u64, rand)
}

/// `GET /api/flash-sales?store_id=` (with the member's token, `my_held` is filled in).
pub async fn flash_sales(store_id: Option<&str>, token: Option<&str>) -> Result<Vec<FlashSaleView>, ClientError> {
    get(&with_query("/api/flash-sales", &[("store_id", store_id)]), token).await
}

/// `POST /api/orders` with its idempotency key.
pub async fn place_order(token: &str, key: &str, body: &OrderRequest) -> Result<Order, ClientError> {
    send_keyed("POST", "/api/orders", Some(body), Some(token), Some(key)).await
}

/// `GET /api/orders`.
pub async fn orders(token: &str) -> Result<Vec<Order>, ClientError> {
    get("/api/orders", Some(token)).await
}

/// `GET /api/orders/{id}`.
pub async fn order(token: &str, id: &str) -> Result<Order, ClientError> {
    get(&format!("/api/orders/{}", js_sys::encode_uri_component(id)), Some(token)).await
}

/// `POST /api/orders/{id}/pay`.
pub async fn pay(token: &str, id: &str, method: &str) -> Result<Order, ClientError> {
    let path = format!("/api/orders/{}/pay", js_sys::encode_uri_component(id));
    send("POST", &path, Some(&PayRequest { method: method.to_owned() }), Some(token)).await
}

/// `POST /api/orders/{id}/cancel`.
pub async fn cancel(token: &str, id: &str) -> Result<Order, ClientError> {
    send::<(), Order>("POST", &format!("/api/orders/{}/cancel", js_sys::encode_uri_component(id)), None, Some(token))
        .await
}

/// `POST /api/guide/pickups`.
pub async fn pick_up(token: &str, code: &str) -> Result<Order, ClientError> {
    send("POST", "/api/guide/pickups", Some(&CodeRequest { code: code.to_owned() }), Some(token)).await
}

/// `GET /api/guide/stock?sku=`.
pub async fn stock(token: &str, sku: &str) -> Result<Vec<StockRow>, ClientError> {
    get(&with_query("/api/guide/stock", &[("sku", Some(sku))]), Some(token)).await
}

/// `POST /api/guide/stock/sales`.
pub async fn counter_sale(token: &str, key: &str, body: &CounterSaleRequest) -> Result<StockRow, ClientError> {
    send_keyed("POST", "/api/guide/stock/sales", Some(body), Some(token), Some(key)).await
}

/// `POST /api/manage/flash-sales`.
pub async fn create_flash_sale(token: &str, key: &str, body: &SaleRequest) -> Result<FlashSaleView, ClientError> {
    send_keyed("POST", "/api/manage/flash-sales", Some(body), Some(token), Some(key)).await
}

/// `GET /api/coupon-campaigns?store_id=`.
pub async fn campaigns(store_id: Option<&str>, token: Option<&str>) -> Result<Vec<CampaignView>, ClientError> {
    get(&with_query("/api/coupon-campaigns", &[("store_id", store_id)]), token).await
}

/// `POST /api/coupon-campaigns/{id}/claim`.
pub async fn claim(token: &str, key: &str, campaign: &str) -> Result<CouponView, ClientError> {
    let path = format!("/api/coupon-campaigns/{}/claim", js_sys::encode_uri_component(campaign));
    send_keyed::<(), CouponView>("POST", &path, None, Some(token), Some(key)).await
}

/// `GET /api/me/coupons`.
pub async fn my_coupons(token: &str) -> Result<Vec<CouponView>, ClientError> {
    get("/api/me/coupons", Some(token)).await
}

/// `POST /api/checkout/quote`.
pub async fn quote(token: &str, body: &OrderRequest) -> Result<Quote, ClientError> {
    send("POST", "/api/checkout/quote", Some(body), Some(token)).await
}

/// `POST /api/guide/coupons`.
pub async fn send_coupon(token: &str, key: &str, body: &SendCouponRequest) -> Result<CouponView, ClientError> {
    send_keyed("POST", "/api/guide/coupons", Some(body), Some(token), Some(key)).await
}

/// `POST /api/manage/coupon-campaigns`.
pub async fn create_campaign(token: &str, key: &str, body: &CampaignRequest) -> Result<CampaignView, ClientError> {
    send_keyed("POST", "/api/manage/coupon-campaigns", Some(body), Some(token), Some(key)).await
}

/// `POST /api/guide/customers`: bind the customer whose member code was scanned.
pub async fn bind_customer(token: &str, code: &str, tags: Vec<String>) -> Result<Customer, ClientError> {
    send("POST", "/api/guide/customers", Some(&BindRequest { code: code.to_owned(), tags }), Some(token)).await
}

/// `GET /api/guide/customers?tag=&q=`.
pub async fn customers(token: &str, tag: Option<&str>, q: Option<&str>) -> Result<Vec<Customer>, ClientError> {
    get(&with_query("/api/guide/customers", &[("tag", tag), ("q", q)]), Some(token)).await
}

/// `PUT /api/guide/customers/{member_id}/tags`.
pub async fn set_tags(token: &str, member_id: &str, tags: Vec<String>) -> Result<Customer, ClientError> {
    let path = format!("/api/guide/customers/{}/tags", js_sys::encode_uri_component(member_id));
    send("PUT", &path, Some(&TagsRequest { tags }), Some(token)).await
}

/// `POST /api/guide/orders`: an order for a bound customer, paid by them in the app.
pub async fn guide_order(token: &str, key: &str, body: &GuideOrderRequest) -> Result<Order, ClientError> {
    send_keyed("POST", "/api/guide/orders", Some(body), Some(token), Some(key)).await
}

/// `GET /api/guide/reconciliation?date=` (no date: the store's today).
pub async fn day_report(token: &str, date: Option<&str>) -> Result<DayReport, ClientError> {
    get(&with_query("/api/guide/reconciliation", &[("date", date)]), Some(token)).await
}

/// `GET /api/me/referrals`.
pub async fn referrals(token: &str) -> Result<shared::referral::ReferralSummary, ClientError> {
    get("/api/me/referrals", Some(token)).await
}

/// `GET /api/guide/orders/{id}`: any order of the chain, for a return.
pub async fn staff_order(token: &str, id: &str) -> Result<Order, ClientError> {
    get(&format!("/api/guide/orders/{}", js_sys::encode_uri_component(id)), Some(token)).await
}

/// `POST /api/guide/returns`.
pub async fn return_goods(token: &str, key: &str, body: &ReturnRequest) -> Result<ReturnReceipt, ClientError> {
    send_keyed("POST", "/api/guide/returns", Some(body), Some(token), Some(key)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_non_empty_filters_are_sent() {
        let f = ProductFilter { store_id: Some("S1".into()), category: Some(" ".into()), q: Some(" 口红".into()) };
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
