//! Red envelopes (分享红包): a paid order of at least the policy's threshold carries an
//! envelope of N shares that its buyer passes on; each other member opens it once and gets the
//! next share as a fixed-amount coupon. The split is decided up front from a seed
//! ([`split`], with the tiny PRNG [`SplitMix64`]), so it is reproducible and the shares always
//! add up to exactly the total whatever order members arrive in: opening hands out the next
//! unopened share, it never draws money.
//!
//! Decisions: the buyer cannot open their own envelope (it is for passing on: "opening a
//! used-up or own envelope says why"); when the order is returned, the envelope is taken back:
//! the unopened shares vanish and the opened ones stay with whoever opened them.

mod coupon;
mod split;
mod stored;

pub use coupon::{ENVELOPE_COUPON_DAYS, EnvelopeId, NotAnEnvelope};
pub use split::{SplitError, SplitMix64, split};
pub use stored::CorruptEnvelope;

use crate::Fen;
use crate::ids::{MemberId, OrderId};
use serde::{Deserialize, Serialize};

/// When an order carries an envelope, and how big it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnvelopePolicy {
    threshold: Fen,
    shares: u16,
    total: Fen,
}

/// The most shares one envelope may have.
pub const MAX_SHARES: u16 = 100;

/// Why an envelope policy was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// Shares must be 1 to [`MAX_SHARES`].
    #[error("an envelope has 1 to {MAX_SHARES} shares")]
    Shares,
    /// The total must give every share at least one fen.
    #[error("the total must be at least one fen per share")]
    Total,
}

impl EnvelopePolicy {
    /// The demo's policy: orders of ¥100 or more carry 10 shares worth ¥20 in all.
    pub const DEMO: EnvelopePolicy = EnvelopePolicy { threshold: Fen::new(10_000), shares: 10, total: Fen::new(2_000) };

    /// A policy of `shares` shares adding up to `total`, for orders of at least `threshold`.
    pub fn parse(threshold: Fen, shares: u16, total: Fen) -> Result<EnvelopePolicy, PolicyError> {
        if !(1..=MAX_SHARES).contains(&shares) {
            return Err(PolicyError::Shares);
        }
        if total.get() < u64::from(shares) {
            return Err(PolicyError::Total);
        }
        Ok(EnvelopePolicy { threshold, shares, total })
    }

    /// Whether a paid order of `order_total` carries an envelope (`total_fen` ≥ threshold).
    pub fn carries(&self, order_total: Fen) -> bool {
        order_total >= self.threshold
    }

    /// Shares per envelope.
    pub fn shares(&self) -> u16 {
        self.shares
    }

    /// Fen per envelope.
    pub fn total(&self) -> Fen {
        self.total
    }
}

/// Why an order gets no envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IssueError {
    /// The order's total is below the policy's threshold.
    #[error("orders below the threshold carry no red envelope")]
    BelowThreshold,
}

/// Why an envelope did not open for a member (the API's 409 codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// The member already opened this envelope (`ALREADY_OPENED`).
    #[error("you have already opened this red envelope")]
    AlreadyOpened,
    /// Every share has been opened (`EMPTY`).
    #[error("this red envelope has been emptied")]
    Empty,
    /// The buyer's own envelope is for passing on (`OWN_ENVELOPE`).
    #[error("your own red envelope is for your friends to open")]
    OwnEnvelope,
    /// The order was returned and the envelope taken back (`WITHDRAWN`).
    #[error("this red envelope was taken back: its order was returned")]
    Withdrawn,
}

impl From<OpenError> for crate::ApiError {
    fn from(e: OpenError) -> crate::ApiError {
        use crate::ErrorCode as E;
        let code = match e {
            OpenError::AlreadyOpened => E::AlreadyOpened,
            OpenError::Empty => E::Empty,
            OpenError::OwnEnvelope => E::OwnEnvelope,
            OpenError::Withdrawn => E::EnvelopeWithdrawn,
        };
        crate::ApiError::new(code, e.to_string())
    }
}

