//! Returns across channels (跨渠道退货): goods bought online and collected in one store can be
//! brought back to the counter of any store of the chain within [`RETURN_DAYS`] of pickup. The
//! money goes back the way it came, the units join the receiving store's pool, and the spend
//! (and its points) is taken back.
//!
//! What a returned unit refunds is fixed once per order: each line's share of the coupon
//! discount is spread over its units ([`unit_refunds`]), so any sequence of partial returns adds
//! up to exactly what was paid, never a fen more.

use crate::Fen;
use crate::idempotency::IdempotencyKey;
use crate::ids::OrderId;
use crate::keys::mac;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Days after pickup in which goods come back without a reason (七天无理由退货).
pub const RETURN_DAYS: i64 = 7;

/// A line of a paid order as returns see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaidLine {
    /// Product.
    pub sku: String,
    /// Units bought.
    pub qty: u32,
    /// Unit price paid before the coupon.
    pub unit_price: Fen,
    /// Units already returned.
    pub returned: u32,
}

/// What each unit of each line refunds, in order: line `i` gets its subtotal less its share of
/// `discount` (shares proportional to line subtotals, remainders to the earliest lines), spread
/// over its units the same way. The whole adds up to subtotal − discount exactly.
pub fn unit_refunds(lines: &[PaidLine], discount: Fen) -> Vec<Vec<Fen>> {
    let subtotals: Vec<u64> = lines.iter().map(|l| l.unit_price.get() * u64::from(l.qty)).collect();
    let total: u64 = subtotals.iter().sum();
    let discount = discount.get().min(total);
    let shares = spread(discount, &subtotals);
    lines
        .iter()
        .zip(subtotals.iter().zip(shares))
        .map(|(l, (sub, share))| {
            let net = sub - share;
            let per_unit = vec![1u64; l.qty as usize];
            spread(net, &per_unit).into_iter().map(Fen::new).collect()
        })
        .collect()
}

/// Splits `amount` over `weights` proportionally; the fen left by rounding down go one each to
/// the first parts with weight.
fn spread(amount: u64, weights: &[u64]) -> Vec<u64> {
    let total: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    if total == 0 {
        return vec![0; weights.len()];
    }
    let mut parts: Vec<u64> = weights.iter().map(|w| (u128::from(amount) * u128::from(*w) / total) as u64).collect();
    let mut left = amount - parts.iter().sum::<u64>();
    for (p, w) in parts.iter_mut().zip(weights) {
        if left == 0 {
            break;
        }
        if *w > 0 {
            *p += 1;
            left -= 1;
        }
    }
    parts
}

/// A line of a return request, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnLine {
    /// Product.
    pub sku: String,
    /// Units coming back.
    pub qty: u32,
    /// The units' positions in the order line (first unreturned first).
    pub first_unit: u32,
    /// What they refund.
    pub refund: Fen,
}

/// A return decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnPlan {
    /// Lines coming back.
    pub lines: Vec<ReturnLine>,
    /// Total refund.
    pub refund: Fen,
    /// Whether every unit of the order is back after this.
    pub completes_order: bool,
}

/// Why a return was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReturnError {
    /// Returns are for collected goods.
    #[error("the order has not been collected; returns are for goods taken home")]
    NotCollected,
    /// Too late.
    #[error("the return window closed on {closed}")]
    WindowClosed {
        /// When it closed.
        closed: DateTime<Utc>,
    },
    /// No lines.
    #[error("lines: name at least one product to return")]
    Empty,
    /// The refund would exceed the largest amount of money.
    #[error("lines: the refund would come to more than {} fen", Fen::MAX)]
    TooLarge,
    /// A product not on the order.
    #[error("lines[{index}].sku: {sku} is not on this order")]
    NotOnOrder {
        /// Line of the request.
        index: usize,
        /// The product.
        sku: String,
    },
    /// More units than are left to return.
    #[error("lines[{index}].qty: {left} unit(s) of {sku} can still be returned")]
    TooMany {
        /// Line of the request.
        index: usize,
        /// The product.
        sku: String,
        /// Units left.
        left: u32,
    },
}

impl From<ReturnError> for crate::ApiError {
    fn from(e: ReturnError) -> crate::ApiError {
        let code = match e {
            ReturnError::NotCollected => crate::ErrorCode::Conflict,
            ReturnError::WindowClosed { .. } => crate::ErrorCode::ReturnWindowClosed,
            _ => crate::ErrorCode::Invalid,
        };
        crate::ApiError::new(code, e.to_string())
    }
}

