//! Head office's catalog: `POST /api/manage/products`, `.../import`, `GET .../export`, and
//! `PUT /api/manage/stores/{id}`. Every rule is `shared::catalog_ops` / `shared::store_layout`;
//! here the facts are read, the rule is asked, and what it accepts is written.

use crate::ctx::Ctx;
use crate::db;
use crate::http::{Failure, Reply, invalid, json, query_pairs, read_body, read_json, set_header};
use shared::ApiError;
use shared::catalog_ops::import::{self, ExportRow};
use shared::catalog_ops::{ProductDraft, ProductRequest};
use shared::ids::StoreId;
use shared::store_layout::StoreLayout;
use worker::{Request, Response};

pub async fn create_product(ctx: &Ctx, req: &mut Request) -> Reply {
    let body: ProductRequest = read_json(req).await?;
    let facts = db::catalog_admin::facts(ctx).await?;
    let draft = ProductDraft::parse(&body, &facts).map_err(|e| ApiError::invalid(e.to_string()))?;
    let existed = facts.skus.contains(draft.sku().as_str());
    db::catalog_admin::write(ctx, std::slice::from_ref(&draft)).await?;
    let (product, _, _) = db::catalog::product(ctx, draft.sku())
        .await?
        .ok_or_else(|| Failure::Internal(format!("product {} vanished after its write", draft.sku())))?;
    json(if existed { 200 } else { 201 }, &product)
}

pub async fn import(ctx: &Ctx, req: &mut Request) -> Reply {
    let dry_run = match query_pairs(req)?.iter().find(|(k, _)| k == "dry_run").map(|(_, v)| v.as_str()) {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(ApiError::bad_request("dry_run must be true or false").into()),
    };
    let bytes = read_body(req, shared::catalog_ops::MAX_IMPORT_BYTES).await?;
    let text = String::from_utf8(bytes).map_err(|_| invalid("body", "the file must be UTF-8 text"))?;
    let plan = import::plan(&text, &db::catalog_admin::facts(ctx).await?);
    if !dry_run && plan.report.rejected.is_empty() && !plan.drafts.is_empty() {
        db::catalog_admin::write(ctx, &plan.drafts).await?;
    }
    json(200, &plan.report)
}

pub async fn export(ctx: &Ctx) -> Reply {
    let rows = db::catalog_admin::export(ctx).await?;
    let rows: Vec<ExportRow<'_>> =
        rows.iter().map(|(product, counters, description)| ExportRow { product, counters, description }).collect();
    let mut resp = Response::ok(import::export(&rows))?;
    let h = resp.headers_mut();
    set_header(h, "content-type", "text/csv; charset=utf-8");
    set_header(h, "content-disposition", "attachment; filename=\"catalog.csv\"");
    set_header(h, "cache-control", "no-store");
    set_header(h, "x-content-type-options", "nosniff");
    Ok(resp)
}

pub async fn put_store(ctx: &Ctx, req: &mut Request, id: &str) -> Reply {
    let id = StoreId::parse(id).map_err(|e| invalid("id", e))?;
    let layout: StoreLayout = read_json(req).await?;
    layout.check(&id).map_err(|e| ApiError::invalid(e.to_string()))?;
    db::catalog_admin::put_store(ctx, &id, &layout).await?;
    let store = db::catalog::store(ctx, &id)
        .await?
        .ok_or_else(|| Failure::Internal(format!("store {id} vanished after its write")))?;
    json(200, &store)
}
