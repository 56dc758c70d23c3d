//! Completing a payment: the money has arrived (stored value debited, or the gateway's
//! notification verified). Confirm every hold, redeem the coupon, mark the order paid, then
//! count the spend and give the rewards. If a hold lapsed meanwhile (`LockLapsed`) or the coupon
//! no longer holds, undo what was confirmed, expire the order and refund; money for an order
//! already closed, or already paid another way, goes straight back. Every step is idempotent
//! at its owner, so a completion retried after a crash finishes the same way.

use super::{Fault, Flow};
use crate::order::OrderStatus;

mod exchange;

pub use exchange::*;

#[cfg(test)]
mod tests;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Confirming,
    Redeeming,
    MarkingPaid,
    Rewarding,
    Undoing,
}

/// What undoing a half-done completion involves besides unconfirming lines.
#[derive(Clone, Copy, Debug, Default)]
struct Undo {
    close: bool,
    release_coupon: bool,
    refund: bool,
}

impl Undo {
    const REFUND: Undo = Undo { close: false, release_coupon: false, refund: true };
    const EXPIRE: Undo = Undo { close: true, release_coupon: false, refund: true };
}

/// The completion of one order's payment.
#[derive(Clone, Debug)]
pub struct Completion {
    arrival: Arrival,
    confirmed: Vec<bool>,
    phase: Phase,
    asked: Vec<Step>,
    refund_after_close: Option<RefundReason>,
    result: Option<Result<Completed, Fault>>,
    outcome: Option<Result<Completed, Fault>>,
}

impl Completion {
    /// The money for `arrival` has arrived: the first steps.
    pub fn start(arrival: Arrival) -> (Completion, Vec<Command>) {
        let n = arrival.holders.len();
        let mut c = Completion {
            arrival,
            confirmed: vec![false; n],
            phase: Phase::Confirming,
            asked: Vec::new(),
            refund_after_close: None,
            result: None,
            outcome: None,
        };
        let first = match c.arrival.status {
            OrderStatus::PendingPayment => c.next_confirm(0),
            OrderStatus::ReadyForPickup | OrderStatus::AwaitingTransfer | OrderStatus::PickedUp
                if c.arrival.paid_the_same_way =>
            {
                c.finish(Ok(Completed::AlreadyPaid))
            }
            OrderStatus::ReadyForPickup | OrderStatus::AwaitingTransfer | OrderStatus::PickedUp => {
                c.undo(Ok(Completed::Refunded(RefundReason::PaidAnotherWay)), Undo::REFUND)
            }
            // Money for an order that is gone: undo any line a half-finished completion
            // confirmed, give the coupon back, and send the money back.
            OrderStatus::Cancelled | OrderStatus::Expired | OrderStatus::Refunded => {
                c.confirmed = vec![true; n];
                let undo = Undo { release_coupon: true, ..Undo::REFUND };
                c.undo(Ok(Completed::Refunded(RefundReason::OrderClosed)), undo)
            }
        };
        (c, first)
    }

    fn ask(&mut self, step: Step, command: Command) -> Command {
        self.asked.push(step);
        command
    }

    fn next_confirm(&mut self, line: usize) -> Vec<Command> {
        match self.arrival.holders.get(line).cloned() {
            Some(holder) => vec![self.ask(Step::Confirm(line), Command::Confirm { line, holder })],
            None => match self.arrival.coupon.clone() {
                Some(coupon) => {
                    self.phase = Phase::Redeeming;
                    vec![self.ask(Step::Redeem, Command::RedeemCoupon { coupon })]
                }
                None => self.mark_paid(),
            },
        }
    }

    fn mark_paid(&mut self) -> Vec<Command> {
        self.phase = Phase::MarkingPaid;
        vec![self.ask(Step::MarkPaid, Command::MarkPaid)]
    }

    /// Undoes what this payment did, as `undo` says, and reports `result` unless a step of the
    /// undoing fails. With a close, the order is closed first and only then are its lines
    /// unconfirmed and the money sent back: an order another payment paid meanwhile is not
    /// closed, and its confirmed units (wherever they are by then, the sending store, on the
    /// road, the pickup store) and its coupon are that payment's, not ours to undo.
    fn undo(&mut self, result: Result<Completed, Fault>, undo: Undo) -> Vec<Command> {
        self.phase = Phase::Undoing;
        let reason = match &result {
            Ok(Completed::Refunded(r)) => *r,
            _ => RefundReason::CouponGone,
        };
        self.result = Some(result);
        if undo.close {
            // The money goes back only once the order is closed: were the close lost, a retry
            // could still complete the order, and it would be paid for and refunded.
            self.refund_after_close = undo.refund.then_some(reason);
            return vec![self.ask(Step::Close, Command::Close)];
        }
        let mut out = self.unconfirm_confirmed();
        if let (true, Some(coupon)) = (undo.release_coupon, self.arrival.coupon.clone()) {
            out.push(self.ask(Step::ReleaseCoupon, Command::ReleaseCoupon { coupon }));
        }
        if undo.refund {
            out.push(self.ask(Step::Refund, Command::Refund { amount: self.arrival.total, reason }));
        }
        out
    }

