//! The API's error vocabulary: one code per outcome a client can act on, each with its HTTP
//! status, mapped in exactly one place ([`ErrorCode::status`]).

use serde::{Deserialize, Serialize};

/// Every error code the API can answer with (`{"error":{"code":"SOLD_OUT",…}}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// Malformed JSON, wrong types, unparsable parameters.
    BadRequest,
    /// No token, or a token that is expired, tampered with or revoked.
    Unauthenticated,
    /// Signed in, but not allowed to do this.
    Forbidden,
    /// A member token where a staff token is needed, or the other way round.
    WrongRole,
    /// Staff of one store acting on another store's things.
    WrongStore,
    /// No such thing (or not yours).
    NotFound,
    /// The path exists, the method does not.
    MethodNotAllowed,
    /// The request body is too large.
    TooLarge,
    /// Well-formed but breaks a rule; the message names the field.
    Invalid,
    /// Too many requests; see `Retry-After`.
    RateLimited,
    /// Phone number already registered.
    PhoneTaken,
    /// Wrong phone/staff number or password.
    BadCredentials,
    /// A member code was already used.
    CodeUsed,
    /// A member code is too old.
    CodeExpired,
    /// The physical card is linked to another member.
    CardLinkedElsewhere,
    /// Nothing left to sell.
    SoldOut,
    /// Fewer units left than asked for.
    InsufficientStock,
    /// Over the per-member limit.
    LimitExceeded,
    /// The member already holds the most unpaid orders allowed at once.
    TooManyPending,
    /// The flash sale has not started or has ended.
    SaleNotLive,
    /// The coupon cannot be used on this order.
    CouponNotApplicable,
    /// The order's stock lock ran out before payment.
    LockExpired,
    /// Not enough stored value.
    InsufficientBalance,
    /// The order is already paid.
    AlreadyPaid,
    /// The order was already collected.
    AlreadyPickedUp,
    /// A one-time pass (a scan-and-go exit pass) was already used.
    AlreadyUsed,
    /// The order is not paid yet.
    NotPaid,
    /// Same idempotency key, different request.
    IdempotencyMismatch,
    /// Another guide of the store looks after this customer.
    BoundElsewhere,
    /// The goods were collected too long ago to come back.
    ReturnWindowClosed,
    /// A guide may not do this alone: it needs a manager's sign-in (a large refund).
    NeedsManager,
    /// The thing is in a state that does not allow this.
    Conflict,
    /// Something failed on our side; never used for anything a client sent.
    Internal,
    /// A dependency (storage, an object) did not answer.
    Unavailable,
    /// The flash sale (or campaign) is over: it can no longer be cancelled or changed.
    AlreadyEnded,
    /// The staff number belongs to someone already.
    StaffNoTaken,
    /// A transfer between stores that was already received.
    AlreadyReceived,
    /// A reward costs more points than the member holds.
    InsufficientPoints,
    /// The reward is not in the catalogue any more.
    RewardUnavailable,
    /// The reward is for a higher tier.
    TierTooLow,
    /// A handover's receiving guide is disabled, of another store, or not a guide.
    GuideUnavailable,
    /// The member already opened this red envelope.
    AlreadyOpened,
    /// Every share of the red envelope has been opened.
    Empty,
    /// The buyer's own red envelope is for passing on.
    OwnEnvelope,
    /// The red envelope was taken back: its order was returned.
    EnvelopeWithdrawn,
    /// The order's units are still on their way from another store.
    NotArrived,
}

impl ErrorCode {
    /// Every code, for exhaustive checks and documentation.
    pub const ALL: [ErrorCode; 46] = {
        use ErrorCode::*;
        [
            BadRequest,
            Unauthenticated,
            Forbidden,
            WrongRole,
            WrongStore,
            NotFound,
            MethodNotAllowed,
            TooLarge,
            Invalid,
            RateLimited,
            PhoneTaken,
            BadCredentials,
            CodeUsed,
            CodeExpired,
            CardLinkedElsewhere,
            SoldOut,
            InsufficientStock,
            LimitExceeded,
            TooManyPending,
            SaleNotLive,
            CouponNotApplicable,
            LockExpired,
            InsufficientBalance,
            AlreadyPaid,
            AlreadyPickedUp,
            AlreadyUsed,
            NotPaid,
            IdempotencyMismatch,
            BoundElsewhere,
            ReturnWindowClosed,
            NeedsManager,
            Conflict,
            Internal,
            Unavailable,
            AlreadyEnded,
            StaffNoTaken,
            AlreadyReceived,
            InsufficientPoints,
            RewardUnavailable,
            TierTooLow,
            GuideUnavailable,
            AlreadyOpened,
            Empty,
            OwnEnvelope,
            EnvelopeWithdrawn,
            NotArrived,
        ]
    };

