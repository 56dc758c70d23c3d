//! Stable sorts and ordered maps with one copy of the sorting code in a wasm.
//!
//! The standard library's stable sort is generic over the element and the comparison, so every
//! element type sorted anywhere (including inside `BTreeMap::from_iter`, which sorts its input)
//! brought its own ~4 KB copy of driftsort: 18 copies in the worker, 5 in the guide console.
//! [`sort_by`] sorts the positions (`u32`) through one comparison type instead, so there is one
//! copy, and then moves the elements into that order; [`sort_by_key`] and [`sort`] are the
//! same with the usual shapes; [`collect`] builds ordered maps and sets by insertion (no sort).
//!
//! Each gives exactly what the standard library call gave: the same order, equal elements kept
//! in their first order, and a repeated key keeping its last value (property tests below).

use std::cmp::Ordering;

/// `items.sort_by(cmp)`: stable, with one sorting routine for every `T`.
pub fn sort_by<T>(items: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let Ok(len) = u32::try_from(items.len()) else {
        return items.sort_by(cmp); // never in practice: 4 billion elements
    };
    let mut order: Vec<u32> = (0..len).collect();
    sort_positions(&mut order, &mut |a, b| cmp(&items[a as usize], &items[b as usize]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.iter().filter_map(|&i| slots[i as usize].take()));
}

/// The one instance of the standard library's stable sort: positions, compared through `cmp`.
#[inline(never)]
fn sort_positions(order: &mut [u32], cmp: &mut dyn FnMut(u32, u32) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// `items.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// `items.sort()`.
pub fn sort<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
}

/// `items.into_iter().collect()` into a `BTreeMap`, `BTreeSet` or JSON `Map`, built by
/// insertion (their `extend`) where their `collect` sorts the items first: a repeated key keeps
/// its last value, as with `collect`.
pub fn collect<C: Default + Extend<T>, T>(items: impl IntoIterator<Item = T>) -> C {
    let mut built = C::default();
    built.extend(items);
    built
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet};

    proptest! {
        #[test]
        fn sorts_as_the_standard_library_does(items in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            // Keys repeat often, so stability shows: the second field tells equal keys apart.
            let mut expected = items.clone();
            expected.sort_by_key(|a| a.0);
            let mut got = items.clone();
            sort_by(&mut got, |a, b| a.0.cmp(&b.0));
            prop_assert_eq!(&got, &expected);

            let mut by_key = items.clone();
            sort_by_key(&mut by_key, |p| std::cmp::Reverse(p.0));
            let mut expected = items.clone();
            expected.sort_by_key(|p| std::cmp::Reverse(p.0));
            prop_assert_eq!(by_key, expected);

            let mut whole = items.clone();
            sort(&mut whole);
            let mut expected = items.clone();
            expected.sort();
            prop_assert_eq!(whole, expected);
        }

        #[test]
        fn builds_maps_and_sets_as_collect_does(pairs in proptest::collection::vec((0u8..16, any::<u16>()), 0..100)) {
            prop_assert_eq!(collect::<BTreeMap<_, _>, _>(pairs.clone()), pairs.iter().copied().collect::<BTreeMap<_, _>>());
            prop_assert_eq!(collect::<BTreeSet<_>, _>(pairs.clone()), pairs.iter().copied().collect::<BTreeSet<_>>());
            let json: Vec<(String, serde_json::Value)> = pairs.iter().map(|(k, v)| (k.to_string(), (*v).into())).collect();
            prop_assert_eq!(collect::<serde_json::Map<_, _>, _>(json.clone()), json.into_iter().collect::<serde_json::Map<_, _>>());
        }
    }

    #[test]
    fn moves_elements_without_cloning_them() {
        let mut names = vec![String::from("b"), String::from("a"), String::from("c"), String::from("a")];
        sort(&mut names);
        assert_eq!(names, ["a", "a", "b", "c"]);
    }
}
