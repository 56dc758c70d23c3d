//! Calling a red envelope.

pub use shared::protocol::envelope::*;

use super::call;
use crate::ctx::Ctx;
use crate::http::Failure;

/// Sends a command to the envelope `id` and reads the reply that command names.
pub async fn send<C: EnvelopeCall>(ctx: &Ctx, id: &str, command: &C) -> std::result::Result<C::Reply, Failure> {
    call(ctx, "ENVELOPE", id, &command.clone().into()).await
}
