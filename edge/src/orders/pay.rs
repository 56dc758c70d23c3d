//! `POST /api/orders/{id}/pay`: charge, then complete the order (the completion flow turns
//! the holds into sales and marks the order paid, or sends the money back). Never holds anything across the gateway call: the stock lock (with its expiry) is the
//! reservation; if it lapsed while the money moved, the money goes back.

use super::current;
use crate::calls::member::{self as card, PostReply};
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::db::payments::PaymentRow;
use crate::flows::completion::complete;
use crate::http::Failure;
use shared::kinds::{PaymentKind, PaymentStatus};
use shared::order::OrderStatus;
use shared::stored_value::{EntryKind, Posting};
use shared::{ApiError, ErrorCode, Fen};

pub use crate::payments::method::{Method, ledger_reference, payment_id};

/// Checks the order can be paid now; an unpaid order whose lock lapsed becomes expired.
fn payable(row: &OrderRow) -> Result<(), Failure> {
    row.status().pay().map(|_| ()).map_err(|e| ApiError::from(e).into())
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
            crate::payments::apply(ctx, &payment).await?;
        }
        Method::Sandbox => {
            // Only a development build has a sandbox that confirms by itself.
            #[cfg(feature = "dev")]
            if ctx.sandbox_auto_confirm() {
                crate::payments::sandbox::confirm(ctx, &id, total).await?;
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
        Posting::new(EntryKind::Payment, total, &ledger_reference(&row.id), &format!("订单 order {}", row.id));
    let debited: Result<PostReply, Failure> =
        card::send(ctx, &row.member_id, &card::Post { posting, now: ctx.now }).await;
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

/// The current state of an order to pay: 404 if not the member's, and lapsed orders expired.
pub async fn load(ctx: &Ctx, member_id: &str, id: &str) -> Result<OrderRow, Failure> {
    let row = current(ctx, id).await?.filter(|o| o.member_id == member_id);
    row.ok_or_else(|| ApiError::not_found(format!("no order {id}")).into())
}
