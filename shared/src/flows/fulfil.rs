//! A paid order of units another store has: each line's units travel to the pickup store as a
//! transfer between stores (the [`store_transfer`](super::store_transfer) machine, one per
//! line, one after another). Each transfer's id derives from the order and the SKU, so running
//! the fulfilment again (a retry, the repair pass) finishes what an earlier run began and moves
//! nothing twice. The units leave the order's pickup at the sending store and, when the pickup
//! store receives the transfer, arrive waiting for the order's pickup there; the order is ready
//! once every line's transfer is received.

use super::store_transfer::{SendCommand, SendEvent, Sending, TransferId, TransferOrder, TransferOrderError};
use super::{Fault, Flow};
use crate::ids::{OrderId, Sku, StoreId};
use crate::stock::Qty;

/// Sending every line of one paid order from the store that had its units.
#[derive(Clone, Debug)]
pub struct Fulfilment {
    transfers: Vec<(TransferId, TransferOrder)>,
    current: Option<Sending>,
    next: usize,
    outcome: Option<Result<Vec<TransferId>, Fault>>,
}

impl Fulfilment {
    /// Starts sending `lines` of `order` from `from` to the pickup store `to`; `secret` keys the
    /// transfers' ids. A line that cannot be a transfer is refused before anything moves.
    pub fn start(
        secret: &[u8],
        order: &OrderId,
        from: &StoreId,
        to: &StoreId,
        lines: &[(Sku, Qty)],
    ) -> Result<(Fulfilment, Vec<SendCommand>), TransferOrderError> {
        let transfers = lines
            .iter()
            .map(|(sku, qty)| {
                let t = TransferOrder::parse(sku.as_str(), i64::from(qty.get()), from.as_str(), to.as_str())?;
                Ok((TransferId::for_order_line(secret, order, sku), t.for_order(order.clone())))
            })
            .collect::<Result<Vec<_>, TransferOrderError>>()?;
        let mut flow = Fulfilment { transfers, current: None, next: 0, outcome: None };
        let first = flow.send_next();
        Ok((flow, first))
    }

    /// The transfers, in line order.
    pub fn transfers(&self) -> impl Iterator<Item = &TransferId> {
        self.transfers.iter().map(|(id, _)| id)
    }

    fn send_next(&mut self) -> Vec<SendCommand> {
        let Some((id, order)) = self.transfers.get(self.next).cloned() else {
            self.current = None;
            self.outcome = Some(Ok(self.transfers.iter().map(|(id, _)| id.clone()).collect()));
            return Vec::new();
        };
        self.next += 1;
        let (sending, first) = Sending::start(id, order);
        self.current = Some(sending);
        first
    }
}

impl Flow for Fulfilment {
    type Command = SendCommand;
    type Event = SendEvent;
    type Outcome = Result<Vec<TransferId>, Fault>;

    /// Every reply goes to the line's transfer under way; when it is sent, the next starts.
    fn on(&mut self, event: SendEvent) -> Vec<SendCommand> {
        let Some(sending) = self.current.as_mut() else { return Vec::new() };
        let next = sending.on(event);
        match sending.outcome() {
            None => next,
            Some(Ok(())) => self.send_next(),
            Some(Err(fault)) => {
                self.current = None;
                self.outcome = Some(Err(fault));
                Vec::new()
            }
        }
    }

    fn outcome(&self) -> Option<Self::Outcome> {
        self.outcome.clone()
    }
}

#[cfg(test)]
mod tests;
