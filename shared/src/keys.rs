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

/// Compares two byte strings in time independent of where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
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
}
