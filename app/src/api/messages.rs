//! The inbox, reminders and Web Push subscriptions.

use super::ClientError;
use super::transport::{get, send};
use shared::api::{Message, PushKey, PushSubscriptionRequest, Reminder};
use shared::routes::RouteId;

/// `GET /api/me/messages`.
pub async fn messages(token: &str) -> Result<Vec<Message>, ClientError> {
    get(RouteId::MyMessages, &[], &[], Some(token)).await
}

/// `POST /api/me/messages/{id}/read`.
pub async fn mark_read(token: &str, id: &str) -> Result<(), ClientError> {
    send::<(), _>(RouteId::ReadMessage, &[id], None, Some(token)).await
}

/// `POST /api/flash-sales/{id}/reminders`.
pub async fn remind(token: &str, sale_id: &str) -> Result<Reminder, ClientError> {
    send::<(), _>(RouteId::RemindSale, &[sale_id], None, Some(token)).await
}

/// `GET /api/push/key`.
pub async fn push_key() -> Result<PushKey, ClientError> {
    get(RouteId::PushKey, &[], &[], None).await
}

/// `POST /api/me/push-subscriptions`.
pub async fn push_subscribe(
    token: &str,
    body: &PushSubscriptionRequest,
) -> Result<PushSubscriptionRequest, ClientError> {
    send(RouteId::PushSubscribe, &[], Some(body), Some(token)).await
}
