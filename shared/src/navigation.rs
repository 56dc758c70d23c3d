//! Store navigation: the walkable graph of a store, built from its floors and counters, and the
//! shortest route from one place to a counter.
//!
//! Every floor is laid out the same way (the demo floor plans are 60 m × 40 m): counters stand
//! along aisles and open onto a central corridor (y = 20 m). The corridor has a junction in front
//! of each counter column; the escalators sit in the middle of the corridor (x = 30 m) and link
//! each floor with the next; the entrance is at the west end of the ground-floor corridor. The
//! graph is derived from the counters, so a counter added to the catalog is on the map and
//! reachable with no drawing.

use crate::api::{Counter, Floor, Store};
use crate::ids::{FloorId, StoreId};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

/// Metres counted for riding the escalator one floor.
pub const FLOOR_CHANGE_METRES: u32 = 20;
/// The corridor's distance from the north wall.
pub const CORRIDOR_Y: i32 = 20;
/// Where the escalators stand.
pub const ESCALATOR_X: i32 = 30;
/// Width of a floor plan (west to east), metres.
pub const PLAN_WIDTH_M: i32 = 60;
/// Depth of a floor plan (north to south), metres.
pub const PLAN_DEPTH_M: i32 = 40;
/// What `from` may say instead of the entrance's node id.
pub const ENTRANCE_ALIAS: &str = "entrance";

/// What a place on the map is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// The store's entrance.
    Entrance,
    /// The escalators of a floor.
    Escalator,
    /// A point of the corridor.
    Corridor,
    /// A brand counter.
    Counter,
}

/// A place on the map.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Id: a counter's id, `<floor>-E` (escalators), `<floor>-J<x>` (corridor), `<store>-ENTRANCE`.
    pub id: String,
    /// Floor id.
    pub floor_id: String,
    /// Metres from the west wall.
    pub x: i32,
    /// Metres from the north wall.
    pub y: i32,
    /// Kind.
    pub kind: NodeKind,
    /// Name (Chinese).
    pub name: String,
    /// Name (English).
    pub name_en: String,
}

/// A walkable link between two places.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    /// One end.
    pub a: String,
    /// The other end.
    pub b: String,
    /// Walking metres (escalator rides count [`FLOOR_CHANGE_METRES`]).
    pub metres: u32,
}

/// A store's walkable graph.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Graph {
    /// Places.
    pub nodes: Vec<Node>,
    /// Links.
    pub edges: Vec<Edge>,
}

/// A route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// The places passed, in order, start and end included.
    pub steps: Vec<Node>,
    /// Total metres.
    pub distance_m: u32,
}

/// A floor with its counters, as the map draws it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FloorPlan {
    /// `S1-F2`.
    pub id: FloorId,
    /// As the lift shows it.
    pub name: String,
    /// Numeric level (-1 for B1).
    pub level: i32,
    /// Its counters.
    pub counters: Vec<Counter>,
}

/// `GET /api/stores/{id}/map`: the floors with their counters, and the walkable graph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoreMap {
    /// The store.
    pub store_id: StoreId,
    /// Its Chinese name.
    pub name: String,
    /// Its English name.
    pub name_en: String,
    /// Plan width, metres.
    pub width_m: i32,
    /// Plan depth, metres.
    pub depth_m: i32,
    /// Node id of the entrance (routes start there by default).
    pub entrance: String,
    /// Floors, lowest first.
    pub floors: Vec<FloorPlan>,
    /// The walkable graph.
    pub graph: Graph,
}

/// Builds the map of a store.
pub fn store_map(store: &Store, counters: &[Counter]) -> StoreMap {
    let (id, floors) = (&store.id, &store.floors);
    let mut plans: Vec<FloorPlan> = floors
        .iter()
        .map(|f| FloorPlan {
            id: f.id.clone(),
            name: f.name.clone(),
            level: f.level,
            counters: counters.iter().filter(|c| c.floor_id == f.id).cloned().collect(),
        })
        .collect();
    crate::sorting::sort_by_key(&mut plans, |p| p.level);
    StoreMap {
        store_id: id.clone(),
        name: store.name.clone(),
        name_en: store.name_en.clone(),
        width_m: PLAN_WIDTH_M,
        depth_m: PLAN_DEPTH_M,
        entrance: entrance_id(id),
        floors: plans,
        graph: walkable_graph(id, floors, counters),
    }
}

/// Reads a route's `from`: empty or `entrance` means the store's entrance.
pub fn start_of(store: &StoreId, from: Option<&str>) -> String {
    match from.map(str::trim) {
        None | Some("") => entrance_id(store),
        Some(f) if f.eq_ignore_ascii_case(ENTRANCE_ALIAS) => entrance_id(store),
        Some(f) => f.to_owned(),
    }
}

/// Why no route was given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    /// The start is not a place of this store.
    #[error("from: no such place in this store")]
    UnknownFrom,
    /// The destination is not a counter of this store.
    #[error("to: no such counter in this store")]
    UnknownTo,
    /// Nothing connects them.
    #[error("no walkable route between these places")]
    Unreachable,
}

impl RouteError {
    /// The API's 422 `INVALID` for a route asked from `from` to `to` in store `store`, naming
    /// the place at fault.
    pub fn answer(&self, from: &str, to: &str, store: &str) -> crate::ApiError {
        crate::ApiError::invalid(match self {
            RouteError::UnknownFrom => format!("from: {from} is not a place in store {store}"),
            RouteError::UnknownTo => format!("to: {to} is not a counter in store {store}"),
            RouteError::Unreachable => format!("no walkable route from {from} to {to}"),
        })
    }
}

