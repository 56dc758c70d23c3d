//! Web Push, as the worker speaks it to browsers' push services: a subscription the browser
//! handed over ([`Subscription`]), the message encrypted for it per RFC 8291 (`aes128gcm`,
//! [`encrypt`]), and the sender identified per RFC 8292 (VAPID, [`VapidKey`]).
//!
//! Nothing here draws randomness or reads a clock: the ephemeral key, the salt and `now` are
//! passed in, so the RFCs' own examples are reproduced byte for byte by the tests. Behind the
//! `web-push` feature of `shared`, which the app leaves off: none of the elliptic-curve code
//! reaches the customers' wasm.

mod encrypt;
mod subscription;
mod vapid;

pub use encrypt::{EncryptError, EphemeralKey, MAX_PLAINTEXT, OpenError, RECORD_SIZE, encrypt, open};
pub use subscription::{Subscription, SubscriptionError};
pub use vapid::{VapidClaims, VapidError, VapidKey, verify_authorization};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// base64url without padding, the encoding of every key, salt and token in Web Push.
pub fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Reads base64url with or without its padding (browsers send either).
pub fn from_b64url(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.trim().trim_end_matches('=')).ok()
}

/// What a push service's answer means for the subscription it was sent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Accepted (2xx): the push service will deliver it.
    Accepted,
    /// 404 or 410: the browser unsubscribed or the subscription expired; forget it (RFC 8030
    /// §7.3), never send to it again.
    Gone,
    /// Anything else (429, 5xx, a refused token): keep the subscription; this message is lost
    /// to push but stays in the inbox.
    Failed,
}

impl Delivery {
    /// The meaning of HTTP status `status` from a push service.
    pub fn of_status(status: u16) -> Delivery {
        match status {
            200..=299 => Delivery::Accepted,
            404 | 410 => Delivery::Gone,
            _ => Delivery::Failed,
        }
    }
}

/// How long a push service keeps a message for an offline browser (the `TTL` header): a day,
/// after which a reminder is stale anyway.
pub const TTL_SECONDS: u32 = 24 * 60 * 60;

#[cfg(test)]
mod tests;
