//! Payments through the (sandbox) gateway: `POST /api/me/top-ups`,
//! `GET /api/me/payments/{id}`, and the gateway's `POST /api/payments/notify`.

use super::member::signed_in;
use crate::auth::MemberAuth;
use crate::ctx::Ctx;
use crate::db;
use crate::http::{Failure, Reply, header, invalid, json, read_json};
use shared::api::{PaymentEnvelope, TopUpRequest};
use shared::gateway::SignatureHeaders;
use shared::kinds::{PaymentKind, PaymentMethod};
use shared::stored_value::TopUpPolicy;
use shared::{ApiError, ErrorCode, Fen};
use worker::Request;

pub async fn top_up(ctx: &Ctx, who: &MemberAuth, req: &mut Request) -> Reply {
    let row = signed_in(ctx, who).await?;
    let body: TopUpRequest = read_json(req).await?;
    if PaymentMethod::parse(&body.method) != Ok(PaymentMethod::Sandbox) {
        return Err(invalid("method", "must be \"sandbox\" (the only gateway in this build)"));
    }
    let amount = TopUpPolicy::STANDARD.amount(body.amount_fen).map_err(|e| invalid("amount_fen", e.to_string()))?;
    // A balance never passes the largest amount: a top-up that would take it there is refused
    // before any money moves (the card refuses such a credit too, should two race past this).
    let balance = crate::calls::member::summary(ctx, &row.id).await?.balance_fen;
    if balance.checked_add(amount).is_none() {
        return Err(invalid("amount_fen", format!("the balance would exceed {} fen", Fen::MAX)));
    }
    let id = crate::rand::id("P")?;
    let prepay_id = format!("wx{}", crate::rand::base32(&crate::rand::bytes::<10>()?));
    let new = db::payments::NewPayment {
        id: &id,
        member_id: &row.id,
        kind: PaymentKind::TopUp,
        reference: &row.id,
        amount,
        method: PaymentMethod::Sandbox,
        prepay_id: &prepay_id,
    };
    db::payments::insert(ctx, &new).await?;
    #[cfg(feature = "dev")]
    if ctx.sandbox_auto_confirm() {
        crate::payments::sandbox::confirm(ctx, &id, amount).await?;
    }
    let payment =
        db::payments::by_id(ctx, &id).await?.ok_or_else(|| Failure::Internal(format!("payment {id} vanished")))?;
    json(201, &PaymentEnvelope { payment: payment.view() })
}

pub async fn my_payment(ctx: &Ctx, who: &MemberAuth, id: &str) -> Reply {
    let row = signed_in(ctx, who).await?;
    let payment = db::payments::by_id(ctx, id).await?.filter(|p| p.member_id == row.id);
    let payment = payment.ok_or_else(|| ApiError::not_found(format!("no payment {id}")))?;
    json(200, &payment.view())
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
    let body = crate::http::read_body(req, crate::http::MAX_NOTIFY_BYTES).await?;
    let body = String::from_utf8(body).map_err(|_| ApiError::bad_request("the body is not UTF-8"))?;
    crate::payments::handle_notice(ctx, &headers, &body).await?;
    json(200, &serde_json::json!({"code": "SUCCESS", "message": "成功"}))
}
