//! Locking units in a bucket: first in this bucket, then after pulling from its siblings when
//! it has run dry; a sold-out refusal records until when no unit can come back (`crate::hot`).

use super::{Meta, SaleObject};
use crate::objects::schedule;
use chrono::{DateTime, Utc};
use shared::flash_sale::SaleLockError;
use shared::flows::transfer::TransferPolicy;
use shared::hot_reads::HotPolicy;
use shared::ids::{MemberId, OrderId};
use shared::protocol::sale::BucketReport;
use shared::stock::{Change, Qty};
use shared::tier::Tier;
use shared::{ApiError, ErrorCode};
use worker::Result;

impl SaleObject {
    fn try_lock(
        &self,
        meta: &Meta,
        order: &OrderId,
        member: &MemberId,
        qty: Qty,
        tier: Tier,
        now: DateTime<Utc>,
    ) -> Result<std::result::Result<(), SaleLockError>> {
        let (limit, ttl) = (meta.sale.limit_for(tier), meta.sale.lock_ttl());
        self.with_bucket(|b| match b.lock(order, member, qty, limit, now, ttl) {
            Ok(change) => (Ok(()), change),
            Err(e) => (Err(e), Change::Unchanged),
        })
    }

    pub(super) async fn lock(
        &self,
        order: OrderId,
        member: MemberId,
        qty: Qty,
        tier: Tier,
        now: DateTime<Utc>,
    ) -> Result<std::result::Result<BucketReport, ApiError>> {
        let Some(meta) = self.meta()? else { return Ok(Err(ApiError::not_found("no such flash sale bucket"))) };
        if !meta.sale.is_live_at(now) {
            return Ok(Err(ApiError::new(ErrorCode::SaleNotLive, "the flash sale is not live")));
        }
        if self.cancel_state()?.is_some() {
            return Ok(Err(ApiError::new(ErrorCode::SaleNotLive, "the flash sale was cancelled")));
        }
        let first = self.try_lock(&meta, &order, &member, qty, tier, now)?;
        let outcome = match first {
            Err(SaleLockError::SoldOut | SaleLockError::InsufficientStock { .. }) if meta.sale.buckets() > 1 => {
                let sold_out = matches!(first, Err(SaleLockError::SoldOut));
                if sold_out && now.timestamp_millis() < self.siblings_empty_until.get() {
                    first // known: every sibling is empty, and nothing lapses before then
                } else {
                    let earliest = self.pull(&meta, qty.get(), now).await?;
                    let second = self.try_lock(&meta, &order, &member, qty, tier, now)?;
                    if matches!(second, Err(SaleLockError::SoldOut)) {
                        // Good until a sibling's lock could lapse, and never long in case a
                        // sibling's refill notice was lost.
                        let until = TransferPolicy::STANDARD.empty_until(now, earliest);
                        self.siblings_empty_until.set(until.timestamp_millis());
                    }
                    second
                }
            }
            other => other,
        };
        self.sold_out_until.set(0);
        match outcome {
            Ok(()) => {
                let report = self.report(now, Some(&member), 0)?;
                schedule(&self.state, report.next_expiry).await?;
                Ok(Ok(report))
            }
            Err(SaleLockError::SoldOut) => {
                // No unit comes back before this bucket's or a sibling's earliest lock could
                // lapse (or a cancel, which the worker that passes it knows of).
                let own = self.with_bucket(|b| (b.next_expiry(), Change::Unchanged))?;
                let siblings = (meta.sale.buckets() > 1).then(|| self.siblings_empty_until.get());
                self.sold_out_until.set(HotPolicy::standard().sold_out_until(own, siblings, now));
                Ok(Err(SaleLockError::SoldOut.into()))
            }
            Err(e) => Ok(Err(e.into())),
        }
    }
}
