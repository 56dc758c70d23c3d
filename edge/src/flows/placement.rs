//! Runs the placement of an order (`shared::flows::placement`): locks at the pools and
//! buckets, the coupon at the member's card, the record in D1.

use super::{Ports, decided, drive, fault, holds};
use crate::calls::member as card;
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::{LineRow, OrderRow};
use crate::db::placing::{Inserted, NewLine, NewOrder};
use crate::http::Failure;
use chrono::{DateTime, Utc};
use shared::flows::Fault;
use shared::flows::hold::Holder;
use shared::flows::placement::{Command, Event, OrderDraft, Placement, PlacementOrder, Step};
use shared::flows::policy::OrderPolicy;
use shared::holds::{self as limits, Holdings};
use shared::ids::{MemberId, OrderId};
use shared::order::ValidOrder;
use shared::stock::Qty;
use shared::tier::Tier;
use shared::tier_benefits::{FIRST_TRY, worth_retrying};
use shared::{ApiError, ErrorCode};
use std::cell::RefCell;

/// Who places the order and what D1 needs to record it.
pub struct Placer<'a> {
    /// The worker's context.
    ctx: &'a Ctx,
    /// The order's id.
    id: &'a OrderId,
    /// The member the order is for.
    member: &'a MemberId,
    /// The order as requested (for the holding limits).
    order: &'a ValidOrder,
    /// The request's fingerprint (a retry with the same key must be the same order).
    fingerprint: &'a str,
    /// The guide who placed it for the member, if one did.
    placed_by: Option<&'a str>,
    /// The row and its lines once recorded, and whether this call created it.
    recorded: RefCell<Option<(OrderRow, bool, Vec<LineRow>)>>,
    /// The member's tier, read from their card the first time a flash-sale line's limit refuses
    /// the first try (`shared::tier_benefits::FIRST_TRY`).
    tier: RefCell<Option<Tier>>,
}

impl<'a> Placer<'a> {
    /// A placer for `member`'s `order`.
    pub fn new(
        ctx: &'a Ctx,
        id: &'a OrderId,
        member: &'a MemberId,
        order: &'a ValidOrder,
        fingerprint: &'a str,
        placed_by: Option<&'a str>,
    ) -> Placer<'a> {
        Placer {
            ctx,
            id,
            member,
            order,
            fingerprint,
            placed_by,
            recorded: RefCell::new(None),
            tier: RefCell::new(None),
        }
    }

    /// The member's tier (it sets their flash-sale limit), from their card, read once.
    async fn tier(&self) -> Result<Tier, Failure> {
        if let Some(tier) = *self.tier.borrow() {
            return Ok(tier);
        }
        let tier = card::summary(self.ctx, self.member.as_str()).await?.standing.tier;
        *self.tier.borrow_mut() = Some(tier);
        Ok(tier)
    }

    /// Locks a line's units. A flash-sale bucket also hears a tier (its limit): first the lowest,
    /// and the member's own only if that limit refused and their tier allows more.
    async fn lock(&self, holder: &Holder, qty: Qty, until: DateTime<Utc>) -> Result<(), Failure> {
        let tried = self.tier.borrow().unwrap_or(FIRST_TRY);
        let lock = |tier| holds::lock(self.ctx, holder, self.id, self.member, qty, tier, until);
        match lock(tried).await {
            Err(Failure::Api(e)) if e.error.code == ErrorCode::LimitExceeded && holder.sale_bucket().is_some() => {
                let tier = self.tier().await?;
                if worth_retrying(tried, tier) { lock(tier).await } else { Err(Failure::Api(e)) }
            }
            other => other,
        }
    }

    /// Places the order: all lines and the coupon held and the order recorded, or nothing held.
    /// Returns the row, whether this call created it (a concurrent request with the same key
    /// may have recorded it first) and its lines.
    pub async fn place(&self, order: PlacementOrder) -> Result<(OrderRow, bool, Vec<LineRow>), Failure> {
        let (mut flow, first) = Placement::start(order, self.ctx.now, &OrderPolicy::standard());
        decided(drive(&mut flow, first, self).await, "placement")?;
        self.recorded.take().ok_or_else(|| Failure::Internal("placed but not recorded".into()))
    }

    async fn record(&self, draft: &OrderDraft) -> Result<(), Failure> {
        let ctx = self.ctx;
        let t = draft.totals();
        let new = NewOrder {
            id: draft.id().as_str(),
            member_id: self.member.as_str(),
            store_id: self.order.store_id.as_str(),
            subtotal_fen: t.subtotal.get(),
            discount_fen: t.discount.get(),
            total_fen: t.total.get(),
            coupon_id: draft.coupon(),
            fingerprint: self.fingerprint,
            lock_expires_at: draft.lock_expires_at(),
            placed_by: self.placed_by,
            source_store: self.order.from_store.as_ref().map(|s| s.as_str()),
            lines: draft
                .lines()
                .iter()
                .map(|l| {
                    let bucket = l.holder().sale_bucket();
                    NewLine {
                        sku: l.sku().as_str(),
                        qty: l.qty().get(),
                        unit_price_fen: l.price().get(),
                        flash_sale_id: bucket.map(|(sale, _)| sale.as_str()),
                        bucket: bucket.map(|(_, index)| index),
                    }
                })
                .collect(),
        };
        let Inserted { created, row, lines } =
            db::placing::insert(ctx, &new, limits::MAX_PENDING_ORDERS, limits::MAX_HELD_UNITS_PER_SKU).await?;
        let Some(row) = row else {
            // Not recorded: a holding limit refused it (orders racing this one took the room).
            hold_refusal(&db::holds::of_member(ctx, self.member.as_str()).await?, self.order)?;
            return Err(limits::raced().into());
        };
        *self.recorded.borrow_mut() = Some((row, created, lines));
        Ok(())
    }
}

