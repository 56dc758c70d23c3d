//! `MemberObject`: the Durable Object that owns one member's card (named by member id): the
//! stored-value ledger, points, spend for the tier, and the member codes already accepted.
//! Every change to money or codes for a member goes through here, one at a time, so two
//! concurrent debits see each other and a code is accepted once.

mod points;

use super::{answer, create_tables, decode, encode};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use shared::coupon::{Coupon, wallet};
use shared::member_code::{ScannedCode, UsedCodes};
use shared::protocol::member::{self as commands, *};
use shared::stored_value::{Entry, Posted, Posting, post};
use shared::tier::{self, Spend};
use shared::{ApiError, Fen};
use worker::{Env, Request, Response, Result, SqlStorage, State, durable_object};

#[durable_object]
pub struct MemberObject {
    state: State,
    /// Whether the tables were created (the error otherwise, refused on every command).
    tables: std::result::Result<(), String>,
}

#[derive(Deserialize)]
struct EntryRow {
    v: String,
}
#[derive(Deserialize)]
struct NumRow {
    n: f64,
}
#[derive(Deserialize)]
struct SpendRow {
    at_ms: f64,
    fen: f64,
}

fn internal(e: impl std::fmt::Display) -> worker::Error {
    worker::Error::RustError(e.to_string())
}

impl MemberObject {
    fn sql(&self) -> SqlStorage {
        self.state.storage().sql()
    }

    fn balance(&self) -> Result<Fen> {
        let rows: Vec<NumRow> =
            self.sql().exec("SELECT balance_after_fen AS n FROM ledger ORDER BY seq DESC LIMIT 1", None)?.to_array()?;
        Ok(Fen::new(rows.first().map(|r| r.n as u64).unwrap_or(0)))
    }

    fn entry_by_reference(&self, reference: &str) -> Result<Option<Entry>> {
        let rows: Vec<EntryRow> =
            self.sql().exec("SELECT entry AS v FROM ledger WHERE reference = ?", vec![reference.into()])?.to_array()?;
        rows.first().map(|r| decode(&r.v)).transpose()
    }

    fn coupon(&self, id: &str) -> Result<Option<Coupon>> {
        let rows: Vec<EntryRow> =
            self.sql().exec("SELECT coupon AS v FROM coupons WHERE id = ?", vec![id.into()])?.to_array()?;
        rows.first().map(|r| decode(&r.v)).transpose()
    }

    fn save_coupon(&self, c: &Coupon) -> Result<()> {
        let text = encode(c)?;
        self.sql().exec("UPDATE coupons SET coupon = ? WHERE id = ?", vec![text.into(), c.id.clone().into()])?;
        Ok(())
    }

    /// Saves the coupon a wallet decision changed; answers the coupon (or the refusal).
    fn saved(
        &self,
        decided: std::result::Result<(Coupon, bool), ApiError>,
    ) -> Result<std::result::Result<Coupon, ApiError>> {
        Ok(match decided {
            Ok((coupon, changed)) => {
                if changed {
                    self.save_coupon(&coupon)?;
                }
                Ok(coupon)
            }
            Err(e) => Err(e),
        })
    }

    fn summary(&self, now: DateTime<Utc>) -> Result<CardState> {
        let points: Vec<NumRow> =
            self.sql().exec("SELECT COALESCE(SUM(points), 0) AS n FROM points_log", None)?.to_array()?;
        let since = (now - tier::window()).timestamp_millis() as f64;
        let spend: Vec<SpendRow> =
            self.sql().exec("SELECT at_ms, fen FROM spend WHERE at_ms > ?", vec![since.into()])?.to_array()?;
        let records: Vec<Spend> =
            spend.iter().map(|r| Spend::from_stored(r.at_ms, r.fen).map_err(internal)).collect::<Result<_>>()?;
        Ok(CardState {
            balance_fen: self.balance()?,
            points: points.first().map(|r| r.n.max(0.0) as u64).unwrap_or(0),
            standing: tier::standing(&records, now),
        })
    }

    fn used_codes(&self) -> Result<UsedCodes> {
        let rows: Vec<EntryRow> = self.sql().exec("SELECT v FROM kv WHERE k = 'used_codes'", None)?.to_array()?;
        // None used yet is the empty set; a stored set that does not read back is an error.
        Ok(rows.first().map(|r| decode(&r.v)).transpose()?.unwrap_or_default())
    }

    fn consume(&self, step: i64, issue: u8, now: DateTime<Utc>) -> Result<std::result::Result<(), ApiError>> {
        let mut used = self.used_codes()?;
        if let Err(e) = used.consume(ScannedCode { serial: 0, step, issue }, now) {
            return Ok(Err(e.into()));
        }
        let text = encode(&used)?;
        self.sql().exec("INSERT OR REPLACE INTO kv (k, v) VALUES ('used_codes', ?)", vec![text.into()])?;
        Ok(Ok(()))
    }

