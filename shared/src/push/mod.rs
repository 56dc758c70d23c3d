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

#[cfg(test)]
mod tests;
