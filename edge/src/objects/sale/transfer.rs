//! The bucket's side of pulling units from its siblings ([`shared::flows::transfer`], run by
//! [`crate::flows::transfer`]): noting a transfer as pending, asking a sibling to give, taking
//! the units in. Every step is idempotent on the transfer id, so a crash half-way is completed
//! on the next pull and a unit is never counted twice. And how a bucket tells its siblings it
//! has units again.

use super::{Meta, SaleObject, internal};
use crate::calls::sale::{Give, Refill, send};
use crate::ctx::Ctx;
use crate::flows::transfer::{BucketPort, drive, pending};
use crate::http::Failure;
use chrono::{DateTime, Utc};
use shared::flows::transfer::{Command, Event, PullRequest, Transfer, TransferPolicy};
use shared::stock::Change;
use worker::Result;

/// One bucket's object at one instant, as the pull's port.
struct Bucket<'a> {
    object: &'a SaleObject,
    meta: &'a Meta,
    now: DateTime<Utc>,
}

impl Bucket<'_> {
    fn noted(&self) -> Result<Vec<(String, u32)>> {
        let stored = self.object.read("pending")?;
        Ok(stored.map(|t| serde_json::from_str(&t)).transpose().map_err(internal)?.unwrap_or_default())
    }

    fn note(&self, transfer: &str, from: u32, pulls: u64) -> Result<()> {
        let mut noted = self.noted()?;
        if !noted.iter().any(|(t, _)| t == transfer) {
            noted.push((transfer.to_owned(), from));
            self.object.write("pending", &noted)?;
        }
        self.object.write("pulls", &pulls)
    }

    fn take_in(&self, transfer: &str, qty: u32) -> Result<u32> {
        self.object.with_bucket(|b| ((), b.receive(transfer, qty)))?;
        let mut noted = self.noted()?;
        noted.retain(|(t, _)| t != transfer);
        self.object.write("pending", &noted)?;
        self.object.with_bucket(|b| (b.figures(self.now).available, Change::Unchanged))
    }
}

fn crashed(e: impl std::fmt::Debug) -> Event {
    Event::Crashed(format!("{e:?}"))
}

impl BucketPort for Bucket<'_> {
    async fn apply(&self, command: Command) -> Event {
        match command {
            Command::Note { transfer, pulls } => match self.note(&transfer.transfer, transfer.from, pulls) {
                Ok(()) => Event::Noted(transfer.transfer),
                Err(e) => crashed(e),
            },
            Command::Pull { transfer, from, want, .. } => {
                let ctx = Ctx::at(self.object.env.clone(), self.now);
                let give = Give { transfer: transfer.clone(), want, now: self.now };
                match send(&ctx, self.meta.sale.id().as_str(), from, &give).await {
                    Ok(reply) => Event::Given { transfer, qty: reply.given, next_expiry: reply.next_expiry },
                    Err(e) => crashed(e),
                }
            }
            Command::TakeIn { transfer, qty } => match self.take_in(&transfer, qty) {
                Ok(available) => Event::TakenIn { transfer, available },
                Err(e) => crashed(e),
            },
        }
    }
}

impl SaleObject {
    /// Finishes transfers a crash left noted, then pulls units from siblings until `need` are
    /// available here or every sibling was asked. Returns the earliest instant an asked
    /// sibling's lock could lapse (what "empty" is good until).
    pub(super) async fn pull(&self, meta: &Meta, need: u32, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let bucket = Bucket { object: self, meta, now };
        let available = self.with_bucket(|b| (b.figures(now).available, Change::Unchanged))?;
        let pulls: u64 = self.read("pulls")?.and_then(|t| t.parse().ok()).unwrap_or(0);
        let request =
            PullRequest::new(meta.index, meta.sale.buckets(), need, available, pending(bucket.noted()?), pulls);
        let (flow, todo) = Transfer::start(request, &TransferPolicy::STANDARD);
        let pulled = drive(flow, todo, &bucket).await.map_err(|e| internal(format!("{e:?}")))?;
        Ok(pulled.earliest_lapse)
    }

    /// Tells siblings this bucket has units again.
    pub(super) async fn announce_refill(&self, meta: &Meta, now: DateTime<Utc>) {
        let ctx = Ctx::at(self.env.clone(), now);
        for other in (0..meta.sale.buckets()).filter(|i| *i != meta.index) {
            let _: std::result::Result<shared::protocol::Done, Failure> =
                send(&ctx, meta.sale.id().as_str(), other, &Refill {}).await;
        }
    }
}
