//! Orders: `POST /api/orders`, `GET /api/orders[/{id}]`, `POST /api/orders/{id}/pay|cancel`.

use crate::auth::{self, MemberAuth};
use crate::ctx::Ctx;
use crate::db;
use crate::http::{Failure, Reply, invalid, json, read_json};
use crate::orders::{self, create, pay};
use shared::ApiError;
use shared::api::PayRequest;
use shared::ids::{MemberId, OrderId};
use shared::order::{OrderRequest, ValidOrder, order_id};
use worker::Request;

fn member(who: &MemberAuth) -> Result<MemberId, Failure> {
    MemberId::parse(&who.member_id).map_err(|_| Failure::Internal(format!("member id {}", who.member_id)))
}

/// The door checked the token but left the session to this handler (`door_reads_session`):
/// `create::place` reads it with its first batch, and a request refused before that reads it
/// first, so a signed-out session gets 401 whatever its body.
pub async fn place(ctx: &Ctx, who: &MemberAuth, req: &mut Request) -> Reply {
    let member = member(who)?;
    let (id, order) = match order_of(ctx, &member, req).await {
        Ok(parsed) => parsed,
        Err(refused) => {
            auth::session_live(ctx, who).await?;
            return Err(refused);
        }
    };
    let placed = create::place(ctx, &member, &id, &order, None, Some(&who.session_id)).await?;
    let status = if placed.created { 201 } else { 200 };
    json(status, &orders::view_placed(ctx, placed).await?)
}

/// The order a request asks for, and the id its key gives it.
async fn order_of(ctx: &Ctx, member: &MemberId, req: &mut Request) -> Result<(OrderId, ValidOrder), Failure> {
    let key = crate::idempotency::required_key(req)?;
    let id = order_id(&ctx.keys()?.order_id, member, &key).map_err(|e| invalid("Idempotency-Key", e))?;
    let body: OrderRequest = read_json(req).await?;
    let order = body.validate().map_err(|e| ApiError::invalid(e.to_string()))?;
    Ok((id, order))
}

pub async fn list(ctx: &Ctx, who: &MemberAuth) -> Reply {
    let member = member(who)?;
    let rows = db::orders::of_member(ctx, member.as_str(), 100).await?;
    json(200, &orders::views(ctx, rows).await?)
}

pub async fn one(ctx: &Ctx, who: &MemberAuth, id: &str) -> Reply {
    let member = member(who)?;
    let row = orders::own(ctx, member.as_str(), id).await?;
    json(200, &orders::view(ctx, &row).await?)
}

pub async fn pay_order(ctx: &Ctx, who: &MemberAuth, req: &mut Request, id: &str) -> Reply {
    let member = member(who)?;
    let body: PayRequest = read_json(req).await?;
    let method =
        pay::Method::parse(&body.method).map_err(|_| invalid("method", "must be \"balance\" or \"sandbox\""))?;
    let row = pay::load(ctx, member.as_str(), id).await?;
    let row = pay::pay(ctx, row, method).await?;
    json(200, &orders::view(ctx, &row).await?)
}

pub async fn cancel(ctx: &Ctx, who: &MemberAuth, id: &str) -> Reply {
    let member = member(who)?;
    let row = orders::own(ctx, member.as_str(), id).await?;
    if row.status() != shared::order::OrderStatus::Cancelled {
        orders::cancel(ctx, &row).await?;
    }
    let row = orders::own(ctx, member.as_str(), id).await?;
    json(200, &orders::view(ctx, &row).await?)
}
