//! RFC 8292 VAPID: the worker identifies itself to push services with an ES256 JWT over
//! `{aud, exp, sub}`, sent as `Authorization: vapid t=<jwt>, k=<public key>`.

use super::subscription::origin;
use super::{Subscription, b64url, from_b64url};
use chrono::{DateTime, Duration, Utc};
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// The JOSE header of every token: `{"typ":"JWT","alg":"ES256"}`, as RFC 8292 §2.4 prints it.
const HEADER: &str = r#"{"typ":"JWT","alg":"ES256"}"#;
/// How long a token the worker signs is valid; RFC 8292 §2 allows at most 24 hours.
pub const TOKEN_LIFETIME: Duration = Duration::hours(12);

/// Why a VAPID key, claim set or header was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VapidError {
    /// The private key is not a 32-octet P-256 scalar.
    #[error("the VAPID private key must be a base64url P-256 scalar")]
    Key,
    /// `aud` is not the origin of a push endpoint.
    #[error("the audience must be the push service's origin")]
    Audience,
    /// `sub` is neither a `mailto:` nor an `https:` contact.
    #[error("the subject must be a mailto: or https: contact")]
    Subject,
    /// `exp` is not in the 24 hours after now.
    #[error("the token must expire within 24 hours")]
    Expiry,
    /// The header is not `vapid t=…, k=…` with a three-part ES256 token.
    #[error("not a VAPID authorization")]
    Malformed,
    /// The signature does not verify with the key `k`.
    #[error("the VAPID signature does not verify")]
    Signature,
}

/// The claims of a VAPID token, in the order RFC 8292 §2.4 shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VapidClaims {
    aud: String,
    exp: i64,
    sub: String,
}

impl VapidClaims {
    /// Claims for `audience` (an endpoint's origin) and contact `subject`, expiring at `exp`,
    /// which must be after `now` and no more than 24 hours later.
    pub fn parse(audience: &str, subject: &str, exp: DateTime<Utc>, now: DateTime<Utc>) -> Result<Self, VapidError> {
        if origin(audience) != Some(audience) {
            return Err(VapidError::Audience);
        }
        if !(subject.starts_with("mailto:") || subject.starts_with("https://")) || subject.len() < 10 {
            return Err(VapidError::Subject);
        }
        if exp <= now || exp - now > Duration::hours(24) {
            return Err(VapidError::Expiry);
        }
        Ok(VapidClaims { aud: audience.to_owned(), exp: exp.timestamp(), sub: subject.to_owned() })
    }

    /// Claims for sending to `to`, valid for [`TOKEN_LIFETIME`] from `now`.
    pub fn for_subscription(to: &Subscription, subject: &str, now: DateTime<Utc>) -> Result<Self, VapidError> {
        VapidClaims::parse(to.audience(), subject, now + TOKEN_LIFETIME, now)
    }

    /// The push service's origin.
    pub fn audience(&self) -> &str {
        &self.aud
    }

    /// Expiry, seconds since the epoch.
    pub fn expires(&self) -> i64 {
        self.exp
    }

    /// The sender's contact.
    pub fn subject(&self) -> &str {
        &self.sub
    }
}

/// The application server's signing key (a wrangler secret, base64url of the 32-octet scalar).
#[derive(Clone)]
pub struct VapidKey {
    key: SigningKey,
}

impl VapidKey {
    /// Reads the private scalar.
    pub fn from_bytes(bytes: &[u8]) -> Result<VapidKey, VapidError> {
        SigningKey::from_slice(bytes).map(|key| VapidKey { key }).map_err(|_| VapidError::Key)
    }

    /// Reads the private scalar from base64url.
    pub fn parse(text: &str) -> Result<VapidKey, VapidError> {
        VapidKey::from_bytes(&from_b64url(text).ok_or(VapidError::Key)?)
    }

    /// A key derived from `secret` (the deployment's `APP_SECRET`), for local development where
    /// no `VAPID_PRIVATE_KEY` was generated: SHA-256 of a label and the secret, counted up
    /// until it is a valid scalar (the first almost always is). Deterministic, so a restarted
    /// dev server keeps its browsers' subscriptions valid.
    pub fn derive_for_development(secret: &str) -> VapidKey {
        use sha2::{Digest, Sha256};
        (0u32..)
            .find_map(|n| {
                let digest =
                    Sha256::new().chain_update(b"edgemall vapid").chain_update(n.to_be_bytes()).chain_update(secret);
                VapidKey::from_bytes(&digest.finalize()).ok()
            })
            .unwrap_or_else(|| unreachable!("a valid scalar turns up"))
    }

    /// The public key as the app passes it to `pushManager.subscribe` (`applicationServerKey`)
    /// and as `k=` carries it: base64url of the uncompressed point.
    pub fn public_key(&self) -> String {
        b64url(self.key.verifying_key().to_encoded_point(false).as_bytes())
    }

    /// The signed JWT (`header.claims.signature`, ES256 as the 64-octet `r || s`).
    pub fn token(&self, claims: &VapidClaims) -> String {
        // Three strings and an integer always serialize.
        let json = serde_json::to_string(claims).unwrap_or_default();
        let input = format!("{}.{}", b64url(HEADER.as_bytes()), b64url(json.as_bytes()));
        let signature: Signature = self.key.sign(input.as_bytes());
        format!("{input}.{}", b64url(&signature.to_bytes()))
    }

    /// The `Authorization` header value: `vapid t=<jwt>, k=<public key>`.
    pub fn authorization(&self, claims: &VapidClaims) -> String {
        format!("vapid t={}, k={}", self.token(claims), self.public_key())
    }
}

/// Checks an `Authorization: vapid …` header as a push service does: the token's signature with
/// the key `k`, its header; returns its claims (whose expiry the caller compares with its clock).
pub fn verify_authorization(header: &str) -> Result<VapidClaims, VapidError> {
    let rest = header.trim().strip_prefix("vapid ").ok_or(VapidError::Malformed)?;
    let (mut token, mut key) = (None, None);
    for part in rest.split(',').map(str::trim) {
        match part.split_once('=') {
            Some(("t", v)) => token = Some(v),
            Some(("k", v)) => key = Some(v),
            _ => return Err(VapidError::Malformed),
        }
    }
    let (token, key) = token.zip(key).ok_or(VapidError::Malformed)?;
    let point = from_b64url(key).ok_or(VapidError::Malformed)?;
    let key = VerifyingKey::from_sec1_bytes(&point).map_err(|_| VapidError::Malformed)?;
    let (input, signature) = token.rsplit_once('.').ok_or(VapidError::Malformed)?;
    let (head, claims) = input.split_once('.').ok_or(VapidError::Malformed)?;
    let head: serde_json::Value =
        from_b64url(head).and_then(|h| serde_json::from_slice(&h).ok()).ok_or(VapidError::Malformed)?;
    if head.get("alg").and_then(|a| a.as_str()) != Some("ES256") {
        return Err(VapidError::Malformed);
    }
    let signature = from_b64url(signature).ok_or(VapidError::Malformed)?;
    let signature = Signature::from_slice(&signature).map_err(|_| VapidError::Malformed)?;
    key.verify(input.as_bytes(), &signature).map_err(|_| VapidError::Signature)?;
    from_b64url(claims).and_then(|c| serde_json::from_slice(&c).ok()).ok_or(VapidError::Malformed)
}
