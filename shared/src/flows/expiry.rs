//! An unpaid order whose lock lapsed: a stock pool or sale bucket reports `LockLapsed` (from
//! its alarm), or a read finds it past its time. The order is closed as expired once; the one
//! call that closes it gives its coupon back to the wallet. Its holds have lapsed already (each
//! object drops them lazily or by alarm).

use super::Flow;
use crate::ids::OrderId;

/// What the executor is to do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Close the order as expired if it is still unpaid.
    Close(OrderId),
    /// Give the coupon the order held back to the wallet.
    ReleaseCoupon { order: OrderId, coupon: String },
}

/// A reply, or the news that starts the flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The order's close: `closed` if this call closed it (it was unpaid), with the coupon it
    /// held.
    Closed { closed: bool, coupon: Option<String> },
    /// The coupon is back (or the wallet said it was not held: either way, done).
    CouponReleased,
    /// A step failed; the order stays as it is and a later read or pass tries again.
    Failed(super::Fault),
}

/// How the expiry ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expired {
    /// Closed now (and its coupon returned, if it had one).
    Now,
    /// It was paid, cancelled or expired before: nothing to do.
    Already,
}

/// The expiry of one order.
#[derive(Clone, Debug)]
pub struct Expiry {
    order: OrderId,
    outcome: Option<Result<Expired, super::Fault>>,
}

impl Expiry {
    /// A lock of `order` lapsed: close it.
    pub fn lock_lapsed(order: OrderId) -> (Expiry, Vec<Command>) {
        let first = vec![Command::Close(order.clone())];
        (Expiry { order, outcome: None }, first)
    }
}

impl Flow for Expiry {
    type Command = Command;
    type Event = Event;
    type Outcome = Result<Expired, super::Fault>;

    fn on(&mut self, event: Event) -> Vec<Command> {
        if self.outcome.is_some() {
            return Vec::new();
        }
        match event {
            Event::Closed { closed: false, .. } => {
                self.outcome = Some(Ok(Expired::Already));
                Vec::new()
            }
            Event::Closed { closed: true, coupon } => {
                self.outcome = Some(Ok(Expired::Now));
                coupon.map(|coupon| Command::ReleaseCoupon { order: self.order.clone(), coupon }).into_iter().collect()
            }
            Event::CouponReleased => Vec::new(),
            Event::Failed(fault) => {
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
mod tests {
    use super::*;

    #[test]
    fn the_call_that_closes_the_order_returns_its_coupon_once() {
        let order = OrderId::parse("O1").expect("id");
        let (mut e, c) = Expiry::lock_lapsed(order.clone());
        assert_eq!(c, vec![Command::Close(order.clone())]);
        let c = e.on(Event::Closed { closed: true, coupon: Some("C1".into()) });
        assert_eq!(c, vec![Command::ReleaseCoupon { order, coupon: "C1".into() }]);
        assert_eq!(e.outcome(), Some(Ok(Expired::Now)));
        // A repeated reply asks for nothing more.
        assert!(e.on(Event::Closed { closed: true, coupon: Some("C1".into()) }).is_empty());
    }

    #[test]
    fn an_order_closed_before_is_left_alone() {
        let (mut e, _) = Expiry::lock_lapsed(OrderId::parse("O1").expect("id"));
        assert!(e.on(Event::Closed { closed: false, coupon: Some("C1".into()) }).is_empty());
        assert_eq!(e.outcome(), Some(Ok(Expired::Already)));
    }
}
