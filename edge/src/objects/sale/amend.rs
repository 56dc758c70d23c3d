//! A sale edited before its start: the bucket sells by the new definition and closes at its new
//! end. The rule of what may change when is `shared::flash_sale::FlashSale::edit`; the bucket
//! only refuses a definition change once its own sale has started.

use super::{Meta, SaleObject};
use chrono::{DateTime, Utc};
use shared::ApiError;
use shared::flash_sale::{BucketAmend, FlashSale};
use shared::protocol::sale::BucketReport;
use worker::Result;

impl SaleObject {
    pub(super) async fn amend(
        &self,
        sale: FlashSale,
        now: DateTime<Utc>,
    ) -> Result<std::result::Result<BucketReport, ApiError>> {
        let Some(meta) = self.meta()? else { return Ok(Err(ApiError::not_found("no such flash sale bucket"))) };
        match meta.sale.amend_bucket(&sale, now) {
            Ok(BucketAmend::Repeat) => return Ok(Ok(self.report(now, None, 0)?)),
            Ok(BucketAmend::Apply) => {}
            Err(e) => return Ok(Err(e.into())),
        }
        let meta = Meta { sale, index: meta.index };
        self.write_stored("meta", &meta)?;
        *self.meta.borrow_mut() = Some(meta.clone());
        // Before the start no lock exists, so the next alarm is the close.
        self.state.storage().set_alarm(meta.sale.closes_at()).await?;
        Ok(Ok(self.report(now, None, 0)?))
    }
}
