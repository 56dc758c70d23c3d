//! `POST /api/orders/{id}/pay`: charge, then turn the holds into sales, then mark the order
//! paid. Never holds anything across the gateway call: the stock lock (with its expiry) is the
//! reservation; if it lapsed while the money moved, the money goes back.

use super::{Holder, current, expire, order_id, transition_error};
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::db::payments::PaymentRow;
use crate::http::Failure;
use crate::objects::member::{self as card, MemberCommand, PostReply};
use shared::kinds::{PaymentKind, PaymentStatus};
use shared::order::OrderStatus;
use shared::stored_value::EntryKind;
use shared::{ApiError, ErrorCode, Fen};

/// How a member pays (the shared kind, under the name this module has always used).
pub use shared::kinds::PaymentMethod as Method;

/// The stored-value ledger reference of an order's payment.
pub fn ledger_reference(order: &str) -> String {
    format!("order:{order}")
}

/// The payment id of an order paid by `method`: one per order and method, so paying twice
/// the same way reuses it; a second way of paying is a second payment, refunded if the first
/// one completed the order.
pub fn payment_id(order: &str, method: Method) -> String {
    format!("P{order}{}", if method == Method::Balance { "B" } else { "S" })
}

/// Checks the order can be paid now; an unpaid order whose lock lapsed becomes expired.
fn payable(row: &OrderRow) -> Result<(), Failure> {
    row.status().pay().map(|_| ()).map_err(transition_error)
}

/// Pays with `method`. Returns the order after the attempt. Either way the payment is
/// recorded first (one per order), so a crash at any point is finished by reconciliation.
pub async fn pay(ctx: &Ctx, row: OrderRow, method: Method) -> Result<OrderRow, Failure> {
    payable(&row)?;
    let total = Fen::new(row.total_fen.max(0) as u64);
    if total == Fen::ZERO {
        // Nothing to collect (a coupon covered it all): straight to completion.
        complete(ctx, &row.id, method).await?;
        return reload(ctx, &row.id).await;
    }
    let payment = record(ctx, &row, method, total).await?;
    let id = payment.id.clone();
    match method {
        Method::Balance => {
            debit(ctx, &row, &payment, total).await?;
            db::payments::settle_debit(ctx, &id, ctx.now).await?;
            crate::gateway::apply(ctx, &payment).await?;
        }
        Method::Sandbox => {
            // Only a development build has a sandbox that confirms by itself.
            #[cfg(feature = "dev")]
            if ctx.sandbox_auto_confirm() {
                crate::gateway::sandbox_confirm(ctx, &id, total).await?;
            }
        }
    }
    reload(ctx, &row.id).await
}

/// Records the order's payment by `method` (once per order and method) and returns it.
async fn record(ctx: &Ctx, row: &OrderRow, method: Method, total: Fen) -> Result<PaymentRow, Failure> {
    let id = payment_id(&row.id, method);
    let prepay_id = match method {
        Method::Balance => "stored-value".to_owned(),
        Method::Sandbox => format!("wx{}", crate::rand::base32(&crate::rand::bytes::<10>()?)),
    };
    let new = db::payments::NewPayment {
        id: &id,
        member_id: &row.member_id,
        kind: PaymentKind::Order,
        reference: &row.id,
        amount: total,
        method,
        prepay_id: &prepay_id,
    };
    db::payments::insert(ctx, &new).await?;
    let payment =
        db::payments::by_id(ctx, &id).await?.ok_or_else(|| Failure::Internal(format!("payment {id} vanished")))?;
    if payment.method != method {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            format!("a {} payment is already under way for this order", payment.method),
        )
        .into());
    }
    Ok(payment)
}

/// Debits the order's total from stored value (once, whatever the retries). A debit the card
/// refuses (not enough balance) marks the payment failed: nothing moved, and a failed payment
/// is not left pending for the repair pass to look at forever. Any other failure may have
/// debited; the repair pass finds out from the card.
async fn debit(ctx: &Ctx, row: &OrderRow, payment: &PaymentRow, total: Fen) -> Result<(), Failure> {
    if payment.status == PaymentStatus::Failed {
        db::payments::reopen(ctx, &payment.id).await?;
    }
    let posting =
        card::posting(EntryKind::Payment, total, &ledger_reference(&row.id), &format!("订单 order {}", row.id));
    let debited: Result<PostReply, Failure> =
        card::send(ctx, &row.member_id, &MemberCommand::Post { posting, now: ctx.now }).await;
    if let Err(failure) = debited {
        if matches!(&failure, Failure::Api(e) if e.status() < 500) {
            db::payments::settle(ctx, &payment.id, PaymentStatus::Failed, "declined", ctx.now).await?;
        }
        return Err(failure);
    }
    Ok(())
}

#[cfg(feature = "dev")]
/// A stored-value payment up to its debit and nothing after: what a crash between the debit
/// and the settlement leaves behind (local development only, to test the repair pass).
pub async fn debit_then_crash(ctx: &Ctx, row: &OrderRow) -> Result<PaymentRow, Failure> {
    payable(row)?;
    let total = Fen::new(row.total_fen.max(0) as u64);
    let payment = record(ctx, row, Method::Balance, total).await?;
    debit(ctx, row, &payment, total).await?;
    Ok(payment)
}