    fn post(&self, posting: Posting, now: DateTime<Utc>) -> Result<std::result::Result<PostReply, ApiError>> {
        let prior = self.entry_by_reference(&posting.reference)?;
        let next: Vec<NumRow> =
            self.sql().exec("SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM ledger", None)?.to_array()?;
        let next_seq = next.first().map(|r| r.n as u64).unwrap_or(1);
        match post(self.balance()?, next_seq, prior.as_ref(), posting, now) {
            Ok(Posted::Repeat(entry)) => Ok(Ok(PostReply { entry, repeat: true })),
            Ok(Posted::New(entry)) => {
                let text = encode(&entry)?;
                self.sql().exec(
                    "INSERT INTO ledger (seq, reference, balance_after_fen, entry) VALUES (?, ?, ?, ?)",
                    vec![
                        (entry.seq as i64).into(),
                        entry.reference.clone().into(),
                        (entry.balance_after_fen.get() as i64).into(),
                        text.into(),
                    ],
                )?;
                Ok(Ok(PostReply { entry, repeat: false }))
            }
            Err(e) => Ok(Err(e.into())),
        }
    }

    fn add_points(&self, reference: &str, points: i64, reason: &str, now: DateTime<Utc>) -> Result<()> {
        self.sql().exec(
            "INSERT OR IGNORE INTO points_log (reference, points, reason, at) VALUES (?, ?, ?, ?)",
            vec![reference.into(), points.into(), reason.into(), now.to_rfc3339().into()],
        )?;
        Ok(())
    }

    fn record_spend(&self, reference: &str, fen: i64, at: DateTime<Utc>, points_per_yuan: u32) -> Result<()> {
        let cursor = self.sql().exec(
            "INSERT OR IGNORE INTO spend (reference, at_ms, fen) VALUES (?, ?, ?)",
            vec![reference.into(), (at.timestamp_millis() as f64).into(), fen.into()],
        )?;
        // A return records negative spend: it leaves the tier window and takes its points back.
        if cursor.rows_written() > 0
            && let Some((points, reason)) = tier::points_for_spend(fen, points_per_yuan)
        {
            self.add_points(&format!("spend:{reference}"), points, reason, at)?;
        }
        Ok(())
    }

