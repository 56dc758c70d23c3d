//! The chain's stores, shared by every page, shown without waiting for the network.
//!
//! The list changes rarely (a store opens, a floor is renamed), yet the first screen needs it
//! (the store chips, local times). So the app keeps the last list it received in localStorage
//! and shows that at once, then asks `/api/stores` in the background on every start: a list
//! that differs replaces the shown one (and the saved copy), so a change reaches the screen a
//! moment after the start that first sees it. The storage key carries a version, bumped when
//! the saved shape changes, so an old copy is never misread.

use crate::api::{self, ClientError};
use crate::i18n::Lang;
use leptos::prelude::*;
use shared::api::Store;

/// Where the list is saved; the `v1` is the version of the saved shape.
pub const STORAGE_KEY: &str = "edgemall.stores.v1";

/// What pages see: nothing yet, the list, or why the first fetch failed.
pub type Shown = Option<Result<Vec<Store>, ClientError>>;

/// The store list of the running app (one per app, provided as a context).
#[derive(Clone, Copy)]
pub struct StoreList(RwSignal<Shown>);

impl StoreList {
    /// The app's list: the provided one, or (first use) the saved copy, refreshed in the
    /// background from the server.
    pub fn provided() -> Self {
        use_context::<StoreList>().unwrap_or_else(|| {
            let list = StoreList(RwSignal::new(load_saved().map(Ok)));
            provide_context(list);
            list.refresh();
            list
        })
    }

    /// What to show now (reactive).
    pub fn get(self) -> Shown {
        self.0.get()
    }

    /// Store `id`'s name in `lang` (reactive): its id until the list is there, or if the list
    /// does not know it.
    pub fn name(self, id: &str, lang: Lang) -> String {
        self.0.with(|shown| match shown {
            Some(Ok(list)) => name_in(list, id, lang),
            _ => id.to_owned(),
        })
    }

    /// Asks the server for the list again (at start, and when the customer retries).
    pub fn refresh(self) {
        leptos::task::spawn_local(async move {
            let fetched = api::stores().await;
            let next = self.0.with_untracked(|shown| after_fetch(shown, fetched));
            if let Some(next) = next {
                if let Some(Ok(list)) = &next {
                    save(list);
                }
                self.0.set(next);
            }
        });
    }
}

/// What the shown list becomes after a fetch, or `None` to leave it as it is: a fetched list
/// replaces a different one; a failed fetch shows its error only when there is no list to show
/// (a saved list stays on screen while the network is away).
pub fn after_fetch(shown: &Shown, fetched: Result<Vec<Store>, ClientError>) -> Option<Shown> {
    match (shown, fetched) {
        (Some(Ok(current)), Ok(list)) if *current == list => None,
        (_, Ok(list)) => Some(Some(Ok(list))),
        (Some(Ok(_)), Err(_)) => None,
        (_, Err(e)) => Some(Some(Err(e))),
    }
}

/// Store `id`'s name in `lang` from `list`, or the id when the list does not know it.
pub fn name_in(list: &[Store], id: &str, lang: Lang) -> String {
    list.iter()
        .find(|s| s.id.as_str() == id)
        .map_or_else(|| id.to_owned(), |s| lang.pick(&s.name, &s.name_en).to_owned())
}

/// Reads a saved list; anything unreadable (another version's shape, a truncated write) is
/// treated as nothing saved.
pub fn decode_saved(text: &str) -> Option<Vec<Store>> {
    serde_json::from_str::<Vec<Store>>(text).ok().filter(|list| !list.is_empty())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn load_saved() -> Option<Vec<Store>> {
    decode_saved(&storage()?.get_item(STORAGE_KEY).ok()??)
}

fn save(list: &[Store]) {
    // A full or disabled storage only costs the next start its head start: ignored on purpose.
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(list)) {
        let _ = s.set_item(STORAGE_KEY, &text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(id: &str, name: &str) -> Store {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": name, "name_en": name, "address": "", "address_en": "",
            "timezone": "Asia/Shanghai", "utc_offset_minutes": 480, "floors": [],
        }))
        .expect("a valid store")
    }

    fn offline() -> ClientError {
        ClientError::Network("offline".into())
    }

    #[test]
    fn a_fetched_list_that_differs_replaces_the_shown_one() {
        let shown = Some(Ok(vec![store("S1", "旧名")]));
        let fetched = vec![store("S1", "新名"), store("S2", "二店")];
        assert_eq!(after_fetch(&shown, Ok(fetched.clone())), Some(Some(Ok(fetched))));
    }

    #[test]
    fn a_store_is_named_in_the_language_or_by_its_id_when_unknown() {
        let mut s2 = store("S2", "陆家嘴店");
        s2.name_en = "Lujiazui".into();
        let list = vec![store("S1", "静安店"), s2];
        assert_eq!(name_in(&list, "S2", Lang::Zh), "陆家嘴店");
        assert_eq!(name_in(&list, "S2", Lang::En), "Lujiazui");
        assert_eq!(name_in(&list, "S9", Lang::Zh), "S9");
    }

    #[test]
    fn the_same_list_changes_nothing() {
        let list = vec![store("S1", "一店")];
        assert_eq!(after_fetch(&Some(Ok(list.clone())), Ok(list)), None);
    }

    #[test]
    fn a_first_fetch_shows_its_list_or_its_error() {
        let list = vec![store("S1", "一店")];
        assert_eq!(after_fetch(&None, Ok(list.clone())), Some(Some(Ok(list))));
        assert_eq!(after_fetch(&None, Err(offline())), Some(Some(Err(offline()))));
    }

    #[test]
    fn a_saved_list_stays_when_the_network_is_away() {
        assert_eq!(after_fetch(&Some(Ok(vec![store("S1", "一店")])), Err(offline())), None);
        // After an error, a retry that fails shows the newer error.
        let err = Some(Err(ClientError::Network("earlier".into())));
        assert_eq!(after_fetch(&err, Err(offline())), Some(Some(Err(offline()))));
    }

    #[test]
    fn saved_lists_round_trip_and_unreadable_ones_are_ignored() {
        let list = vec![store("S1", "一店"), store("S2", "二店")];
        let text = serde_json::to_string(&list).expect("serializable");
        assert_eq!(decode_saved(&text), Some(list));
        for bad in ["", "[]", "{\"v\":0}", "[{\"id\":\"S1\"}]", &text[..text.len() / 2]] {
            assert_eq!(decode_saved(bad), None, "{bad}");
        }
    }
}
