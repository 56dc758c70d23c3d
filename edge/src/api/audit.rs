//! `GET /api/manage/audit`: a store's audit log for one local day, for its manager.

use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::db;
use crate::http::{Failure, Reply, json, query_pairs};
use shared::ApiError;
use shared::ids::StoreId;
use shared::reconciliation::StoreDay;
use worker::Request;

pub async fn list(ctx: &Ctx, manager: &StaffAuth, req: &Request) -> Reply {
    let query = query_pairs(req)?;
    let param = |name: &str| query.iter().find(|(k, v)| k == name && !v.trim().is_empty()).map(|(_, v)| v.trim());
    let store_id = param("store_id").unwrap_or(&manager.store_id);
    manager.own_store(store_id)?;
    let store_id = StoreId::parse(store_id).map_err(|e| Failure::Internal(e.to_string()))?;
    let store = db::catalog::store(ctx, &store_id)
        .await?
        .ok_or_else(|| Failure::Internal(format!("manager of a missing store {store_id}")))?;
    let day = match param("date") {
        Some(d) => {
            StoreDay::parse(d, store.utc_offset_minutes, ctx.now).map_err(|e| ApiError::invalid(e.to_string()))?
        }
        None => StoreDay::today(store.utc_offset_minutes, ctx.now),
    };
    json(200, &db::audit::of_store(ctx, store_id.as_str(), day.start(), day.end()).await?)
}
