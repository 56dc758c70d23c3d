//! `SaleObject`: one bucket of a flash sale's units (named `"{sale_id}:{bucket}"`).
//!
//! A member always locks at their home bucket, so the per-member limit is decided here, in
//! order. When this bucket runs dry it pulls units from its siblings: it records the pending
//! transfer, asks the sibling to give (the sibling records what it gave), then takes the units
//! in; each step is idempotent on the transfer id, so a crash half-way is completed on the next
//! command and a unit is never counted twice. When every sibling is empty the bucket remembers
//! it in memory until the earliest lock among them could lapse (or a sibling says it has units
//! again), so the rush of "sold out" answers after a sell-out costs no storage writes and no
//! calls. When the sale is over (its end plus one lock lifetime), an alarm hands the unsold
//! units back to the store's pool.

mod amend;
mod cancel;
pub mod live;
mod lock;
mod storage;
mod transfer;

use super::{answer, create_tables, decode};
use crate::calls::stock;
use crate::ctx::Ctx;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::flash_sale::{FlashSale, SaleBucket, SaleCancel};
use shared::ids::MemberId;
use shared::protocol::sale::*;
use shared::stock::Change;
use shared::stored::Stored;
use shared::upkeep::UpkeepPolicy;
use shared::{ApiError, ErrorCode};
use std::cell::{Cell, RefCell};
use worker::{Env, Request, Response, Result, State, durable_object};

#[derive(Clone, Serialize, Deserialize)]
struct Meta {
    sale: FlashSale,
    index: u32,
}

/// The sale is pinned by `shared::stored`'s fixtures; this wrapper adds only the bucket index.
impl Stored for Meta {
    const NAME: &'static str = "sale bucket meta";
    const SCHEMA: u32 = 1;
}

#[derive(Deserialize)]
struct ValueRow {
    v: String,
}

#[durable_object]
pub struct SaleObject {
    state: State,
    env: Env,
    meta: RefCell<Option<Meta>>,
    bucket: RefCell<Option<SaleBucket>>,
    /// The sale's cancel, once read (`Some(None)`: read, not cancelled).
    cancelled: RefCell<Option<Option<SaleCancel>>>,
    /// In memory only: until when every sibling is known to be empty (ms since the epoch).
    siblings_empty_until: Cell<i64>,
    /// The last lock refused as sold out: until when no unit can come back (ms since the
    /// epoch; 0 after any other answer), published with the refusal (`crate::hot`).
    sold_out_until: Cell<i64>,
    /// Live stock: subscribers and what buckets reported (see [`live`]).
    viewers: live::Viewers,
    /// Whether the table was created (the error otherwise, refused on every command).
    tables: std::result::Result<(), String>,
}

fn internal(e: impl std::fmt::Display) -> worker::Error {
    worker::Error::RustError(e.to_string())
}

impl SaleObject {
    /// The answer to one of the sale's own commands; a sold-out refusal says until when it stays
    /// so (`crate::hot`), so the worker can refuse the next buyers without asking again.
    fn answer_sale(&self, outcome: std::result::Result<serde_json::Value, ApiError>) -> Result<Response> {
        let sold_out = matches!(&outcome, Err(e) if e.error.code == ErrorCode::SoldOut);
        let until = self.sold_out_until.get();
        let mut resp = answer(outcome)?;
        if sold_out && until > 0 {
            resp.headers_mut().set(crate::hot::SOLD_OUT_HEADER, &until.to_string())?;
        }
        Ok(resp)
    }

    /// Runs `f` on the ledger (loaded on first use), saving it when changed. No `.await`
    /// between load and save.
    fn with_bucket<R>(&self, f: impl FnOnce(&mut SaleBucket) -> (R, Change)) -> Result<R> {
        let mut slot = self.bucket.borrow_mut();
        if slot.is_none() {
            let loaded = self.read("bucket")?.map(|t| decode(&t)).transpose()?;
            *slot = Some(loaded.unwrap_or_default());
        }
        let bucket = slot.as_mut().ok_or_else(|| internal("bucket not loaded"))?;
        let (result, change) = f(bucket);
        if change == Change::Changed {
            self.write_stored("bucket", bucket)?;
        }
        Ok(result)
    }

