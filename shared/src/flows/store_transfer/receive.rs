//! Receiving a transfer at its destination, exactly once: claim the row for a lease (of
//! receives at the same time, one wins), put the units into the receiving pool (once, under the
//! transfer's in-reference), mark the row `received`. A receive whose pool step fails gives its
//! claim back, so the transfer can be received again; one that crashes leaves a claim that
//! lapses after [`super::TransferPolicy::receive_lease`], and the next receive finishes it (the
//! pool repeats nothing).

use super::{TransferId, TransferPolicy, TransferStatus};
use crate::flows::{Fault, Flow};
use crate::ids::{OrderId, Sku, StoreId};
use crate::stock::Qty;
use crate::{ApiError, ErrorCode};
use chrono::{DateTime, Utc};

/// The transfer as its row gives it, for a receive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InTransit {
    /// The transfer.
    pub id: TransferId,
    /// The product.
    pub sku: Sku,
    /// How many units.
    pub qty: Qty,
    /// The receiving store.
    pub to: StoreId,
    /// The member's order whose units it carries (they arrive waiting for its pickup).
    pub order: Option<OrderId>,
}

/// What the executor must do next; each gets exactly one [`ReceiveEvent`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReceiveCommand {
    /// Claim an `in_transit` row that no live claim holds, until `until`; reply
    /// [`ReceiveEvent::Claimed`] (won or not, and the status found).
    Claim {
        /// The transfer.
        id: TransferId,
        /// Who claims (this receive).
        claimant: String,
        /// The instant of the receive (a claim before it has lapsed).
        now: DateTime<Utc>,
        /// When this claim lapses.
        until: DateTime<Utc>,
    },
    /// Put `qty` units into the pool, once per `reference`; reply [`ReceiveEvent::TakenIn`].
    TakeIn {
        /// The receiving store.
        store: StoreId,
        /// The product.
        sku: Sku,
        /// How many.
        qty: Qty,
        /// What makes a repeat a no-op.
        reference: String,
        /// The paid order the units arrive for.
        order: Option<OrderId>,
    },
    /// Mark the row `received` if this receive still holds the claim; reply
    /// [`ReceiveEvent::Marked`].
    MarkReceived {
        /// The transfer.
        id: TransferId,
        /// Who claimed it.
        claimant: String,
    },
    /// Give the claim back if this receive still holds it; reply [`ReceiveEvent::Unclaimed`].
    Unclaim {
        /// The transfer.
        id: TransferId,
        /// Who claimed it.
        claimant: String,
    },
    /// Mark the order arrived if every transfer of it is received (a no-op otherwise, and on
    /// a repeat); reply [`ReceiveEvent::Arrived`].
    MarkArrived(OrderId),
}

/// What happened to the last command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReceiveEvent {
    /// Whether this receive holds the claim now; the row's status either way (`None`: no row).
    Claimed {
        /// This receive holds the claim.
        won: bool,
        /// The status the row has.
        status: Option<TransferStatus>,
    },
    /// The units are in the receiving pool.
    TakenIn,
    /// Whether this receive marked the row `received`; the row's status either way (not
    /// marked: its claim lapsed and another receive took over).
    Marked {
        /// This receive marked it.
        won: bool,
        /// The status the row has.
        status: Option<TransferStatus>,
    },
    /// The claim is given back.
    Unclaimed,
    /// The order is marked arrived (or waits for its other transfers).
    Arrived,
    /// The step was refused or did not answer.
    Failed(Fault),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    Claiming,
    Taking,
    Marking,
    Unclaiming(Fault),
    Arriving(Result<(), Fault>),
    Done(Result<(), Fault>),
}

/// One receive of one transfer.
#[derive(Clone, Debug)]
pub struct Receiving {
    transfer: InTransit,
    claimant: String,
    state: State,
}

fn refused(code: ErrorCode, message: &str) -> Fault {
    Fault::Refused(ApiError::new(code, message))
}

