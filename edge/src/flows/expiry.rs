//! Runs the expiry of an unpaid order whose lock lapsed (`shared::flows::expiry`). This is
//! where a pool's or bucket's alarm reports `LockLapsed`, and where a read that finds an order
//! past its time sends it: objects never call back into order code.

use super::{Ports, decided, drive, fault};
use crate::calls::member as card;
use crate::ctx::Ctx;
use crate::db;
use crate::http::Failure;
use shared::flows::Fault;
use shared::flows::expiry::{Command, Event, Expired, Expiry};
use shared::ids::OrderId;
use shared::order::OrderStatus;
use std::cell::RefCell;

/// Carries out an expiry's steps for one member's order.
struct Expirer<'a> {
    ctx: &'a Ctx,
    /// The order's member, read when it is closed (their card holds the coupon).
    member: RefCell<Option<String>>,
}

impl Ports<Expiry> for Expirer<'_> {
    async fn run(&self, command: Command) -> Event {
        let ctx = self.ctx;
        let done = match command {
            Command::Close(order) => {
                let closed = async {
                    if !db::orders::close(ctx, order.as_str(), OrderStatus::Expired).await? {
                        return Ok(Event::Closed { closed: false, coupon: None });
                    }
                    let row = db::orders::by_id(ctx, order.as_str()).await?;
                    let (member, coupon) = row.map(|r| (Some(r.member_id), r.coupon_id)).unwrap_or((None, None));
                    *self.member.borrow_mut() = member;
                    Ok(Event::Closed { closed: true, coupon })
                };
                closed.await
            }
            Command::ReleaseCoupon { order, coupon } => {
                let Some(member) = self.member.borrow().clone() else {
                    return Event::Failed(Fault::Crashed(format!("no member for order {order}")));
                };
                let release = card::ReleaseCoupon { id: coupon, order };
                card::send(ctx, &member, &release).await.map(|_| Event::CouponReleased)
            }
        };
        done.unwrap_or_else(|e: Failure| Event::Failed(fault(e)))
    }
}

/// A hold of `order` lapsed (or it was found past its time): close it as expired, once, and
/// give its coupon back.
pub async fn lock_lapsed(ctx: &Ctx, order: &OrderId) -> Result<Expired, Failure> {
    let (mut flow, first) = Expiry::lock_lapsed(order.clone());
    let ports = Expirer { ctx, member: Default::default() };
    decided(drive(&mut flow, first, &ports).await, "expiry")
}

/// Locks that lapsed at an object's alarm: each order is expired; a failure is logged and left
/// to the next read of the order or the repair pass.
pub async fn locks_lapsed(ctx: &Ctx, orders: &[OrderId]) {
    for order in orders {
        if let Err(e) = lock_lapsed(ctx, order).await {
            worker::console_error!("expiring order {order}: {e:?}");
        }
    }
}
