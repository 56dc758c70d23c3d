//! Runs a return ([`shared::flows::settlement`]): recording it (gift coupons taken back, then
//! the return and its units written in one D1 transaction) and settling it (the refund on the
//! member's card, the units into the receiving store's pool, the spend taken back, the order
//! closed, a referrer's points taken back, the return marked settled).

use crate::auth::StaffAuth;
use crate::calls::member::{self as card, Reclaimed};
use crate::calls::stock;
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::db::returns::{NewReturn, ReturnRow};
use crate::http::Failure;
use shared::flows::settlement::recording::{self, Recording, RecordingError, ReturnDraft};
use shared::flows::settlement::{Command, Event, RecordedReturn, ReferralReward, Settlement, SettlementError};
use shared::ids::{Sku, StoreId};
use shared::order::OrderStatus;
use shared::stock::Qty;
use shared::stored_value::{EntryKind, Posting};
use shared::{ApiError, Fen};

mod plan;
pub use plan::{policy, preview, refund_allowed};

/// Where a recording's commands go.
pub trait RecordingPort {
    /// Performs one command; its reply as the machine's event.
    async fn apply(&self, command: recording::Command) -> recording::Event;
}

/// Where a settlement's commands go.
pub trait SettlementPort {
    /// Performs one command; its reply as the machine's event.
    async fn apply(&self, command: Command) -> Event;
}

/// A reply as an event: a refusal passes through, any other failure is a crash.
fn replied<T, E>(
    reply: Result<T, Failure>,
    ok: impl FnOnce(T) -> E,
    refused: fn(ApiError) -> E,
    crashed: fn(String) -> E,
) -> E {
    match reply {
        Ok(value) => ok(value),
        Err(Failure::Api(e)) => refused(e),
        Err(other) => crashed(format!("{other:?}")),
    }
}

/// Drives a recording to its outcome: the record written, or `None` when another return took
/// some of the units first.
pub async fn drive_recording(
    mut flow: Recording,
    mut todo: Vec<recording::Command>,
    port: &impl RecordingPort,
) -> Result<Option<recording::ReturnRecord>, Failure> {
    while flow.outcome().is_none()
        && let Some(command) = todo.pop()
    {
        let event = port.apply(command).await;
        todo.extend(flow.on(event));
    }
    match flow.outcome() {
        Some(Ok(record)) => Ok(Some(record)),
        Some(Err(RecordingError::Raced)) => Ok(None),
        Some(Err(RecordingError::Refused(e))) => Err(Failure::Api(e)),
        Some(Err(RecordingError::Interrupted(why))) => Err(Failure::Internal(why)),
        None => Err(Failure::Internal("the recording stopped with a step outstanding".into())),
    }
}

/// Drives a settlement to its outcome.
pub async fn drive_settlement(
    mut flow: Settlement,
    mut todo: Vec<Command>,
    port: &impl SettlementPort,
) -> Result<(), Failure> {
    while flow.outcome().is_none()
        && let Some(command) = todo.pop()
    {
        let event = port.apply(command).await;
        todo.extend(flow.on(event));
    }
    match flow.outcome() {
        Some(Ok(())) => Ok(()),
        Some(Err(SettlementError::Refused(e))) => Err(Failure::Api(e)),
        Some(Err(SettlementError::Interrupted(why))) => Err(Failure::Internal(why)),
        None => Err(Failure::Internal("the settlement stopped with a step outstanding".into())),
    }
}

/// The live card and D1 for recording return `id` of `order` at the staff's store.
struct Counter<'a> {
    ctx: &'a Ctx,
    staff: &'a StaffAuth,
    order: &'a OrderRow,
    id: &'a str,
    reason: &'a str,
    fingerprint: &'a str,
}

impl RecordingPort for Counter<'_> {
    async fn apply(&self, command: recording::Command) -> recording::Event {
        use recording::Event as E;
        let ctx = self.ctx;
        match command {
            recording::Command::ReclaimCoupon { member_id, coupon_id } => {
                let reclaim = card::ReclaimCoupon { id: coupon_id.clone(), now: ctx.now };
                let reply = async {
                    if card::send(ctx, &member_id, &reclaim).await? != Reclaimed::Used {
                        return Ok(None);
                    }
                    Ok(Some(db::orders::discount_with_coupon(ctx, &coupon_id).await?.unwrap_or(Fen::ZERO)))
                };
                replied(reply.await, |used| E::Reclaimed { coupon_id, used }, E::Refused, E::Crashed)
            }
            recording::Command::Record(r) => {
                let new = NewReturn {
                    id: self.id,
                    order_id: &self.order.id,
                    member_id: &self.order.member_id,
                    store_id: &self.staff.store_id,
                    staff_id: &self.staff.staff_id,
                    refund: r.refund,
                    kept: r.kept,
                    kept_note: &r.kept_note,
                    method: match self.order.payment_method {
                        Some(method) => method,
                        None => {
                            let missing = format!("paid order {} has no payment method", self.order.id);
                            return E::Crashed(missing);
                        }
                    },
                    reason: self.reason,
                    fingerprint: self.fingerprint,
                    lines: &r.lines,
                    unit_refunds: r.unit_refunds,
                };
                let written = db::returns::insert(ctx, &new).await;
                replied(written, |w| if w { E::Recorded } else { E::Raced }, E::Refused, E::Crashed)
            }
        }
    }
}

