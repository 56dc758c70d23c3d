//! `StockObject`: the Durable Object that owns the stock pool of one SKU in one store (named
//! `"{store_id}:{sku}"`). It loads the pool once, applies each command through the core
//! (`shared::stock`), and writes the pool back only when the command changed it, so refusals
//! such as "sold out" cost no storage write. An alarm at the earliest lock expiry drops lapsed
//! locks and expires their orders.

use super::{answer, call, create_tables, decode, encode, schedule};
use crate::ctx::Ctx;
use crate::http::Failure;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::ids::{OrderId, SaleId, Sku, StoreId};
use shared::stock::{Change, ConfirmError, LockError, Qty, StockFigures, StockPool, TakeError};
use shared::{ApiError, ErrorCode};
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
    /// Hold units for an unpaid order.
    Lock { order: OrderId, qty: Qty, ttl_secs: i64, now: DateTime<Utc> },
    /// Payment arrived.
    Confirm { order: OrderId, now: DateTime<Utc> },
    /// Undo a confirmation (a payment that failed half-way).
    Unconfirm { order: OrderId, now: DateTime<Utc> },
    /// Cancel an unpaid order's hold. Refused if the order's units were already confirmed.
    Release { order: OrderId, now: DateTime<Utc> },
    /// The customer collected the order.
    PickUp { order: OrderId, now: DateTime<Utc> },
    /// A sale at the counter.
    SellInStore { reference: String, qty: Qty, now: DateTime<Utc> },
    /// Set units aside for a flash sale.
    Reserve { sale: SaleId, qty: Qty, now: DateTime<Utc> },
    /// A flash sale gives back unsold units.
    Unreserve { reference: String, sale: SaleId, qty: u32, now: DateTime<Utc> },
    /// A flash-sale unit was collected.
    ConsumeReserved { reference: String, sale: SaleId, qty: u32, now: DateTime<Utc> },
}

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

fn lock_error(e: LockError) -> ApiError {
    match e {
        LockError::SoldOut => ApiError::new(ErrorCode::SoldOut, "sold out"),
        LockError::InsufficientStock { available } => {
            ApiError::new(ErrorCode::InsufficientStock, format!("only {available} left"))
        }
        LockError::Mismatch { .. } => ApiError::new(ErrorCode::Conflict, e.to_string()),
    }
}

fn take_error(e: TakeError) -> ApiError {
    match e {
        TakeError::InsufficientStock { available } => {
            ApiError::new(ErrorCode::InsufficientStock, format!("only {available} available in this store"))
        }
        TakeError::NotReserved { .. } => ApiError::new(ErrorCode::Conflict, e.to_string()),
    }
}

fn confirm_error(e: ConfirmError) -> ApiError {
    ApiError::new(ErrorCode::LockExpired, e.to_string())
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
            StockCommand::Ping => {
                let sql = self.sql();
                sql.exec(
                    "INSERT INTO ledger (k, v) VALUES ('pings', '1') ON CONFLICT(k) DO UPDATE SET v = CAST(v AS INTEGER) + 1",
                    None,
                )?;
                let rows: Vec<ValueRow> =
                    sql.exec("SELECT CAST(v AS TEXT) AS v FROM ledger WHERE k = 'pings'", None)?.to_array()?;
                return Ok(Ok(serde_json::json!({ "pings": rows.first().map(|r| r.v.clone()).unwrap_or_default() })));
            }
            StockCommand::Figures { now } => self.with_pool(now, |_| Ok(Change::Unchanged))?,
            StockCommand::Receive { reference, qty, now } => self.once(&reference, now, |p| Ok(p.receive(qty)))?,
            StockCommand::Lock { order, qty, ttl_secs, now } => {
                let ttl = chrono::Duration::seconds(ttl_secs.clamp(1, 24 * 3600));
                self.with_pool(now, |p| p.lock(&order, qty, now, ttl).map_err(lock_error))?
            }
            StockCommand::Confirm { order, now } => {
                self.with_pool(now, |p| p.confirm(&order, now).map_err(confirm_error))?
            }
            StockCommand::Unconfirm { order, now } => self.with_pool(now, |p| Ok(p.unconfirm(&order)))?,
            StockCommand::Release { order, now } => self.with_pool(now, |p| {
                if p.is_awaiting(&order) {
                    return Err(ApiError::new(ErrorCode::AlreadyPaid, "the order is already paid"));
                }
                Ok(p.release(&order))
            })?,
            StockCommand::PickUp { order, now } => {
                let reference = format!("pickup:{order}");
                self.once(&reference, now, |p| {
                    p.pick_up(&order).map_err(|e| ApiError::new(ErrorCode::NotPaid, e.to_string()))
                })?
            }
            StockCommand::SellInStore { reference, qty, now } => {
                self.once(&reference, now, |p| p.sell_in_store(qty, now).map_err(take_error))?
            }
            StockCommand::Reserve { sale, qty, now } => {
                self.with_pool(now, |p| p.reserve(&sale, qty, now).map_err(take_error))?
            }
            StockCommand::Unreserve { reference, sale, qty, now } => self.once(&reference, now, |p| {
                if qty == 0 { Ok(Change::Unchanged) } else { p.unreserve(&sale, qty).map_err(take_error) }
            })?,
            StockCommand::ConsumeReserved { reference, sale, qty, now } => {
                self.once(&reference, now, |p| p.consume_reserved(&sale, qty).map_err(take_error))?
            }
        };
        match outcome {
            Ok(figures) => Ok(Ok(serde_json::to_value(figures).map_err(internal)?)),
            Err(e) => Ok(Err(e)),
        }
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
        let locks = matches!(command, StockCommand::Lock { .. });
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
        let ctx = Ctx::at(self.env.clone(), now);
        for order in lapsed {
            if let Err(e) = crate::orders::expire(&ctx, &order).await {
                worker::console_error!("expiring order {order}: {e:?}");
            }
        }
        schedule(&self.state, self.next_expiry()).await?;
        Response::ok("")
    }
}

/// The object's name for a store's pool of a SKU.
pub fn object_name(store: &StoreId, sku: &Sku) -> String {
    format!("{store}:{sku}")
}

/// Sends a command to a store's pool of a SKU.
pub async fn send(
    ctx: &Ctx,
    store: &StoreId,
    sku: &Sku,
    command: &StockCommand,
) -> std::result::Result<StockFigures, Failure> {
    call(ctx, "STOCK", &object_name(store, sku), command).await
}

/// The figures of one pool.
pub async fn figures(ctx: &Ctx, store: &StoreId, sku: &Sku) -> std::result::Result<StockFigures, Failure> {
    send(ctx, store, sku, &StockCommand::Figures { now: ctx.now }).await
}

/// Goods received into one pool, once per `reference`.
pub async fn receive(
    ctx: &Ctx,
    store: &StoreId,
    sku: &Sku,
    reference: &str,
    qty: Qty,
) -> std::result::Result<StockFigures, Failure> {
    send(ctx, store, sku, &StockCommand::Receive { reference: reference.to_owned(), qty, now: ctx.now }).await
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
