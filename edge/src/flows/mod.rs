//! Executors of the core's workflows (`shared::flows`): each sends the machine's commands to
//! the object or D1 table that owns them, feeds the replies back, and stops at the outcome.
//! The rules are in the machines; what is here is transport, behind a small port per flow so
//! the drive loops run natively against in-memory fakes in the tests.

pub mod claim;
pub mod returns;
pub mod transfer;

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
