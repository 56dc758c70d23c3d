//! Placing an order: lock every line (one at a time, all or none), then the coupon, then
//! record the order. On any refusal, what was taken is released, so a refused order holds
//! nothing. Pricing and where units are held are decided before (they need the catalogue);
//! this machine only orders the steps and decides what a reply means.

use super::policy::OrderPolicy;
use super::{Fault, Flow};
use crate::coupon::discount;
use crate::order::totals;
use crate::stock::Qty;
use crate::{ApiError, ErrorCode, Fen};
use chrono::{DateTime, Utc};

mod exchange;

pub use exchange::*;

#[cfg(test)]
mod tests;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Waiting,
    Asked,
    Held,
    Releasing,
    Done,
}

/// The placement of one order.
#[derive(Clone, Debug)]
pub struct Placement {
    order: PlacementOrder,
    until: DateTime<Utc>,
    coupon_until: DateTime<Utc>,
    lines: Vec<Part>,
    coupon: Part,
    record: Part,
    discount: Fen,
    draft: Option<OrderDraft>,
    outcome: Option<Result<OrderDraft, Fault>>,
}

impl Placement {
    /// Starts placing `order` at `now`: every line holds until the shortest line's lock ends.
    /// An order whose amounts would overflow is refused here, before anything is locked.
    pub fn start(order: PlacementOrder, now: DateTime<Utc>, policy: &OrderPolicy) -> (Placement, Vec<Command>) {
        let until = now + policy.order_lock(order.lines.iter().map(|l| l.lock));
        let n = order.lines.len();
        let mut p = Placement {
            coupon: if order.coupon.is_some() { Part::Waiting } else { Part::Done },
            order,
            until,
            coupon_until: policy.coupon_until(until),
            lines: vec![Part::Waiting; n],
            record: Part::Waiting,
            discount: Fen::ZERO,
            draft: None,
            outcome: None,
        };
        if let Err(e) = crate::order::subtotal(&p.priced()) {
            p.outcome = Some(Err(Fault::Refused(ApiError::invalid(e.to_string()))));
            p.record = Part::Done;
            return (p, Vec::new());
        }
        let first = p.advance();
        (p, first)
    }

    /// When the order's holds lapse.
    pub fn lock_expires_at(&self) -> DateTime<Utc> {
        self.until
    }

    fn priced(&self) -> Vec<(Fen, Qty)> {
        self.order.lines.iter().map(|l| (l.price, l.qty)).collect()
    }

    /// The next step after a success: the next line, the coupon, or the record.
    fn advance(&mut self) -> Vec<Command> {
        if let Some(i) = self.lines.iter().position(|p| *p == Part::Waiting) {
            self.lines[i] = Part::Asked;
            let l = &self.order.lines[i];
            return vec![Command::Lock { line: i, holder: l.holder.clone(), qty: l.qty, until: self.until }];
        }
        if let (Part::Waiting, Some(coupon)) = (self.coupon, &self.order.coupon) {
            self.coupon = Part::Asked;
            return vec![Command::LockCoupon { coupon: coupon.clone(), until: self.coupon_until }];
        }
        if self.record != Part::Waiting {
            return Vec::new();
        }
        match totals(&self.priced(), self.discount) {
            Err(e) => self.fail(Fault::Refused(ApiError::invalid(e.to_string()))),
            Ok(totals) => {
                let draft = OrderDraft {
                    id: self.order.id.clone(),
                    lines: self.order.lines.clone(),
                    totals,
                    coupon: self.order.coupon.clone(),
                    lock_expires_at: self.until,
                };
                self.record = Part::Asked;
                self.draft = Some(draft.clone());
                vec![Command::Record(draft)]
            }
        }
    }

