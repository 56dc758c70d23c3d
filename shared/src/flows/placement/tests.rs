//! The placement machine driven through random refusals, crashes (before or after the step
//! took effect), repeated replies and any order of the releases it asks for, against a model of
//! the pools, the wallet and the order table.

use super::*;
use crate::coupon::{Cart, CartLine, CouponKind, Scope, Terms};
use crate::flows::hold::Holder;
use crate::ids::{Category, OrderId, SaleId, Sku, StoreId};
use crate::stock::Qty;
use chrono::{Duration, TimeZone};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).single().expect("valid time")
}

fn holder(i: usize) -> Holder {
    if i.is_multiple_of(2) {
        Holder::Pool { store: StoreId::parse("S1").expect("id"), sku: Sku::parse(&format!("K{i}")).expect("id") }
    } else {
        Holder::Bucket { sale: SaleId::parse(&format!("FS{i}")).expect("id"), index: i as u32 }
    }
}

fn terms(applies: bool) -> Terms {
    Terms {
        kind: CouponKind::Fixed,
        threshold: Fen::ZERO,
        off: Fen::new(100),
        percent: 0,
        scope: Scope::All,
        store: Some(StoreId::parse(if applies { "S1" } else { "S2" }).expect("id")),
        flash_sale_ok: true,
        first_order_only: false,
    }
}

fn order(qtys: &[u32], coupon: bool) -> PlacementOrder {
    let lines: Vec<PlacementLine> = qtys
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let sku = Sku::parse(&format!("K{i}")).expect("id");
            let qty = Qty::parse(*q as i64).expect("qty");
            PlacementLine::new(sku, qty, Fen::new(1_000), holder(i), Duration::minutes(10 - i as i64))
        })
        .collect();
    let cart = Cart {
        store: StoreId::parse("S1").expect("id"),
        lines: lines
            .iter()
            .map(|l| CartLine {
                sku: l.sku.clone(),
                category: Category::parse("beauty").expect("category"),
                brand: "B".into(),
                unit_price: l.price,
                qty: l.qty.get(),
                flash_sale: false,
            })
            .collect(),
        first_order: false,
    };
    PlacementOrder { id: OrderId::parse("O1").expect("id"), lines, coupon: coupon.then(|| "C1".to_owned()), cart }
}

/// How the world answers one command.
#[derive(Clone, Copy, Debug)]
enum Fate {
    /// Done, and the reply arrives.
    Answer,
    /// Not done; the reply is lost.
    LostBefore,
    /// Done; the reply is lost.
    LostAfter,
}

fn fate() -> impl Strategy<Value = Fate> {
    prop_oneof![6 => Just(Fate::Answer), 1 => Just(Fate::LostBefore), 1 => Just(Fate::LostAfter)]
}

#[derive(Default, Debug)]
struct World {
    available: BTreeMap<Holder, u32>,
    held: BTreeMap<Holder, u32>,
    coupon_locked: bool,
    recorded: bool,
    /// Recording was tried but its reply was lost.
    record_lost: bool,
    /// Holds whose release was lost before it took effect: they lapse by themselves.
    lapsing: Vec<Holder>,
    lock_asks: BTreeMap<usize, u32>,
    release_asks: BTreeMap<usize, u32>,
}

#[derive(Debug, Clone)]
struct Script {
    stock: Vec<u32>,
    qtys: Vec<u32>,
    coupon: Option<bool>,
    record_refused: bool,
    fates: Vec<Fate>,
    picks: Vec<usize>,
    repeats: Vec<bool>,
}

fn script() -> impl Strategy<Value = Script> {
    (1usize..5).prop_flat_map(|n| {
        (
            proptest::collection::vec(0u32..4, n),
            proptest::collection::vec(1u32..3, n),
            proptest::option::of(any::<bool>()),
            any::<bool>(),
            proptest::collection::vec(fate(), 16),
            proptest::collection::vec(0usize..8, 16),
            proptest::collection::vec(proptest::bool::weighted(0.2), 16),
        )
            .prop_map(|(stock, qtys, coupon, record_refused, fates, picks, repeats)| Script {
                stock,
                qtys,
                coupon,
                record_refused,
                fates,
                picks,
                repeats,
            })
    })
}

/// Runs `c` against the world; returns the reply (None when lost).
fn run(w: &mut World, c: &Command, fate: Fate, s: &Script) -> Event {
    let happens = !matches!(fate, Fate::LostBefore);
    let reply = match c {
        Command::Lock { line, holder, qty, .. } => {
            *w.lock_asks.entry(*line).or_default() += 1;
            let avail = w.available[holder];
            if qty.get() > avail {
                Event::Refused(Step::Line(*line), ApiError::new(ErrorCode::SoldOut, "sold out"))
            } else {
                if happens {
                    w.available.insert(holder.clone(), avail - qty.get());
                    w.held.insert(holder.clone(), qty.get());
                }
                Event::Locked(*line)
            }
        }
        Command::Release { line, holder } => {
            *w.release_asks.entry(*line).or_default() += 1;
            if happens {
                if let Some(q) = w.held.remove(holder) {
                    *w.available.get_mut(holder).expect("pool") += q;
                }
            } else {
                w.lapsing.push(holder.clone());
            }
            Event::Released(Step::Line(*line))
        }
        Command::LockCoupon { .. } => {
            if happens {
                w.coupon_locked = true;
            }
            Event::CouponLocked(terms(s.coupon == Some(true)))
        }
        Command::ReleaseCoupon { .. } => {
            if happens {
                w.coupon_locked = false;
            }
            Event::Released(Step::Coupon)
        }
        Command::Record(_) => {
            w.record_lost |= !matches!(fate, Fate::Answer);
            if s.record_refused {
                Event::Refused(Step::Record, ApiError::new(ErrorCode::TooManyPending, "too many"))
            } else {
                w.recorded |= happens;
                Event::Recorded
            }
        }
    };
    match fate {
        Fate::Answer => reply,
        _ => Event::Crashed(step_of(c), "lost".into()),
    }
}

