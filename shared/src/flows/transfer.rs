//! Pulling units into a flash-sale bucket that ran dry from its siblings.
//!
//! A transfer is noted as pending here first, then the sibling is asked to give (it records
//! what it gave under the transfer id, and a repeated ask answers the first answer), then the
//! units are taken in here (once per transfer id) and the note is cleared. A crash at any point
//! leaves either a note, which the next pull finishes by asking again for nothing more, or
//! nothing at all; so units move between buckets but are never created or lost.
//!
//! Siblings are asked in turn, starting after this bucket, until enough units are here or
//! every sibling was asked. Each ask is for a few more than needed ([`TransferPolicy`]) so the
//! next buyers here need no call.

use chrono::{DateTime, Duration, Utc};

/// The rules of pulling between buckets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransferPolicy {
    extra: u32,
    empty_memo: Duration,
}

impl TransferPolicy {
    /// The shop's rules: ask for 2 units more than needed; remember "every sibling is empty"
    /// for at most 5 s (in case a sibling's refill notice is lost).
    pub const STANDARD: TransferPolicy = TransferPolicy { extra: 2, empty_memo: Duration::seconds(5) };

    /// Rules with `extra` units asked beyond the need and `empty_memo` as the longest time
    /// "every sibling is empty" is believed.
    pub fn new(extra: u32, empty_memo: Duration) -> Self {
        TransferPolicy { extra, empty_memo }
    }

    /// Until when "every sibling is empty", found at `now`, may be believed: until the
    /// earliest sibling lock could lapse, and never beyond the memo's limit.
    pub fn empty_until(&self, now: DateTime<Utc>, earliest_lapse: Option<DateTime<Utc>>) -> DateTime<Utc> {
        let cap = now + self.empty_memo;
        earliest_lapse.map_or(cap, |t| t.min(cap))
    }
}

/// A transfer noted here and not yet taken in: its id and the sibling it is from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingTransfer {
    /// The transfer id (`"{to}<-{from}#{n}"`).
    pub transfer: String,
    /// The sibling bucket giving.
    pub from: u32,
}

/// Where a pull starts: this bucket, what it needs, and what its storage holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullRequest {
    index: u32,
    buckets: u32,
    need: u32,
    available: u32,
    pending: Vec<PendingTransfer>,
    pulls: u64,
}

impl PullRequest {
    /// Bucket `index` of `buckets` needs `need` units and has `available`; `pending` are the
    /// transfers a crash left noted, `pulls` the transfers started here so far (ids count on
    /// from it).
    pub fn new(index: u32, buckets: u32, need: u32, available: u32, pending: Vec<PendingTransfer>, pulls: u64) -> Self {
        PullRequest { index, buckets, need, available, pending, pulls }
    }
}

/// What the executor must do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Note the transfer as pending here, and `pulls` as the count of transfers started.
    /// Replies [`Event::Noted`].
    Note {
        /// The transfer.
        transfer: PendingTransfer,
        /// Transfers started here, this one included.
        pulls: u64,
    },
    /// Ask sibling `from` to give up to `want` units under `transfer` (a repeat answers the
    /// first answer). Replies [`Event::Given`].
    Pull {
        /// The transfer id.
        transfer: String,
        /// The sibling.
        from: u32,
        /// This bucket.
        to: u32,
        /// Units asked for (0 when finishing a transfer a crash interrupted).
        want: u32,
    },
    /// Take `qty` units in under `transfer` (once) and clear its note. Replies
    /// [`Event::TakenIn`].
    TakeIn {
        /// The transfer id.
        transfer: String,
        /// Units the sibling gave.
        qty: u32,
    },
}

/// What happened to the last command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The transfer is noted.
    Noted(String),
    /// The sibling gave `qty` under `transfer`; its earliest lock lapses at `next_expiry`.
    Given {
        /// The transfer id.
        transfer: String,
        /// Units given.
        qty: u32,
        /// When the sibling's earliest lock could lapse.
        next_expiry: Option<DateTime<Utc>>,
    },
    /// The units of `transfer` are here; `available` units are now available here.
    TakenIn {
        /// The transfer id.
        transfer: String,
        /// Units available here now.
        available: u32,
    },
    /// No answer came: the pull stops, leaving at most a note the next pull finishes.
    Crashed(String),
}

