//! A push subscription as `PushSubscription.toJSON()` gives it: `{endpoint, keys:{p256dh, auth}}`.

use super::from_b64url;
use p256::PublicKey;

/// Why a subscription was refused (the API answers 422).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SubscriptionError {
    /// The endpoint is not an `https://` URL (`http://` only for a loopback host, in tests).
    #[error("the endpoint must be an https URL")]
    Endpoint,
    /// `p256dh` is not a base64url uncompressed P-256 point on the curve.
    #[error("keys.p256dh must be a base64url P-256 public key")]
    PublicKey,
    /// `auth` is not 16 base64url-encoded bytes.
    #[error("keys.auth must be 16 base64url-encoded bytes")]
    AuthSecret,
}

/// 422 `INVALID`, prefixed with the field at fault.
impl From<SubscriptionError> for crate::ApiError {
    fn from(e: SubscriptionError) -> crate::ApiError {
        let field = match e {
            SubscriptionError::Endpoint => "endpoint",
            SubscriptionError::PublicKey => "keys.p256dh",
            SubscriptionError::AuthSecret => "keys.auth",
        };
        crate::ApiError::invalid(format!("{field}: {e}"))
    }
}

/// A browser's push subscription: where to send, and the keys to encrypt for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    endpoint: String,
    p256dh: PublicKey,
    auth: [u8; 16],
}

impl Subscription {
    /// Reads a subscription from its JSON fields.
    pub fn parse(endpoint: &str, p256dh: &str, auth: &str) -> Result<Subscription, SubscriptionError> {
        let endpoint = endpoint.trim();
        origin(endpoint).ok_or(SubscriptionError::Endpoint)?;
        let point = from_b64url(p256dh).filter(|b| b.len() == 65 && b[0] == 4).ok_or(SubscriptionError::PublicKey)?;
        let p256dh = PublicKey::from_sec1_bytes(&point).map_err(|_| SubscriptionError::PublicKey)?;
        let auth = from_b64url(auth).and_then(|b| <[u8; 16]>::try_from(b).ok()).ok_or(SubscriptionError::AuthSecret)?;
        Ok(Subscription { endpoint: endpoint.to_owned(), p256dh, auth })
    }

    /// Builds a subscription from keys already decoded (a stored row, a test).
    pub fn from_parts(endpoint: &str, p256dh: PublicKey, auth: [u8; 16]) -> Result<Subscription, SubscriptionError> {
        origin(endpoint.trim()).ok_or(SubscriptionError::Endpoint)?;
        Ok(Subscription { endpoint: endpoint.trim().to_owned(), p256dh, auth })
    }

    /// The push service's URL for this browser.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The origin of the endpoint: the `aud` of the VAPID token sent with it.
    pub fn audience(&self) -> &str {
        origin(&self.endpoint).unwrap_or(&self.endpoint)
    }

    /// The browser's public key (`ua_public` in RFC 8291).
    pub fn public_key(&self) -> &PublicKey {
        &self.p256dh
    }

    /// The browser's authentication secret.
    pub fn auth_secret(&self) -> &[u8; 16] {
        &self.auth
    }
}

/// `scheme://authority` of an endpoint URL, if it is one we send to: https anywhere, plain http
/// only to a loopback host (the integration tests' local push service).
pub(super) fn origin(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    let valid = !host.is_empty() && authority.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
    let loopback = matches!(host, "127.0.0.1" | "localhost" | "[::1]");
    if !valid || (url.starts_with("http://") && !loopback) {
        return None;
    }
    Some(&url[..url.len() - rest.len() + authority.len()])
}
