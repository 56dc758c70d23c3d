//! Staff as data: `POST /api/manage/staff`, `GET /api/manage/staff`,
//! `POST /api/manage/staff/{staff_no}/disable` and `.../password`, and a leaving guide's
//! customers handed over (`POST /api/manage/guides/{staff_no}/handover`). Who may manage whom is
//! `shared::staff_ops`; each change is audited in the store of the staff member it concerns.

use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::db;
use crate::http::{Failure, Reply, json, query_pairs, read_json};
use shared::api::{HandoverReport, HandoverRequest};
use shared::audit::{AuditAction, AuditEntry};
use shared::kinds::StaffRole;
use shared::password::{ITERATIONS, Password};
use shared::staff_ops::{self, PasswordRequest, StaffDraft, StaffError, StaffMember, StaffRequest};
use shared::{ApiError, ErrorCode};
use worker::Request;

/// The staff member a path names, if the caller may manage them.
async fn managed(ctx: &Ctx, actor: &StaffAuth, staff_no: &str) -> Result<StaffMember, Failure> {
    let id = staff_ops::staff_no(staff_no).map_err(ApiError::from)?;
    let target = db::staff_admin::one(ctx, &id).await?.ok_or_else(|| ApiError::not_found(format!("no staff {id}")))?;
    actor.own_store(&target.store_id)?;
    staff_ops::may_manage(actor.role, &actor.store_id, target.role, &target.store_id).map_err(ApiError::from)?;
    Ok(target)
}

fn entry(ctx: &Ctx, actor: &StaffAuth, action: AuditAction, target: &StaffMember) -> Result<AuditEntry, Failure> {
    Ok(AuditEntry {
        at: ctx.now,
        store_id: target.store_id.clone(),
        staff_id: actor.staff_id.clone(),
        action,
        subject: target.id.clone(),
        detail: target.role.as_str().to_owned(),
        reference: crate::rand::id("staff:")?,
    })
}

pub async fn create(ctx: &Ctx, actor: &StaffAuth, req: &mut Request) -> Reply {
    let body: StaffRequest = read_json(req).await?;
    let draft = StaffDraft::parse(&body).map_err(ApiError::from)?;
    actor.own_store(draft.store().as_str())?;
    staff_ops::may_manage(actor.role, &actor.store_id, draft.role(), draft.store().as_str()).map_err(ApiError::from)?;
    if db::catalog::store(ctx, draft.store()).await?.is_none() {
        return Err(ApiError::invalid(format!("store_id: there is no store {}", draft.store())).into());
    }
    let member = StaffMember {
        id: draft.staff_no().to_owned(),
        name: draft.name().to_owned(),
        store_id: draft.store().to_string(),
        role: draft.role(),
        disabled: false,
    };
    let hash = super::identity::hash_password(draft.password(), ITERATIONS)?;
    let e = entry(ctx, actor, AuditAction::StaffCreated, &member)?;
    let inserted = db::audit::around(ctx, &e, async {
        match db::staff_admin::insert(ctx, &member, &hash).await? {
            true => Ok(()),
            false => Err(ApiError::new(ErrorCode::StaffNoTaken, format!("{} is taken", member.id)).into()),
        }
    });
    inserted.await?;
    json(201, &member)
}

pub async fn list(ctx: &Ctx, actor: &StaffAuth, req: &Request) -> Reply {
    let query = query_pairs(req)?;
    let store = query.iter().find(|(k, v)| k == "store_id" && !v.trim().is_empty()).map(|(_, v)| v.trim());
    let store = match (store, actor.role == StaffRole::Admin) {
        (Some(s), _) => Some(s),
        // Head office without a store sees the whole chain; a manager their own store.
        (None, true) => None,
        (None, false) => Some(actor.store_id.as_str()),
    };
    if let Some(s) = store {
        actor.own_store(s)?;
    }
    json(200, &db::staff_admin::list(ctx, store).await?)
}

pub async fn disable(ctx: &Ctx, actor: &StaffAuth, staff_no: &str) -> Reply {
    let target = managed(ctx, actor, staff_no).await?;
    staff_ops::may_disable(&actor.staff_id, &target.id).map_err(ApiError::from)?;
    let e = entry(ctx, actor, AuditAction::StaffDisabled, &target)?;
    db::audit::around(ctx, &e, db::staff_admin::disable(ctx, &target.id)).await?;
    json(200, &StaffMember { disabled: true, ..target })
}

pub async fn reset_password(ctx: &Ctx, actor: &StaffAuth, req: &mut Request, staff_no: &str) -> Reply {
    let target = managed(ctx, actor, staff_no).await?;
    let body: PasswordRequest = read_json(req).await?;
    let password = Password::parse(&body.password).map_err(|e| ApiError::from(StaffError::Password(e)))?;
    let hash = super::identity::hash_password(&password, ITERATIONS)?;
    let e = entry(ctx, actor, AuditAction::StaffPasswordReset, &target)?;
    db::audit::around(ctx, &e, db::staff_admin::set_password(ctx, &target.id, &hash)).await?;
    json(200, &target)
}

pub async fn handover(ctx: &Ctx, actor: &StaffAuth, req: &mut Request, staff_no: &str) -> Reply {
    let leaving = managed(ctx, actor, staff_no).await?;
    let body: HandoverRequest = read_json(req).await?;
    let to_no = staff_ops::staff_no(&body.to_staff_no).map_err(ApiError::from)?;
    let to =
        db::staff_admin::one(ctx, &to_no).await?.ok_or_else(|| ApiError::not_found(format!("no staff {to_no}")))?;
    shared::clienteling::handover::check(&leaving, &to).map_err(ApiError::from)?;
    let mut e = entry(ctx, actor, AuditAction::CustomersHandedOver, &leaving)?;
    e.detail = format!("→ {}", to.id);
    let moved = db::audit::around(ctx, &e, db::clienteling::hand_over(ctx, &leaving.store_id, &leaving.id, &to.id));
    let moved = moved.await?;
    json(200, &HandoverReport { from_staff_no: leaving.id, to_staff_no: to.id, store_id: leaving.store_id, moved })
}
