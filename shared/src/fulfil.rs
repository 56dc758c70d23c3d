//! Ordering where the item is missing: when the store a member collects at has no unit of a
//! product but another store has, the order takes that store's units, which travel to the
//! pickup store (a transfer, see [`crate::flows::fulfil`]). How long the journey takes is data:
//! a lead time per pair of stores, or a default.

use crate::ids::StoreId;
use serde::{Deserialize, Serialize};

/// Days a transfer takes between stores: per (from, to) pair, or the default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeadTimes {
    default_days: u32,
    pairs: &'static [(&'static str, &'static str, u32)],
}

impl LeadTimes {
    /// The chain's lead times: the two Shanghai stores swap goods overnight (1 day); any other
    /// pair takes 2 days.
    pub const STANDARD: LeadTimes = LeadTimes { default_days: 2, pairs: &[("S1", "S2", 1), ("S2", "S1", 1)] };

    /// Lead times from a table and a default.
    pub const fn new(default_days: u32, pairs: &'static [(&'static str, &'static str, u32)]) -> LeadTimes {
        LeadTimes { default_days, pairs }
    }

    /// Days units take from `from` to `to`.
    pub fn days(&self, from: &StoreId, to: &StoreId) -> u32 {
        self.pairs
            .iter()
            .find(|(f, t, _)| *f == from.as_str() && *t == to.as_str())
            .map_or(self.default_days, |(_, _, days)| *days)
    }
}

/// Where a store that lacks a product can have it from, as the product page says it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Elsewhere {
    /// The store whose units travel.
    pub from_store: StoreId,
    /// Days until the units are ready for pickup.
    pub ready_in_days: u32,
}

/// Where `here` (which has no unit) can have a product from: among the stores with at least
/// one available unit, the quickest, then the one with most units, then by id. `None` when
/// `here` has units itself or no other store has any. `stock` is `(store, available)`.
pub fn source_for(here: &StoreId, stock: &[(StoreId, u32)], leads: &LeadTimes) -> Option<Elsewhere> {
    if stock.iter().any(|(s, n)| s == here && *n > 0) {
        return None;
    }
    stock
        .iter()
        .filter(|(s, n)| s != here && *n > 0)
        .min_by_key(|(s, n)| (leads.days(s, here), std::cmp::Reverse(*n), s.clone()))
        .map(|(s, _)| Elsewhere { from_store: s.clone(), ready_in_days: leads.days(s, here) })
}

/// Fills in, for every store of a product's stock that has no unit, where it can have the
/// product from (and clears it where the store has units).
pub fn fill_elsewhere(stock: &mut [crate::api::StoreStock], leads: &LeadTimes) {
    let figures: Vec<(StoreId, u32)> = stock.iter().map(|s| (s.store_id.clone(), s.available)).collect();
    for row in stock.iter_mut() {
        row.elsewhere = source_for(&row.store_id, &figures, leads);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn s(id: &str) -> StoreId {
        StoreId::parse(id).expect("store")
    }

    #[test]
    fn a_pair_has_its_own_lead_time_and_others_the_default() {
        assert_eq!(LeadTimes::STANDARD.days(&s("S1"), &s("S2")), 1);
        assert_eq!(LeadTimes::STANDARD.days(&s("S2"), &s("S3")), 2);
        let slow = LeadTimes::new(5, &[("S3", "S1", 3)]);
        assert_eq!((slow.days(&s("S3"), &s("S1")), slow.days(&s("S1"), &s("S3"))), (3, 5));
    }

    #[test]
    fn the_quickest_store_with_units_is_offered_only_where_none_are() {
        let stock = [(s("S1"), 4), (s("S2"), 0), (s("S3"), 9)];
        let found = source_for(&s("S2"), &stock, &LeadTimes::STANDARD);
        assert_eq!(found, Some(Elsewhere { from_store: s("S1"), ready_in_days: 1 }));
        assert_eq!(source_for(&s("S1"), &stock, &LeadTimes::STANDARD), None, "S1 has its own");
        let none = [(s("S1"), 0), (s("S2"), 0)];
        assert_eq!(source_for(&s("S2"), &none, &LeadTimes::STANDARD), None);
        let far = [(s("S3"), 1), (s("S4"), 7)];
        let from = source_for(&s("S2"), &far, &LeadTimes::STANDARD).expect("found").from_store;
        assert_eq!(from, s("S4"), "same lead time: the store with most units");
    }

    #[test]
    fn a_products_stock_says_where_each_empty_store_can_have_it_from() {
        let row = |store: &str, available| crate::api::StoreStock {
            store_id: s(store),
            available,
            counter_id: None,
            counter_name: None,
            counter_name_en: None,
            floor: None,
            elsewhere: None,
        };
        let mut stock = vec![row("S1", 3), row("S2", 0)];
        fill_elsewhere(&mut stock, &LeadTimes::STANDARD);
        assert_eq!(stock[0].elsewhere, None);
        assert_eq!(stock[1].elsewhere, Some(Elsewhere { from_store: s("S1"), ready_in_days: 1 }));
    }

    proptest! {
        #[test]
        fn an_offered_store_is_another_with_units_and_none_is_quicker(
            units in proptest::collection::vec(0u32..4, 1..5),
        ) {
            let ids = ["S1", "S2", "S3", "S4", "S5"];
            let stock: Vec<(StoreId, u32)> = units.iter().enumerate().map(|(i, n)| (s(ids[i]), *n)).collect();
            let here = s("S2");
            match source_for(&here, &stock, &LeadTimes::STANDARD) {
                Some(e) => {
                    prop_assert!(e.from_store != here);
                    prop_assert!(stock.iter().any(|(s, n)| *s == e.from_store && *n > 0));
                    prop_assert!(!stock.iter().any(|(s, n)| *s == here && *n > 0));
                    let quickest = stock.iter().filter(|(s, n)| *s != here && *n > 0)
                        .map(|(s, _)| LeadTimes::STANDARD.days(s, &here)).min();
                    prop_assert_eq!(Some(e.ready_in_days), quickest);
                }
                None => prop_assert!(stock.iter().any(|(s, n)| *s == here && *n > 0)
                    || stock.iter().all(|(s, n)| *s == here || *n == 0)),
            }
        }
    }
}
