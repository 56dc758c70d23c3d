//! The arithmetic behind the floor map page: counter search, which part of a route is drawn on
//! a floor, and the route told as a few legs ("ride the escalators to 3F").

use crate::i18n::{self, Key, Lang};
use shared::api::Counter;
use shared::navigation::{CORRIDOR_Y, ESCALATOR_X, FloorPlan, NodeKind, Route, StoreMap};
use std::fmt::Write;

/// Walking pace used for the time estimate (1.2 m/s).
pub const METRES_PER_MINUTE: u32 = 72;

/// Counters whose sign, brand or id contains `q` (any case), floor by floor, lowest first.
pub fn search<'a>(map: &'a StoreMap, q: &str) -> Vec<(&'a FloorPlan, &'a Counter)> {
    let q = q.trim().to_ascii_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    map.floors
        .iter()
        .flat_map(|f| f.counters.iter().map(move |c| (f, c)))
        .filter(|(_, c)| {
            [c.name.as_str(), c.name_en.as_str(), c.brand.as_str(), c.id.as_str()]
                .iter()
                .any(|t| t.to_ascii_lowercase().contains(&q))
        })
        .collect()
}

/// What the plan writes on a counter: the brand, short enough for the drawing.
pub fn label(counter: &Counter, lang: Lang) -> String {
    match lang {
        Lang::Zh => counter.name.trim_end_matches(i18n::t(Lang::Zh, Key::CounterSuffix)).to_owned(),
        Lang::En => counter.brand.clone(),
    }
}

/// The floor a counter is on.
pub fn floor_of<'a>(map: &'a StoreMap, counter: &str) -> Option<&'a FloorPlan> {
    map.floors.iter().find(|f| f.counters.iter().any(|c| c.id.as_str() == counter))
}

/// The floor a route starts on when none is chosen: the entrance's.
pub fn entrance_floor(map: &StoreMap) -> Option<String> {
    map.graph.nodes.iter().find(|n| n.id == map.entrance).map(|n| n.floor_id.clone())
}

