//! The inbox and Web Push: `GET /api/me/messages`, `POST /api/me/messages/{id}/read`,
//! `POST /api/flash-sales/{id}/reminders`, `POST /api/me/push-subscriptions`, `GET /api/push/key`.

use crate::reminders::MessageKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One message of the signed-in member's (or staff member's) inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Its id (`MSG…`).
    pub id: String,
    /// What it is about.
    pub kind: MessageKind,
    /// One line.
    pub title: String,
    /// A sentence or two.
    pub body: String,
    /// Where the app goes when it is opened (a path of the app).
    pub link: String,
    /// When it arrived (for a reminder: when it fell due).
    pub created_at: DateTime<Utc>,
    /// Whether it was marked read.
    pub read: bool,
}

/// `POST /api/flash-sales/{id}/reminders`: the reminder set up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// The sale.
    pub sale_id: String,
    /// When its message arrives (5 minutes before the start, or now).
    pub due_at: DateTime<Utc>,
}

/// The keys of a push subscription, as `PushSubscription.toJSON()` names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushKeys {
    /// The browser's P-256 public key, base64url.
    pub p256dh: String,
    /// The browser's 16-byte authentication secret, base64url.
    pub auth: String,
}

/// `POST /api/me/push-subscriptions`: `PushSubscription.toJSON()`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushSubscriptionRequest {
    /// The push service's URL for this browser.
    pub endpoint: String,
    /// Its keys.
    pub keys: PushKeys,
}

/// `GET /api/push/key`: the key the app hands to `pushManager.subscribe`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushKey {
    /// The VAPID public key (base64url of the uncompressed P-256 point).
    pub public_key: String,
}
