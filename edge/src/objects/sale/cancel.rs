//! A cancelled sale's bucket: it refuses new locks and hands its units back to the store's pool
//! as they come free — at once for the free ones, then after each lapse, order cancel or
//! refund (`shared::flash_sale::SaleCancel` numbers the returns so a crash repeats one, never
//! loses or doubles it).

use super::{Meta, SaleObject};
use crate::calls::stock;
use crate::ctx::Ctx;
use crate::objects::decode;
use chrono::{DateTime, Utc};
use shared::flash_sale::SaleCancel;
use shared::protocol::sale::BucketReport;
use worker::Result;

impl SaleObject {
    /// The bucket's cancel, if the sale was cancelled (kept in memory once read).
    pub(super) fn cancel_state(&self) -> Result<Option<SaleCancel>> {
        if self.cancelled.borrow().is_none() {
            let loaded: Option<SaleCancel> = self.read("cancel")?.map(|t| decode(&t)).transpose()?;
            *self.cancelled.borrow_mut() = Some(loaded);
        }
        Ok(self.cancelled.borrow().clone().flatten())
    }

    fn save_cancel(&self, cancel: &SaleCancel) -> Result<()> {
        self.write_stored("cancel", cancel)?;
        *self.cancelled.borrow_mut() = Some(Some(cancel.clone()));
        Ok(())
    }

    /// Cancels the sale here (a repeat keeps the first cancel) and hands back the free units.
    pub(super) async fn cancel(&self, now: DateTime<Utc>) -> Result<BucketReport> {
        if self.cancel_state()?.is_none() {
            self.save_cancel(&SaleCancel::new(now))?;
        }
        if let Some(meta) = self.meta()? {
            self.return_free_units(&meta, now).await?;
        }
        self.report(now, None, 0)
    }

    /// After a cancel: every unit neither held nor sold goes back to the store's pool.
    pub(super) async fn return_free_units(&self, meta: &Meta, now: DateTime<Utc>) -> Result<()> {
        let Some(mut cancel) = self.cancel_state()? else { return Ok(()) };
        let ctx = Ctx::at(self.env.clone(), now);
        loop {
            let sale = meta.sale.id();
            let Some(back) = self.with_bucket(|b| cancel.next_return(b, sale, meta.index, now))? else { break };
            if back.qty > 0 {
                let command =
                    stock::Unreserve { reference: back.reference.clone(), sale: sale.clone(), qty: back.qty, now };
                stock::send(&ctx, meta.sale.store_id(), meta.sale.sku(), &command)
                    .await
                    .map_err(|e| super::internal(format!("{e:?}")))?;
            }
            cancel.delivered(&back);
            self.save_cancel(&cancel)?;
        }
        Ok(())
    }
}
