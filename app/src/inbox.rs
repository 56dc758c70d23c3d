//! The inbox's unread count, shared by the tab bar's badge and the pages that change it, and
//! turning on Web Push (the browser half: permission, service worker, subscription).

use crate::AppState;
use crate::api;
use leptos::prelude::*;
use shared::api::{Message, PushSubscriptionRequest};
use wasm_bindgen::prelude::*;

/// How many of the signed-in member's (in the console: staff member's) messages are unread.
#[derive(Clone, Copy)]
pub struct Unread {
    pub(crate) count: RwSignal<usize>,
}

impl Unread {
    /// The app's count (made here when a test mounts a page without the app around it).
    pub fn get() -> Unread {
        use_context::<Unread>().unwrap_or_else(|| {
            let unread = Unread { count: RwSignal::new(0) };
            provide_context(unread);
            unread
        })
    }

    /// Unread messages.
    pub fn count(&self) -> usize {
        self.count.get()
    }

    /// Counts `messages` (a page that just listed them).
    pub fn count_of(&self, messages: &[Message]) {
        self.count.set(unread(messages));
    }

    /// Reads the member's inbox again; signed out, nothing is unread. A failed read keeps the count.
    pub fn refresh(&self, state: AppState) {
        self.refresh_for(state.member_token.get_untracked());
    }

    /// Reads the inbox `token` names (a member's or a staff member's) again; without one,
    /// nothing is unread. A failed read keeps the count.
    pub fn refresh_for(&self, token: Option<String>) {
        let count = self.count;
        let Some(token) = token else {
            count.set(0);
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(messages) = api::messages(&token).await {
                count.set(unread(&messages));
            }
        });
    }
}

/// How many of `messages` are unread.
pub fn unread(messages: &[Message]) -> usize {
    messages.iter().filter(|m| !m.read).count()
}

/// The browser half of subscribing (`public/push.js`, loaded on the click) and the global it sets.
const PUSH_MODULE: &str = "/push.js";
const PUSH_GLOBAL: &str = "edgemallPush";

/// Asks for permission, registers the service worker and subscribes with `key`: the
/// subscription's JSON text, or the script's refusal (`unsupported`, `denied`).
async fn subscribe(key: &str) -> Result<JsValue, JsValue> {
    let module = crate::js_module::global_of(PUSH_MODULE, PUSH_GLOBAL).await?;
    let run: js_sys::Function = js_sys::Reflect::get(&module, &"subscribe".into())?.dyn_into()?;
    let promise: js_sys::Promise = run.call1(&module, &key.into())?.dyn_into()?;
    wasm_bindgen_futures::JsFuture::from(promise).await
}

/// Why notifications could not be turned on.
#[derive(Clone, Debug, PartialEq)]
pub enum PushRefusal {
    /// The browser has no service workers or push.
    Unsupported,
    /// The customer said no (or had blocked them).
    Denied,
    /// The server or the push service failed.
    Failed(String),
}

/// Asks for permission (call it from a click only), subscribes this browser with the server's
/// VAPID key and registers the subscription.
pub async fn turn_on(token: &str) -> Result<(), PushRefusal> {
    let key = api::push_key().await.map_err(|e| PushRefusal::Failed(e.message()))?;
    let json = subscribe(&key.public_key).await.map_err(|e| match e.as_string().as_deref() {
        Some("unsupported") => PushRefusal::Unsupported,
        Some("denied") => PushRefusal::Denied,
        _ => PushRefusal::Failed(format!("{e:?}")),
    })?;
    let body: PushSubscriptionRequest =
        serde_json::from_str(&json.as_string().unwrap_or_default()).map_err(|e| PushRefusal::Failed(e.to_string()))?;
    api::push_subscribe(token, &body).await.map(|_| ()).map_err(|e| PushRefusal::Failed(e.message()))
}
