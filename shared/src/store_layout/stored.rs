//! Stores and their floors as D1 gives them, and the stores the API shows
//! ([`with_floors`]).

use crate::api::{Floor, Store};
use crate::ids::{FloorId, StoreId};
use serde::Deserialize;

/// A store's row.
#[derive(Clone, Debug, Deserialize)]
pub struct StoreRow {
    /// `S1`.
    pub id: StoreId,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Chinese address.
    pub address: String,
    /// English address.
    pub address_en: String,
    /// IANA time zone.
    pub timezone: String,
    /// Minutes east of UTC.
    pub utc_offset_minutes: i32,
}

/// A floor's row.
#[derive(Clone, Debug, Deserialize)]
pub struct FloorRow {
    /// `S1-F2`.
    pub id: FloorId,
    /// Its store.
    pub store_id: StoreId,
    /// As the lift shows it.
    pub name: String,
    /// Numeric level.
    pub level: i32,
}

/// Each store with its floors, both in the order given.
pub fn with_floors(stores: Vec<StoreRow>, floors: Vec<FloorRow>) -> Vec<Store> {
    stores
        .into_iter()
        .map(|s| Store {
            floors: floors
                .iter()
                .filter(|f| f.store_id == s.id)
                .map(|f| Floor { id: f.id.clone(), name: f.name.clone(), level: f.level })
                .collect(),
            id: s.id,
            name: s.name,
            name_en: s.name_en,
            address: s.address,
            address_en: s.address_en,
            timezone: s.timezone,
            utc_offset_minutes: s.utc_offset_minutes,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(id: &str) -> StoreRow {
        StoreRow {
            id: StoreId::parse(id).unwrap(),
            name: format!("{id} 店"),
            name_en: format!("{id} store"),
            address: "南京西路1号".into(),
            address_en: "1 West Nanjing Rd".into(),
            timezone: "Asia/Shanghai".into(),
            utc_offset_minutes: 480,
        }
    }

    fn floor(id: &str, store: &str, level: i32) -> FloorRow {
        FloorRow {
            id: FloorId::parse(id).unwrap(),
            store_id: StoreId::parse(store).unwrap(),
            name: format!("{level}F"),
            level,
        }
    }

    #[test]
    fn each_store_gets_only_its_own_floors_in_the_order_read() {
        let stores = with_floors(
            vec![store("S1"), store("S2")],
            vec![floor("S1-F1", "S1", 1), floor("S2-F1", "S2", 1), floor("S1-F2", "S1", 2)],
        );
        assert_eq!(stores.len(), 2);
        let s1 = &stores[0];
        assert_eq!((s1.id.as_str(), s1.name.as_str(), s1.name_en.as_str()), ("S1", "S1 店", "S1 store"));
        assert_eq!((s1.address.as_str(), s1.address_en.as_str()), ("南京西路1号", "1 West Nanjing Rd"));
        assert_eq!((s1.timezone.as_str(), s1.utc_offset_minutes), ("Asia/Shanghai", 480));
        let floors: Vec<(&str, &str, i32)> =
            s1.floors.iter().map(|f| (f.id.as_str(), f.name.as_str(), f.level)).collect();
        assert_eq!(floors, [("S1-F1", "1F", 1), ("S1-F2", "2F", 2)]);
        assert_eq!(stores[1].floors.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["S2-F1"]);
    }

    #[test]
    fn a_store_without_floors_has_none() {
        assert!(with_floors(vec![store("S3")], vec![floor("S1-F1", "S1", 1)])[0].floors.is_empty());
    }
}
