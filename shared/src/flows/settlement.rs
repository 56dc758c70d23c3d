//! Settling a return: the money goes back the way it came, the units join the receiving
//! store's pool, the spend (and the points it earned) is taken back, a fully returned order
//! becomes `refunded` (and points a referrer earned for it are taken back), and the return is
//! marked settled. Recording the return comes first ([`recording`]).
//!
//! Each step is idempotent on the return id, so a settlement a crash interrupted is finished by
//! starting it again from the recorded return ([`Settlement::start`]); a unit is restocked and
//! a fen refunded once however often that happens.

pub mod policy;
pub mod recording;

pub use policy::ReturnPolicy;

use crate::ApiError;
use crate::Fen;
use crate::ids::{Sku, StoreId};
use crate::stock::Qty;
use chrono::{DateTime, Utc};
use std::collections::VecDeque;

/// A return as recorded: what settling it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedReturn {
    id: String,
    order_id: String,
    member_id: String,
    store: StoreId,
    refund: Fen,
    to_balance: bool,
    lines: Vec<(Sku, Qty)>,
}

impl RecordedReturn {
    /// Return `id` of `order_id` (bought by `member_id`), taken back at `store`: `refund` goes
    /// back by `method` (stored value is credited here; the gateway refunds itself), `lines` are
    /// the units coming back (lines of the same product are counted together, as one
    /// restock under one reference).
    pub fn new(
        id: &str,
        order_id: &str,
        member_id: &str,
        store: StoreId,
        refund: Fen,
        method: crate::kinds::PaymentMethod,
        lines: Vec<(Sku, Qty)>,
    ) -> Self {
        let mut merged: Vec<(Sku, Qty)> = Vec::with_capacity(lines.len());
        for (sku, qty) in lines {
            let same = merged.iter_mut().find(|(s, _)| *s == sku);
            // A return never takes back more units of a line than the order had, so the sum is
            // a quantity; were it not, the line stays apart rather than being lost.
            match same.and_then(|(_, q)| Qty::parse(i64::from(q.get()) + i64::from(qty.get())).ok().map(|n| (q, n))) {
                Some((q, n)) => *q = n,
                None => merged.push((sku, qty)),
            }
        }
        let lines = merged;
        RecordedReturn {
            id: id.to_owned(),
            order_id: order_id.to_owned(),
            member_id: member_id.to_owned(),
            store,
            refund,
            to_balance: method == crate::kinds::PaymentMethod::Balance,
            lines,
        }
    }

    fn reference(&self) -> String {
        format!("return:{}", self.id)
    }
}

/// Points a referrer earned for the order's buyer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferralReward {
    /// Who earned them.
    pub referrer: String,
    /// The buyer they referred.
    pub buyer: String,
    /// How many.
    pub points: u64,
}

/// What the executor must do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Credit the member's stored value (idempotent on `reference`). Replies [`Event::Refunded`].
    Refund {
        /// Whose card.
        member_id: String,
        /// How much.
        amount: Fen,
        /// The ledger reference.
        reference: String,
        /// The ledger text.
        reason: String,
    },
    /// Put units into the store's pool (idempotent on `reference`). Replies [`Event::Restocked`].
    Restock {
        /// The receiving store.
        store: StoreId,
        /// The product.
        sku: Sku,
        /// Units.
        qty: Qty,
        /// The stock reference.
        reference: String,
    },
    /// Record negative spend on the member's card, which takes its points back at
    /// `points_per_yuan` (idempotent on `reference`). Replies [`Event::SpendTaken`].
    TakeSpend {
        /// Whose card.
        member_id: String,
        /// The spend, negative fen.
        fen: i64,
        /// The spend reference.
        reference: String,
        /// The points rate.
        points_per_yuan: u32,
        /// When.
        at: DateTime<Utc>,
    },
    /// Mark the order `refunded` if every unit is back, and say whether it is and what a
    /// referrer earned for it. Replies [`Event::OrderClosed`].
    CloseOrder {
        /// The order.
        order_id: String,
    },
    /// Take points back once per reference. Replies [`Event::PointsTaken`].
    TakePoints {
        /// Whose card.
        member_id: String,
        /// How many.
        points: u64,
        /// The points reference.
        reference: String,
        /// Why, as the card shows it.
        reason: String,
    },
    /// Mark the return settled. Replies [`Event::Settled`].
    MarkSettled {
        /// The return.
        return_id: String,
    },
}

