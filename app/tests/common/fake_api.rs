//! A fake server behind `window.fetch`, so a test mounts a whole page with its real API client
//! (`app::api`: paths from the route table, tokens, JSON decoding, error mapping) and decides
//! what the server answers. Answers are keyed by `METHOD /path?query`, or `METHOD /path` for
//! any query; a request with no answer gets the contract's 404. Every request is recorded.

use js_sys::{Function, JSON, Reflect};
use serde_json::{Value, json};
use wasm_bindgen::{JsCast, JsValue};

const FAKE_FETCH: &str = r#"
const fake = { answers: {}, calls: [] };
window.__fakeApi = fake;
window.fetch = async (input, init) => {
  const req = input instanceof Request ? input : new Request(input, init);
  const url = new URL(req.url);
  // gloo-net ends a URL that already has a query with '&'; the server reads it the same.
  const key = req.method + ' ' + url.pathname + url.search.replace(/[?&]+$/, '');
  const body = req.method === 'GET' ? null : await req.text();
  fake.calls.push({ key, body, auth: req.headers.get('authorization') });
  const a = fake.answers[key] ?? fake.answers[req.method + ' ' + url.pathname]
    ?? { status: 404, body: { error: { code: 'NOT_FOUND', message: 'nothing at ' + key } } };
  if (a.hang) return new Promise(() => {});
  const text = a.status === 204 ? null : JSON.stringify(a.body);
  return new Response(text, { status: a.status, headers: { 'content-type': 'application/json' } });
};
"#;

/// One request the page sent.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// `POST /api/orders`, with the query if any.
    pub key: String,
    /// The JSON body, if one was sent.
    pub body: Option<Value>,
    /// The `authorization` header, if any.
    pub auth: Option<String>,
}

fn fake() -> JsValue {
    let window: JsValue = web_sys::window().expect("a window").into();
    let current = Reflect::get(&window, &"__fakeApi".into()).unwrap_or(JsValue::UNDEFINED);
    if !current.is_undefined() {
        return current;
    }
    Function::new_no_args(FAKE_FETCH).call0(&JsValue::NULL).expect("the fake fetch installs");
    Reflect::get(&window, &"__fakeApi".into()).expect("installed")
}

/// A fresh fake server: no answers, no calls recorded.
pub fn fake_api() {
    let f = fake();
    Reflect::set(&f, &"answers".into(), &js_sys::Object::new()).expect("answers reset");
    Reflect::set(&f, &"calls".into(), &js_sys::Array::new()).expect("calls reset");
}

fn set(key: &str, answer: Value) {
    let answers = Reflect::get(&fake(), &"answers".into()).expect("answers");
    let value = JSON::parse(&answer.to_string()).expect("JSON");
    Reflect::set(&answers, &key.into(), &value).expect("answer set");
}

/// The server answers `key` (`GET /api/stores`) with `status` and `body`.
pub fn answer(key: &str, status: u16, body: Value) {
    set(key, json!({ "status": status, "body": body }));
}

/// The server answers `key` with 200 and `body`.
pub fn ok(key: &str, body: Value) {
    answer(key, 200, body);
}

/// The server refuses `key` with a contract error (`{"error":{"code","message"}}`).
pub fn refuse(key: &str, status: u16, code: &str, message: &str) {
    answer(key, status, json!({ "error": { "code": code, "message": message } }));
}

/// The server never answers `key` (the page stays loading).
pub fn hang(key: &str) {
    set(key, json!({ "hang": true }));
}

/// Every request sent since [`fake_api`], in order.
pub fn calls() -> Vec<Call> {
    let list: js_sys::Array = Reflect::get(&fake(), &"calls".into()).expect("calls").unchecked_into();
    list.iter()
        .map(|c| {
            let text = |name: &str| Reflect::get(&c, &name.into()).ok().and_then(|v| v.as_string());
            Call {
                key: text("key").unwrap_or_default(),
                body: text("body").filter(|b| !b.is_empty()).and_then(|b| serde_json::from_str(&b).ok()),
                auth: text("auth"),
            }
        })
        .collect()
}

/// The requests whose key starts with `prefix` (`POST /api/orders`).
pub fn calls_to(prefix: &str) -> Vec<Call> {
    calls().into_iter().filter(|c| c.key.starts_with(prefix)).collect()
}