/// The node id of a store's entrance.
pub fn entrance_id(store: &StoreId) -> String {
    format!("{store}-ENTRANCE")
}

/// Builds a store's walkable graph from its floors (any order) and counters.
pub fn walkable_graph(store: &StoreId, floors: &[Floor], counters: &[Counter]) -> Graph {
    let mut floors: Vec<&Floor> = floors.iter().collect();
    crate::sorting::sort_by_key(&mut floors, |f| f.level);
    let mut g = Graph::default();
    let node = |id: String, floor: &str, x: i32, y: i32, kind: NodeKind, name: String, name_en: String| Node {
        id,
        floor_id: floor.to_owned(),
        x,
        y,
        kind,
        name,
        name_en,
    };
    // The entrance is on the lowest floor above ground (1F), or the top floor of a store that is all basement.
    let ground_level = floors.iter().map(|f| f.level).find(|l| *l >= 1).or(floors.last().map(|f| f.level));
    let mut hubs: Vec<String> = Vec::new();
    for f in &floors {
        let fid = f.id.as_str();
        let here: Vec<&Counter> = counters.iter().filter(|c| c.floor_id.as_str() == fid).collect();
        // Corridor junctions: one in front of each counter column, and one at the escalators.
        let mut xs: BTreeSet<i32> = crate::sorting::collect(here.iter().map(|c| c.x));
        xs.insert(ESCALATOR_X);
        let ground = Some(f.level) == ground_level;
        if ground {
            xs.insert(0);
        }
        let junction = |x: i32| if x == ESCALATOR_X { format!("{fid}-E") } else { format!("{fid}-J{x}") };
        for &x in &xs {
            let kind = if x == ESCALATOR_X { NodeKind::Escalator } else { NodeKind::Corridor };
            let (zh, en) = if x == ESCALATOR_X {
                (format!("{} 扶梯", f.name), format!("{} escalators", f.name))
            } else {
                (format!("{} 通道", f.name), format!("{} corridor", f.name))
            };
            g.nodes.push(node(junction(x), fid, x, CORRIDOR_Y, kind, zh, en));
        }
        for pair in xs.iter().collect::<Vec<_>>().windows(2) {
            g.edges.push(Edge {
                a: junction(*pair[0]),
                b: junction(*pair[1]),
                metres: (pair[1] - pair[0]).unsigned_abs(),
            });
        }
        for c in &here {
            let n = node(c.id.to_string(), fid, c.x, c.y, NodeKind::Counter, c.name.clone(), c.name_en.clone());
            g.edges.push(Edge { a: n.id.clone(), b: junction(c.x), metres: (c.y - CORRIDOR_Y).unsigned_abs() });
            g.nodes.push(n);
        }
        if ground {
            let e = node(
                entrance_id(store),
                fid,
                0,
                CORRIDOR_Y,
                NodeKind::Entrance,
                "正门入口".into(),
                "Main entrance".into(),
            );
            g.edges.push(Edge { a: e.id.clone(), b: junction(0), metres: 1 });
            g.nodes.push(e);
        }
        hubs.push(format!("{fid}-E"));
    }
    for pair in hubs.windows(2) {
        g.edges.push(Edge { a: pair[0].clone(), b: pair[1].clone(), metres: FLOOR_CHANGE_METRES });
    }
    g
}

/// The shortest route from `from` (any place) to `to` (a counter), by Dijkstra's algorithm.
pub fn route(g: &Graph, from: &str, to: &str) -> Result<Route, RouteError> {
    let index: BTreeMap<&str, usize> =
        crate::sorting::collect(g.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)));
    let start = *index.get(from).ok_or(RouteError::UnknownFrom)?;
    let goal = *index.get(to).filter(|i| g.nodes[**i].kind == NodeKind::Counter).ok_or(RouteError::UnknownTo)?;
    let mut next: Vec<Vec<(usize, u32)>> = vec![Vec::new(); g.nodes.len()];
    for e in &g.edges {
        if let (Some(&a), Some(&b)) = (index.get(e.a.as_str()), index.get(e.b.as_str())) {
            next[a].push((b, e.metres));
            next[b].push((a, e.metres));
        }
    }
    let mut best = vec![u32::MAX; g.nodes.len()];
    let mut came_from = vec![usize::MAX; g.nodes.len()];
    let mut queue = BinaryHeap::new();
    best[start] = 0;
    queue.push(Reverse((0u32, start)));
    while let Some(Reverse((d, at))) = queue.pop() {
        if d > best[at] {
            continue;
        }
        if at == goal {
            break;
        }
        for &(to, m) in &next[at] {
            let nd = d.saturating_add(m);
            if nd < best[to] {
                best[to] = nd;
                came_from[to] = at;
                queue.push(Reverse((nd, to)));
            }
        }
    }
    if best[goal] == u32::MAX {
        return Err(RouteError::Unreachable);
    }
    let mut path = vec![goal];
    while *path.last().unwrap_or(&start) != start {
        path.push(came_from[*path.last().unwrap_or(&start)]);
    }
    path.reverse();
    Ok(Route { steps: path.into_iter().map(|i| g.nodes[i].clone()).collect(), distance_m: best[goal] })
}

#[cfg(test)]
mod tests;
