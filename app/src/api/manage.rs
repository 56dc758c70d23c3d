//! The manager's calls: sales and campaigns over their life, and the dashboard.

use super::ClientError;
use super::transport::{get, send, send_keyed};
use shared::api::{Dashboard, ManagedCampaign, ManagedSale, SaleEditRequest};
use shared::routes::RouteId;

/// `GET /api/manage/flash-sales` (the caller's store).
pub async fn managed_sales(token: &str) -> Result<Vec<ManagedSale>, ClientError> {
    get(RouteId::ManageFlashSales, &[], &[], Some(token)).await
}

/// `POST /api/manage/flash-sales/{id}/cancel`.
pub async fn cancel_sale(token: &str, key: &str, id: &str) -> Result<ManagedSale, ClientError> {
    send_keyed::<(), ManagedSale>(RouteId::CancelFlashSale, &[id], None, Some(token), key).await
}

/// `PATCH /api/manage/flash-sales/{id}`.
pub async fn edit_sale(token: &str, id: &str, body: &SaleEditRequest) -> Result<ManagedSale, ClientError> {
    send(RouteId::EditFlashSale, &[id], Some(body), Some(token)).await
}

/// `GET /api/manage/coupon-campaigns` (the caller's store).
pub async fn managed_campaigns(token: &str) -> Result<Vec<ManagedCampaign>, ClientError> {
    get(RouteId::ManageCampaigns, &[], &[], Some(token)).await
}

/// `POST /api/manage/coupon-campaigns/{id}/close`.
pub async fn close_campaign(token: &str, key: &str, id: &str) -> Result<ManagedCampaign, ClientError> {
    send_keyed::<(), ManagedCampaign>(RouteId::CloseCampaign, &[id], None, Some(token), key).await
}

/// `GET /api/manage/dashboard?from=&to=` (the caller's store; head office: the chain).
pub async fn dashboard(token: &str, from: Option<&str>, to: Option<&str>) -> Result<Dashboard, ClientError> {
    get(RouteId::Dashboard, &[], &[("from", from), ("to", to)], Some(token)).await
}
