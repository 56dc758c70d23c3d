//! A deterministic discrete-event model of a flash sale split over k buckets, for the load
//! tool's report. Local `wrangler dev` runs every object in one process on two cores, so k
//! buckets cannot show their real scaling there; this model shows what they buy where each
//! bucket is a Durable Object of its own, and what pulling units between buckets costs.
//!
//! The model (stated in the README's Performance section too):
//! - each bucket is one serial server (a Durable Object): it runs one command at a time;
//! - `clients` buyers' connections run a closed loop: send one lock request for the next buyer,
//!   wait for the answer, send the next; everything outside the object (the worker, the
//!   network) costs `outside_us` per request and never queues (it scales out);
//! - a buyer's home bucket is a fixed hash of the buyer, as in the core (`home_bucket`);
//! - a lock costs `lock_us` of the bucket's time, a refusal it already knows `refuse_us`;
//! - a bucket that runs dry pulls as the core's `TransferPolicy` says: it notes the transfer
//!   (`lock_us`), asks its siblings one by one for the need plus 2 units (each ask is
//!   `hop_us` there and back plus `give_us` of the sibling's time, queued behind the sibling's
//!   own work), takes the units in (`lock_us`); while it waits it answers only siblings' asks;
//!   when every sibling is empty it remembers that, and refuses at `refuse_us` from then on;
//! - units never come back (no lock lapses, no cancels during the run); a unit in flight
//!   between two buckets can make a third one believe every sibling empty, as in the real
//!   buckets until a refill notice, so a small crowd may leave a unit unsold.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// One scenario of the model.
#[derive(Clone, Copy, Debug)]
pub struct Model {
    /// Buyers, each sending one lock request.
    pub buyers: u32,
    /// Units for sale.
    pub quantity: u32,
    /// Buckets (k).
    pub buckets: u32,
    /// Concurrent connections.
    pub clients: u32,
    /// A bucket's time for a lock (and for noting or taking in a transfer), µs.
    pub lock_us: u64,
    /// A bucket's time to refuse when it already knows the sale is sold out, µs.
    pub refuse_us: u64,
    /// A sibling's time to answer an ask for units, µs.
    pub give_us: u64,
    /// One call between two objects, there and back, µs.
    pub hop_us: u64,
    /// Everything outside the objects per request (worker, network), µs.
    pub outside_us: u64,
}

