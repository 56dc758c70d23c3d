//! `StockObject`: the Durable Object that owns the stock pool of one SKU in one store
//! (named `"{store_id}:{sku}"`). It loads the pool once, applies each command through the core
//! (`shared::stock`), and writes the pool back only when the command changed it, so refusals
//! (sold out) cost no storage write.

use super::{answer, call};
use crate::ctx::Ctx;
use crate::http::Failure;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::ApiError;
use shared::ids::{Sku, StoreId};
use shared::stock::{Change, Qty, StockFigures, StockPool};
use std::cell::RefCell;
use worker::{Env, Request, Response, Result, State, durable_object};

/// What the worker asks of a stock pool.
#[derive(Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum StockCommand {
    /// Health check: one storage read and write.
    Ping,
    /// The figures at `now`.
    Figures { now: DateTime<Utc> },
    /// Goods received; `reference` makes a repeated delivery a no-op.
    Receive { reference: String, qty: Qty, now: DateTime<Utc> },
}

#[durable_object]
pub struct StockObject {
    state: State,
    pool: RefCell<Option<StockPool>>,
}

const LOAD: &str = "SELECT v FROM ledger WHERE k = 'pool'";

#[derive(Deserialize)]
struct ValueRow {
    v: String,
}

impl StockObject {
    fn sql(&self) -> worker::SqlStorage {
        self.state.storage().sql()
    }

    /// Runs `f` on the pool (loaded on first use) and saves it if `f` changed it. There is no
    /// `.await` between load and save, so commands never interleave inside.
    fn with_pool<R>(&self, f: impl FnOnce(&mut StockPool) -> (R, Change)) -> Result<R> {
        let mut slot = self.pool.borrow_mut();
        if slot.is_none() {
            let rows: Vec<ValueRow> = self.sql().exec(LOAD, None)?.to_array()?;
            let pool = match rows.first() {
                Some(row) => serde_json::from_str(&row.v).map_err(|e| worker::Error::RustError(e.to_string()))?,
                None => StockPool::new(),
            };
            *slot = Some(pool);
        }
        let pool = slot.as_mut().ok_or_else(|| worker::Error::RustError("pool not loaded".into()))?;
        let (result, change) = f(pool);
        if change == Change::Changed {
            let text = serde_json::to_string(pool).map_err(|e| worker::Error::RustError(e.to_string()))?;
            self.sql().exec("INSERT OR REPLACE INTO ledger (k, v) VALUES ('pool', ?)", vec![text.into()])?;
        }
        Ok(result)
    }

    /// Records `reference` as applied; false if it already was.
    fn first_time(&self, reference: &str) -> Result<bool> {
        let cursor = self.sql().exec("INSERT OR IGNORE INTO applied (ref) VALUES (?)", vec![reference.into()])?;
        Ok(cursor.rows_written() > 0)
    }

    fn apply(&self, command: StockCommand) -> Result<std::result::Result<serde_json::Value, ApiError>> {
        let figures = |pool: &StockPool, now| serde_json::to_value(pool.figures(now)).unwrap_or_default();
        Ok(match command {
            StockCommand::Ping => {
                let sql = self.sql();
                sql.exec("INSERT INTO ledger (k, v) VALUES ('pings', '1') ON CONFLICT(k) DO UPDATE SET v = CAST(v AS INTEGER) + 1", None)?;
                let rows: Vec<ValueRow> =
                    sql.exec("SELECT CAST(v AS TEXT) AS v FROM ledger WHERE k = 'pings'", None)?.to_array()?;
                Ok(serde_json::json!({ "pings": rows.first().map(|r| r.v.clone()).unwrap_or_default() }))
            }
            StockCommand::Figures { now } => Ok(self.with_pool(|p| (figures(p, now), Change::Unchanged))?),
            StockCommand::Receive { reference, qty, now } => {
                if self.first_time(&reference)? {
                    Ok(self.with_pool(|p| {
                        let change = p.receive(qty);
                        (figures(p, now), change)
                    })?)
                } else {
                    Ok(self.with_pool(|p| (figures(p, now), Change::Unchanged))?)
                }
            }
        })
    }
}

impl worker::DurableObject for StockObject {
    fn new(state: State, _env: Env) -> Self {
        let sql = state.storage().sql();
        // Creating tables is idempotent and synchronous; a failure here surfaces on first use.
        let _ = sql.exec("CREATE TABLE IF NOT EXISTS ledger (k TEXT PRIMARY KEY, v TEXT NOT NULL)", None);
        let _ = sql.exec("CREATE TABLE IF NOT EXISTS applied (ref TEXT PRIMARY KEY)", None);
        StockObject { state, pool: RefCell::new(None) }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let command: StockCommand = match req.json().await {
            Ok(c) => c,
            Err(e) => {
                return answer::<()>(Err(ApiError::bad_request(format!("stock command: {e}"))));
            }
        };
        answer(self.apply(command)?)
    }
}

fn object_name(store: &StoreId, sku: &Sku) -> String {
    format!("{store}:{sku}")
}

/// The figures of one pool.
pub async fn figures(ctx: &Ctx, store: &StoreId, sku: &Sku) -> std::result::Result<StockFigures, Failure> {
    call(ctx, "STOCK", &object_name(store, sku), &StockCommand::Figures { now: ctx.now }).await
}

/// Goods received into one pool, once per `reference`.
pub async fn receive(
    ctx: &Ctx,
    store: &StoreId,
    sku: &Sku,
    reference: &str,
    qty: Qty,
) -> std::result::Result<StockFigures, Failure> {
    let command = StockCommand::Receive { reference: reference.to_owned(), qty, now: ctx.now };
    call(ctx, "STOCK", &object_name(store, sku), &command).await
}

/// Health check against a dedicated pool object.
pub async fn ping(ctx: &Ctx) -> std::result::Result<String, Failure> {
    #[derive(Deserialize)]
    struct Pong {
        pings: String,
    }
    let pong: Pong = call(ctx, "STOCK", "health", &StockCommand::Ping).await?;
    Ok(pong.pings)
}