fn step_of(c: &Command) -> Step {
    match c {
        Command::Lock { line, .. } | Command::Release { line, .. } => Step::Line(*line),
        Command::LockCoupon { .. } | Command::ReleaseCoupon { .. } => Step::Coupon,
        Command::Record(_) => Step::Record,
    }
}

proptest! {
    #[test]
    fn placement_holds_all_or_nothing_whatever_the_replies(s in script()) {
        let mut w = World::default();
        for (i, units) in s.stock.iter().enumerate() {
            w.available.insert(holder(i), *units);
        }
        let (mut p, mut queue) = Placement::start(order(&s.qtys, s.coupon.is_some()), t0(), &OrderPolicy::standard());
        prop_assert_eq!(p.lock_expires_at(), t0() + Duration::minutes(10 - (s.qtys.len() as i64 - 1)));
        let mut seen: Vec<Event> = Vec::new();
        let mut k = 0;
        while !queue.is_empty() {
            prop_assert!(k < 64, "the placement does not finish");
            let c = queue.remove(s.picks[k % 16] % queue.len());
            let e = run(&mut w, &c, s.fates[k % 16], &s);
            seen.push(e.clone());
            queue.extend(p.on(e));
            if s.repeats[k % 16] {
                // A late repeat of some earlier reply changes nothing.
                let again = seen[s.picks[(k + 1) % 16] % seen.len()].clone();
                prop_assert_eq!(p.on(again), Vec::new());
            }
            k += 1;
        }
        let outcome = p.outcome();
        prop_assert!(outcome.is_some(), "no outcome once the work is done");
        prop_assert!(w.lock_asks.values().all(|n| *n == 1), "a line locked twice: {:?}", w.lock_asks);
        prop_assert!(w.release_asks.values().all(|n| *n == 1), "a line released twice: {:?}", w.release_asks);
        match outcome.expect("some") {
            Ok(draft) => {
                prop_assert!(w.recorded);
                prop_assert!(w.release_asks.is_empty(), "a placed order's hold was released");
                for (i, q) in s.qtys.iter().enumerate() {
                    prop_assert_eq!(w.held.get(&holder(i)), Some(q));
                }
                prop_assert_eq!(w.coupon_locked, s.coupon.is_some());
                let subtotal = 1_000 * s.qtys.iter().sum::<u32>() as u64;
                let off = if s.coupon.is_some() { 100 } else { 0 };
                prop_assert_eq!(draft.totals().total, Fen::new(subtotal - off));
                prop_assert_eq!(draft.coupon().is_some(), s.coupon.is_some());
            }
            Err(fault) => {
                // Refused: nothing is held, except holds whose release was lost (they lapse),
                // or when recording crashed (the order may exist and own its holds; if it does
                // not, they lapse).
                let record_unknown = matches!(fault, Fault::Crashed(_)) && w.record_lost;
                if !record_unknown {
                    prop_assert!(!w.recorded);
                    for h in w.held.keys() {
                        prop_assert!(w.lapsing.contains(h), "hold {:?} left behind", h);
                    }
                }
                if s.coupon == Some(false) && !matches!(fault, Fault::Crashed(_)) && w.held.len() == s.qtys.len() {
                    prop_assert_eq!(fault.code(), Some(ErrorCode::CouponNotApplicable));
                }
            }
        }
        // Never oversold: the units taken never exceed the units there were.
        for (i, units) in s.stock.iter().enumerate() {
            prop_assert_eq!(w.available[&holder(i)] + w.held.get(&holder(i)).copied().unwrap_or(0), *units);
        }
    }
}

#[test]
fn an_order_too_large_to_total_is_refused_before_anything_is_locked() {
    let mut o = order(&[1], false);
    o.lines = vec![PlacementLine::new(
        Sku::parse("K0").expect("id"),
        Qty::parse(3).expect("qty"),
        Fen::new(u64::MAX / 2),
        holder(0),
        Duration::minutes(10),
    )];
    let (p, commands) = Placement::start(o, t0(), &OrderPolicy::standard());
    assert!(commands.is_empty());
    assert!(matches!(p.outcome(), Some(Err(Fault::Refused(_)))));
}

#[test]
fn a_sold_out_second_line_releases_the_first() {
    let (mut p, c) = Placement::start(order(&[1, 1], false), t0(), &OrderPolicy::standard());
    assert!(matches!(c.as_slice(), [Command::Lock { line: 0, .. }]));
    let c = p.on(Event::Locked(0));
    assert!(matches!(c.as_slice(), [Command::Lock { line: 1, .. }]));
    let c = p.on(Event::Refused(Step::Line(1), ApiError::new(ErrorCode::SoldOut, "sold out")));
    assert_eq!(c, vec![Command::Release { line: 0, holder: holder(0) }]);
    assert_eq!(p.outcome().and_then(|o| o.err()).and_then(|f| f.code()), Some(ErrorCode::SoldOut));
}
