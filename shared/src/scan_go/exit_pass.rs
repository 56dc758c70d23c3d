//! The exit pass: what a scan-and-go customer shows at the store's exit after paying. Its code
//! carries the order's pickup number (to look the order up) and the pass's expiry, followed by
//! eight digits of HMAC over the order, its store, that number and the expiry, so it can be
//! neither guessed nor stretched. It is used once: the guide's check hands the order over.

use crate::api::ExitPassView;
use crate::ids::{IdError, OrderId, StoreId};
use crate::keys::{constant_time_eq, mac};
use chrono::{DateTime, Duration, Utc};

/// How long an exit pass lasts after the payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExitPassPolicy {
    valid_for: Duration,
}

impl ExitPassPolicy {
    /// The shop's rule: 30 minutes from payment to the exit.
    pub fn standard() -> Self {
        ExitPassPolicy { valid_for: Duration::minutes(30) }
    }
}

const TAG_DIGITS: usize = 8;
const EXPIRY_DIGITS: usize = 10;

/// The exit pass of one paid scan-and-go order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExitPass {
    order: OrderId,
    store: StoreId,
    pickup_no: u64,
    expires_at: DateTime<Utc>,
}

/// Why a paid order's pass could not be made from its stored row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PassError {
    /// The order has no pickup number or no payment time (a fault on our side).
    #[error("paid order {0} lacks its pickup number")]
    Unnumbered(String),
    /// Its store is not a store id (a fault on our side).
    #[error("{0}")]
    Store(IdError),
    /// Its id is not an order id (404).
    #[error("no order {0}")]
    Order(String),
}

impl ExitPass {
    /// The pass of the paid order `order` as stored: its store, pickup number and payment
    /// time, checked in that order.
    pub fn of_paid(
        order: &str,
        store: &str,
        pickup_no: Option<i64>,
        paid_at: Option<DateTime<Utc>>,
        policy: &ExitPassPolicy,
    ) -> Result<ExitPass, PassError> {
        let (Some(pickup_no), Some(paid_at)) = (pickup_no, paid_at) else {
            return Err(PassError::Unnumbered(order.to_owned()));
        };
        let store = StoreId::parse(store).map_err(PassError::Store)?;
        let order = OrderId::parse(order).map_err(|_| PassError::Order(order.to_owned()))?;
        Ok(ExitPass::issue(order, store, pickup_no.max(0) as u64, paid_at, policy))
    }

    /// The pass as the member's app shows it, its code signed with `key`.
    pub fn view(&self, key: &[u8]) -> ExitPassView {
        ExitPassView { code: self.code(key), expires_at: self.expires_at() }
    }

    /// The pass of `order` (in `store`, with its pickup number), paid at `paid_at`. The same
    /// order always gets the same pass, so a repeated checkout shows the same code.
    pub fn issue(
        order: OrderId,
        store: StoreId,
        pickup_no: u64,
        paid_at: DateTime<Utc>,
        policy: &ExitPassPolicy,
    ) -> Self {
        // Whole seconds: the code carries the expiry in seconds.
        let expires_at = DateTime::from_timestamp((paid_at + policy.valid_for).timestamp(), 0).unwrap_or(paid_at);
        ExitPass { order, store, pickup_no, expires_at }
    }

    /// When the pass stops working.
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.expires_at
    }

    /// The code shown as a QR: pickup number, expiry (Unix seconds), tag; digits only.
    pub fn code(&self, key: &[u8]) -> String {
        let expiry = self.expires_at.timestamp().max(0) as u64;
        format!("{:06}{expiry:010}{:08}", self.pickup_no, tag(key, &self.order, &self.store, self.pickup_no, expiry))
    }
}

fn tag(key: &[u8], order: &OrderId, store: &StoreId, pickup_no: u64, expiry: u64) -> u64 {
    let m = mac(
        key,
        &[
            b"exit-pass",
            order.as_str().as_bytes(),
            store.as_str().as_bytes(),
            &pickup_no.to_be_bytes(),
            &expiry.to_be_bytes(),
        ],
    );
    u64::from_be_bytes([0, 0, 0, m[0], m[1], m[2], m[3], m[4]]) % 10u64.pow(TAG_DIGITS as u32)
}

/// A scanned code shaped like an exit pass (not yet known to be genuine).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScannedPass {
    digits: String,
    pickup_no: u64,
    expiry: u64,
}

/// Why an exit pass does not let the customer out.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExitPassError {
    /// Not a pass this shop issued (forged, mistyped, or for no order).
    #[error("this is not a valid exit pass")]
    NotFound,
    /// A genuine pass of another store.
    #[error("this pass is for store {store}")]
    WrongStore {
        /// The store the order was bought in.
        store: String,
    },
    /// Already checked at the exit once.
    #[error("this exit pass was already used")]
    AlreadyUsed,
    /// Past its expiry.
    #[error("this exit pass has expired; ask the customer to see a guide")]
    Expired,
}

impl From<ExitPassError> for crate::ApiError {
    fn from(e: ExitPassError) -> crate::ApiError {
        use crate::ErrorCode as E;
        let code = match e {
            ExitPassError::NotFound => E::NotFound,
            ExitPassError::WrongStore { .. } => E::WrongStore,
            ExitPassError::AlreadyUsed => E::AlreadyUsed,
            ExitPassError::Expired => E::CodeExpired,
        };
        crate::ApiError::new(code, e.to_string())
    }
}

impl ScannedPass {
    /// Reads a typed or scanned code (spaces ignored); `None` when it is not shaped like a pass.
    pub fn read(code: &str) -> Option<ScannedPass> {
        let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        let fixed = TAG_DIGITS + EXPIRY_DIGITS;
        if !(fixed + 6..=fixed + 12).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let split = digits.len() - fixed;
        let pickup_no = digits[..split].parse().ok()?;
        let expiry = digits[split..split + EXPIRY_DIGITS].parse().ok()?;
        Some(ScannedPass { digits, pickup_no, expiry })
    }

    /// The pickup number the code claims, to look its order up.
    pub fn pickup_no(&self) -> u64 {
        self.pickup_no
    }

    /// Decides at the exit of `staff_store` whether this code is the genuine, unused, unexpired
    /// pass of `order` (bought in `order_store`; `used` once it has been handed over). The
    /// checks go from "is it ours" to "is it now", so a forged code never learns more.
    pub fn check(
        &self,
        key: &[u8],
        order: &OrderId,
        order_store: &StoreId,
        used: bool,
        staff_store: &StoreId,
        now: DateTime<Utc>,
    ) -> Result<(), ExitPassError> {
        let expected = format!(
            "{:06}{:010}{:08}",
            self.pickup_no,
            self.expiry,
            tag(key, order, order_store, self.pickup_no, self.expiry)
        );
        if !constant_time_eq(expected.as_bytes(), self.digits.as_bytes()) {
            return Err(ExitPassError::NotFound);
        }
        if order_store != staff_store {
            return Err(ExitPassError::WrongStore { store: order_store.to_string() });
        }
        if used {
            return Err(ExitPassError::AlreadyUsed);
        }
        if now.timestamp() >= self.expiry as i64 {
            return Err(ExitPassError::Expired);
        }
        Ok(())
    }
}
