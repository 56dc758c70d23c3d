//! `GET /api/flash-sales/{id}/live`: a WebSocket of the sale's remaining count. The worker
//! checks the request and the sale, then hands the upgrade to the sale's first bucket, which
//! keeps the socket (see `objects::sale::live`).

use crate::calls::sale;
use crate::ctx::Ctx;
use crate::db;
use crate::http::Reply;
use shared::ApiError;
use worker::{Headers, Method, Request, RequestInit};

pub async fn subscribe(ctx: &Ctx, req: &Request, id: &str) -> Reply {
    if !sale::is_upgrade(req) {
        return Err(ApiError::bad_request("this is a WebSocket: send `Upgrade: websocket`").into());
    }
    let row = db::sales::by_id(ctx, id).await?.ok_or_else(|| ApiError::not_found(format!("no flash sale {id}")))?;
    let stub = ctx.env.durable_object("SALE")?.id_from_name(&sale::object_name(&row.id, 0))?.get_stub()?;
    let headers = Headers::new();
    headers.set("upgrade", "websocket")?;
    headers.set(sale::NOW_HEADER, &ctx.now.to_rfc3339())?;
    let mut init = RequestInit::new();
    init.with_method(Method::Get).with_headers(headers);
    let upgrade = Request::new_with_init("https://object.internal/live", &init)?;
    Ok(stub.fetch_with_request(upgrade).await?)
}
