//! Tests of [`super`].
use super::*;
use crate::ids::{CounterId, FloorId};
use proptest::prelude::*;

fn floor(id: &str, name: &str, level: i32) -> Floor {
    Floor { id: FloorId::parse(id).unwrap(), name: name.into(), level }
}
fn counter(id: &str, floor: &str, x: i32, y: i32) -> Counter {
    Counter {
        id: CounterId::parse(id).unwrap(),
        floor_id: FloorId::parse(floor).unwrap(),
        brand: "B".into(),
        name: format!("{id}专柜"),
        name_en: format!("{id} counter"),
        x,
        y,
    }
}
fn store() -> (StoreId, Vec<Floor>, Vec<Counter>) {
    let floors = vec![floor("S-2F", "2F", 2), floor("S-B1", "B1", -1), floor("S-1F", "1F", 1)];
    let counters = vec![
        counter("S-C1", "S-1F", 8, 10),
        counter("S-C2", "S-1F", 50, 30),
        counter("S-C3", "S-2F", 22, 10),
        counter("S-C4", "S-B1", 36, 10),
    ];
    (StoreId::parse("S").unwrap(), floors, counters)
}

#[test]
fn the_entrance_is_on_the_ground_floor_and_every_counter_is_reachable() {
    let (s, f, c) = store();
    let g = walkable_graph(&s, &f, &c);
    let entrance = g.nodes.iter().find(|n| n.kind == NodeKind::Entrance).unwrap();
    assert_eq!((entrance.floor_id.as_str(), entrance.x), ("S-1F", 0));
    for counter in &c {
        assert!(route(&g, &entrance_id(&s), counter.id.as_str()).is_ok(), "{}", counter.id);
    }
}

#[test]
fn a_route_on_the_same_floor_walks_the_corridor() {
    let (s, f, c) = store();
    let r = route(&walkable_graph(&s, &f, &c), &entrance_id(&s), "S-C1").unwrap();
    // Entrance → corridor x0 (1 m) → corridor x8 (8 m) → counter (10 m).
    assert_eq!(r.distance_m, 19);
    assert_eq!(r.steps.first().map(|n| n.kind), Some(NodeKind::Entrance));
    assert_eq!(r.steps.last().map(|n| n.id.as_str()), Some("S-C1"));
}

#[test]
fn changing_floors_rides_the_escalators_between_adjacent_floors() {
    let (s, f, c) = store();
    let r = route(&walkable_graph(&s, &f, &c), "S-C3", "S-C4").unwrap();
    let escalators: Vec<&str> =
        r.steps.iter().filter(|n| n.kind == NodeKind::Escalator).map(|n| n.floor_id.as_str()).collect();
    assert_eq!(escalators, vec!["S-2F", "S-1F", "S-B1"], "2F → 1F → B1, no floor skipped");
    // 2F: counter → x22 (10) → escalators (8); two rides (40); B1: escalators → x36 (6) → counter (10).
    assert_eq!(r.distance_m, 10 + 8 + 2 * FLOOR_CHANGE_METRES + 6 + 10);
}

#[test]
fn unknown_places_are_refused() {
    let (s, f, c) = store();
    let g = walkable_graph(&s, &f, &c);
    assert_eq!(route(&g, "NOWHERE", "S-C1"), Err(RouteError::UnknownFrom));
    assert_eq!(route(&g, &entrance_id(&s), "S-1F-E"), Err(RouteError::UnknownTo), "a destination must be a counter");
    let mut cut = g.clone();
    cut.edges.retain(|e| !(e.a.ends_with("-E") && e.b.ends_with("-E")));
    assert_eq!(route(&cut, &entrance_id(&s), "S-C3"), Err(RouteError::Unreachable));
}

#[test]
fn the_map_lists_floors_lowest_first_with_their_counters() {
    let (s, f, c) = store();
    let store = Store {
        id: s.clone(),
        name: "测试店".into(),
        name_en: "Test store".into(),
        address: String::new(),
        address_en: String::new(),
        timezone: "Asia/Shanghai".into(),
        utc_offset_minutes: 480,
        floors: f,
    };
    let m = store_map(&store, &c);
    assert_eq!(m.name_en, "Test store");
    let levels: Vec<i32> = m.floors.iter().map(|p| p.level).collect();
    assert_eq!(levels, vec![-1, 1, 2]);
    assert_eq!(m.floors[1].counters.len(), 2, "1F has C1 and C2");
    assert_eq!(m.entrance, "S-ENTRANCE");
    assert_eq!(start_of(&s, Some("Entrance")), "S-ENTRANCE");
    assert_eq!(start_of(&s, None), "S-ENTRANCE");
    assert_eq!(start_of(&s, Some("S-C2")), "S-C2");
}

#[test]
fn a_basement_only_store_enters_on_its_top_floor() {
    let s = StoreId::parse("S").unwrap();
    let f = vec![floor("S-B2", "B2", -2), floor("S-B1", "B1", -1)];
    let g = walkable_graph(&s, &f, &[counter("S-C9", "S-B2", 10, 5)]);
    let e = g.nodes.iter().find(|n| n.kind == NodeKind::Entrance).unwrap();
    assert_eq!(e.floor_id, "S-B1");
    assert!(route(&g, &e.id, "S-C9").is_ok());
}

proptest! {
    /// Any route is a walk along edges of the graph whose lengths add up to its distance, and
    /// going back is just as long.
    #[test]
    fn routes_are_walks_along_the_graph(from in 0usize..4, to in 0usize..4) {
        let (s, f, c) = store();
        let g = walkable_graph(&s, &f, &c);
        let ids: Vec<String> = c.iter().map(|x| x.id.to_string()).collect();
        let r = route(&g, &ids[from], &ids[to]).unwrap();
        let length = |a: &str, b: &str| g.edges.iter().find(|e| (e.a == a && e.b == b) || (e.a == b && e.b == a)).map(|e| e.metres);
        let mut total = 0;
        for w in r.steps.windows(2) {
            let m = length(&w[0].id, &w[1].id);
            prop_assert!(m.is_some(), "{} and {} are not linked", w[0].id, w[1].id);
            total += m.unwrap_or(0);
        }
        prop_assert_eq!(total, r.distance_m);
        prop_assert_eq!(route(&g, &ids[to], &ids[from]).unwrap().distance_m, r.distance_m);
    }
}

#[test]
fn route_refusals_name_the_place_at_fault() {
    let cases = [
        (RouteError::UnknownFrom, "from: S1-X is not a place in store S1"),
        (RouteError::UnknownTo, "to: S1-C09 is not a counter in store S1"),
        (RouteError::Unreachable, "no walkable route from S1-X to S1-C09"),
    ];
    for (e, message) in cases {
        let api = e.answer("S1-X", "S1-C09", "S1");
        assert_eq!((api.code(), api.status(), api.error.message.as_str()), (crate::ErrorCode::Invalid, 422, message));
    }
}
