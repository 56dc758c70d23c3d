//! Runs the completion of a payment (`shared::flows::completion`): confirmations at the pools
//! and buckets, the coupon and the spend at the member's card, the order's status and the
//! refund in D1.

use super::{Ports, decided, drive, fault, holds};
use crate::calls::member::{self as card, PostReply};
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::http::Failure;
use shared::flows::Fault;
use shared::flows::completion::{Arrival, Command, Completion, Event, Step, paid_another_way};
use shared::ids::OrderId;
use shared::kinds::{PaymentMethod as Method, ledger_reference, payment_id};
use shared::order::OrderStatus;
use shared::stored_value::{EntryKind, Posting};
use shared::{ApiError, ErrorCode, Fen};

/// Carries out a completion's steps for one order and one way of paying.
struct Completer<'a> {
    ctx: &'a Ctx,
    row: &'a OrderRow,
    id: OrderId,
    method: Method,
}

/// The money for order `order` has arrived by `method` (stored value debited, or the gateway's
/// notification verified): complete the order, or send the money back. Idempotent.
pub async fn complete(ctx: &Ctx, order: &str, method: Method) -> Result<(), Failure> {
    let Some(row) = db::orders::by_id(ctx, order).await? else {
        return Err(ApiError::not_found(format!("no order {order}")).into());
    };
    let id = OrderId::parse(&row.id).map_err(|_| ApiError::not_found(format!("no order {order}")))?;
    let lines = match row.status() {
        // A paid order's lines are settled by the payment that paid it.
        OrderStatus::ReadyForPickup | OrderStatus::AwaitingTransfer | OrderStatus::PickedUp => Vec::new(),
        _ => db::orders::lines(ctx, &row.id).await?,
    };
    let arrival = Arrival {
        order: id.clone(),
        status: row.status(),
        paid_the_same_way: row.payment_method == Some(method),
        holders: holds::of_lines(row.stock_store(), &lines)?,
        coupon: row.coupon_id.clone(),
        total: Fen::new(row.total_fen.max(0) as u64),
    };
    let (mut flow, first) = Completion::start(arrival);
    let ports = Completer { ctx, row: &row, id, method };
    decided(drive(&mut flow, first, &ports).await, "completion")?;
    // Paid with units in another store: they set off now. A payment never fails for this:
    // what stops half-way the repair pass finishes (`payments::reconcile`).
    if row.source_store.is_some() {
        let paid = db::orders::by_id(ctx, order).await?;
        if let Some(paid) = paid.filter(|o| o.status() == OrderStatus::AwaitingTransfer)
            && let Err(e) = super::store_transfer::fulfil(ctx, &paid).await
        {
            worker::console_error!("fulfilment of {order}: {e:?}");
        }
    }
    Ok(())
}

impl Ports<Completion> for Completer<'_> {
    async fn run(&self, command: Command) -> Event {
        let (ctx, row, id) = (self.ctx, self.row, &self.id);
        let (step, done) = match command {
            Command::Confirm { line, holder } => match holds::confirm(ctx, &holder, id).await {
                Err(Failure::Api(e)) if e.code() == ErrorCode::LockExpired => return Event::LockLapsed(line),
                done => (Step::Confirm(line), done),
            },
            Command::Unconfirm { line, holder } => (Step::Unconfirm(line), holds::unconfirm(ctx, &holder, id).await),
            Command::RedeemCoupon { coupon } => {
                crate::messages::coupon_used(ctx, &row.member_id, &coupon).await;
                let redeem = card::RedeemCoupon { id: coupon, order: id.clone() };
                (Step::Redeem, card::send(ctx, &row.member_id, &redeem).await.map(|_| ()))
            }
            Command::ReleaseCoupon { coupon } => {
                let release = card::ReleaseCoupon { id: coupon, order: id.clone() };
                (Step::ReleaseCoupon, card::send(ctx, &row.member_id, &release).await.map(|_| ()))
            }
            Command::Close => match db::orders::close(ctx, &row.id, OrderStatus::Expired).await {
                Ok(false) => return self.unchanged(Step::Close, Event::Closed { closed: false }).await,
                Ok(closed) => return Event::Closed { closed },
                Err(e) => (Step::Close, Err(e)),
            },
            Command::Refund { reason, .. } => (Step::Refund, refund(ctx, row, self.method, reason.as_str()).await),
            Command::MarkPaid => match db::orders::mark_paid(ctx, &row.id, self.method).await {
                Ok(first) => {
                    if !first {
                        return self.unchanged(Step::MarkPaid, Event::MarkedPaid { first }).await;
                    }
                    crate::messages::order_paid(ctx, row).await;
                    return Event::MarkedPaid { first };
                }
                Err(e) => (Step::MarkPaid, Err(e)),
            },
            Command::RecordSpend { .. } => {
                let spend = card::RecordSpend {
                    reference: ledger_reference(&row.id),
                    fen: row.total_fen,
                    at: ctx.now,
                    points_per_yuan: ctx.points_per_yuan(),
                };
                (Step::RecordSpend, card::send(ctx, &row.member_id, &spend).await.map(|_| ()))
            }
            Command::GiveRewards => {
                // Rewards never fail a payment: what goes wrong here the cron pass gives later.
                if let Err(e) = crate::flows::rewards::give(ctx, row).await {
                    worker::console_error!("rewards for {}: {e:?}", row.id);
                }
                (Step::GiveRewards, Ok(()))
            }
        };
        match done {
            Ok(()) => Event::Done(step),
            Err(e) => match fault(e) {
                Fault::Refused(e) => Event::Refused(step, e),
                Fault::Crashed(m) => Event::Crashed(step, m),
            },
        }
    }
}

impl Completer<'_> {
    /// The reply to a close or a mark-paid that changed nothing: `PaidAnotherWay` when another
    /// payment paid the order, `otherwise` else.
    async fn unchanged(&self, step: Step, otherwise: Event) -> Event {
        match db::orders::by_id(self.ctx, &self.row.id).await {
            Ok(Some(now)) if paid_another_way(now.status(), now.payment_method, self.method) => {
                Event::PaidAnotherWay(step)
            }
            Ok(_) => otherwise,
            Err(e) => Event::Crashed(step, format!("{e:?}")),
        }
    }
}

/// Returns an order's money (once: the stored-value posting and the refund record are both
/// keyed by the order and way of paying).
async fn refund(ctx: &Ctx, row: &OrderRow, method: Method, reason: &str) -> Result<(), Failure> {
    let total = Fen::new(row.total_fen.max(0) as u64);
    if method == Method::Balance && total > Fen::ZERO {
        let posting =
            Posting::new(EntryKind::Refund, total, &format!("refund:{}", row.id), &format!("退款 refund {}", row.id));
        let _: PostReply = card::send(ctx, &row.member_id, &card::Post { posting, now: ctx.now }).await?;
    }
    db::orders::record_refund(ctx, &payment_id(&row.id, method), &row.id, method, row.total_fen, reason).await
}
