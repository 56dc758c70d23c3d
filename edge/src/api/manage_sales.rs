//! The manager's flash sales over their life: `GET /api/manage/flash-sales`, cancel and edit.

use super::sales::{Totals, totals, view_of};
use crate::auth::StaffAuth;
use crate::calls::sale;
use crate::ctx::Ctx;
use crate::db;
use crate::db::sales::SaleRow;
use crate::http::{Failure, Reply, invalid, json, query_pairs, read_json};
use futures_util::future::join_all;
use shared::Fen;
use shared::api::{ManagedSale, SaleEditRequest};
use shared::audit::AuditAction;
use shared::dashboard::store_scope;
use shared::flash_sale::{CancelError, EditError, FlashSale, SaleRequest, check_cancel};
use shared::ids::SaleId;
use shared::{ApiError, ErrorCode};
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

fn managed(ctx: &Ctx, row: &SaleRow, t: &Totals) -> ManagedSale {
    ManagedSale { sale: view_of(ctx, row, t, false), sold: t.sold, held: t.locked }
}

pub async fn list(ctx: &Ctx, staff: &StaffAuth, req: &Request) -> Reply {
    let store = scope(staff, req)?;
    let rows = db::sales::all_of(ctx, store.as_deref()).await?;
    let figures = join_all(rows.iter().map(|r| totals(ctx, r, None))).await;
    let mut sales = Vec::with_capacity(rows.len());
    for (row, t) in rows.iter().zip(figures) {
        sales.push(managed(ctx, row, &t?));
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
        check_cancel(row.ends_at(), ctx.now).map_err(|CancelError::AlreadyEnded(at)| {
            ApiError::new(ErrorCode::AlreadyEnded, format!("the sale ended at {at}; it can no longer be cancelled"))
        })?;
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
    json(200, &managed(ctx, &row, &totals(ctx, &row, None).await?))
}

/// The sale a row describes, as its buckets hold it (read only before its end).
fn definition(ctx: &Ctx, row: &SaleRow) -> Result<FlashSale, Failure> {
    let request = SaleRequest {
        sku: row.sku.clone(),
        store_id: row.store_id.clone(),
        price_fen: row.price_fen,
        quantity: i64::from(row.quantity),
        per_member_limit: i64::from(row.per_member_limit),
        starts_at: row.starts_at(),
        ends_at: row.ends_at(),
        title: Some(row.title.clone()),
        buckets: Some(i64::from(row.buckets)),
        lock_minutes: Some(i64::from(row.lock_minutes)),
    };
    let id = SaleId::parse(&row.id).map_err(|e| Failure::Internal(e.to_string()))?;
    let shelf = Fen::new(row.original_price_fen.max(0) as u64);
    FlashSale::parse(id, &request, &row.title, shelf, ctx.now)
        .map_err(|e| Failure::Internal(format!("sale {}: {e}", row.id)))
}

pub async fn edit(ctx: &Ctx, staff: &StaffAuth, req: &mut Request, id: &str) -> Reply {
    let body: SaleEditRequest = read_json(req).await?;
    let row = own_sale(ctx, staff, id).await?;
    let before = totals(ctx, &row, None).await?;
    let started =
        || ApiError::new(ErrorCode::Conflict, "the sale can be changed only until 2 minutes before its start");
    if before.cancelled || ctx.now >= row.starts_at() {
        return Err(started().into());
    }
    let edited = definition(ctx, &row)?.edit(&body, before.cancelled, ctx.now).map_err(|e| match e {
        EditError::Started(_) => started().into(),
        EditError::Invalid { field, problem } => invalid(field, problem),
    })?;
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
    json(200, &managed(ctx, &row, &before))
}
