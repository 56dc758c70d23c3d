//! How a bucket that runs dry pulls units from its siblings: record the pending transfer, ask
//! the sibling to give (it records what it gave), take the units in, clear the record. Every
//! step is idempotent on the transfer id, so a crash half-way is completed on the next command
//! and a unit is never counted twice. And how a bucket tells its siblings it has units again.

use super::{BucketReport, Meta, SaleCommand, SaleObject, internal};
use crate::ctx::Ctx;
use crate::http::Failure;
use crate::objects::call;
use chrono::{DateTime, Utc};
use shared::stock::Change;
use worker::Result;

impl SaleObject {
    /// Finishes transfers a crash left half-done (asking the giver again is idempotent).
    pub(super) async fn finish_pending(&self, meta: &Meta, now: DateTime<Utc>) -> Result<()> {
        let pending: Vec<(String, u32)> =
            self.read("pending")?.map(|t| serde_json::from_str(&t)).transpose().map_err(internal)?.unwrap_or_default();
        for (transfer, from) in pending {
            self.pull_one(meta, &transfer, from, 0, now).await?;
        }
        Ok(())
    }

    /// One transfer from sibling `from`: record it as pending, ask, take in, clear.
    pub(super) async fn pull_one(
        &self,
        meta: &Meta,
        transfer: &str,
        from: u32,
        want: u32,
        now: DateTime<Utc>,
    ) -> Result<BucketReport> {
        let mut pending: Vec<(String, u32)> =
            self.read("pending")?.map(|t| serde_json::from_str(&t)).transpose().map_err(internal)?.unwrap_or_default();
        if !pending.iter().any(|(t, _)| t == transfer) {
            pending.push((transfer.to_owned(), from));
            self.write("pending", &pending)?;
        }
        let name = format!("{}:{from}", meta.sale.id());
        let ctx = Ctx::at(self.env.clone(), now);
        let reply: BucketReport =
            call(&ctx, "SALE", &name, &SaleCommand::Give { transfer: transfer.to_owned(), want, now })
                .await
                .map_err(|e| internal(format!("{e:?}")))?;
        self.with_bucket(|b| ((), b.receive(transfer, reply.given)))?;
        let mut pending: Vec<(String, u32)> =
            self.read("pending")?.map(|t| serde_json::from_str(&t)).transpose().map_err(internal)?.unwrap_or_default();
        pending.retain(|(t, _)| t != transfer);
        self.write("pending", &pending)?;
        Ok(reply)
    }

    /// Pulls units from siblings until `need` are available here or every sibling is empty.
    /// Returns the earliest instant a sibling's lock could lapse (what "empty" is good until).
    pub(super) async fn pull(&self, meta: &Meta, need: u32, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let k = meta.sale.buckets();
        let mut earliest: Option<DateTime<Utc>> = None;
        for step in 1..k {
            let from = (meta.index + step) % k;
            let available = self.with_bucket(|b| (b.figures(now).available, Change::Unchanged))?;
            if available >= need {
                break;
            }
            let pulls = self.read("pulls")?.map(|t| t.parse::<u64>().map_err(internal)).transpose()?;
            let counter = pulls.unwrap_or(0) + 1;
            self.write("pulls", &counter)?;
            let transfer = format!("{}<-{from}#{counter}", meta.index);
            // Ask for a few more than needed so the next buyers here need no call.
            let reply = self.pull_one(meta, &transfer, from, need - available + 2, now).await?;
            if let Some(t) = reply.next_expiry {
                earliest = Some(earliest.map_or(t, |e| e.min(t)));
            }
        }
        Ok(earliest)
    }

    /// Tells siblings this bucket has units again.
    pub(super) async fn announce_refill(&self, meta: &Meta, now: DateTime<Utc>) {
        let ctx = Ctx::at(self.env.clone(), now);
        for other in (0..meta.sale.buckets()).filter(|i| *i != meta.index) {
            let name = format!("{}:{other}", meta.sale.id());
            let _: std::result::Result<serde_json::Value, Failure> =
                call(&ctx, "SALE", &name, &SaleCommand::Refill).await;
        }
    }
}
