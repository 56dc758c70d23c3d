//! Editing a layout on head office's console: the layout a store has now, ids for a new floor
//! or counter, the map customers would see with it, and which field a refusal names.

use super::StoreLayout;
use crate::api::{Counter, Floor, Store};
use crate::ids::{CounterId, FloorId, StoreId};
use crate::navigation::{StoreMap, store_map};

/// The number after `prefix` in `id`, if `id` is `prefix` and digits.
fn number_after(id: &str, prefix: &str) -> Option<u32> {
    id.strip_prefix(prefix).and_then(|n| n.parse().ok())
}

impl StoreLayout {
    /// The layout `store` has now, its counters read from its `map`.
    pub fn of(store: &Store, map: &StoreMap) -> StoreLayout {
        StoreLayout {
            name: store.name.clone(),
            name_en: store.name_en.clone(),
            address: store.address.clone(),
            address_en: store.address_en.clone(),
            timezone: store.timezone.clone(),
            utc_offset_minutes: store.utc_offset_minutes,
            floors: store.floors.clone(),
            counters: map.floors.iter().flat_map(|f| f.counters.iter().cloned()).collect(),
        }
    }

    /// Adds a floor one level above the highest, named `{level}F`, with an id like the demo's
    /// floors (`{store}-{level}F`, or `{store}-F{n}` when that is taken), and returns its id.
    pub fn add_floor(&mut self, store: &StoreId) -> Option<FloorId> {
        let level = self.floors.iter().map(|f| f.level).max().map_or(1, |l| l + 1);
        let name = format!("{level}F");
        let taken = |id: &str| self.floors.iter().any(|f| f.id.as_str() == id);
        let id = std::iter::once(format!("{store}-{name}"))
            .chain((1..=self.floors.len() + 1).map(|n| format!("{store}-F{n}")))
            .find(|id| !taken(id))
            .and_then(|id| FloorId::parse(&id).ok())?;
        self.floors.push(Floor { id: id.clone(), name, level });
        Some(id)
    }

    /// Adds a counter on `floor`, by the corridor in the middle of the plan, with no sign yet
    /// (`{store}-C{nn}`, one past the highest number), and returns its id.
    pub fn add_counter(&mut self, store: &StoreId, floor: &FloorId) -> Option<CounterId> {
        let prefix = format!("{store}-C");
        let next = self.counters.iter().filter_map(|c| number_after(c.id.as_str(), &prefix)).max().unwrap_or(0) + 1;
        let id = CounterId::parse(&format!("{prefix}{next:02}")).ok()?;
        self.counters.push(Counter {
            id: id.clone(),
            floor_id: floor.clone(),
            brand: String::new(),
            name: String::new(),
            name_en: String::new(),
            x: 30,
            y: 10,
        });
        Some(id)
    }

    /// The map customers would see with this layout (what `/stores/{id}` draws).
    pub fn preview(&self, store: &StoreId) -> StoreMap {
        // `store_map` orders the floors (lowest first) itself.
        let shown = Store {
            id: store.clone(),
            name: self.name.clone(),
            name_en: self.name_en.clone(),
            address: self.address.clone(),
            address_en: self.address_en.clone(),
            timezone: self.timezone.clone(),
            utc_offset_minutes: self.utc_offset_minutes,
            floors: self.floors.clone(),
        };
        store_map(&shown, &self.counters)
    }
}

/// The field a refusal's message names (what comes before its first `:`, as every
/// [`super::LayoutError`] says it), for the form to show the message next to that field.
pub fn refused_field(message: &str) -> &str {
    message.split(':').next().unwrap_or_default().trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store_layout::LayoutError;

    fn s3() -> StoreId {
        StoreId::parse("S3").expect("id")
    }

    /// The layout of `store_layout`'s tests, without its counter.
    fn layout() -> StoreLayout {
        let mut l = crate::store_layout::tests::layout();
        l.counters.clear();
        l
    }

    #[test]
    fn new_floors_and_counters_get_free_ids_and_pass_once_named() {
        let mut l = layout();
        let f = l.add_floor(&s3()).expect("a floor");
        assert_eq!((f.as_str(), l.floors[1].name.as_str(), l.floors[1].level), ("S3-2F", "2F", 2));
        l.floors[1].level = 1;
        assert_eq!(l.add_floor(&s3()).expect("a floor").as_str(), "S3-F2", "S3-2F is taken");
        l.floors.pop();
        l.floors[1].level = 2;
        let c1 = l.add_counter(&s3(), &f).expect("a counter");
        let c2 = l.add_counter(&s3(), &f).expect("a counter");
        assert_eq!((c1.as_str(), c2.as_str()), ("S3-C01", "S3-C02"));
        // A new counter has no sign yet: the check names what is missing.
        assert_eq!(l.check(&s3()), Err(LayoutError::Text("counters.brand")));
        for c in &mut l.counters {
            (c.brand, c.name, c.name_en) = ("Nike".into(), "耐克".into(), "Nike".into());
        }
        assert_eq!(l.check(&s3()), Ok(()));
    }

    #[test]
    fn the_preview_is_the_map_customers_get_and_reads_back_as_the_layout() {
        let mut l = layout();
        let f = l.add_floor(&s3()).expect("a floor");
        let c = l.add_counter(&s3(), &f).expect("a counter");
        let map = l.preview(&s3());
        assert_eq!(map.floors.len(), 2);
        assert_eq!(map.floors[1].counters.iter().map(|c| c.id.clone()).collect::<Vec<_>>(), vec![c]);
        let store = Store {
            id: s3(),
            name: l.name.clone(),
            name_en: l.name_en.clone(),
            address: l.address.clone(),
            address_en: l.address_en.clone(),
            timezone: l.timezone.clone(),
            utc_offset_minutes: l.utc_offset_minutes,
            floors: l.floors.clone(),
        };
        assert_eq!(StoreLayout::of(&store, &map), l);
    }

    #[test]
    fn the_preview_shows_floors_lowest_first_whatever_order_they_were_added_in() {
        let mut l = layout();
        let f = l.add_floor(&s3()).expect("a floor");
        l.floors.iter_mut().find(|x| x.id == f).expect("added").level = -1;
        let map = l.preview(&s3());
        let levels: Vec<i32> = map.floors.iter().map(|p| p.level).collect();
        assert_eq!(levels, vec![-1, 1]);
        assert_eq!(map.floors[0].id, f);
    }

    #[test]
    fn a_refusal_names_its_field_first() {
        let e = LayoutError::Position("S3-C01".into()).to_string();
        assert_eq!(refused_field(&e), "counters");
        assert_eq!(refused_field(&LayoutError::Text("floors.name").to_string()), "floors.name");
        assert_eq!(refused_field(&LayoutError::Offset.to_string()), "utc_offset_minutes");
    }
}