impl Ports<Placement> for Placer<'_> {
    async fn run(&self, command: Command) -> Event {
        let (ctx, id, member) = (self.ctx, self.id, self.member);
        match command {
            Command::Lock { line, holder, qty, until } => match self.lock(&holder, qty, until).await {
                Ok(()) => Event::Locked(line),
                Err(e) => failed(Step::Line(line), e),
            },
            Command::Release { line, holder } => released(Step::Line(line), holds::release(ctx, &holder, id).await),
            Command::LockCoupon { coupon, until } => {
                let lock = card::LockCoupon { id: coupon, order: id.clone(), until, now: ctx.now };
                match card::send(ctx, member.as_str(), &lock).await {
                    Ok(c) => Event::CouponLocked(c.terms),
                    Err(e) => failed(Step::Coupon, e),
                }
            }
            Command::ReleaseCoupon { coupon } => {
                let release = card::ReleaseCoupon { id: coupon, order: id.clone() };
                let done = card::send(ctx, member.as_str(), &release).await;
                released(Step::Coupon, done.map(|_| ()))
            }
            Command::Record(draft) => match self.record(&draft).await {
                Ok(()) => Event::Recorded,
                Err(e) => failed(Step::Record, e),
            },
        }
    }
}

fn failed(step: Step, e: Failure) -> Event {
    match fault(e) {
        Fault::Refused(e) => Event::Refused(step, e),
        Fault::Crashed(m) => Event::Crashed(step, m),
    }
}

fn released(step: Step, done: Result<(), Failure>) -> Event {
    match done {
        Ok(()) => Event::Released(step),
        Err(e) => failed(step, e),
    }
}

/// The contract's answer when an order would hold more than a member may hold unpaid.
pub fn hold_refusal(held: &Holdings, order: &ValidOrder) -> Result<(), Failure> {
    Ok(limits::check(held, order).map_err(ApiError::from)?)
}