    fn report(&self, now: DateTime<Utc>, member: Option<&MemberId>, given: u32) -> Result<BucketReport> {
        let cancelled_at = self.cancel_state()?.map(|c| c.cancelled_at());
        self.with_bucket(|b| {
            let report = BucketReport {
                figures: b.figures(now),
                held: member.map(|m| b.held_by(m, now)).unwrap_or(0),
                given,
                next_expiry: b.next_expiry(),
                cancelled_at,
            };
            (report, Change::Unchanged)
        })
    }

    async fn apply(&self, command: SaleCommand) -> Result<std::result::Result<serde_json::Value, ApiError>> {
        Ok(match command {
            SaleCommand::Init(Init { sale, index }) => {
                if self.meta()?.is_none() {
                    let meta = Meta { sale, index };
                    self.with_bucket(|b| {
                        *b = SaleBucket::new(meta.sale.initial_allocation(meta.index));
                        ((), Change::Changed)
                    })?;
                    self.write_stored("meta", &meta)?;
                    *self.meta.borrow_mut() = Some(meta.clone());
                    // At the end plus one lock lifetime every lock has resolved: hand back the rest.
                    self.state.storage().set_alarm(meta.sale.closes_at()).await?;
                }
                Ok(reply::<Init>(&self.report(crate::ctx::real_now(), None, 0)?))
            }
            SaleCommand::Lock(Lock { order, member, qty, tier, now }) => {
                self.lock(order, member, qty, tier, now).await?.map(|r| reply::<Lock>(&r))
            }
            SaleCommand::Confirm(Confirm { order, now }) => self
                .with_bucket(|b| match b.confirm(&order, now) {
                    Ok(c) => (Ok(()), c),
                    Err(e) => (Err(e.into()), Change::Unchanged),
                })?
                .and_then(|_| {
                    Ok(reply::<Confirm>(
                        &self.report(now, None, 0).map_err(|e| ApiError::new(ErrorCode::Unavailable, e.to_string()))?,
                    ))
                }),
            SaleCommand::Unconfirm(Unconfirm { order, now }) => {
                self.with_bucket(|b| ((), b.unconfirm(&order)))?;
                if let Some(meta) = self.meta()? {
                    self.return_free_units(&meta, now).await?;
                    self.announce_refill(&meta, now).await;
                }
                Ok(reply::<Unconfirm>(&self.report(now, None, 0)?))
            }
            SaleCommand::Release(Release { order, now }) => {
                let released = self.with_bucket(|b| match b.release_unpaid(&order) {
                    Ok(c) => (Ok(c == Change::Changed), c),
                    Err(e) => (Err(ApiError::from(e)), Change::Unchanged),
                })?;
                if released == Ok(true)
                    && let Some(meta) = self.meta()?
                {
                    self.return_free_units(&meta, now).await?;
                    self.announce_refill(&meta, now).await;
                }
                released.and_then(|_| {
                    Ok(reply::<Release>(
                        &self.report(now, None, 0).map_err(|e| ApiError::new(ErrorCode::Unavailable, e.to_string()))?,
                    ))
                })
            }
            SaleCommand::Figures(Figures { now, member }) => {
                // A cancelled bucket hands back what came free since (a lapse between alarms).
                if let Some(meta) = self.meta()? {
                    self.return_free_units(&meta, now).await?;
                }
                Ok(reply::<Figures>(&self.report(now, member.as_ref(), 0)?))
            }
            SaleCommand::Give(Give { transfer, want, now }) => {
                let given = self.with_bucket(|b| b.give(&transfer, want, now))?;
                Ok(reply::<Give>(&self.report(now, None, given)?))
            }
            SaleCommand::Refill(Refill {}) => {
                self.siblings_empty_until.set(0);
                Ok(reply::<Refill>(&shared::protocol::Done {}))
            }
            SaleCommand::Cancel(Cancel { now }) => Ok(reply::<Cancel>(&self.cancel(now).await?)),
            SaleCommand::Amend(Amend { sale, now }) => self.amend(sale, now).await?.map(|r| reply::<Amend>(&r)),
            SaleCommand::Audit(Audit { now }) => {
                let meta = self.meta()?;
                // Members of higher tiers may hold more: no member may hold above the highest.
                let limit = meta.as_ref().map(|m| m.sale.highest_limit()).unwrap_or(0);
                let closed = self.read("closed")?.is_some();
                let audit = self.with_bucket(|b| {
                    let audit = BucketAudit {
                        index: meta.as_ref().map(|m| m.index).unwrap_or(0),
                        figures: b.figures(now),
                        consistent: b.is_consistent(limit, now),
                        closed,
                        locks: b
                            .locked_orders()
                            .map(|(o, l)| (o.clone(), l.member.clone(), l.qty, l.expires_at))
                            .collect(),
                        sold: b.sold_orders().map(|(o, m, q)| (o.clone(), m.clone(), q)).collect(),
                    };
                    (audit, Change::Unchanged)
                })?;
                Ok(reply::<Audit>(&audit))
            }
        })
    }

