//! `StockObject`: the Durable Object that owns the stock pool of one SKU in one store (named
//! `"{store_id}:{sku}"`). It loads the pool once, applies each command through the core
//! (`shared::stock`), and writes the pool back only when the command changed it, so refusals
//! such as "sold out" cost no storage write. An alarm at the earliest lock expiry drops lapsed
//! locks and reports them to the expiry flow.

use super::{answer, create_tables, decode, encode, schedule};
use crate::ctx::Ctx;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use shared::ApiError;
use shared::flows::policy::OrderPolicy;
use shared::protocol::stock::*;
use shared::stock::{Change, StockFigures, StockPool};
use std::cell::RefCell;
use worker::{Env, Request, Response, Result, State, durable_object};

#[durable_object]
pub struct StockObject {
    state: State,
    env: Env,
    pool: RefCell<Option<StockPool>>,
    /// Whether the tables were created (the error otherwise, refused on every command).
    tables: std::result::Result<(), String>,
}

#[derive(Deserialize)]
struct ValueRow {
    v: String,
}

fn internal(e: impl std::fmt::Display) -> worker::Error {
    worker::Error::RustError(e.to_string())
}

type Outcome = std::result::Result<StockFigures, ApiError>;

impl StockObject {
    fn sql(&self) -> worker::SqlStorage {
        self.state.storage().sql()
    }

    /// Runs `f` on the pool (loaded on first use) and saves it if `f` changed it. There is no
    /// `.await` between load and save, so commands never interleave inside.
    fn with_pool(
        &self,
        now: DateTime<Utc>,
        f: impl FnOnce(&mut StockPool) -> std::result::Result<Change, ApiError>,
    ) -> Result<Outcome> {
        let mut slot = self.pool.borrow_mut();
        if slot.is_none() {
            let rows: Vec<ValueRow> = self.sql().exec("SELECT v FROM ledger WHERE k = 'pool'", None)?.to_array()?;
            let pool = match rows.first() {
                Some(row) => decode(&row.v)?,
                None => StockPool::new(),
            };
            *slot = Some(pool);
        }
        let pool = slot.as_mut().ok_or_else(|| internal("pool not loaded"))?;
        let outcome = f(pool);
        if outcome == Ok(Change::Changed) {
            let text = encode(pool)?;
            self.sql().exec("INSERT OR REPLACE INTO ledger (k, v) VALUES ('pool', ?)", vec![text.into()])?;
        }
        Ok(outcome.map(|_| pool.figures(now)))
    }

    /// Records `reference` as applied; false if it already was.
    fn first_time(&self, reference: &str) -> Result<bool> {
        let cursor = self.sql().exec("INSERT OR IGNORE INTO applied (ref) VALUES (?)", vec![reference.into()])?;
        Ok(cursor.rows_written() > 0)
    }

    /// Runs `f` once per `reference`; a repeat answers with the figures and changes nothing.
    fn once(
        &self,
        reference: &str,
        now: DateTime<Utc>,
        f: impl FnOnce(&mut StockPool) -> std::result::Result<Change, ApiError>,
    ) -> Result<Outcome> {
        // Check first so a refused take can be retried: the reference is recorded only on success.
        let seen: Vec<ValueRow> =
            self.sql().exec("SELECT ref AS v FROM applied WHERE ref = ?", vec![reference.into()])?.to_array()?;
        if !seen.is_empty() {
            return self.with_pool(now, |_| Ok(Change::Unchanged));
        }
        let outcome = self.with_pool(now, f)?;
        if outcome.is_ok() {
            self.first_time(reference)?;
        }
        Ok(outcome)
    }

