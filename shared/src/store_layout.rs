//! A store as head office describes it (`PUT /api/manage/stores/{id}`): its names, address,
//! time zone, floors and where each brand counter stands, so the floor map follows a real
//! store. A layout exists only when it is consistent: every counter on one of its floors, no id
//! twice, positions on the plan.

use crate::api::{Counter, Floor};
use crate::ids::StoreId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

mod edit;
mod stored;

pub use edit::refused_field;
pub use stored::{FloorRow, StoreRow, with_floors};

/// `PUT /api/manage/stores/{id}` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoreLayout {
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Chinese address.
    pub address: String,
    /// English address.
    pub address_en: String,
    /// IANA time zone, e.g. `Asia/Shanghai`.
    pub timezone: String,
    /// Its offset from UTC in minutes (the store's local day for reports).
    pub utc_offset_minutes: i32,
    /// Floors (at least one).
    pub floors: Vec<Floor>,
    /// Brand counters, each on one of the floors (ids start with the store's, e.g. `S3-C01`).
    pub counters: Vec<Counter>,
}

/// Why a layout was refused; each names its field (422 `INVALID`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    /// A name or address is empty or too long.
    #[error("{0}: must be 1 to 80 characters")]
    Text(&'static str),
    /// Not a whole-hour-or-quarter offset within UTC−12..UTC+14.
    #[error("utc_offset_minutes: must be between -720 and 840, in steps of 15")]
    Offset,
    /// No floor.
    #[error("floors: a store has at least one floor")]
    NoFloor,
    /// An id used twice, or not of this store.
    #[error("{field}: {id} must start with '{store}-' and appear once")]
    Id {
        /// `floors` or `counters`.
        field: &'static str,
        /// The id.
        id: String,
        /// The store.
        store: String,
    },
    /// A counter on a floor the layout does not have.
    #[error("counters: {counter} is on floor {floor}, which the store does not have")]
    UnknownFloor {
        /// The counter.
        counter: String,
        /// Its floor.
        floor: String,
    },
    /// A position off the plan.
    #[error("counters: {0} must stand within 0..=500 m of the plan's corner")]
    Position(String),
}

fn text(field: &'static str, t: &str) -> Result<(), LayoutError> {
    match t.trim().chars().count() {
        1..=80 => Ok(()),
        _ => Err(LayoutError::Text(field)),
    }
}

impl StoreLayout {
    /// Checks the layout for store `store`.
    pub fn check(&self, store: &StoreId) -> Result<(), LayoutError> {
        text("name", &self.name)?;
        text("name_en", &self.name_en)?;
        text("address", &self.address)?;
        text("address_en", &self.address_en)?;
        text("timezone", &self.timezone)?;
        if !(-720..=840).contains(&self.utc_offset_minutes) || self.utc_offset_minutes % 15 != 0 {
            return Err(LayoutError::Offset);
        }
        if self.floors.is_empty() {
            return Err(LayoutError::NoFloor);
        }
        let prefix = format!("{store}-");
        let id_error = |field, id: &str| LayoutError::Id { field, id: id.to_owned(), store: store.to_string() };
        let mut floors = BTreeSet::new();
        for f in &self.floors {
            text("floors.name", &f.name)?;
            if !f.id.as_str().starts_with(&prefix) || !floors.insert(f.id.as_str()) {
                return Err(id_error("floors", f.id.as_str()));
            }
        }
        let mut counters = BTreeSet::new();
        for c in &self.counters {
            if !c.id.as_str().starts_with(&prefix) || !counters.insert(c.id.as_str()) {
                return Err(id_error("counters", c.id.as_str()));
            }
            if !floors.contains(c.floor_id.as_str()) {
                return Err(LayoutError::UnknownFloor { counter: c.id.to_string(), floor: c.floor_id.to_string() });
            }
            text("counters.brand", &c.brand)?;
            text("counters.name", &c.name)?;
            text("counters.name_en", &c.name_en)?;
            if !(0..=500).contains(&c.x) || !(0..=500).contains(&c.y) {
                return Err(LayoutError::Position(c.id.to_string()));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ids::{CounterId, FloorId};

    /// A consistent one-floor layout of store S3 with one counter (also `edit`'s fixture).
    pub(crate) fn layout() -> StoreLayout {
        StoreLayout {
            name: "新店".into(),
            name_en: "New store".into(),
            address: "中山路1号".into(),
            address_en: "1 Zhongshan Rd".into(),
            timezone: "Asia/Shanghai".into(),
            utc_offset_minutes: 480,
            floors: vec![Floor { id: FloorId::parse("S3-F1").unwrap(), name: "1F".into(), level: 1 }],
            counters: vec![Counter {
                id: CounterId::parse("S3-C01").unwrap(),
                floor_id: FloorId::parse("S3-F1").unwrap(),
                brand: "Nike".into(),
                name: "耐克".into(),
                name_en: "Nike".into(),
                x: 10,
                y: 20,
            }],
        }
    }

    fn refused(f: impl FnOnce(&mut StoreLayout)) -> LayoutError {
        let mut l = layout();
        f(&mut l);
        l.check(&StoreId::parse("S3").unwrap()).unwrap_err()
    }

    #[test]
    fn a_consistent_layout_passes() {
        assert_eq!(layout().check(&StoreId::parse("S3").unwrap()), Ok(()));
    }

    #[test]
    fn each_inconsistency_is_named() {
        assert_eq!(refused(|l| l.name = String::new()), LayoutError::Text("name"));
        assert_eq!(refused(|l| l.utc_offset_minutes = 481), LayoutError::Offset);
        assert_eq!(refused(|l| l.floors.clear()), LayoutError::NoFloor);
        assert!(matches!(refused(|l| l.floors.push(l.floors[0].clone())), LayoutError::Id { field: "floors", .. }));
        assert!(matches!(
            refused(|l| l.counters[0].id = CounterId::parse("S1-C01").unwrap()),
            LayoutError::Id { field: "counters", .. }
        ));
        assert!(matches!(
            refused(|l| l.counters[0].floor_id = FloorId::parse("S3-F9").unwrap()),
            LayoutError::UnknownFloor { .. }
        ));
        assert!(matches!(refused(|l| l.counters[0].x = -1), LayoutError::Position(_)));
    }
}