/// The route's stretches on one floor, each as SVG polyline points (`"x,y x,y"`).
pub fn polylines(route: &Route, floor: &str) -> Vec<String> {
    let mut runs: Vec<Vec<String>> = Vec::new();
    let mut previous_here = false;
    for step in &route.steps {
        let here = step.floor_id == floor;
        if here {
            if !previous_here {
                runs.push(Vec::new());
            }
            let point = format!("{},{}", step.x, step.y);
            if let Some(run) = runs.last_mut()
                && run.last() != Some(&point)
            {
                run.push(point);
            }
        }
        previous_here = here;
    }
    runs.into_iter().filter(|r| r.len() > 1).map(|r| r.join(" ")).collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// One floor's plan as SVG: corridor, escalators, the entrance (on its floor), counters (the
/// destination marked) and the route's stretches on this floor, drawn under the counters.
pub fn svg(map: &StoreMap, floor: &str, route: Option<&Route>, target: Option<&str>, lang: Lang) -> String {
    let (w, d) = (map.width_m, map.depth_m);
    let (cy, ex) = (CORRIDOR_Y, ESCALATOR_X);
    let mut out = format!(
        r#"<svg viewBox="-3 -2 {vw} {vh}" role="img"><rect class="floor-outline" x="0" y="0" width="{w}" height="{d}" rx="2"/><rect class="corridor" x="0" y="{c0}" width="{w}" height="6"/>"#,
        vw = w + 5,
        vh = d + 4,
        c0 = cy - 3,
    );
    for points in route.map(|r| polylines(r, floor)).unwrap_or_default() {
        let _ = write!(out, r#"<polyline class="route-line" points="{points}"/>"#);
    }
    if entrance_floor(map).as_deref() == Some(floor) {
        let _ = write!(out, r#"<path class="entrance" d="M -2.5 {} L 1 {cy} L -2.5 {} Z"/>"#, cy - 2, cy + 2);
    }
    let _ = write!(
        out,
        r#"<g class="escalator"><rect x="{}" y="{}" width="4" height="6" rx="0.8"/><text x="{ex}" y="{}">⇅</text></g>"#,
        ex - 2,
        cy - 3,
        cy + 1
    );
    for c in map.floors.iter().filter(|f| f.id.as_str() == floor).flat_map(|f| f.counters.iter()) {
        let class = if target == Some(c.id.as_str()) { "counter target" } else { "counter" };
        let _ = write!(
            out,
            r#"<g class="{class}" data-counter="{id}"><rect x="{x0}" y="{y0}" width="12" height="8" rx="1"/><text x="{x}" y="{ty}">{label}</text></g>"#,
            id = escape(c.id.as_str()),
            x0 = c.x - 6,
            y0 = c.y - 4,
            x = c.x,
            ty = c.y + 1,
            label = escape(&label(c, lang)),
        );
    }
    out.push_str("</svg>");
    out
}

/// Minutes on foot, at least one.
pub fn walk_minutes(distance_m: u32) -> u32 {
    distance_m.div_ceil(METRES_PER_MINUTE).max(1)
}

/// One leg of a route as the page tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Leg {
    /// Start at a place (its name in the chosen language, and the floor's name).
    Start { place: String, floor: String },
    /// Ride the escalators from one floor to another.
    Ride { from: String, to: String },
    /// Arrive at the counter.
    Arrive { place: String, floor: String },
}

impl Leg {
    /// The leg in words.
    pub fn text(&self, lang: Lang) -> String {
        let words = i18n::strings(lang);
        match self {
            Leg::Start { place, floor } => (words.leg_start)(place, floor),
            Leg::Ride { from, to } => (words.leg_ride)(from, to),
            Leg::Arrive { place, floor } => (words.leg_arrive)(place, floor),
        }
    }
}

/// The route as legs: where it starts, each escalator ride (consecutive floors merged), the arrival.
pub fn legs(map: &StoreMap, route: &Route, lang: Lang) -> Vec<Leg> {
    let floor_name =
        |id: &str| map.floors.iter().find(|f| f.id.as_str() == id).map(|f| f.name.clone()).unwrap_or_default();
    let name = |n: &shared::navigation::Node| lang.pick(&n.name, &n.name_en).to_owned();
    let (Some(first), Some(last)) = (route.steps.first(), route.steps.last()) else {
        return Vec::new();
    };
    let mut legs = vec![Leg::Start { place: name(first), floor: floor_name(&first.floor_id) }];
    let escalators: Vec<&shared::navigation::Node> =
        route.steps.iter().filter(|n| n.kind == NodeKind::Escalator).collect();
    if let (Some(on), Some(off)) = (escalators.first(), escalators.last())
        && on.floor_id != off.floor_id
    {
        legs.push(Leg::Ride { from: floor_name(&on.floor_id), to: floor_name(&off.floor_id) });
    }
    if route.steps.len() > 1 {
        legs.push(Leg::Arrive { place: name(last), floor: floor_name(&last.floor_id) });
    }
    legs
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::api::{Floor, Store};
    use shared::ids::{CounterId, FloorId, StoreId};
    use shared::navigation::{route, store_map};

    fn map() -> StoreMap {
        let floor = |id: &str, name: &str, level| Floor { id: FloorId::parse(id).unwrap(), name: name.into(), level };
        let counter = |id: &str, f: &str, brand: &str, en: &str, x, y| Counter {
            id: CounterId::parse(id).unwrap(),
            floor_id: FloorId::parse(f).unwrap(),
            brand: brand.into(),
            name: format!("{brand}专柜"),
            name_en: en.into(),
            x,
            y,
        };
        let store = Store {
            id: StoreId::parse("S1").unwrap(),
            name: "一号店".into(),
            name_en: "Store One".into(),
            address: String::new(),
            address_en: String::new(),
            timezone: "Asia/Shanghai".into(),
            utc_offset_minutes: 480,
            floors: vec![floor("S1-1F", "1F", 1), floor("S1-2F", "2F", 2), floor("S1-3F", "3F", 3)],
        };
        store_map(
            &store,
            &[
                counter("S1-C01", "S1-1F", "兰雅", "Lanya counter", 8, 10),
                counter("S1-C17", "S1-3F", "海港", "Harbor Tailors counter", 22, 10),
            ],
        )
    }

    #[test]
    fn search_matches_either_language_brand_or_id() {
        let m = map();
        let ids = |q: &str| search(&m, q).into_iter().map(|(_, c)| c.id.to_string()).collect::<Vec<_>>();
        assert_eq!(ids("harbor"), vec!["S1-C17"]);
        assert_eq!(ids("兰雅"), vec!["S1-C01"]);
        assert_eq!(ids("c01"), vec!["S1-C01"]);
        assert_eq!(ids("counter").len(), 2);
        assert!(ids("  ").is_empty(), "an empty query lists nothing");
        let c17 = &m.floors[2].counters[0];
        assert_eq!((label(c17, Lang::Zh), label(c17, Lang::En)), ("海港".to_owned(), "海港".to_owned()));
        assert_eq!(floor_of(&m, "S1-C17").map(|f| f.name.as_str()), Some("3F"));
        assert_eq!(entrance_floor(&m).as_deref(), Some("S1-1F"));
    }

    #[test]
    fn a_route_upstairs_is_told_as_start_ride_arrive_and_drawn_per_floor() {
        let m = map();
        let r = route(&m.graph, &m.entrance, "S1-C17").unwrap();
        assert_eq!(
            legs(&m, &r, Lang::En).iter().map(|l| l.text(Lang::En)).collect::<Vec<_>>(),
            vec![
                "Start at Main entrance, 1F",
                "Take the escalators from 1F to 3F",
                "Arrive at Harbor Tailors counter, 3F"
            ]
        );
        assert_eq!(legs(&m, &r, Lang::Zh)[1].text(Lang::Zh), "在 1F 乘扶梯到 3F");
        assert_eq!(polylines(&r, "S1-1F"), vec!["0,20 8,20 30,20"]);
        assert!(polylines(&r, "S1-2F").is_empty(), "2F is only ridden through");
        assert_eq!(polylines(&r, "S1-3F"), vec!["30,20 22,20 22,10"]);
    }

    #[test]
    fn the_plan_draws_this_floors_counters_the_target_and_the_route_under_them() {
        let m = map();
        let r = route(&m.graph, &m.entrance, "S1-C17").unwrap();
        let top = svg(&m, "S1-3F", Some(&r), Some("S1-C17"), Lang::En);
        assert!(top.starts_with("<svg") && top.ends_with("</svg>"));
        assert!(top.contains(r#"<g class="counter target" data-counter="S1-C17">"#), "{top}");
        assert!(!top.contains("S1-C01"), "1F counters are not on 3F");
        assert!(!top.contains("entrance"), "the entrance is on 1F");
        assert!(top.find("route-line") < top.find("S1-C17"), "the route is drawn under the counters");
        let ground = svg(&m, "S1-1F", None, None, Lang::Zh);
        assert!(ground.contains(r#"class="entrance""#) && ground.contains(">兰雅<"));
        assert!(!ground.contains("route-line") && !ground.contains("target"));
    }

    #[test]
    fn labels_are_escaped() {
        let mut m = map();
        m.floors[0].counters[0].brand = "<b>&Co".into();
        assert!(svg(&m, "S1-1F", None, None, Lang::En).contains(">&lt;b&gt;&amp;Co<"));
    }

    #[test]
    fn walking_time_rounds_up_and_is_never_zero() {
        assert_eq!(walk_minutes(0), 1);
        assert_eq!(walk_minutes(72), 1);
        assert_eq!(walk_minutes(73), 2);
    }
}