    /// The HTTP status that goes with the code.
    pub fn status(self) -> u16 {
        use ErrorCode::*;
        match self {
            BadRequest => 400,
            Unauthenticated | BadCredentials => 401,
            Forbidden | WrongRole | WrongStore | NeedsManager | TierTooLow => 403,
            NotFound => 404,
            MethodNotAllowed => 405,
            TooLarge => 413,
            Invalid => 422,
            RateLimited => 429,
            PhoneTaken | CodeUsed | CodeExpired | CardLinkedElsewhere | SoldOut | InsufficientStock | LimitExceeded
            | TooManyPending | SaleNotLive | CouponNotApplicable | LockExpired | InsufficientBalance | AlreadyPaid
            | AlreadyPickedUp | AlreadyUsed | NotPaid | IdempotencyMismatch | BoundElsewhere | ReturnWindowClosed
            | Conflict | AlreadyEnded | StaffNoTaken | AlreadyReceived | InsufficientPoints | RewardUnavailable
            | GuideUnavailable | AlreadyOpened | Empty | OwnEnvelope | EnvelopeWithdrawn | NotArrived => 409,
            Internal => 500,
            Unavailable => 503,
        }
    }

    /// The code as it appears on the wire, e.g. `SOLD_OUT`.
    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            BadRequest => "BAD_REQUEST",
            Unauthenticated => "UNAUTHENTICATED",
            Forbidden => "FORBIDDEN",
            WrongRole => "WRONG_ROLE",
            WrongStore => "WRONG_STORE",
            NotFound => "NOT_FOUND",
            MethodNotAllowed => "METHOD_NOT_ALLOWED",
            TooLarge => "TOO_LARGE",
            Invalid => "INVALID",
            RateLimited => "RATE_LIMITED",
            PhoneTaken => "PHONE_TAKEN",
            BadCredentials => "BAD_CREDENTIALS",
            CodeUsed => "CODE_USED",
            CodeExpired => "CODE_EXPIRED",
            CardLinkedElsewhere => "CARD_LINKED_ELSEWHERE",
            SoldOut => "SOLD_OUT",
            InsufficientStock => "INSUFFICIENT_STOCK",
            LimitExceeded => "LIMIT_EXCEEDED",
            TooManyPending => "TOO_MANY_PENDING",
            SaleNotLive => "SALE_NOT_LIVE",
            CouponNotApplicable => "COUPON_NOT_APPLICABLE",
            LockExpired => "LOCK_EXPIRED",
            InsufficientBalance => "INSUFFICIENT_BALANCE",
            AlreadyPaid => "ALREADY_PAID",
            AlreadyPickedUp => "ALREADY_PICKED_UP",
            AlreadyUsed => "ALREADY_USED",
            NotPaid => "NOT_PAID",
            IdempotencyMismatch => "IDEMPOTENCY_MISMATCH",
            BoundElsewhere => "BOUND_ELSEWHERE",
            ReturnWindowClosed => "RETURN_WINDOW_CLOSED",
            NeedsManager => "NEEDS_MANAGER",
            Conflict => "CONFLICT",
            Internal => "INTERNAL",
            Unavailable => "UNAVAILABLE",
            AlreadyEnded => "ALREADY_ENDED",
            StaffNoTaken => "STAFF_NO_TAKEN",
            AlreadyReceived => "ALREADY_RECEIVED",
            InsufficientPoints => "INSUFFICIENT_POINTS",
            RewardUnavailable => "REWARD_UNAVAILABLE",
            TierTooLow => "TIER_TOO_LOW",
            GuideUnavailable => "GUIDE_UNAVAILABLE",
            AlreadyOpened => "ALREADY_OPENED",
            Empty => "EMPTY",
            OwnEnvelope => "OWN_ENVELOPE",
            EnvelopeWithdrawn => "ENVELOPE_WITHDRAWN",
            NotArrived => "NOT_ARRIVED",
        }
    }
}

/// An error as the API sends it: `{"error":{"code":"…","message":"…"}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{} ({})", .error.message, .error.code.as_str())]
pub struct ApiError {
    /// The one field of the envelope.
    pub error: ErrorBody,
}

/// The inside of [`ApiError`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What happened, for programs.
    pub code: ErrorCode,
    /// What happened, for people.
    pub message: String,
}

impl ApiError {
    /// An error with a code and a human message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError { error: ErrorBody { code, message: message.into() } }
    }
    /// The error's code.
    pub fn code(&self) -> ErrorCode {
        self.error.code
    }
    /// The HTTP status to send.
    pub fn status(&self) -> u16 {
        self.error.code.status()
    }
    /// 400 `BAD_REQUEST`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }
    /// 422 `INVALID`; the message should name the field.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Invalid, message)
    }
    /// 404 `NOT_FOUND`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_envelope_matches_the_contract() {
        let e = ApiError::new(ErrorCode::SoldOut, "nothing left");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"error":{"code":"SOLD_OUT","message":"nothing left"}})
        );
        assert_eq!(e.status(), 409);
    }

    #[test]
    fn wire_names_agree_with_serde() {
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(code.as_str()));
            let s = code.status();
            assert!((400..600).contains(&s), "{code:?}");
            // Only our own failures are 5xx.
            assert_eq!(s >= 500, matches!(code, ErrorCode::Internal | ErrorCode::Unavailable), "{code:?}");
        }
    }
}