/// What one run of the model gives.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SimOutcome {
    /// Units sold.
    pub sold: u32,
    /// Requests per second over the whole run.
    pub throughput: f64,
    /// When the last unit was sold, ms from the start (the whole run if some were left).
    pub sell_out_ms: f64,
    /// The whole run, ms.
    pub total_ms: f64,
    /// Asks for units sent between buckets.
    pub asks: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Job {
    Lock { client: u32 },
    Give { to: u32 },
    TakeIn { got: u32 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    Arrive { bucket: u32, job: Job },
    Done { bucket: u32 },
    Given { bucket: u32, got: u32 },
    Answered { client: u32 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum After {
    Reply { client: u32 },
    Ask { client: u32 },
    GiveBack { to: u32, got: u32 },
    Continue,
}

#[derive(Default)]
struct Bucket {
    units: u32,
    queue: VecDeque<Job>,
    busy: Option<After>,
    /// Pulling for this client's lock: the siblings asked so far.
    pulling: Option<(u32, u32)>,
    all_empty: bool,
}

/// A buyer's home bucket: a fixed hash of the buyer (splitmix64), like the core's.
pub fn home(buyer: u32, buckets: u32) -> u32 {
    let mut z = (buyer as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) % buckets.max(1) as u64) as u32
}

/// Extra units a pull asks for beyond the need (the core's `TransferPolicy::STANDARD`).
const EXTRA: u32 = 2;

struct Sim {
    m: Model,
    now: u64,
    seq: u64,
    events: BinaryHeap<Reverse<(u64, u64, Event)>>,
    buckets: Vec<Bucket>,
    next_buyer: u32,
    sold: u32,
    sold_out_at: Option<u64>,
    asks: u32,
    last_answer: u64,
}

impl Sim {
    fn at(&mut self, delay: u64, e: Event) {
        self.seq += 1;
        self.events.push(Reverse((self.now + delay, self.seq, e)));
    }

    fn send_next(&mut self, client: u32) {
        if self.next_buyer >= self.m.buyers {
            return;
        }
        let bucket = home(self.next_buyer, self.m.buckets);
        self.next_buyer += 1;
        self.at(self.m.outside_us / 2, Event::Arrive { bucket, job: Job::Lock { client } });
    }

    fn reply(&mut self, client: u32) {
        self.at(self.m.outside_us - self.m.outside_us / 2, Event::Answered { client });
    }

    /// Starts the bucket's next job if it is idle; while it pulls, only asks are served.
    fn start(&mut self, b: u32) {
        let k = self.m.buckets;
        let bucket = &mut self.buckets[b as usize];
        if bucket.busy.is_some() {
            return;
        }
        let position = if bucket.pulling.is_some() {
            bucket.queue.iter().position(|j| matches!(j, Job::Give { .. } | Job::TakeIn { .. }))
        } else {
            (!bucket.queue.is_empty()).then_some(0)
        };
        let Some(job) = position.and_then(|p| bucket.queue.remove(p)) else { return };
        let (cost, after) = match job {
            Job::Give { to } => {
                let got = bucket.units.min(1 + EXTRA);
                bucket.units -= got;
                (self.m.give_us, After::GiveBack { to, got })
            }
            Job::TakeIn { got } => {
                bucket.units += got;
                (self.m.lock_us, After::Continue)
            }
            Job::Lock { client } if bucket.units > 0 => {
                bucket.units -= 1;
                self.sold += 1;
                (self.m.lock_us, After::Reply { client })
            }
            Job::Lock { client } if bucket.all_empty || k == 1 => {
                bucket.all_empty = true;
                (self.m.refuse_us, After::Reply { client })
            }
            Job::Lock { client } => {
                bucket.pulling = Some((client, 0));
                (self.m.lock_us, After::Ask { client })
            }
        };
        if self.sold == self.m.quantity && self.sold_out_at.is_none() && matches!(job, Job::Lock { .. }) {
            self.sold_out_at = Some(self.now + cost);
        }
        self.buckets[b as usize].busy = Some(after);
        self.at(cost, Event::Done { bucket: b });
    }

    /// Asks the next sibling, or gives up: every sibling is empty, the lock is refused.
    fn ask_next(&mut self, b: u32) {
        let k = self.m.buckets;
        let Some((client, asked)) = self.buckets[b as usize].pulling else { return };
        if asked + 1 >= k {
            let bucket = &mut self.buckets[b as usize];
            bucket.pulling = None;
            bucket.all_empty = true;
            self.reply(client);
            return;
        }
        self.buckets[b as usize].pulling = Some((client, asked + 1));
        self.asks += 1;
        let sibling = (b + asked + 1) % k;
        self.at(self.m.hop_us / 2, Event::Arrive { bucket: sibling, job: Job::Give { to: b } });
    }

    fn run(mut self) -> SimOutcome {
        for c in 0..self.m.clients.max(1) {
            self.send_next(c);
        }
        while let Some(Reverse((t, _, e))) = self.events.pop() {
            self.now = t;
            match e {
                Event::Arrive { bucket, job } => {
                    self.buckets[bucket as usize].queue.push_back(job);
                    self.start(bucket);
                }
                Event::Done { bucket } => {
                    let after = self.buckets[bucket as usize].busy.take();
                    match after {
                        Some(After::Reply { client }) => self.reply(client),
                        Some(After::Ask { .. }) => self.ask_next(bucket),
                        Some(After::GiveBack { to, got }) => {
                            self.at(self.m.hop_us - self.m.hop_us / 2, Event::Given { bucket: to, got })
                        }
                        Some(After::Continue) => {
                            // Units taken in: the waiting lock is served first, from them.
                            if let Some((client, _)) = self.buckets[bucket as usize].pulling.take() {
                                self.buckets[bucket as usize].queue.push_front(Job::Lock { client });
                            }
                        }
                        None => {}
                    }
                    self.start(bucket);
                }
                Event::Given { bucket, got } if got > 0 => {
                    self.buckets[bucket as usize].queue.push_front(Job::TakeIn { got });
                    self.start(bucket);
                }
                Event::Given { bucket, .. } => {
                    self.ask_next(bucket);
                    self.start(bucket);
                }
                Event::Answered { client } => {
                    self.last_answer = self.now;
                    self.send_next(client);
                }
            }
        }
        let total_ms = self.last_answer as f64 / 1000.0;
        SimOutcome {
            sold: self.sold,
            throughput: self.m.buyers as f64 / (self.last_answer.max(1) as f64 / 1e6),
            sell_out_ms: self.sold_out_at.map_or(total_ms, |t| t as f64 / 1000.0),
            total_ms,
            asks: self.asks,
        }
    }
}

/// Runs the model once. Deterministic: the same model always gives the same outcome.
pub fn simulate(m: Model) -> SimOutcome {
    let k = m.buckets.max(1);
    let m = Model { buckets: k, ..m };
    let buckets =
        (0..k).map(|i| Bucket { units: m.quantity / k + u32::from(i < m.quantity % k), ..Bucket::default() }).collect();
    Sim {
        m,
        now: 0,
        seq: 0,
        events: BinaryHeap::new(),
        buckets,
        next_buyer: 0,
        sold: 0,
        sold_out_at: None,
        asks: 0,
        last_answer: 0,
    }
    .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(buckets: u32) -> Model {
        Model {
            buyers: 2_000,
            quantity: 100,
            buckets,
            clients: 256,
            lock_us: 1_000,
            refuse_us: 100,
            give_us: 1_000,
            hop_us: 2_000,
            outside_us: 5_000,
        }
    }

    #[test]
    fn never_oversold_and_a_crowd_buys_every_unit_whatever_the_buckets() {
        for k in [1, 2, 3, 4, 8, 16] {
            for (buyers, quantity) in [(2_000, 100), (50, 100), (100, 100), (7, 3), (500, 1)] {
                let o = simulate(Model { buyers, quantity, ..model(k) });
                assert!(o.sold <= quantity.min(buyers), "k={k} N={buyers} Q={quantity}: {o:?}");
                if buyers >= 5 * quantity {
                    assert_eq!(o.sold, quantity, "k={k} N={buyers} Q={quantity}: {o:?}");
                }
            }
        }
    }

    #[test]
    fn the_same_model_gives_the_same_outcome() {
        assert_eq!(simulate(model(4)), simulate(model(4)));
    }

    #[test]
    fn one_bucket_is_bounded_by_its_service_time() {
        // All refusals once sold out: 100 locks at 1 ms, 1,900 refusals at 0.1 ms = 290 ms of
        // the bucket's time at the least.
        let o = simulate(model(1));
        assert!(o.total_ms >= 290.0, "{o:?}");
        assert_eq!(o.asks, 0, "one bucket never asks");
    }

    #[test]
    fn buckets_help_when_the_object_is_the_bottleneck() {
        let slow = Model { lock_us: 5_000, refuse_us: 1_000, ..model(1) };
        let one = simulate(slow);
        let four = simulate(Model { buckets: 4, ..slow });
        assert!(four.throughput > 2.0 * one.throughput, "{one:?} vs {four:?}");
        assert!(four.sell_out_ms < one.sell_out_ms, "{one:?} vs {four:?}");
        assert!(four.asks > 0, "the last units are pulled between buckets");
    }

    #[test]
    fn homes_spread_buyers_over_every_bucket() {
        let mut seen = [0u32; 8];
        for b in 0..800 {
            seen[home(b, 8) as usize] += 1;
        }
        assert!(seen.iter().all(|n| *n > 60), "{seen:?}");
    }
}
