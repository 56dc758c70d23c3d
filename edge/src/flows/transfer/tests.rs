//! The pull's drive loop against in-memory buckets, natively.

use super::*;
use crate::flows::block_on;
use chrono::{DateTime, TimeZone, Utc};
use shared::flash_sale::SaleBucket;
use shared::flows::transfer::{PullRequest, TransferPolicy};
use std::cell::{Cell, RefCell};

fn t(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("valid")
}

/// Bucket 0 pulling from its siblings; the sibling calls fail while `siblings_down` is set.
struct Fake {
    buckets: RefCell<Vec<SaleBucket>>,
    pending: RefCell<Vec<(String, u32)>>,
    pulls: Cell<u64>,
    siblings_down: Cell<bool>,
}

impl BucketPort for Fake {
    async fn apply(&self, command: Command) -> Event {
        let mut buckets = self.buckets.borrow_mut();
        match command {
            Command::Note { transfer, pulls } => {
                self.pulls.set(pulls);
                self.pending.borrow_mut().push((transfer.transfer.clone(), transfer.from));
                Event::Noted(transfer.transfer)
            }
            Command::Pull { transfer, from, want, .. } => {
                if self.siblings_down.get() {
                    return Event::Crashed("SALE answered 500".into());
                }
                let (qty, _) = buckets[from as usize].give(&transfer, want, t(0));
                Event::Given { transfer, qty, next_expiry: None }
            }
            Command::TakeIn { transfer, qty } => {
                buckets[0].receive(&transfer, qty);
                self.pending.borrow_mut().retain(|(t, _)| *t != transfer);
                Event::TakenIn { transfer, available: buckets[0].figures(t(0)).available }
            }
        }
    }
}

fn pull(fake: &Fake, need: u32) -> Result<Pulled, Failure> {
    let available = fake.buckets.borrow()[0].figures(t(0)).available;
    let request = PullRequest::new(0, 3, need, available, pending(fake.pending.borrow().clone()), fake.pulls.get());
    let (flow, todo) = Transfer::start(request, &TransferPolicy::STANDARD);
    block_on(drive(flow, todo, fake))
}

#[test]
fn a_pull_that_fails_half_way_is_a_failure_on_our_side_and_the_next_pull_finishes_it() {
    let fake = Fake {
        buckets: RefCell::new(vec![SaleBucket::new(0), SaleBucket::new(4), SaleBucket::new(4)]),
        pending: RefCell::default(),
        pulls: Cell::new(0),
        siblings_down: Cell::new(true),
    };
    assert!(matches!(pull(&fake, 1), Err(Failure::Internal(_))));
    assert_eq!(fake.pending.borrow().len(), 1, "the transfer stays noted");
    fake.siblings_down.set(false);
    let pulled = pull(&fake, 1).expect("pulled");
    assert_eq!(pulled.available, 3, "1 needed + 2 extra, from the next sibling");
    assert!(fake.pending.borrow().is_empty());
    let total: u32 = fake.buckets.borrow().iter().map(|b| b.figures(t(0)).allocated).sum();
    assert_eq!(total, 8);
}
