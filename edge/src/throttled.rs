//! Running a guessable check behind throttle counters (rules and keys in `shared::throttle`):
//! count first, check only if admitted, give the count back on success.

use crate::ctx::Ctx;
use crate::db;
use crate::http::Failure;
use shared::throttle::guards::ClientAddress;
use shared::throttle::{Counter, Tally, after_failure, gate};
use worker::Request;

/// The client's address as limits see it (`CF-Connecting-IP`; `local` without it).
pub fn client_address(req: &Request) -> ClientAddress {
    ClientAddress::from_header(crate::http::header(req.headers(), "cf-connecting-ip").as_deref())
}

/// One attempt, counted under its counters.
pub struct Attempt {
    counters: Vec<Counter>,
    tallies: Vec<Tally>,
}

impl Attempt {
    /// Counts the attempt; a 429 saying `refusal` if a refusing counter is over its limit (the
    /// check must then not run).
    pub async fn begin(ctx: &Ctx, counters: Vec<Counter>, refusal: &str) -> Result<Attempt, Failure> {
        let tallies = db::throttles::count(ctx, &counters).await?;
        if let Err(wait) = gate(&counters, &tallies, ctx.now) {
            return Err(Failure::Limited(format!("{refusal}; try again in {wait} s"), wait));
        }
        Ok(Attempt { counters, tallies })
    }

    /// The check passed: the attempt's counts are taken back. A storage error here is logged,
    /// not answered: the caller already earned its success.
    pub async fn succeeded(self, ctx: &Ctx) {
        if let Err(e) = db::throttles::undo(ctx, &self.counters, &self.tallies).await {
            worker::console_error!("throttle undo: {e:?}");
        }
    }

    /// The check failed with `failure`; the attempt stays counted. Beyond a muting counter's
    /// limit the failure is answered 429 instead.
    pub fn failed(&self, ctx: &Ctx, failure: Failure, refusal: &str) -> Failure {
        match after_failure(&self.counters, &self.tallies, ctx.now) {
            Ok(()) => failure,
            Err(wait) => Failure::Limited(format!("{refusal}; try again in {wait} s"), wait),
        }
    }
}
