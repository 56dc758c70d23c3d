//! The return's drive loops against in-memory objects, natively.

use super::*;
use crate::flows::block_on;
use chrono::{DateTime, TimeZone, Utc};
use shared::ErrorCode;
use shared::flows::settlement::ReturnPolicy;
use shared::returns::PaidLine;
use std::cell::{Cell, RefCell};

fn t(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("valid")
}

/// A shop that records what each command did (once per reference) and fails the `fail_at`-th
/// command it is sent, with `refuse` deciding whether as a refusal or as a crash.
#[derive(Default)]
struct Fake {
    done: RefCell<Vec<String>>,
    sent: Cell<usize>,
    fail_at: Cell<Option<usize>>,
    refuse: Cell<bool>,
    taken: RefCell<Vec<String>>,
}

impl Fake {
    fn fails(&self) -> Option<Failure> {
        let n = self.sent.get();
        self.sent.set(n + 1);
        (self.fail_at.get() == Some(n)).then(|| match self.refuse.get() {
            true => Failure::Api(ApiError::new(ErrorCode::Conflict, "refused")),
            false => Failure::Internal("storage unavailable".into()),
        })
    }

    fn once(&self, what: String) {
        if !self.done.borrow().contains(&what) {
            self.done.borrow_mut().push(what);
        }
    }
}

impl SettlementPort for Fake {
    async fn apply(&self, command: Command) -> Event {
        if let Some(f) = self.fails() {
            return replied::<(), Event>(Err(f), |_| Event::Settled, Event::Refused, Event::Crashed);
        }
        match command {
            Command::Refund { reference, amount, .. } => {
                self.once(format!("refund {reference} {}", amount.get()));
                Event::Refunded
            }
            Command::Restock { reference, sku, qty, .. } => {
                self.once(format!("restock {reference} {}", qty.get()));
                Event::Restocked(sku)
            }
            Command::TakeSpend { reference, fen, .. } => {
                self.once(format!("spend {reference} {fen}"));
                Event::SpendTaken
            }
            Command::CloseOrder { .. } => Event::OrderClosed { refunded: true, referral: None },
            Command::TakePoints { reference, .. } => {
                self.once(format!("points {reference}"));
                Event::PointsTaken
            }
            Command::MarkSettled { return_id } => {
                self.once(format!("settled {return_id}"));
                Event::Settled
            }
        }
    }
}

impl RecordingPort for Fake {
    async fn apply(&self, command: recording::Command) -> recording::Event {
        match command {
            recording::Command::ReclaimCoupon { coupon_id, .. } => {
                self.taken.borrow_mut().push(coupon_id.clone());
                recording::Event::Reclaimed { coupon_id, used: Some(Fen::new(700)) }
            }
            recording::Command::Record(_) if self.refuse.get() => recording::Event::Raced,
            recording::Command::Record(_) => recording::Event::Recorded,
        }
    }
}

fn settle(fake: &Fake) -> Result<(), Failure> {
    let store = StoreId::parse("S2").expect("valid");
    let lines = vec![(Sku::parse("SKU-1").expect("valid"), Qty::parse(2).expect("valid"))];
    let recorded = RecordedReturn::new(
        "R1",
        "O1",
        "M10000001",
        store,
        Fen::new(2_000),
        shared::kinds::PaymentMethod::Balance,
        lines,
    );
    let (flow, todo) = Settlement::start(recorded, t(0), &ReturnPolicy::STANDARD);
    block_on(drive_settlement(flow, todo, fake))
}

#[test]
fn a_settlement_that_crashes_is_a_503_and_the_next_attempt_does_nothing_twice() {
    let fake = Fake::default();
    fake.fail_at.set(Some(2));
    assert!(matches!(settle(&fake), Err(Failure::Internal(_))));
    assert_eq!(fake.done.borrow().len(), 2, "refund and restock done, the spend not yet");
    settle(&fake).expect("settled");
    assert_eq!(
        *fake.done.borrow(),
        vec!["refund return:R1 2000", "restock return:R1:SKU-1 2", "spend return:R1 -2000", "settled R1"]
    );
}

#[test]
fn a_refused_step_keeps_its_error_code() {
    let fake = Fake::default();
    fake.fail_at.set(Some(0));
    fake.refuse.set(true);
    match settle(&fake) {
        Err(Failure::Api(e)) => assert_eq!(e.code(), ErrorCode::Conflict),
        other => panic!("expected the refusal, got {other:?}"),
    }
}

#[test]
fn a_whole_return_takes_its_gifts_back_before_recording_and_a_lost_race_records_nothing() {
    let lines = [PaidLine { sku: "SKU-1".into(), qty: 1, unit_price: Fen::new(5_000), returned: 0 }];
    let policy = ReturnPolicy::STANDARD;
    let plan = policy.plan(&lines, Fen::ZERO, Some(t(-60)), &[("SKU-1".into(), 1)], t(0)).expect("allowed");
    let draft = ReturnDraft::new("M10000001", &lines, Fen::ZERO, plan, vec!["G1".into()], &policy);
    let fake = Fake::default();
    let (flow, todo) = Recording::start(draft.clone(), &policy);
    let record = block_on(drive_recording(flow, todo, &fake)).expect("ran").expect("recorded");
    assert_eq!((record.refund, record.kept, fake.taken.borrow().len()), (Fen::new(4_300), Fen::new(700), 1));
    fake.refuse.set(true);
    let (flow, todo) = Recording::start(draft, &policy);
    assert!(block_on(drive_recording(flow, todo, &fake)).expect("ran").is_none());
}
