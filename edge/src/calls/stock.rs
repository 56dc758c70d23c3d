//! Calling the stock pool of one SKU in one store.

pub use shared::protocol::stock::*;

use super::call;
use crate::ctx::Ctx;
use crate::http::Failure;
use shared::ids::{Sku, StoreId};
use shared::stock::{Qty, StockFigures};

/// The object's name for a store's pool of a SKU.
pub fn object_name(store: &StoreId, sku: &Sku) -> String {
    format!("{store}:{sku}")
}

/// Sends a command to a store's pool of a SKU; the answer is the command's reply type.
pub async fn send<C: StockCall>(
    ctx: &Ctx,
    store: &StoreId,
    sku: &Sku,
    command: &C,
) -> std::result::Result<C::Reply, Failure> {
    call(ctx, "STOCK", &object_name(store, sku), &command.clone().into()).await
}

/// The figures of one pool.
pub async fn figures(ctx: &Ctx, store: &StoreId, sku: &Sku) -> std::result::Result<StockFigures, Failure> {
    send(ctx, store, sku, &Figures { now: ctx.now }).await
}

/// Goods received into one pool, once per `reference`.
pub async fn receive(
    ctx: &Ctx,
    store: &StoreId,
    sku: &Sku,
    reference: &str,
    qty: Qty,
) -> std::result::Result<StockFigures, Failure> {
    send(ctx, store, sku, &Receive { reference: reference.to_owned(), qty, order: None, now: ctx.now }).await
}

/// Health check against a dedicated pool object.
pub async fn ping(ctx: &Ctx) -> std::result::Result<String, Failure> {
    let pong: Pong = call(ctx, "STOCK", "health", &StockCommand::from(Ping {})).await?;
    Ok(pong.pings)
}
