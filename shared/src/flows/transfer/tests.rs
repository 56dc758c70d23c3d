//! The real [`Transfer`] machine driven against real [`SaleBucket`]s, with replies lost,
//! commands dropped and replies delivered twice. The flash sale's own property test drives it
//! too, through [`Buckets::pull`].

use super::*;
use crate::flash_sale::SaleBucket;
use crate::ids::{MemberId, OrderId};
use crate::stock::{Change, Qty};
use chrono::TimeZone;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn t(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("valid")
}

/// How one command is delivered.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Fault {
    /// Done, and the reply arrives.
    None,
    /// Done, but the reply is lost.
    LostReply,
    /// Never done.
    Dropped,
    /// Done, and the reply arrives twice.
    Twice,
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![6 => Just(Fault::None), 1 => Just(Fault::LostReply), 1 => Just(Fault::Dropped), 1 => Just(Fault::Twice)]
}

/// A sale's buckets, each with the notes and counter its object stores, and a log of what
/// each transfer gave and whether it was taken in (to count units in flight).
pub(crate) struct Buckets {
    pub(crate) buckets: Vec<SaleBucket>,
    pending: Vec<Vec<PendingTransfer>>,
    pulls: Vec<u64>,
    gave: BTreeMap<String, u32>,
    taken: BTreeSet<String>,
}

impl Buckets {
    pub(crate) fn new(buckets: Vec<SaleBucket>) -> Self {
        let k = buckets.len();
        Buckets { buckets, pending: vec![vec![]; k], pulls: vec![0; k], gave: BTreeMap::new(), taken: BTreeSet::new() }
    }

    /// Units given by a sibling and not yet taken in.
    pub(crate) fn in_flight(&self) -> u32 {
        self.gave.iter().filter(|(t, _)| !self.taken.contains(*t)).map(|(_, n)| n).sum()
    }

    fn apply(&mut self, to: usize, command: &Command, now: DateTime<Utc>) -> Event {
        match command {
            Command::Note { transfer, pulls } => {
                if !self.pending[to].contains(transfer) {
                    self.pending[to].push(transfer.clone());
                }
                self.pulls[to] = *pulls;
                Event::Noted(transfer.transfer.clone())
            }
            Command::Pull { transfer, from, want, .. } => {
                let giver = &mut self.buckets[*from as usize];
                let (qty, change) = giver.give(transfer, *want, now);
                if change == Change::Changed {
                    self.gave.insert(transfer.clone(), qty);
                }
                Event::Given { transfer: transfer.clone(), qty, next_expiry: giver.next_expiry() }
            }
            Command::TakeIn { transfer, qty } => {
                if self.buckets[to].receive(transfer, *qty) == Change::Changed {
                    self.taken.insert(transfer.clone());
                }
                self.pending[to].retain(|p| &p.transfer != transfer);
                Event::TakenIn { transfer: transfer.clone(), available: self.buckets[to].figures(now).available }
            }
        }
    }

    /// Bucket `index` pulls until it has `need` units, each command delivered with the next
    /// fault; the machine as it ended.
    pub(crate) fn pull(
        &mut self,
        index: u32,
        need: u32,
        now: DateTime<Utc>,
        faults: &mut impl Iterator<Item = Fault>,
    ) -> Transfer {
        let i = index as usize;
        let available = self.buckets[i].figures(now).available;
        let request =
            PullRequest::new(index, self.buckets.len() as u32, need, available, self.pending[i].clone(), self.pulls[i]);
        let (mut flow, mut todo) = Transfer::start(request, &TransferPolicy::STANDARD);
        while flow.outcome().is_none()
            && let Some(command) = todo.pop()
        {
            let replies = match faults.next().unwrap_or(Fault::None) {
                Fault::None => vec![self.apply(i, &command, now)],
                Fault::LostReply => {
                    self.apply(i, &command, now);
                    vec![Event::Crashed("reply lost".into())]
                }
                Fault::Dropped => vec![Event::Crashed("dropped".into())],
                Fault::Twice => {
                    let first = self.apply(i, &command, now);
                    vec![first, self.apply(i, &command, now)]
                }
            };
            for reply in replies {
                todo.extend(flow.on(reply));
            }
        }
        flow
    }

    fn allocated(&self, now: DateTime<Utc>) -> u32 {
        self.buckets.iter().map(|b| b.figures(now).allocated).sum()
    }
}

fn member(n: u32) -> MemberId {
    MemberId::parse(&format!("M{}", 10_000_000 + n)).expect("valid")
}