/// The live cards, pools and D1.
struct Objects<'a>(&'a Ctx);

impl Objects<'_> {
    async fn close_order(&self, order_id: &str) -> Result<(bool, Option<ReferralReward>), Failure> {
        let ctx = self.0;
        db::returns::close_order_if_complete(ctx, order_id).await?;
        let order = db::orders::by_id(ctx, order_id).await?;
        let refunded = order.as_ref().is_some_and(|o| o.status() == OrderStatus::Refunded);
        if let Some(o) = order.as_ref().filter(|_| refunded) {
            crate::flows::promo::on_returned(ctx, o).await?;
        }
        let referral = db::referrals::of_order(ctx, order_id).await?.map(|r| ReferralReward {
            referrer: r.referrer_id,
            buyer: r.member_id,
            points: r.points.max(0) as u64,
        });
        Ok((refunded, referral))
    }
}

impl SettlementPort for Objects<'_> {
    async fn apply(&self, command: Command) -> Event {
        let ctx = self.0;
        match command {
            Command::Refund { member_id, amount, reference, reason } => {
                let posting = Posting::new(EntryKind::Refund, amount, &reference, &reason);
                let post = card::Post { posting, now: ctx.now };
                replied(card::send(ctx, &member_id, &post).await, |_| Event::Refunded, Event::Refused, Event::Crashed)
            }
            Command::Restock { store, sku, qty, reference } => {
                let received = stock::receive(ctx, &store, &sku, &reference, qty).await;
                replied(received, |_| Event::Restocked(sku), Event::Refused, Event::Crashed)
            }
            Command::TakeSpend { member_id, fen, reference, points_per_yuan, at } => {
                let spend = card::RecordSpend { reference, fen, at, points_per_yuan };
                let reply = card::send(ctx, &member_id, &spend).await;
                replied(reply, |_| Event::SpendTaken, Event::Refused, Event::Crashed)
            }
            Command::CloseOrder { order_id } => replied(
                self.close_order(&order_id).await,
                |(refunded, referral)| Event::OrderClosed { refunded, referral },
                Event::Refused,
                Event::Crashed,
            ),
            Command::TakePoints { member_id, points, reference, reason } => {
                let take = card::TakePoints { reference, points, reason, now: ctx.now };
                let reply = card::send(ctx, &member_id, &take).await;
                replied(reply, |_| Event::PointsTaken, Event::Refused, Event::Crashed)
            }
            Command::MarkSettled { return_id } => replied(
                db::returns::mark_settled(ctx, &return_id).await,
                |_| Event::Settled,
                Event::Refused,
                Event::Crashed,
            ),
        }
    }
}

/// Records the return `id` of `asked` units of `order` at the staff's store; `Ok(None)` when
/// another return claimed some of the same units first. A refund over the guide's limit needs
/// a manager (`NEEDS_MANAGER`).
pub async fn record(
    ctx: &Ctx,
    staff: &StaffAuth,
    order: &OrderRow,
    id: &str,
    asked: &[(String, i64)],
    reason: &str,
    fingerprint: &str,
) -> Result<Option<ReturnRow>, Failure> {
    let policy = policy(ctx);
    let (lines, plan) = preview(ctx, order, asked).await?;
    refund_allowed(staff, plan.refund)?;
    let gifts = match plan.completes_order {
        true => db::rewards::of_order(ctx, &order.id).await?.into_iter().map(|g| g.coupon_id).collect(),
        false => vec![],
    };
    let discount = Fen::new(order.discount_fen.max(0) as u64);
    let draft = ReturnDraft::new(&order.member_id, &lines, discount, plan, gifts, &policy);
    let (flow, todo) = Recording::start(draft, &policy);
    let port = Counter { ctx, staff, order, id, reason, fingerprint };
    match drive_recording(flow, todo, &port).await? {
        Some(_) => db::returns::by_id(ctx, id).await,
        None => Ok(None),
    }
}

/// Applies a recorded return's effects, each once (started again, it finishes what is left).
pub async fn settle(ctx: &Ctx, r: &ReturnRow) -> Result<(), Failure> {
    let store = StoreId::parse(&r.store_id).map_err(|e| Failure::Internal(e.to_string()))?;
    let mut lines = Vec::new();
    for line in db::returns::lines(ctx, &r.id).await? {
        let sku = Sku::parse(&line.sku).map_err(|e| Failure::Internal(e.to_string()))?;
        let qty = Qty::parse(i64::from(line.qty)).map_err(|e| Failure::Internal(e.to_string()))?;
        lines.push((sku, qty));
    }
    let refund = Fen::new(r.refund_fen.max(0) as u64);
    let recorded = RecordedReturn::new(&r.id, &r.order_id, &r.member_id, store, refund, r.method, lines);
    let (flow, todo) = Settlement::start(recorded, ctx.now, &policy(ctx));
    drive_settlement(flow, todo, &Objects(ctx)).await?;
    crate::messages::notify(ctx, &r.member_id, shared::reminders::MessageKind::Refunded, &r.id, &r.order_id).await;
    Ok(())
}

#[cfg(test)]
mod tests;
