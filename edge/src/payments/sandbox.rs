//! The sandbox gateway (`dev` builds only; a deployment waits for the gateway's own
//! notification): it "collects" the money and signs its notification exactly as WeChat Pay v3
//! would over HTTP, then hands it to [`super::handle_notice`] like any notification.

use crate::ctx::Ctx;
use crate::http::Failure;
use shared::Fen;
use shared::gateway::{self, PaymentNotice, SignatureHeaders};

/// The sandbox gateway's side: collect and notify (`dev` builds only; a deployment waits for the
/// gateway's own notification).
pub async fn confirm(ctx: &Ctx, payment_id: &str, amount: Fen) -> Result<(), Failure> {
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
    super::handle_notice(ctx, &SignatureHeaders { timestamp, nonce, signature }, &body).await
}
