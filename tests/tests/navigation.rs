//! Store navigation against a running server (seeded demo store): the map and routes.

use itest::client::Api;
use serde_json::Value;

fn ids(v: &Value) -> Vec<String> {
    v.as_array().into_iter().flatten().filter_map(|n| n["id"].as_str().map(str::to_owned)).collect()
}

#[test]
fn the_map_has_every_floor_with_its_counters_and_a_graph_linking_them() {
    let api = Api::from_env();
    let map = api.get("/api/stores/S1/map").expect(200).clone();
    assert_eq!((map["store_id"].as_str(), map["entrance"].as_str()), (Some("S1"), Some("S1-ENTRANCE")));
    let floors = map["floors"].as_array().cloned().expect("floors");
    let store = api.get("/api/stores/S1").expect(200).clone();
    assert_eq!(ids(&map["floors"]), ids(&store["floors"]), "the same floors as the store, lowest first");
    let counters: Vec<String> = floors.iter().flat_map(|f| ids(&f["counters"])).collect();
    assert!(counters.len() >= 20, "{}", counters.len());
    for f in &floors {
        for c in f["counters"].as_array().into_iter().flatten() {
            assert_eq!(c["floor_id"], f["id"], "{c}");
            let (x, y) = (c["x"].as_i64().unwrap_or(-1), c["y"].as_i64().unwrap_or(-1));
            assert!((0..=60).contains(&x) && (0..=40).contains(&y), "{c} is on the 60×40 plan");
        }
    }
    let nodes = ids(&map["graph"]["nodes"]);
    assert!(counters.iter().all(|c| nodes.contains(c)), "every counter is a node");
    for e in map["graph"]["edges"].as_array().into_iter().flatten() {
        for end in ["a", "b"] {
            assert!(nodes.iter().any(|n| Some(n.as_str()) == e[end].as_str()), "edge end {e} is a node");
        }
        assert!(e["metres"].as_u64().is_some_and(|m| m > 0), "{e}");
    }
}

#[test]
fn a_route_from_the_entrance_reaches_an_upstairs_counter_by_the_escalators() {
    let api = Api::from_env();
    let r = api.get("/api/stores/S1/route?from=entrance&to=S1-C17").expect(200).clone();
    let steps = r["steps"].as_array().cloned().expect("steps");
    assert_eq!(steps.first().and_then(|s| s["id"].as_str()), Some("S1-ENTRANCE"));
    assert_eq!(steps.last().and_then(|s| s["id"].as_str()), Some("S1-C17"));
    let rides: Vec<&str> =
        steps.iter().filter(|s| s["kind"] == "escalator").filter_map(|s| s["floor_id"].as_str()).collect();
    assert_eq!(rides, vec!["S1-1F", "S1-2F", "S1-3F"], "up floor by floor to 3F");
    // 1 m in, 30 m of corridor to the escalators, two rides of 20 m, 8 m back west to x = 22, 10 m to the counter.
    assert_eq!(r["distance_m"], 1 + 30 + 40 + 8 + 10);
    let same = api.get("/api/stores/S1/route?to=S1-C17").expect(200).clone();
    assert_eq!(same["distance_m"], r["distance_m"], "from defaults to the entrance");
    let back = api.get("/api/stores/S1/route?from=S1-C17&to=S1-C01").expect(200).clone();
    assert_eq!(back["steps"][0]["id"], "S1-C17", "a route can start at a counter");
}

#[test]
fn bad_routes_get_contract_errors() {
    let api = Api::from_env();
    api.get("/api/stores/S9/map").expect_error(404, "NOT_FOUND");
    api.get("/api/stores/S9/route?to=S1-C01").expect_error(404, "NOT_FOUND");
    api.get("/api/stores/S1/route").expect_error(400, "BAD_REQUEST");
    api.get("/api/stores/S1/route?to=").expect_error(400, "BAD_REQUEST");
    let other_store = api.get("/api/stores/S1/route?to=S2-C01");
    other_store.expect_error(422, "INVALID");
    assert!(other_store.text.contains("to:"), "the message names the field: {}", other_store.text);
    api.get("/api/stores/S1/route?from=S1-C99&to=S1-C01").expect_error(422, "INVALID");
    api.get("/api/stores/S1/route?to=S1-1F-E").expect_error(422, "INVALID");
}
