//! The executor of the core's workflows (`shared::flows`): it sends each command to the
//! Durable Object or the D1 table that owns it and feeds the reply back as an event, until the
//! flow has its outcome. The rules live in the core; each module here only says how one flow's
//! commands are carried out ([`Ports`]), and [`drive`] is the same loop for every flow.

pub mod claim;
pub mod completion;
pub mod expiry;
pub mod holds;
pub mod placement;
pub mod promo;
pub mod returns;
pub mod rewards;
pub mod store_transfer;
pub mod transfer;

#[cfg(test)]
mod tests;

use crate::http::Failure;
use shared::flows::{Fault, Flow};
use std::collections::VecDeque;

/// How one flow's commands are carried out: each command gets exactly one reply, a refusal
/// or a crash included (so the flow, not the executor, decides what a failure means).
// The worker is single-threaded (wasm32): no `Send` bound is wanted on these futures.
#[allow(async_fn_in_trait)]
pub trait Ports<F: Flow> {
    /// Runs `command` and says what came of it.
    async fn run(&self, command: F::Command) -> F::Event;
}

/// Runs `flow` from its first commands until nothing is left to do, then returns its outcome
/// (`None` only if the flow stopped without one, which its property tests rule out).
pub async fn drive<F: Flow>(flow: &mut F, first: Vec<F::Command>, ports: &impl Ports<F>) -> Option<F::Outcome> {
    let mut queue: VecDeque<F::Command> = first.into();
    while let Some(command) = queue.pop_front() {
        let event = ports.run(command).await;
        queue.extend(flow.on(event));
    }
    flow.outcome()
}

/// A failed step as the flow sees it: refused by its owner, or unknown.
pub fn fault(failure: Failure) -> Fault {
    match failure {
        Failure::Api(e) => Fault::Refused(e),
        Failure::Internal(m) => Fault::Crashed(m),
        Failure::Limited(m, secs) => Fault::Crashed(format!("throttled for {secs} s: {m}")),
    }
}

/// A flow's failure as the API answers it (the refusal as it was given, or a 503).
pub fn failure(fault: Fault) -> Failure {
    match fault {
        Fault::Refused(e) => Failure::Api(e),
        Fault::Crashed(m) => Failure::Internal(m),
    }
}

/// The outcome of a flow that must have one.
pub fn decided<T>(outcome: Option<Result<T, Fault>>, flow: &str) -> Result<T, Failure> {
    outcome.ok_or_else(|| Failure::Internal(format!("the {flow} stopped without an outcome")))?.map_err(failure)
}

/// Runs a future that never waits (the in-memory fakes of the tests) to its end.
#[cfg(test)]
pub(crate) fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(out) => out,
        std::task::Poll::Pending => panic!("an in-memory fake never waits"),
    }
}
