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
use serde::Serialize;
use shared::gateway::{self, NoticeError, PaymentNotice, SignatureHeaders};
use shared::kinds::{PaymentKind, PaymentStatus};
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
            let posting = card::posting(EntryKind::TopUp, amount, &payment.id, "充值 top-up (sandbox)");
            let _: PostReply =
                card::send(ctx, &payment.member_id, &MemberCommand::Post { posting, now: ctx.now }).await?;
        }
        PaymentKind::Order => crate::orders::pay::complete(ctx, &payment.reference, payment.method).await?,
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
    /// Stored-value payments never debited, given up on (marked failed) now.
    pub abandoned: u32,
    /// Unpaid orders past their lock, expired now.
    pub expired: u32,
    /// Items that could not be finished this time (retried on a later pass, behind the rest).
    pub failed: u32,
}

/// A stored-value payment still pending this long after it was made was never debited: its
/// order's lock (at most ten minutes) has lapsed, so no payment of it can start any more.
fn abandon_after() -> chrono::Duration {
    chrono::Duration::minutes(15)
}

/// Finishes what crashes left half-done: settled payments without their effect, stored-value
/// payments whose debit went through but were not settled, and unpaid orders past their lock
/// whose objects' alarms have not expired them yet. Each item is stamped as tried first and
/// taken least recently tried first; one that fails is logged and skipped, so no row can
/// block the ones behind it.
pub async fn reconcile(ctx: &Ctx) -> Result<Reconciled, Failure> {
    let mut done = Reconciled::default();
    for payment in db::payments::stale_balance_payments(ctx).await? {
        match settle_stale(ctx, &payment).await {
            Ok(Stale::Settled) => {
                done.settled += 1;
                done.applied += 1;
            }
            Ok(Stale::Abandoned) => done.abandoned += 1,
            Ok(Stale::Waiting) => {}
            Err(e) => {
                worker::console_error!("reconcile {}: {e:?}", payment.id);
                done.failed += 1;
            }
        }
    }
    for payment in db::payments::unapplied(ctx).await? {
        let attempt = async {
            db::payments::mark_attempted(ctx, &payment.id).await?;
            apply(ctx, &payment).await
        };
        match attempt.await {
            Ok(()) => done.applied += 1,
            Err(e) => {
                worker::console_error!("reconcile {}: {e:?}", payment.id);
                done.failed += 1;
            }
        }
    }
    for order in db::orders::lapsed_unpaid(ctx).await? {
        if let Ok(id) = shared::ids::OrderId::parse(&order) {
            match crate::orders::expire(ctx, &id).await {
                Ok(()) => done.expired += 1,
                Err(e) => {
                    worker::console_error!("reconcile expiry {order}: {e:?}");
                    done.failed += 1;
                }
            }
        }
    }
    Ok(done)
}

/// What became of a stale stored-value payment.
enum Stale {
    /// The debit was found: settled and applied now.
    Settled,
    /// Never debited, and too old to ever be: failed now.
    Abandoned,
    /// Not debited yet; looked at again on a later pass.
    Waiting,
}

/// A stored-value payment left pending: if the card shows its debit, settle and apply it now;
/// if it never came and cannot come any more, give it up.
async fn settle_stale(ctx: &Ctx, payment: &PaymentRow) -> Result<Stale, Failure> {
    db::payments::mark_attempted(ctx, &payment.id).await?;
    let reference = crate::orders::pay::ledger_reference(&payment.reference);
    let entry: Option<serde_json::Value> =
        card::send(ctx, &payment.member_id, &MemberCommand::Entry { reference }).await?;
    if entry.is_some() {
        db::payments::settle_debit(ctx, &payment.id, ctx.now).await?;
        apply(ctx, payment).await?;
        return Ok(Stale::Settled);
    }
    if payment.created_at < ctx.now - abandon_after() {
        db::payments::settle(ctx, &payment.id, PaymentStatus::Failed, "abandoned", ctx.now).await?;
        return Ok(Stale::Abandoned);
    }
    Ok(Stale::Waiting)
}
