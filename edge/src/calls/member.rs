//! Calling a member's card.

pub use shared::protocol::member::*;

use super::call;
use crate::ctx::Ctx;
use crate::http::Failure;

/// Sends a command to a member's card; the answer is the command's reply type.
pub async fn send<C: MemberCall>(ctx: &Ctx, member_id: &str, command: &C) -> std::result::Result<C::Reply, Failure> {
    call(ctx, "MEMBER", member_id, &command.clone().into()).await
}

/// The card's figures now.
pub async fn summary(ctx: &Ctx, member_id: &str) -> std::result::Result<CardState, Failure> {
    send(ctx, member_id, &Summary { now: ctx.now }).await
}
