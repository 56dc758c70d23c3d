//! An order refused before anything is written: a line of a sale that is not live, or whose
//! home bucket said it is sold out (`crate::hot`). Answered before the idempotency key is
//! remembered and without calling the sale's object, so the rush of refusals after a sell-out
//! costs no storage write. A key that already made an order is never refused here: that
//! request goes the usual way and gets its first answer. It runs before the door's sign-in
//! check and reads the session in the same round trip as the order, so a refusal (or the 401 of
//! a session signed out) costs one read.

use crate::auth;
use crate::calls::sale::object_name;
use crate::ctx::Ctx;
use crate::db;
use crate::hot;
use crate::http::error_response;
use shared::flash_sale::home_bucket;
use shared::ids::MemberId;
use shared::order::{OrderRequest, order_id};
use shared::{ApiError, ErrorCode};
use worker::{Request, Response};

/// The refusal this order is known to get, if any (`None`: place it the usual way, which also
/// answers every caller who is not a signed-in member).
pub async fn known(ctx: &Ctx, req: &Request) -> Option<Response> {
    let who = auth::signed_member(ctx, req)?;
    let member = MemberId::parse(&who.member_id).ok()?;
    let key = crate::idempotency::key(req).ok()??;
    let body: OrderRequest = req.clone().ok()?.json().await.ok()?;
    let order = body.validate().ok()?;
    let mut refusal = None;
    for line in &order.lines {
        let Some(sale_id) = &line.flash_sale_id else { continue };
        let sale = db::sales::by_id_cached(ctx, sale_id.as_str()).await.ok()??;
        if sale.sku != line.sku.as_str() || sale.store_id != order.store_id.as_str() {
            return None; // the usual way says which field is wrong
        }
        if let Some(not_live) = sale.not_live_at(ctx.now) {
            refusal = Some(not_live);
        } else if hot::sold_out(&object_name(&sale.id, home_bucket(&member, sale.buckets)), ctx.now) {
            refusal = Some(ApiError::new(ErrorCode::SoldOut, "sold out"));
        }
    }
    let refusal = refusal?;
    // A retry of a request that made its order gets that order, not a refusal; a session
    // signed out gets the door's 401 (answered here, so the door need not read it again).
    // Both read in one round trip.
    let id = order_id(&ctx.keys().ok()?.order_id, &member, &key).ok()?;
    let db = ctx.db().ok()?;
    let reads =
        vec![db::sessions::is_live_read(&db, &who.session_id).ok()?, db::orders::by_id_read(&db, id.as_str()).ok()?];
    let mut results = db.batch(reads).await.ok()?.into_iter();
    if !db::sessions::live(results.next()?).ok()? {
        return Some(error_response(&auth::signed_out())); // the door's answer, without reading again
    }
    let ordered = results.next()?.results::<db::orders::OrderRow>().ok()?.into_iter().next().is_some();
    (!ordered).then(|| error_response(&refusal))
}