/// Decides a return of `asked` (sku, qty) against an order collected at `picked_up_at` with
/// `lines` (with what was already returned) and `discount`, at `now`, within `window` after
/// pickup (the shop's window is [`crate::flows::settlement::ReturnPolicy`]'s).
pub(crate) fn plan_return_within(
    window: Duration,
    lines: &[PaidLine],
    discount: Fen,
    picked_up_at: Option<DateTime<Utc>>,
    asked: &[(String, i64)],
    now: DateTime<Utc>,
) -> Result<ReturnPlan, ReturnError> {
    let picked = picked_up_at.ok_or(ReturnError::NotCollected)?;
    let closed = picked + window;
    if now >= closed {
        return Err(ReturnError::WindowClosed { closed });
    }
    if asked.is_empty() {
        return Err(ReturnError::Empty);
    }
    let units = unit_refunds(lines, discount);
    let mut taken: Vec<u32> = lines.iter().map(|l| l.returned).collect();
    let mut out = Vec::new();
    for (index, (sku, qty)) in asked.iter().enumerate() {
        let i = lines
            .iter()
            .position(|l| &l.sku == sku)
            .ok_or_else(|| ReturnError::NotOnOrder { index, sku: sku.clone() })?;
        let left = lines[i].qty - taken[i].min(lines[i].qty);
        let too_many = || ReturnError::TooMany { index, sku: sku.clone(), left };
        let qty = u32::try_from(*qty).ok().filter(|q| *q >= 1 && *q <= left).ok_or_else(too_many)?;
        let first = taken[i];
        // Each unit's refund is a share of what was paid for it, so the sums stay within the
        // order's total; checked all the same, so a corrupt row is refused, never capped.
        let refund =
            Fen::sum(units[i][first as usize..(first + qty) as usize].iter().copied()).ok_or(ReturnError::TooLarge)?;
        taken[i] += qty;
        out.push(ReturnLine { sku: sku.clone(), qty, first_unit: first, refund });
    }
    let refund = Fen::sum(out.iter().map(|l| l.refund)).ok_or(ReturnError::TooLarge)?;
    let completes_order = lines.iter().zip(&taken).all(|(l, t)| *t >= l.qty);
    Ok(ReturnPlan { lines: out, refund, completes_order })
}

/// The id of a return under an idempotency key: a retried request is the same return.
pub fn return_id(key: &[u8], order: &OrderId, staff: &str, idempotency_key: &IdempotencyKey) -> String {
    let digest =
        mac(key, &[b"return", order.as_str().as_bytes(), staff.as_bytes(), idempotency_key.as_str().as_bytes()]);
    format!("R{}", crate::ids::base32(&digest[..10]))
}

/// `POST /api/guide/returns`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnRequest {
    /// The order (shown on the customer's order page).
    pub order_id: String,
    /// What comes back.
    pub lines: Vec<ReturnLineRequest>,
    /// Why, in the customer's words (optional).
    #[serde(default)]
    pub reason: String,
    /// The customer's current dynamic member code, scanned at the counter: a return needs the
    /// customer who owns the order to be there. Required (422 when missing); spent like any scan.
    #[serde(default)]
    pub member_code: Option<String>,
}

/// The most characters of a return's reason.
pub const MAX_REASON_CHARS: usize = 60;

/// A return asked for at the counter, checked: the reason, the customer's member code, the
/// order and the lines asked for (as typed; the plan judges them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnAsk {
    order_id: OrderId,
    reason: String,
    member_code: String,
    asked: Vec<(String, i64)>,
}

/// Why a return request was refused before anything was read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReturnAskError {
    /// The reason is too long (422).
    #[error("reason: must be at most {MAX_REASON_CHARS} characters")]
    Reason,
    /// No member code (422).
    #[error("member_code: is required: scan the customer's member code")]
    MemberCode,
    /// The order id is not one (404).
    #[error("no order {0}")]
    Order(String),
}