#[test]
fn a_dry_bucket_pulls_what_it_needs_plus_a_few_from_the_next_sibling() {
    let mut sale = Buckets::new(vec![SaleBucket::new(0), SaleBucket::new(10), SaleBucket::new(10)]);
    let flow = sale.pull(0, 3, t(0), &mut std::iter::empty());
    let pulled = flow.outcome().expect("done").expect("pulled");
    assert_eq!(pulled.available, 5, "3 needed + 2 extra");
    let shares: Vec<u32> = sale.buckets.iter().map(|b| b.figures(t(0)).allocated).collect();
    assert_eq!(shares, vec![5, 5, 10], "only the first sibling was asked");
    assert_eq!(sale.pulls[0], 1);
}

#[test]
fn a_pull_interrupted_after_the_give_is_finished_by_the_next_pull_without_asking_twice() {
    let mut sale = Buckets::new(vec![SaleBucket::new(0), SaleBucket::new(10)]);
    let mut faults = [Fault::None, Fault::LostReply].into_iter();
    let flow = sale.pull(0, 3, t(0), &mut faults);
    assert!(matches!(flow.outcome(), Some(Err(TransferError::Interrupted(_)))));
    assert_eq!((sale.in_flight(), sale.pending[0].len()), (5, 1), "given, noted, not yet taken in");
    let again = sale.pull(0, 1, t(1), &mut std::iter::empty()).outcome().expect("done").expect("pulled");
    assert_eq!((again.available, sale.in_flight(), sale.pending[0].len()), (5, 0, 0));
    assert_eq!(sale.allocated(t(1)), 10);
}

#[test]
fn the_memo_of_empty_siblings_lasts_until_the_first_lapse_and_never_beyond_five_seconds() {
    let p = TransferPolicy::STANDARD;
    assert_eq!(p.empty_until(t(0), None), t(5));
    assert_eq!(p.empty_until(t(0), Some(t(2))), t(2));
    assert_eq!(p.empty_until(t(0), Some(t(60))), t(5));
}

#[test]
fn replies_for_another_transfer_change_nothing() {
    let request = PullRequest::new(0, 2, 1, 0, vec![], 0);
    let (mut flow, first) = Transfer::start(request, &TransferPolicy::STANDARD);
    let Command::Note { transfer, .. } = &first[0] else { panic!("notes first") };
    assert_eq!(flow.on(Event::Given { transfer: transfer.transfer.clone(), qty: 9, next_expiry: None }), vec![]);
    assert_eq!(flow.on(Event::Noted("0<-1#7".into())), vec![]);
    assert_eq!(flow.on(Event::Noted(transfer.transfer.clone())).len(), 1);
    assert_eq!(flow.on(Event::Noted(transfer.transfer.clone())), vec![], "a duplicate asks nothing twice");
}

proptest! {
    /// Buckets with any shares and locks, any bucket pulling any need, with replies lost,
    /// commands dropped and replies doubled at any step: at every point the units allocated to
    /// buckets plus those given and not yet taken in are the sale's quantity; a bucket never
    /// takes a transfer in twice; and once each bucket pulls again without faults, nothing is
    /// in flight, no note is left, and a bucket short of its need has emptied every sibling.
    #[test]
    fn transfers_never_create_or_lose_units(
        shares in proptest::collection::vec(0u32..8, 2..5),
        locks in proptest::collection::vec((0usize..5, 1u32..4), 0..6),
        pulls in proptest::collection::vec((0usize..5, 1u32..10), 1..12),
        faults in proptest::collection::vec(fault(), 0..80),
    ) {
        let quantity: u32 = shares.iter().sum();
        let k = shares.len();
        let mut sale = Buckets::new(shares.iter().map(|s| SaleBucket::new(*s)).collect());
        for (n, (b, qty)) in locks.into_iter().enumerate() {
            let order = OrderId::parse(&format!("O{n}")).expect("valid");
            let qty = Qty::parse(i64::from(qty)).expect("valid");
            let _ = sale.buckets[b % k].lock(&order, &member(n as u32), qty, 10, t(0), Duration::minutes(10));
        }
        let mut faults = faults.into_iter();
        for (i, (b, need)) in pulls.iter().enumerate() {
            let flow = sale.pull((b % k) as u32, *need, t(i as i64), &mut faults);
            prop_assert!(flow.outcome().is_some(), "a pull with nothing left to do has ended");
            prop_assert_eq!(sale.allocated(t(i as i64)) + sale.in_flight(), quantity);
        }
        for (b, need) in pulls {
            let b = b % k;
            let pulled = sale.pull(b as u32, need, t(100), &mut std::iter::empty()).outcome();
            let pulled = pulled.expect("done").expect("no faults, no interruption");
            prop_assert!(sale.pending[b].is_empty());
            if pulled.available < need {
                let others: u32 = (0..k).filter(|o| *o != b).map(|o| sale.buckets[o].figures(t(100)).available).sum();
                prop_assert_eq!(others, 0, "short only when every sibling is empty");
            }
        }
        prop_assert_eq!(sale.in_flight(), 0);
        prop_assert_eq!(sale.allocated(t(100)), quantity);
    }
}
