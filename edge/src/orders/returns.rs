//! Returns: goods collected from one store come back at the counter of any store. What a
//! return comes to ([`crate::flows::returns::preview`]), recording and settling it are the flow
//! in [`crate::flows::returns`]; here are the receipt and the cron pass. Every settlement step is idempotent on the
//! return id, so a retry, or the cron pass for a return left half-settled by a crash
//! ([`settle_stragglers`]), finishes it without doing anything twice.

use crate::ctx::Ctx;
use crate::db;
use crate::db::returns::ReturnRow;
use crate::flows::returns::settle;
use crate::http::Failure;
use shared::returns::ReturnReceipt;

/// A return as the API shows it.
pub async fn receipt(ctx: &Ctx, r: &ReturnRow) -> Result<ReturnReceipt, Failure> {
    Ok(ReturnReceipt::of(r, db::returns::lines(ctx, &r.id).await?))
}

/// The cron pass: settles returns a crash left half-done. Each is stamped as tried first and
/// the least recently tried go first; one that fails is logged and skipped, so it cannot
/// block the others.
pub async fn settle_stragglers(ctx: &Ctx) -> Result<u32, Failure> {
    let mut n = 0;
    for r in db::returns::unsettled(ctx).await? {
        let attempt = async {
            db::returns::mark_attempted(ctx, &r.id).await?;
            settle(ctx, &r).await
        };
        match attempt.await {
            Ok(()) => n += 1,
            Err(e) => worker::console_error!("return {}: {e:?}", r.id),
        }
    }
    Ok(n)
}
