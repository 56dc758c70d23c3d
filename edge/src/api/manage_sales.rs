//! The manager's flash sales over their life: `GET /api/manage/flash-sales`, cancel and edit.

use super::sales::totals;
use crate::auth::StaffAuth;
use crate::calls::sale;
use crate::ctx::Ctx;
use crate::db;
use crate::db::sales::SaleRow;
use crate::http::{Failure, Reply, json, query_pairs, read_json};
use futures_util::future::join_all;
use shared::ApiError;
use shared::api::SaleEditRequest;
use shared::audit::AuditAction;
use shared::dashboard::store_scope;
use shared::flash_sale::{EditError, check_cancel};
use worker::Request;

/// The store a manager's list covers (`None`: head office sees the chain).
pub(super) fn scope(staff: &StaffAuth, req: &Request) -> Result<Option<String>, Failure> {
    let query = query_pairs(req)?;
    let asked = query.iter().find(|(k, _)| k == "store_id").map(|(_, v)| v.as_str());
    match store_scope(staff.role, &staff.store_id, asked) {
        Ok(store) => Ok(store.map(str::to_owned)),
        Err(other) => staff.own_store(other).map(|_| None),
    }
}

pub async fn list(ctx: &Ctx, staff: &StaffAuth, req: &Request) -> Reply {
    let store = scope(staff, req)?;
    let rows = db::sales::all_of(ctx, store.as_deref()).await?;
    let figures = join_all(rows.iter().map(|r| totals(ctx, r, None))).await;
    let mut sales = Vec::with_capacity(rows.len());
    for (row, t) in rows.iter().zip(figures) {
        sales.push(row.managed(&t?, ctx.now));
    }
    json(200, &sales)
}

/// The sale `id`, if the caller manages its store.
async fn own_sale(ctx: &Ctx, staff: &StaffAuth, id: &str) -> Result<SaleRow, Failure> {
    let row = db::sales::by_id(ctx, id).await?.ok_or_else(|| ApiError::not_found(format!("no flash sale {id}")))?;
    staff.own_store(&row.store_id)?;
    Ok(row)
}

pub async fn cancel(ctx: &Ctx, staff: &StaffAuth, id: &str) -> Reply {
    let row = own_sale(ctx, staff, id).await?;
    let before = totals(ctx, &row, None).await?;
    if !before.cancelled {
        check_cancel(row.ends_at(), ctx.now).map_err(ApiError::from)?;
    }
    let detail =
        format!("{} · {} sold, {} held, {} back to the pool", row.sku, before.sold, before.locked, before.remaining);
    let mut entry = staff.audit(ctx, AuditAction::FlashSaleCancelled, &row.id, detail, format!("cancel:{}", row.id));
    entry.store_id = row.store_id.clone();
    let cancel = async {
        for index in 0..row.buckets {
            sale::send(ctx, &row.id, index, &sale::Cancel { now: ctx.now }).await?;
        }
        Ok(())
    };
    db::audit::around(ctx, &entry, cancel).await?;
    json(200, &row.managed(&totals(ctx, &row, None).await?, ctx.now))
}

pub async fn edit(ctx: &Ctx, staff: &StaffAuth, req: &mut Request, id: &str) -> Reply {
    let body: SaleEditRequest = read_json(req).await?;
    let row = own_sale(ctx, staff, id).await?;
    let before = totals(ctx, &row, None).await?;
    if before.cancelled || ctx.now >= row.starts_at() {
        return Err(ApiError::from(EditError::Started(row.starts_at())).into());
    }
    let sale = row.definition(ctx.now).map_err(|e| Failure::Internal(e.to_string()))?;
    let edited = sale.edit(&body, before.cancelled, ctx.now).map_err(ApiError::from)?;
    let detail = format!(
        "{} · {} fen · {} to {}",
        edited.title(),
        edited.price().get(),
        edited.starts_at().to_rfc3339(),
        edited.ends_at().to_rfc3339()
    );
    let reference = format!("edit:{}:{}", row.id, crate::rand::id("")?);
    let mut entry = staff.audit(ctx, AuditAction::FlashSaleEdited, &row.id, detail, reference);
    entry.store_id = row.store_id.clone();
    let amend = async {
        for index in 0..row.buckets {
            sale::send(ctx, &row.id, index, &sale::Amend { sale: edited.clone(), now: ctx.now }).await?;
        }
        db::sales::update(ctx, &edited).await
    };
    db::audit::around(ctx, &entry, amend).await?;
    let row = db::sales::by_id(ctx, id).await?.ok_or_else(|| Failure::Internal(format!("sale {id} vanished")))?;
    json(200, &row.managed(&before, ctx.now))
}
