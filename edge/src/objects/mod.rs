//! Durable Objects: each owns one piece of contended state and serializes every change to it.
//! The worker talks to an object with a JSON command; the object answers 200 with a JSON
//! result, or an API error (`{"error":…}`) with its status, which passes through unchanged.
//! Each object declares its commands with [`commands!`]: one struct per command, naming the
//! type of its reply, so a command sent and the reply read always agree.

/// Declares one object's commands: the enum sent over the wire (tagged by `op`, each variant
/// wrapping the command's own struct), and a trait that names each command's reply, so sending
/// a command yields the type its object answers with and a mismatch is a compile error.
macro_rules! commands {
    ($(#[$meta:meta])* $wire:ident, $(#[$tmeta:meta])* $call:ident { $($(#[$doc:meta])* $name:ident => $reply:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "op", rename_all = "snake_case")]
        pub enum $wire {
            $($(#[$doc])* $name($name)),*
        }

        $(#[$tmeta])*
        pub trait $call: Clone + Into<$wire> {
            /// What the object answers.
            type Reply: serde::Serialize + serde::de::DeserializeOwned;
        }

        /// The reply to command `C`, as the object sends it: only the type `C` names compiles.
        pub fn reply<C: $call>(value: &C::Reply) -> serde_json::Value {
            $crate::objects::json(value)
        }

        $(
            impl From<$name> for $wire {
                fn from(command: $name) -> $wire {
                    $wire::$name(command)
                }
            }
            impl $call for $name {
                type Reply = $reply;
            }
        )*
    };
}
pub(crate) use commands;

pub mod campaign;
pub mod member;
pub mod sale;
pub mod stock;

use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::ApiError;
use shared::stored::Stored;
use worker::{Headers, Method, Request, RequestInit, Response, wasm_bindgen::JsValue};

/// Sends `command` to the object `name` of namespace `binding` and reads its answer.
pub async fn call<C: Serialize, R: DeserializeOwned>(
    ctx: &Ctx,
    binding: &str,
    name: &str,
    command: &C,
) -> Result<R, Failure> {
    let stub = ctx.env.durable_object(binding)?.id_from_name(name)?.get_stub()?;
    let headers = Headers::new();
    headers.set("content-type", "application/json")?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(JsValue::from_str(&serde_json::to_string(command)?)));
    let req = Request::new_with_init("https://object.internal/", &init)?;
    let mut resp = stub.fetch_with_request(req).await?;
    let status = resp.status_code();
    // A sale bucket's sold-out refusal says until when it stays so (`crate::hot`).
    if status != 200
        && let Ok(Some(until)) = resp.headers().get(crate::hot::SOLD_OUT_HEADER)
        && let Ok(ms) = until.parse::<i64>()
    {
        crate::hot::note_sold_out(name, ms, ctx.now);
    }
    let text = resp.text().await?;
    if status == 200 {
        return Ok(serde_json::from_str(&text)?);
    }
    match serde_json::from_str::<ApiError>(&text) {
        Ok(e) => Err(Failure::Api(e)),
        Err(_) => Err(Failure::Internal(format!("{binding}/{name} answered {status}: {text}"))),
    }
}

/// An object's answer: 200 with the value, or the API error with its status.
pub fn answer<T: Serialize>(outcome: Result<T, ApiError>) -> worker::Result<Response> {
    match outcome {
        Ok(value) => Response::from_json(&value),
        Err(e) => Ok(crate::http::error_response(&e)),
    }
}

/// Sets the object's alarm for `at` unless one is already due sooner (or clears nothing when
/// there is nothing to wait for: a spurious alarm finds nothing to do).
pub async fn schedule(state: &worker::State, at: Option<chrono::DateTime<chrono::Utc>>) -> worker::Result<()> {
    let Some(at) = at else { return Ok(()) };
    let storage = state.storage();
    let due = storage.get_alarm().await?;
    if due.is_none_or(|ms| ms > at.timestamp_millis()) {
        storage.set_alarm(at).await?;
    }
    Ok(())
}

/// An answer that carries nothing but its success (`{}`).
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
pub struct Done {}

/// A reply value as JSON (our own types always serialize).
pub fn json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

/// Creates an object's tables (idempotent). The runtime gives `new` no way to fail, so the
/// first error is logged and kept; the object then refuses every command with it instead of
/// running against tables that may not exist.
pub fn create_tables(sql: &worker::SqlStorage, ddl: &[&str]) -> std::result::Result<(), String> {
    for statement in ddl {
        if let Err(e) = sql.exec(statement, None) {
            let detail = format!("creating an object's tables failed: {e}");
            worker::console_error!("{detail}");
            return Err(detail);
        }
    }
    Ok(())
}

/// The stored text of a shape (with its schema version, see `shared::stored`).
pub fn encode<T: Stored>(value: &T) -> worker::Result<String> {
    shared::stored::encode(value).map_err(|e| worker::Error::RustError(e.to_string()))
}

/// Reads a stored shape back; an unknown version or a malformed text is an error, never a
/// fresh value in its place.
pub fn decode<T: Stored>(text: &str) -> worker::Result<T> {
    shared::stored::decode(text).map_err(|e| worker::Error::RustError(e.to_string()))
}
