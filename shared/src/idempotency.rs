//! `Idempotency-Key`: one parse, one scope, one rule for every endpoint that takes the header.
//!
//! A key belongs to its caller (a member or a staff member) **and** to the endpoint it was sent
//! to. The same key from another caller is a different request: it never returns, copies or
//! reveals the first caller's result, because everything derived from a key (order ids, claim
//! keys, stock references) is derived from its [`Scope`], never from the bare key. The same
//! caller sending the same key with a different body is refused with `IDEMPOTENCY_MISMATCH`:
//! the first request's body is remembered by its [`fingerprint`].

use crate::keys::mac;
use std::fmt;

/// The most characters a key may have (contract: `Idempotency-Key: <string ≤ 64>`).
pub const MAX_KEY_LEN: usize = 64;

/// A client's idempotency key: 1 to 64 visible ASCII characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

/// Why a header value is not a key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Empty (or only spaces).
    #[error("must not be empty")]
    Empty,
    /// Longer than [`MAX_KEY_LEN`].
    #[error("must be at most 64 characters")]
    TooLong,
    /// Spaces, control characters or non-ASCII.
    #[error("must be visible ASCII characters (letters, digits, punctuation)")]
    BadCharacter,
}

impl IdempotencyKey {
    /// Reads a header value (surrounding spaces are ignored).
    pub fn parse(text: &str) -> Result<IdempotencyKey, KeyError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(KeyError::Empty);
        }
        if text.len() > MAX_KEY_LEN {
            return Err(KeyError::TooLong);
        }
        if !text.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(KeyError::BadCharacter);
        }
        Ok(IdempotencyKey(text.to_owned()))
    }

    /// The key as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who sent a key, as the scope names them: `member:M10000001` or `staff:G1001`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Caller(String);

impl Caller {
    /// A member caller.
    pub fn member(id: &str) -> Caller {
        Caller(format!("member:{id}"))
    }
    /// A staff caller.
    pub fn staff(id: &str) -> Caller {
        Caller(format!("staff:{id}"))
    }
    /// `kind:id`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A key in its scope: (caller, endpoint, key). Two scopes are the same request only when all
/// three agree.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Scope {
    caller: Caller,
    endpoint: &'static str,
    key: IdempotencyKey,
}

impl Scope {
    /// The scope of `key` sent by `caller` to `endpoint` (a stable endpoint name).
    pub fn new(caller: Caller, endpoint: &'static str, key: IdempotencyKey) -> Scope {
        Scope { caller, endpoint, key }
    }

    /// The caller.
    pub fn caller(&self) -> &Caller {
        &self.caller
    }

    /// The endpoint's name.
    pub fn endpoint(&self) -> &'static str {
        self.endpoint
    }

    /// The key as sent.
    pub fn key(&self) -> &IdempotencyKey {
        &self.key
    }

    /// A reference naming this request, for objects that dedupe by reference
    /// (`endpoint:caller:key`). Different callers or endpoints never share one.
    pub fn reference(&self) -> String {
        format!("{}:{}:{}", self.endpoint, self.caller.0, self.key.0)
    }
}

/// The request's fingerprint: its path (which names what it acts on, e.g. the campaign of a
/// claim) and its body. A JSON body is compared by value (key order and spacing do not
/// matter), anything else byte for byte.
pub fn fingerprint(path: &str, body: &[u8]) -> String {
    let canonical = match serde_json::from_slice::<serde_json::Value>(body) {
        // serde_json's maps are ordered by key, so equal values print the same text.
        Ok(value) => value.to_string().into_bytes(),
        Err(_) => body.to_vec(),
    };
    crate::ids::base32(&mac(b"edgemall/idempotency-request", &[path.as_bytes(), &canonical]))
}

/// What to do with a request whose scope was seen before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seen {
    /// Never seen: run it.
    First,
    /// Seen with the same body: run it again (every keyed operation is idempotent on its scope,
    /// so this returns the first request's result without doing anything twice).
    Repeat,
    /// Seen with another body: `409 IDEMPOTENCY_MISMATCH`.
    Mismatch,
}

/// Compares a request's fingerprint with the one remembered for its scope, if any.
pub fn judge(remembered: Option<&str>, fingerprint: &str) -> Seen {
    match remembered {
        None => Seen::First,
        Some(f) if crate::keys::constant_time_eq(f.as_bytes(), fingerprint.as_bytes()) => Seen::Repeat,
        Some(_) => Seen::Mismatch,
    }
}

/// Whether an answer with `status` settles what the key means. Only a success did something;
/// a refusal changed nothing (400, 401, 403, 404, 409, 422, 429) and a failure on our side
/// (5xx) is finished by a retry, so either is forgotten and the caller may correct the request
/// and send it again under the same key.
pub fn remember_after(status: u16) -> bool {
    (200..300).contains(&status)
}

/// What a member of staff creates under an `Idempotency-Key`, named by an id derived from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Created {
    /// A flash sale (`FS…`).
    FlashSale,
    /// A coupon campaign (`CP…`).
    Campaign,
}