/// The order after a payment attempt (`LOCK_EXPIRED` if its lock lapsed meanwhile).
async fn reload(ctx: &Ctx, id: &str) -> Result<OrderRow, Failure> {
    let after = db::orders::by_id(ctx, id).await?.ok_or_else(|| Failure::Internal(format!("order {id} vanished")))?;
    match after.status() {
        OrderStatus::Expired => {
            Err(ApiError::new(ErrorCode::LockExpired, "the stock lock expired before payment; the money was returned")
                .into())
        }
        _ => Ok(after),
    }
}

/// The money has arrived (stored value debited, or the gateway's notification verified):
/// confirm every hold, then mark the order paid. If a hold lapsed meanwhile, undo the lines
/// already confirmed, return the money and expire the order. Idempotent.
pub async fn complete(ctx: &Ctx, order: &str, method: Method) -> Result<(), Failure> {
    let Some(row) = db::orders::by_id(ctx, order).await? else {
        return Err(ApiError::not_found(format!("no order {order}")).into());
    };
    match row.status() {
        OrderStatus::PendingPayment => {}
        OrderStatus::ReadyForPickup | OrderStatus::PickedUp => {
            // Paid already: by this payment (a repeat, nothing to do), or by another way of
            // paying that won the race (this one goes back).
            if row.payment_method != Some(method) {
                return refund(ctx, &row, method, "the order was already paid another way").await;
            }
            return Ok(());
        }
        // Money arrived for an order that is gone: undo any line a half-finished completion
        // confirmed, and send the money back.
        _ => {
            let id = order_id(&row.id)?;
            for line in db::orders::lines(ctx, &row.id).await? {
                Holder::of(&row.store_id, &line)?.unconfirm(ctx, &id).await?;
            }
            super::release_coupon(ctx, &row).await?;
            return refund(ctx, &row, method, "the order was closed before the payment arrived").await;
        }
    }
    let id = order_id(&row.id)?;
    let lines = db::orders::lines(ctx, &row.id).await?;
    for (i, line) in lines.iter().enumerate() {
        if let Err(failure) = Holder::of(&row.store_id, line)?.confirm(ctx, &id).await {
            for done in &lines[..i] {
                Holder::of(&row.store_id, done)?.unconfirm(ctx, &id).await?;
            }
            if matches!(&failure, Failure::Api(e) if e.code() == ErrorCode::LockExpired) {
                expire(ctx, &id).await?;
                return refund(ctx, &row, method, "the stock lock expired before the payment arrived").await;
            }
            return Err(failure);
        }
    }
    // The coupon is used with the payment (once, whatever the retries). If it no longer holds
    // for this order, the order cannot be completed at its price: undo and refund.
    if let Some(coupon) = &row.coupon_id {
        let redeem = MemberCommand::RedeemCoupon { id: coupon.clone(), order: id.clone() };
        let redeemed: Result<shared::coupon::Coupon, Failure> = card::send(ctx, &row.member_id, &redeem).await;
        if let Err(failure) = redeemed {
            for line in &lines {
                Holder::of(&row.store_id, line)?.unconfirm(ctx, &id).await?;
            }
            expire(ctx, &id).await?;
            refund(ctx, &row, method, "the coupon no longer held for this order").await?;
            return Err(failure);
        }
    }
    if db::orders::mark_paid(ctx, &row.id, method).await? {
        let spend = MemberCommand::RecordSpend {
            reference: ledger_reference(&row.id),
            fen: row.total_fen,
            at: ctx.now,
            points_per_yuan: ctx.points_per_yuan(),
        };
        let _: card::CardState = card::send(ctx, &row.member_id, &spend).await?;
        // Rewards never fail a payment: what goes wrong here the cron pass gives later.
        if let Err(e) = super::rewards::give(ctx, &row).await {
            worker::console_error!("rewards for {}: {e:?}", row.id);
        }
    }
    Ok(())
}

/// Returns an order's money (once).
async fn refund(ctx: &Ctx, row: &OrderRow, method: Method, reason: &str) -> Result<(), Failure> {
    let total = Fen::new(row.total_fen.max(0) as u64);
    if method == Method::Balance && total > Fen::ZERO {
        let posting =
            card::posting(EntryKind::Refund, total, &format!("refund:{}", row.id), &format!("退款 refund {}", row.id));
        let _: PostReply = card::send(ctx, &row.member_id, &MemberCommand::Post { posting, now: ctx.now }).await?;
    }
    db::orders::record_refund(ctx, &payment_id(&row.id, method), &row.id, method, row.total_fen, reason).await
}

/// The current state of an order to pay: 404 if not the member's, and lapsed orders expired.
pub async fn load(ctx: &Ctx, member_id: &str, id: &str) -> Result<OrderRow, Failure> {
    let row = current(ctx, id).await?.filter(|o| o.member_id == member_id);
    row.ok_or_else(|| ApiError::not_found(format!("no order {id}")).into())
}
