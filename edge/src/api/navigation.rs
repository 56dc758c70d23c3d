//! Store navigation: `GET /api/stores/{id}/map` and `GET /api/stores/{id}/route`.

use crate::ctx::Ctx;
use crate::http::{Failure, Reply, json, query_pairs};
use crate::{catalog_cache, db};
use shared::ApiError;
use shared::catalog_cache::CatalogRead;
use shared::ids::StoreId;
use shared::navigation::{self, StoreMap};
use worker::Request;

async fn map_of(ctx: &Ctx, id: &str) -> Result<StoreMap, Failure> {
    let missing = || ApiError::not_found(format!("no store {id}"));
    let store_id = StoreId::parse(id).map_err(|_| missing())?;
    let store = db::catalog::store(ctx, &store_id).await?.ok_or_else(missing)?;
    let counters = db::catalog::counters(ctx, &store_id).await?;
    Ok(navigation::store_map(&store, &counters))
}

/// A store's map, from the shared cache (`crate::catalog_cache`).
pub async fn map(ctx: &Ctx, req: &Request, id: &str) -> Reply {
    catalog_cache::served(ctx, req, CatalogRead::StoreMap, async {
        Ok(serde_json::to_string(&map_of(ctx, id).await?)?)
    })
    .await
}

pub async fn route(ctx: &Ctx, req: &Request, id: &str) -> Reply {
    let pairs = query_pairs(req)?;
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned());
    let to =
        get("to").filter(|t| !t.is_empty()).ok_or_else(|| ApiError::bad_request("to: a counter id is required"))?;
    let map = map_of(ctx, id).await?;
    let from = navigation::start_of(&map.store_id, get("from").as_deref());
    let route = navigation::route(&map.graph, &from, &to).map_err(|e| e.answer(&from, &to, id))?;
    json(200, &route)
}
