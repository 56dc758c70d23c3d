//! The server's secret and the keys derived from it. One secret (`APP_SECRET`, a wrangler
//! secret) is set per deployment; each purpose gets its own key, HMAC-derived, so a key leaked
//! from one use cannot forge another.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// HMAC-SHA256 of `parts`, each length-prefixed so `("ab","c")` and `("a","bc")` differ.
pub fn mac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail.
    let mut m =
        <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    for p in parts {
        m.update(&(p.len() as u32).to_be_bytes());
        m.update(p);
    }
    m.finalize().into_bytes().into()
}

/// Compares two byte strings in time independent of their contents (only their lengths, which
/// are public, may end it early). Every comparison of a token, signature, MAC, code or tag goes
/// through here: `subtle` keeps the optimiser from turning it back into an early-exit loop.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// [`constant_time_eq`] for two numbers (check digits and short tags read as integers).
pub fn constant_time_eq_u32(a: u32, b: u32) -> bool {
    constant_time_eq(&a.to_be_bytes(), &b.to_be_bytes())
}

/// The development values of the deployment's secrets, published in `edge/.dev.vars.example`:
/// anyone can read them, so a deployment using one has no secret at all.
pub const DEVELOPMENT_SECRETS: [(&str, &str); 2] =
    [("APP_SECRET", "dev-only-secret-change-me-0123456789abcdef"), ("GATEWAY_KEY", "dev-only-gateway-key-0123456789")];

/// The shortest value each production secret may have (`APP_SECRET` derives every key;
/// `GATEWAY_KEY` is shared with the payment gateway).
pub const MIN_SECRET_LEN: [(&str, usize); 2] = [("APP_SECRET", 32), ("GATEWAY_KEY", 16)];

/// Why a production build refuses a secret setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UnsafeSecret {
    /// The setting is absent or empty.
    #[error("is not set")]
    Missing,
    /// The setting is a published development value (or looks like one: `dev-only-…`).
    #[error("is the published development value")]
    Development,
    /// The setting is shorter than its minimum.
    #[error("is shorter than {0} characters")]
    TooShort(usize),
}

/// Checks the value of the production secret `name` (see [`DEVELOPMENT_SECRETS`] and
/// [`MIN_SECRET_LEN`]); never echoes the value in its error.
pub fn check_production_secret(name: &str, value: Option<&str>) -> Result<(), UnsafeSecret> {
    let value = value.map(str::trim).filter(|v| !v.is_empty()).ok_or(UnsafeSecret::Missing)?;
    let published =
        DEVELOPMENT_SECRETS.iter().any(|(n, dev)| *n == name && constant_time_eq(dev.as_bytes(), value.as_bytes()));
    if published || value.starts_with("dev-only-") {
        return Err(UnsafeSecret::Development);
    }
    match MIN_SECRET_LEN.iter().find(|(n, _)| *n == name) {
        Some((_, min)) if value.len() < *min => Err(UnsafeSecret::TooShort(*min)),
        _ => Ok(()),
    }
}

/// Why a secret was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the secret must be at least 32 characters")]
pub struct WeakSecret;

/// The per-purpose keys of one deployment.
#[derive(Clone)]
pub struct Keys {
    /// Signs session tokens.
    pub token: [u8; 32],
    /// Authenticates dynamic member codes.
    pub member_code: [u8; 32],
    /// Authenticates pickup codes.
    pub pickup: [u8; 32],
    /// Derives order ids from idempotency keys.
    pub order_id: [u8; 32],
    /// Seals plastic cards' scratch codes at rest.
    pub card_code: [u8; 32],
    /// Tags staff promoter codes (`shared::promoter`).
    pub promoter: [u8; 32],
    /// Derives red envelopes' split seeds (`shared::red_envelope::seed_for`).
    pub red_envelope: [u8; 32],
}

impl Keys {
    /// Derives the keys from the deployment secret.
    pub fn derive(secret: &str) -> Result<Keys, WeakSecret> {
        if secret.len() < 32 {
            return Err(WeakSecret);
        }
        let k = |purpose: &str| mac(secret.as_bytes(), &[b"edgemall/v1", purpose.as_bytes()]);
        Ok(Keys {
            token: k("session-token"),
            member_code: k("member-code"),
            pickup: k("pickup-code"),
            order_id: k("order-id"),
            card_code: k("card-scratch-code"),
            promoter: k("promoter-code"),
            red_envelope: k("red-envelope-seed"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_secrets_are_refused_and_purposes_get_distinct_keys() {
        assert!(Keys::derive("short").is_err());
        let k = Keys::derive(&"s".repeat(32)).unwrap();
        assert_ne!(k.token, k.member_code);
        assert_ne!(k.pickup, k.order_id);
        assert_ne!(k.card_code, k.order_id);
        assert_ne!(k.promoter, k.red_envelope);
        let other = Keys::derive(&"t".repeat(32)).unwrap();
        assert_ne!(k.token, other.token);
    }

    #[test]
    fn parts_are_framed() {
        assert_ne!(mac(b"k", &[b"ab", b"c"]), mac(b"k", &[b"a", b"bc"]));
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }

    #[test]
    fn production_refuses_missing_published_and_short_secrets() {
        // The published values are exactly the ones in edge/.dev.vars.example.
        let example = include_str!("../../edge/.dev.vars.example");
        for (name, value) in DEVELOPMENT_SECRETS {
            assert!(example.contains(&format!("{name}=\"{value}\"")), "{name} differs from .dev.vars.example");
            assert_eq!(check_production_secret(name, Some(value)), Err(UnsafeSecret::Development));
            assert_eq!(check_production_secret(name, None), Err(UnsafeSecret::Missing));
            assert_eq!(check_production_secret(name, Some("  ")), Err(UnsafeSecret::Missing));
        }
        assert_eq!(check_production_secret("APP_SECRET", Some(&"x".repeat(31))), Err(UnsafeSecret::TooShort(32)));
        assert_eq!(
            check_production_secret("GATEWAY_KEY", Some("dev-only-anything-long")),
            Err(UnsafeSecret::Development)
        );
        assert_eq!(check_production_secret("APP_SECRET", Some(&"x".repeat(32))), Ok(()));
        assert_eq!(check_production_secret("GATEWAY_KEY", Some(&"g".repeat(16))), Ok(()));
        let text = UnsafeSecret::Development.to_string();
        assert!(!text.contains("dev-only"), "the message never carries the value: {text}");
    }

    #[test]
    fn constant_time_comparison_agrees_with_plain_equality() {
        let cases: [(&[u8], &[u8]); 6] =
            [(b"", b""), (b"", b"a"), (b"tag", b"tag"), (b"tag", b"tab"), (b"xag", b"tag"), (b"tag!", b"tag")];
        for (a, b) in cases {
            assert_eq!(constant_time_eq(a, b), a == b, "{a:?} vs {b:?}");
        }
        let m = mac(b"k", &[b"x"]);
        let mut forged = m;
        forged[31] ^= 1;
        assert!(constant_time_eq(&m, &mac(b"k", &[b"x"])));
        assert!(!constant_time_eq(&m, &forged));
        assert!(constant_time_eq_u32(123_456, 123_456));
        assert!(!constant_time_eq_u32(123_456, 123_457));
    }
}
