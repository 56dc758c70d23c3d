//! Returns at the counter: `GET /api/guide/orders/{id}` (any order of the chain, to see what can
//! come back) and `POST /api/guide/returns`.

use crate::auth;
use crate::ctx::Ctx;
use crate::db;
use crate::http::{Reply, header, invalid, json, read_json};
use crate::orders::{self, returns};
use shared::returns::{ReturnRequest, return_id};
use shared::{ApiError, ErrorCode};
use worker::Request;

pub async fn order(ctx: &Ctx, req: &Request, id: &str) -> Reply {
    auth::staff(ctx, req).await?;
    let missing = || ApiError::not_found(format!("no order {id}"));
    let row = db::orders::by_id(ctx, id).await?.ok_or_else(missing)?;
    json(200, &orders::view(ctx, &row).await?)
}

pub async fn take_back(ctx: &Ctx, req: &mut Request) -> Reply {
    let staff = auth::staff(ctx, req).await?;
    let key = header(req.headers(), "idempotency-key")
        .ok_or_else(|| ApiError::bad_request("the Idempotency-Key header is required"))?;
    let body: ReturnRequest = read_json(req).await?;
    let reason = body.reason.trim();
    if reason.chars().count() > 60 {
        return Err(invalid("reason", "must be at most 60 characters"));
    }
    let order_id = orders::order_id(&body.order_id)?;
    let order = db::orders::by_id(ctx, order_id.as_str())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no order {order_id}")))?;
    let id = return_id(&ctx.keys()?.order_id, &order_id, &key).map_err(|e| invalid("Idempotency-Key", e))?;
    let asked: Vec<(String, i64)> = body.lines.iter().map(|l| (l.sku.trim().to_owned(), l.qty)).collect();
    let fingerprint = {
        let text = serde_json::to_string(&(&asked, reason, &staff.store_id))?;
        shared::ids::base32(&shared::keys::mac(b"return-fingerprint", &[text.as_bytes()]))
    };
    let (row, created) = match db::returns::by_id(ctx, &id).await? {
        Some(existing) if existing.fingerprint == fingerprint => (existing, false),
        Some(_) => {
            return Err(ApiError::new(
                ErrorCode::IdempotencyMismatch,
                "this Idempotency-Key was used for another return",
            )
            .into());
        }
        None => {
            // Another counter may claim some of the same units first: each lost race means that
            // return went through, so deciding again soon either succeeds or finds too few left.
            // The same request sent twice at once: the other copy recorded it.
            let mut recorded = None;
            for _ in 0..6 {
                if let Some(row) = returns::record(ctx, &staff, &order, &id, &asked, reason, &fingerprint).await? {
                    recorded = Some((row, true));
                    break;
                }
                if let Some(row) = db::returns::by_id(ctx, &id).await?.filter(|r| r.fingerprint == fingerprint) {
                    recorded = Some((row, false));
                    break;
                }
            }
            recorded.ok_or_else(|| {
                ApiError::new(ErrorCode::Conflict, "the order changed while recording the return; look at it again")
            })?
        }
    };
    if row.settled_at.is_none() {
        returns::settle(ctx, &row).await?;
    }
    json(if created { 201 } else { 200 }, &returns::receipt(ctx, &row).await?)
}