/// What happened to the last command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The refund is on the card.
    Refunded,
    /// The units of this product are in the pool.
    Restocked(Sku),
    /// The spend is taken back.
    SpendTaken,
    /// The order was looked at: whether it is now `refunded`, and a referral reward it earned.
    OrderClosed {
        /// Whether every unit is back.
        refunded: bool,
        /// Points a referrer earned for it.
        referral: Option<ReferralReward>,
    },
    /// The referrer's points are taken back.
    PointsTaken,
    /// The return is marked settled.
    Settled,
    /// An object refused a step.
    Refused(ApiError),
    /// No answer came: the settlement stops, and starting it again finishes it.
    Crashed(String),
}

/// Why a settlement stopped short (the return stays unsettled for the cron pass).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettlementError {
    /// An object refused a step.
    #[error("{0}")]
    Refused(ApiError),
    /// A step did not answer.
    #[error("settlement interrupted: {0}")]
    Interrupted(String),
}

/// Settling one recorded return.
#[derive(Clone, Debug)]
pub struct Settlement {
    recorded: RecordedReturn,
    todo: VecDeque<Command>,
    waiting: Option<Command>,
    done: Option<Result<(), SettlementError>>,
}

impl Settlement {
    /// Starts (or starts again) settling `recorded` at `now` by `policy`.
    pub fn start(recorded: RecordedReturn, now: DateTime<Utc>, policy: &ReturnPolicy) -> (Self, Vec<Command>) {
        let r = &recorded;
        let reference = r.reference();
        let mut todo = VecDeque::new();
        if r.to_balance && r.refund > Fen::ZERO {
            todo.push_back(Command::Refund {
                member_id: r.member_id.clone(),
                amount: r.refund,
                reference: reference.clone(),
                reason: format!("退货退款 return {} · {}", r.order_id, r.id),
            });
        }
        // The sandbox gateway refunds at once; a real gateway's refund call would be a command
        // here, keyed by the return id (WeChat Pay v3 `out_refund_no`).
        for (sku, qty) in &r.lines {
            let reference = format!("{reference}:{sku}");
            todo.push_back(Command::Restock { store: r.store.clone(), sku: sku.clone(), qty: *qty, reference });
        }
        todo.push_back(Command::TakeSpend {
            member_id: r.member_id.clone(),
            fen: -(r.refund.get() as i64),
            reference,
            points_per_yuan: policy.points_per_yuan(),
            at: now,
        });
        todo.push_back(Command::CloseOrder { order_id: r.order_id.clone() });
        let mut flow = Settlement { recorded, todo, waiting: None, done: None };
        let next = flow.next();
        (flow, next)
    }

    fn next(&mut self) -> Vec<Command> {
        self.waiting = self.todo.pop_front();
        match &self.waiting {
            Some(command) => vec![command.clone()],
            None => {
                self.done = Some(Ok(()));
                vec![]
            }
        }
    }

    /// Moves the settlement on a reply; returns the next work. A reply that does not answer
    /// the step in progress (a duplicate, or one for an earlier step) changes nothing.
    pub fn on(&mut self, event: Event) -> Vec<Command> {
        if self.done.is_some() {
            return vec![];
        }
        let Some(waiting) = self.waiting.clone() else { return vec![] };
        match (waiting, event) {
            (_, Event::Crashed(why)) => self.done = Some(Err(SettlementError::Interrupted(why))),
            (_, Event::Refused(e)) => self.done = Some(Err(SettlementError::Refused(e))),
            (Command::Refund { .. }, Event::Refunded)
            | (Command::TakeSpend { .. }, Event::SpendTaken)
            | (Command::TakePoints { .. }, Event::PointsTaken) => return self.next(),
            (Command::Restock { sku, .. }, Event::Restocked(done)) if sku == done => return self.next(),
            (Command::CloseOrder { .. }, Event::OrderClosed { refunded, referral }) => {
                // A referrer keeps their points until the whole order has come back.
                if let Some(reward) = referral.filter(|_| refunded) {
                    self.todo.push_back(Command::TakePoints {
                        member_id: reward.referrer,
                        points: reward.points,
                        reference: format!("referral-back:{}", reward.buyer),
                        reason: format!("推荐订单已退货 referral order {} returned", self.recorded.order_id),
                    });
                }
                self.todo.push_back(Command::MarkSettled { return_id: self.recorded.id.clone() });
                return self.next();
            }
            (Command::MarkSettled { .. }, Event::Settled) => return self.next(),
            _ => {}
        }
        vec![]
    }

    /// `Ok` once every step is done, or why it stopped; `None` while a step is outstanding.
    pub fn outcome(&self) -> Option<Result<(), SettlementError>> {
        self.done.clone()
    }
}

#[cfg(test)]
mod tests;