    /// Decides the order is refused and releases everything held (or possibly held).
    fn fail(&mut self, fault: Fault) -> Vec<Command> {
        self.outcome.get_or_insert(Err(fault));
        self.record = Part::Done;
        let mut out = Vec::new();
        for (i, part) in self.lines.iter_mut().enumerate() {
            match *part {
                Part::Held => {
                    *part = Part::Releasing;
                    out.push(Command::Release { line: i, holder: self.order.lines[i].holder.clone() });
                }
                Part::Waiting => *part = Part::Done,
                _ => {}
            }
        }
        match (self.coupon, &self.order.coupon) {
            (Part::Held, Some(coupon)) => {
                self.coupon = Part::Releasing;
                out.push(Command::ReleaseCoupon { coupon: coupon.clone() });
            }
            (Part::Waiting, _) => self.coupon = Part::Done,
            _ => {}
        }
        out
    }

    /// A step whose outcome is unknown may have taken the hold: release it too.
    fn in_doubt(&mut self, step: Step) -> Vec<Command> {
        match step {
            Step::Line(i) => {
                self.lines[i] = Part::Releasing;
                vec![Command::Release { line: i, holder: self.order.lines[i].holder.clone() }]
            }
            Step::Coupon => {
                self.coupon = Part::Releasing;
                self.order.coupon.clone().map(|coupon| Command::ReleaseCoupon { coupon }).into_iter().collect()
            }
            Step::Record => Vec::new(),
        }
    }

    fn part(&self, step: Step) -> Option<Part> {
        match step {
            Step::Line(i) => self.lines.get(i).copied(),
            Step::Coupon => Some(self.coupon),
            Step::Record => Some(self.record),
        }
    }

    fn set(&mut self, step: Step, part: Part) {
        match step {
            Step::Line(i) => self.lines[i] = part,
            Step::Coupon => self.coupon = part,
            Step::Record => self.record = part,
        }
    }
}

impl Flow for Placement {
    type Command = Command;
    type Event = Event;
    type Outcome = Result<OrderDraft, Fault>;

    /// Replies to steps that are not waiting for one (repeats, late answers) change nothing.
    fn on(&mut self, event: Event) -> Vec<Command> {
        let step = match &event {
            Event::Locked(i) => Step::Line(*i),
            Event::CouponLocked(_) => Step::Coupon,
            Event::Recorded => Step::Record,
            Event::Released(s) | Event::Refused(s, _) | Event::Crashed(s, _) => *s,
        };
        match (self.part(step), event) {
            (Some(Part::Releasing), _) => {
                // Released, or not: a hold whose release failed lapses by itself.
                self.set(step, Part::Done);
                Vec::new()
            }
            (Some(Part::Asked), Event::Locked(_)) => {
                self.set(step, Part::Held);
                self.advance()
            }
            (Some(Part::Asked), Event::CouponLocked(terms)) => {
                self.coupon = Part::Held;
                match discount(&terms, &self.order.cart) {
                    Ok(d) => {
                        self.discount = d;
                        self.advance()
                    }
                    Err(reason) => self.fail(Fault::Refused(ApiError::new(
                        ErrorCode::CouponNotApplicable,
                        format!("this coupon cannot be used here: {reason}"),
                    ))),
                }
            }
            (Some(Part::Asked), Event::Recorded) => {
                self.record = Part::Done;
                self.outcome = self.draft.clone().map(Ok);
                Vec::new()
            }
            (Some(Part::Asked), Event::Refused(_, error)) => {
                self.set(step, Part::Done);
                self.fail(Fault::Refused(error))
            }
            (Some(Part::Asked), Event::Crashed(_, reason)) => {
                let mut out = self.in_doubt(step);
                if step == Step::Record {
                    // It may be recorded: its holds then belong to it, and lapse if it is not.
                    self.record = Part::Done;
                    self.outcome.get_or_insert(Err(Fault::Crashed(reason)));
                    return out;
                }
                out.extend(self.fail(Fault::Crashed(reason)));
                out
            }
            _ => Vec::new(),
        }
    }

    fn outcome(&self) -> Option<Result<OrderDraft, Fault>> {
        self.outcome.clone()
    }
}