impl ReturnAsk {
    /// Checks the reason, then the member code, then the order id (each trimmed).
    pub fn parse(req: &ReturnRequest) -> Result<ReturnAsk, ReturnAskError> {
        let reason = req.reason.trim();
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(ReturnAskError::Reason);
        }
        let member_code = req.member_code.as_deref().map(str::trim).filter(|c| !c.is_empty());
        let member_code = member_code.ok_or(ReturnAskError::MemberCode)?;
        let order_id = OrderId::parse(&req.order_id).map_err(|_| ReturnAskError::Order(req.order_id.clone()))?;
        let asked = req.lines.iter().map(|l| (l.sku.trim().to_owned(), l.qty)).collect();
        Ok(ReturnAsk { order_id, reason: reason.to_owned(), member_code: member_code.to_owned(), asked })
    }

    /// The order.
    pub fn order_id(&self) -> &OrderId {
        &self.order_id
    }
    /// Why, trimmed.
    pub fn reason(&self) -> &str {
        &self.reason
    }
    /// The customer's member code, trimmed.
    pub fn member_code(&self) -> &str {
        &self.member_code
    }
    /// `(sku, qty)` of each line, the SKU trimmed.
    pub fn asked(&self) -> &[(String, i64)] {
        &self.asked
    }

    /// What was asked for at `store`, so a retry that asks for something else is told apart.
    pub fn fingerprint(&self, store: &str) -> Result<String, serde_json::Error> {
        let text = serde_json::to_string(&(&self.asked, self.reason.as_str(), store))?;
        Ok(crate::ids::base32(&mac(b"return-fingerprint", &[text.as_bytes()])))
    }
}

/// Refunds above this many fen need a manager's sign-in (a guide is refused with
/// `NEEDS_MANAGER`): ¥2,000. The rule is [`crate::flows::settlement::ReturnPolicy::needs_manager`].
pub const GUIDE_REFUND_LIMIT: Fen = Fen::new(200_000);

/// One product coming back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnLineRequest {
    /// Product.
    pub sku: String,
    /// Units.
    pub qty: i64,
}

/// A return as the API reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnReceipt {
    /// `R…`.
    pub id: String,
    /// The order.
    pub order_id: String,
    /// The store that took the goods back (their stock goes there).
    pub store_id: String,
    /// Who took them.
    pub staff_id: String,
    /// Lines and their refunds.
    pub lines: Vec<ReturnedLine>,
    /// Money back, fen.
    pub refund_fen: Fen,
    /// How it goes back: `balance` (at once) or `sandbox` (the gateway).
    pub method: crate::kinds::PaymentMethod,
    /// Why, as the customer said.
    pub reason: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Kept out of the refund for gifts the order earned that were already used.
    #[serde(default)]
    pub kept_fen: Fen,
    /// Why `kept_fen` was kept (empty when nothing was).
    #[serde(default)]
    pub kept_note: String,
}

/// A return's row as D1 keeps it.
#[derive(Clone, Debug, Deserialize)]
pub struct ReturnRow {
    /// `R…`.
    pub id: String,
    /// The order.
    pub order_id: String,
    /// Whose order it is.
    pub member_id: String,
    /// The store that took the goods back.
    pub store_id: String,
    /// Who took them.
    pub staff_id: String,
    /// Money back, fen.
    pub refund_fen: i64,
    /// How it goes back.
    pub method: crate::kinds::PaymentMethod,
    /// Why, as the customer said.
    pub reason: String,
    /// What was asked for, so a retry with other lines is told apart.
    pub fingerprint: String,
    /// When.
    #[serde(with = "crate::instant::stored")]
    pub at: DateTime<Utc>,
    /// When every settlement step was done, if they all were.
    #[serde(default, with = "crate::instant::stored_opt")]
    pub settled_at: Option<DateTime<Utc>>,
    /// Kept out of the refund for used gifts, fen.
    #[serde(default)]
    pub kept_fen: i64,
    /// Why it was kept.
    #[serde(default)]
    pub kept_note: String,
}

impl ReturnReceipt {
    /// Return `r` with its `lines` as the API shows it (negative amounts read as zero).
    pub fn of(r: &ReturnRow, lines: Vec<ReturnedLine>) -> ReturnReceipt {
        ReturnReceipt {
            id: r.id.clone(),
            order_id: r.order_id.clone(),
            store_id: r.store_id.clone(),
            staff_id: r.staff_id.clone(),
            lines,
            refund_fen: Fen::new(r.refund_fen.max(0) as u64),
            method: r.method,
            reason: r.reason.clone(),
            at: r.at,
            kept_fen: Fen::new(r.kept_fen.max(0) as u64),
            kept_note: r.kept_note.clone(),
        }
    }
}

/// A returned line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnedLine {
    /// Product.
    pub sku: String,
    /// Units.
    pub qty: u32,
    /// Refund, fen.
    pub refund_fen: Fen,
}

#[cfg(test)]
mod tests;
