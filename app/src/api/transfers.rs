//! Stock between stores (调货).

use super::ClientError;
use super::transport::{get, send, send_keyed};
use shared::api::{StoreTransfer, TransferRequest};
use shared::routes::RouteId;

/// `POST /api/manage/stock/transfers`.
pub async fn send_transfer(token: &str, key: &str, body: &TransferRequest) -> Result<StoreTransfer, ClientError> {
    send_keyed(RouteId::CreateTransfer, &[], Some(body), Some(token), key).await
}

/// `POST /api/manage/stock/transfers/{id}/receive`.
pub async fn receive_transfer(token: &str, id: &str) -> Result<StoreTransfer, ClientError> {
    send::<(), _>(RouteId::ReceiveTransfer, &[id], None, Some(token)).await
}

/// `GET /api/manage/stock/transfers?store_id=`.
pub async fn transfers(token: &str, store_id: &str) -> Result<Vec<StoreTransfer>, ClientError> {
    get(RouteId::Transfers, &[], &[("store_id", Some(store_id))], Some(token)).await
}
