//! Recording a return: when it brings the whole order back, the gift coupons the order earned
//! are taken back first (an unused one leaves the wallet; a used one keeps its value out of
//! the refund), then the return and one row per unit are written in one transaction, which
//! fails as a whole if another return claimed one of the same units first.

use super::ReturnPolicy;
use crate::ApiError;
use crate::Fen;
use crate::returns::{PaidLine, ReturnLine, ReturnPlan};

/// A return decided and about to be recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnDraft {
    member_id: String,
    plan: ReturnPlan,
    unit_refunds: Vec<Vec<Fen>>,
    gifts: Vec<String>,
}

impl ReturnDraft {
    /// The return of `plan` from an order of `member_id` with paid `lines` and `discount`;
    /// `gifts` are the gift coupons the order earned (taken back only when the plan brings
    /// the whole order back).
    pub fn new(
        member_id: &str,
        lines: &[PaidLine],
        discount: Fen,
        plan: ReturnPlan,
        gifts: Vec<String>,
        policy: &ReturnPolicy,
    ) -> Self {
        let unit_refunds = policy.unit_refunds(lines, discount, &plan);
        let gifts = if plan.completes_order { gifts } else { vec![] };
        ReturnDraft { member_id: member_id.to_owned(), plan, unit_refunds, gifts }
    }
}

/// What is written for a return.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnRecord {
    /// Money back.
    pub refund: Fen,
    /// Kept out of the refund for used gifts.
    pub kept: Fen,
    /// Why `kept` was kept (empty when nothing was).
    pub kept_note: String,
    /// The lines coming back.
    pub lines: Vec<ReturnLine>,
    /// What each unit of each line refunds, in the order of `lines`.
    pub unit_refunds: Vec<Vec<Fen>>,
}

/// What the executor must do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Take a gift coupon back from the member's wallet (idempotent on the coupon). Replies
    /// [`Event::Reclaimed`].
    ReclaimCoupon {
        /// Whose wallet.
        member_id: String,
        /// The gift coupon.
        coupon_id: String,
    },
    /// Write the return and its units in one transaction. Replies [`Event::Recorded`] or
    /// [`Event::Raced`].
    Record(ReturnRecord),
}

/// What happened to the last command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The coupon is taken back; `used` is what it took off the order it was used on, if the
    /// member had used it.
    Reclaimed {
        /// The gift coupon.
        coupon_id: String,
        /// Its value when used.
        used: Option<Fen>,
    },
    /// The return is written.
    Recorded,
    /// Another return claimed some of the units first; nothing was written.
    Raced,
    /// A step was refused.
    Refused(ApiError),
    /// No answer came.
    Crashed(String),
}

/// Why a return was not recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordingError {
    /// Another return took some of the units first: decide again from what is left.
    #[error("another return took some of these units first")]
    Raced,
    /// A step was refused.
    #[error("{0}")]
    Refused(ApiError),
    /// A step did not answer.
    #[error("recording interrupted: {0}")]
    Interrupted(String),
}

/// Recording one return.
#[derive(Clone, Debug)]
pub struct Recording {
    draft: ReturnDraft,
    policy: ReturnPolicy,
    used: Vec<(String, Fen)>,
    next_gift: usize,
    record: Option<ReturnRecord>,
    done: Option<Result<ReturnRecord, RecordingError>>,
}

impl Recording {
    /// Starts recording `draft` by `policy`: gifts first, then the record.
    pub fn start(draft: ReturnDraft, policy: &ReturnPolicy) -> (Self, Vec<Command>) {
        let mut flow = Recording { draft, policy: *policy, used: vec![], next_gift: 0, record: None, done: None };
        let next = flow.next();
        (flow, next)
    }

    fn next(&mut self) -> Vec<Command> {
        if let Some(coupon_id) = self.draft.gifts.get(self.next_gift) {
            return vec![Command::ReclaimCoupon {
                member_id: self.draft.member_id.clone(),
                coupon_id: coupon_id.clone(),
            }];
        }
        let (refund, kept, kept_note) = self.policy.keep_for_used_gifts(self.draft.plan.refund, &self.used);
        let record = ReturnRecord {
            refund,
            kept,
            kept_note,
            lines: self.draft.plan.lines.clone(),
            unit_refunds: self.draft.unit_refunds.clone(),
        };
        self.record = Some(record.clone());
        vec![Command::Record(record)]
    }

    /// Moves the recording on a reply; returns the next work. A reply that does not answer
    /// the step in progress changes nothing.
    pub fn on(&mut self, event: Event) -> Vec<Command> {
        if self.done.is_some() {
            return vec![];
        }
        let waiting_gift = self.record.is_none().then(|| self.draft.gifts.get(self.next_gift)).flatten();
        match event {
            Event::Crashed(why) => self.done = Some(Err(RecordingError::Interrupted(why))),
            Event::Refused(e) => self.done = Some(Err(RecordingError::Refused(e))),
            Event::Reclaimed { coupon_id, used } if waiting_gift == Some(&coupon_id) => {
                if let Some(value) = used {
                    self.used.push((coupon_id, value));
                }
                self.next_gift += 1;
                return self.next();
            }
            Event::Recorded => self.done = self.record.clone().map(Ok),
            Event::Raced if self.record.is_some() => self.done = Some(Err(RecordingError::Raced)),
            _ => {}
        }
        vec![]
    }

    /// The record written, or why not; `None` while a step is outstanding.
    pub fn outcome(&self) -> Option<Result<ReturnRecord, RecordingError>> {
        self.done.clone()
    }
}
