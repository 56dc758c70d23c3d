//! What the app remembers in the browser's localStorage: language, store, and the sessions.

use crate::i18n::Lang;
use shared::api::StaffSession;

/// What the app remembers between visits.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Prefs {
    /// Display language.
    pub lang: Lang,
    /// Selected store.
    pub store: Option<String>,
    /// The member's bearer token.
    pub member_token: Option<String>,
    /// The staff session on this device (the guide view).
    pub staff: Option<StaffSession>,
}

const LANG_KEY: &str = "edgemall.lang";
const STORE_KEY: &str = "edgemall.store";
const MEMBER_KEY: &str = "edgemall.member_token";
const STAFF_KEY: &str = "edgemall.staff";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn item(s: &web_sys::Storage, key: &str) -> Option<String> {
    s.get_item(key).ok().flatten().filter(|v| !v.is_empty())
}

fn put(s: &web_sys::Storage, key: &str, value: Option<&str>) {
    // Failures (storage full or disabled) only cost remembering; they are ignored on purpose.
    let _ = match value {
        Some(v) => s.set_item(key, v),
        None => s.remove_item(key),
    };
}

impl Prefs {
    /// Reads saved preferences (defaults when storage is unavailable, e.g. private mode).
    pub fn load() -> Prefs {
        let Some(s) = storage() else {
            return Prefs::default();
        };
        Prefs {
            lang: item(&s, LANG_KEY).map(|c| Lang::from_code(&c)).unwrap_or_default(),
            store: item(&s, STORE_KEY),
            member_token: item(&s, MEMBER_KEY),
            staff: item(&s, STAFF_KEY).and_then(|j| serde_json::from_str(&j).ok()),
        }
    }
    /// Saves them.
    pub fn save(&self) {
        if let Some(s) = storage() {
            put(&s, LANG_KEY, Some(self.lang.code()));
            put(&s, STORE_KEY, self.store.as_deref());
            put(&s, MEMBER_KEY, self.member_token.as_deref());
            let staff = self.staff.as_ref().and_then(|st| serde_json::to_string(st).ok());
            put(&s, STAFF_KEY, staff.as_deref());
        }
    }
}
