//! Live stock: the sale's WebSocket subscribers, over the Hibernation API.
//!
//! Bucket 0 of a sale is its coordinator: it holds every subscriber
//! (`state.accept_web_socket`, so an idle sale with open sockets is evicted from memory and not
//! billed) and the last count each bucket reported. A bucket whose available count changed (a
//! lock, a release, a lapse, a transfer) tells the coordinator, which sums the buckets and
//! pushes the total through [`LiveFeed`] (at most one message per 250 ms, last value wins; a
//! waiting message is sent by the object's alarm). Without subscribers nothing is sent and no
//! alarm is armed: the coordinator's reply tells the other buckets to stop reporting, and it
//! asks them again (`Watch`) when the first subscriber arrives. Reports carry a stamp
//! (the bucket's start and a counter) so one that arrives late cannot undo a newer one.

use super::{Meta, SaleCommand, SaleObject, internal};
use crate::calls::sale::NOW_HEADER;
use crate::ctx::{Ctx, real_now};
use crate::objects::{answer, schedule};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use shared::api::LiveStock;
use shared::flash_sale::{LiveFeed, LiveFigure, LiveTally, Push};
use shared::protocol::live::{Count, LiveCall, LiveCommand, Report, Watch, Watching, reply};
use shared::stock::Change;
use shared::{ApiError, ErrorCode};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use worker::{Request, Response, Result, WebSocket, WebSocketPair};

/// Anything a bucket is sent: its own commands or the live feed's (their `op`s differ).
#[derive(Deserialize)]
#[serde(untagged)]
pub enum Incoming {
    Sale(SaleCommand),
    Live(LiveCommand),
}

/// The live feed's memory in one bucket object (in memory only: after an eviction the
/// coordinator asks the buckets again, and a bucket reports until told nobody watches).
pub struct Viewers {
    /// Coordinator: the coalescing rule.
    feed: RefCell<LiveFeed>,
    /// The buckets' counts (coordinator) and this bucket's last report.
    tally: RefCell<LiveTally>,
    /// This bucket (not the coordinator): whether the coordinator has subscribers.
    watched: Rc<Cell<bool>>,
}

impl Default for Viewers {
    fn default() -> Viewers {
        Viewers::new()
    }
}

impl Viewers {
    pub fn new() -> Viewers {
        Viewers {
            feed: RefCell::new(LiveFeed::new()),
            tally: RefCell::new(LiveTally::new(real_now().timestamp_millis())),
            watched: Rc::new(Cell::new(true)),
        }
    }
}

fn message(meta: &Meta, figure: LiveFigure) -> Result<String> {
    let message = LiveStock {
        sale_id: meta.sale.id().to_string(),
        remaining: figure.remaining,
        status: figure.status,
        at: real_now(),
    };
    serde_json::to_string(&message).map_err(internal)
}

impl SaleObject {
    /// Answers a command, then tells the live feed if it changed the count.
    pub(super) async fn serve(&self, command: Incoming) -> Result<Response> {
        match command {
            Incoming::Sale(command) => {
                let at = command.changes_count_at(real_now());
                let outcome = self.apply(command).await?;
                if let Some(now) = at {
                    self.live_changed(now).await;
                }
                self.answer_sale(outcome)
            }
            Incoming::Live(LiveCommand::Report(r)) => {
                let count = Count { available: r.available, stamp: r.stamp };
                let watched = self.coordinate(r.index, count, r.now).await?;
                answer(Ok(reply::<Report>(&Watching { watched })))
            }
            Incoming::Live(LiveCommand::Watch(Watch { now })) => {
                self.viewers.watched.set(true);
                let available = self.available(now)?;
                let count = self.viewers.tally.borrow_mut().restart(available);
                answer(Ok(reply::<Watch>(&count)))
            }
        }
    }

    fn available(&self, now: DateTime<Utc>) -> Result<u32> {
        self.with_bucket(|b| (b.figures(now).available, Change::Unchanged))
    }

    /// A new subscriber (at bucket 0): accepted for hibernation and told the count at once.
    pub(super) async fn subscribe(&self, req: &Request) -> Result<Response> {
        let Some(meta) = self.meta()? else { return answer::<()>(Err(ApiError::not_found("no such flash sale"))) };
        if meta.index != 0 {
            return answer::<()>(Err(ApiError::new(ErrorCode::BadRequest, "subscribe at the sale's first bucket")));
        }
        let now = req
            .headers()
            .get(NOW_HEADER)?
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map_or_else(real_now, |t| t.with_timezone(&Utc));
        if self.state.get_websockets().is_empty() {
            // The first subscriber: the other buckets may have stopped reporting; ask again.
            self.viewers.tally.borrow_mut().forget_others();
        }
        let pair = WebSocketPair::new()?;
        self.state.accept_web_socket(&pair.server);
        let remaining = self.total(&meta, now).await?;
        pair.server.send_with_str(message(
            &meta,
            LiveFigure::of(&meta.sale, self.cancel_state()?.is_some(), remaining, now),
        )?)?;
        Response::from_websocket(pair.client)
    }

