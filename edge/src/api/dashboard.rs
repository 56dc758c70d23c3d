//! `GET /api/manage/dashboard`: a store's (or, for head office, the chain's) days, guides and
//! promoters' commissions.

use super::manage_sales::scope;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::db;
use crate::http::{Reply, invalid, json, query_pairs};
use shared::dashboard::promoters::promoter_figures;
use shared::dashboard::{DayRange, dashboard};
use shared::flows::settlement::ReturnPolicy;
use shared::ids::StoreId;
use worker::Request;

pub async fn show(ctx: &Ctx, staff: &StaffAuth, req: &Request) -> Reply {
    let store = scope(staff, req)?;
    let offset = match &store {
        Some(id) => {
            let id = StoreId::parse(id).map_err(|_| invalid("store_id", "is not a valid store id"))?;
            db::catalog::store(ctx, &id).await?.ok_or_else(|| invalid("store_id", "no such store"))?.utc_offset_minutes
        }
        None => shared::dashboard::CHAIN_OFFSET_MINUTES,
    };
    let query = query_pairs(req)?;
    let param = |name: &str| query.iter().find(|(k, v)| k == name && !v.trim().is_empty()).map(|(_, v)| v.as_str());
    let range = DayRange::parse(param("from"), param("to"), offset, ctx.now).map_err(shared::ApiError::from)?;
    let facts = db::dashboard::facts(ctx, store.as_deref(), range.start(), range.end()).await?;
    let guides = db::dashboard::guides(ctx, store.as_deref(), range.start(), range.end()).await?;
    let brought = db::dashboard::promoted(ctx, store.as_deref()).await?;
    let mut board = dashboard(&range, &facts, guides);
    board.promoters = promoter_figures(&range, brought, ctx.now, &ReturnPolicy::STANDARD);
    json(200, &board)
}
