//! Sending a transfer: note the row, take the units out of the sending pool (once, under the
//! transfer's out-reference), mark the row `in_transit`. A retry of the same request (same
//! transfer id) picks up where the first stopped; a refusal of the pool removes the note, since
//! a refused take moved nothing.

use super::{TransferId, TransferOrder, TransferStatus};
use crate::flows::{Fault, Flow};
use crate::ids::{OrderId, Sku, StoreId};
use crate::stock::Qty;

/// What the executor must do next; each gets exactly one [`SendEvent`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendCommand {
    /// Insert the transfer's row as `requested` unless it exists; reply
    /// [`SendEvent::Noted`] with the row's status (a repeat finds the first one's).
    Note {
        /// The transfer.
        id: TransferId,
        /// What it moves.
        order: TransferOrder,
    },
    /// Take `qty` units out of the pool, once per `reference`; reply [`SendEvent::TakenOut`].
    TakeOut {
        /// The sending store.
        store: StoreId,
        /// The product.
        sku: Sku,
        /// How many.
        qty: Qty,
        /// What makes a repeat a no-op.
        reference: String,
        /// The paid order whose units go (taken from its pickup, not from free stock).
        order: Option<OrderId>,
    },
    /// Mark a `requested` row `in_transit`; reply [`SendEvent::Marked`].
    MarkInTransit(TransferId),
    /// Delete a `requested` row whose take was refused; reply [`SendEvent::Dropped`].
    Drop(TransferId),
}

/// What happened to the last command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendEvent {
    /// The row exists with this status.
    Noted(TransferStatus),
    /// The pool gave the units (now or on the first try).
    TakenOut,
    /// The row says `in_transit`.
    Marked,
    /// The note is gone.
    Dropped,
    /// The step was refused or did not answer.
    Failed(Fault),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    Noting,
    Taking,
    Marking,
    Dropping(Fault),
    Done(Result<(), Fault>),
}

/// One send of one transfer.
#[derive(Clone, Debug)]
pub struct Sending {
    id: TransferId,
    order: TransferOrder,
    state: State,
}

impl Sending {
    /// Starts sending `order` as transfer `id`: first its row is noted.
    pub fn start(id: TransferId, order: TransferOrder) -> (Self, Vec<SendCommand>) {
        let note = SendCommand::Note { id: id.clone(), order: order.clone() };
        (Sending { id, order, state: State::Noting }, vec![note])
    }

    fn finish(&mut self, result: Result<(), Fault>) -> Vec<SendCommand> {
        self.state = State::Done(result);
        vec![]
    }
}

impl Flow for Sending {
    type Command = SendCommand;
    type Event = SendEvent;
    type Outcome = Result<(), Fault>;

    /// A reply that does not answer the step in progress changes nothing.
    fn on(&mut self, event: SendEvent) -> Vec<SendCommand> {
        match (&self.state, event) {
            (State::Done(_), _) => vec![],
            (State::Noting, SendEvent::Noted(TransferStatus::Requested)) => {
                self.state = State::Taking;
                let o = &self.order;
                let reference = self.id.out_reference();
                let (store, sku, order) = (o.from().clone(), o.sku().clone(), o.order().cloned());
                vec![SendCommand::TakeOut { store, sku, qty: o.qty(), reference, order }]
            }
            // A repeat of a send that got through: nothing more to do.
            (State::Noting, SendEvent::Noted(_)) => self.finish(Ok(())),
            (State::Taking, SendEvent::TakenOut) => {
                self.state = State::Marking;
                vec![SendCommand::MarkInTransit(self.id.clone())]
            }
            // The pool said no: nothing left it, so the note goes too.
            (State::Taking, SendEvent::Failed(refused @ Fault::Refused(_))) => {
                self.state = State::Dropping(refused);
                vec![SendCommand::Drop(self.id.clone())]
            }
            (State::Marking, SendEvent::Marked) => self.finish(Ok(())),
            (State::Dropping(refused), SendEvent::Dropped) => {
                let refused = refused.clone();
                self.finish(Err(refused))
            }
            // Anything that did not answer stops here; the same request again finishes it.
            (_, SendEvent::Failed(fault)) => self.finish(Err(fault)),
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