    /// The sale's total: every bucket's last count, asking the ones not heard from.
    async fn total(&self, meta: &Meta, now: DateTime<Utc>) -> Result<u32> {
        let own = self.available(now)?;
        self.viewers.tally.borrow_mut().note_own(own);
        let ctx = Ctx::at(self.env.clone(), now);
        let missing = self.viewers.tally.borrow().missing(meta.sale.buckets());
        for index in missing {
            let count = send_live(&ctx, meta, index, &Watch { now }).await.map_err(|e| internal(format!("{e:?}")))?;
            self.viewers.tally.borrow_mut().note(index, count);
        }
        Ok(self.viewers.tally.borrow().total())
    }

    /// The coordinator heard of a bucket's count: push the total to the subscribers (through
    /// the coalescing rule). Returns whether anyone is watching.
    async fn coordinate(&self, index: u32, count: Count, now: DateTime<Utc>) -> Result<bool> {
        let Some(meta) = self.meta()? else { return Ok(false) };
        self.viewers.tally.borrow_mut().note(index, count);
        if self.state.get_websockets().is_empty() {
            return Ok(false);
        }
        let remaining = self.total(&meta, now).await?;
        let push = self
            .viewers
            .feed
            .borrow_mut()
            .offer(LiveFigure::of(&meta.sale, self.cancel_state()?.is_some(), remaining, now), real_now());
        self.push(&meta, push).await?;
        Ok(true)
    }

    async fn push(&self, meta: &Meta, push: Push) -> Result<()> {
        match push {
            Push::Now(figure) => {
                let text = message(meta, figure)?;
                for socket in self.state.get_websockets() {
                    // A socket closing meanwhile is not an error of the others.
                    let _ = socket.send_with_str(&text);
                }
            }
            Push::At(at) => schedule(&self.state, Some(at)).await?,
            Push::Nothing => {}
        }
        Ok(())
    }

    /// After a command or an alarm: if this bucket's count changed, tell the coordinator.
    /// Never fails the command that caused it: a lost report is logged (the next change, or a
    /// new subscriber, brings the count up to date).
    pub(super) async fn live_changed(&self, now: DateTime<Utc>) {
        if let Err(e) = self.report_change(now).await {
            worker::console_error!("live stock: {e}");
        }
    }

    async fn report_change(&self, now: DateTime<Utc>) -> Result<()> {
        let Some(meta) = self.meta()? else { return Ok(()) };
        let available = self.available(now)?;
        let Some(count) = self.viewers.tally.borrow_mut().changed(available) else { return Ok(()) };
        if meta.index == 0 {
            self.coordinate(0, count, now).await?;
        } else if self.viewers.watched.get() {
            // Sent after this command's answer, so an order is not kept waiting for it.
            let report = Report { index: meta.index, available, stamp: count.stamp, now };
            let (ctx, watched) = (Ctx::at(self.env.clone(), now), self.viewers.watched.clone());
            self.state.wait_until(async move {
                match send_live(&ctx, &meta, 0, &report).await {
                    Ok(reply) => watched.set(reply.watched),
                    Err(e) => worker::console_error!("live stock report: {e:?}"),
                }
            });
        }
        Ok(())
    }

    /// The alarm fired: send the message the feed held back, if its time has come.
    pub(super) async fn live_due(&self) {
        let outcome = match self.meta() {
            Ok(Some(meta)) if meta.index == 0 => {
                let push = self.viewers.feed.borrow_mut().due(real_now());
                self.push(&meta, push).await
            }
            Ok(_) => Ok(()),
            Err(e) => Err(e),
        };
        if let Err(e) = outcome {
            worker::console_error!("live stock: {e}");
        }
    }

    /// After the alarm's other work re-armed it: keep it armed for a held-back message.
    pub(super) async fn live_rearm(&self) -> Result<()> {
        let waiting = self.viewers.feed.borrow().waiting_until();
        schedule(&self.state, waiting).await
    }

    /// A subscriber left: close our end too (nothing else to forget; the socket list is the
    /// runtime's).
    pub(super) fn live_closed(&self, socket: &WebSocket) {
        let _ = socket.close(Some(1000), Some("bye"));
    }
}

async fn send_live<C: LiveCall>(
    ctx: &Ctx,
    meta: &Meta,
    index: u32,
    command: &C,
) -> std::result::Result<C::Reply, crate::http::Failure> {
    let name = crate::calls::sale::object_name(meta.sale.id().as_str(), index);
    crate::calls::call(ctx, "SALE", &name, &command.clone().into()).await
}
