//! The typed API client: the only place in the app that speaks HTTP. Every function returns
//! the shared API type or a [`ClientError`] carrying the server's `{"error":…}`.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use shared::ApiError;
use shared::api::{Product, ProductDetail, Store};

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
}

async fn decode<T: DeserializeOwned>(resp: Response) -> Result<T, ClientError> {
    if resp.ok() {
        return resp
            .json::<T>()
            .await
            .map_err(|e| ClientError::Network(e.to_string()));
    }
    let status = resp.status();
    match resp.json::<ApiError>().await {
        Ok(e) => Err(ClientError::Api(e)),
        Err(_) => Err(ClientError::Network(format!("HTTP {status}"))),
    }
}

async fn get<T: DeserializeOwned>(request: Request) -> Result<T, ClientError> {
    let resp = request
        .send()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    decode(resp).await
}

/// `GET /api/stores`.
pub async fn stores() -> Result<Vec<Store>, ClientError> {
    get(Request::get("/api/stores")
        .build()
        .map_err(|e| ClientError::Network(e.to_string()))?)
    .await
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
        [
            ("store_id", &self.store_id),
            ("category", &self.category),
            ("q", &self.q),
        ]
        .into_iter()
        .filter_map(|(k, v)| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| (k, v))
        })
        .collect()
    }
}

/// `GET /api/products?store_id=&category=&q=`.
pub async fn products(filter: &ProductFilter) -> Result<Vec<Product>, ClientError> {
    let req = Request::get("/api/products")
        .query(filter.pairs())
        .build()
        .map_err(|e| ClientError::Network(e.to_string()))?;
    get(req).await
}

/// `GET /api/products/{sku}`.
pub async fn product(sku: &str) -> Result<ProductDetail, ClientError> {
    let path = format!("/api/products/{}", js_sys::encode_uri_component(sku));
    get(Request::get(&path)
        .build()
        .map_err(|e| ClientError::Network(e.to_string()))?)
    .await
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
        };
        assert_eq!(f.pairs(), vec![("store_id", "S1"), ("q", "口红")]);
        assert!(ProductFilter::default().pairs().is_empty());
    }
}