    /// Expires lapsed locks (and their orders); after the sale, hands unsold units back.
    async fn on_alarm(&self) -> Result<()> {
        let now = crate::ctx::real_now();
        let Some(meta) = self.meta()? else { return Ok(()) };
        let lapsed = self.with_bucket(|b| {
            let lapsed = b.expire(now);
            let change = Change::from(!lapsed.is_empty());
            (lapsed, change)
        })?;
        let ctx = Ctx::at(self.env.clone(), now);
        // Report the lapses: the expiry flow closes the orders and returns their coupons.
        crate::flows::expiry::locks_lapsed(&ctx, &lapsed).await;
        if !lapsed.is_empty() {
            // A cancelled sale's lapsed units go back to the store's pool, not to buyers.
            self.return_free_units(&meta, now).await?;
            self.announce_refill(&meta, now).await;
        }
        let close_at = meta.sale.closes_at();
        if now >= close_at && self.read("closed")?.is_none() {
            let units = self.with_bucket(|b| {
                let n = b.close(now);
                (n, Change::Changed)
            })?;
            let command = stock::Unreserve {
                reference: meta.sale.close_reference(meta.index),
                sale: meta.sale.id().clone(),
                qty: units,
                now,
            };
            stock::send(&ctx, meta.sale.store_id(), meta.sale.sku(), &command)
                .await
                .map_err(|e| internal(format!("{e:?}")))?;
            self.write("closed", &now)?;
        } else if now < close_at {
            let next = self.with_bucket(|b| (b.next_expiry(), Change::Unchanged))?;
            self.state.storage().set_alarm(meta.sale.next_alarm(next)).await?;
        }
        Ok(())
    }
}

impl worker::DurableObject for SaleObject {
    fn new(state: State, env: Env) -> Self {
        let tables = create_tables(
            &state.storage().sql(),
            &["CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)"],
        );
        SaleObject {
            state,
            env,
            meta: RefCell::new(None),
            bucket: RefCell::new(None),
            cancelled: RefCell::new(None),
            siblings_empty_until: Cell::new(0),
            sold_out_until: Cell::new(0),
            viewers: live::Viewers::new(),
            tables,
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        self.tables.clone().map_err(internal)?;
        if crate::calls::sale::is_upgrade(&req) {
            return self.subscribe(&req).await;
        }
        let command: live::Incoming = match req.json().await {
            Ok(c) => c,
            Err(e) => return answer::<()>(Err(ApiError::bad_request(format!("sale command: {e}")))),
        };
        self.serve(command).await
    }

    async fn alarm(&self) -> Result<Response> {
        self.tables.clone().map_err(internal)?;
        self.live_due().await;
        if let Err(e) = self.on_alarm().await {
            worker::console_error!("sale bucket alarm: {e}");
            // Try again shortly rather than leave units unreturned.
            self.state.storage().set_alarm(UpkeepPolicy::standard().alarm_retry().to_std().unwrap_or_default()).await?;
        }
        self.live_changed(crate::ctx::real_now()).await;
        self.live_rearm().await?;
        Response::ok("")
    }

    async fn websocket_message(&self, _: worker::WebSocket, _: worker::WebSocketIncomingMessage) -> Result<()> {
        Ok(()) // subscribers only listen
    }

    async fn websocket_close(&self, socket: worker::WebSocket, _: usize, _: String, _: bool) -> Result<()> {
        self.live_closed(&socket);
        Ok(())
    }

    async fn websocket_error(&self, socket: worker::WebSocket, _: worker::Error) -> Result<()> {
        self.live_closed(&socket);
        Ok(())
    }
}
