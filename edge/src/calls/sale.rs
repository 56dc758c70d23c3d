//! Calling the buckets of a flash sale.

pub use shared::protocol::sale::*;

use super::call;
use crate::ctx::Ctx;
use crate::http::Failure;

/// The object's name for bucket `index` of `sale`.
pub fn object_name(sale: &str, index: u32) -> String {
    format!("{sale}:{index}")
}

/// Sends a command to a bucket; the answer is the command's reply type.
pub async fn send<C: SaleCall>(
    ctx: &Ctx,
    sale: &str,
    index: u32,
    command: &C,
) -> std::result::Result<C::Reply, Failure> {
    call(ctx, "SALE", &object_name(sale, index), &command.clone().into()).await
}

/// The header the worker passes its request instant in (the dev clock, when set).
pub const NOW_HEADER: &str = "x-sale-now";

/// Whether a request asks for a WebSocket.
pub fn is_upgrade(req: &worker::Request) -> bool {
    req.headers().get("upgrade").ok().flatten().is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}
