//! Preferences remembered in the browser's localStorage.

use crate::i18n::Lang;

/// What the app remembers between visits.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Prefs {
    /// Display language.
    pub lang: Lang,
    /// Selected store.
    pub store: Option<String>,
}

const LANG_KEY: &str = "edgemall.lang";
const STORE_KEY: &str = "edgemall.store";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

impl Prefs {
    /// Reads saved preferences (defaults when storage is unavailable, e.g. private mode).
    pub fn load() -> Prefs {
        let Some(s) = storage() else {
            return Prefs::default();
        };
        Prefs {
            lang: s
                .get_item(LANG_KEY)
                .ok()
                .flatten()
                .map(|c| Lang::from_code(&c))
                .unwrap_or_default(),
            store: s
                .get_item(STORE_KEY)
                .ok()
                .flatten()
                .filter(|v| !v.is_empty()),
        }
    }
    /// Saves them; failures (storage full or disabled) are ignored on purpose.
    pub fn save(&self) {
        if let Some(s) = storage() {
            let _ = s.set_item(LANG_KEY, self.lang.code());
            let _ = s.set_item(STORE_KEY, self.store.as_deref().unwrap_or(""));
        }
    }
}