/// The id of what `staff` creates with `key`: the kind's prefix and the base32 of a MAC (under
/// the deployment's id key) over the kind, the staff member and the key. A retry names the
/// same thing; another member of staff's identical key names another.
pub fn created_id(id_key: &[u8], what: Created, staff: &str, key: &IdempotencyKey) -> String {
    let (purpose, prefix): (&[u8], &str) = match what {
        Created::FlashSale => (b"sale", "FS"),
        Created::Campaign => (b"campaign", "CP"),
    };
    let digest = mac(id_key, &[purpose, staff.as_bytes(), key.as_str().as_bytes()]);
    format!("{prefix}{}", crate::ids::base32(&digest[..8]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> IdempotencyKey {
        IdempotencyKey::parse(s).unwrap()
    }

    #[test]
    fn created_ids_are_the_same_for_a_retry_and_differ_by_staff_kind_and_key() {
        let sale = created_id(b"k", Created::FlashSale, "G1", &key("abc"));
        assert_eq!(sale, created_id(b"k", Created::FlashSale, "G1", &key("abc")));
        let digest = mac(b"k", &[b"sale", b"G1", b"abc"]);
        assert_eq!(sale, format!("FS{}", crate::ids::base32(&digest[..8])));
        let campaign = created_id(b"k", Created::Campaign, "G1", &key("abc"));
        let digest = mac(b"k", &[b"campaign", b"G1", b"abc"]);
        assert_eq!(campaign, format!("CP{}", crate::ids::base32(&digest[..8])));
        assert_eq!((sale.len(), campaign.len()), (15, 15));
        assert_ne!(sale, created_id(b"k", Created::FlashSale, "G2", &key("abc")));
        assert_ne!(sale, created_id(b"k", Created::FlashSale, "G1", &key("abd")));
        assert_ne!(sale, created_id(b"other", Created::FlashSale, "G1", &key("abc")));
        assert!(crate::ids::SaleId::parse(&sale).is_ok());
    }

    #[test]
    fn keys_are_one_to_64_visible_ascii_characters() {
        assert_eq!(key(" abc-1 ").as_str(), "abc-1");
        assert_eq!(IdempotencyKey::parse(""), Err(KeyError::Empty));
        assert_eq!(IdempotencyKey::parse("   "), Err(KeyError::Empty));
        assert_eq!(IdempotencyKey::parse(&"k".repeat(65)), Err(KeyError::TooLong));
        assert!(IdempotencyKey::parse(&"k".repeat(64)).is_ok());
        assert_eq!(IdempotencyKey::parse("a b"), Err(KeyError::BadCharacter));
        assert_eq!(IdempotencyKey::parse("键"), Err(KeyError::BadCharacter));
    }

    #[test]
    fn a_key_is_scoped_to_its_caller_and_endpoint() {
        let a = Scope::new(Caller::member("M1"), "claim", key("k1"));
        let b = Scope::new(Caller::member("M2"), "claim", key("k1"));
        let c = Scope::new(Caller::member("M1"), "order", key("k1"));
        let s = Scope::new(Caller::staff("M1"), "claim", key("k1"));
        assert_ne!(a.reference(), b.reference());
        assert_ne!(a.reference(), c.reference());
        assert_ne!(a.reference(), s.reference(), "a member and a staff member with the same id differ");
        assert_eq!(a.reference(), Scope::new(Caller::member("M1"), "claim", key("k1")).reference());
    }

    #[test]
    fn json_bodies_compare_by_value_and_the_path_counts() {
        let a = fingerprint("/api/orders", br#"{"sku":"SKU-1","qty":1}"#);
        assert_eq!(a, fingerprint("/api/orders", br#"{ "qty": 1, "sku": "SKU-1" }"#));
        assert_ne!(a, fingerprint("/api/orders", br#"{"sku":"SKU-1","qty":2}"#));
        assert_eq!(fingerprint("/p", b""), fingerprint("/p", b""));
        assert_ne!(fingerprint("/p", b"a,b"), fingerprint("/p", b"a,c"));
        assert_ne!(
            fingerprint("/api/coupon-campaigns/A/claim", b""),
            fingerprint("/api/coupon-campaigns/B/claim", b"")
        );
    }

    #[test]
    fn same_body_repeats_and_another_body_mismatches() {
        let f = fingerprint("/p", b"{}");
        assert_eq!(judge(None, &f), Seen::First);
        assert_eq!(judge(Some(&f), &f), Seen::Repeat);
        assert_eq!(judge(Some(&fingerprint("/p", b"[]")), &f), Seen::Mismatch);
    }

    #[test]
    fn only_outcomes_that_settle_something_are_remembered() {
        for s in [200, 201, 204] {
            assert!(remember_after(s), "{s}");
        }
        for s in [400, 401, 403, 404, 409, 413, 422, 429, 500, 503] {
            assert!(!remember_after(s), "{s}");
        }
    }
}