impl Receiving {
    /// Starts receiving `transfer` at `now` as `claimant` (an id of this receive, unique among
    /// receives): first the claim.
    pub fn start(
        transfer: InTransit,
        claimant: &str,
        now: DateTime<Utc>,
        policy: &TransferPolicy,
    ) -> (Self, Vec<ReceiveCommand>) {
        let id = transfer.id.clone();
        let claim =
            ReceiveCommand::Claim { id, claimant: claimant.to_owned(), now, until: now + policy.receive_lease() };
        (Receiving { transfer, claimant: claimant.to_owned(), state: State::Claiming }, vec![claim])
    }

    fn finish(&mut self, result: Result<(), Fault>) -> Vec<ReceiveCommand> {
        self.state = State::Done(result);
        vec![]
    }

    /// Ends with `result`; first, if the transfer carries an order and is received (by this
    /// receive or an earlier one), marks the order arrived: an earlier receive that stopped
    /// before doing so is finished by the next attempt.
    fn arrive(&mut self, result: Result<(), Fault>, status: Option<TransferStatus>) -> Vec<ReceiveCommand> {
        match (&self.transfer.order, status) {
            (Some(order), Some(TransferStatus::Received)) => {
                let order = order.clone();
                self.state = State::Arriving(result);
                vec![ReceiveCommand::MarkArrived(order)]
            }
            _ => self.finish(result),
        }
    }

    /// Why a claim was not won, from the status the row has.
    fn lost(status: Option<TransferStatus>) -> Fault {
        match status {
            Some(TransferStatus::Received) => refused(ErrorCode::AlreadyReceived, "this transfer was already received"),
            Some(TransferStatus::InTransit) => {
                refused(ErrorCode::Conflict, "another receive of this transfer is under way; look again shortly")
            }
            Some(TransferStatus::Requested) => refused(ErrorCode::Conflict, "this transfer has not been sent yet"),
            None => Fault::Refused(ApiError::not_found("no such transfer")),
        }
    }
}

impl Flow for Receiving {
    type Command = ReceiveCommand;
    type Event = ReceiveEvent;
    type Outcome = Result<(), Fault>;

    /// A reply that does not answer the step in progress changes nothing.
    fn on(&mut self, event: ReceiveEvent) -> Vec<ReceiveCommand> {
        match (&self.state, event) {
            (State::Done(_), _) => vec![],
            (State::Claiming, ReceiveEvent::Claimed { won: true, .. }) => {
                self.state = State::Taking;
                let t = &self.transfer;
                let reference = t.id.in_reference();
                let (store, sku, order) = (t.to.clone(), t.sku.clone(), t.order.clone());
                vec![ReceiveCommand::TakeIn { store, sku, qty: t.qty, reference, order }]
            }
            (State::Claiming, ReceiveEvent::Claimed { won: false, status }) => {
                self.arrive(Err(Self::lost(status)), status)
            }
            (State::Taking, ReceiveEvent::TakenIn) => {
                self.state = State::Marking;
                vec![ReceiveCommand::MarkReceived { id: self.transfer.id.clone(), claimant: self.claimant.clone() }]
            }
            // The pool did not take the units (or said nothing): the transfer stays receivable.
            (State::Taking, ReceiveEvent::Failed(fault)) => {
                self.state = State::Unclaiming(fault);
                vec![ReceiveCommand::Unclaim { id: self.transfer.id.clone(), claimant: self.claimant.clone() }]
            }
            (State::Marking, ReceiveEvent::Marked { won: true, status }) => self.arrive(Ok(()), status),
            (State::Marking, ReceiveEvent::Marked { won: false, status }) => {
                self.arrive(Err(Self::lost(status)), status)
            }
            (State::Arriving(result), ReceiveEvent::Arrived | ReceiveEvent::Failed(_)) => {
                let result = result.clone();
                self.finish(result)
            }
            (State::Unclaiming(fault), ReceiveEvent::Unclaimed | ReceiveEvent::Failed(_)) => {
                let fault = fault.clone();
                self.finish(Err(fault))
            }
            // Anything else that did not answer stops here; the claim lapses and a later
            // receive finishes the transfer.
            (_, ReceiveEvent::Failed(fault)) => self.finish(Err(fault)),
            _ => vec![],
        }
    }

    fn outcome(&self) -> Option<Result<(), Fault>> {
        match &self.state {
            State::Done(result) => Some(result.clone()),
            _ => None,
        }
    }
}
