//! Payments, merchant side: what happens when money arrives, and making sure it happens.
//!
//! The sandbox stands in for WeChat Pay v3. [`sandbox_confirm`] plays the gateway: it
//! "collects" the money and signs its notification exactly as it would over HTTP, and the
//! notification then goes through [`handle_notice`], the same verification a notification
//! arriving at `POST /api/payments/notify` gets. Stored-value payments of orders are recorded
//! as payments too. A payment is settled once, then its effect (a top-up credit, an order's
//! completion) is applied and stamped; effects are idempotent, so [`reconcile`] can finish any
//! payment a crash left settled but unapplied.

use crate::ctx::Ctx;
use crate::db;
use crate::db::payments::PaymentRow;
use crate::http::{Failure, invalid};
use crate::objects::member::{self as card, MemberCommand, PostReply};
use crate::orders::pay::Method;
use serde::Serialize;
use shared::gateway::{self, NoticeError, PaymentNotice, SignatureHeaders};
use shared::stored_value::EntryKind;
use shared::{ApiError, ErrorCode, Fen};

/// The sandbox gateway's side: collect and notify (`dev` builds only; a deployment waits for the
/// gateway's own notification).
#[cfg(feature = "dev")]
pub async fn sandbox_confirm(ctx: &Ctx, payment_id: &str, amount: Fen) -> Result<(), Failure> {
    let notice = PaymentNotice {
        out_trade_no: payment_id.to_owned(),
        transaction_id: format!("4200{}", crate::rand::base32(&crate::rand::bytes::<10>()?)),
        trade_state: "SUCCESS".into(),
        amount_fen: amount,
        success_time: ctx.now,
    };
    let body = serde_json::to_string(&notice)?;
    let nonce = crate::rand::base32(&crate::rand::bytes::<12>()?);
    let timestamp = ctx.now.timestamp();
    let signature = gateway::sign(&ctx.gateway_key()?, timestamp, &nonce, &body);
    handle_notice(ctx, &SignatureHeaders { timestamp, nonce, signature }, &body).await
}

/// Verifies a gateway notification, settles the payment once and applies its effect.
pub async fn handle_notice(ctx: &Ctx, headers: &SignatureHeaders, body: &str) -> Result<(), Failure> {
    gateway::verify(&ctx.gateway_key()?, headers, body, ctx.now).map_err(|e| match e {
        NoticeError::BadSignature | NoticeError::Stale => ApiError::new(ErrorCode::Unauthenticated, e.to_string()),
    })?;
    let notice: PaymentNotice =
        serde_json::from_str(body).map_err(|e| ApiError::bad_request(format!("notification body: {e}")))?;
    let payment = db::payments::by_id(ctx, &notice.out_trade_no)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no payment {}", notice.out_trade_no)))?;
    if notice.amount_fen.get() as i64 != payment.amount_fen {
        return Err(invalid("amount_fen", "does not match the payment"));
    }
    if notice.trade_state != "SUCCESS" {
        db::payments::settle(ctx, &payment.id, "failed", &notice.transaction_id, notice.success_time).await?;
        return Ok(());
    }
    db::payments::settle(ctx, &payment.id, "succeeded", &notice.transaction_id, notice.success_time).await?;
    apply(ctx, &payment).await
}

/// Applies a settled payment's effect (idempotent) and stamps it applied.
pub async fn apply(ctx: &Ctx, payment: &PaymentRow) -> Result<(), Failure> {
    match payment.kind.as_str() {
        "top_up" => {
            let amount = Fen::new(payment.amount_fen.max(0) as u64);
            let posting = card::posting(EntryKind::TopUp, amount, &payment.id, "充值 top-up (sandbox)");
            let _: PostReply =
                card::send(ctx, &payment.member_id, &MemberCommand::Post { posting, now: ctx.now }).await?;
        }
        "order" => {
            let method = Method::parse(&payment.method).unwrap_or(Method::Sandbox);
            crate::orders::pay::complete(ctx, &payment.reference, method).await?;
        }
        other => return Err(Failure::Internal(format!("payment {} has unknown kind {other}", payment.id))),
    }
    db::payments::mark_applied(ctx, &payment.id).await
}

/// What a reconciliation pass did.
#[derive(Debug, Default, Serialize)]
pub struct Reconciled {
    /// Settled payments whose effect was applied now.
    pub applied: u32,
    /// Stored-value payments found debited and settled now.
    pub settled: u32,
    /// Unpaid orders past their lock, expired now.
    pub expired: u32,
    /// Payments that could not be finished this time (retried next pass).
    pub failed: u32,
}

/// Finishes what crashes left half-done: settled payments without their effect, stored-value
/// payments whose debit went through but were not settled, and unpaid orders past their lock
/// whose objects' alarms have not expired them yet.
pub async fn reconcile(ctx: &Ctx) -> Result<Reconciled, Failure> {
    let mut done = Reconciled::default();
    for payment in db::payments::stale_balance_payments(ctx).await? {
        let entry: Option<serde_json::Value> = card::send(
            ctx,
            &payment.member_id,
            &MemberCommand::Entry { reference: crate::orders::pay::ledger_reference(&payment.reference) },
        )
        .await?;
        if entry.is_some() && db::payments::settle(ctx, &payment.id, "succeeded", "stored-value", ctx.now).await? {
            done.settled += 1;
        }
    }
    for payment in db::payments::unapplied(ctx).await? {
        match apply(ctx, &payment).await {
            Ok(()) => done.applied += 1,
            Err(e) => {
                worker::console_error!("reconcile {}: {e:?}", payment.id);
                done.failed += 1;
            }
        }
    }
    for order in db::orders::lapsed_unpaid(ctx).await? {
        if let Ok(id) = shared::ids::OrderId::parse(&order) {
            crate::orders::expire(ctx, &id).await?;
            done.expired += 1;
        }
    }
    Ok(done)
}
