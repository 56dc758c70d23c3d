//! Returns at the counter: `GET /api/guide/orders/{id}` (any order of the chain, to see what can
//! come back) and `POST /api/guide/returns`.

use super::counter;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::db;
use crate::flows;
use crate::http::{Reply, json, read_json};
use crate::orders::{self, returns};
use shared::audit::AuditAction;
use shared::returns::{ReturnAsk, ReturnAskError, ReturnRequest, return_id};
use shared::{ApiError, ErrorCode};
use worker::Request;

pub async fn order(ctx: &Ctx, id: &str) -> Reply {
    let missing = || ApiError::not_found(format!("no order {id}"));
    let row = db::orders::by_id(ctx, id).await?.ok_or_else(missing)?;
    json(200, &orders::staff_view(ctx, &row).await?)
}

pub async fn take_back(ctx: &Ctx, staff: &StaffAuth, req: &mut Request) -> Reply {
    let key = crate::idempotency::required_key(req)?;
    let body: ReturnRequest = read_json(req).await?;
    let ask = ReturnAsk::parse(&body).map_err(|e| match e {
        ReturnAskError::Order(_) => ApiError::not_found(e.to_string()),
        e => ApiError::invalid(e.to_string()),
    })?;
    let (order_id, reason, member_code, asked) = (ask.order_id(), ask.reason(), ask.member_code(), ask.asked());
    let order = db::orders::by_id(ctx, order_id.as_str())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no order {order_id}")))?;
    let id = return_id(&ctx.keys()?.order_id, order_id, &staff.staff_id, &key);
    let fingerprint = ask.fingerprint(&staff.store_id)?;
    let (row, created) = match db::returns::by_id(ctx, &id).await? {
        // A retry: the first request spent the member code already.
        Some(existing) if existing.fingerprint == fingerprint => (existing, false),
        Some(_) => {
            return Err(ApiError::new(
                ErrorCode::IdempotencyMismatch,
                "this Idempotency-Key was used for another return",
            )
            .into());
        }
        None => {
            // Refuse what cannot come back before spending the customer's code.
            let (_, plan) = flows::returns::preview(ctx, &order, asked).await?;
            flows::returns::refund_allowed(staff, plan.refund)?;
            let detail = format!("{} · {} fen", order.id, plan.refund.get());
            let entry = staff.audit(ctx, AuditAction::Return, &order.id, detail, format!("return:{id}"));
            db::audit::around(ctx, &entry, async {
                let customer = counter::identify(ctx, staff, member_code, None).await?;
                if customer.id != order.member_id {
                    return Err(ApiError::new(
                        ErrorCode::Forbidden,
                        "this member code belongs to another member than the order's: ask the customer who placed it",
                    )
                    .into());
                }
                // Another counter may claim some of the same units first: each lost race means
                // that return went through, so deciding again soon either succeeds or finds too
                // few left. The same request sent twice at once: the other copy recorded it.
                for _ in 0..6 {
                    if let Some(row) =
                        flows::returns::record(ctx, staff, &order, &id, asked, reason, &fingerprint).await?
                    {
                        return Ok((row, true));
                    }
                    if let Some(row) = db::returns::by_id(ctx, &id).await?.filter(|r| r.fingerprint == fingerprint) {
                        return Ok((row, false));
                    }
                }
                Err(ApiError::new(
                    ErrorCode::Conflict,
                    "the order changed while recording the return; look at it again",
                )
                .into())
            })
            .await?
        }
    };
    if row.settled_at.is_none() {
        flows::returns::settle(ctx, &row).await?;
    }
    json(if created { 201 } else { 200 }, &returns::receipt(ctx, &row).await?)
}
