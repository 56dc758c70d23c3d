//! The sandbox payment gateway's asynchronous notification, modelled on WeChat Pay API v3.
//!
//! v3 notifies the merchant with a POST whose headers carry `Wechatpay-Timestamp`,
//! `Wechatpay-Nonce`, `Wechatpay-Serial` and `Wechatpay-Signature` over
//! `"{timestamp}\n{nonce}\n{body}\n"`. The real gateway signs with RSA and the platform
//! certificate; the sandbox signs the same message with HMAC-SHA256 and a key shared with the
//! merchant (`GATEWAY_KEY`). Verification refuses a wrong signature and a stale timestamp (a
//! replay window of 5 minutes); handling is idempotent on the payment id.

use crate::Fen;
use crate::keys::{constant_time_eq, mac};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How old a notification may be.
pub const REPLAY_WINDOW_SECS: i64 = 300;

/// The notification body (the decrypted `resource` of v3, flattened for the sandbox).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentNotice {
    /// Our payment id (v3's `out_trade_no`).
    pub out_trade_no: String,
    /// The gateway's transaction id.
    pub transaction_id: String,
    /// `SUCCESS`, `CLOSED`, `PAYERROR`…
    pub trade_state: String,
    /// Amount paid.
    pub amount_fen: Fen,
    /// When the payer paid.
    pub success_time: DateTime<Utc>,
}

/// The signature headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHeaders {
    /// `Wechatpay-Timestamp`, seconds.
    pub timestamp: i64,
    /// `Wechatpay-Nonce`.
    pub nonce: String,
    /// `Wechatpay-Signature`, base64.
    pub signature: String,
}

/// Why a notification was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    /// The signature does not match.
    #[error("the notification's signature is not valid")]
    BadSignature,
    /// Outside the replay window.
    #[error("the notification is too old or from the future")]
    Stale,
}

impl From<NoticeError> for crate::ApiError {
    fn from(e: NoticeError) -> crate::ApiError {
        crate::ApiError::new(crate::ErrorCode::Unauthenticated, e.to_string())
    }
}

fn message(timestamp: i64, nonce: &str, body: &str) -> String {
    format!("{timestamp}\n{nonce}\n{body}\n")
}

/// Signs a notification body (what the sandbox gateway does).
pub fn sign(key: &[u8], timestamp: i64, nonce: &str, body: &str) -> String {
    B64.encode(mac(key, &[b"wechatpay-v3-sandbox", message(timestamp, nonce, body).as_bytes()]))
}

/// Checks a notification's signature and age (what the merchant does).
pub fn verify(key: &[u8], headers: &SignatureHeaders, body: &str, now: DateTime<Utc>) -> Result<(), NoticeError> {
    let expected = sign(key, headers.timestamp, &headers.nonce, body);
    if !constant_time_eq(expected.as_bytes(), headers.signature.as_bytes()) {
        return Err(NoticeError::BadSignature);
    }
    if (now.timestamp() - headers.timestamp).abs() > REPLAY_WINDOW_SECS {
        return Err(NoticeError::Stale);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000, 0).single().unwrap()
    }

    #[test]
    fn refused_notifications_are_unauthenticated() {
        for e in [NoticeError::BadSignature, NoticeError::Stale] {
            let api = crate::ApiError::from(e);
            assert_eq!(
                (api.code(), api.status(), api.error.message),
                (crate::ErrorCode::Unauthenticated, 401, e.to_string())
            );
        }
    }

    #[test]
    fn a_signed_notice_verifies_and_an_altered_one_does_not() {
        let body = r#"{"out_trade_no":"P1","amount_fen":100}"#;
        let sig = sign(b"k", 1_800_000_000, "n1", body);
        let h = SignatureHeaders { timestamp: 1_800_000_000, nonce: "n1".into(), signature: sig };
        assert_eq!(verify(b"k", &h, body, now()), Ok(()));
        assert_eq!(verify(b"k", &h, &body.replace("100", "999"), now()), Err(NoticeError::BadSignature));
        assert_eq!(verify(b"other", &h, body, now()), Err(NoticeError::BadSignature));
        let replayed = now() + chrono::Duration::seconds(REPLAY_WINDOW_SECS + 1);
        assert_eq!(verify(b"k", &h, body, replayed), Err(NoticeError::Stale));
    }
}
