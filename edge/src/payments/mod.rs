//! Payments, merchant side: what happens when money arrives, and making sure it happens.
//!
//! A notification goes through [`handle_notice`], the verification every notification arriving
//! at `POST /api/payments/notify` gets (the [`sandbox`] gateway, standing in for WeChat Pay v3,
//! signs its own exactly so). Stored-value payments of orders are recorded as payments too. A
//! payment is settled once, then its effect (a top-up credit, an order's completion, run by
//! [`crate::flows::completion`]) is applied and stamped; effects are idempotent, so
//! [`reconcile::reconcile`] can finish any payment a crash left settled but unapplied.

pub mod method;
pub mod reconcile;
#[cfg(feature = "dev")]
pub mod sandbox;

use crate::calls::member::{self as card, PostReply};
use crate::ctx::Ctx;
use crate::db;
use crate::db::payments::PaymentRow;
use crate::http::{Failure, invalid};
use shared::gateway::{self, PaymentNotice, SignatureHeaders};
use shared::kinds::{PaymentKind, PaymentStatus};
use shared::stored_value::{EntryKind, Posting};
use shared::{ApiError, Fen};

/// Verifies a gateway notification, settles the payment once and applies its effect.
pub async fn handle_notice(ctx: &Ctx, headers: &SignatureHeaders, body: &str) -> Result<(), Failure> {
    gateway::verify(&ctx.gateway_key()?, headers, body, ctx.now).map_err(ApiError::from)?;
    let notice: PaymentNotice =
        serde_json::from_str(body).map_err(|e| ApiError::bad_request(format!("notification body: {e}")))?;
    let payment = db::payments::by_id(ctx, &notice.out_trade_no)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no payment {}", notice.out_trade_no)))?;
    if notice.amount_fen.get() as i64 != payment.amount_fen {
        return Err(invalid("amount_fen", "does not match the payment"));
    }
    if notice.trade_state != "SUCCESS" {
        db::payments::settle(ctx, &payment.id, PaymentStatus::Failed, &notice.transaction_id, notice.success_time)
            .await?;
        return Ok(());
    }
    db::payments::settle(ctx, &payment.id, PaymentStatus::Succeeded, &notice.transaction_id, notice.success_time)
        .await?;
    apply(ctx, &payment).await
}

/// Applies a settled payment's effect (idempotent) and stamps it applied.
pub async fn apply(ctx: &Ctx, payment: &PaymentRow) -> Result<(), Failure> {
    match payment.kind {
        PaymentKind::TopUp => {
            let amount = Fen::new(payment.amount_fen.max(0) as u64);
            let posting = Posting::new(EntryKind::TopUp, amount, &payment.id, "充值 top-up (sandbox)");
            let _: PostReply = card::send(ctx, &payment.member_id, &card::Post { posting, now: ctx.now }).await?;
        }
        PaymentKind::Order => crate::flows::completion::complete(ctx, &payment.reference, payment.method).await?,
    }
    db::payments::mark_applied(ctx, &payment.id).await
}
