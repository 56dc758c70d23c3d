//! A guide's customers: bind one by scanning their member code (`POST /api/guide/customers`),
//! list them by tag or name (`GET /api/guide/customers`), retag them
//! (`PUT /api/guide/customers/{id}/tags`), order for them (`POST /api/guide/orders`); and the
//! store's day (`GET /api/guide/reconciliation?date=`).

use super::counter;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::db;
use crate::http::{Failure, Reply, invalid, json, query_pairs, read_json};
use crate::orders::{self, create};
use shared::audit::AuditAction;
use shared::clienteling::search::CustomerSearch;
use shared::clienteling::{self, BindOutcome, BindRequest, GuideOrderRequest, Tags, TagsRequest};
use shared::ids::{MemberId, StoreId};
use shared::order::OrderRequest;
use shared::reconciliation::{self, StoreDay};
use shared::{ApiError, ErrorCode};
use worker::Request;

fn tags_of(raw: &[String]) -> Result<Tags, Failure> {
    Tags::parse(raw).map_err(|(i, e)| invalid(&format!("tags[{i}]"), e))
}

pub async fn bind(ctx: &Ctx, staff: &StaffAuth, req: &mut Request) -> Reply {
    let body: BindRequest = read_json(req).await?;
    let tags = tags_of(&body.tags)?;
    let member = counter::identify(ctx, staff, &body.code, Some(AuditAction::CustomerBound)).await?;
    let store = staff.store_id.as_str();
    // Two guides may scan the same customer at once: each write is conditional, and a lost
    // race is decided again from what won.
    let mut created = None;
    for _ in 0..3 {
        let current = db::clienteling::binding(ctx, store, &member.id).await?;
        let decided = clienteling::bind(current.as_ref().map(|b| b.binding()).as_ref(), &staff.staff_id, ctx.now);
        let won = match decided {
            Ok(BindOutcome::New) => db::clienteling::insert(ctx, store, &member.id, &staff.staff_id, &tags).await?,
            Ok(BindOutcome::TakenOver { .. }) => match &current {
                Some(was) => db::clienteling::take_over(ctx, store, &member.id, &staff.staff_id, was, &tags).await?,
                None => false,
            },
            Ok(BindOutcome::AlreadyYours) => {
                let retag = (!tags.as_slice().is_empty()).then_some(&tags);
                db::clienteling::touch(ctx, store, &member.id, &staff.staff_id, retag).await?;
                created = Some(false);
                break;
            }
            Err(e) => return Err(ApiError::from(e).into()),
        };
        if won {
            created = Some(true);
            break;
        }
    }
    let created = created.ok_or_else(|| ApiError::new(ErrorCode::Conflict, "the binding changed; scan again"))?;
    let customer = db::clienteling::customer_of(ctx, store, &staff.staff_id, &member.id)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::Conflict, "the binding changed; scan again"))?;
    json(if created { 201 } else { 200 }, &customer)
}

pub async fn list(ctx: &Ctx, staff: &StaffAuth, req: &Request) -> Reply {
    let pairs = query_pairs(req)?;
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let search = CustomerSearch::parse(get("tag"), get("q"));
    let mut customers = db::clienteling::customers_of(ctx, &staff.store_id, &staff.staff_id).await?;
    customers.retain(|c| search.matches(c));
    json(200, &customers)
}

pub async fn retag(ctx: &Ctx, staff: &StaffAuth, req: &mut Request, member: &str) -> Reply {
    let body: TagsRequest = read_json(req).await?;
    let tags = tags_of(&body.tags)?;
    let mine = || ApiError::not_found(format!("{member} is not one of your customers"));
    if !db::clienteling::touch(ctx, &staff.store_id, member, &staff.staff_id, Some(&tags)).await? {
        return Err(mine().into());
    }
    let customer = db::clienteling::customer_of(ctx, &staff.store_id, &staff.staff_id, member).await?;
    json(200, &customer.ok_or_else(mine)?)
}

pub async fn place_order(ctx: &Ctx, staff: &StaffAuth, req: &mut Request) -> Reply {
    let key = crate::idempotency::required_key(req)?;
    let body: GuideOrderRequest = read_json(req).await?;
    let member = MemberId::parse(&body.member_id).map_err(|e| invalid("member_id", e))?;
    let binding = db::clienteling::binding(ctx, &staff.store_id, member.as_str()).await?;
    clienteling::may_order_for(binding.as_ref().map(|b| b.guide_id.as_str()), &staff.staff_id, &member)
        .map_err(ApiError::from)?;
    let id = clienteling::guide_order_id(&ctx.keys()?.order_id, &member, &staff.staff_id, &key)
        .map_err(|e| invalid("Idempotency-Key", e))?;
    let request =
        OrderRequest { store_id: staff.store_id.clone(), lines: body.lines, coupon_id: None, from_store: None };
    let order = request.validate().map_err(|e| ApiError::invalid(e.to_string()))?;
    let detail = format!("for {member}");
    let entry = staff.audit(ctx, AuditAction::OrderForCustomer, id.as_str(), detail, format!("order:{id}"));
    let placed = create::create(ctx, &member, &id, &order, Some(&staff.staff_id));
    let (row, created) = db::audit::around(ctx, &entry, placed).await?;
    db::clienteling::touch(ctx, &staff.store_id, member.as_str(), &staff.staff_id, None).await?;
    crate::messages::notify(ctx, member.as_str(), shared::reminders::MessageKind::OrderForYou, &row.id, &row.id).await;
    json(if created { 201 } else { 200 }, &orders::staff_view(ctx, &row).await?)
}

pub async fn day(ctx: &Ctx, staff: &StaffAuth, req: &Request) -> Reply {
    let store_id = StoreId::parse(&staff.store_id).map_err(|e| Failure::Internal(e.to_string()))?;
    let store = db::catalog::store(ctx, &store_id)
        .await?
        .ok_or_else(|| Failure::Internal(format!("staff of a missing store {store_id}")))?;
    let date = query_pairs(req)?.into_iter().find(|(k, _)| k == "date").map(|(_, v)| v);
    let day = match date.filter(|d| !d.trim().is_empty()) {
        Some(d) => {
            StoreDay::parse(&d, store.utc_offset_minutes, ctx.now).map_err(|e| ApiError::invalid(e.to_string()))?
        }
        None => StoreDay::today(store.utc_offset_minutes, ctx.now),
    };
    let rows = db::reconciliation::day_rows(ctx, store_id.as_str(), &day).await?;
    json(200, &reconciliation::reconcile(store_id.as_str(), &day, &rows))
}
