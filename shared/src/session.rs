//! Session tokens: `base64url(claims JSON) . base64url(HMAC-SHA256)`. They are signed with the
//! deployment's token key, carry their expiry, and name a session id so a session can be
//! revoked (sign-out) by marking it in storage. Member and staff tokens are different kinds.

use crate::keys::{constant_time_eq, mac};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Who a token speaks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A customer.
    Member,
    /// A guide or manager of one store.
    Staff,
}

/// A staff member's role, as D1 stores it and the API sends it (`guide`, `manager`). Head
/// office's `admin` (contract v2) will be a third variant: every `match` on a role then fails
/// to compile until it says what an admin may do, and D1's `CHECK` on `staff.role` widens with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Shop guide (导购).
    Guide,
    /// Store manager.
    Manager,
    /// Head office (总部): acts wherever a manager may, in every store.
    Admin,
}

impl StaffRole {
    /// Reads `guide` / `manager` / `admin`.
    pub fn parse(text: &str) -> Option<StaffRole> {
        match text {
            "guide" => Some(StaffRole::Guide),
            "manager" => Some(StaffRole::Manager),
            "admin" => Some(StaffRole::Admin),
            _ => None,
        }
    }
    /// `guide` / `manager` / `admin`.
    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Guide => "guide",
            StaffRole::Manager => "manager",
            StaffRole::Admin => "admin",
        }
    }
    /// Whether the role may do what a store manager does (create sales and campaigns, read the
    /// audit, approve large returns).
    pub fn manages(self) -> bool {
        match self {
            StaffRole::Manager | StaffRole::Admin => true,
            StaffRole::Guide => false,
        }
    }
    /// Whether the role may act for a store other than the one it belongs to: only head office.
    /// Guides and managers work for their own store.
    pub fn acts_for(self, home_store: &str, store: &str) -> bool {
        match self {
            StaffRole::Admin => true,
            StaffRole::Guide | StaffRole::Manager => home_store == store,
        }
    }
}

/// What a token says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Member or staff.
    pub kind: Kind,
    /// Member id or staff id.
    pub sub: String,
    /// Session id (revocable).
    pub sid: String,
    /// Expiry, seconds since the epoch.
    pub exp: i64,
    /// Staff only: the store they work in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store: Option<String>,
    /// Staff only: their role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<StaffRole>,
}

/// How long a session lasts: a member stays signed in for 30 days, staff for one 12-hour shift.
pub fn lifetime(kind: Kind) -> Duration {
    match kind {
        Kind::Member => Duration::days(30),
        Kind::Staff => Duration::hours(12),
    }
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a token at all.
    #[error("the token is malformed")]
    Malformed,
    /// Signed with another key, or altered.
    #[error("the token's signature is not valid")]
    BadSignature,
    /// Past its expiry.
    #[error("the token has expired")]
    Expired,
}

/// 401 `UNAUTHENTICATED`, telling an expired session (sign in again) from a token that is no
/// token of ours.
impl From<TokenError> for crate::ApiError {
    fn from(e: TokenError) -> crate::ApiError {
        let message = match e {
            TokenError::Expired => "the session has expired; sign in again",
            TokenError::Malformed | TokenError::BadSignature => "the token is not valid",
        };
        crate::ApiError::new(crate::ErrorCode::Unauthenticated, message)
    }
}

/// Signs claims into a token.
pub fn issue(claims: &Claims, key: &[u8]) -> String {
    let body = B64.encode(serde_json::to_vec(claims).unwrap_or_default());
    let sig = B64.encode(mac(key, &[b"token", body.as_bytes()]));
    format!("{body}.{sig}")
}

/// Checks a token's signature and expiry and returns its claims.
pub fn verify(token: &str, key: &[u8], now: DateTime<Utc>) -> Result<Claims, TokenError> {
    let (body, sig) = token.split_once('.').ok_or(TokenError::Malformed)?;
    let sig = B64.decode(sig).map_err(|_| TokenError::Malformed)?;
    if !constant_time_eq(&sig, &mac(key, &[b"token", body.as_bytes()])) {
        return Err(TokenError::BadSignature);
    }
    let claims: Claims =
        B64.decode(body).ok().and_then(|b| serde_json::from_slice(&b).ok()).ok_or(TokenError::Malformed)?;
    if now.timestamp() >= claims.exp {
        return Err(TokenError::Expired);
    }
    Ok(claims)
}

#[cfg(test)]
mod role_tests {
    use super::StaffRole;

    #[test]
    fn head_office_acts_for_every_store_and_others_for_their_own() {
        assert!(StaffRole::Admin.acts_for("S1", "S2"));
        assert!(StaffRole::Manager.acts_for("S1", "S1"));
        assert!(!StaffRole::Manager.acts_for("S1", "S2"));
        assert!(!StaffRole::Guide.acts_for("S2", "S1"));
        assert_eq!(
            [StaffRole::Guide, StaffRole::Manager, StaffRole::Admin].map(StaffRole::manages),
            [false, true, true]
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(secs, 0).single().unwrap()
    }
    fn claims() -> Claims {
        Claims { kind: Kind::Member, sub: "M10000001".into(), sid: "s1".into(), exp: 2_000, store: None, role: None }
    }

    #[test]
    fn refused_tokens_are_unauthenticated_and_say_whether_to_sign_in_again() {
        use crate::{ApiError, ErrorCode};
        let cases = [
            (TokenError::Expired, "the session has expired; sign in again"),
            (TokenError::Malformed, "the token is not valid"),
            (TokenError::BadSignature, "the token is not valid"),
        ];
        for (e, message) in cases {
            let api = ApiError::from(e);
            assert_eq!(
                (api.code(), api.status(), api.error.message.as_str()),
                (ErrorCode::Unauthenticated, 401, message)
            );
        }
    }

    #[test]
    fn a_token_verifies_until_it_expires() {
        let t = issue(&claims(), b"key");
        assert_eq!(verify(&t, b"key", at(1_999)), Ok(claims()));
        assert_eq!(verify(&t, b"key", at(2_000)), Err(TokenError::Expired));
    }

    #[test]
    fn tampered_or_foreign_tokens_are_refused() {
        let t = issue(&claims(), b"key");
        assert_eq!(verify(&t, b"other", at(0)), Err(TokenError::BadSignature));
        let mut forged = claims();
        forged.sub = "M10000002".into();
        let forged_body = issue(&forged, b"key").split('.').next().unwrap().to_owned();
        let sig = t.split('.').nth(1).unwrap();
        assert_eq!(verify(&format!("{forged_body}.{sig}"), b"key", at(0)), Err(TokenError::BadSignature));
        assert_eq!(verify("nonsense", b"key", at(0)), Err(TokenError::Malformed));
        assert_eq!(verify("a.!!!", b"key", at(0)), Err(TokenError::Malformed));
    }

    #[test]
    fn staff_claims_carry_store_and_role() {
        let c = Claims {
            kind: Kind::Staff,
            sub: "G1001".into(),
            sid: "s".into(),
            exp: 10,
            store: Some("S1".into()),
            role: Some(StaffRole::Guide),
        };
        let back = verify(&issue(&c, b"k"), b"k", at(0)).unwrap();
        assert_eq!(back.store.as_deref(), Some("S1"));
        assert_eq!(back.role, Some(StaffRole::Guide));
        assert_eq!(StaffRole::parse("manager"), Some(StaffRole::Manager));
        assert_eq!(StaffRole::parse("admin"), Some(StaffRole::Admin));
        assert!(lifetime(Kind::Staff) < lifetime(Kind::Member));
    }
}