    fn apply(&self, command: StockCommand) -> Result<std::result::Result<serde_json::Value, ApiError>> {
        let outcome = match command {
            StockCommand::Ping(Ping {}) => {
                let sql = self.sql();
                sql.exec(
                    "INSERT INTO ledger (k, v) VALUES ('pings', '1') ON CONFLICT(k) DO UPDATE SET v = CAST(v AS INTEGER) + 1",
                    None,
                )?;
                let rows: Vec<ValueRow> =
                    sql.exec("SELECT CAST(v AS TEXT) AS v FROM ledger WHERE k = 'pings'", None)?.to_array()?;
                let pong = Pong { pings: rows.first().map(|r| r.v.clone()).unwrap_or_default() };
                return Ok(Ok(reply::<Ping>(&pong)));
            }
            StockCommand::Figures(Figures { now }) => self.with_pool(now, |_| Ok(Change::Unchanged))?,
            StockCommand::Receive(Receive { reference, qty, order, now }) => self.once(&reference, now, |p| {
                Ok(match &order {
                    Some(order) => p.receive_for(order, qty),
                    None => p.receive(qty),
                })
            })?,
            StockCommand::Lock(Lock { order, qty, ttl_secs, now }) => {
                let ttl = OrderPolicy::standard().bounded_lock(chrono::Duration::seconds(ttl_secs));
                self.with_pool(now, |p| p.lock(&order, qty, now, ttl).map_err(ApiError::from))?
            }
            StockCommand::Confirm(Confirm { order, now }) => {
                self.with_pool(now, |p| p.confirm(&order, now).map_err(ApiError::from))?
            }
            StockCommand::Unconfirm(Unconfirm { order, now }) => self.with_pool(now, |p| Ok(p.unconfirm(&order)))?,
            StockCommand::Release(Release { order, now }) => {
                self.with_pool(now, |p| p.release_unpaid(&order).map_err(ApiError::from))?
            }
            StockCommand::PickUp(PickUp { order, now }) => {
                let reference = format!("pickup:{order}");
                self.once(&reference, now, |p| p.pick_up(&order).map_err(ApiError::from))?
            }
            StockCommand::SellInStore(SellInStore { reference, qty, now }) => {
                self.once(&reference, now, |p| p.sell_in_store(qty, now).map_err(ApiError::from))?
            }
            StockCommand::Reserve(Reserve { sale, qty, now }) => {
                self.with_pool(now, |p| p.reserve(&sale, qty, now).map_err(ApiError::from))?
            }
            StockCommand::Unreserve(Unreserve { reference, sale, qty, now }) => self.once(&reference, now, |p| {
                if qty == 0 { Ok(Change::Unchanged) } else { p.unreserve(&sale, qty).map_err(ApiError::from) }
            })?,
            StockCommand::ConsumeReserved(ConsumeReserved { reference, sale, qty, now }) => {
                self.once(&reference, now, |p| p.consume_reserved(&sale, qty).map_err(ApiError::from))?
            }
            StockCommand::TransferOut(TransferOut { reference, qty, order, now }) => {
                self.once(&reference, now, |p| match &order {
                    Some(order) => p.send_out_for(order).map_err(ApiError::from),
                    None => p.send_out(qty, now).map_err(ApiError::from),
                })?
            }
        };
        // Every other command answers with the figures.
        Ok(outcome.map(|figures| reply::<Figures>(&figures)))
    }

    fn next_expiry(&self) -> Option<DateTime<Utc>> {
        self.pool.borrow().as_ref().and_then(StockPool::next_expiry)
    }
}

impl worker::DurableObject for StockObject {
    fn new(state: State, env: Env) -> Self {
        let tables = create_tables(
            &state.storage().sql(),
            &[
                "CREATE TABLE IF NOT EXISTS ledger (k TEXT PRIMARY KEY, v TEXT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS applied (ref TEXT PRIMARY KEY)",
            ],
        );
        StockObject { state, env, pool: RefCell::new(None), tables }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        self.tables.clone().map_err(internal)?;
        let command: StockCommand = match req.json().await {
            Ok(c) => c,
            Err(e) => return answer::<()>(Err(ApiError::bad_request(format!("stock command: {e}")))),
        };
        let locks = matches!(command, StockCommand::Lock(_));
        let outcome = self.apply(command)?;
        if locks && outcome.is_ok() {
            schedule(&self.state, self.next_expiry()).await?;
        }
        answer(outcome)
    }

    async fn alarm(&self) -> Result<Response> {
        self.tables.clone().map_err(internal)?;
        let now = crate::ctx::real_now();
        let lapsed = {
            let mut lapsed = Vec::new();
            self.with_pool(now, |p| {
                lapsed = p.expire(now);
                Ok(Change::from(!lapsed.is_empty()))
            })?
            .map_err(|e| internal(e.error.message))?;
            lapsed
        };
        // Report the lapses: the expiry flow closes the orders and returns their coupons.
        crate::flows::expiry::locks_lapsed(&Ctx::at(self.env.clone(), now), &lapsed).await;
        schedule(&self.state, self.next_expiry()).await?;
        Response::ok("")
    }
}