/// One opening: which share went to whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opening {
    /// Who opened it.
    pub member: MemberId,
    /// The share's position in the split.
    pub share: u16,
    /// What it was worth.
    pub amount: Fen,
}

/// What taking an envelope back did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Withdrawal {
    /// The unopened shares' value, which vanishes.
    pub vanished: Fen,
    /// The opened shares' value, which stays with the members who opened them.
    pub kept: Fen,
}

/// The envelope of one paid order. Read back from storage only through the same checks
/// (`stored::StoredEnvelope`): shares of at least one fen, openings handing out each share in
/// turn to distinct members other than the buyer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "stored::StoredEnvelope")]
pub struct RedEnvelope {
    order: OrderId,
    buyer: MemberId,
    shares: Vec<Fen>,
    openings: Vec<Opening>,
    withdrawn: bool,
}

impl RedEnvelope {
    /// The envelope of `order` (paid by `buyer`, `order_total` in all) under `policy`, split by
    /// `seed` (derive it from the order, e.g. [`seed_for`], so a retried payment gets the same).
    pub fn issue(
        order: OrderId,
        buyer: MemberId,
        order_total: Fen,
        policy: &EnvelopePolicy,
        seed: u64,
    ) -> Result<RedEnvelope, IssueError> {
        if !policy.carries(order_total) {
            return Err(IssueError::BelowThreshold);
        }
        // The policy guarantees total ≥ shares ≥ 1, which is all `split` asks.
        let shares = split(policy.total, policy.shares, seed).map_err(|_| IssueError::BelowThreshold)?;
        Ok(RedEnvelope { order, buyer, shares, openings: Vec::new(), withdrawn: false })
    }

    /// Opens the envelope for `member`: the next unopened share, or why not.
    pub fn open(&mut self, member: &MemberId) -> Result<Opening, OpenError> {
        if self.withdrawn {
            return Err(OpenError::Withdrawn);
        }
        if *member == self.buyer {
            return Err(OpenError::OwnEnvelope);
        }
        if self.openings.iter().any(|o| o.member == *member) {
            return Err(OpenError::AlreadyOpened);
        }
        let share = self.openings.len();
        let amount = *self.shares.get(share).ok_or(OpenError::Empty)?;
        let opening = Opening { member: member.clone(), share: share as u16, amount };
        self.openings.push(opening.clone());
        Ok(opening)
    }

    /// Takes the envelope back because its order was returned. Taking it back twice changes
    /// nothing more.
    pub fn withdraw(&mut self) -> Withdrawal {
        let kept = self.opened_total();
        let vanished = if self.withdrawn { Fen::ZERO } else { Fen::new(self.total().get() - kept.get()) };
        self.withdrawn = true;
        Withdrawal { vanished, kept }
    }

    /// The order it came with.
    pub fn order(&self) -> &OrderId {
        &self.order
    }

    /// The order's buyer.
    pub fn buyer(&self) -> &MemberId {
        &self.buyer
    }

    /// Number of shares.
    pub fn share_count(&self) -> u16 {
        self.shares.len() as u16
    }

    /// All shares' value.
    pub fn total(&self) -> Fen {
        Fen::new(self.shares.iter().map(|s| s.get()).sum())
    }

    /// Shares not opened yet (0 once taken back).
    pub fn remaining(&self) -> u16 {
        if self.withdrawn { 0 } else { (self.shares.len() - self.openings.len()) as u16 }
    }

    /// What the opened shares were worth.
    pub fn opened_total(&self) -> Fen {
        Fen::new(self.openings.iter().map(|o| o.amount.get()).sum())
    }

    /// Who opened what, in order.
    pub fn openings(&self) -> &[Opening] {
        &self.openings
    }

    /// Whether the order was returned and the envelope taken back.
    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn
    }
}

/// The split seed of `order`'s envelope: keyed (so shares cannot be predicted from an order id)
/// and stable (the same order always splits the same way).
pub fn seed_for(key: &[u8], order: &OrderId) -> u64 {
    let d = crate::keys::mac(key, &[b"red-envelope", order.as_str().as_bytes()]);
    u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
}

#[cfg(test)]
mod tests;