    fn unconfirm_confirmed(&mut self) -> Vec<Command> {
        let mut out = Vec::new();
        for line in 0..self.confirmed.len() {
            if self.confirmed[line] {
                let holder = self.arrival.holders[line].clone();
                out.push(self.ask(Step::Unconfirm(line), Command::Unconfirm { line, holder }));
            }
        }
        out
    }

    /// Another payment paid the order first: this payment's money goes back, and nothing of
    /// the order (its units, its coupon) is touched.
    fn refund_paid_another_way(&mut self) -> Vec<Command> {
        self.phase = Phase::Undoing;
        self.refund_after_close = None;
        let reason = RefundReason::PaidAnotherWay;
        self.result = Some(Ok(Completed::Refunded(reason)));
        vec![self.ask(Step::Refund, Command::Refund { amount: self.arrival.total, reason })]
    }

    fn finish(&mut self, result: Result<Completed, Fault>) -> Vec<Command> {
        self.result.get_or_insert(result);
        Vec::new()
    }

    /// A step of the undoing or the aftermath failed: the first failure is what is reported.
    fn note(&mut self, fault: Fault) {
        if let Some(Ok(_)) | None = self.result {
            self.result = Some(Err(fault));
        }
    }
}

impl Flow for Completion {
    type Command = Command;
    type Event = Event;
    type Outcome = Result<Completed, Fault>;

    /// Replies to steps not waiting for one (repeats, late answers) change nothing.
    fn on(&mut self, event: Event) -> Vec<Command> {
        let step = match &event {
            Event::Done(s) | Event::Refused(s, _) | Event::Crashed(s, _) => *s,
            Event::LockLapsed(line) => Step::Confirm(*line),
            Event::Closed { .. } => Step::Close,
            Event::MarkedPaid { .. } => Step::MarkPaid,
            Event::PaidAnotherWay(s) => *s,
        };
        let Some(at) = self.asked.iter().position(|s| *s == step) else { return Vec::new() };
        self.asked.remove(at);
        let fault = match &event {
            Event::Refused(_, e) => Some(Fault::Refused(e.clone())),
            Event::Crashed(_, m) => Some(Fault::Crashed(m.clone())),
            _ => None,
        };
        let out = match (step, event) {
            (Step::Confirm(line), Event::Done(_)) => {
                self.confirmed[line] = true;
                self.next_confirm(line + 1)
            }
            (Step::Confirm(_), Event::LockLapsed(_)) => {
                self.undo(Ok(Completed::Refunded(RefundReason::LockLapsed)), Undo::EXPIRE)
            }
            (Step::Confirm(_), _) => {
                // Unknown or refused: the order stays unpaid with its holds, and what this
                // payment confirmed stays confirmed: the payment is retried later (the repair
                // pass), which confirms again (a no-op where done), then pays, or closes the
                // order and undoes. Undoing now could undo another payment's confirmations,
                // should that one have paid the order meanwhile.
                let fault = fault.unwrap_or_else(|| Fault::Crashed("unexpected reply".into()));
                self.phase = Phase::Undoing;
                self.result = Some(Err(fault));
                Vec::new()
            }
            (Step::Redeem, Event::Done(_)) => self.mark_paid(),
            (Step::Redeem, _) => {
                let fault = fault.unwrap_or_else(|| Fault::Crashed("unexpected reply".into()));
                self.undo(Err(fault), Undo::EXPIRE)
            }
            (Step::MarkPaid, Event::MarkedPaid { first: true }) => {
                self.phase = Phase::Rewarding;
                let amount = self.arrival.total;
                vec![
                    self.ask(Step::RecordSpend, Command::RecordSpend { amount }),
                    self.ask(Step::GiveRewards, Command::GiveRewards),
                ]
            }
            (Step::MarkPaid, Event::MarkedPaid { first: false }) => Vec::new(),
            (Step::Close | Step::MarkPaid, Event::PaidAnotherWay(_)) => self.refund_paid_another_way(),
            (Step::Close, Event::Closed { closed }) => {
                let mut out = self.unconfirm_confirmed();
                if let (true, Some(coupon)) = (closed, self.arrival.coupon.clone()) {
                    out.push(self.ask(Step::ReleaseCoupon, Command::ReleaseCoupon { coupon }));
                }
                if let Some(reason) = self.refund_after_close.take() {
                    let amount = self.arrival.total;
                    out.push(self.ask(Step::Refund, Command::Refund { amount, reason }));
                }
                out
            }
            // Rewards never fail a payment: a later pass gives what is missing.
            (Step::GiveRewards, _) => Vec::new(),
            (_, _) => {
                if let Some(f) = fault {
                    self.note(f);
                }
                Vec::new()
            }
        };
        if self.asked.is_empty() && self.outcome.is_none() {
            self.outcome = Some(match (self.phase, self.result.clone()) {
                (_, Some(result)) => result,
                (Phase::MarkingPaid | Phase::Rewarding, None) => Ok(Completed::Paid),
                (_, None) => Err(Fault::Crashed("completion stopped half-way".into())),
            });
        }
        out
    }

    fn outcome(&self) -> Option<Self::Outcome> {
        if self.asked.is_empty() { self.outcome.clone().or_else(|| self.result.clone()) } else { None }
    }
}