/// A pull that ran its course.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pulled {
    /// Units available here now.
    pub available: u32,
    /// The earliest instant a lock of an asked sibling could lapse (what "empty" is good until).
    pub earliest_lapse: Option<DateTime<Utc>>,
}

/// Why a pull stopped short.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransferError {
    /// A step did not answer.
    #[error("transfer interrupted: {0}")]
    Interrupted(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    /// Finishing the noted transfer at this position of `pending`.
    Finishing(usize),
    /// Asking the sibling `step` places after this bucket.
    Asking(u32),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Wait {
    Noted,
    Given,
    TakenIn,
}

/// One pull of units into a bucket.
#[derive(Clone, Debug)]
pub struct Transfer {
    request: PullRequest,
    policy: TransferPolicy,
    step: Step,
    current: Option<(PendingTransfer, Wait)>,
    earliest_lapse: Option<DateTime<Utc>>,
    done: Option<Result<Pulled, TransferError>>,
}

impl Transfer {
    /// Starts a pull: noted transfers are finished first, then siblings are asked.
    pub fn start(request: PullRequest, policy: &TransferPolicy) -> (Self, Vec<Command>) {
        let mut flow = Transfer {
            request,
            policy: *policy,
            step: Step::Finishing(0),
            current: None,
            earliest_lapse: None,
            done: None,
        };
        let next = flow.advance();
        (flow, next)
    }

    /// The next command from where the pull stands (or its end).
    fn advance(&mut self) -> Vec<Command> {
        loop {
            match self.step {
                Step::Finishing(i) => match self.request.pending.get(i) {
                    Some(p) => {
                        let p = p.clone();
                        self.current = Some((p.clone(), Wait::Given));
                        return vec![self.pull(&p, 0)];
                    }
                    None => self.step = Step::Asking(1),
                },
                Step::Asking(step) => {
                    let r = &self.request;
                    if step >= r.buckets || r.available >= r.need {
                        let pulled = Pulled { available: r.available, earliest_lapse: self.earliest_lapse };
                        self.done = Some(Ok(pulled));
                        return vec![];
                    }
                    self.request.pulls += 1;
                    let r = &self.request;
                    let from = (r.index + step) % r.buckets;
                    let transfer = PendingTransfer { transfer: format!("{}<-{from}#{}", r.index, r.pulls), from };
                    self.current = Some((transfer.clone(), Wait::Noted));
                    return vec![Command::Note { transfer, pulls: r.pulls }];
                }
            }
        }
    }

    fn pull(&self, p: &PendingTransfer, want: u32) -> Command {
        Command::Pull { transfer: p.transfer.clone(), from: p.from, to: self.request.index, want }
    }

    /// Moves the pull on a reply; returns the next work. A reply that does not answer the
    /// step in progress (a duplicate, or one for another transfer) changes nothing.
    pub fn on(&mut self, event: Event) -> Vec<Command> {
        if self.done.is_some() {
            return vec![];
        }
        let Some((current, wait)) = self.current.clone() else { return vec![] };
        match (wait, event) {
            (_, Event::Crashed(why)) => {
                self.done = Some(Err(TransferError::Interrupted(why)));
                vec![]
            }
            (Wait::Noted, Event::Noted(t)) if t == current.transfer => {
                let want = self.request.need.saturating_sub(self.request.available) + self.policy.extra;
                self.current = Some((current.clone(), Wait::Given));
                vec![self.pull(&current, want)]
            }
            (Wait::Given, Event::Given { transfer, qty, next_expiry }) if transfer == current.transfer => {
                if matches!(self.step, Step::Asking(_))
                    && let Some(t) = next_expiry
                {
                    self.earliest_lapse = Some(self.earliest_lapse.map_or(t, |e| e.min(t)));
                }
                self.current = Some((current, Wait::TakenIn));
                vec![Command::TakeIn { transfer, qty }]
            }
            (Wait::TakenIn, Event::TakenIn { transfer, available }) if transfer == current.transfer => {
                self.request.available = available;
                self.current = None;
                self.step = match self.step {
                    Step::Finishing(i) => Step::Finishing(i + 1),
                    Step::Asking(s) => Step::Asking(s + 1),
                };
                self.advance()
            }
            _ => vec![],
        }
    }

    /// How the pull ended; `None` while a step is outstanding.
    pub fn outcome(&self) -> Option<Result<Pulled, TransferError>> {
        self.done.clone()
    }
}

#[cfg(test)]
pub(crate) mod tests;