    fn apply(&self, command: MemberCommand) -> Result<std::result::Result<serde_json::Value, ApiError>> {
        Ok(match command {
            MemberCommand::Summary(Summary { now }) => Ok(reply::<Summary>(&self.summary(now)?)),
            MemberCommand::NextIssue(NextIssue { step }) => {
                Ok(reply::<NextIssue>(&self.used_codes()?.next_issue(step)))
            }
            MemberCommand::Consume(Consume { step, issue, now }) => {
                self.consume(step, issue, now)?.map(|_| reply::<Consume>(&shared::protocol::Done {}))
            }
            MemberCommand::Post(Post { posting, now }) => self.post(posting, now)?.map(|r| reply::<Post>(&r)),
            MemberCommand::Charge(Charge { step, issue, posting, points_per_yuan, now, by_counter_session }) => {
                // A retried charge (same reference) is the first charge again, whatever the code.
                if self.entry_by_reference(&posting.reference)?.is_some() {
                    return Ok(self.post(posting, now)?.map(|r| reply::<Charge>(&r)));
                }
                // Check the code and the balance before writing anything: all or nothing.
                // A counter session (checked by the worker) spent its code when it was opened.
                let mut used = self.used_codes()?;
                if !by_counter_session && let Err(e) = used.consume(ScannedCode { serial: 0, step, issue }, now) {
                    return Ok(Err(e.into()));
                }
                let (amount, reference) = (posting.amount_fen, posting.reference.clone());
                let posted = self.post(posting, now)?;
                if posted.is_ok() {
                    let text = encode(&used)?;
                    self.sql().exec("INSERT OR REPLACE INTO kv (k, v) VALUES ('used_codes', ?)", vec![text.into()])?;
                    self.record_spend(&reference, amount.get() as i64, now, points_per_yuan)?;
                }
                posted.map(|r| reply::<Charge>(&r))
            }
            MemberCommand::Entry(commands::Entry { reference }) => {
                Ok(reply::<commands::Entry>(&self.entry_by_reference(&reference)?))
            }
            MemberCommand::AddCoupon(AddCoupon { coupon }) => {
                let text = encode(&coupon)?;
                self.sql().exec(
                    "INSERT OR IGNORE INTO coupons (id, coupon) VALUES (?, ?)",
                    vec![coupon.id.clone().into(), text.into()],
                )?;
                Ok(reply::<AddCoupon>(&self.coupon(&coupon.id)?))
            }
            MemberCommand::Coupons(Coupons {}) => {
                let rows: Vec<EntryRow> =
                    self.sql().exec("SELECT coupon AS v FROM coupons ORDER BY rowid DESC", None)?.to_array()?;
                let coupons: Vec<Coupon> = rows.iter().map(|r| decode(&r.v)).collect::<Result<_>>()?;
                Ok(reply::<Coupons>(&coupons))
            }
            MemberCommand::LockCoupon(LockCoupon { id, order, until, now }) => {
                self.saved(wallet::lock(self.coupon(&id)?, &order, until, now))?.map(|c| reply::<LockCoupon>(&c))
            }
            MemberCommand::RedeemCoupon(RedeemCoupon { id, order }) => {
                self.saved(wallet::redeem(self.coupon(&id)?, &order))?.map(|c| reply::<RedeemCoupon>(&c))
            }
            MemberCommand::ReleaseCoupon(ReleaseCoupon { id, order }) => {
                let (coupon, changed) = wallet::release(self.coupon(&id)?, &order);
                if let Some(c) = coupon.as_ref().filter(|_| changed) {
                    self.save_coupon(c)?;
                }
                Ok(reply::<ReleaseCoupon>(&coupon))
            }
            MemberCommand::Ledger(Ledger { limit, before }) => {
                let rows: Vec<EntryRow> = self
                    .sql()
                    .exec(
                        "SELECT entry AS v FROM ledger WHERE seq < ? ORDER BY seq DESC LIMIT ?",
                        vec![(before.unwrap_or(i64::MAX as u64) as i64).into(), (limit.clamp(1, 200) as i64).into()],
                    )?
                    .to_array()?;
                let entries: Vec<Entry> = rows.iter().map(|r| decode(&r.v)).collect::<Result<_>>()?;
                Ok(reply::<Ledger>(&entries))
            }
            MemberCommand::ReclaimCoupon(ReclaimCoupon { id, now }) => {
                let key = format!("reclaimed:{id}");
                let done: Vec<EntryRow> =
                    self.sql().exec("SELECT v FROM kv WHERE k = ?", vec![key.clone().into()])?.to_array()?;
                let (outcome, remove) = wallet::reclaim(!done.is_empty(), self.coupon(&id)?.as_ref(), now);
                if remove {
                    self.sql().exec("DELETE FROM coupons WHERE id = ?", vec![id.into()])?;
                    self.sql().exec(
                        "INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)",
                        vec![key.into(), now.to_rfc3339().into()],
                    )?;
                }
                Ok(reply::<ReclaimCoupon>(&outcome))
            }
            MemberCommand::TakePoints(TakePoints { reference, points, reason, now }) => {
                self.add_points(&reference, -(points.min(i64::MAX as u64) as i64), &reason, now)?;
                Ok(reply::<TakePoints>(&self.summary(now)?))
            }
            MemberCommand::AddPoints(AddPoints { reference, points, reason, now }) => {
                self.add_points(&reference, points as i64, &reason, now)?;
                Ok(reply::<AddPoints>(&self.summary(now)?))
            }
            MemberCommand::RecordSpend(RecordSpend { reference, fen, at, points_per_yuan }) => {
                self.record_spend(&reference, fen, at, points_per_yuan)?;
                Ok(reply::<RecordSpend>(&self.summary(at)?))
            }
            MemberCommand::RedeemReward(r) => self.redeem(r)?.map(|done| reply::<RedeemReward>(&done)),
            MemberCommand::PointsHistory(q) => Ok(reply::<PointsHistory>(&self.points_history(q)?)),
        })
    }
}

impl worker::DurableObject for MemberObject {
    fn new(state: State, _env: Env) -> Self {
        let tables = create_tables(
            &state.storage().sql(),
            &[
                "CREATE TABLE IF NOT EXISTS ledger (seq INTEGER PRIMARY KEY, reference TEXT NOT NULL UNIQUE, balance_after_fen INTEGER NOT NULL, entry TEXT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS points_log (reference TEXT PRIMARY KEY, points INTEGER NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS spend (reference TEXT PRIMARY KEY, at_ms INTEGER NOT NULL, fen INTEGER NOT NULL)",
                "CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS coupons (id TEXT PRIMARY KEY, coupon TEXT NOT NULL)",
                points::REDEMPTIONS_TABLE,
            ],
        );
        MemberObject { state, tables }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        self.tables.clone().map_err(internal)?;
        let command: MemberCommand = match req.json().await {
            Ok(c) => c,
            Err(e) => {
                return answer::<()>(Err(ApiError::bad_request(format!("member command: {e}"))));
            }
        };
        answer(self.apply(command)?)
    }
}
