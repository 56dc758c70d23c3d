//! Promoters (推广员) and red envelopes (分享红包).

use super::ClientError;
use super::transport::{get, send};
use shared::api::{OpenedEnvelope, PromoterSummary};
use shared::routes::RouteId;

/// `GET /api/guide/promoter?month=`.
pub async fn promoter(token: &str, month: Option<&str>) -> Result<PromoterSummary, ClientError> {
    get(RouteId::GuidePromoter, &[], &[("month", month)], Some(token)).await
}

/// `POST /api/red-envelopes/{id}/open`.
pub async fn open_envelope(token: &str, id: &str) -> Result<OpenedEnvelope, ClientError> {
    send::<(), _>(RouteId::OpenRedEnvelope, &[id], None, Some(token)).await
}
