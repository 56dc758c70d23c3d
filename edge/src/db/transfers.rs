//! Transfers between stores in D1 (`store_transfers`): each statement is one step of
//! `shared::flows::store_transfer`, conditional where the machine relies on it.

use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use shared::api::StoreTransfer;
use shared::flows::store_transfer::{TransferId, TransferOrder, TransferStatus};
use shared::ids::StoreId;
use worker::{D1PreparedStatement, query};

const COLUMNS: &str =
    "id, sku, qty, from_store, to_store, status, sent_by, sent_at, received_by, received_at, order_id";

#[derive(Deserialize)]
struct StatusRow {
    status: String,
}

/// Runs an update; whether it changed a row.
async fn changed(statement: D1PreparedStatement) -> Result<bool, Failure> {
    Ok(statement.run().await?.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// The row's status (`None`: no such transfer).
pub async fn status(ctx: &Ctx, id: &TransferId) -> Result<Option<TransferStatus>, Failure> {
    let row: Option<StatusRow> =
        query!(&ctx.db()?, "SELECT status FROM store_transfers WHERE id = ?1", id.as_str())?.first(None).await?;
    Ok(row.and_then(|r| TransferStatus::parse(&r.status)))
}

/// One transfer as the API shows it.
pub async fn by_id(ctx: &Ctx, id: &TransferId) -> Result<Option<StoreTransfer>, Failure> {
    let sql = format!("SELECT {COLUMNS} FROM store_transfers WHERE id = ?1");
    Ok(query!(&ctx.db()?, &sql, id.as_str())?.first(None).await?)
}

/// Transfers into and out of a store, newest first.
pub async fn of_store(ctx: &Ctx, store: &StoreId) -> Result<Vec<StoreTransfer>, Failure> {
    let sql = format!(
        "SELECT {COLUMNS} FROM store_transfers WHERE from_store = ?1 OR to_store = ?1 ORDER BY sent_at DESC, id LIMIT 200"
    );
    Ok(query!(&ctx.db()?, &sql, store.as_str())?.all().await?.results()?)
}

/// Notes a transfer as `requested` unless it exists; the status it has.
pub async fn note(ctx: &Ctx, id: &TransferId, order: &TransferOrder, staff: &str) -> Result<TransferStatus, Failure> {
    query!(
        &ctx.db()?,
        "INSERT OR IGNORE INTO store_transfers (id, sku, qty, from_store, to_store, status, sent_by, sent_at, order_id)
         VALUES (?1, ?2, ?3, ?4, ?5, 'requested', ?6, ?7, ?8)",
        id.as_str(),
        order.sku().as_str(),
        order.qty().get(),
        order.from().as_str(),
        order.to().as_str(),
        staff,
        stored_time(ctx.now),
        order.order().map(|o| o.as_str())
    )?
    .run()
    .await?;
    status(ctx, id).await?.ok_or_else(|| Failure::Internal(format!("transfer {} vanished", id.as_str())))
}

/// `requested` → `in_transit`.
pub async fn mark_in_transit(ctx: &Ctx, id: &TransferId) -> Result<(), Failure> {
    let sql = "UPDATE store_transfers SET status = 'in_transit' WHERE id = ?1 AND status = 'requested'";
    changed(query!(&ctx.db()?, sql, id.as_str())?).await.map(|_| ())
}

/// Deletes a `requested` row (its take was refused, so nothing moved).
pub async fn drop_requested(ctx: &Ctx, id: &TransferId) -> Result<(), Failure> {
    let sql = "DELETE FROM store_transfers WHERE id = ?1 AND status = 'requested'";
    changed(query!(&ctx.db()?, sql, id.as_str())?).await.map(|_| ())
}

/// Claims an `in_transit` row no live claim holds; whether it was won.
pub async fn claim(
    ctx: &Ctx,
    id: &TransferId,
    claimant: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<bool, Failure> {
    let statement = query!(
        &ctx.db()?,
        "UPDATE store_transfers SET claimant = ?2, claim_until = ?4
         WHERE id = ?1 AND status = 'in_transit' AND (claim_until IS NULL OR claim_until <= ?3)",
        id.as_str(),
        claimant,
        stored_time(now),
        stored_time(until)
    )?;
    changed(statement).await
}

/// `in_transit` → `received`, if `claimant` still holds the claim; whether it did.
pub async fn mark_received(ctx: &Ctx, id: &TransferId, claimant: &str, staff: &str) -> Result<bool, Failure> {
    let statement = query!(
        &ctx.db()?,
        "UPDATE store_transfers SET status = 'received', received_by = ?3, received_at = ?4,
           claimant = NULL, claim_until = NULL
         WHERE id = ?1 AND status = 'in_transit' AND claimant = ?2",
        id.as_str(),
        claimant,
        staff,
        stored_time(ctx.now)
    )?;
    changed(statement).await
}

/// Gives a claim back, if `claimant` still holds it.
pub async fn unclaim(ctx: &Ctx, id: &TransferId, claimant: &str) -> Result<(), Failure> {
    let sql = "UPDATE store_transfers SET claimant = NULL, claim_until = NULL WHERE id = ?1 AND claimant = ?2";
    changed(query!(&ctx.db()?, sql, id.as_str(), claimant)?).await.map(|_| ())
}
