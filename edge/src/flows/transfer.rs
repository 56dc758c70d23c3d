//! Runs a pull of units between a flash sale's buckets ([`shared::flows::transfer`]): the
//! bucket's own object notes and takes in; a sibling's object gives. The port is implemented by
//! the sale object (`objects/sale/transfer.rs`), which owns the storage.

use crate::http::Failure;
use shared::flows::transfer::{Command, Event, PendingTransfer, Pulled, Transfer, TransferError};

/// Where a pull's commands go.
pub trait BucketPort {
    /// Performs one command; its reply as the machine's event.
    async fn apply(&self, command: Command) -> Event;
}

/// Drives `flow` from its first commands to its outcome.
pub async fn drive(mut flow: Transfer, mut todo: Vec<Command>, port: &impl BucketPort) -> Result<Pulled, Failure> {
    while flow.outcome().is_none()
        && let Some(command) = todo.pop()
    {
        let event = port.apply(command).await;
        todo.extend(flow.on(event));
    }
    match flow.outcome() {
        Some(Ok(pulled)) => Ok(pulled),
        Some(Err(TransferError::Interrupted(why))) => Err(Failure::Internal(why)),
        None => Err(Failure::Internal("the transfer stopped with a step outstanding".into())),
    }
}

/// Noted transfers as the object stores them (`[[transfer, from], …]`).
pub fn pending(stored: Vec<(String, u32)>) -> Vec<PendingTransfer> {
    stored.into_iter().map(|(transfer, from)| PendingTransfer { transfer, from }).collect()
}

#[cfg(test)]
mod tests;
