//! Payments through the (sandbox) gateway: `POST /api/me/top-ups`,
//! `GET /api/me/payments/{id}`, and the gateway's `POST /api/payments/notify`.

use super::member::signed_in;
use crate::ctx::Ctx;
use crate::db;
use crate::http::{Failure, Reply, header, invalid, json, read_json};
use crate::objects::member::{self as card, MemberCommand, PostReply};
use shared::api::{PaymentEnvelope, TopUpRequest};
use shared::gateway::{self, NoticeError, PaymentNotice, SignatureHeaders};
use shared::stored_value::EntryKind;
use shared::{ApiError, ErrorCode, Fen};
use worker::Request;

/// Smallest and largest top-up: ¥1 to ¥50,000.
const TOP_UP_FEN: std::ops::RangeInclusive<i64> = 100..=5_000_000;

pub async fn top_up(ctx: &Ctx, req: &mut Request) -> Reply {
    let row = signed_in(ctx, req).await?;
    let body: TopUpRequest = read_json(req).await?;
    if body.method != "sandbox" {
        return Err(invalid("method", "must be \"sandbox\" (the only gateway in this build)"));
    }
    if !TOP_UP_FEN.contains(&body.amount_fen) {
        return Err(invalid("amount_fen", "must be 100 to 5000000 (¥1 to ¥50,000)"));
    }
    let amount = Fen::new(body.amount_fen as u64);
    let id = crate::rand::id("P")?;
    let prepay_id = format!("wx{}", crate::rand::base32(&crate::rand::bytes::<10>()?));
    let new = db::payments::NewPayment {
        id: &id,
        member_id: &row.id,
        kind: "top_up",
        reference: &row.id,
        amount,
        method: "sandbox",
        prepay_id: &prepay_id,
    };
    db::payments::insert(ctx, &new).await?;
    if ctx.sandbox_auto_confirm() {
        sandbox_confirm(ctx, &id, amount).await?;
    }
    let payment =
        db::payments::by_id(ctx, &id).await?.ok_or_else(|| Failure::Internal(format!("payment {id} vanished")))?;
    json(201, &PaymentEnvelope { payment: payment.view() })
}

pub async fn my_payment(ctx: &Ctx, req: &Request, id: &str) -> Reply {
    let row = signed_in(ctx, req).await?;
    let payment = db::payments::by_id(ctx, id).await?.filter(|p| p.member_id == row.id);
    let payment = payment.ok_or_else(|| ApiError::not_found(format!("no payment {id}")))?;
    json(200, &payment.view())
}

/// The sandbox gateway's side: it "collects" the money and notifies us, signing the
/// notification exactly as it would over HTTP; the notification then goes through the same
/// verification as one arriving at `/api/payments/notify`.
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

pub async fn notify(ctx: &Ctx, req: &mut Request) -> Reply {
    let h = req.headers();
    let missing =
        || ApiError::new(ErrorCode::Unauthenticated, "Wechatpay-Timestamp, -Nonce and -Signature headers are required");
    let headers = SignatureHeaders {
        timestamp: header(h, "wechatpay-timestamp").and_then(|t| t.parse().ok()).ok_or_else(missing)?,
        nonce: header(h, "wechatpay-nonce").ok_or_else(missing)?,
        signature: header(h, "wechatpay-signature").ok_or_else(missing)?,
    };
    let body = req.text().await.map_err(|_| ApiError::bad_request("the body could not be read"))?;
    handle_notice(ctx, &headers, &body).await?;
    json(200, &serde_json::json!({"code": "SUCCESS", "message": "成功"}))
}

/// Verifies a gateway notification and applies it once.
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
    // Applied whether or not this call settled it: the effect is idempotent on the payment id,
    // so a repeated notification (or one after a crash between the two writes) completes it.
    match payment.kind.as_str() {
        "top_up" => {
            let posting = card::posting(EntryKind::TopUp, notice.amount_fen, &payment.id, "充值 top-up (sandbox)");
            let _: PostReply =
                card::send(ctx, &payment.member_id, &MemberCommand::Post { posting, now: ctx.now }).await?;
        }
        other => {
            return Err(Failure::Internal(format!("payment {} has unknown kind {other}", payment.id)));
        }
    }
    Ok(())
}
